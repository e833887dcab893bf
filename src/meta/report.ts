/** One way to put a remark-brief message on a file: source, kebab-case rule id, place, severity. */
import type {Node, Position} from 'unist'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'

export type Severity = 'error' | 'warning' | 'info'

export interface ReportOptions {
  /** kebab-case rule name, e.g. "missing-note-definition". */
  ruleId: string
  severity: Severity
  /** Where the problem is: a node or a position. */
  place?: Node | Position
  /** An earlier message this one refers to (e.g. the first of two duplicates). */
  cause?: VFileMessage | Error
  /** Extra JSON-safe facts for tools (e.g. the old → new label map). */
  data?: Record<string, unknown>
}

/**
 * Add a remark-brief message to a file. Errors get `fatal: true` and are not
 * thrown (hosts decide), warnings `fatal: false`, infos `fatal: undefined`,
 * exactly as `vfile` and `vfile-reporter` expect.
 */
export function report(file: VFile, reason: string, options: ReportOptions): VFileMessage {
  const place =
    options.place && 'type' in options.place ? (options.place as Node).position : (options.place as Position | undefined)
  const message = withoutStackTrace(() =>
    file.message(printable(reason), {
      place,
      ruleId: options.ruleId,
      source: 'remark-brief',
      cause: options.cause
    })
  )
  message.fatal = options.severity === 'error' ? true : options.severity === 'warning' ? false : undefined
  if (options.data) Object.assign(message, {data: options.data})
  return message
}

/**
 * Run `make` with no stack trace captured for errors it constructs. A
 * `VFileMessage` is an `Error`: its constructor captures the caller's stack,
 * then sets `stack` to '' (or, for a legacy cause, to the cause's); the
 * capture, deep inside a unified pipeline, was most of a message's cost (a
 * scraped article reports hundreds of removed stretches). The limit is put
 * back before returning, thrown or not.
 */
function withoutStackTrace<T>(make: () => T): T {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return make()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/**
 * A reason quotes article text (an image's `src`, a note), and reporters print
 * it to a terminal: control characters (escape sequences that clear the
 * screen, set the title or write the clipboard) are written out as `\u001B`.
 */
function printable(reason: string): string {
  // Newlines too (a forged line of output) and bidirectional controls (U+202E reverses what follows).
  return reason.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (character) => '\\u' + character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'))
}
