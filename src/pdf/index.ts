/**
 * The PDF renderer: print a brief's HTML to a PDF with a system Chromium.
 *
 * Kept apart from the main entry: a plugin user in Astro or Docusaurus never
 * loads Puppeteer. The package's `remark-brief/pdf` is `public.ts`: this and
 * the metadata pass and checker. The build imports this module alone, so
 * Chromium is launched once Puppeteer is in, before pdf-lib, the checker and
 * the hyphen pass load (the main thread never runs the first two: the finish
 * worker does; the hyphen pass loads while Chromium starts, `loadReprint`).
 */
import os from 'node:os'
import {randomUUID} from 'node:crypto'
import {promises as fs} from 'node:fs'
import type {CDPSession, Page} from 'puppeteer-core'
import {connectBrowser, delay, findBrowser, launchBrowser, messageOf} from './browser.js'
import type {SpawnedBrowser} from './chromium.js'
import type {MetadataOptions, PdfMetadata} from './metadata.js'
import {createFinishPool, finishThreads} from './finish-pool.js'
import type {FinishResult} from './finish.js'
import {markRelativeLinks} from './links.js'
import {applyPolicy, assetMap, assetsKey, documentUrl, holdLayout, layoutAfresh, releaseLayout, showWindow, type PagePolicy, type RenderAsset} from './page.js'
import {contentSecurityPolicy, createNonce, endPagedMedia, nameNotesInOrder, pagedAsset, runPagedMedia} from './paged.js'
import {createPagePool, isBrowserDied, isBrowserHung} from './pool.js'
import {markAndPrintAhead, paperSizes, type PrintAhead} from './print-ahead.js'
import type {PrintRead, PrintWant} from './print-read.js'
import {thumbnailWidth} from './thumbnail.js'
import type {VerifyResult} from './verify.js'

export {findBrowser, installHint, wellKnownPaths, type FindBrowserOptions} from './browser.js'
export type {SpawnedBrowser} from './chromium.js'
export {writeFileAtomic} from './atomic.js'
export {browserDied, browserHung, browserUnavailable, defaultHangTimeout, defaultMaxLaunchFailures, isBrowserUnavailable} from './pool.js'
export type {PdfMetadata, MetadataOptions} from './metadata.js'
export {decide, imageInside, origin, type RenderAsset} from './page.js'
export {thumbnailUnavailable} from './thumbnail.js'
export type {VerifyResult, VerifyOptions, PrintedExpectation} from './verify.js'

export type Paper = 'A4' | 'Letter'

export interface RenderJob {
  /** Name used in errors and in the document's URL (e.g. the output name). */
  name: string
  /** The brief as a whole HTML document. */
  html: string
  /** Folder images may be loaded from (only from inside it). */
  resourceDir?: string
  /** Files served from memory, e.g. `templateAssets()`: fonts, the logo. */
  assets?: readonly RenderAsset[]
  /** Paper when the CSS does not set `@page {size}`; default `'A4'`. */
  paper?: Paper
  metadata: PdfMetadata
  /** Also make a small PNG of page 1 of the final PDF (`thumbnail.ts`); default `false`. */
  thumbnail?: boolean
  /** Milliseconds this job may take; default the renderer's `timeout`. */
  timeout?: number
  /**
   * Lay the brief out with the paged-media engine before printing (page-bottom
   * notes, `notes: page`): our script only, under a CSP nonce; see `paged.ts`.
   */
  pagedMedia?: boolean
  /** Override the renderer's `mendHyphens` for this job. */
  mendHyphens?: boolean
  /**
   * Called with the PDF as soon as it is final (printed, its metadata set,
   * its check passed), before the thumbnail is drawn from it: a caller may
   * write it at once (`--watch` shows it sooner). A job tried again after the
   * browser died calls it again, with the same bytes.
   */
  onPdf?: (pdf: Uint8Array) => void
  /**
   * Someone is waiting for this PDF alone (a `--watch` rebuild): the finish
   * worker parses the brief's HTML for the check while the page loads and
   * prints (`FinishPool.prepare`). The same bytes either way. Default `false`.
   */
  pdfFirst?: boolean
}

