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
  const message = file.message(reason, {
    place,
    ruleId: options.ruleId,
    source: 'remark-brief',
    cause: options.cause
  })
  message.fatal = options.severity === 'error' ? true : options.severity === 'warning' ? false : undefined
  if (options.data) Object.assign(message, {data: options.data})
  return message
}
