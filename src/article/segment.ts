/**
 * Pass `segment` (one-line pages): a paragraph thousands of characters long with no line break ▶ sections
 * and paragraphs, split by structure alone: ALL-CAPS runs between sentences become headings
 * (`… sentence. KEY FINDINGS Trade …`), and the text between them paragraphs of a few sentences each,
 * cut only at sentence ends (never after an abbreviation or an initial).
 */
import type {Span} from './source.js'
import {isNarrow, narrowFirst} from './narrow.js'
import {letterOrDigit} from './regions.js'
import {sliceSpan, trimSpan} from './source.js'

export interface Segment {
  type: 'paragraph' | 'heading'
  span: Span
}

/** Below this a line is an ordinary paragraph, however long (one-paragraph-per-line files stay as they are). */
export const oneLinePage = 3000
/** A paragraph closes at the first sentence end after this many characters. */
const paragraphSize = 700

/** A sentence end: punctuation, a closing quote, a marker glued or in brackets, then space and a capital. */
const sentenceEnd = /[.!?]["”’)]?(?:\d{1,3}|\[\d{1,3}\])?\s+(?=[“"‘(]?\p{Lu})/gu
const shortWords = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'no', 'vol', 'inc', 'jr', 'sr', 'prof', 'gen', 'col', 'lt', 'rep', 'sen', 'gov', 'co', 'corp', 'ltd', 'vs', 'etc', 'al', 'fig', 'pp', 'p', 'e.g', 'i.e'])
/** Two to ten capitalised words, then a word with lower-case letters that starts the next sentence. */
export const capsRun = /^((?:[\p{Lu}][\p{Lu}\p{N}’'&-]*|&|[\p{N}]+\.?)(?:\s+(?:[\p{Lu}][\p{Lu}\p{N}’'&:-]*|&|OF|AND|THE|IN|FOR|TO)){1,9})\s+(?=[\p{Lu}][\p{Ll}]|\p{Lu}\.\p{Lu})/u

/**
 * `capsRun.exec(value.slice(at, at + 200))`, read in place where that gives the same: a pattern first run on a
 * subject of 1,000 code units or more is compiled to machine code at once (~1.5 ms cold for this one), on the
 * 200-unit slice to bytecode and then machine code (~4.5 ms). A match in place whose text and the three code
 * points its lookahead reads (six code units at most) end within the 200 units is the slice's match too; no match
 * in place is no match in the slice (what the slice matches, the line matches). Else, and from inside a surrogate
 * pair, the slice is read.
 */
export const capsRunAt = ((): ((value: string, at: number) => RegExpExecArray | null) => {
  // `capsRun` without its `^`, sticky; made on the first call (making it parses its property classes, ~0.7 ms).
  let inPlace: RegExp | undefined
  return (value, at) => {
    if (!isLowSurrogate(value.charCodeAt(at)) || !isHighSurrogate(value.charCodeAt(at - 1))) {
      inPlace ??= new RegExp(capsRun.source.slice(1), 'uy')
      inPlace.lastIndex = at
      const match = inPlace.exec(value)
      if (match === null || match[0].length + 6 <= 200) return match
    }
    return capsRun.exec(value.slice(at, at + 200))
  }
})()

/**
 * Whether `capsRun` may match at `at`: its first word is a capital, `&` or digits, then capitals, digits,
 * `’'&-`, a `.` or white space; a lower-case ASCII letter in either of the first two code units rules it out
 * (most sentences: `The …`), without the slice and the pattern's letter classes.
 */
export function mayOpenCapsRun(value: string, at: number): boolean {
  return !isAsciiLower(value.charCodeAt(at)) && !isAsciiLower(value.charCodeAt(at + 1))
}

function isAsciiLower(code: number): boolean {
  return code >= 97 && code <= 122
}