export interface RenderResult {
  pdf: Uint8Array
  pages: number
  /** PNG of page 1 of the PDF, 240 px wide (`thumbnail` jobs). */
  thumbnail?: Uint8Array
  /**
   * Why a `thumbnail` job has none: it never fails the render (the PDF is
   * final before it is drawn). `code` {@link thumbnailUnavailable} when
   * PDFium or the PNG encoder is not installed.
   */
  thumbnailError?: Error
  /** Requests the page made that were refused (remote, `file:`, outside `resourceDir`…). */
  blocked: string[]
  /** The post-print check, when `verify` is on. */
  verified?: VerifyResult
  /** Page-bottom notes (`pagedMedia`) the engine did not print on their call's page, by number. */
  misplacedNotes?: string[]
  /** Words printed whole after a print broke them at a page's end or in a long hyphen run (`mendHyphens`), and the prints made in all (contents numbers included). */
  hyphens?: {mended: number; prints: number}
  /** Milliseconds per stage. */
  timings: {load: number; print: number; metadata: number; thumbnail?: number; verify?: number; total: number}
}

export interface PdfRendererOptions {
  /** Browser binary; see `findBrowser`. */
  executablePath?: string
  /** Pages printing at once; default `os.availableParallelism()`. */
  concurrency?: number
  /** Milliseconds one render may take; default 30000. */
  timeout?: number
  /** Read the text back after printing (`verifyPrintedText`); default `true`. */
  verify?: boolean
  /** `SOURCE_DATE_EPOCH` override for the PDF's dates. */
  sourceDateEpoch?: MetadataOptions['sourceDateEpoch']
  /**
   * Milliseconds the browser may leave the watchdog's question unanswered
   * during a job before it counts as hung (stopped, wedged): it is then
   * killed, relaunched, and the job tried once more; default 10000.
   */
  hangTimeout?: number
  /** Failed launches in a row after which every render fails at once; default 3. */
  maxLaunchFailures?: number
  /**
   * Worker threads for the metadata pass, the post-print check and the
   * thumbnails, which run beside the next print instead of on the thread
   * driving the browser; default one per core beyond the first, at most
   * `concurrency`.
   */
  finishThreads?: number
  /**
   * Print again, with those words whole, when a print broke a word at a
   * page's last line or made more than 3 hyphenated line ends in a row
   * (`hyphen-breaks.ts`); default `true`. With page-bottom notes the words
   * are mended in the paged-media engine's source, which lays the pages out
   * again (`reprintPaged`).
   */
  mendHyphens?: boolean
  /**
   * A browser already started by `spawnBrowser` (`chromium.ts`), before
   * Puppeteer was loaded (a cold `brief build`): the first launch takes it
   * over instead of launching one; a relaunch launches as usual. The
   * renderer owns it from here: `close()` kills it if it was never used.
   */
  browser?: SpawnedBrowser
}

export interface PdfRenderer {
  render(job: RenderJob): Promise<RenderResult>
  /** Start the browser (and one page) now, ahead of the first `render`; never throws (a failed launch is that render's error). */
  warm(): void
  /** Close the browser and remove its profile. Safe to call twice. */
  close(): Promise<void>
}

/** CSS pixel sizes (96 per inch) of each paper, for the viewport. */
const paperPixels: Record<Paper, {width: number; height: number}> = {
  A4: {width: 794, height: 1123},
  Letter: {width: 816, height: 1056}
}

/**
 * The page's viewport: the paper's size in CSS pixels, at the device scale
 * that makes it `thumbnailWidth` device pixels wide, where the thumbnail was
 * once a capture of the screen. Kept: a shown page (page-bottom notes) paints
 * a tenth of the pixels of scale 1, and the scale never changes the print:
 * Chromium prints at its own resolution, and the PDFs are the same bytes at
 * either scale (100 of 100 of the bench's briefs, docs/bench.md, batch5).
 */
function smallViewport(paper: Paper): {width: number; height: number; deviceScaleFactor: number} {
  const size = paperPixels[paper]
  return {...size, deviceScaleFactor: thumbnailWidth / size.width}
}

/**
 * Create a renderer. Nothing starts until the first `render`: then one
 * browser is launched and shared by every job, with up to `concurrency`
 * pages. The browser is closed by `close()` and killed on process exit,
 * SIGINT and SIGTERM.
 */
