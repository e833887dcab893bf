/**
 * Files in, briefs out: read each article, run the unified stage, write the
 * HTML, print the PDF with one shared browser, write it atomically, keep an
 * incremental cache and a site index in the output folder.
 *
 * The PDF renderer is imported lazily, so importing this module (or the main
 * entry) never loads Puppeteer, and a run where everything is cached never
 * starts a browser. Nor does this module load the unified pipeline: the
 * articles are typeset in worker threads (`budget.ts`), which load it;
 * `createBriefProcessor` is exported by the package's `remark-brief/build`
 * entry (`public.ts`).
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {BriefData, NotePlacement} from '../meta/types.js'
import {briefOf} from '../meta/brief-data.js'
import {report} from '../meta/report.js'
import {hashParts, isFresh, readManifest, readManifestChecked, writeManifest, type CacheEntry, type Manifest} from './cache.js'
import {FolderLockedError, isAlive, withFolderLock} from './lock.js'
import {configErrorFile, resolveConfig} from './config-adapter.js'
import {readImageCopy, type ImageCopy, type ImagePolicy} from './images.js'
import type {ArticleJob, StageSettings} from './article-job.js'
import {receiveError, receiveMessages, type ArticleOutcome} from './article-outcome.js'
import {createArticlePool, defaultMaxArticleMemory, defaultMaxArticleTime, type ArticleBudget, type ArticlePool} from './budget.js'
import {isOwnOutput, resolveInputs} from './inputs.js'
import {insideFolder, outputName, outputNames} from './names.js'
import {decodeArticle} from './decode.js'
import {templateAssets} from '../template/assets.js'
import {
  loadPdfModule,
  type BriefConfig,
  type PdfRenderer,
  type RenderResult,
  type TemplateAsset
} from './peers.js'
import type {BriefProcessor} from './processor.js'
import {formatOf, type InputFormat} from './input-format.js'
import {inShard, type Shard} from './shard.js'
import {siteIndex} from './site.js'
import {copyFilesAtomic, removeStaleTemporaryFiles, removeTemporaryFiles, syncFolder, writeAtomic, writeKeepingFile} from './write.js'
import {optionalRequire} from '../optional.js'

export {formatOf} from './input-format.js'
export type {BriefProcessor, BriefProcessorOptions, InputFormat} from './processor.js'
export {parseShard, inShard} from './shard.js'
export type {Shard} from './shard.js'
export {outputName} from './names.js'
export {createArticlePool, defaultMaxArticleMemory, defaultMaxArticleTime} from './budget.js'
export type {ArticleBudget, ArticlePool} from './budget.js'
export {defaultMaxImageBytes} from './images.js'
export {ConfigError, loadConfig} from './config.js'

export type OutputFormat = 'pdf' | 'html' | 'md'

export interface BuildOptions {
  /** Output folder; default `output` (relative to `cwd`). */
  out?: string
  /** Working folder: inputs, the config file and relative paths resolve against it. Default `process.cwd()`. */
  cwd?: string
  /** What to write; default `['pdf', 'html']`. */
  formats?: OutputFormat[]
  /** Configuration file; default `brief.config.json` (or `brief` in package.json) in `cwd`. */
  configPath?: string
  /** Pages printing at once; default `os.availableParallelism()` (see `concurrencyOf`). */
  concurrency?: number
  /** Build only this share of the inputs. */
  shard?: Shard
  /** Rebuild even when the cache says a brief is unchanged. */
  force?: boolean
  /** Largest article accepted, in bytes; default 5 MB (or the config's `maxInputBytes`). */
  maxInputBytes?: number
  /** Browser binary; default: the renderer's discovery. */
  executablePath?: string
  /**
   * A renderer to print with, already created (the CLI starts one before it
   * imports the build when PDFs are certain); the session closes it. Default:
   * one made at the first brief to print, with the options here.
   */
  renderer?: PdfRenderer
  /**
   * Article workers already started (`createArticlePool(…).warm()`: the CLI
   * starts one before it imports the build, so the worker loads the pipeline
   * meanwhile). Used when its budget is this build's (`maxArticleTime`,
   * `maxArticleMemory`), else closed; the session closes it either way.
   */
  articlePool?: ArticlePool
  /**
   * Print again to mend words broken at a page's end or in a run of more than
   * 3 hyphenated line ends (the printer's `mendHyphens`); default `true`.
   * Ignored when `renderer` is given: set it on that renderer.
   */
  mendHyphens?: boolean
  /** Render timeout per brief, in milliseconds. */
  timeout?: number
  /** Milliseconds the browser may leave the watchdog unanswered during a job before it is replaced (default 10000). */
  hangTimeout?: number
  /** Where notes print when a brief's front matter does not say (`--notes`); overrides the configuration's `defaults.notes`. */
  notes?: NotePlacement
  /** Time budget to read, recognize and template one article, in milliseconds (default 60000, or the config's `maxArticleTime`). */
  maxArticleTime?: number
  /** Memory budget (heap) to read, recognize and template one article, in MB (default 1024, or the config's `maxArticleMemory`). */
  maxArticleMemory?: number
  /** How long to wait for another build's lock on the output folder's manifest, in milliseconds (default 10 s). */
  lockWait?: number
  /** Stop starting new files (SIGINT); files in flight are not written. */
  signal?: AbortSignal
  /** Progress callback. */
  onEvent?: (event: BuildEvent) => void
  /** The build's inner milestones (`TraceEvent`): when the browser is started, when a file's unified stage ends. */
  onTrace?: (event: TraceEvent) => void
  /**
   * Called with each message of each finished file (reader, plugins, images,
   * printing), in file order as files finish: for a host that prints messages
   * its own way. The messages stay on `FileResult.file` as well.
   */
  onMessage?: (message: VFileMessage, file: VFile) => void
  /** Write the site index `<out>/index.html`; default `true`. */
  index?: boolean
  /** Write `<out>/thumbnails/<name>.png` beside each PDF; default: when the site index (which shows them) is written. */
  thumbnails?: boolean
  /**
   * Copy the template's assets (fonts, logo) into `<out>/assets` for the HTML
   * pages; default `true` when `formats` has `html`. The printer reads them
   * from the package, so a PDF-only build needs no copy.
   */
  copyAssets?: boolean
  /**
   * Folder that holds the build's cache (`<cacheDir>/.brief-cache/manifest.json`),
   * for a build inside another tool's output folder that the tool empties or
   * deploys; default `out`. Relative to `cwd`. One cache folder per output folder.
   */
  cacheDir?: string
}

export type BuildEvent =
  | {type: 'start'; total: number}
  | {type: 'file-start'; input: string}
  | {type: 'file-done'; result: FileResult}