/** Split one long line into headings and paragraphs; `undefined` when it is not a one-line page. */
export function segmentLine(span: Span): Segment[] | undefined {
  const value = span.value
  if (value.length < oneLinePage || value.includes('\n')) return undefined
  const segments: Segment[] = []
  const ends = sentenceEnds(value)
  const echoes = echoHeadings(value, ends)
  let paragraphStart = 0
  for (const end of ends) {
    const echo = echoes.get(end)
    if (echo !== undefined && end >= paragraphStart) {
      push('paragraph', paragraphStart, end)
      push('heading', end, end + echo)
      paragraphStart = end + echo
      continue
    }
    const heading = mayOpenCapsRun(value, end) ? capsRunAt(value, end) : null
    if (heading && isCapsHeading(heading[1])) {
      push('paragraph', paragraphStart, end)
      push('heading', end, end + heading[1].length)
      paragraphStart = end + heading[0].length
      continue
    }
    if (end - paragraphStart >= paragraphSize && value.length - end >= paragraphSize / 2) {
      push('paragraph', paragraphStart, end)
      paragraphStart = end
    }
  }
  push('paragraph', paragraphStart, value.length)
  return segments.length > 1 ? segments : undefined

  function push(type: Segment['type'], start: number, end: number) {
    const part = trimSpan(sliceSpan(span, start, end))
    if (part.value.length > 0) segments.push({type, span: part})
  }
}

/** Whether a caps run's words hold two capitals in a row and four letters (in the narrow form for narrow words: see narrow.ts). */
export function isCapsHeading(words: string): boolean {
  if (isNarrow(words)) return /[A-ZÀ-ÖØ-Þ]{2}/.test(words) && words.replace(/[^A-Za-zªµºÀ-ÖØ-öø-ÿ]/g, '').length >= 4
  return /\p{Lu}{2}/u.test(words) && words.replace(/[^\p{L}]/gu, '').length >= 4
}

/**
 * Where a sentence ends in `value` (the offset after the space that follows it): `sentenceEnd` matches
 * not after an abbreviation or an initial. Found once: the echo headings and the split read the same ends.
 */
export function sentenceEnds(value: string): number[] {
  const ends: number[] = []
  for (const match of value.matchAll(sentenceEnd)) if (!isAbbreviation(value, match.index)) ends.push(match.index + match[0].length)
  return ends
}

/** Words a heading does not end with: a phrase cut inside a sentence. */
const openEnds = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'with', 'by', 'at', 'from', 'as', 'is', 'are', 'was', 'that', 'this'])
/** A table of contents lists several headings close together: at least this many echoes within `tocSpan`. */
const tocSpan = 1500

const capital = /^\p{Lu}/u

/**
 * What `^[\p{Lu}][\p{L}\p{N}’'-]*(?: [\p{L}\p{N}’'-]+)?` matches in the 80 code units from `at`, read code
 * point by code point: ASCII by its code, others by `capital` and `letterOrDigit`, which the pass compiles
 * anyway (the pattern's own classes were compiled for one-byte and two-byte text, ~7 ms cold).
 */
export function firstWordsAt(value: string, at: number): string | undefined {
  const end = Math.min(value.length, at + 80)
  const first = codePointBefore(value, at, end)
  if (first < 0 || !(first < 128 ? first >= 65 && first <= 90 : capital.test(String.fromCodePoint(first)))) return undefined
  let index = wordEnd(value, at + (first > 0xffff ? 2 : 1), end)
  if (index < end && value.charCodeAt(index) === 32) {
    const more = wordEnd(value, index + 1, end)
    if (more > index + 1) index = more
  }
  return value.slice(at, index)
}

/** The code point at `index` as the pattern sees it in a slice ending at `end` (a pair cut by `end` is a lone surrogate); -1 at `end`. */
function codePointBefore(value: string, index: number, end: number): number {
  if (index >= end) return -1
  const code = value.codePointAt(index)!
  return code > 0xffff && index + 2 > end ? value.charCodeAt(index) : code
}

