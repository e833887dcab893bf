/**
 * Pass `normalize`: the input ▶ lines and spans whose every character maps back to an input offset.
 *
 * The input as lines and spans that remember where each character came from,
 * so every node and message points into the ORIGINAL text (CR, CRLF, LF, BOM).
 */
import type {Position} from 'unist'
import {location} from 'vfile-location'

/** One line of the input: `text` is `source.slice(start, end)`, without its line ending. */
export interface Line {
  start: number
  end: number
  text: string
}

/**
 * Text built from parts of the input. `spanOffset(span, i)` is the input offset of
 * `value[i]`; `end` is the input offset just after the span.
 */
export interface Span {
  value: string
  /** Where the characters came from, as runs of consecutive input offsets (shared by the slices of a span). */
  runs: Runs
  /** The index in `runs` of `value[0]`. */
  shift: number
  end: number
}

/**
 * Run `k` starts at index `starts[k]` (ascending) with input offset `offsets[k]`, the characters after it
 * one input offset each up to the next run: a line's text is one run, not one offset per character.
 */
export interface Runs {
  starts: number[]
  offsets: number[]
}

/** Runs being written: `length` characters so far, `next` the input offset that continues the last run. */
interface RunsWriter {
  runs: Runs
  length: number
  next: number
}

/** Add `count` characters from input offset `offset` on (a new run unless they continue the last). */
function addRun(writer: RunsWriter, offset: number, count: number) {
  if (count <= 0) return
  if (offset !== writer.next) {
    writer.runs.starts.push(writer.length)
    writer.runs.offsets.push(offset)
  }
  writer.length += count
  writer.next = offset + count
}

/** Input offset of index `index` of `runs` (`index` inside them). */
function runOffset(runs: Runs, index: number): number {
  const {starts, offsets} = runs
  // The last run starting at or before `index`, by halving.
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (starts[middle] <= index) low = middle
    else high = middle - 1
  }
  return offsets[low] + (index - starts[low])
}

export interface Source {
  text: string
  lines: Line[]
  /** `unist` position of the input range `[start, end)`. */
  position: (start: number, end: number) => Position
}

export function createSource(text: string): Source {
  const hasBom = text.charCodeAt(0) === 0xfeff
  const place = location(text)
  return {text, lines: splitLines(text, hasBom ? 1 : 0), position}

  function position(start: number, end: number): Position {
    return {start: point(start), end: point(Math.max(start, end))}
  }

  function point(offset: number) {
    const clamped = Math.min(Math.max(offset, 0), text.length)
    const found = place.toPoint(clamped) ?? {line: 1, column: 1}
    // An editor shows the byte-order mark as no column at all.
    const column = hasBom && found.line === 1 && found.column > 1 ? found.column - 1 : found.column
    return {line: found.line, column, offset: clamped}
  }
}

/** Split on CRLF, CR and LF alike, in one linear pass (line ends found by a pattern: a loop over every character is slow while cold). */
export function splitLines(text: string, from = 0): Line[] {
  const lines: Line[] = []
  const lineEnd = /\r\n?|\n/g
  lineEnd.lastIndex = from
  let start = from
  for (let match = lineEnd.exec(text); match; match = lineEnd.exec(text)) {
    lines.push({start, end: match.index, text: text.slice(start, match.index)})
    start = match.index + match[0].length
  }
  if (start < text.length || lines.length === 0) lines.push({start, end: text.length, text: text.slice(start)})
  return lines
}

export function isBlank(line: Line): boolean {
  return /^\s*$/.test(line.text)
}

/**
 * Join parts of lines (`[start, end)` input ranges) into one span: leading and
 * trailing white space of each part dropped, parts joined by `\n`, control
 * characters turned into spaces (they only come from broken conversions) and
 * Markdown backslash escapes before ASCII punctuation resolved.
 */
export function spanOfRanges(text: string, ranges: Array<[number, number]>): Span {
  return joinRanges(text, ranges, true)
}

/** `spanOfRanges(text, ranges).value`, without the offsets (most callers only read the text). */
export function valueOfRanges(text: string, ranges: Array<[number, number]>): string {
  return joinRanges(text, ranges, false).value
}