/** The build's inner milestones (`onTrace`), for profiling and tests; not progress. */
export type TraceEvent =
  /** The first brief that must be printed was found: the browser starts now, while it is read and typeset. */
  | {type: 'printer-start'}
  /** A file's unified stage ended (HTML made, or the article failed). */
  | {type: 'file-processed'; input: string}

export type FileStatus = 'built' | 'unchanged' | 'failed'

export interface FileResult {
  /** Absolute input path. */
  input: string
  /** Input path relative to `cwd` (`/` separated): the cache and shard key. */
  relative: string
  status: FileStatus
  /** The article's messages (reader, plugins, images, printing). */
  file: VFile
  /** Output name (`<out>/<name>.pdf`). */
  name: string
  /** Written files, absolute. */
  outputs: string[]
  pages?: number
  /** Wall time for this file, in milliseconds. */
  time: number
}

export interface BatchResult {
  files: FileResult[]
  built: number
  unchanged: number
  failed: number
  warnings: number
  errors: number
  /** Files left out by `shard`. */
  skipped: number
  /**
   * Messages about the run rather than one article: the output folder (a
   * manifest discarded, a lock, the manifest or index not written, a killed
   * run's leftovers removed) and inputs skipped (symbolic links). Its errors
   * fail the run like a failed brief.
   */
  run: VFile
  /** Wall time, in milliseconds. */
  time: number
}

export const defaultMaxInputBytes = 5 * 1024 * 1024

/** An error that stops a whole run (bad config, unwritable output): carries one message in a file. */
export interface RunError extends Error {
  file: VFile
}

export function isRunError(error: unknown): error is RunError {
  return error instanceof Error && 'file' in error && error.file instanceof VFile
}

/** Build one article. */
export async function buildBrief(inputPath: string, options: BuildOptions = {}): Promise<FileResult> {
  const batch = await buildBatch([inputPath], options)
  return batch.files[0]!
}

/** Build many articles (files, folders, globs) with one browser; one broken article never stops the others. */
export async function buildBatch(inputs: readonly string[], options: BuildOptions = {}): Promise<BatchResult> {
  const session = await createBuildSession(options)
  try {
    return await session.build(inputs)
  } finally {
    await session.close()
  }
}

export interface BuildSession {
  /** Resolve inputs, then build what changed. */
  build(inputs: readonly string[], buildOptions?: SessionBuildOptions): Promise<BatchResult>
  /** Re-read the configuration and the template (after they change on disk). */
  reload(): Promise<void>
  /** Files the session's output depends on besides the articles (config, template, stylesheet). */
  dependencies(): string[]
  /** Close the browser, if one was started. */
  close(): Promise<void>
}

export interface SessionBuildOptions {
  /** Rebuild even when the cache says a brief is unchanged. */
  force?: boolean
  /**
   * Someone is waiting for these PDFs (a `--watch` rebuild): each brief's
   * PDF work comes first (the printer's `pdfFirst`: the check's parse of the
   * HTML while the page prints). The same outputs.
   */
  pdfFirst?: boolean
  /**
   * Build without a word: no `onEvent` (the CLI's progress lines) and no
   * `onMessage` for these briefs. `--watch` rehearses a brief so (its
   * outputs are the same bytes again, nothing to tell).
   */
  silent?: boolean
}

interface Stage {
  config: BriefConfig
  processors: Partial<Record<InputFormat, BriefProcessor>>
  templateText?: string
  cssText?: string
  assets: TemplateAsset[]
  /** Hash of template, stylesheet, assets, config, formats and package version. */
  key: string
}

/**
 * A build session keeps the processor, the cache and the browser warm across
 * builds (`--watch`).
 */