/** Where a run of `[\p{L}\p{N}’'-]` from `index` ends, before `end`. */
function wordEnd(value: string, index: number, end: number): number {
  for (;;) {
    const code = codePointBefore(value, index, end)
    if (code < 0) return index
    if (code < 128) {
      if (!((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 39 || code === 45)) return index
    } else if (code !== 0x2019 && !letterOrDigit.test(String.fromCodePoint(code))) return index
    index += code > 0xffff ? 2 : 1
  }
}

/**
 * Inline headings in any case that the page's table of contents repeats (`… for the DTGs. A compromise
 * with many open questions Although …`, listed earlier as `… UN issue A compromise with many open
 * questions Preparing for …`): the words after a sentence end that are printed again elsewhere, up to
 * where the two printings part, when the text goes on with a capital (a new sentence) and the other
 * printing sits among other such echoes (a contents list, not a repeated sentence). Map: sentence-end
 * offset ▶ heading length.
 */
export function echoHeadings(value: string, ends: readonly number[]): Map<number, number> {
  const found: Array<{at: number; length: number; echo: number}> = []
  const listPrintings = listPrintingsOf(value)
  // Counted loops: `for…of` made an iterator result per sentence end and per printing while cold.
  for (let endIndex = 0; endIndex < ends.length; endIndex++) {
    const at = ends[endIndex]
    const probe = firstWordsAt(value, at)
    if (probe === undefined) continue
    let best: {length: number; echo: number} | undefined
    let seen = 0
    const echoes = listPrintings(probe)
    for (let echoIndex = 0; echoIndex < echoes.length; echoIndex++) {
      const echo = echoes[echoIndex]
      if (seen === 12) break
      if (Math.abs(echo - at) < 200) continue
      seen++
      const length = headingLength(value, at, echo)
      if (length > 0 && (!best || length > best.length)) best = {length, echo}
    }
    // Printed exactly twice: a phrase printed more often is a running head or a caption.
    if (best && printings(value, value.slice(at, at + best.length)) === 2) found.push({at, ...best})
  }
  // Two others within `tocSpan` of an echo: with the echoes in order, its neighbours two away on either side tell.
  const byEcho = found.toSorted((a, b) => a.echo - b.echo)
  const result = new Map<number, number>()
  byEcho.forEach((item, index) => {
    const before = index >= 2 && item.echo - byEcho[index - 2]!.echo <= tocSpan
    const after = index + 2 < byEcho.length && byEcho[index + 2]!.echo - item.echo <= tocSpan
    const around = index >= 1 && index + 1 < byEcho.length && item.echo - byEcho[index - 1]!.echo <= tocSpan && byEcho[index + 1]!.echo - item.echo <= tocSpan
    if (before || after || around) result.set(item.at, item.length)
  })
  return result
}

/**
 * Where each phrase is printed in a list position (no sentence end just before it, as contents lists
 * print headings), found once per phrase: a phrase that opens every sentence would otherwise be
 * searched again from every sentence end, quadratic on a long one-line page.
 */
export function listPrintingsOf(value: string): (probe: string) => number[] {
  const cache = new Map<string, number[]>()
  const starts = capitalStartsOf(value)
  return (probe) => {
    const cached = cache.get(probe)
    if (cached) return cached
    const kept: number[] = []
    // 24: the 12 the caller takes, and room for printings it skips as too close to the sentence end.
    const keep = (echo: number) => {
      if (!/[.!?]["”’)]?(?:\d{1,3}|\[\d{1,3}\])?\s+$/.test(value.slice(Math.max(0, echo - 8), echo))) kept.push(echo)
    }
    // `printingsOf`'s two ways, as plain loops (a generator per probe cost more than the search while cold).
    const places = probe.length >= 2 && capital.test(probe) ? (starts().get(probe.slice(0, 2)) ?? []) : undefined
    if (places) {
      // Counted: `for…of` made an iterator result per place while cold (a capital pair's list runs to thousands).
      for (let index = 0; index < places.length; index++) {
        if (kept.length === 24) break
        const at = places[index]
        if (value.startsWith(probe, at)) keep(at)
      }
    } else {
      for (let echo = value.indexOf(probe); echo !== -1 && kept.length < 24; echo = value.indexOf(probe, echo + 1)) keep(echo)
    }
    cache.set(probe, kept)
    return kept
  }
}

/**
 * Where each capital letter of `value` stands, by its first two code units (`Th`, `UN`): a phrase that opens
 * with a capital is printed only at one of its key's places. Made lazily, once per text: searching the whole
 * text again for every sentence's first words cost more than the rest of the pass.
 */
export function capitalStartsOf(value: string): () => Map<string, number[]> {
  let starts: Map<string, number[]> | undefined
  return () => {
    if (starts) return starts
    starts = new Map()
    // `test` leaves `lastIndex` just after each capital and makes no match array (`matchAll` made one per capital
    // letter of the text, and an iterator result, while cold). A match is one code point: two units when it ends
    // on a surrogate pair.
    const capitals = /\p{Lu}/gu
    while (capitals.test(value)) {
      const end = capitals.lastIndex
      const index = end >= 2 && isLowSurrogate(value.charCodeAt(end - 1)) && isHighSurrogate(value.charCodeAt(end - 2)) ? end - 2 : end - 1
      const key = value.slice(index, index + 2)
      const list = starts.get(key)
      if (list) list.push(index)
      else starts.set(key, [index])
    }
    return starts
  }
}

/**
 * Every index where `probe` (opening with a capital) is printed in `value`, in order, overlapping ones
 * included: what `indexOf` from each printing on finds, read from the capitals' places.
 */
export function* printingsOf(value: string, probe: string, starts: () => Map<string, number[]>): Generator<number> {
  if (probe.length < 2 || !capital.test(probe)) {
    for (let echo = value.indexOf(probe); echo !== -1; echo = value.indexOf(probe, echo + 1)) yield echo
    return
  }
  for (const at of starts().get(probe.slice(0, 2)) ?? []) if (value.startsWith(probe, at)) yield at
}

function printings(value: string, phrase: string): number {
  let count = 0
  for (let index = value.indexOf(phrase); index !== -1 && count < 3; index = value.indexOf(phrase, index + 1)) count++
  return count
}

/** A space, an opening quote or bracket, then a capital: a sentence starting. */
export const opensSentence = narrowFirst(() => /^ [“"‘(]?\p{Lu}/u, /^ [“"‘(]?[A-ZÀ-ÖØ-Þ]/)

/** What may follow a heading's other printing: a capital, a digit, a full stop (a space before it), or nothing. */
export const goesOnAsHeading = narrowFirst(() => /^ ?(?:[\p{Lu}\p{N}.]|$)/u, /^ ?(?:[A-ZÀ-ÖØ-Þ0-9²³¹¼-¾.]|$)/)

/** How much of the text at `at` is a heading that `echo` prints again (0 when none). */
function headingLength(value: string, at: number, echo: number): number {
  let common = 0
  while (common < 160 && at + common < value.length && value.charCodeAt(at + common) === value.charCodeAt(echo + common)) common++
  // Back to a whole word after which the text starts a sentence and the other printing goes on otherwise.
  // Too long, or a sentence inside: decided on the longest candidate alone (a shorter one, its prefix
  // ending before a space, holds no more words and no sentence end the longest did not).
  let checked = false
  for (let length = common; length > 0; length--) {
    if (value.charCodeAt(at + length) !== 32) continue
    if (!checked) {
      const longest = value.slice(at, at + length)
      if (longest.split(' ').length > 14 || /[.!;]$|[.!?;] /.test(longest)) return 0
      checked = true
    }
    if (!opensSentence(value.slice(at + length, at + length + 3))) continue
    const heading = value.slice(at, at + length)
    const words = heading.split(' ')
    if (!goesOnAsHeading(value.slice(echo + length, echo + length + 2))) continue
    if (openEnds.has(words.at(-1)!.toLowerCase()) || /[’']s$/.test(heading)) continue
    // One word (`Introduction`) only where the contents print a page number or a dot leader after it.
    if (words.length === 1 && !/^ (?:\d|\.)/.test(value.slice(echo + length, echo + length + 2))) return 0
    return length
  }
  return 0
}

/** `Dr.`, `U.S.`, `J. Smith`: a full stop that ends no sentence. */
function isAbbreviation(value: string, dot: number): boolean {
  if (value.charAt(dot) !== '.') return false
  let start = dot
  while (start > 0 && /[\p{L}.]/u.test(value.charAt(start - 1))) start--
  const word = value.slice(start, dot).toLowerCase()
  return word.length === 1 || shortWords.has(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
