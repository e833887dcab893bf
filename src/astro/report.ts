/**
 * The end-of-build report: every rendered file's messages at the lines of the
 * file on disk, plus the messages of files Astro did not render again this
 * build (a content collection skips unchanged entries), kept in a small store
 * in Astro's cache folder.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {safeTarget, type RenderedFile} from './record.js'

/** A message as stored: what vfile-reporter prints. */
interface StoredMessage {
  reason: string
  ruleId?: string
  source?: string
  fatal?: boolean | null
  start?: {line: number; column: number}
  end?: {line: number; column: number}
}

interface StoredFile {
  /** sha256 of the file's bytes when its messages were taken. */
  hash: string
  messages: StoredMessage[]
  pdf?: string
}

interface Store {
  version: 1
  /** By path relative to the project root, `/` separated. */
  files: Record<string, StoredFile>
}

/** One source file's report: a VFile (path relative to the root) with its messages, and its PDF target. */
export interface SourceReport {
  source: string
  file: VFile
  pdf?: string
}

/**
 * Reports for this build: the files rendered now, then the stored ones that
 * were not rendered but are unchanged on disk. The store is rewritten.
 */
export async function collectReports(rendered: Iterable<RenderedFile>, root: string, storePath: string): Promise<SourceReport[]> {
  const store = await readStore(storePath)
  const next: Store = {version: 1, files: {}}
  const reports: SourceReport[] = []

  for (const entry of rendered) {
    const bytes = await fs.readFile(entry.source).catch(() => undefined)
    const shift = bytes ? lineShift(bytes.toString('utf8'), entry.text) : 0
    const messages = entry.file.messages.map((message) => stored(message, shift))
    if (entry.noPdf) messages.push({reason: entry.noPdf, ruleId: 'astro-no-pdf', source: 'remark-brief', fatal: false})
    const key = relativeKey(root, entry.source)
    if (bytes) next.files[key] = {hash: hashOf(bytes), messages, pdf: entry.pdf}
    reports.push({source: entry.source, file: reportFile(root, key, messages), pdf: entry.pdf})
  }

  for (const [key, entry] of Object.entries(store.files)) {
    if (next.files[key]) continue
    const source = path.resolve(root, ...key.split('/'))
    const bytes = await fs.readFile(source).catch(() => undefined)
    if (!bytes || hashOf(bytes) !== entry.hash) continue
    next.files[key] = entry
    reports.push({source, file: reportFile(root, key, entry.messages), pdf: entry.pdf})
  }

  await fs.mkdir(path.dirname(storePath), {recursive: true})
  await fs.writeFile(storePath, JSON.stringify(next) + '\n')
  reports.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0))
  return reports
}

/**
 * Lines Astro took off the top of the file before remark saw it: a content
 * collection gets the body without its front matter (pages keep their lines,
 * the front matter blanked). 0 when the text is not found whole in the file.
 */
export function lineShift(onDisk: string, rendered: string): number {
  if (rendered.trim() === '' || onDisk === rendered) return 0
  const at = onDisk.indexOf(rendered)
  return at > 0 ? onDisk.slice(0, at).split('\n').length - 1 : 0
}

function stored(message: VFileMessage, shift: number): StoredMessage {
  const start = message.place && 'start' in message.place ? message.place.start : message.place
  const end = message.place && 'end' in message.place ? message.place.end : undefined
  const moved = (point?: {line: number; column: number}) => (point && point.line ? {line: point.line + shift, column: point.column} : undefined)
  return {reason: message.reason, ruleId: message.ruleId, source: message.source, fatal: message.fatal, start: moved(start), end: moved(end)}
}

function reportFile(root: string, key: string, messages: readonly StoredMessage[]): VFile {
  const file = new VFile({path: key, cwd: root})
  for (const item of messages) {
    const message = new VFileMessage(item.reason, {
      place: item.start ? (item.end ? {start: item.start, end: item.end} : item.start) : undefined,
      ruleId: item.ruleId,
      source: item.source
    })
    message.file = file.path
    message.fatal = item.fatal ?? undefined
    file.messages.push(message)
  }
  return file
}

async function readStore(storePath: string): Promise<Store> {
  try {
    const parsed = JSON.parse(await fs.readFile(storePath, 'utf8')) as Partial<Store>
    if (parsed.version === 1 && parsed.files && typeof parsed.files === 'object' && !Array.isArray(parsed.files)) {
      // An entry of another shape (a hand edit, an older version) is dropped: that file is reported again when it renders.
      const files = Object.entries(parsed.files).filter(([, entry]) => isStoredFile(entry))
      return {version: 1, files: Object.fromEntries(files)}
    }
  } catch {}
  return {version: 1, files: {}}
}

function isStoredFile(value: unknown): value is StoredFile {
  const entry = value as Partial<StoredFile> | null
  return (
    Boolean(entry) &&
    typeof entry!.hash === 'string' &&
    (entry!.pdf === undefined || (typeof entry!.pdf === 'string' && safeTarget(entry!.pdf) === entry!.pdf)) &&
    Array.isArray(entry!.messages) &&
    entry!.messages.every((message) => Boolean(message) && typeof message.reason === 'string')
  )
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function relativeKey(root: string, source: string): string {
  return path.relative(root, source).split(path.sep).join('/')
}