function joinRanges(text: string, ranges: Array<[number, number]>, withOffsets: boolean): Span {
  // A backslash or a control character (`isControl`): the only characters the copy changes. One per call (its `lastIndex` moves).
  const special = /[\\\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g
  // Most inputs hold neither anywhere: then no range is searched.
  const plain = !holdsSpecial(text)
  const writer: RunsWriter = {runs: {starts: [], offsets: []}, length: 0, next: -1}
  const chars: string[] = []
  let length = 0
  let end = ranges.length > 0 ? ranges[0][0] : 0

  // Counted, each pair read by index: `for…of` with destructuring made two iterators and their results per range, cold.
  for (let rangeIndex = 0; rangeIndex < ranges.length; rangeIndex++) {
    const pair = ranges[rangeIndex]
    let start = pair[0]
    let stop = pair[1]
    while (start < stop && isSpace(text.charCodeAt(start))) start++
    while (stop > start && isSpace(text.charCodeAt(stop - 1))) stop--
    if (start === stop) continue
    if (length > 0) {
      chars.push('\n')
      if (withOffsets) addRun(writer, end, 1)
      length++
    }
    // Copy plain stretches whole; only escapes and control characters change (found by a regular expression, not a loop over every character).
    let copied = start
    // Searched in the range alone (a slice shares the text's memory): a search in `text` would run on to its end for every range.
    const range = text.slice(start, stop)
    special.lastIndex = 0
    for (let found = plain ? null : special.exec(range); found; found = special.exec(range)) {
      const index = start + found.index
      const code = text.charCodeAt(index)
      const escape = code === 92 && index + 1 < stop && isAsciiPunctuation(text.charCodeAt(index + 1))
      if (!escape && !isControl(code)) continue
      if (index > copied) chars.push(text.slice(copied, index))
      length = copyOffsets(writer, length, copied, index, withOffsets)
      if (!escape) {
        chars.push(' ')
        if (withOffsets) addRun(writer, index, 1)
        length++
      }
      copied = index + 1
      // The escaped character is copied as it is, even a second backslash.
      if (escape) special.lastIndex = index + 2 - start
    }
    if (stop > copied) chars.push(text.slice(copied, stop))
    length = copyOffsets(writer, length, copied, stop, withOffsets)
    end = stop
  }

  return {value: chars.join(''), runs: writer.runs, shift: 0, end}
}

/**
 * Whether `text` holds a backslash or a control character (C0 but tab and line feed, C1): asked once per
 * input (the last answer kept), by the joins and by the control-character report.
 */
export function holdsSpecial(text: string): boolean {
  if (text !== lastText) {
    lastText = text
    lastHoldsSpecial = /[\\\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(text)
  }
  return lastHoldsSpecial
}

let lastText: string | undefined
let lastHoldsSpecial = true

/** Record input offsets `[from, to)` at `length` (when kept: one run, not an offset per character); the new length. */
function copyOffsets(writer: RunsWriter, length: number, from: number, to: number, withOffsets: boolean): number {
  if (withOffsets) addRun(writer, from, to - from)
  return length + Math.max(0, to - from)
}

export function sliceSpan(span: Span, start: number, end: number): Span {
  const from = Math.max(0, Math.min(start, span.value.length))
  const to = Math.max(from, Math.min(end, span.value.length))
  return {value: span.value.slice(from, to), runs: span.runs, shift: span.shift + from, end: spanOffset(span, to)}
}

/** Input offset of the span index `index` (the span's end for `index === length`). */
export function spanOffset(span: Span, index: number): number {
  if (index >= span.value.length) return span.end
  // Before the start there is no offset (the per-character array answered `undefined` there too).
  if (!(index >= 0)) return undefined as unknown as number
  return runOffset(span.runs, span.shift + index)
}

/** Input range `[start, end)` of span indices `[from, to)`. */
export function spanRange(span: Span, from: number, to: number): [number, number] {
  const start = spanOffset(span, from)
  const end = to > from ? (to >= span.value.length ? span.end : spanOffset(span, to - 1) + 1) : start
  return [start, Math.max(start, end)]
}

export function trimSpan(span: Span): Span {
  const match = /^\s*/.exec(span.value)
  const start = match ? match[0].length : 0
  let end = span.value.length
  while (end > start && isSpace(span.value.charCodeAt(end - 1))) end--
  return sliceSpan(span, start, end)
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x200b) || code === 0x3000
}

function isControl(code: number): boolean {
  return (code < 32 && code !== 9 && code !== 10) || (code >= 0x7f && code <= 0x9f)
}

function isAsciiPunctuation(code: number): boolean {
  return (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126)
}

/**
 * Join spans into one, a space between each two (the space points at where the second part starts),
 * for text that a removed stretch cut in two (a page-bottom note in the middle of a sentence).
 */
export function joinSpans(parts: readonly Span[]): Span {
  const kept = parts.filter((part) => part.value.length > 0)
  if (kept.length === 0) return parts[0] ?? {value: '', runs: {starts: [], offsets: []}, shift: 0, end: 0}
  const writer: RunsWriter = {runs: {starts: [], offsets: []}, length: 0, next: -1}
  let value = ''
  for (const [index, part] of kept.entries()) {
    if (index > 0) {
      value += ' '
      addRun(writer, spanOffset(part, 0), 1)
    }
    value += part.value
    // The part's own runs, from its first character to its last.
    const {starts, offsets} = part.runs
    const first = part.shift
    const last = part.shift + part.value.length
    for (let run = 0; run < starts.length; run++) {
      const from = Math.max(starts[run], first)
      const to = Math.min(run + 1 < starts.length ? starts[run + 1] : last, last)
      if (to > from) addRun(writer, offsets[run] + (from - starts[run]), to - from)
    }
  }
  return {value, runs: writer.runs, shift: 0, end: kept.at(-1)!.end}
}
