/**
 * A cold `brief build` starts its slow parts first, before it imports the
 * build (which takes a while on a busy machine): a worker thread that loads
 * the unified pipeline to typeset the first article, and, when PDFs are
 * certain to be needed, Chromium. They start in parallel with the imports
 * instead of after them.
 *
 * Certain means: at least one input exists and the output folder has no
 * manifest yet (nothing can be cached) or `--force`; for the browser, PDF
 * output asked for too. Otherwise the build starts them itself at the first
 * brief that is not cached (`startPrinter` in the build session).
 *
 * Chromium is started first, before Puppeteer is loaded (`spawnBrowser`,
 * which needs Node's own modules only): it boots while Puppeteer, the build
 * and the first article load, and the renderer connects to it through its
 * DevTools pipe. A browser that cannot be found or started is the first
 * print's error, as without this.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {createArticlePool, defaultMaxArticleMemory, defaultMaxArticleTime, type ArticlePool} from '../build/budget.js'
import {manifestPath} from '../build/cache.js'
import {loadPdfModule, type PdfRenderer} from '../build/peers.js'
import {findBrowser, spawnBrowser, type SpawnedBrowser} from '../pdf/chromium.js'

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
  /** The article budget from the command line; a configuration that sets another makes the build start its own workers. */
  maxArticleTime?: number
  maxArticleMemory?: number
}

export interface EarlyStart {
  /** The renderer, its browser starting; the build session takes it over (and closes it). */
  renderer?: PdfRenderer
  /** The article workers, one loading the pipeline; the build session takes them over (and closes them). */
  articlePool?: ArticlePool
  /** Close what was started, when no build session took it over (a bad configuration). */
  close(): Promise<void>
}

/** Whether a cold build will typeset at least one article: see the module's comment. */
export async function buildCertain(options: EarlyPrinterOptions): Promise<boolean> {
  const outDir = path.resolve(options.cwd, options.out)
  const cached = await fs.access(manifestPath(outDir)).then(() => true, () => false)
  if (cached && !options.force) return false
  const inputs = options.inputs.length > 0 ? options.inputs : ['input']
  for (const input of inputs) {
    // A glob may match nothing; a file or folder that exists holds an article to build (or a message to give).
    if (await fs.stat(path.resolve(options.cwd, input)).then(() => true, () => false)) return true
  }
  return false
}

/** Whether a cold build will print: see the module's comment. */
export async function printingCertain(options: EarlyPrinterOptions): Promise<boolean> {
  return options.formats.includes('pdf') && (await buildCertain(options))
}

/**
 * Start the article worker and the browser when the build is certain to
 * need them; nothing when it is not.
 */
export async function startEarly(options: EarlyPrinterOptions): Promise<EarlyStart> {
  const started: EarlyStart = {
    async close() {
      await Promise.all([started.renderer?.close(), started.articlePool?.close()])
    }
  }
  if (!(await buildCertain(options))) return started
  // First Chromium (the longest to be ready), then the worker (its thread loads the pipeline while
  // this one imports Puppeteer), then Puppeteer, which connects to the browser already booting.
  const browser = options.formats.includes('pdf') ? spawnEarly() : undefined
  started.articlePool = createArticlePool({maxTime: options.maxArticleTime ?? defaultMaxArticleTime, maxMemory: options.maxArticleMemory ?? defaultMaxArticleMemory})
  started.articlePool.warm()
  if (!options.formats.includes('pdf')) return started
  try {
    const {createPdfRenderer} = await loadPdfModule()
    started.renderer = createPdfRenderer({concurrency: options.concurrency, timeout: options.timeout, hangTimeout: options.hangTimeout, mendHyphens: options.mendHyphens, browser})
  } catch (error) {
    // No renderer to take the browser over (the print package missing): it must not outlive the command.
    browser?.kill()
    throw error
  }
  started.renderer.warm()
  return started
}

/** Chromium started now, or nothing when none is found or it cannot be spawned: the renderer then says why at the first print. */
function spawnEarly(): SpawnedBrowser | undefined {
  try {
    return spawnBrowser(findBrowser())
  } catch {
    return undefined
  }
}
