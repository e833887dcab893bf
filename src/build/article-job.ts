/**
 * One article through the unified stage, as data in and data out, so it can
 * run in a worker thread under a budget (`budget.ts`): read (parse), recognize,
 * template, check its images, stringify; and, for `--format md`, the fixed
 * Markdown. Messages and `file.data` travel back as plain objects.
 */
import type {Root as HastRoot} from 'hast'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {OrganizationConfig} from '../meta/types.js'
import {fixBrief} from './fix.js'
import {localImages, type ImagePolicy} from './images.js'
import {createBriefProcessor, type BriefProcessor, type BriefProcessorOptions, type InputFormat} from './processor.js'
import type {ArticleOutcome, SentError, SentMessage} from './article-outcome.js'

export {receiveError, receiveMessages, type ArticleOutcome, type SentError, type SentMessage} from './article-outcome.js'

/** What the processor is made from: the same for every article of a run (`key` names it). */
export interface StageSettings {
  key: string
  template?: string
  css?: string
  organization?: OrganizationConfig
  defaults?: BriefProcessorOptions['defaults']
  notes?: Record<string, unknown>
}

export interface ArticleJob {
  stage: StageSettings
  format: InputFormat
  /** The article's text. */
  value: string
  /** `file.path` (relative to `cwd`) and `file.cwd`. */
  path: string
  cwd: string
  /** Absolute input path (for `brief fix`'s own file). */
  input: string
  /** The article's folder, where its images must be. */
  articleDir: string
  /** Output name (`<name>.files/` for images). */
  name: string
  images: ImagePolicy
  /** Also write the fixed Markdown (`--format md`). */
  markdown?: boolean
  /** Stop after the images (`brief check`): no HTML. */
  checkOnly?: boolean
}

/** Processors by format, kept for one stage (a worker is reused across articles of a run). */
export interface ProcessorCache {
  key?: string
  processors: Partial<Record<InputFormat, BriefProcessor>>
}

export function createProcessorCache(): ProcessorCache {
  return {processors: {}}
}

/**
 * The processor for a job's stage and format, made once per worker (parsing
 * the template, loading the hyphenator): the worker makes it before the
 * article's budget starts, so it is not counted against the article.
 */
export function processorFor(job: ArticleJob, cache: ProcessorCache): BriefProcessor {
  if (cache.key !== job.stage.key) Object.assign(cache, {key: job.stage.key, processors: {}})
  const {stage} = job
  return (cache.processors[job.format] ??= createBriefProcessor({
    format: job.format,
    template: stage.template,
    css: stage.css,
    organization: stage.organization,
    defaults: stage.defaults,
    notes: stage.notes
  }))
}

export async function processArticle(job: ArticleJob, cache: ProcessorCache): Promise<ArticleOutcome> {
  const {stage} = job
  const processor = processorFor(job, cache)
  const file = new VFile({path: job.path, cwd: job.cwd, value: job.value})
  const outcome = (extra: Partial<ArticleOutcome> = {}): ArticleOutcome => ({messages: file.messages.map(sendMessage), data: file.data as Record<string, unknown>, ...extra})

  let tree: HastRoot
  try {
    tree = await processor.run(processor.parse(file), file)
  } catch (error) {
    return outcome({error: sendError(error), errorRule: 'process-failed'})
  }
  try {
    if (!job.checkOnly && file.messages.some((message) => message.fatal === true)) return outcome()
    const copies = await localImages(tree, file, job.articleDir, job.name, job.images)
    if (job.checkOnly) return outcome()
    const html = processor.stringify(tree, file)
    if (!job.markdown) return outcome({html, copies})
    // A separate file: the fixer's messages repeat the build's own.
    const fixed = fixBrief(new VFile({path: job.input, cwd: job.cwd, value: job.value}), (stage.notes ?? {}) as Parameters<typeof fixBrief>[1])
    const failed = fixed.messages.some((message) => message.fatal === true)
    return outcome({html, copies, markdown: failed ? undefined : String(fixed.value), markdownFailed: failed})
  } catch (error) {
    return outcome({error: sendError(error), errorRule: 'build-failed'})
  }
}

function sendMessage(message: VFileMessage): SentMessage {
  const sent: SentMessage = {reason: message.reason, ruleId: message.ruleId, source: message.source, fatal: message.fatal, place: message.place}
  if (message.url) sent.url = message.url
  if (message.note) sent.note = message.note
  const extra = message as VFileMessage & {data?: unknown; debugStack?: string}
  if (extra.data !== undefined) sent.data = extra.data
  if (extra.debugStack) sent.debugStack = extra.debugStack
  return sent
}

export function sendError(error: unknown): SentError {
  return error instanceof Error ? {name: error.name, message: error.message, stack: error.stack} : {name: 'Error', message: String(error)}
}