export function createPdfRenderer(options: PdfRendererOptions = {}): PdfRenderer {
  const timeout = options.timeout ?? 30_000
  const verify = options.verify ?? true
  const mendHyphens = options.mendHyphens ?? true
  let executablePath: string | undefined
  // The browser started before Puppeteer loaded, until the first launch takes it over.
  let spawned = options.browser
  let closed = false

  const concurrency = Math.max(1, Math.floor(options.concurrency ?? os.availableParallelism()))
  // Per page, the key of the asset list its memory cache may hold fonts of (`assetsKey`); per renderer, never module state.
  const cacheKeys = new WeakMap<Page, string>()
  const cacheOf: PageCache = {
    get: (page) => cacheKeys.get(page),
    set: (page, key) => cacheKeys.set(page, key)
  }

  const printContext: PrintContext = {cache: cacheOf, documents: new WeakMap()}

  const pool = createPagePool({
    get executablePath() {
      executablePath ??= findBrowser({executablePath: options.executablePath})
      return executablePath
    },
    concurrency,
    onLaunch: watchProcess,
    launch: (path) => {
      const started = spawned
      spawned = undefined
      if (!started) return launchBrowser(path)
      if (started.executablePath === path) return connectBrowser(started)
      started.kill()
      return launchBrowser(path)
    },
    hangTimeout: options.hangTimeout,
    maxLaunchFailures: options.maxLaunchFailures
  })

  const finishing = createFinishPool(Math.max(1, Math.floor(options.finishThreads ?? finishThreads(concurrency))))

  // Exit hooks live as long as a browser may run; they are per renderer, never module state.
  let watching = false
  const onExit = () => pool.kill()
  const onSignal = (signal: NodeJS.Signals) => {
    pool.kill()
    unwatch()
    // When nobody else handles the signal, keep its default meaning: end the process.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }

  function watchProcess(): void {
    if (watching) return
    watching = true
    process.on('exit', onExit)
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  }

  function unwatch(): void {
    watching = false
    process.off('exit', onExit)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }

  async function render(job: RenderJob): Promise<RenderResult> {
    if (closed) throw new Error(`Cannot render \`${job.name}\`: the PDF renderer is closed`)
    if (job.paper !== undefined && !Object.hasOwn(paperPixels, job.paper)) {
      throw new Error(`Cannot render \`${job.name}\`: unexpected paper \`${String(job.paper)}\`, expected \`A4\` or \`Letter\``)
    }
    try {
      return await attempt(job)
    } catch (error) {
      if (!(isBrowserDied(error) || isBrowserHung(error)) || closed) throw renderError(job, error)
      // The browser died or hung under this job: the pool relaunches it, the job runs once more.
      try {
        return await attempt(job)
      } catch (retryError) {
        throw Object.assign(renderError(job, retryError, ' (after relaunching the browser)'), {retried: true})
      }
    }
  }

  async function attempt(job: RenderJob): Promise<RenderResult> {
    const start = performance.now()
    // The timeout covers every await of the job, getting the page included;
    // on timeout the pool closes that page (its context) and makes a new one next time.
    let finishingThis: Promise<FinishResult> | undefined
    const startFinish = (pdf: Uint8Array, relativeLinks: string[], read?: PrintWant, onRead?: (read: PrintRead) => void) =>
      finishing.finish({pdf, html: job.html, metadata: job.metadata, options: {sourceDateEpoch: options.sourceDateEpoch, relativeLinks}, verify, read}, onRead)
    // Prints read back for the reprint passes: the finish worker parses each once, reads it and
    // finishes it from that parse, so the last print read is finished by the time it is known last.
    // (A print that is printed again wastes its finish: 3 briefs in 30 of the bench's.)
    const finishedWithRead = new Map<Uint8Array, Promise<FinishResult>>()
    const readInWorker = (pdf: Uint8Array, relativeLinks: string[], want: PrintWant) =>
      new Promise<PrintRead>((resolve, reject) => {
        const finished = startFinish(pdf, relativeLinks, want, resolve)
        // A print that cannot be parsed fails its read (the render) as it failed `readPrint`.
        finished.catch(reject)
        finishedWithRead.set(pdf, finished)
      })
    // A `--watch` rebuild (`pdfFirst`: this thread drives no other page and waits for the read): the worker
    // finishes the print while this thread reads it, the two at once instead of one after the other in the
    // worker. The finish does not need the read; the PDF is still handed over only after the read has said
    // no print more (`onPrinted`) and the finish's check has passed. A print in another shape than Chromium's
    // own is read by the worker, as for any other job (its finish then starts again from that parse).
    const readBeside = async (pdf: Uint8Array, relativeLinks: string[], want: PrintWant) => {
      const finished = startFinish(pdf, relativeLinks)
      finished.catch(() => undefined)
      finishedWithRead.set(pdf, finished)
      return (await readRawHere(pdf, want)) ?? readInWorker(pdf, relativeLinks, want)
    }
    const hooks: PrintHooks = {readPrint: job.pdfFirst ? readBeside : readInWorker}
    // A `--watch` rebuild: the finish's parse of the HTML, done by its worker while the page loads and prints.
    if (job.pdfFirst) finishing.prepare(job.html)
    // PDFium loads in a finish worker while this job loads and prints, not after its PDF (once a renderer).
    if (job.thumbnail) finishing.warmThumbnails()
    // The PDF is final once printed: a worker finishes it while the next print runs on the page, back in the pool.
    const onPrinted = (pdf: Uint8Array, relativeLinks: string[]) => {
      // The last print was read back: its finish, started with the read, is this PDF's.
      finishingThis = finishedWithRead.get(pdf) ?? startFinish(pdf, relativeLinks)
      // Awaited below; a job that fails after its print (its page's timeout) leaves it unawaited.
      finishingThis.catch(() => undefined)
      const {onPdf} = job
      // A PDF missing paragraphs is never final (the render fails below); a caller's error is its own.
      if (onPdf) void finishingThis.then((finished) => (finished.verified?.lost ? undefined : onPdf(finished.pdf))).catch(() => undefined)
    }
    // Loading while the page is had and the brief loads; `print` awaits it after the first print.
    loadReprint().catch(() => undefined)
    const printed = await pool.withPage((page) => print(page, job, printContext, job.mendHyphens ?? mendHyphens, onPrinted, hooks), {
      timeout: job.timeout ?? timeout,
      onTimeout: (ms) => Object.assign(new Error(`Render of \`${job.name}\` timed out after ${ms} ms`), {code: renderTimedOut})
    })
    const finished = await (finishingThis ?? Promise.reject(new Error(`The print of \`${job.name}\` ended without a PDF`)))
    const timings: RenderResult['timings'] = {...printed.timings, ...finished.timings, total: 0}
    const result: RenderResult = {pdf: finished.pdf, pages: finished.pages, blocked: printed.blocked, timings}
    if (printed.misplacedNotes) result.misplacedNotes = printed.misplacedNotes
    if (printed.hyphens) result.hyphens = printed.hyphens
    if (finished.verified) result.verified = finished.verified
    // Paragraphs the layout left off the pages: a failed render, never a PDF missing them.
    if (finished.verified?.lost) throw (await import('./verify.js')).textLostError(job.name, finished.verified.lost)
    if (job.thumbnail) {
      // Drawn from the final PDF (handed to `onPdf` already), in a finish worker behind every waiting finish.
      const thumbnailStart = performance.now()
      try {
        result.thumbnail = await finishing.thumbnail(finished.pdf, thumbnailWidth)
      } catch (error) {
        result.thumbnailError = error instanceof Error ? error : new Error(String(error))
      }
      timings.thumbnail = performance.now() - thumbnailStart
    }
    timings.total = performance.now() - start
    return result
  }

  return {
    render,
    warm() {
      if (closed) return
      pool.warm()
      // The hyphen pass and the contents numbers: loaded now, while Chromium starts.
      loadReprint().catch(() => undefined)
      // The finish worker (which also reads the prints back) loads pdf-lib and the checker while Chromium starts, not after the first print.
      finishing.warm()
    },
    async close() {
      closed = true
      unwatch()
      spawned?.kill()
      spawned = undefined
      await Promise.all([pool.close(), finishing.close()])
    }
  }
}

/**
 * The hyphen pass and the contents numbers (`reprint.ts`): imported at the
 * first print or `warm()`, not with this module, so Chromium's launch never
 * waits for them. They read the prints back in the finish worker (pdf-lib
 * is loaded there, not on this thread), with page-bottom notes here.
 */
function loadReprint(): Promise<typeof import('./reprint.js')> {
  return import('./reprint.js')
}

/**
 * The reprint passes' read of a print on this thread (`readRaw`, what the
 * finish worker reads), or `undefined` when the print is not in Chromium's
 * own shape. Loaded at the first such read, never by a batch.
 */
async function readRawHere(pdf: Uint8Array, want: PrintWant): Promise<PrintRead | undefined> {
  const [{openRaw, RawShapeError}, {readRaw}] = await Promise.all([import('./raw-pdf.js'), import('./raw-finish.js')])
  const raw = openRaw(pdf)
  if (!raw) return undefined
  try {
    return readRaw(raw, want)
  } catch (error) {
    if (error instanceof RawShapeError) return undefined
    throw error
  }
}

/** Which asset list each page's cache was filled from. */
interface PageCache {
  get(page: Page): string | undefined
  set(page: Page, key: string): void
}

/** What a job does at points of its print. */
interface PrintHooks {
  /** Reads a print for the reprint passes (not with page-bottom notes, whose links are marked again each print). */
  readPrint?: (pdf: Uint8Array, relativeLinks: string[], want: PrintWant) => Promise<PrintRead>
}

/** What `print` shares across the jobs of one renderer. */
interface PrintContext {
  cache: PageCache
  /** Per page, the document its last job left (kept only when that job printed). */
  documents: WeakMap<Page, PageDocument>
}

/** The document a job left on its page. */
interface PageDocument {
  url: string
  /** `assetsKey` of the job's assets. */
  key: string
  reusable: boolean
}

/**
 * Whether the next job of the same brief (same URL, same assets) may write
 * its HTML over this document (`document.open`), or replace its body alone
 * (`loadEveryFontFace`), instead of navigating: a page load less, ~100 ms of
 * a `--watch` rebuild. A document keeps some state across either that a
 * navigation would drop, so only a document that holds none of it is reused:
 * - resources by URL: a new document's image of the same URL would be shown
 *   without a request (never checked against its folder, never refused): only
 *   a document that loaded nothing but our fonts, which every brief on the
 *   page gets from the memory cache anyway (`assetsKey`);
 * - refused requests: a document that had one is not reused, so the next
 *   job's request for it is asked and refused (and reported) afresh;
 * - its security policy: not after page-bottom notes (their CSP comes as a
 *   header with the document), nor after an `http-equiv` meta tag.
 */
function reusable(policy: PagePolicy, html: string): boolean {
  return policy.csp === undefined && policy.blocked.length === 0 && !policy.loadedBeyondFonts && !/http-equiv/i.test(html)
}

/** Load, wait for the page's own assets, and print. */
async function print(page: Page, job: RenderJob, context: PrintContext, mendHyphens: boolean, onPrinted: (pdf: Uint8Array, relativeLinks: string[]) => void, hooks: PrintHooks = {}) {
  const {cache} = context
  const paper = job.paper ?? 'A4'
  const nonce = job.pagedMedia ? createNonce() : undefined
  const assets = assetMap(nonce ? [...(job.assets ?? []), pagedAsset()] : job.assets)
  // A job with another asset list than the page's last one bypasses the cache (its fonts are
  // fetched again and replace what the cache held), so it never gets another list's font.
  const key = assetsKey(assets)
  const previousKey = cache.get(page)
  const bypassCache = previousKey !== undefined && previousKey !== key
  if (bypassCache) await page.setCacheEnabled(false)
  cache.set(page, key)
  // Served with its layout held until every font is in: laid out once, never with a fallback font (`holdLayout`).
  const holdToken = randomUUID()
  const heldHtml = holdLayout(job.html, holdToken)
  const policy: PagePolicy = {
    html: heldHtml ?? job.html,
    url: documentUrl(job.name),
    assets,
    csp: nonce ? contentSecurityPolicy(nonce) : undefined,
    resourceDir: job.resourceDir ? await fs.realpath(job.resourceDir).catch(() => undefined) : undefined,
    blocked: [],
    pending: new Set(),
    served: 0
  }
  // What the page's document was, taken now: a job that fails leaves none to reuse.
  const last = context.documents.get(page)
  context.documents.delete(page)
  const reuse = !nonce && !bypassCache && last?.reusable === true && last.url === policy.url && last.key === key && page.url() === policy.url
  const removePolicy = await applyPolicy(page, policy)
  try {
    const loadStart = performance.now()
    // One device scale all along (`smallViewport`): any change of it makes Chromium emulate the view
    // anew, after which the next brief on the page gets none of our fonts from its memory cache.
    const viewport = smallViewport(paper)
    const shown = page.viewport()
    if (shown?.width !== viewport.width || shown?.height !== viewport.height || shown?.deviceScaleFactor !== viewport.deviceScaleFactor) await page.setViewport(viewport)
    // The paged-media engine lays out in animation frames, which a hidden page never runs (`showWindow`):
    // shown for page-bottom notes (and left so for the next such job), hidden for the others.
    await showWindow(page, Boolean(nonce))
    // `load` waits for the stylesheet, the images and the fonts used so far;
    // print media is emulated, so the print layout (and its fonts) is what loads.
    // The same brief again (a `--watch` rebuild) on a page whose document held nothing else: put into
    // that document, without a navigation (`reusable`). With the same head (stylesheet, fonts) and a body
    // that loads nothing by itself, only the body is replaced, its fonts loaded and laid out in one call
    // (`loadEveryFontFace`); else the whole document is written over it.
    const replaced = reuse && (await loadEveryFontFace(page, {html: job.html}))
    if (!replaced) {
      if (reuse) await page.setContent(policy.html, {waitUntil: 'load', timeout: 0})
      else await page.goto(policy.url, {waitUntil: 'load', timeout: 0})
      await loadEveryFontFace(page)
    }
    await settled(page, policy)
    // Every font is in: the one layout, so the print never depends on how loading went (a replaced body gets it from
    // print-ahead, or the print, next).
    if (!replaced) {
      if (heldHtml === undefined) await layoutAfresh(page)
      else await releaseLayout(page, holdToken)
    }
    // A face or image first needed by that layout (generated text, a background) is in before printing.
    await settled(page, policy)
    const paged = nonce ? await runPagedMedia(page, nonce) : undefined
    if (paged) await settled(page, policy)
    const loadTime = performance.now() - loadStart

    const printStart = performance.now()
    if (paged) await nameNotesInOrder(page)
    // Links to the internal origin get placeholders now, their relative reference back (or none) after printing.
    // Then the contents list's targets (for the reprint loop, asked before the print, not after it), and the
    // contents numbers and the words broken at page ends, foreseen from a page-sized column layout (usually one
    // print, not two): in that order, in one call (`markAndPrintAhead`), which also waits for
    // `document.fonts.ready`, so the first print does not ask again.
    let relativeLinks: string[]
    let targets: string[] | undefined
    let ahead: PrintAhead | undefined
    if (paged) relativeLinks = await markRelativeLinks(page)
    else ({relativeLinks, targets, ahead} = await markAndPrintAhead(page, paperSizes[paper]!, {mendHyphens, fontsReady: true}))
    let served = policy.served
    let pdf = await printPdf(page, paper, {fontsReady: !paged})
    // A font first used by the print layout (say, in a margin box) is only
    // requested while printing, and that print used a fallback: print again
    // once it has arrived. At most twice more; usually not at all.
    for (let reprint = 0; reprint < 2 && policy.served > served; reprint++) {
      await settled(page, policy)
      served = policy.served
      pdf = await printPdf(page, paper)
    }
    // Words broken at a page's end or in a long hyphen run, and the contents list's page numbers
    // (Paged.js resolves those itself): read back, fixed in the page, printed again, in one loop (bounded).
    let hyphens: {mended: number; prints: number} | undefined
    let misplacedNotes = paged?.misplaced
    const {reprintPaged, reprintUntilSettled} = await loadReprint()
    if (!paged) {
      const {readPrint} = hooks
      const read = readPrint ? (printed: Uint8Array, want: PrintWant) => readPrint(printed, relativeLinks, want) : undefined
      const settledPrint = await reprintUntilSettled(page, pdf, () => printPdf(page, paper), {mendHyphens, ahead, read, targets})
      pdf = settledPrint.pdf
      if (mendHyphens) hyphens = {mended: settledPrint.mended, prints: settledPrint.prints}
    } else if (mendHyphens) {
      // Each mend lays the pages out afresh: their links are marked again before each print.
      const settledPrint = await reprintPaged(page, pdf, async () => {
        await nameNotesInOrder(page)
        relativeLinks = await markRelativeLinks(page)
        return printPdf(page, paper)
      }, paged)
      pdf = settledPrint.pdf
      misplacedNotes = settledPrint.misplaced
      hyphens = {mended: settledPrint.mended, prints: settledPrint.prints}
    }
    const printTime = performance.now() - printStart
    onPrinted(pdf, relativeLinks)

    // No blank page between jobs: the next job's navigation replaces this
    // document, and with scripts off it leaves nothing behind that the next
    // brief could see (no script state, storage or cookies; its requests go
    // through the next job's policy). A navigation less per brief.
    // The same brief next (a `--watch` rebuild) may even be written over this document (`reusable`).
    context.documents.set(page, {url: policy.url, key, reusable: reusable(policy, job.html)})
    return {pdf, blocked: policy.blocked, relativeLinks, misplacedNotes, hyphens, timings: {load: loadTime, print: printTime}}
  } finally {
    if (nonce) await endPagedMedia(page)
    removePolicy()
    if (bypassCache && !page.isClosed()) await page.setCacheEnabled(true).catch(() => undefined)
  }
}

/**
 * Load every `@font-face` the page may print with: each face whose
 * `unicode-range` covers a character of the document, used on screen yet or
 * not. `load` only covers faces the screen layout needed; a face first needed
 * by the print layout (a margin box, a heading that only exists in print)
 * would otherwise be requested during printing, and whether it arrived in
 * time would depend on the machine's load: not reproducible. Faces for
 * scripts the document does not use (a Cyrillic subset in an English brief)
 * are left alone. This runs our code through DevTools; the page's own
 * scripts stay disabled.
 *
 * With `replacement` (the same brief again on its page: `reusable`), the new
 * HTML first takes the place of the page's document's body when it parses to
 * the same doctype and the same `<head>` as that document holds, and its body
 * makes no request by its elements (no `src`, `srcset`, `poster`, `data`,
 * `background`, no image, frame, object, link, meta, base, style, SVG or
 * MathML: what `load` would have waited for). The stylesheet stays parsed and
 * the faces stay loaded, where `document.open` parses the one again and loads
 * the others anew (from the memory cache). The root's attributes become the
 * new document's. The layout is held while the body changes and the faces
 * load (the root's own style, `display: none`, as `holdLayout` holds a
 * served document) and released at the end, every face in: the next call
 * that needs a layout (print-ahead's columns) makes it, once, afresh; made
 * here, it was made twice (a rebuild ~10-20 ms sooner without it, docs/bench.md,
 * session 15). What that layout asks for (a background in a `style`
 * attribute) goes through the request handler, as with a held document.
 * Returns whether the body was replaced; `false` changes nothing: the
 * caller writes the document.
 */
async function loadEveryFontFace(page: Page, replacement?: {html: string}): Promise<boolean> {
  return page.evaluate(async (replacement) => {
    const root = document.documentElement
    let rootStyle: string | null | undefined
    if (replacement) {
      // Parsed inert (no requests, no scripts), as the page's parser parses it.
      const parsed = new DOMParser().parseFromString(replacement.html, 'text/html')
      const head = document.head
      if (!head || !parsed.head || !parsed.body || parsed.compatMode !== document.compatMode) return false
      // The same nodes around the root (doctype, comments), the head first in the root, and the same head.
      const outside = (of: Document) =>
        Array.from(of.childNodes, (node) => (node === of.documentElement ? '' : `${node.nodeType}:${node.nodeName}:${node.nodeValue ?? ''}:${(node as DocumentType).publicId ?? ''}:${(node as DocumentType).systemId ?? ''}`)).join('\n')
      if (outside(parsed) !== outside(document) || parsed.documentElement.firstChild !== parsed.head || root.firstChild !== head) return false
      if (parsed.head.outerHTML !== head.outerHTML) return false
      const loads = '[src],[srcset],[poster],[data],[background],img,image,picture,source,video,audio,track,iframe,frame,frameset,object,embed,link,meta,base,style,script,svg,math,template,portal'
      if (parsed.body.matches(loads) || parsed.body.querySelector(loads)) return false
      for (const attribute of Array.from(root.attributes)) root.removeAttribute(attribute.name)
      for (const attribute of Array.from(parsed.documentElement.attributes)) root.setAttribute(attribute.name, attribute.value)
      // Held (as `holdLayout` holds a document) by the root's own style, not a style element, which would
      // make Chromium collect the stylesheets again: the old layout is dropped now, the new one made once, below.
      rootStyle = root.getAttribute('style')
      root.style.setProperty('display', 'none', 'important')
      void getComputedStyle(root).display
      while (head.nextSibling) head.nextSibling.remove()
      while (parsed.head.nextSibling) root.append(document.adoptNode(parsed.head.nextSibling))
    }

    // Through the prototype: `<img name="fonts">` would shadow `document.fonts`.
    const fonts = Object.getOwnPropertyDescriptor(Document.prototype, 'fonts')?.get?.call(document) as FontFaceSet | undefined
    const characters = new Set<number>()
    for (const character of document.documentElement.textContent ?? '') characters.add(character.codePointAt(0)!)

    const covers = (range: string): boolean =>
      range.split(',').some((part) => {
        const [from, to] = part
          .trim()
          .replace(/^u\+/i, '')
          .split('-')
        if (!from) return false
        // `U+4??` is the range U+400–U+4FF.
        const low = Number.parseInt(from.replace(/\?/g, '0'), 16)
        const high = Number.parseInt((to ?? from).replace(/\?/g, 'F'), 16)
        for (const point of characters) if (point >= low && point <= high) return true
        return false
      })

    // No `forEach`: with scripts disabled the page will not call back into a function.
    const loads: Array<Promise<unknown>> = []
    for (const face of (fonts ?? []) as Iterable<FontFace>) {
      if (face.status === 'unloaded' && covers(face.unicodeRange)) loads.push(face.load())
    }
    await Promise.allSettled(loads)
    if (rootStyle !== undefined) {
      // Every face is in: released (the root's style attribute exactly the new document's), and laid out
      // once, from scratch, by the next call that needs a layout (print-ahead's columns, which would
      // otherwise lay out again what this call laid out, or the print), not here.
      if (rootStyle === null) root.removeAttribute('style')
      else root.setAttribute('style', rootStyle)
    }
    return true
  }, replacement)
}

/** Paper sizes in inches, as Puppeteer's `page.pdf` sends its `format` (`paperFormats` in puppeteer-core 24). */
const paperInches: Record<Paper, {width: number; height: number}> = {
  A4: {width: 8.2677, height: 11.6929},
  Letter: {width: 8.5, height: 11}
}

/**
 * Print the page as `page.pdf({format: paper, preferCSSPageSize: true,
 * printBackground: true, tagged: true, outline: true})` does, the same
 * bytes, with the PDF sent back in the reply to the print itself
 * (`ReturnAsBase64`), where Puppeteer asks for a stream and reads it with an
 * `IO.read` round trip or more and an `IO.close`: each one waits its turn in
 * a busy browser. Through the page's own DevTools session (a second session
 * on the page made its next document lose the print media emulation); a
 * Puppeteer without it prints with `page.pdf`. Waits for `document.fonts.ready`
 * first, as `page.pdf` does (a face first needed by the layout, from the
 * memory cache, is not a request the policy waits for).
 */
async function printPdf(page: Page, paper: Paper, waited: {fontsReady?: boolean} = {}): Promise<Uint8Array> {
  const client = (page as unknown as {_client?: () => CDPSession})._client?.()
  const options = {format: paper, preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0}
  if (!client) return page.pdf(options)
  // Not again when the page's last call (`printAhead`'s) waited for it, with nothing changed since.
  if (!waited.fontsReady) {
    await page.evaluate(async () => {
      // Through the prototype: `<img name="fonts">` would shadow `document.fonts`.
      await (Object.getOwnPropertyDescriptor(Document.prototype, 'fonts')?.get?.call(document) as FontFaceSet | undefined)?.ready
    })
  }
  const {width, height} = paperInches[paper]
  const {data} = await client.send('Page.printToPDF', {
    transferMode: 'ReturnAsBase64',
    landscape: false,
    displayHeaderFooter: false,
    headerTemplate: '',
    footerTemplate: '',
    printBackground: true,
    scale: 1,
    paperWidth: width,
    paperHeight: height,
    marginTop: 0,
    marginBottom: 0,
    marginLeft: 0,
    marginRight: 0,
    pageRanges: '',
    preferCSSPageSize: true,
    generateTaggedPDF: true,
    generateDocumentOutline: true
  })
  return new Uint8Array(Buffer.from(data, 'base64'))
}

/**
 * Requests answered late (a font first needed at layout) finish before
 * printing. Served from memory, they take milliseconds; the wait is bounded
 * all the same.
 */
async function settled(page: Page, policy: PagePolicy, limit = 5000): Promise<void> {
  const end = performance.now() + limit
  while (policy.pending.size > 0 && !page.isClosed() && performance.now() < end) {
    const tick = delay(10)
    await tick.promise
  }
}

/** Error code of a render that ran past its `timeout`. */
export const renderTimedOut = 'ERR_RENDER_TIMEOUT'

/** The error named after the job, keeping the cause's `code` so a caller can tell a timeout, a hang or no browser apart. */
function renderError(job: RenderJob, error: unknown, suffix = ''): Error {
  const message = messageOf(error)
  if (message.includes(`\`${job.name}\``)) return error instanceof Error ? error : new Error(message)
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined
  return Object.assign(new Error(`Cannot render \`${job.name}\` to PDF${suffix}: ${message}`, {cause: error}), code === undefined ? {} : {code})
}