export async function createBuildSession(options: BuildOptions = {}): Promise<BuildSession> {
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const outDir = path.resolve(cwd, options.out ?? 'output')
  const formats = options.formats ?? ['pdf', 'html']
  const outputs = outputSwitches(options, formats, cwd, outDir)
  // Independent reads: the code's fingerprint, the output folder's probe, the configuration.
  const versionRead = packageVersion()
  versionRead.catch(() => undefined)
  await ensureWritable(outDir)
  const version = await versionRead
  let stage = await loadStage(cwd, options, formats, version)
  let rendererPromise: Promise<PdfRenderer> | undefined
  let printerStarted = false
  // A pool handed in is taken at the first article if its budget is this build's (the configuration may set another).
  let articlePool: ArticlePool | undefined
  let offeredPool = options.articlePool
  // The copy of the template's assets for the HTML pages: one per session (and per `reload`), shared by every brief.
  let assetsCopy: Promise<void> | undefined
  let closed = false
  // Set when the renderer can no longer get a browser (none installed, or launches failing): the rest of the run prints nothing.
  let printingStopped: unknown
  // Said once a session: thumbnails cannot be made (PDFium or the PNG encoder not installed).
  let thumbnailsUnavailableSaid = false
  // Temporary files this session is writing (removed on close if a write was cut short).
  const pending = new Set<string>()
  const write = (file: string, data: string | Uint8Array) => writeAtomic(file, data, pending)
  // A killed run's temporary files (its pid is gone) are removed by the next run, once per session.
  const leftovers = await removeStaleTemporaryFiles(outDir, isAlive)

  async function renderer(): Promise<PdfRenderer> {
    if (closed) throw new Error('Build stopped')
    rendererPromise ??= options.renderer ? Promise.resolve(options.renderer) : (async () => {
      const {createPdfRenderer} = await loadPdfModule()
      return createPdfRenderer({
        executablePath: options.executablePath,
        concurrency: concurrencyOf(options),
        timeout: options.timeout,
        hangTimeout: options.hangTimeout,
        mendHyphens: options.mendHyphens
      })
    })()
    return rendererPromise
  }

  /**
   * A PDF is certain to be needed: start the browser now, so Chromium starts
   * while the article is typeset (in the worker) and Puppeteer is imported,
   * not after. Once per session.
   */
  function startPrinter(): void {
    if (printerStarted || closed || printingStopped) return
    printerStarted = true
    options.onTrace?.({type: 'printer-start'})
    renderer().then(
      (started) => started.warm(),
      // The first print reports it (a missing module, a renderer that cannot be made).
      () => undefined
    )
  }

  /** The pool handed in when it has this budget, else a new one (the one handed in is closed). */
  function takePool(budget: ArticleBudget): ArticlePool {
    const offered = offeredPool
    offeredPool = undefined
    if (offered && offered.budget.maxTime === budget.maxTime && offered.budget.maxMemory === budget.maxMemory) return offered
    void offered?.close()
    return createArticlePool(budget)
  }

  /**
   * Copy the template's assets (fonts, logo) into `<out>/assets` for the HTML
   * pages, once for the session: the briefs in flight share one copy (each
   * used to start its own), and a brief waits for it only before writing
   * its HTML; the printer reads the assets from the package, so the print
   * does not wait for it. A failed copy is tried again by the next brief.
   */
  function copyAssets(): Promise<void> {
    if (!outputs.assets) return Promise.resolve()
    const assetsDir = path.join(outDir, 'assets')
    const items = stage.assets
      .map((asset) => ({from: asset.path, to: path.join(assetsDir, ...asset.name.split('/'))}))
      .filter((item) => item.to.startsWith(assetsDir + path.sep))
    const copy = (assetsCopy ??= copyFilesAtomic(items, pending))
    copy.catch(() => {
      if (assetsCopy === copy) assetsCopy = undefined
    })
    return copy
  }

  async function build(inputs: readonly string[], buildOptions: SessionBuildOptions = {}): Promise<BatchResult> {
    const start = performance.now()
    const run = new VFile({path: relativeKey(cwd, outDir) || '.', cwd})
    reportLeftovers(run, leftovers.splice(0), outDir)
    const resolved = await resolveInputs(inputs.length > 0 ? inputs : ['input'], cwd)
    for (const link of resolved.links) reportSkippedLink(run, cwd, link)
    resolved.files = resolved.files.filter((input) => !isOwnOutput(input, outDir))
    const all = resolved.files.map((input) => ({input, relative: relativeKey(cwd, input)}))
    // The output folder is never input: `--out` inside an input folder would read the briefs (`.md`, `.html`) back as articles.
    const selected = all.filter((item) => !insideFolder(outDir, path.relative(outDir, item.input)) && (!options.shard || inShard(item.relative, options.shard)))
    const {manifest, problem} = await readManifestChecked(outputs.cacheBase)
    if (problem) {
      report(run, `${problem}, expected the manifest this build writes; discarded, so those briefs are rebuilt`, {ruleId: 'manifest-invalid', severity: 'warning'})
    }
    const forgotten = await forgetDeletedArticles(cwd, outDir, manifest, run)
    const readEntries = {...manifest.entries}
    // Names over every input, not only this shard or this watch rebuild, and never one another brief in the folder already has.
    const inRun = new Set(all.map((item) => item.relative))
    const taken = Object.entries(manifest.entries).filter(([relative]) => !inRun.has(relative)).map(([, entry]) => entry.name)
    // `index` is the site index's own name (`index.html`): a brief never takes it.
    const names = outputNames(all.map((item) => item.input), ['index', ...taken])
    const results: FileResult[] = resolved.missing.map((pattern) => missingInput(cwd, pattern))
    const onEvent = buildOptions.silent ? undefined : options.onEvent
    const reportMessages = buildOptions.silent ? () => undefined : reportFileMessages

    onEvent?.({type: 'start', total: selected.length + results.length})
    for (const result of results) {
      onEvent?.({type: 'file-done', result})
      reportMessages(result)
    }

    const queue = [...selected]
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        if (options.signal?.aborted) break
        onEvent?.({type: 'file-start', input: item.input})
        const result = await buildOne(item.input, item.relative, names.get(item.input)!, manifest, Boolean(options.force || buildOptions.force), Boolean(buildOptions.pdfFirst))
        results.push(result)
        onEvent?.({type: 'file-done', result})
        reportMessages(result)
      }
    }
    // One more worker than printing pages: the next article is read and run through unified while a PDF prints.
    await Promise.all(Array.from({length: Math.max(1, Math.min(concurrencyOf(options) + 1, selected.length))}, worker))
    // A brief that failed before its HTML never waited for the shared asset copy: the batch does, so nothing writes after it returns.
    await assetsCopy?.catch(() => undefined)

    if (!options.signal?.aborted) {
      await commitOutputFolder(run, (merged) => {
        for (const relative of forgotten) delete merged.entries[relative]
        for (const [relative, entry] of Object.entries(manifest.entries)) if (readEntries[relative] !== entry) merged.entries[relative] = entry
      })
    }

    const order = new Map(all.map((item, index) => [item.input, index]))
    results.sort((a, b) => (order.get(a.input) ?? -1) - (order.get(b.input) ?? -1))
    return summarise(results, all.length - selected.length, performance.now() - start, run)
  }

  /**
   * End of run: merge this build's entries into the manifest as it is on disk
   * now and write the site index, under the folder's lock, so a build
   * finishing at the same time never loses entries. A failure here (a lock
   * held too long, a read-only or full disk) is an error on the run, reported
   * with the summary; the briefs already written stay.
   */
  async function commitOutputFolder(run: VFile, merge: (manifest: Manifest) => void): Promise<void> {
    try {
      await withFolderLock(
        outputs.cacheBase,
        async () => {
          const {manifest: merged} = await readManifestChecked(outputs.cacheBase)
          merge(merged)
          await writeOrReport(run, 'manifest', () => writeManifest(outputs.cacheBase, merged, pending))
          if (outputs.index && (formats.includes('html') || formats.includes('pdf'))) {
            const present = await presentEntries(outDir, merged)
            await writeOrReport(run, 'site index', () => write(path.join(outDir, 'index.html'), siteIndex(present)))
          }
        },
        {wait: options.lockWait}
      )
    } catch (error) {
      if (error instanceof FolderLockedError) {
        report(run, `Unexpected lock: ${error.message}, expected the folder free within ${Math.round((options.lockWait ?? 10_000) / 1000)} s; the manifest and site index were not updated (build again when it has finished)`, {
          ruleId: 'output-locked',
          severity: 'error'
        })
      } else {
        report(run, `Cannot lock the output folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; the manifest and site index were not updated`, {ruleId: 'output-write-failed', severity: 'error'})
      }
    }
  }

  async function buildOne(input: string, relative: string, name: string, manifest: Manifest, force: boolean, pdfFirst: boolean): Promise<FileResult> {
    const start = performance.now()
    const file = new VFile({path: relative, cwd})
    const result: FileResult = {input, relative, status: 'failed', file, name, outputs: [], time: 0}
    // Image copies this brief made that were not there before: removed again when the brief fails.
    const madeCopies: string[] = []
    // The PDF's write, started as soon as the printer has it final (`onPdf`).
    let pdfWrite: Promise<void> | undefined
    const done = async (status: FileStatus): Promise<FileResult> => {
      // Nothing of this brief is still being written when it returns.
      await pdfWrite?.catch(() => undefined)
      if (status === 'failed') await removeCopies(madeCopies)
      return Object.assign(result, {status, time: performance.now() - start})
    }

    try {
      const bytes = await readArticle(input, file, options.maxInputBytes ?? stage.config.maxInputBytes ?? defaultMaxInputBytes)
      if (!bytes) return done('failed')

      const key = hashParts([stage.key, relative, name, bytes, ...outputs.keyParts])
      const previous = manifest.entries[relative]
      if (!force && (await isFresh(outDir, previous, key))) {
        result.outputs = Object.values(previous!.outputs).map((output) => path.join(outDir, output))
        result.pages = previous!.pages
        return done('unchanged')
      }

      if (printingStopped && formats.includes('pdf')) {
        reportNotPrinted(file)
        return done('failed')
      }

      if (formats.includes('pdf')) startPrinter()
      const format = formatOf(input)
      articlePool ??= takePool(budgetOf(options, stage.config))
      const job = articleJob(stage, file, input, name, format)
      const processed = await processInBudget(articlePool, file, {...job, markdown: formats.includes('md')})
      options.onTrace?.({type: 'file-processed', input})
      if (!processed) return done('failed')
      const html = processed.html!
      const copies = processed.copies ?? []
      const brief = briefOf(file, format === 'text' ? 'text' : 'markdown')
      const entry: CacheEntry = {key, name, outputs: {}, title: brief.title, authors: brief.authors.map((author) => author.name), date: brief.date, warnings: 0}
      const writes: Array<[string, string | Uint8Array]> = []

      // Started now, awaited before the HTML is written (it links to them).
      const assetsCopied = formats.includes('html') || formats.includes('pdf') ? copyAssets() : undefined
      assetsCopied?.catch(() => undefined)
      if (formats.includes('html') || formats.includes('pdf')) {
        // The printer reads the image copies from the output folder, so they are made first and taken back if the brief fails.
        await copyImages(copies, file, madeCopies)
      }

      if (formats.includes('pdf')) {
        // The PDF is written the moment it is final (checked), before the thumbnail, the HTML and the site index:
        // a `--watch` rebuild shows it as soon as it can. Awaited before this brief returns, failed or not.
        const pdfTarget = path.join(outDir, ...`${name}.pdf`.split('/'))
        const printed = await printPdf(name, html, brief, file, (pdf) => {
          if (options.signal?.aborted) return
          const previous = pdfWrite ?? Promise.resolve()
          pdfWrite = previous.then(async () => {
            await fs.mkdir(path.dirname(pdfTarget), {recursive: true})
            await writeAtomic(pdfTarget, pdf, pending)
          })
          pdfWrite.catch(() => undefined)
        }, pdfFirst)
        if (!printed) return done('failed')
        if (pdfWrite) {
          await pdfWrite
          result.outputs.push(pdfTarget)
        } else writes.push([`${name}.pdf`, printed.pdf])
        entry.outputs.pdf = `${name}.pdf`
        entry.pages = printed.pages
        result.pages = printed.pages
        if (printed.thumbnail) {
          writes.push([`thumbnails/${name}.png`, printed.thumbnail])
          entry.outputs.thumbnail = `thumbnails/${name}.png`
        }
      }

      if (formats.includes('html')) {
        writes.push([`${name}.html`, html])
        entry.outputs.html = `${name}.html`
      }

      if (formats.includes('md')) {
        if (processed.markdown === undefined) {
          report(file, 'Unexpected errors while writing Markdown, expected a fixable brief', {ruleId: 'fix-failed', severity: 'error'})
          return done('failed')
        }
        writes.push([`${name}.md`, processed.markdown])
        entry.outputs.md = `${name}.md`
      }

      if (options.signal?.aborted) return done('failed')
      await assetsCopied

      // The brief's files at once (each flushed, renamed), then each folder flushed once.
      const targets = writes.map(([output]) => path.join(outDir, ...output.split('/')))
      const folders = [...new Set(targets.map((target) => path.dirname(target)))]
      await Promise.all(folders.map((folder) => fs.mkdir(folder, {recursive: true})))
      await Promise.all(writes.map(([, data], index) => writeAtomic(targets[index]!, data, pending, {syncFolder: false})))
      await Promise.all(folders.map((folder) => syncFolder(folder)))
      result.outputs.push(...targets)

      entry.warnings = file.messages.filter((message) => message.fatal === false).length
      manifest.entries[relative] = entry
      return done('built')
    } catch (error) {
      failWith(file, error, 'build-failed')
      return done('failed')
    }
  }

  /**
   * Copy a brief's images into the output folder, each once, checking their
   * bytes again; a file already there with the same bytes is left alone.
   * Paths written for the first time go in `made`.
   */
  async function copyImages(copies: readonly ImageCopy[], file: VFile, made: string[]): Promise<void> {
    for (const copy of copies) {
      const target = path.join(outDir, ...copy.to.split('/'))
      const bytes = await readImageCopy(copy, stage.config.maxImageBytes)
      if (!bytes) {
        report(file, `Unexpected image \`${copy.from}\` changed while building, expected an image; not copied`, {ruleId: 'image-invalid', severity: 'warning'})
        continue
      }
      const existing = await fs.readFile(target).catch(() => undefined)
      if (existing && Buffer.compare(existing, bytes) === 0) continue
      await fs.mkdir(path.dirname(target), {recursive: true})
      await write(target, bytes)
      if (!existing) made.push(target)
    }
  }

  async function printPdf(name: string, html: string, brief: BriefData, file: VFile, onPdf?: (pdf: Uint8Array) => void, pdfFirst = false) {
    const job = {
      onPdf,
      pdfFirst,
      name,
      html,
      resourceDir: outDir,
      assets: stage.assets,
      paper: brief.paper,
      pagedMedia: brief.notes === 'page',
      metadata: {
        title: brief.title ?? name,
        authors: brief.authors.map((author) => author.name),
        subject: brief.summary,
        keywords: brief.keywords,
        lang: brief.lang,
        date: brief.date
      },
      thumbnail: outputs.thumbnails
    }

    let lastError: unknown
    // The renderer itself retries a job whose browser died or hung; here a
    // failed launch is tried once more, never a timeout (it would only time out again).
    for (let attempt = 0; attempt < 2; attempt++) {
      if (options.signal?.aborted || closed || printingStopped) break
      try {
        const printed = await settleWithin((await renderer()).render(job), renderGuard(options), `Render of \`${name}\` did not settle`)
        for (const url of printed.blocked ?? []) {
          report(file, `Unexpected request to \`${url.slice(0, 200)}\`, expected only the brief's own local assets`, {
            ruleId: 'request-blocked',
            severity: 'warning'
          })
        }
        reportVerification(printed, file)
        if (printed.thumbnailError) reportThumbnailError(printed.thumbnailError, file)
        for (const note of printed.misplacedNotes ?? []) {
          report(file, `Unexpected note \`${note}\` not laid out at the foot of its call’s page by the paged-media engine (or laid over text there), expected the note on that page and no text hidden`, {ruleId: 'page-note-misplaced', severity: 'warning'})
        }
        return printed
      } catch (error) {
        lastError = error
        if (renderFailure(error) !== 'retry') break
      }
    }
    if (options.signal?.aborted || closed) return undefined
    // The reason printing stopped is said once, on the first brief it stopped; the others are only not built.
    if (renderFailure(lastError) === 'unavailable') {
      if (printingStopped) lastError = undefined
      else printingStopped = lastError
    }
    if (lastError) {
      failWith(file, withLimitHint(lastError), 'render-failed')
    } else {
      reportNotPrinted(file)
    }
    return undefined
  }

  /** A thumbnail not made: the brief stands (its PDF is written), the site index shows it without one. */
  function reportThumbnailError(error: Error, file: VFile): void {
    // Code from `remark-brief/pdf` (`src/pdf/thumbnail.ts`), read here without loading that module.
    if ((error as {code?: unknown}).code === 'ERR_THUMBNAIL_UNAVAILABLE') {
      if (thumbnailsUnavailableSaid) return
      thumbnailsUnavailableSaid = true
      report(file, `${error.message}; the site index shows the briefs without them`, {ruleId: 'thumbnail-unavailable', severity: 'info'})
    } else report(file, `Cannot make the thumbnail: ${error.message}, expected a PNG of page 1; the site index shows the brief without one`, {ruleId: 'thumbnail-failed', severity: 'warning'})
  }

  /** The renderer's post-print check: text of the HTML missing from the PDF is a warning. */
  function reportVerification(printed: RenderResult, file: VFile): void {
    for (const missing of printed.verified?.missing ?? []) {
      report(file, `Unexpected text missing from the PDF: ${missing.slice(0, 160)}, expected every paragraph and note printed`, {
        ruleId: 'text-not-printed',
        severity: 'warning'
      })
    }
  }

  function reportFileMessages(result: FileResult): void {
    if (options.onMessage) for (const message of result.file.messages) options.onMessage(message, result.file)
  }

  return {
    build,
    async reload() {
      stage = await loadStage(cwd, options, formats, version)
      assetsCopy = undefined
      // The budget may have changed with the configuration.
      await articlePool?.close()
      articlePool = undefined
    },
    dependencies() {
      return [stage.config.path, stage.config.template, stage.config.css].filter((item): item is string => typeof item === 'string')
    },
    async close() {
      closed = true
      // A renderer handed in is the session's to close, used or not.
      const starting = rendererPromise ?? (options.renderer ? Promise.resolve(options.renderer) : undefined)
      rendererPromise = undefined
      const closingRenderer = (async () => {
        const running = starting ? await starting.catch(() => undefined) : undefined
        if (running) await settleWithin(running.close(), 15_000, 'Closing the browser did not settle').catch(() => undefined)
      })()
      // At once: ending a worker thread takes ~0.1 s (its heap is torn down), and a cold build's exit waited for each in turn.
      await Promise.all([closingRenderer, articlePool?.close(), offeredPool?.close()])
      offeredPool = undefined
      await assetsCopy?.catch(() => undefined)
      await removeTemporaryFiles(pending)
    }
  }
}

