/**
 * Regions at the edges of the body (classes 3 and 14): the page chrome before
 * the article's first sentence (repeated title, bylines, dates, share and
 * download links, imprint pages before an abstract) and after its last one
 * (about-the-authors, acknowledgements, tags, promotion). Decided from
 * position, sentence shape, capital density and repetition of the title, the
 * way boilerplate-removal research does, never from one site's phrases.
 * Bylines, dates, bios and summaries go into `file.data.brief`, the rest into
 * `removed`; each cut is on the trace.
 */
import type {BriefAuthor, BriefData} from '../meta/types.js'
import {narrowFirst} from './narrow.js'
import {contentsRunAt, contentsTokenKinds} from './contents.js'
import {isDisclaimer, isoMonth, isPersonName, parseByline} from './header.js'
import type {Span} from './source.js'
import {sliceSpan, spanRange, trimSpan} from './source.js'
import type {Flow} from './tree.js'

export interface RegionContext {
  brief: BriefData
  drop: (start: number, end: number, reason: string) => void
  mark: (field: string, start: number, end: number, reason: string) => void
}

interface Token {
  start: number
  end: number
  text: string
}

/** Words every site uses for its own furniture (links and buttons, not prose). */
const chromeWord =
  /^(?:downloads?|pdf|share|shares|print|e-?mail|facebook|twitter|x|linkedin|whatsapp|reddit|copy|copied|link|save|listen|subscribe|follow|tags?|read|more|images?|post|[|•·/]|min)$/i
