/**
 * A cold `brief build` whose PDFs are certain to be needed starts Chromium
 * first, before it imports the build (unified, the plugins) and typesets the
 * first article, so the browser boots in parallel with that work instead of
 * after it. Certain means: PDF output asked for, at least one input exists,
 * and the output folder has no manifest yet (nothing can be cached) or
 * `--force`. Otherwise the build starts the browser itself at the first
 * brief that is not cached (`startPrinter` in the build session).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {manifestPath} from '../build/cache.js'
import {loadPdfModule, type PdfRenderer} from '../build/peers.js'

export interface EarlyPrinterOptions {
  cwd: string
  out: string
  inputs: readonly string[]
  formats: readonly string[]
  force?: boolean
  concurrency?: number
  timeout?: number
  hangTimeout?: number
  mendHyphens?: boolean
}

/** Whether a cold build will print: see the module's comment. */
export async function printingCertain(options: EarlyPrinterOptions): Promise<boolean> {
  if (!options.formats.includes('pdf')) return false
  const outDir = path.resolve(options.cwd, options.out)
  const cached = await fs.access(manifestPath(outDir)).then(() => true, () => false)
  if (cached && !options.force) return false
  const inputs = options.inputs.length > 0 ? options.inputs : ['input']
  for (const input of inputs) {
    // A glob may match nothing; a file or folder that exists holds an article to print (or a message to give).
    if (await fs.stat(path.resolve(options.cwd, input)).then(() => true, () => false)) return true
  }
  return false
}

/**
 * The renderer the build session will print with, its browser already
 * starting; `undefined` when printing is not certain. The session takes it
 * over (and closes it).
 */
export async function startEarlyPrinter(options: EarlyPrinterOptions): Promise<PdfRenderer | undefined> {
  if (!(await printingCertain(options))) return undefined
  const {createPdfRenderer} = await loadPdfModule()
  const renderer = createPdfRenderer({concurrency: options.concurrency, timeout: options.timeout, hangTimeout: options.hangTimeout, mendHyphens: options.mendHyphens})
  renderer.warm()
  return renderer
}