export interface CheckOptions {
  cwd?: string
  configPath?: string
  maxInputBytes?: number
  /** Time budget per article, in milliseconds (see `BuildOptions`). */
  maxArticleTime?: number
  /** Memory budget per article, in MB (see `BuildOptions`). */
  maxArticleMemory?: number
}

/**
 * Validate articles without a browser: read, run the unified stage, check
 * images. Returns one file per input with its messages (a missing input is a
 * file with one error).
 */
export async function checkBatch(inputs: readonly string[], options: CheckOptions = {}): Promise<VFile[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const formats: OutputFormat[] = ['html']
  const stage = await loadStage(cwd, options, formats, '')
  const resolved = await resolveInputs(inputs.length > 0 ? inputs : ['input'], cwd)
  const files = resolved.missing.map((pattern) => missingInput(cwd, pattern).file)
  for (const link of resolved.links) files.push(reportSkippedLink(new VFile({path: relativeKey(cwd, link), cwd}), cwd, link).file)

  const pool = createArticlePool(budgetOf(options, stage.config))
  try {
    for (const input of resolved.files) {
      const file = new VFile({path: relativeKey(cwd, input), cwd})
      files.push(file)
      const bytes = await readArticle(input, file, options.maxInputBytes ?? stage.config.maxInputBytes ?? defaultMaxInputBytes)
      if (!bytes) continue
      await processInBudget(pool, file, {...articleJob(stage, file, input, outputName(input), formatOf(input)), checkOnly: true})
    }
  } finally {
    await pool.close()
  }

  return files
}