const abbreviation = /^(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Jr|Sr|No|Nos|Vol|Corp|Inc|Ltd|Co|vs|etc|e\.g|i\.e|U\.S|U\.K|Gen|Col|Lt|Adm|Amb|Rev|Hon|[\p{Lu}])\.$/u
const honorific = /^(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx|Amb|Ambassador|Gen|Col|Adm|Sir|Dame|Hon|Rev)\.?$/
const summaryLabel = /(?:Executive Summary|EXECUTIVE SUMMARY|Abstract|ABSTRACT|Synopsis|SYNOPSIS|Summary|SUMMARY)(?::|[—–](?=[\p{Lu}“"‘])|(?=\s+[\p{Lu}“"‘])|$)/uy
/** A summary label glued to its text by a dash (`Abstract—Demand for …`, journal layouts): one token to split. */
const gluedLabel = /^(?:Abstract|ABSTRACT|Summary|SUMMARY|Synopsis|SYNOPSIS)[—–](?=[\p{Lu}“"‘])/u
const keyLabel =
  /(?:Key (?:Takeaways|Findings|Points|Messages|Judgments)|KEY (?:TAKEAWAYS|FINDINGS|POINTS|MESSAGES|JUDGMENTS)|Highlights|HIGHLIGHTS|Bottom lines? up front|BOTTOM LINES? UP FRONT|At a Glance|AT A GLANCE)(?::|(?=\s+[\p{Lu}“"‘]))/uy
const month = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)'
const dateAt = new RegExp(
  `(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?(?:${month}\\.?\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+${month}\\.?,?\\s+\\d{4}|${month}\\s+\\d{4}|\\d{1,2}-\\d{1,2}-\\d{4}|\\d{4}-\\d{2}-\\d{2})(?![\\p{L}\\p{N}])`,
  'iuy'
)
/** A month's name as one token (`Sept.`, `March,`); compiled once, not per token. */
const monthWord = new RegExp(`^${month}\\.?,?$`, 'i')
const monthAndYear = new RegExp(`^(${month})\\.?,?\\s+(\\d{4})$`, 'i')
const publicationNote = /(?:Originally |First )?(?:published|posted|updated)\b[^.!?]{0,120}\b\d{4}\b[^.!?]{0,60}[.!?]/iy

/**
 * The words of `value` between `from` and `to`, with their offsets in `value` (only the edges are ever read):
 * the runs of `\S+` that start before `to`, found by a scan of code units (a regular expression's match
 * arrays were most of the recognizer's garbage here: the first 13,000 characters of every document).
 */
function tokenize(value: string, from = 0, to = value.length): Token[] {
  const tokens: Token[] = []
  let index = from
  for (;;) {
    while (index < value.length && isWhiteSpace(value.charCodeAt(index))) index++
    if (index >= value.length || index >= to) break
    const start = index
    while (index < value.length && !isWhiteSpace(value.charCodeAt(index))) index++
    tokens.push({start, end: index, text: value.slice(start, index)})
  }
  return tokens
}

/** Whether a code unit is JavaScript's `\s` (ECMAScript WhiteSpace and LineTerminator). */
function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d)
  if (code < 0xa0) return false
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
}

function endsSentence(token: Token | undefined): boolean {
  if (!token) return true
  // The pattern's text ends with its mark, a closer or a digit: a token ending otherwise is tried no further.
  if (!sentenceLastCodes.has(token.text.charCodeAt(token.text.length - 1))) return false
  return /[.!?…]["”’)\]]*\d{0,3}$/.test(token.text) && !abbreviation.test(token.text)
}

/** `.`, `!`, `?`, `…`, `"`, `”`, `’`, `)`, `]` and the digits: what a sentence's last token can end with. */
const sentenceLastCodes = new Set([0x2e, 0x21, 0x3f, 0x2026, 0x22, 0x201d, 0x2019, 0x29, 0x5d, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39])

/** Whether a token opens with a lower-case letter: ASCII decided from its code, the rest by the property class. */
const isLower = (token: Token | undefined) => {
  if (token === undefined) return false
  const first = token.text.charCodeAt(0)
  if (first < 0x80) return first >= 97 && first <= 122
  return /^[\p{Ll}]/u.test(token.text)
}
const isChrome = (token: Token) => chromeWord.test(token.text.replace(/[,:;]$/, ''))

/**
 * Whether a sentence of running prose starts at token `index`: capitalised,
 * at a boundary, with mostly lower-case words after it (jusText's stop-word
 * density, in its simplest form) and at least eight words to its full stop.
 * Remembered per token list (a list is never changed once tokenized): the
 * front-chrome walk asks again for every token before each label and repeat.
 */
function proseAt(tokens: Token[], index: number): boolean {
  let answers = proseAnswers.get(tokens)
  if (!answers) proseAnswers.set(tokens, (answers = new Int8Array(tokens.length)))
  const known = answers[index]
  if (known === 1 || known === -1) return known === 1
  // Past the end (no token there) it is asked, and fails, as before.
  const answer = isProseAt(tokens, index)
  answers[index] = answer ? 1 : -1
  return answer
}

/** `proseAt`'s answers per token list: 0 not asked yet, 1 prose, -1 not. */
const proseAnswers = new WeakMap<Token[], Int8Array>()

/** Whether prose starts at any token from `from` up to (not including) `to`. */
function anyProse(tokens: Token[], from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (proseAt(tokens, index)) return true
  return false
}

function isProseAt(tokens: Token[], index: number): boolean {
  const token = tokens[index]
  if (!/^[\p{Lu}\p{N}“"‘'(]/u.test(token.text) || isChrome(token)) return false
  if (tokens[index + 1] && isChrome(tokens[index + 1])) return false
  // A bare small number before a capital is a note or affiliation mark (`Toby Ord 1 The shift`), not a sentence.
  if (/^\d{1,2}$/.test(token.text) && /^\p{Lu}/u.test(tokens[index + 1]?.text ?? '')) return false
  const previous = tokens[index - 1]
  if (previous && !endsSentence(previous) && !isChrome(previous) && (isLower(previous) || /[,;]$/.test(previous.text))) return false
  // The eight words after it, read in place (no window copied).
  const windowEnd = index + 9
  if (windowEnd > tokens.length) return false
  let lowerCount = 0
  let firstLower = -1
  let letters = 0
  for (let at = index + 1; at < windowEnd; at++) {
    if (isLower(tokens[at])) {
      lowerCount++
      if (firstLower < 0) firstLower = at
    }
    letters += tokens[at].text.length
  }
  if (lowerCount < 4) return false
  // A comma before the first lower-case word ends a name or a place (`Governance Initiative, University of`).
  for (let at = index; at < firstLower; at++) if (tokens[at].text.endsWith(',')) return false
  if (letters / 8 < 2.5) return false
  let length = 0
  for (let at = index; at < tokens.length && length < 8; at++) {
    length++
    if (endsSentence(tokens[at])) break
  }
  return length >= 8
}

/** One code point that is a letter or digit (also `segment`'s heading probe: one compile for both). */
export const letterOrDigit = /^[\p{L}\p{N}]$/u
/** A letter or digit beyond ASCII: a text without one is made loose by patterns, not code point by code point. */
const wideLetterOrDigit = /(?![\u0000-\u007F])[\p{L}\p{N}]/u

/** Letters and digits only, lower case, with `place(i)`: the index in the NFC form of `value` of what made `text[i]`. */
export function loose(value: string): {text: string; place: (index: number) => number} {
  const normal = value.normalize('NFC')
  if (!wideLetterOrDigit.test(normal)) {
    // ASCII letters and digits only: one replacement, and the places found (by a walk) only when asked for.
    const places: number[] = []
    let walked = 0
    const place = (index: number) => {
      for (; places.length <= index && walked < normal.length; walked++) if (isAsciiLetterOrDigit(normal.charCodeAt(walked))) places.push(walked)
      return places[index]
    }
    return {text: normal.replace(/[^A-Za-z0-9]+/g, '').toLowerCase(), place}
  }
  // Letters and digits by one replacement; lower case for the whole string at once, which is lower case
  // code point by code point but for the one mapping that reads its neighbours (final sigma, `Σ`).
  const kept = normal.replace(/[^\p{L}\p{N}]/gu, '')
  const text = kept.includes('Σ') ? lowerByCodePoint(kept) : kept.toLowerCase()
  // The places, one per letter or digit kept, found (by a walk) only when asked for.
  let map: number[] | undefined
  return {text, place: (index) => (map ??= letterPlaces(normal))[index]}
}

/** `value` in lower case code point by code point (no mapping sees its neighbours). */
function lowerByCodePoint(value: string): string {
  let text = ''
  for (const character of value) text += character.toLowerCase()
  return text
}

/** Where each letter or digit of `value` is, in order (one place per code point). */
function letterPlaces(value: string): number[] {
  const map: number[] = []
  // One pass by code point; ASCII (most of every text) decided from its code, the rest by the property class.
  for (let index = 0; index < value.length; ) {
    const code = value.charCodeAt(index)
    if (code < 0x80) {
      if (isAsciiLetterOrDigit(code)) map.push(index)
      index++
      continue
    }
    const character = String.fromCodePoint(value.codePointAt(index)!)
    if (letterOrDigit.test(character)) map.push(index)
    index += character.length
  }
  return map
}

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

/** Every place where `title` is repeated in `value` before `limit`: `[start, end)` in `value`. */
export function titleRepeats(value: string, title: string | undefined, limit: number): Array<[number, number]> {
  const wanted = loose(title ?? '').text
  if (wanted.length < 12) return []
  const part = value.slice(0, limit)
  const normal = part.normalize('NFC')
  if (!wideLetterOrDigit.test(normal)) {
    // No letter or digit beyond ASCII: the repeats are where the title's letters follow one another with
    // anything else between them (one search; the text is not made loose first). A title with other
    // letters has no repeat here.
    if (!/^[a-z0-9]+$/.test(wanted)) return []
    return asciiRepeats(normal, wanted)
  }
  const {text, place} = loose(part)
  const found: Array<[number, number]> = []
  for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + wanted.length)) {
    found.push([place(at), place(at + wanted.length - 1) + 1])
  }
  return found
}

/**
 * Where `wanted`'s letters (ASCII, lower case) follow one another in `value`, in either case, with anything
 * but an ASCII letter or digit between them: what `new RegExp(wanted.split('').join('[^A-Za-z0-9]*'), 'gi')`
 * finds, leftmost and without overlaps. The letters are ASCII letters and digits and the gaps everything
 * else, so each try from a start is one walk forward, no backtracking; and a pattern per title (a compile
 * per document, ~1–5 ms for a text beyond Latin-1) is not needed.
 */
export function asciiRepeats(value: string, wanted: string): Array<[number, number]> {
  const found: Array<[number, number]> = []
  const first = wanted.charCodeAt(0)
  // The first letter's other case (none for a digit): the tries start only where one of the two stands.
  const other = first >= 97 && first <= 122 ? first - 32 : first
  let lower = value.indexOf(String.fromCharCode(first))
  let upper = other === first ? -1 : value.indexOf(String.fromCharCode(other))
  while (lower >= 0 || upper >= 0) {
    const start = upper < 0 || (lower >= 0 && lower < upper) ? lower : upper
    let at = start + 1
    let matched = 1
    while (matched < wanted.length && at < value.length) {
      const code = value.charCodeAt(at)
      if (isAsciiLetterOrDigit(code)) {
        if ((code >= 65 && code <= 90 ? code + 32 : code) !== wanted.charCodeAt(matched)) break
        matched++
      }
      at++
    }
    // The next try starts after this repeat, or after this start.
    const from = matched === wanted.length ? at : start + 1
    if (matched === wanted.length) found.push([start, at])
    if (lower >= 0 && lower < from) lower = value.indexOf(String.fromCharCode(first), from)
    if (upper >= 0 && upper < from) upper = value.indexOf(String.fromCharCode(other), from)
  }
  return found
}

/** The token index at or after `offset`. */
function tokenAt(tokens: Token[], offset: number): number {
  // Tokens are in text order: the first one at or after `offset`, by halving.
  let from = 0
  let to = tokens.length
  while (from < to) {
    const middle = (from + to) >> 1
    if (tokens[middle].start < offset) from = middle + 1
    else to = middle
  }
  return from
}

/** A known author's name starting at token `index` (an honorific allowed before it). */
function authorAt(tokens: Token[], index: number, authors: BriefAuthor[]): {author: BriefAuthor; end: number} | undefined {
  let at = index
  if (tokens[at] && honorific.test(tokens[at].text)) at++
  const clean = (token: Token | undefined) => (token?.text ?? '').replace(/[,.;:]+$/, '')
  for (const author of authors) {
    const words = nameWords(author.name)
    const first = words[0]
    const last = words.at(-1)
    if (!first || !last || clean(tokens[at]) !== first) continue
    for (let step = 1; step <= words.length; step++) {
      if (clean(tokens[at + step]) === last) return {author, end: at + step + 1}
    }
  }
  return undefined
}

/** A name's words without degrees and suffixes (`Ph.D.`, `Jr`), made once per name (the walk asks at every token). */
function nameWords(name: string): string[] {
  let words = nameWordsKnown.get(name)
  if (!words) {
    words = name.split(/[\s,]+/).filter((word) => word && !/^(?:ph\.?d|phd|md|jr|sr)\.?$/i.test(word))
    // A few names per article: the list is emptied when it grows past a few hundred (a long-lived process).
    if (nameWordsKnown.size >= 500) nameWordsKnown.clear()
    nameWordsKnown.set(name, words)
  }
  return words
}

const nameWordsKnown = new Map<string, string[]>()

/** A run of known authors' names (`A B, C D and E F`) at token `index`, at a boundary: the token after it, or -1. */
function knownNamesAt(tokens: Token[], index: number, authors: BriefAuthor[]): number {
  if (authors.length === 0 || !atBoundary(tokens, index)) return -1
  let at = index
  let count = 0
  for (let found = authorAt(tokens, at, authors); found; found = authorAt(tokens, at, authors)) {
    count++
    at = found.end
    if (/^(?:and|&)$/.test(tokens[at]?.text ?? '')) at++
  }
  // One name alone is a byline only where it ends the run of chrome (no sentence about the author follows).
  if (count === 0 || (count === 1 && /^(?:is|was|has|,)$|^,/.test(tokens[at]?.text ?? ''))) return -1
  if (count === 1 && /,$/.test(tokens[at - 1].text)) return -1
  return at
}

/** A word of a name (`Smith`, `O’Neil`, `J.`). */
export const isNameToken = narrowFirst(() => /^\p{Lu}[\p{Ll}\p{M}'’-]*\.?$|^\p{Lu}\.$/u, /^[A-ZÀ-ÖØ-Þ][a-zµß-öø-ÿ'’-]*\.?$|^[A-ZÀ-ÖØ-Þ]\.$/)

/** A person's name of 2-4 capitalised words at token `index`, not running into a role or an institution. */
function nameAt(tokens: Token[], index: number): number {
  const nameLike = (token: Token | undefined) => token !== undefined && isNameToken(token.text.replace(/,$/, ''))
  let end = index
  while (end < index + 4 && nameLike(tokens[end]) && !(end > index && tokens[end].text === tokens[index].text)) {
    end++
    if (/,$/.test(tokens[end - 1].text)) break
  }
  for (; end >= index + 2; end--) {
    const name = tokens.slice(index, end).map((token) => token.text.replace(/,$/, '')).join(' ')
    if (isPersonName(name)) return end
  }
  return -1
}

/** A `By A, B and C` byline at token `index`: the authors and the token after it. */
function bylineAt(tokens: Token[], index: number): {authors: BriefAuthor[]; end: number; text: string; editors?: boolean} | undefined {
  // `Edited by A and B`: the editors of a collection, not its authors.
  // Both forms open with `B` or `E`: any other token is tried no further.
  const initial = tokens[index]?.text.charAt(0)
  if (initial !== 'B' && initial !== 'E') return undefined
  const editors = /^(?:Edited|EDITED)$/.test(tokens[index]?.text ?? '') && /^(?:by|By|BY)$/.test(tokens[index + 1]?.text ?? '')
  if (!editors && !/^(?:By|BY):?$/.test(tokens[index]?.text ?? '')) return undefined
  const from = index + (editors ? 2 : 1)
  let stop = from
  const startsDate = (at: number) => monthWord.test(tokens[at].text) && /^\d/.test(tokens[at + 1]?.text ?? '')
  while (stop < tokens.length && stop < from + 16 && !startsDate(stop) && isBylineWord(tokens[stop].text)) stop++
  for (let end = stop; end > from; end--) {
    // A capitalised word followed by lower case starts the next sentence, not the byline.
    if (end < tokens.length && isLower(tokens[end]) && end - from > 2) continue
    const text = tokens.slice(from, end).map((token) => token.text).join(' ').replace(/\s*,\s*$/, '')
    const byline = parseByline(text.replace(/\s+,/g, ','))
    if (byline) return editors ? {authors: byline.authors, end, text: `Edited by ${text}`, editors} : {authors: byline.authors, end, text}
  }
  return undefined
}

/** A word a byline is made of: a capitalised name (`O’Neil,`), a short particle (`de`), `and`, `&`, a comma. */
export const isBylineWord = narrowFirst(() => /^(?:\p{Lu}[\p{L}\p{M}'’.-]*,?|\p{Ll}{1,4}|and|&|,)$/u, /^(?:[A-ZÀ-ÖØ-Þ][A-Za-zªµºÀ-ÖØ-öø-ÿ'’.-]*,?|[a-zµß-öø-ÿ]{1,4}|and|&|,)$/)

/** ISO date (or the month and year as written) of a date matched at `offset` in `value`. */
function readDate(value: string, offset: number): {end: number; date: string} | undefined {
  dateAt.lastIndex = offset
  const match = dateAt.exec(value)
  if (!match) return undefined
  const written = match[0].replace(/^\w+day,?\s+/i, '')
  const numeric = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(written)
  if (numeric) return {end: offset + match[0].length, date: `${numeric[3]}-${numeric[1].padStart(2, '0')}-${numeric[2].padStart(2, '0')}`}
  const time = Date.parse(written.replace(/\.(?=\s)/, '') + (/\d{1,2},?\s+\d{4}$|^\d{1,2}\s/.test(written) ? ' UTC' : ''))
  const full = isFullDate(written) || /^\d{4}-/.test(written)
  const monthYear = monthAndYear.exec(written)
  const date = full && !Number.isNaN(time) ? new Date(time).toISOString().slice(0, 10) : monthYear ? isoMonth(monthYear[2], monthYear[1]) : written
  return {end: offset + match[0].length, date}
}

/** A date with its day (`June 2, 2026`, `2 June 2026`). */
export const isFullDate = narrowFirst(() => /\d{1,2},?\s+\d{4}$|^\d{1,2}\s+\p{L}/u, /\d{1,2},?\s+\d{4}$|^\d{1,2}\s+[A-Za-zªµºÀ-ÖØ-öø-ÿ]/)

/** Whether a label at token `index` stands at a boundary (not inside a sentence). */
function atBoundary(tokens: Token[], index: number): boolean {
  const previous = tokens[index - 1]
  return !previous || endsSentence(previous) || !isLower(previous) || /^(?:[ivxlc]+|\d+)$/.test(previous.text)
}

/** Letters the summary and key-point labels open with (both patterns are case-sensitive): at any other, neither is tried. */
const labelInitials = new Set(['E', 'A', 'S', 'K', 'H', 'B'])

/** A summary label (`Abstract`, `Executive Summary:`) at `offset`. */
function summaryLabelAt(value: string, offset: number): string | undefined {
  return labelInitials.has(value.charAt(offset)) ? matchSticky(summaryLabel, value, offset) : undefined
}

/** A key-points label (`Key Findings`, `Highlights:`) at `offset`. */
function keyLabelAt(value: string, offset: number): string | undefined {
  return labelInitials.has(value.charAt(offset)) ? matchSticky(keyLabel, value, offset) : undefined
}

function matchSticky(pattern: RegExp, value: string, offset: number): string | undefined {
  pattern.lastIndex = offset
  return pattern.exec(value)?.[0]
}

/** The front of the first body paragraph: cut the chrome before its first sentence, read what it says. */
export function readFrontChrome(flows: Flow[], context: RegionContext): void {
  readLabelledSummary(flows, context)
  cutFrontChrome(flows, context)
  splitOpeningHeading(flows)
  readRunningHeadAuthor(flows, context)
}

/**
 * Running heads of a PDF conversion (`Title Author Name 4`, page after page):
 * with no author known, a person's name that follows the repeated title twice
 * or more is the author. The heads stay where they are; only the name is read.
 */
function readRunningHeadAuthor(flows: Flow[], context: RegionContext) {
  const {brief} = context
  if (brief.authors.length > 0 || !brief.title) return
  const counts = new Map<string, number>()
  for (const flow of flows) {
    if (flow.type !== 'paragraph') continue
    const value = flow.span.value
    for (const [, to] of titleRepeats(value, brief.title, value.length)) {
      const tokens = tokenize(value.slice(to, to + 120))
      const end = nameAt(tokens, 0)
      if (end < 2 || !/^(?:\d{1,4}|[ivxlc]{1,6})$/i.test(tokens[end]?.text ?? '')) continue
      const name = tokens.slice(0, end).map((token) => token.text.replace(/,$/, '')).join(' ')
      counts.set(name, (counts.get(name) ?? 0) + 1)
    }
  }
  const [name, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? []
  if (!name || count < 2) return
  brief.authors.push({name})
}

const openingHeading = /(?:Introduction|INTRODUCTION|Background|BACKGROUND|Overview|OVERVIEW|Preface|PREFACE|Foreword|FOREWORD)(?=\s+[\p{Lu}\p{N}“"‘])/uy

/** `Introduction On January 21, …` opening the first paragraph: the section word is its heading. */
function splitOpeningHeading(flows: Flow[]) {
  const index = flows.findIndex((flow) => flow.type === 'paragraph')
  if (index < 0 || index > 3) return
  const {span} = flows[index] as Extract<Flow, {type: 'paragraph'}>
  const word = matchSticky(openingHeading, span.value, 0)
  if (!word) return
  flows.splice(index, 1, {type: 'heading', level: 2, span: sliceSpan(span, 0, word.length)}, {type: 'paragraph', span: trimSpan(sliceSpan(span, word.length, span.value.length))})
}

function cutFrontChrome(flows: Flow[], context: RegionContext): void {
  const {brief} = context
  const index = flows.findIndex((flow) => flow.type === 'paragraph')
  if (index < 0 || index > 3) return
  const flow = flows[index] as Extract<Flow, {type: 'paragraph'}>
  const {span} = flow
  const value = span.value
  const limit = Math.min(value.length, 5000, Math.max(2000, value.length * 0.35))
  const tokens = splitGluedLabels(tokenize(value, 0, limit + 8000))
  if (tokens.length < 12) return
  const cuts: Array<{from: number; to: number; reason: string; field?: string}> = []
  // What the walk reads into the brief applies only if the cut is made.
  const effects: Array<() => void> = []
  const known = [...brief.authors]
  const cut = (from: number, to: number, reason: string, field?: string) => {
    if (to > from) cuts.push({from: tokens[from].start, to: tokens[to - 1].end, reason, field})
  }

  // A table of contents near the top (not after a summary that opens the body): the body starts after it.
  const contents = findContents(tokens, value, limit + 3000)
  const before = contents ? tokens.slice(0, contents.start) : tokens

  // Evidence of a page head: the title repeated, a `By …` byline.
  let at = 0
  const repeats = titleRepeats(value, brief.title, contents ? tokens[contents.start].start : limit)
  for (const [number, [from, to]] of repeats.entries()) {
    const first = tokenAt(tokens, from)
    const after = tokenAt(tokens, to)
    // A repeat after the article has begun is a running head, not the page head.
    if (anyProse(tokens, at, first - 9)) break
    const label = number === 0 ? seriesLabel(tokens.slice(at, first), value) : undefined
    if (label) {
      effects.push(() => {
        brief.series ??= label.series
        if (label.date) brief.date ??= label.date
      })
      cut(at, first, `series label (read into file.data.brief.series as ${label.series})`, 'series')
    } else cut(at, first, 'page chrome before the article')
    cut(first, after, 'title repeated')
    at = after
    // A name right under the title is its byline.
    const name = known.length === 0 && !bylineAt(tokens, at) ? nameAt(before, at) : -1
    const next = repeats[number + 1] ? tokenAt(tokens, repeats[number + 1][0]) : tokens.length
    if (name > at && name <= next && (endsName(tokens, at, name) || name === contents?.start)) {
      const author = {name: tokens.slice(at, name).map((token) => token.text.replace(/,$/, '')).join(' ')}
      known.push(author)
      effects.push(() => brief.authors.push(author))
      cut(at, name, 'byline under the repeated title (read into file.data.brief.authors)', 'authors')
      at = name
    }
  }
  for (let scan = at; scan < tokens.length && tokens[scan].start < limit; scan++) {
    const byline = bylineAt(tokens, scan)
    if (!byline) continue
    cut(at, scan, 'page chrome before the byline')
    if (known.length === 0 && !byline.editors) known.push(...byline.authors)
    effects.push(() => takeByline(brief, byline.authors, byline.text, byline.editors))
    cut(scan, byline.end, byline.editors ? 'editors (read into file.data.brief.contributors)' : 'byline (read into file.data.brief.authors)', 'authors')
    at = byline.end
    scan = byline.end - 1
  }
  let evidence = at > 0

  let pastContents = false
  let atChapter = false
  let contentsEnd = 0
  if (contents && at < contents.end) {
    pastContents = true
    contentsEnd = tokens[contents.end - 1].end
    cut(at, contents.start, 'front matter before the table of contents (imprint, boards, series boilerplate)')
    cut(Math.max(at, contents.start), contents.end, 'table of contents')
    at = contents.end
    evidence = true
    // The first entry printed again over its chapter: running heads and a chapter bio stand between.
    const from = tokens[at]?.start ?? value.length
    // A page-first contents line carries the chapter's author after its title (`1 Title Saori N. Katada`).
    const words = contents.first.split(/\s+/)
    const titles = [contents.first, ...[2, 3, 4].filter((size) => words.length > size && isPersonName(words.slice(-size).join(' '))).map((size) => words.slice(0, -size).join(' '))]
    const again = titles
      .flatMap((title) => titleRepeats(value.slice(0, from + 3000), title, value.length))
      .filter(([start]) => start >= from)
      .sort((a, b) => a[0] - b[0])
    if (again.length > 0) {
      const chapter = tokenAt(tokens, again[0][0])
      cut(at, chapter, 'front matter between the table of contents and the first chapter')
      // The chapter's title printed twice over it (a running head, then the heading): both go.
      const last = Math.max(...again.filter(([start]) => start < again[0][1] + 300).map(([, end]) => end))
      const after = tokenAt(tokens, last)
      cut(chapter, after, 'title of the first chapter, repeated')
      at = after
      atChapter = true
    }
  }

  // An abstract or summary label near the top: what precedes it is front matter.
  for (let scan = at; !atChapter && scan < tokens.length && tokens[scan].start < (pastContents ? contentsEnd + 3000 : limit); scan++) {
    if (!labelInitials.has(value.charAt(tokens[scan].start)) || !atBoundary(tokens, scan)) continue
    const label = summaryLabelAt(value, tokens[scan].start) ?? keyLabelAt(value, tokens[scan].start)
    if (!label) continue
    const before = tokens.slice(at, scan)
    const prose = anyProse(tokens, at, scan)
    if (prose && !evidence) break
    // Running text all the way to the label (a PDF that printed its summary box after the first bullets):
    // the label is inside the article, not the end of an imprint, which is names, lists and page numbers.
    // After a table of contents, running text before the label is an imprint's, not the article's.
    if (!pastContents && prose && before.length >= 40 && before.filter((token) => isLower(token)).length >= before.length * 0.6) break
    cut(at, scan, 'front matter before the summary (imprint, contents, series boilerplate)')
    effects.push(() => readFrontText(before, value, context, span))
    at = scan
    evidence = true
    break
  }

  // Walk on through dates, bylines, bios, labels and link text to the first sentence.
  let chromeFrom = at
  const flush = (to: number) => {
    cut(chromeFrom, to, 'page chrome before the article (labels, share and download links, credits)')
  }
  const inserted: Flow[] = []
  /** One piece of chrome read at `at`: cut up to `end`, the walk goes on after it. */
  const take = (end: number, reason: string, field?: string, evident = true) => {
    flush(at)
    cut(at, end, reason, field)
    at = end
    chromeFrom = at
    evidence ||= evident
  }
  while (at < tokens.length) {
    const offset = tokens[at].start
    if (offset > (pastContents ? contentsEnd + 3000 : limit + 2000)) return
    const date = readDate(value, offset)
    const dateEnd = date ? tokenAt(tokens, date.end) : -1
    // A date inside a sentence (`On June 2, 2026, the …`) is prose.
    if (date && !/,$/.test(tokens[dateEnd - 1].text) && !isLower(tokens[dateEnd]) && (at === 0 || !isLower(tokens[at - 1]))) {
      effects.push(() => (brief.date ??= date.date))
      take(dateEnd, `date (read into file.data.brief.date as ${brief.date ?? date.date})`, 'date', false)
      // `14 min read` after the date is link text: it goes with the chrome.
      if (/^\d+$/.test(tokens[at]?.text ?? '') && /^min/.test(tokens[at + 1]?.text ?? '')) at += tokens[at + 2]?.text === 'read' ? 3 : 2
      continue
    }
    const byline = bylineAt(tokens, at)
    if (byline) {
      if (known.length === 0 && !byline.editors) known.push(...byline.authors)
      effects.push(() => takeByline(brief, byline.authors, byline.text, byline.editors))
      take(byline.end, byline.editors ? 'editors (read into file.data.brief.contributors)' : 'byline (read into file.data.brief.authors)', 'authors')
      continue
    }
    const names = knownNamesAt(tokens, at, known)
    if (names > at) {
      take(names, 'byline (the known authors named again)', 'authors')
      continue
    }
    const bio = readBio(tokens, at, known, value, effects)
    if (bio) {
      take(bio.end, 'about the author (read into file.data.brief.authors[].bio)', 'authors')
      continue
    }
    const note = matchSticky(publicationNote, value, offset)
    if (note && note.length < 200) {
      take(tokenAt(tokens, offset + note.length), 'publication note')
      continue
    }
    const key = atBoundary(tokens, at) ? keyLabelAt(value, offset) : undefined
    if (key) {
      const end = readKeyPoints(tokens, tokenAt(tokens, offset + key.length), value, brief, effects)
      take(end, 'key points (read into file.data.brief.keyPoints)', 'keyPoints')
      continue
    }
    const label = atBoundary(tokens, at) ? summaryLabelAt(value, offset) : undefined
    if (label) {
      // The summary's end is not marked on a one-line page: the label becomes its heading.
      flush(at)
      const end = tokenAt(tokens, offset + label.length)
      inserted.push({type: 'heading', level: 2, span: trimSpan(sliceSpan(span, offset, tokens[end - 1].end))})
      at = end
      chromeFrom = at
      break
    }
    const labelNear = [1, 2].some((step) => tokens[at + step] && summaryLabelAt(value, tokens[at + step].start) !== undefined)
    if (!labelNear && proseAt(tokens, at)) {
      // A bio of a known author inside this "sentence" (after a run of labels) starts the next region.
      const inner = findAuthorWithin(tokens, at, known)
      if (inner < 0) break
      at = inner
      continue
    }
    at++
    const run = value.slice(tokens[chromeFrom].start, tokens[at - 1].end)
    // Without a title, byline or label before it, a full sentence is the article, not chrome.
    if (!evidence && (endsSentence(tokens[at - 1]) || run.length > 600)) return
  }
  flush(at)
  if (at >= tokens.length || (cuts.length === 0 && inserted.length === 0)) return
  // With nothing but link text as evidence, it must read as link text: share, download, print…
  if (!evidence && tokens.slice(0, at).filter(isChrome).length < at * 0.3) return
  const bodyStart = tokens[at].start
  for (const effect of effects) effect()
  for (const item of cuts) {
    const [start, end] = spanRange(span, item.from, item.to)
    if (item.field) context.mark(item.field, start, end, item.reason)
    context.drop(start, end, item.reason)
  }
  flows.splice(index, 1, ...inserted, {type: 'paragraph', span: trimSpan(sliceSpan(span, bodyStart, value.length))})
  const [regionStart] = spanRange(span, bodyStart, bodyStart)
  context.mark('body', regionStart, regionStart, 'the first sentence of the article after the page chrome')
}

/** Tokens with a glued summary label (`Abstract—Demand`) split in two, so the label and the text's first word stand apart. */
export function splitGluedLabels(tokens: Token[]): Token[] {
  const split: Token[] = []
  for (const token of tokens) {
    // Every label opens with `A` or `S`: the other tokens (nearly all) are not tried.
    const first = token.text.charCodeAt(0)
    const label = first === 0x41 || first === 0x53 ? gluedLabel.exec(token.text) : null
    if (!label) {
      split.push(token)
      continue
    }
    const at = token.start + label[0].length
    // The dash is punctuation between them: the label ends before it (a heading `Abstract`, not `Abstract—`).
    split.push({start: token.start, end: at - 1, text: label[0].slice(0, -1)}, {start: at, end: token.end, text: token.text.slice(label[0].length)})
  }
  return split
}

/** A table of contents within `limit` of the paragraph's start, unless a summary label comes before it: its tokens. */
function findContents(tokens: Token[], value: string, limit: number): {start: number; end: number; first: string} | undefined {
  const kinds = contentsTokenKinds(tokens)
  // Page numbers from each token on: a run of three entries has three, so where fewer are left none starts.
  const pagesFrom = new Int32Array(tokens.length + 1)
  for (let index = tokens.length - 1; index >= 0; index--) pagesFrom[index] = pagesFrom[index + 1] + (kinds[index] & 1)
  // The first run; then the labels up to it (most pages have no run, and then no label needs reading).
  let start = -1
  let run: ReturnType<typeof contentsRunAt>
  for (let index = 0; index < tokens.length && tokens[index].start < limit && pagesFrom[index] >= 3; index++) {
    run = contentsRunAt(tokens, index, kinds)
    if (run) {
      start = index
      break
    }
  }
  if (!run) return undefined
  // A summary label before the run, with prose after it: the summary opens the body, there is no contents table.
  for (let index = 0; index <= start; index++) {
    const label = labelInitials.has(value.charAt(tokens[index].start)) && atBoundary(tokens, index) ? (summaryLabelAt(value, tokens[index].start) ?? keyLabelAt(value, tokens[index].start)) : undefined
    if (label && tokens[index + 1] && proseAt(tokens, tokenAt(tokens, tokens[index].start + label.length))) return undefined
  }
  return {start, end: run.end, first: run.first}
}

/**
 * A content-type or series label over the title (`Research`, `TECHNICAL
 * REPORT | OCTOBER 2025`, `June 2026 Research Papers`): one to three
 * capitalised words, with a date at most.
 */
function seriesLabel(tokens: Token[], value: string): {series: string; date?: string} | undefined {
  if (tokens.length === 0) return undefined
  const start = tokens[0].start
  const end = tokens.at(-1)!.end
  let date: string | undefined
  const words: string[] = []
  for (let offset = start; offset < end; ) {
    const found = readDate(value, offset)
    if (found && found.end <= end) {
      date = found.date
      offset = found.end
    } else {
      const token = tokens.find((item) => item.start >= offset)
      if (!token) break
      if (token.start > offset && value.slice(offset, token.start).trim() !== '') return undefined
      if (token.text !== '|') words.push(token.text)
      offset = token.end
    }
    while (offset < end && /\s/.test(value[offset])) offset++
  }
  if (words.length === 0 || words.length > 3 || !words.every((word) => isSeriesWord(word) && !chromeWord.test(word))) return undefined
  const series = words.map((word) => (isCapitals(word) && word.length > 1 ? word[0] + word.slice(1).toLowerCase() : word)).join(' ')
  return {series, date}
}

export const isSeriesWord = narrowFirst(() => /^\p{Lu}[\p{L}-]*$/u, /^[A-ZÀ-ÖØ-Þ][A-Za-zªµºÀ-ÖØ-öø-ÿ-]*$/)
export const isCapitals = narrowFirst(() => /^\p{Lu}+$/u, /^[A-ZÀ-ÖØ-Þ]+$/)
/** Capitals, digits, `&`, `|`, `-` (an acronym, a date in figures, a separator) after a name. */
export const isAcronymLike = narrowFirst(() => /^[\p{Lu}\d&|-]{2,}[,:]?$/u, /^[A-ZÀ-ÖØ-Þ\d&|-]{2,}[,:]?$/)

/** What may follow a bare name under a title: a note digit, capitals, a role, the name again, a date, a repeat, nothing. */
function endsName(tokens: Token[], from: number, to: number): boolean {
  const next = tokens[to]
  if (!next || /^\d/.test(next.text) || isAcronymLike(next.text)) return true
  if (/^(?:Fellow|Director|Professor|Senior|Research|Associate|Analyst|Editor|President|Chair)/.test(next.text)) return true
  if (next.text === tokens[from].text) return true
  return /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/.test(next.text) && /\d/.test(tokens[to + 1]?.text ?? '')
}

function takeByline(brief: BriefData, authors: BriefAuthor[], text: string, editors = false) {
  if (editors) {
    // Metadata that named the editors as authors is corrected by the text: they are contributors.
    const names = new Set(authors.map((author) => author.name))
    brief.authors = brief.authors.filter((author) => !names.has(author.name))
    brief.contributors = [...(brief.contributors ?? []), ...authors.map((author) => ({...author, role: 'Editor'}))]
    return
  }
  if (brief.authors.length === 0) brief.authors.push(...authors)
  brief.byline ??= text
}

/** Sentences about a known author (`Dr. A B is …`, then `He …`): appended to the author's bio. */
function readBio(tokens: Token[], index: number, authors: BriefAuthor[], value: string, effects?: Array<() => void>): {end: number} | undefined {
  if (!atBoundary(tokens, index)) return undefined
  const found = authorAt(tokens, index, authors)
  if (!found) return undefined
  const next = tokens[found.end]
  if (!next || !/^(?:is|was|has|,|serves|leads|works)$|^,/.test(next.text) && !/,$/.test(tokens[found.end - 1].text)) return undefined
  // `A B, C D` naming another author after the comma is the byline again, not a bio.
  if (authorAt(tokens, found.end, authors.filter((author) => author !== found.author))) return undefined
  let end = sentenceEnd(tokens, index)
  while (end < tokens.length && /^(?:He|She|They|His|Her|Their)$/.test(tokens[end].text)) end = sentenceEnd(tokens, end)
  const bio = value.slice(tokens[index].start, tokens[end - 1].end)
  const apply = () => {
    found.author.bio = found.author.bio ? `${found.author.bio} ${bio}` : bio
  }
  if (effects) effects.push(apply)
  else apply()
  return {end}
}

function sentenceEnd(tokens: Token[], index: number): number {
  let at = index
  while (at < tokens.length && !endsSentence(tokens[at])) at++
  return Math.min(tokens.length, at + 1)
}

function findAuthorWithin(tokens: Token[], index: number, authors: BriefAuthor[]): number {
  const end = sentenceEnd(tokens, index)
  for (let at = index + 1; at < end; at++) {
    if (authorAt(tokens, at, authors) && !isLower(tokens[at - 1])) return at
  }
  return -1
}

/** Sentences after a key-points label, until link text or a non-sentence: into `brief.keyPoints`. */
function readKeyPoints(tokens: Token[], index: number, value: string, brief: BriefData, effects: Array<() => void>): number {
  const points: string[] = []
  let at = index
  while (at < tokens.length && points.length < 12 && !isChrome(tokens[at]) && /^[\p{Lu}\p{N}“"‘]/u.test(tokens[at].text)) {
    const end = sentenceEnd(tokens, at)
    if (!endsSentence(tokens[end - 1]) || end - at < 4) break
    points.push(value.slice(tokens[at].start, tokens[end - 1].end))
    at = end
  }
  if (points.length > 0) effects.push(() => (brief.keyPoints = [...(brief.keyPoints ?? []), ...points]))
  return at
}

/** Disclaimers inside front matter that is cut away are read, not just dropped. */
function readFrontText(tokens: Token[], value: string, context: RegionContext, _span: Span) {
  if (tokens.length === 0) return
  const text = value.slice(tokens[0].start, tokens.at(-1)!.end)
  const sentences = text.split(/(?<=[.!?])\s+(?=\p{Lu})/u)
  const disclaimer = sentences.filter((sentence) => isDisclaimer(sentence) && sentence.length < 600).join(' ')
  if (disclaimer) context.brief.disclaimer ??= disclaimer
}

/**
 * A summary label as its own block (`SUMMARY`, `Abstract:` opening a
 * paragraph) among the first blocks: the text under it becomes
 * `brief.summary` and leaves the body (the template prints it once, on page 1).
 */
function readLabelledSummary(flows: Flow[], context: RegionContext) {
  const {brief} = context
  if (brief.summary !== undefined) return
  for (const [index, flow] of flows.slice(0, 4).entries()) {
    if (flow.type !== 'heading' && flow.type !== 'paragraph') continue
    const value = flow.span.value
    const label = summaryLabelAt(value, 0) ?? keyLabelAt(value, 0)
    if (!label) continue
    const isKey = keyLabelAt(value, 0) !== undefined
    if (flow.type === 'heading') {
      if (label.replace(/:$/, '').length !== value.trim().replace(/:$/, '').length) continue
      const under = flows[index + 1]
      const lines = under?.type === 'paragraph' ? under.span.value.split('\n') : []
      const split = lines.findIndex((line, number) => number > 0 && isLabelLine(line))
      if (under?.type === 'paragraph' && split > 0) {
        // `SUMMARY` over a paragraph whose next label (`COMMENTARY`) is one of its lines.
        const offset = lines.slice(0, split).join('\n').length
        const [labelStart, labelEnd] = spanRange(flow.span, 0, value.length)
        context.drop(labelStart, labelEnd, isKey ? 'key points label (its text is file.data.brief.keyPoints)' : 'summary label (its text is file.data.brief.summary)')
        if (isKey) brief.keyPoints = lines.slice(0, split).map((line) => line.trim()).filter(Boolean)
        else brief.summary = under.span.value.slice(0, offset).trim()
        const [start, stop] = spanRange(under.span, 0, offset)
        context.mark(isKey ? 'keyPoints' : 'summary', start, stop, `lines under the ${label} label`)
        flows.splice(index, 2, ...restOf(under.span, offset))
        return
      }
      // The paragraphs under the label, up to the next heading: at most a few, never most of the article.
      let end = index + 1
      while (end < flows.length && end < index + 7 && flows[end].type === 'paragraph') end++
      const taken = flows.slice(index + 1, end) as Array<Extract<Flow, {type: 'paragraph'}>>
      const total = flows.reduce((sum, item) => sum + ('span' in item ? item.span.value.length : 0), 0)
      const size = taken.reduce((sum, item) => sum + item.span.value.length, 0)
      if (taken.length === 0 || end >= flows.length || size > total * 0.3) continue
      const [labelStart, labelEnd] = spanRange(flow.span, 0, value.length)
      context.drop(labelStart, labelEnd, isKey ? 'key points label (its text is file.data.brief.keyPoints)' : 'summary label (its text is file.data.brief.summary)')
      const texts = taken.map((item) => item.span.value)
      if (isKey) brief.keyPoints = texts
      else brief.summary = texts.join('\n\n')
      const [start] = spanRange(taken[0].span, 0, 0)
      const [, stop] = spanRange(taken.at(-1)!.span, 0, taken.at(-1)!.span.value.length)
      context.mark(isKey ? 'keyPoints' : 'summary', start, stop, `text under the ${label.replace(/:$/, '')} label`)
      flows.splice(index, end - index)
      return
    }
    const lines = value.split('\n')
    if (lines.length > 2 && lines[0].trim().replace(/:$/, '') === label.replace(/:$/, '')) {
      // `SYNOPSIS` on its own line: the lines under it, up to the next short unpunctuated line.
      let end = 1
      while (end < lines.length && !isLabelLine(lines[end])) end++
      const offset = lines.slice(0, end).join('\n').length
      const text = value.slice(lines[0].length, offset).trim()
      const whole = flows.reduce((sum, item) => sum + ('span' in item ? item.span.value.length : 0), 0)
      if (end >= lines.length || text.length < 80 || offset > whole * 0.5) continue
      const [start, stop] = spanRange(flow.span, 0, offset)
      if (isKey) brief.keyPoints = lines.slice(1, end).map((line) => line.trim()).filter(Boolean)
      else brief.summary = text
      context.mark(isKey ? 'keyPoints' : 'summary', start, stop, `lines under the ${label} label`)
      context.drop(start, spanRange(flow.span, 0, lines[0].length)[1], isKey ? 'key points label (its text is file.data.brief.keyPoints)' : 'summary label (its text is file.data.brief.summary)')
      flows.splice(index, 1, ...restOf(flow.span, offset))
      return
    }
    if (isKey || !label.endsWith(':')) continue
    // `Abstract: …` opening a paragraph: the paragraph is the summary.
    const text = value.slice(label.length).trim()
    if (text.length < 80) continue
    const [start, stop] = spanRange(flow.span, 0, value.length)
    brief.summary = text
    context.mark('summary', start, stop, `paragraph opened by ${label}`)
    context.drop(start, spanRange(flow.span, 0, label.length)[1], 'summary label (its text is file.data.brief.summary)')
    flows.splice(index, 1)
    return
  }
}

/** Labels no sentence uses with a capital in mid-flow: they mark the back matter wherever they stand. */
const strongBackLabel = /(?:About the Authors?|ABOUT THE AUTHORS?|Acknowledg(?:e)?ments|ACKNOWLEDG(?:E)?MENTS)(?=\s+[\p{Lu}])/uy
/** The text after a summary: its first line, when a label (`COMMENTARY`), is the heading of the rest. */
function restOf(span: Span, offset: number): Flow[] {
  const rest = trimSpan(sliceSpan(span, offset, span.value.length))
  const newline = rest.value.indexOf('\n')
  if (newline < 0 || !isLabelLine(rest.value.slice(0, newline))) return [{type: 'paragraph', span: rest}]
  return [
    {type: 'heading', level: 2, span: trimSpan(sliceSpan(rest, 0, newline))},
    {type: 'paragraph', span: trimSpan(sliceSpan(rest, newline + 1, rest.value.length))}
  ]
}

/** A short line with no sentence punctuation at its end: a label or heading inside a paragraph. */
function isLabelLine(line: string): boolean {
  const value = line.trim()
  return value.length > 0 && value.length < 60 && !/[.!?:;,”"’)]$/.test(value)
}

/**
 * `^About [\p{Lu}]`: `About` and a capital. A label of `About the …` (lower-case ASCII after the space) is decided
 * without the letter class, whose compile costs more than the corpus' few such labels.
 */
export function aboutName(label: string): boolean {
  if (!label.startsWith('About ')) return false
  const code = label.charCodeAt(6)
  return !(code >= 97 && code <= 122) && /^About [\p{Lu}]/u.test(label)
}

/** The letters `strongBackLabel` and `backLabel` open with. */
const backLabelInitials = new Set(['A', 'a', 'T', 'R'])
const backLabel =
  /(?:About the Authors?|ABOUT THE AUTHORS?|about the authors?|About [\p{Lu}][\p{L}&.-]*|Acknowledg(?:e)?ments?|ACKNOWLEDG(?:E)?MENTS?|Authors?|Tags|Related Content|Related Articles|Related Research|Appendix)(?=\s+[\p{Lu}\p{N}])/uy

/**
 * The end of the paragraph at `index`: about-the-authors, acknowledgements,
 * tags and link text after the last sentence of the article go, bios into
 * the authors. Only the last stretch of the text is searched.
 */
export function readBackChrome(flows: Flow[], index: number, context: RegionContext): void {
  const flow = flows[index]
  if (!flow || flow.type !== 'paragraph') return
  const {brief} = context
  const {span} = flow
  const value = span.value
  // Only the last stretch is searched: at most 20,000 characters.
  const regionStart = Math.max(0, value.length - Math.max(6000, Math.min(value.length * 0.4, 20_000)))
  const all = tokenize(value, regionStart > 0 ? value.lastIndexOf(' ', regionStart - 200) + 1 : 0)
  if (all.length < 12) return
  // A `Disclaimer` label closing the page: what follows it is the brief's disclaimer, the rest is read without it.
  const disclaimerAt = trailingDisclaimer(all, value)
  const tokens = disclaimerAt < 0 ? all : all.slice(0, disclaimerAt)
  const textEnd = disclaimerAt < 0 ? value.length : all[disclaimerAt].start
  if (disclaimerAt >= 0) {
    brief.disclaimer ??= value.slice(all[disclaimerAt + 1].start).trim()
    const [start, end] = spanRange(span, all[disclaimerAt].start, value.length)
    context.mark('disclaimer', start, end, 'disclaimer closing the page')
    context.drop(start, start + all[disclaimerAt].text.length, 'disclaimer label (its text is file.data.brief.disclaimer)')
    flows[index] = {type: 'paragraph', span: trimSpan(sliceSpan(span, 0, textEnd))}
  }
  const from = tokenAt(tokens, regionStart)
  let cutAt = -1
  let reason = ''
  for (let at = Math.max(from, 1); at < tokens.length; at++) {
    // Both label patterns are case-sensitive and open with one of four letters: at any other token neither is tried.
    const labelled = backLabelInitials.has(value.charAt(tokens[at].start))
    const strong = labelled ? matchSticky(strongBackLabel, value, tokens[at].start) : undefined
    // Where no label can open, only the author test below can cut, and it asks for a sentence end before the
    // token (a boundary): the boundary is read for a labelled token only (its patterns per lower-case word are not run).
    if (labelled && !strong && !atBoundary(tokens, at)) continue
    const label = strong ?? (labelled ? matchSticky(backLabel, value, tokens[at].start) : undefined)
    if (label) {
      const after = tokenAt(tokens, tokens[at].start + label.length)
      const authorLabel = /^authors?$/i.test(label)
      const appendix = /^appendix$/i.test(label)
      if (authorLabel && !authorAt(tokens, after, brief.authors) && nameAt(tokens, after) < 0) continue
      // An appendix is content unless only captions and links follow it.
      if (appendix && tokens.slice(after, after + 8).filter((token) => isLower(token)).length > 2) continue
      if (aboutName(label) && !/^About the/i.test(label) && tokens.length - at > 400) continue
      cutAt = at
      reason = 'back matter after the article (about the authors, acknowledgements, tags, share links)'
      break
    }
    if (tokens[at].start > value.length * 0.7 && endsSentence(tokens[at - 1]) && authorAt(tokens, at, brief.authors)) {
      cutAt = at
      reason = 'about the author after the article'
      break
    }
  }
  // Link text after the last full stop (`Support`, `| 9`) is no sentence.
  let tail = tokens.length
  while (tail > 0 && !endsSentence(tokens[tail - 1]) && tokens.length - tail < 80) tail--
  // A longer run without a full stop is link text only when few of its words are lower-case (tags, cards, buttons).
  const linkText = tokens.length - tail <= 5 || (tokens.length - tail < 80 && tokens.slice(tail).filter((token) => isLower(token)).length < (tokens.length - tail) * 0.35)
  if (cutAt < 0 && tail < tokens.length && tail > 0 && linkText) {
    // A promotion naming the publisher just before such a fragment goes with it.
    let start = tail
    const last = sentenceStart(tokens, tail - 1)
    const sentence = value.slice(tokens[last].start, tokens[tail - 1].end)
    const promotion = /^(?:Join|Subscribe|Sign up|Support|Donate|Follow|Learn more|Read more|Download|Visit|Explore|Get|Receive)\b/.test(sentence)
    if (((brief.organization && sentence.includes(brief.organization)) || promotion) && sentence.length < 300) start = last
    cutAt = start
    reason = start < tail ? 'promotion and link text after the last sentence' : 'link text after the last sentence'
  }
  if (cutAt < 0) return
  // A fragment (`read the full report`) between the last sentence and the cut goes too.
  let back = cutAt
  while (back > 0 && !endsSentence(tokens[back - 1]) && cutAt - back < 8) back--
  if (back > 0 && endsSentence(tokens[back - 1])) cutAt = back

  // Bios of known (or, with none known, named) authors in the cut part.
  for (let at = cutAt; at < tokens.length; at++) {
    const underLabel = /about the authors?$/i.test(tokens.slice(Math.max(0, at - 3), at).map((token) => token.text).join(' '))
    if (!underLabel && !atBoundary(tokens, at)) continue
    if (brief.authors.length === 0 || !authorAt(tokens, at, brief.authors)) {
      const name = underLabel ? nameAt(tokens, at) : -1
      if (name > at && brief.authors.length === 0) {
        brief.authors.push({name: tokens.slice(at, name).map((token) => token.text.replace(/,$/, '')).join(' ')})
        // More bios follow: read further names at sentence starts below.
        collectMoreBios(tokens, name, brief)
      }
    }
    const bio = readBio(tokens, at, brief.authors, value)
    if (bio) at = bio.end - 1
  }
  readAcknowledgments(tokens, cutAt, value, context)
  const [start, end] = spanRange(span, tokens[cutAt].start, textEnd)
  context.drop(start, end, reason)
  context.mark('body', start, start, 'the last sentence of the article ends here')
  flows[index] = {type: 'paragraph', span: trimSpan(sliceSpan(span, 0, tokens[cutAt].start))}
}

/** `Acknowledgments The authors thank …` up to the next back label: into `brief.acknowledgments`. */
function readAcknowledgments(tokens: Token[], from: number, value: string, context: RegionContext) {
  const at = tokens.findIndex((token, index) => index >= from && /^acknowledg/i.test(token.text))
  if (at < 0 || at > from + 12) return
  let end = at + 1
  while (end < tokens.length && !(endsSentence(tokens[end - 1]) && (matchSticky(strongBackLabel, value, tokens[end].start) ?? matchSticky(backLabel, value, tokens[end].start)))) end++
  if (end === at + 1) return
  const text = value.slice(tokens[at + 1].start, tokens[end - 1].end)
  context.brief.acknowledgments ??= text
}

function sentenceStart(tokens: Token[], index: number): number {
  let at = index
  while (at > 0 && !endsSentence(tokens[at - 1])) at--
  return at
}

/** After one bio under "about the authors", each further sentence opening with a name and `is` is another author's. */
function collectMoreBios(tokens: Token[], from: number, brief: BriefData) {
  for (let at = from; at < tokens.length; at++) {
    if (!endsSentence(tokens[at - 1])) continue
    const name = nameAt(tokens, at)
    if (name > at && /^(?:is|was|,)$/.test(tokens[name]?.text ?? '')) {
      const value = tokens.slice(at, name).map((token) => token.text.replace(/,$/, '')).join(' ')
      if (!brief.authors.some((author) => author.name === value)) brief.authors.push({name: value})
    }
  }
}

/** The token index of a `Disclaimer` label in the last 1,500 characters whose text runs to the end in sentences, or -1. */
function trailingDisclaimer(tokens: Token[], value: string): number {
  for (let at = tokens.length - 2; at > 0 && value.length - tokens[at].start < 1500; at--) {
    if (!/^(?:Disclaimer|DISCLAIMER):?$/.test(tokens[at].text) || !/^[\p{Lu}“"‘(]/u.test(tokens[at + 1].text)) continue
    if (endsSentence(tokens.at(-1)) && isDisclaimer(value.slice(tokens[at + 1].start))) return at
  }
  return -1
}
