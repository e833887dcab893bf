/**
 * What an article's unified stage sends back from its worker thread
 * (`article-job.ts`), and how the build puts it on its own file. Kept apart
 * from the pipeline: the build's main thread needs only this, never the
 * plugins (which load in the worker).
 */
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import type {ImageCopy} from './images.js'

export interface SentMessage {
  reason: string
  ruleId?: string
  source?: string
  fatal?: boolean | null
  place?: Position | {line: number; column: number}
  url?: string
  note?: string
  data?: unknown
  debugStack?: string
}

export interface SentError {
  name: string
  message: string
  stack?: string
}

export interface ArticleOutcome {
  messages: SentMessage[]
  data: Record<string, unknown>
  html?: string
  copies?: ImageCopy[]
  /** The fixed Markdown; `undefined` with `markdownFailed` when the fixer reported errors. */
  markdown?: string
  markdownFailed?: boolean
  /** An exception, and the rule that names where it happened. */
  error?: SentError
  errorRule?: string
}

/** Put messages that came back from a worker on the build's own file. */
export function receiveMessages(file: VFile, messages: readonly SentMessage[]): void {
  for (const sent of messages) {
    const message = file.message(sent.reason, {place: sent.place, ruleId: sent.ruleId, source: sent.source})
    message.fatal = sent.fatal
    if (sent.url) message.url = sent.url
    if (sent.note) message.note = sent.note
    if (sent.data !== undefined) Object.assign(message, {data: sent.data})
    if (sent.debugStack) Object.defineProperty(message, 'debugStack', {value: sent.debugStack, enumerable: false})
  }
}

/** An exception that came back from a worker, as the same kind of error (a stack overflow stays a `RangeError`). */
export function receiveError(sent: SentError): Error {
  const kinds: Record<string, ErrorConstructor> = {RangeError, TypeError, SyntaxError}
  const error = new (kinds[sent.name] ?? Error)(sent.message)
  if (sent.stack) error.stack = sent.stack
  return error
}