export interface FixResult {
  file: VFile
  /** Where the fixed Markdown went (absolute), when written. */
  written?: string
}

/**
 * `brief fix`: renumber and repair notes with the notes room's `fixBrief`;
 * Markdown is rewritten in place, scraped text gets a sibling `.md`.
 */
export async function fixFiles(inputs: readonly string[], options: CheckOptions = {}): Promise<FixResult[]> {
  // The fixer (remark and the notes room) loads here only: `brief build` never needs it on this thread.
  const {fixBrief} = await import('./fix.js')
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const stage = await loadStage(cwd, options, ['md'], '')
  const config: BriefConfig = stage.config
  const resolved = await resolveInputs(inputs.length > 0 ? inputs : ['input'], cwd)
  const results: FixResult[] = resolved.missing.map((pattern) => ({file: missingInput(cwd, pattern).file}))
  for (const link of resolved.links) results.push({file: reportSkippedLink(new VFile({path: relativeKey(cwd, link), cwd}), cwd, link).file})

  for (const input of resolved.files) {
    const file = new VFile({path: relativeKey(cwd, input), cwd})
    results.push({file})
    const bytes = await readArticle(input, file, options.maxInputBytes ?? config.maxInputBytes ?? defaultMaxInputBytes)
    if (!bytes) continue
    try {
      const markdown = String(fixBrief(file, config.notes ?? {}).value)
      if (file.messages.some((message) => message.fatal === true)) continue
      const target = formatOf(input) === 'markdown' ? input : input.replace(/\.[^./\\]*$/, '') + '.md'
      if (target !== input && !(await mayWriteSibling(target, markdown, file))) continue
      await writeKeepingFile(target, markdown)
      results[results.length - 1]!.written = target
    } catch (error) {
      failWith(file, error, 'fix-failed')
    }
  }

  return results
}

