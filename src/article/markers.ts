/**
 * Pass `markers` (candidates): every number in body text placed the way a note marker is, with how telling
 * its place is; and (decision) which candidates become references, by aligning them with the notes' numbers.
 *
 * A candidate is `<sup>3</sup>`, `[3]` (or `\[3\]`), `[^3]`, `${}^{3}$`, `\textsuperscript{3}`, `³`, pandoc's `^3^`, a link to
 * the page's own note (`[3](#fn3)`, `[[3]](https://site/page#_edn3)`, `<sup>[3](#fn3)</sup>`: HTML converted to Markdown;
 * `<a href="#fn3">3</a>`: HTML left in the text) (strong: nothing else looks like that),
 * digits glued after sentence punctuation, a closing quote or parenthesis (`Games.1`, `motherland."10`,
 * `(ABC)4`, `1991).4`, `1990s.7`), digits after punctuation and one space when a sentence or the
 * paragraph follows (`September 2019. 3`), or, weakest, digits split off by a space after a word, a comma
 * or a year (`titled 5 The`, `matter, 1 but`, `from 2023 3 reflected`: PDF conversions), which count only
 * where they fit the notes' sequence.
 */
import {superscriptValue} from './blocks.js'
import {narrowFirst} from './narrow.js'

export type MarkerStrength = 'strong' | 'glued' | 'spaced' | 'loose'

/** How a candidate is written: tells the document's own marker style from an author's bracket numbering. */
export type MarkerStyle = 'sup' | 'latex' | 'caret' | 'bracket' | 'superscript' | 'anchor' | 'plain'

export interface Candidate {
  /** Index in the span value, and length of the whole marker (`<sup>3</sup>` is 12). */
  index: number
  length: number
  number: number
  strength: MarkerStrength
  style: MarkerStyle
  /** A spaced candidate after a closing quote (`war.” 18`): as telling as a glued one. */
  afterQuote?: boolean
  /**
   * Its place in a marker citing several notes (`<sup>1,2</sup>`, `[3–5]`, `.4,5`), from 0: members after
   * the first cover their separator and are printed after a comma; the numbers inside a range cover nothing.
   */
  slot?: number
}

