/**
 * The printing side's packages (Puppeteer, pdf-lib, pdfjs, Paged.js, the
 * fonts, the hyphenation patterns, the saved-page reader) are optional peers
 * of remark-brief: a site that only wants the remark plugins does not install
 * them. `remark-brief-print` depends on all of them, so printing is one
 * install: `npm install remark-brief remark-brief-print`.
 *
 * A heavy module is looked for where remark-brief is (npm hoists the print
 * package's dependencies beside it; this repository has them all), then where
 * remark-brief-print is (found from remark-brief, where pnpm links an optional
 * peer, then from the working folder), so strict package managers work too.
 * When it is nowhere, the error names the install command.
 */
import {createRequire} from 'node:module'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

/** The package that brings every optional module. */
export const printPackage = 'remark-brief-print'

/** The one command that makes printing work. */
export const printInstall = `npm install ${printPackage}`

/** The error when a heavy module is missing: `code` is `ERR_REMARK_BRIEF_PRINT_MISSING`. */
export class PrintPackageMissingError extends Error {
  code = 'ERR_REMARK_BRIEF_PRINT_MISSING'
  /** The module that was looked for. */
  specifier: string

  constructor(specifier: string, purpose: string) {
    super(`Cannot find \`${specifier}\`: ${purpose} needs ${printPackage}, install it with: ${printInstall}`)
    this.specifier = specifier
  }
}

/** What each heavy package is for, for the error message. */
function purposeOf(specifier: string): string {
  if (/^(?:@mozilla\/readability|linkedom)/.test(specifier)) return 'reading a saved web page'
  if (/^(?:hyphen|@fontsource)/.test(specifier)) return 'the brief template (fonts, hyphenation)'
  return 'printing'
}

/** The package name of a specifier: `pdfjs-dist/legacy/x.mjs` ▶ `pdfjs-dist`, `@a/b/c` ▶ `@a/b`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

/** A module from `remark-brief`'s own location could not be resolved, or it was another error. */
function isNotFound(error: unknown, specifier: string): boolean {
  const code = (error as {code?: string} | undefined)?.code
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false
  // Only a missing package of our own asking, not one missing deep inside it.
  return String((error as Error).message).includes(`'${packageNameOf(specifier)}`)
}

/** `remark-brief-print`'s package.json, from remark-brief's location, then from the working folder. */
function printPackageJson(): string | undefined {
  const bases = [import.meta.url, pathToFileURL(path.join(process.cwd(), 'package.json')).href]
  for (const base of bases) {
    try {
      return createRequire(base).resolve(`${printPackage}/package.json`)
    } catch {
      // Not there: try the next place.
    }
  }
  return undefined
}

/**
 * A `require` for an optional package: at remark-brief's location when the
 * package resolves there, else at remark-brief-print's; `undefined` when it is
 * nowhere. Synchronous, for the plugins (which are).
 */
export function optionalRequire(specifier: string): NodeJS.Require | undefined {
  const own = createRequire(import.meta.url)
  if (canResolve(own, specifier)) return own
  const print = printPackageJson()
  if (print) {
    const theirs = createRequire(print)
    if (canResolve(theirs, specifier)) return theirs
  }
  return undefined
}

function canResolve(require: NodeJS.Require, specifier: string): boolean {
  try {
    require.resolve(specifier)
    return true
  } catch {
    return false
  }
}

/** The path of an optional module's file (CommonJS resolution); throws {@link PrintPackageMissingError}. */
export function resolveOptional(specifier: string): string {
  const require = optionalRequire(specifier)
  if (!require) throw new PrintPackageMissingError(specifier, purposeOf(specifier))
  return require.resolve(specifier)
}

/** Load an optional CommonJS module synchronously; throws {@link PrintPackageMissingError}. */
export function requireOptional<Module>(specifier: string): Module {
  const require = optionalRequire(specifier)
  if (!require) throw new PrintPackageMissingError(specifier, purposeOf(specifier))
  return require(specifier) as Module
}

/**
 * Import an optional ES module: from remark-brief's location, else through
 * remark-brief-print's own `import()` (so its export conditions apply);
 * throws {@link PrintPackageMissingError}.
 */
export async function importOptional<Module>(specifier: string): Promise<Module> {
  try {
    return (await import(specifier)) as Module
  } catch (error) {
    if (!isNotFound(error, specifier)) throw error
  }
  const print = printPackageJson()
  if (print) {
    const {load} = (await import(pathToFileURL(path.join(path.dirname(print), 'load.js')).href)) as {load: (specifier: string) => Promise<unknown>}
    try {
      return (await load(specifier)) as Module
    } catch (error) {
      if (!isNotFound(error, specifier)) throw error
    }
  }
  throw new PrintPackageMissingError(specifier, purposeOf(specifier))
}