/**
 * `brief fix a.txt` writes `a.md`: never over a hand-written `a.md`. An
 * existing file is left alone with an error, unless it already holds exactly
 * what would be written.
 */
async function mayWriteSibling(target: string, markdown: string, file: VFile): Promise<boolean> {
  const existing = await fs.readFile(target, 'utf8').catch(() => undefined)
  if (existing === undefined || existing === markdown) return true
  report(file, `Unexpected existing \`${path.basename(target)}\` beside the article, expected no file there; not overwritten (fix that file itself, or move it away)`, {
    ruleId: 'fix-target-exists',
    severity: 'error'
  })
  return false
}

async function loadStage(cwd: string, options: BuildOptions, formats: OutputFormat[], version: string): Promise<Stage> {
  let config: BriefConfig
  try {
    config = await resolveConfig(cwd, options.configPath)
  } catch (error) {
    const file = configErrorFile(error)
    if (file) {
      withDebugStack(file.messages[0]!, error)
      throw Object.assign(new Error((error as Error).message, {cause: error}), {file})
    }
    throw runError(options.configPath ? path.resolve(cwd, options.configPath) : cwd, (error as Error).message, 'config-invalid', error)
  }

  if (options.notes) config = {...config, defaults: {...config.defaults, notes: options.notes}}
  const templateText = config.template ? await readSetting(cwd, config.template, 'template') : undefined
  const cssText = config.css ? await readSetting(cwd, config.css, 'css') : undefined
  const assets = templateAssets({logo: config.organization?.logo})
  const assetBytes = await Promise.all(assets.map(async (asset) => hashParts([asset.name, await fs.readFile(asset.path).catch(() => '')])))
  const {path: _configPath, ...configValues} = config

  const stage: Stage = {
    config,
    processors: {},
    templateText,
    cssText,
    assets,
    key: hashParts([version, JSON.stringify(configValues), templateText ?? '', cssText ?? '', ...assetBytes, formats.join(',')])
  }

  // A template that does not parse fails the run once, not every article. Our own
  // template always parses (its tests say so): no probe, so a cold build does not
  // make a processor on the main thread (the articles are typeset in a worker).
  if (templateText !== undefined || cssText !== undefined) await probeTemplate(config, templateText, cssText)
  return stage
}

/** Run a one-line brief through the processor with the user's template: a template that does not parse is one error for the run. */
async function probeTemplate(config: BriefConfig, templateText: string | undefined, cssText: string | undefined): Promise<void> {
  try {
    const {createBriefProcessor} = await import('./processor.js')
    const probe = createBriefProcessor({format: 'markdown', template: templateText, css: cssText, organization: config.organization, defaults: config.defaults, notes: config.notes})
    const file = new VFile({value: '# Probe\n'})
    probe.stringify(await probe.run(probe.parse(file), file), file)
    const fatal = file.messages.find((message) => message.fatal && /template/.test(message.ruleId ?? ''))
    if (fatal) throw new Error(fatal.reason)
  } catch (error) {
    throw runError(config.template ?? 'template', `Unexpected template: ${(error as Error).message}`, 'template-invalid', error)
  }
}

async function readSetting(cwd: string, value: string, key: string): Promise<string> {
  const file = path.resolve(cwd, value)
  try {
    return await fs.readFile(file, 'utf8')
  } catch (error) {
    throw runError(file, `Cannot read \`${key}\` file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, `${key}-unreadable`, error)
  }
}

async function readArticle(input: string, file: VFile, maxBytes: number): Promise<Uint8Array | undefined> {
  let stats
  try {
    stats = await fs.stat(input)
  } catch (error) {
    report(file, `Cannot read file: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`, {ruleId: 'input-unreadable', severity: 'error'})
    return undefined
  }
  if (stats.size > maxBytes) {
    report(file, `Unexpected input of ${stats.size} bytes, expected at most ${maxBytes} bytes (raise \`maxInputBytes\` in the config)`, {
      ruleId: 'input-too-large',
      severity: 'error'
    })
    return undefined
  }
  let bytes: Uint8Array
  try {
    bytes = await fs.readFile(input)
  } catch (error) {
    report(file, `Cannot read file: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`, {ruleId: 'input-unreadable', severity: 'error'})
    return undefined
  }
  // The text, as `file.value`: UTF-16 (with or without a BOM) decoded, invalid UTF-8 reported where it is.
  const decoded = decodeArticle(bytes)
  if (decoded.text.slice(0, 8192).includes('\0')) {
    report(file, 'Unexpected binary file, expected an article in plain text or Markdown', {ruleId: 'input-binary', severity: 'error'})
    return undefined
  }
  file.value = decoded.text
  if (decoded.invalid) {
    const {offset, line, column} = decoded.invalid
    report(file, `Unexpected invalid UTF-8 at byte ${offset}, expected UTF-8 or UTF-16 text; read with U+FFFD in its place`, {
      ruleId: 'input-invalid-utf8',
      severity: 'warning',
      place: {start: {line, column}, end: {line, column: column + 1}}
    })
  }
  if (decoded.text.replace(/^\uFEFF/, '').trim() === '') {
    report(file, 'Unexpected empty article, expected text to build; nothing written', {ruleId: 'input-empty', severity: 'warning'})
    return undefined
  }
  return bytes
}

/** A symbolic link met by a folder walk or a glob: not followed, one warning naming it. */
function reportSkippedLink(file: VFile, cwd: string, link: string): {file: VFile} {
  report(file, `Unexpected symbolic link \`${relativeKey(cwd, link)}\`, expected a file or folder; not followed (name the file it points to on the command line to build it)`, {
    ruleId: 'input-symlink-skipped',
    severity: 'warning'
  })
  return {file}
}

function missingInput(cwd: string, pattern: string): FileResult {
  const file = new VFile({path: relativeKey(cwd, path.resolve(cwd, pattern)), cwd})
  report(file, 'Unexpected missing input, expected an existing file, folder or glob match', {ruleId: 'missing-input', severity: 'error'})
  return {input: path.resolve(cwd, pattern), relative: file.path, status: 'failed', file, name: '', outputs: [], time: 0}
}

/** A fatal message on the file for an unexpected exception; the stack goes in `cause` for `--debug`. */
function failWith(file: VFile, error: unknown, ruleId: string): VFileMessage {
  // Deep nesting runs the recursive tree utilities out of stack: say what is wrong with the input.
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    const reason = 'Unexpected nesting too deep to process, expected fewer levels of nested quotes, lists or HTML elements (about a thousand work)'
    return withDebugStack(report(file, reason, {ruleId: 'input-too-deep', severity: 'error'}), error)
  }
  const reason = error instanceof Error ? error.message : String(error)
  return withDebugStack(report(file, reason.split('\n')[0] || 'Unknown error', {ruleId, severity: 'error'}), error)
}