export const strongMarker =
  /<sup>[ \t]*\[?(\d{1,5})\]?[ \t]*<\/sup>|\$\{?\}?\^\{?(\d{1,5})\}?\$|\[\^(\d{1,5})\](?!:)|\\?\[(\d{1,5})\\?\](?![(:])|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})|(?:<sup>[ \t]*)?\[\\?\[?(\d{1,5})\\?\]?\]\((?:https?:\/\/[^()\s#]{1,2000})?#[^()\s]{0,200}\)(?:[ \t]*<\/sup>)?|\^(\d{1,5})\^|(?:<sup>[ \t]*)?<a\b[^<>]{0,300}?\bhref="[^"<>]{0,2000}#[^"<>]{0,200}"[^<>]{0,300}>[ \t]*(?:<sup>)?\[?(\d{1,5})\]?(?:<\/sup>)?[ \t]*<\/a>(?:[ \t]*<\/sup>)?|\\textsuperscript\{(\d{1,5})\}/gi

/** Words that a number follows without being a marker (`No. 40`, `pp. 12`). */
const abbreviations = new Set([
  'no', 'nos', 'vol', 'vols', 'p', 'pp', 'art', 'arts', 'sec', 'secs', 'ch', 'chap', 'fig', 'figs', 'para', 'paras',
  'op', 'ed', 'eds', 'rev', 'tab', 'n', 'nn', 'v', 'vs', 'ca', 'c', 'approx', 'ver', 'pt', 'pts', 'sess', 'stat',
  'cong', 'l', 'r', 'h', 's', 'reg', 'fed', 'doc', 'rep', 'res', 'amdt', 'div', 'tit', 'cl', 'ex', 'nr', 'bd', 'jg',
  'eq', 'ref', 'refs', 'tel', 'ext', 'st', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec'
])

const sentencePunctuation = new Set(['.', ',', ';', ':', '!', '?', '…'])
const closers = new Set(['”', '"', '’', "'", '»', ')', ']'])
const unitPattern = /(?:^|[^\p{L}])(?:m|km|cm|mm|ft|in|mi|sq)$/u
/**
 * `unitPattern` behind a test of the last letter (`m`, `t`, `n`, `i`, `q` end every unit it lists): most texts
 * end otherwise, and the pattern's letter class is dear to compile for the few files that reach it.
 */
const units = {test: (value: string): boolean => unitEnds.has(value.charCodeAt(value.length - 1)) && unitPattern.test(value)}
const unitEnds = new Set([0x6d, 0x74, 0x6e, 0x69, 0x71])

/** All marker candidates in `value`, in order, outside the `skip` ranges (links, URLs). */
export function findCandidates(value: string, skip: ReadonlyArray<[number, number]> = []): Candidate[] {
  return outside(allCandidates(value), skip)
}

/** `findCandidates` with the same answers. */
export type CandidateFinder = typeof findCandidates

/**
 * `findCandidates` for one article: the recognizer reads many texts twice
 * (a block's lines for the note hints, then the flow for the markers; a
 * paragraph for page notes, then for the markers), so each text's candidates
 * are found once. Every call gets fresh copies: callers keep candidates by
 * identity, and two equal paragraphs must not share theirs.
 */
export function createCandidateFinder(): CandidateFinder {
  const known = new Map<string, Candidate[]>()
  return (value, skip = []) => {
    let found = known.get(value)
    if (!found) {
      found = allCandidates(value)
      known.set(value, found)
    }
    return outside(
      found.map((candidate) => ({...candidate})),
      skip
    )
  }
}

/** Every candidate of `value`, sorted, before the skip ranges apply. */
function allCandidates(value: string): Candidate[] {
  // Every candidate holds a digit or a superscript digit: a text without one (headings, many paragraphs) is not searched three times.
  if (!digitOrSuperscript.test(value)) return []
  // Markers citing several notes first: their members win over the single numbers inside them.
  const found: Candidate[] = groupStart.test(value) ? findGroups(value) : []

  // `matchAll` works on a copy of the pattern: the module's pattern stays untouched.
  for (const match of strongStart.test(value) ? value.matchAll(strongMarker) : []) {
    const superscript = match[5]
    if (superscript && isUnitOrPower(value, match.index, match.index + match[0].length)) continue
    // Pandoc's `10^6^` is a power, not a note.
    if (match[7] && /\p{N}/u.test(value.charAt(match.index - 1))) continue
    const number = superscript ? superscriptValue(superscript) : Number(match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[6] ?? match[7] ?? match[8] ?? match[9])
    const style: MarkerStyle = match[1] ? 'sup' : match[2] || match[9] ? 'latex' : match[3] || match[7] ? 'caret' : match[4] ? 'bracket' : match[6] || match[8] ? 'anchor' : 'superscript'
    if (number > 0) found.push({index: match.index, length: match[0].length, number, strength: 'strong', style})
  }

  for (const match of value.matchAll(/\d+/g)) {
    const candidate = plainCandidate(value, match.index, match.index + match[0].length)
    if (candidate) found.push(candidate)
  }

  found.sort((a, b) => a.index - b.index || (a.slot ?? 0) - (b.slot ?? 0))
  return found
}

/** What every candidate pattern needs somewhere: an ASCII digit or a superscript one. */
const digitOrSuperscript = /[0-9⁰¹²³⁴⁵⁶⁷⁸⁹]/
/**
 * What every alternative of `strongMarker` holds: `<` (`<sup>`, `<a`), `$`, `[`, `^`, `\\` or a superscript digit.
 * Most paragraphs hold none, and the wide alternation then need not try every position.
 */
export const strongStart = /[<$[^\\⁰¹²³⁴⁵⁶⁷⁸⁹]/
/** What every alternative of `groupPattern` holds: `<`, `$`, `[`, a superscript digit, or sentence punctuation or a closing quote before a digit. */
export const groupStart = /[<$[⁰¹²³⁴⁵⁶⁷⁸⁹]|[.,;:!?”"’»]\d/

/** The candidates of `found` (sorted) outside the `skip` ranges, overlapping ones dropped. */
function outside(found: Candidate[], skip: ReadonlyArray<[number, number]>): Candidate[] {
  // Both lists are sorted: walk them together.
  let range = 0
  let reached = 0
  return found.filter((candidate) => {
    if (candidate.index < reached) return false
    while (range < skip.length && skip[range][1] <= candidate.index) range++
    const inside = range < skip.length && skip[range][0] < candidate.index + candidate.length
    if (!inside) reached = candidate.index + candidate.length
    return !inside
  })
}

/**
 * One marker citing several notes: a list or range of numbers in one strong wrapper (`<sup>1,2</sup>`,
 * `<sup>3-5</sup>`, `[3–5]`, `[1, 2]`, `${}^{4,5}$`, `¹⁻³`) or glued after sentence punctuation or a closing
 * quote (`policy.4,5`, `said.”7–9`). The numbers must count up (a range by at most 20), so `[2, 1]`,
 * a thousands figure (`.1,500`) or a score (`3-2`) is none.
 */
export const groupPattern =
  /<sup>[ \t]*\[?(\d{1,4}(?:[ \t]*[,;–—-][ \t]*\d{1,4})+)\]?[ \t]*<\/sup>|\$\{?\}?\^\{(\d{1,4}(?:[ \t]*[,–-][ \t]*\d{1,4})+)\}\$|\[(\d{1,4}(?:[ \t]*[,;–—][ \t]*\d{1,4})+)\](?![(:])|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?:[ \t]*[,˒⁻–][ \t]*[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})+)|[.,;:!?”"’»](\d{1,3}(?:,\d{1,3}|[–—]\d{1,3}|, \d{1,3}(?=[ \t]+[\p{Lu}“"‘(]|[ \t]*$))+)(?![\d\p{L}%°])/gmu

/** A word, `%` or `)`, then sentence punctuation or a closing quote: what a glued group of numbers follows. */
export const isGluedAfter = narrowFirst(() => /[\p{L}\p{M}%)][.,;:!?]?[”"’»]?[.,;:!?]?$/u, /[A-Za-zªµºÀ-ÖØ-öø-ÿ%)][.,;:!?]?[”"’»]?[.,;:!?]?$/)

function findGroups(value: string): Candidate[] {
  const found: Candidate[] = []
  for (const match of value.matchAll(groupPattern)) {
    const list = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5]
    // Glued: sentence punctuation or a closing quote after a word (`policy.4,5`, `said.”7–9`, `(2019).4,5`).
    if (match[5] && !isGluedAfter(value.slice(Math.max(0, match.index - 3), match.index + 1))) continue
    const style: MarkerStyle = match[1] ? 'sup' : match[2] ? 'latex' : match[3] ? 'bracket' : match[4] ? 'superscript' : 'plain'
    const strength: MarkerStrength = match[5] ? 'glued' : 'strong'
    // A glued `,123` is a thousands figure, not a marker (`in 2019.1,200 people`).
    if (match[5] && (/,\d{3}/.test(list) || (value.charAt(match.index - 1) === '.' && isAbbreviation(value, match.index - 1)))) continue
    const listStart = match.index + match[0].lastIndexOf(list)
    const parts = [...list.matchAll(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d+/g)]
    const numbers = parts.map((part) => (/\d/.test(part[0]) ? Number(part[0]) : superscriptValue(part[0])))
    const members: Candidate[] = []
    let ok = numbers[0] > 0
    for (const [position, part] of parts.entries()) {
      const number = numbers[position]
      const first = position === 0
      const previousEnd = first ? (match[5] ? listStart : match.index) : listStart + parts[position - 1].index + parts[position - 1][0].length
      const end = position === parts.length - 1 ? match.index + match[0].length : listStart + part.index + part[0].length
      if (!first) {
        const separator = list.slice(parts[position - 1].index + parts[position - 1][0].length, part.index)
        const range = /[–—⁻-]/.test(separator)
        if (number <= numbers[position - 1] || (range && number - numbers[position - 1] > 20)) ok = false
        // The numbers a range leaves out (`3–5` cites 4): each a member that covers nothing.
        if (range && ok) for (let inner = numbers[position - 1] + 1; inner < number; inner++) members.push({index: previousEnd, length: 0, number: inner, strength, style, slot: members.length})
      }
      members.push({index: previousEnd, length: end - previousEnd, number, strength, style, slot: members.length})
    }
    if (ok) found.push(...members)
  }
  return found
}

/** Whether a text ends, or starts, with a number character (a digit, `²`, `½`). */
export const endsWithNumber = narrowFirst(() => /\p{N}$/u, /[0-9²³¹¼-¾]$/)
export const startsWithNumber = narrowFirst(() => /^\p{N}/u, /^[0-9²³¹¼-¾]/)

/** `km²` is a unit and `10⁸` a power: superscripts touching a number or a unit are no notes. */
function isUnitOrPower(value: string, start: number, end: number): boolean {
  const before = value.slice(Math.max(0, start - 4), start)
  return units.test(before) || endsWithNumber(before) || startsWithNumber(value.slice(end, end + 2))
}

/** What may stand before a plain marker: a word, `%`, a closing bracket or quote (and a digit before a spaced one). */
export const mayPrecedeSpaced = narrowFirst(() => /[\p{L}\p{M}\d%)\]”"’'»]/u, /[A-Za-zªµºÀ-ÖØ-öø-ÿ\d%)\]”"’'»]/)
export const mayPrecedeGlued = narrowFirst(() => /[\p{L}\p{M}%)\]”"’'»]/u, /[A-Za-zªµºÀ-ÖØ-öø-ÿ%)\]”"’'»]/)

function plainCandidate(value: string, start: number, end: number): Candidate | undefined {
  if (end - start > 3 || value.charCodeAt(start) === 48) return undefined
  const after = value.charAt(end)
  // Most numbers are followed by ASCII: decided from its code (letters, digits, `%`), the rest by the property classes.
  const code = value.charCodeAt(end)
  if (code < 0x80 ? isAsciiLetterOrDigit(code) || code === 37 : /[\p{L}\p{N}\p{M}%°]/u.test(after)) return undefined
  if (/[.,:\-–‒—/]/.test(after) && /\d/.test(value.charAt(end + 1))) return undefined
  const number = Number(value.slice(start, end))
  const plain = (strength: MarkerStrength, afterQuote = false): Candidate =>
    afterQuote ? {index: start, length: end - start, number, strength, style: 'plain', afterQuote} : {index: start, length: end - start, number, strength, style: 'plain'}

  // `claim.^3` (a caret without pandoc's closing one), after a word or punctuation, not a power (`10^3`, `x^2`).
  if (value.charAt(start - 1) === '^') {
    const before = value.slice(Math.max(0, start - 3), start - 1)
    return /(?:\p{L}\p{L}|[.,;:!?”"’)\]])$/u.test(before) && value.charAt(end) !== '^' ? {index: start - 1, length: end - start + 1, number, strength: 'glued', style: 'caret'} : undefined
  }
  let cursor = start - 1
  let strength: MarkerStrength = 'glued'
  if (value.charAt(cursor) === ' ') {
    strength = 'spaced'
    cursor--
    if (!followsAsSentence(value, end)) return looseCandidate(value, start, end) ? plain('loose') : undefined
  }

  let punctuation = 0
  let quoted = false
  let parenthesis = false
  let walked = 0
  while (cursor >= 0 && walked < 3) {
    const char = value.charAt(cursor)
    if (sentencePunctuation.has(char)) punctuation++
    else if (closers.has(char)) {
      if (char === ')' || char === ']') parenthesis = true
      else quoted = true
    } else break
    cursor--
    walked++
  }
  // `(ABC)4 says`, `in 2015)7 ,`: digits glued to a closing parenthesis.
  const gluedToParenthesis = strength === 'glued' && parenthesis && value.charAt(start - 1) === ')'
  if (punctuation === 0 && !quoted && !gluedToParenthesis) {
    if (strength === 'glued') return gluedToWord(value, start, end) ? plain('loose') : undefined
    return looseCandidate(value, start, end) ? plain('loose') : undefined
  }
  // Spaced numbers need a sentence end before them: `2019. 3`, not `2019, 3`.
  if (strength === 'spaced' && !/[.!?;:]/.test(value.slice(cursor + 1, start))) return looseCandidate(value, start, end) ? plain('loose') : undefined

  const before = value.charAt(cursor)
  // Glued digits after a digit are decimals (`1.5`); a year may end a sentence before a spaced marker,
  // and anything may come before a closing parenthesis (`in 1991).4`).
  const allowed = strength === 'spaced' || parenthesis ? mayPrecedeSpaced : mayPrecedeGlued
  if (!allowed(before) && !(strength === 'glued' && endsWithYear(value, cursor + 1, end))) return undefined
  if (value.charAt(cursor + 1) === '.' && isAbbreviation(value, cursor + 1)) return undefined
  return plain(strength, strength === 'spaced' && quoted)
}

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122)
}

/** Words a number follows as a count or a label, never as a note marker (`Figure 2`, `than 10`). */
const labelWords = new Set([
  'figure', 'fig', 'table', 'chart', 'box', 'map', 'graph', 'exhibit', 'section', 'chapter', 'part', 'page', 'pages',
  'article', 'annex', 'appendix', 'step', 'phase', 'stage', 'level', 'tier', 'round', 'group', 'number', 'version',
  'wave', 'grade', 'class', 'category', 'type', 'volume', 'issue', 'item', 'point', 'rule', 'option', 'scenario',
  'the', 'a', 'an', 'of', 'than', 'by', 'to', 'are', 'is', 'was', 'were', 'be', 'over', 'under', 'about', 'nearly',
  'some', 'all', 'only', 'with', 'for', 'from', 'in', 'on', 'at', 'and', 'or', 'these', 'those', 'first', 'last',
  'top', 'least', 'most', 'around', 'approximately', 'roughly', 'almost', 'just', 'another', 'every', 'each', 'per',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'no', 'nos', 'vol', 'p', 'pp', 'see', 'note', 'notes', 'footnote', 'endnote', 'ibid', 'id'
])

/**
 * A number split off by a space in a PDF conversion (`titled 5 The next`, `matter, 1 but`,
 * `from 2023 3 reflected`, `its 12` at the paragraph's end, `Committee 2 : Figure`): a weak candidate
 * that only the notes' sequence can confirm.
 */
function looseCandidate(value: string, start: number, end: number): boolean {
  if (value.charAt(start - 1) !== ' ') return false
  // What follows: the end, a line break, a word, or punctuation set off by a space (`2 :`).
  const after = value.slice(end, end + 3)
  const atEnd = end >= value.length || after.charAt(0) === '\n'
  const before = value.charAt(start - 2)
  // After punctuation a year may follow, where a flattened list's next item starts (`conflict”, 5 2015: Agreed`).
  const yearAfter = /[,;:”"’»)]/.test(before) && /^ (?:1[5-9]|20)\d\d(?![\d.,])/.test(value.slice(end, end + 6))
  // A marker set before the sentence's punctuation (`experts 4. The`, `rules 5, and`): European styles.
  const beforePunctuation = /^[.,;:](?:\s|$)/.test(after)
  if (!atEnd && !yearAfter && !beforePunctuation && !/^ (?:[^\d\s%°]|[:;,.](?:\s|$))/u.test(after)) return false
  if (/[,;:”"’»)]/.test(before)) return true
  if (/\d/.test(before)) {
    // Only a year stands before a marker (`from 2023 3`), never a number (`10 25 FLOPs`).
    const year = /(?:^|[^\d.,])((?:1[5-9]|20)\d\d)$/.exec(value.slice(Math.max(0, start - 7), start - 1))
    return year !== null
  }
  if (!/[\p{Ll}\p{Lu}]/u.test(before)) return false
  const word = wordBefore(value, start - 1)
  if (word.length === 0 || /\d/.test(value.charAt(start - 2 - word.length))) return false
  // A function word before a number counts things (`its 12 members`), except at the paragraph's end.
  return atEnd ? !/^(?:figure|fig|table|chart|page|section|chapter|no|vol|p|pp)$/i.test(word) : !labelWords.has(word.toLowerCase())
}

/** A word in lower case, a capital allowed first (`policy`, `Policy`). */
export const isLowerWord = narrowFirst(() => /^\p{Lu}?\p{Ll}{2,}$/u, /^[A-ZÀ-ÖØ-Þ]?[a-zµß-öø-ÿ]{2,}$/)

/**
 * Digits glued to the end of a lower-case word where a PDF conversion lost the superscript (`the
 * authority1 has`, `rivals12.`): weak, only the notes' sequence confirms them. Not a code or a name with
 * capitals or digits inside (`COVID19`, `iPhone12`, `mp3`), nor a unit (`km2`).
 */
function gluedToWord(value: string, start: number, end: number): boolean {
  const word = wordBefore(value, start)
  if (!isLowerWord(word) || /[\p{N}_\-–/]/u.test(value.charAt(start - word.length - 1))) return false
  if (units.test(value.slice(Math.max(0, start - 4), start))) return false
  return end >= value.length || /^(?:\s|[.,;:)](?:\s|$))/.test(value.slice(end, end + 2))
}

/** `No. 40`, `pp. 12`, but not `1990s.` (letters after digits are no abbreviation). */
function isAbbreviation(value: string, stop: number): boolean {
  const word = wordBefore(value, stop)
  if (/\d/.test(value.charAt(stop - word.length - 1))) return false
  return abbreviations.has(word.toLowerCase())
}

/** `in March 1954.31 Next`: a year, a full stop, then a marker (not a decimal: the year stands alone). */
function endsWithYear(value: string, punctuation: number, end: number): boolean {
  if (value.charAt(punctuation) !== '.') return false
  const year = value.slice(punctuation - 4, punctuation)
  if (!/^(?:1[5-9]|20)\d\d$/.test(year)) return false
  if (/[\d.,$€£]/.test(value.charAt(punctuation - 5))) return false
  return end >= value.length || /\s/.test(value.charAt(end))
}

/** A spaced number is a marker only when a sentence, a line break or the end follows. */
function followsAsSentence(value: string, end: number): boolean {
  if (end >= value.length) return true
  const after = value.charAt(end)
  if (after === '\n') return true
  if (after !== ' ') return false
  return /[\p{Lu}“"‘(\[]/u.test(value.charAt(end + 1))
}

function wordBefore(value: string, end: number): string {
  let start = end
  while (start > 0 && /\p{L}/u.test(value.charAt(start - 1))) start--
  return value.slice(start, end)
}

export interface Linked {
  candidate: Candidate
  /** The span the candidate sits in (index into the caller's list). */
  owner: number
}

export interface MarkerDecision {
  linked: Linked[]
  /** Candidates that look like markers but stay unpaired: no note with their number, or out of order. */
  unlinked: Array<Linked & {why: 'no-note' | 'out-of-sequence' | 'near-miss'}>
  /** Linked markers whose number skips, repeats or goes back. */
  sequence: Array<Linked & {expected: number}>
  /** The style most linked markers are written in (`plain` for digits): an author's `[1]` in another style stays text. */
  style?: MarkerStyle
}

/** How much each kind of candidate is worth in the alignment: a strong marker outweighs a gap, a loose one never does. */
const weights: Record<MarkerStrength, number> = {strong: 3, glued: 2, spaced: 1.2, loose: 0.6}
/** Numbers within this distance of the previous marker join it at a cost per skipped number; farther ones pay the most. */
const nearJump = 8

function weightOf(candidate: Candidate): number {
  return candidate.afterQuote ? 1.6 : weights[candidate.strength]
}

/** Cost of skipping `gap` note numbers between two linked markers (or before the first). */
function gapCost(gap: number): number {
  return gap <= 0 ? 0 : 1.5 + 0.3 * Math.min(gap, nearJump)
}

/**
 * Decide which candidates are markers: a sequence alignment of the candidates (in document order) with
 * the notes' numbers. Dynamic programming over the candidates finds the increasing chain of numbers with
 * the highest score, where each candidate adds its weight (strong > glued > spaced > loose) and each
 * skipped note number costs, so a year, a count or an author's `[1] [2] [3]` never wins over the real
 * run, and a loose `titled 5 The` joins only where it fills the gap between 4 and 6. O(n·k + n log n).
 * Strong markers in the document's style that go back (a note cited twice) are linked and reported;
 * without notes, the chain is what the text would have linked, returned as `unlinked`.
 */
export function decideMarkers(all: Linked[], notes: ReadonlySet<number>): MarkerDecision {
  const withoutNotes = notes.size === 0
  const eligible = all.filter((item) => (withoutNotes ? item.candidate.strength !== 'loose' : notes.has(item.candidate.number)))
  // The document's own marker style is the one whose candidates run furthest alone; candidates in other
  // styles (an author's `[1] [2] [3]`) may fill its gaps but never outweigh it.
  const style = documentStyle(eligible)
  const chain = new Set(align(eligible, style))

  const linked = new Set<Linked>(withoutNotes ? [] : chain)
  const unlinked: MarkerDecision['unlinked'] = []
  if (withoutNotes) for (const item of chain) unlinked.push({...item, why: 'no-note'})

  // Between chained neighbours: back-references in the document's style, and near misses.
  const chained = all.filter((item) => chain.has(item))
  let anchor = 0
  let previous: Linked | undefined
  let highest = 0
  for (const item of all) {
    while (anchor < chained.length && precedes(chained[anchor], item)) {
      previous = chained[anchor++]
      highest = Math.max(highest, previous.candidate.number)
    }
    if (chain.has(item)) continue
    const {candidate} = item
    const number = candidate.number
    const next = chained[anchor]
    const low = previous ? previous.candidate.number : 0
    const high = next ? next.candidate.number : Number.POSITIVE_INFINITY
    const fits = number > low && number < high && (number - low <= 2 || candidate.afterQuote === true)
    // A marker the chain passed over because the gap before it costs more than it weighs (`war.” 18` after 15).
    if (!withoutNotes && fits && notes.has(number) && candidate.strength !== 'loose') {
      linked.add(item)
      continue
    }
    if (candidate.strength === 'strong') {
      if (!withoutNotes && notes.has(number) && number <= highest && candidate.style === style) linked.add(item)
      else if (candidate.style === style || fits) unlinked.push({...item, why: notes.has(number) ? 'out-of-sequence' : 'no-note'})
    } else if (candidate.strength === 'glued' && !withoutNotes) {
      if (fits || notes.has(number)) unlinked.push({...item, why: notes.has(number) ? 'out-of-sequence' : 'no-note'})
    } else if (!withoutNotes && fits && !notes.has(number)) {
      // A loose number where the next marker would be is only a near miss: reported, kept as text.
      if (candidate.strength !== 'loose') unlinked.push({...item, why: 'no-note'})
      else if (number === low + 1) unlinked.push({...item, why: 'near-miss'})
    }
  }

  const ordered = all.filter((item) => linked.has(item))
  const sequence: MarkerDecision['sequence'] = []
  highest = 0
  for (const item of ordered) {
    const number = item.candidate.number
    if (number !== highest + 1) sequence.push({...item, expected: highest + 1})
    highest = Math.max(highest, number)
  }

  unlinked.sort((a, b) => (precedes(a, b) ? -1 : 1))
  return {linked: ordered, unlinked, sequence, style}
}

function documentStyle(items: Linked[]): MarkerStyle | undefined {
  const styles = new Set(items.map((item) => item.candidate.style))
  if (styles.size <= 1) return items[0]?.candidate.style
  let best: MarkerStyle | undefined
  let length = -1
  for (const style of styles) {
    const run = new Set(align(items.filter((item) => item.candidate.style === style)).map((item) => item.candidate.number)).size
    if (run > length) {
      best = style
      length = run
    }
  }
  return best
}

function precedes(a: Linked, b: Linked): boolean {
  return a.owner < b.owner || (a.owner === b.owner && a.candidate.index < b.candidate.index)
}

/**
 * The best-scoring strictly increasing chain of numbers among `items` (in document order). `best[n]`
 * holds the best chain seen so far that ends at number n; a chain reaches n from n-1..n-k at the cost
 * of the numbers it skips, or from any lower number through a prefix-maximum tree at the highest cost.
 * Ties go to the later candidate, which sits nearer the markers after it.
 */
function align(items: Linked[], style?: MarkerStyle): Linked[] {
  if (items.length === 0) return []
  let top = 0
  for (const item of items) top = Math.max(top, item.candidate.number)
  const bestScore = new Float64Array(top + 1).fill(Number.NEGATIVE_INFINITY)
  const bestItem = new Int32Array(top + 1).fill(-1)
  // Fenwick tree of prefix maxima over numbers: [score, item].
  const treeScore = new Float64Array(top + 1).fill(Number.NEGATIVE_INFINITY)
  const treeItem = new Int32Array(top + 1).fill(-1)
  const parents = new Int32Array(items.length).fill(-1)
  const scores = new Float64Array(items.length)

  for (const [index, item] of items.entries()) {
    const number = item.candidate.number
    const weight = weightOf(item.candidate) * (style === undefined || item.candidate.style === style ? 1 : 0.3)
    let score = weight - gapCost(number - 1)
    let parent = -1
    for (let from = Math.max(1, number - nearJump); from < number; from++) {
      if (bestItem[from] === -1) continue
      const value = bestScore[from] + weight - gapCost(number - from - 1)
      if (value > score) {
        score = value
        parent = bestItem[from]
      }
    }
    const far = prefixMax(number - nearJump - 1)
    if (far.item !== -1 && far.score + weight - gapCost(nearJump + 1) > score) {
      score = far.score + weight - gapCost(nearJump + 1)
      parent = far.item
    }
    scores[index] = score
    parents[index] = parent
    if (score >= bestScore[number]) {
      bestScore[number] = score
      bestItem[number] = index
      update(number, score, index)
    }
  }

  let end = -1
  for (let number = 1; number <= top; number++) {
    if (bestItem[number] !== -1 && (end === -1 || bestScore[number] > scores[end])) end = bestItem[number]
  }
  const result: Linked[] = []
  for (let cursor = end; cursor !== -1; cursor = parents[cursor]) result.push(items[cursor])
  return result.reverse()

  function prefixMax(number: number): {score: number; item: number} {
    let score = Number.NEGATIVE_INFINITY
    let item = -1
    for (let cursor = Math.min(number, top); cursor > 0; cursor -= cursor & -cursor) {
      if (treeScore[cursor] > score) {
        score = treeScore[cursor]
        item = treeItem[cursor]
      }
    }
    return {score, item}
  }

  function update(number: number, score: number, item: number) {
    for (let cursor = number; cursor <= top; cursor += cursor & -cursor) {
      if (score >= treeScore[cursor]) {
        treeScore[cursor] = score
        treeItem[cursor] = item
      }
    }
  }
}
