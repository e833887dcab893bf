/**
 * `import()` from this package's location: remark-brief calls it to load a
 * printing module (puppeteer-core, pdf-lib, pdfjs-dist) that a strict package
 * manager (pnpm) installed beside remark-brief-print but not beside
 * remark-brief. The import runs here, so this package's dependencies and
 * their export conditions apply.
 *
 * @param {string} specifier
 *   A bare specifier of one of this package's dependencies.
 * @returns {Promise<unknown>}
 *   The module namespace.
 */
export function load(specifier) {
  return import(specifier)
}