/**
 * Keep the stack of the exception behind a message for `--debug`, out of
 * sight of vfile-reporter (which prints a `cause` in full).
 */
function withDebugStack(message: VFileMessage, error: unknown): VFileMessage {
  if (error instanceof Error && error.stack) Object.defineProperty(message, 'debugStack', {value: error.stack, enumerable: false})
  return message
}

/** The stack saved by the build for `--debug`, if any. */
export function debugStack(message: VFileMessage): string | undefined {
  return (message as VFileMessage & {debugStack?: string}).debugStack
}

function runError(filePath: string, reason: string, ruleId: string, cause?: unknown): RunError {
  const file = new VFile({path: filePath})
  withDebugStack(report(file, reason.split('\n')[0]!, {ruleId, severity: 'error'}), cause)
  return Object.assign(new Error(reason, {cause}), {file})
}

/**
 * Articles deleted since they were built leave the manifest (so the site
 * index) and their outputs go too, unless another entry names the same file.
 */
async function forgetDeletedArticles(cwd: string, outDir: string, manifest: Manifest, run: VFile): Promise<string[]> {
  const forgotten: string[] = []
  // Every entry's article checked at once: a watch rebuild of one brief in a large archive waits for this.
  const entries = Object.entries(manifest.entries)
  const present = await Promise.all(entries.map(([relative]) => fs.access(path.resolve(cwd, relative)).then(() => true, () => false)))
  for (const [index, [relative, entry]] of entries.entries()) {
    if (present[index]) continue
    delete manifest.entries[relative]
    forgotten.push(relative)
    const stillUsed = new Set(Object.values(manifest.entries).flatMap((other) => Object.values(other.outputs)))
    for (const output of Object.values(entry.outputs)) {
      if (typeof output !== 'string') continue
      if (!stillUsed.has(output)) await fs.rm(path.join(outDir, ...output.split('/')), {force: true})
      else report(run, `Kept \`${output}\` of deleted article \`${relative}\`: another brief in the manifest names it`, {ruleId: 'output-kept', severity: 'info'})
    }
    if (!stillUsed.has(`${entry.name}.html`)) await fs.rm(path.join(outDir, `${entry.name}.files`), {recursive: true, force: true})
  }
  return forgotten
}

/**
 * Which side outputs a build writes besides the briefs (a host's build wants
 * only the PDFs), and where its cache lives. `keyParts` go in each brief's
 * cache key when they differ from the defaults, so turning thumbnails back on
 * rebuilds.
 */
function outputSwitches(options: BuildOptions, formats: readonly OutputFormat[], cwd: string, outDir: string) {
  const index = options.index ?? true
  // Only the site index shows thumbnails: without it, none are made (page 1 drawn by PDFium, ~45 ms of CPU a brief).
  const thumbnails = options.thumbnails ?? index
  return {
    index,
    thumbnails,
    assets: options.copyAssets ?? formats.includes('html'),
    // The manifest is `<cacheBase>/.brief-cache/manifest.json`.
    cacheBase: options.cacheDir === undefined ? outDir : path.resolve(cwd, options.cacheDir),
    keyParts: thumbnails ? (thumbnailPackagesInstalled() ? [] : ['no-thumbnail-packages']) : ['no-thumbnails']
  }
}

/**
 * PDFium and the PNG encoder (optional packages) can be found: without them
 * a build writes no thumbnails, and its cache key says so, so the briefs are
 * built again (with thumbnails) once they are installed. Resolved, not loaded.
 */
function thumbnailPackagesInstalled(): boolean {
  return ['@hyzyla/pdfium', 'pngjs'].every((specifier) => optionalRequire(specifier) !== undefined)
}

/** The article budget: the option, else the configuration, else the default. */
function budgetOf(options: {maxArticleTime?: number; maxArticleMemory?: number}, config: BriefConfig) {
  return {
    maxTime: options.maxArticleTime ?? config.maxArticleTime ?? defaultMaxArticleTime,
    maxMemory: options.maxArticleMemory ?? config.maxArticleMemory ?? defaultMaxArticleMemory
  }
}

function articleJob(stage: Stage, file: VFile, input: string, name: string, format: InputFormat): ArticleJob {
  const settings: StageSettings = {
    key: stage.key,
    template: stage.templateText,
    css: stage.cssText,
    organization: stage.config.organization,
    defaults: stage.config.defaults,
    notes: stage.config.notes
  }
  return {stage: settings, format, value: String(file.value), path: file.path, cwd: file.cwd, input, articleDir: path.dirname(input), name, images: imagePolicy(stage.config)}
}

/**
 * Run one article's unified stage in the pool, under its budget, and put what
 * came back on `file`. `undefined` when the article failed (the message says
 * why: over budget, an exception, or a fatal message of its own).
 */
async function processInBudget(pool: ArticlePool, file: VFile, job: ArticleJob): Promise<ArticleOutcome | undefined> {
  const result = await pool.run(job)
  if (!result.ok) {
    report(file, result.reason, {ruleId: result.ruleId, severity: 'error'})
    return undefined
  }
  const {outcome} = result
  // The decoder has reported the U+FFFD it put for invalid bytes (input-invalid-utf8, with the byte offset):
  // the template's box for that character is the same finding, so it is not reported twice.
  const decoderLoss = file.messages.some((message) => message.ruleId === 'input-invalid-utf8')
  const isDecoderBox = (message: (typeof outcome.messages)[number]) =>
    message.ruleId === 'text-not-printed' && (message.data as {codePoint?: string} | undefined)?.codePoint === 'U+FFFD'
  receiveMessages(file, decoderLoss ? outcome.messages.filter((message) => !isDecoderBox(message)) : outcome.messages)
  Object.assign(file.data, outcome.data)
  if (outcome.error) {
    failWith(file, receiveError(outcome.error), outcome.errorRule ?? 'process-failed')
    return undefined
  }
  return hasErrors(file) ? undefined : outcome
}

/** What the configuration lets images be (size, the shared assets folder). */
function imagePolicy(config: BriefConfig): ImagePolicy {
  return {maxBytes: config.maxImageBytes, assetsDir: config.assets}
}

