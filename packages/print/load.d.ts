/** `import()` from remark-brief-print's location (used by remark-brief's loader). */
export declare function load(specifier: string): Promise<unknown>
