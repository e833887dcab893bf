/**
 * Pass `segment` (one-line pages): a paragraph thousands of characters long with no line break ▶ sections
 * and paragraphs, split by structure alone: ALL-CAPS runs between sentences become headings
 * (`… sentence. KEY FINDINGS Trade …`), and the text between them paragraphs of a few sentences each,
 * cut only at sentence ends (never after an abbreviation or an initial).
 */
import type {Span} from './source.js'
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
const capsRun = /^((?:[\p{Lu}][\p{Lu}\p{N}’'&-]*|&|[\p{N}]+\.?)(?:\s+(?:[\p{Lu}][\p{Lu}\p{N}’'&:-]*|&|OF|AND|THE|IN|FOR|TO)){1,9})\s+(?=[\p{Lu}][\p{Ll}]|\p{Lu}\.\p{Lu})/u

/** Split one long line into headings and paragraphs; `undefined` when it is not a one-line page. */
export function segmentLine(span: Span): Segment[] | undefined {
  const value = span.value
  if (value.length < oneLinePage || value.includes('\n')) return undefined
  const segments: Segment[] = []
  let paragraphStart = 0
  for (const match of value.matchAll(sentenceEnd)) {
    const end = match.index + match[0].length
    if (isAbbreviation(value, match.index)) continue
    const heading = capsRun.exec(value.slice(end, end + 200))
    if (heading && /\p{Lu}{2}/u.test(heading[1]) && heading[1].replace(/[^\p{L}]/gu, '').length >= 4) {
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

/** `Dr.`, `U.S.`, `J. Smith`: a full stop that ends no sentence. */
function isAbbreviation(value: string, dot: number): boolean {
  if (value.charAt(dot) !== '.') return false
  let start = dot
  while (start > 0 && /[\p{L}.]/u.test(value.charAt(start - 1))) start--
  const word = value.slice(start, dot).toLowerCase()
  return word.length === 1 || shortWords.has(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)
}