/** Remove image copies of a failed brief, then its `<name>.files` folders if they are left empty. */
async function removeCopies(made: readonly string[]): Promise<void> {
  for (const target of made) await fs.rm(target, {force: true}).catch(() => undefined)
  const folders = [...new Set(made.map((target) => path.dirname(target)))].sort((a, b) => b.length - a.length)
  for (const folder of folders) {
    for (let current = folder; /\.files(?:[\\/]|$)/.test(current); current = path.dirname(current)) {
      if (!(await fs.rmdir(current).then(() => true, () => false))) break
    }
  }
}

async function ensureWritable(outDir: string): Promise<void> {
  try {
    await fs.mkdir(outDir, {recursive: true})
    const probe = path.join(outDir, `.brief-write-test-${process.pid}.tmp`)
    await fs.writeFile(probe, '')
    await fs.rm(probe, {force: true})
  } catch (error) {
    throw runError(outDir, `Cannot write output folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'output-unwritable', error)
  }
}

/** A brief left unbuilt because printing stopped earlier in the run (no browser can be had). */
function reportNotPrinted(file: VFile): void {
  report(file, 'Unexpected stop of printing earlier in this run (the browser cannot be launched), expected a browser to print with: not built', {ruleId: 'browser-unavailable', severity: 'error'})
}

/**
 * What a failed render calls for: `unavailable` (no browser can be had: stop
 * printing for the run), `final` (a timeout, or a job the renderer already
 * retried in a new browser), or `retry` (anything else, a failed launch
 * among them). Codes from `remark-brief/pdf` (`src/pdf/pool.ts`), read
 * here without loading that module.
 */
function renderFailure(error: unknown): 'unavailable' | 'final' | 'retry' {
  const fields = error && typeof error === 'object' ? (error as {code?: unknown; retried?: unknown}) : {}
  if (fields.code === 'ERR_BROWSER_UNAVAILABLE') return 'unavailable'
  // A timeout would only time out again; text lost from the print would be lost again.
  if (fields.code === 'ERR_RENDER_TIMEOUT' || fields.code === 'ERR_TEXT_LOST' || fields.retried === true) return 'final'
  return 'retry'
}

/** A timeout's message, saying how to raise the limit it names. */
function withLimitHint(error: unknown): unknown {
  if (!(error instanceof Error) || (error as {code?: unknown}).code !== 'ERR_RENDER_TIMEOUT') return error
  const hint = ' (the `timeout` build option, `--render-timeout <ms>` on the command line; default 30000)'
  return Object.assign(new Error(error.message.split('\n')[0] + hint, {cause: error}), {code: 'ERR_RENDER_TIMEOUT'})
}

/**
 * A last guard around the renderer's own timeout: a render whose promise
 * never settles (a page that will not close) fails this file instead of
 * stalling the batch.
 */
function renderGuard(options: BuildOptions): number {
  return (options.timeout ?? 30_000) * 2 + 15_000
}

async function settleWithin<T>(work: Promise<T>, ms: number, reason: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${reason} within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([work, guard])
  } finally {
    clearTimeout(timer)
    work.catch(() => undefined)
  }
}

function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true)
}

/**
 * Pages printing at once. Default one per core (`os.availableParallelism()`),
 * like the PDF renderer. (Two pages taking thumbnails at once used to stall the
 * browser: a screenshot of a background tab got no frame. Thumbnails are now
 * drawn from the PDFs in Node, `src/pdf/thumbnail.ts`.)
 */
function concurrencyOf(options: BuildOptions): number {
  return Math.max(1, Math.floor(options.concurrency ?? os.availableParallelism()))
}

function relativeKey(cwd: string, input: string): string {
  return path.relative(cwd, input).split(path.sep).join('/')
}

async function presentEntries(outDir: string, manifest: Manifest): Promise<CacheEntry[]> {
  const entries = await Promise.all(
    Object.values(manifest.entries).map(async (entry) => ((await isFresh(outDir, entry, entry.key)) ? entry : undefined))
  )
  return entries.filter((entry): entry is CacheEntry => entry !== undefined)
}

function summarise(files: FileResult[], skipped: number, time: number, run: VFile): BatchResult {
  const messages = [...files.flatMap((result) => result.file.messages), ...run.messages]
  return {
    files,
    built: files.filter((result) => result.status === 'built').length,
    unchanged: files.filter((result) => result.status === 'unchanged').length,
    failed: files.filter((result) => result.status === 'failed').length,
    warnings: messages.filter((message) => message.fatal === false).length,
    errors: messages.filter((message) => message.fatal === true).length,
    skipped,
    time,
    run
  }
}

/** Write one of the run's own files; a failure is an error on the run, not an exception. */
async function writeOrReport(run: VFile, what: string, write: () => Promise<void>): Promise<void> {
  try {
    await write()
  } catch (error) {
    report(run, `Cannot write the ${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; the briefs themselves were written`, {
      ruleId: 'output-write-failed',
      severity: 'error'
    })
  }
}

function reportLeftovers(run: VFile, removed: readonly string[], outDir: string): void {
  if (removed.length === 0) return
  const names = removed.slice(0, 3).map((file) => `\`${path.relative(outDir, file)}\``).join(', ')
  report(run, `Removed ${removed.length} temporary ${removed.length === 1 ? 'file' : 'files'} of an interrupted run (${names}${removed.length > 3 ? ', …' : ''})`, {ruleId: 'output-leftovers-removed', severity: 'info'})
}

/**
 * This package's version and a fingerprint of its code and default template
 * (a hash of every file's path and bytes, under 1 MB): part of the cache key,
 * so an upgrade, or a changed checkout, rebuilds every brief. Contents, not
 * modification times: recompiling the same code keeps the cache.
 */
export async function packageVersion(): Promise<string> {
  const manifest = fileURLToPath(new URL('../../package.json', import.meta.url))
  let version = '0.0.0'
  try {
    version = (JSON.parse(await fs.readFile(manifest, 'utf8')) as {version: string}).version
  } catch {}
  const folders = [fileURLToPath(new URL('..', import.meta.url)), fileURLToPath(new URL('../../templates', import.meta.url))]
  const parts: Array<string | Uint8Array> = []
  for (const folder of folders) {
    const entries = await fs.readdir(folder, {recursive: true, withFileTypes: true}).catch(() => [])
    const files = entries
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort()
    // Read at once (a cold build waits for this before anything else), hashed in path order.
    const contents = await Promise.all(files.map((file) => fs.readFile(file).catch(() => undefined)))
    files.forEach((file, index) => {
      const bytes = contents[index]
      if (bytes) parts.push(path.relative(folder, file), bytes)
    })
  }
  return `${version}+${hashParts(parts).slice(0, 16)}`
}
