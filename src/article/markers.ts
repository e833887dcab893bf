/**
 * Note-marker candidates in body text, and which of them become references.
 *
 * A candidate is a number placed the way note markers are: `<sup>3</sup>`,
 * `[3]`, `[^3]`, `${}^{3}$`, `³` (strong: nothing else looks like that),
 * digits glued after sentence punctuation or a closing quote (`Games.1`,
 * `motherland."10`), or digits after punctuation and one space when a
 * sentence or the paragraph follows (`September 2019. 3`).
 */
import {superscriptValue} from './blocks.js'

export type MarkerStrength = 'strong' | 'glued' | 'spaced'

export interface Candidate {
  /** Index in the span value, and length of the whole marker (`<sup>3</sup>` is 12). */
  index: number
  length: number
  number: number
  strength: MarkerStrength
  /** A spaced candidate after a closing quote (`war.” 18`): as telling as a glued one. */
  afterQuote?: boolean
}

const strongMarker =
  /<sup>[ \t]*\[?(\d{1,5})\]?[ \t]*<\/sup>|\$\{?\}?\^\{?(\d{1,5})\}?\$|\[\^(\d{1,5})\](?!:)|\[(\d{1,5})\](?![(:])|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})/gi

/** Words that a number follows without being a marker (`No. 40`, `pp. 12`). */
const abbreviations = new Set([
  'no', 'nos', 'vol', 'vols', 'p', 'pp', 'art', 'arts', 'sec', 'secs', 'ch', 'chap', 'fig', 'figs', 'para', 'paras',
  'op', 'ed', 'eds', 'rev', 'tab', 'n', 'nn', 'v', 'vs', 'ca', 'c', 'approx', 'ver', 'pt', 'pts', 'sess', 'stat',
  'cong', 'l', 'r', 'h', 's', 'reg', 'fed', 'doc', 'rep', 'res', 'amdt', 'div', 'tit', 'cl', 'ex', 'nr', 'bd', 'jg',
  'eq', 'ref', 'refs', 'tel', 'ext', 'st', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec'
])

const sentencePunctuation = new Set(['.', ',', ';', ':', '!', '?', '…'])
const closers = new Set(['”', '"', '’', "'", '»', ')', ']'])
const units = /(?:^|[^\p{L}])(?:m|km|cm|mm|ft|in|mi|sq)$/u

/** All marker candidates in `value`, in order, outside the `skip` ranges (links, URLs). */
export function findCandidates(value: string, skip: ReadonlyArray<[number, number]> = []): Candidate[] {
  const found: Candidate[] = []

  // `matchAll` works on a copy of the pattern: the module's pattern stays untouched.
  for (const match of value.matchAll(strongMarker)) {
    const superscript = match[5]
    if (superscript && isUnitOrPower(value, match.index, match.index + match[0].length)) continue
    const number = superscript ? superscriptValue(superscript) : Number(match[1] ?? match[2] ?? match[3] ?? match[4])
    if (number > 0) found.push({index: match.index, length: match[0].length, number, strength: 'strong'})
  }

  for (const match of value.matchAll(/\d+/g)) {
    const candidate = plainCandidate(value, match.index, match.index + match[0].length)
    if (candidate) found.push(candidate)
  }

  found.sort((a, b) => a.index - b.index)
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

/** `km²` is a unit and `10⁸` a power: superscripts touching a number or a unit are no notes. */
function isUnitOrPower(value: string, start: number, end: number): boolean {
  const before = value.slice(Math.max(0, start - 4), start)
  return units.test(before) || /\p{N}$/u.test(before) || /^\p{N}/u.test(value.slice(end, end + 2))
}

function plainCandidate(value: string, start: number, end: number): Candidate | undefined {
  if (end - start > 3 || value.charCodeAt(start) === 48) return undefined
  const after = value.charAt(end)
  if (/[\p{L}\p{N}\p{M}%°]/u.test(after)) return undefined
  if (/[.,:\-–‒—/]/.test(after) && /\d/.test(value.charAt(end + 1))) return undefined
  const number = Number(value.slice(start, end))

  let cursor = start - 1
  let strength: MarkerStrength = 'glued'
  if (value.charAt(cursor) === ' ') {
    strength = 'spaced'
    cursor--
    if (!followsAsSentence(value, end)) return undefined
  }

  let punctuation = 0
  let quoted = false
  let walked = 0
  while (cursor >= 0 && walked < 3) {
    const char = value.charAt(cursor)
    if (sentencePunctuation.has(char)) punctuation++
    else if (closers.has(char)) quoted ||= char !== ')' && char !== ']'
    else break
    cursor--
    walked++
  }
  if (punctuation === 0 && !quoted) return undefined
  // Spaced numbers need a sentence end before them: `2019. 3`, not `2019, 3`.
  if (strength === 'spaced' && !/[.!?;:]/.test(value.slice(cursor + 1, start))) return undefined

  const before = value.charAt(cursor)
  // Glued digits after a digit are decimals (`1.5`); a year may end a sentence before a spaced marker.
  const allowed = strength === 'spaced' ? /[\p{L}\p{M}\d%)\]”"’'»]/u : /[\p{L}\p{M}%)\]”"’'»]/u
  if (!allowed.test(before) && !(strength === 'glued' && endsWithYear(value, cursor + 1, end))) return undefined
  if (value.charAt(cursor + 1) === '.' && abbreviations.has(wordBefore(value, cursor + 1).toLowerCase())) return undefined
  return strength === 'spaced' && quoted
    ? {index: start, length: end - start, number, strength, afterQuote: true}
    : {index: start, length: end - start, number, strength}
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
  unlinked: Array<Linked & {why: 'no-note' | 'out-of-sequence'}>
  /** Linked markers whose number skips, repeats or goes back. */
  sequence: Array<Linked & {expected: number}>
}

/**
 * Decide which candidates are markers. Strong and glued candidates with a note
 * form the longest increasing run of numbers (so a stray number cannot
 * derail the rest); spaced ones join only where they fit between their
 * neighbours (`… 2019. 3` between 2 and 4), at most two above the one before
 * unless a closing quote precedes them (`war.” 18`). Strong markers out of order are
 * still markers (an author may cite a note twice) but are reported.
 */
export function decideMarkers(all: Linked[], notes: ReadonlySet<number>): MarkerDecision {
  const linked = new Set<Linked>()
  const unlinked: MarkerDecision['unlinked'] = []

  const primary = all.filter((item) => item.candidate.strength !== 'spaced' && notes.has(item.candidate.number))
  for (const item of longestIncreasing(primary)) linked.add(item)
  for (const item of primary) if (!linked.has(item) && item.candidate.strength === 'strong') linked.add(item)

  // Spaced candidates: fit between the nearest linked (or, without notes, any) neighbours.
  const anchors = all.filter((item) => linked.has(item) || (notes.size === 0 && item.candidate.strength !== 'spaced'))
  let anchor = 0
  let previous: Linked | undefined
  for (const item of all) {
    while (anchor < anchors.length && precedes(anchors[anchor], item)) previous = anchors[anchor++]
    if (item.candidate.strength !== 'spaced') continue
    const next = anchors[anchor]
    const low = previous ? previous.candidate.number : 0
    const high = next ? next.candidate.number : Number.POSITIVE_INFINITY
    const number = item.candidate.number
    const fits = number > low && number < high && (number - low <= 2 || item.candidate.afterQuote === true)
    if (!fits) continue
    if (notes.has(number)) linked.add(item)
    else unlinked.push({...item, why: 'no-note'})
  }

  for (const item of all) {
    if (item.candidate.strength === 'spaced' || linked.has(item)) continue
    unlinked.push({...item, why: notes.has(item.candidate.number) ? 'out-of-sequence' : 'no-note'})
  }

  const ordered = all.filter((item) => linked.has(item))
  const sequence: MarkerDecision['sequence'] = []
  let highest = 0
  for (const item of ordered) {
    const number = item.candidate.number
    if (number !== highest + 1) sequence.push({...item, expected: highest + 1})
    highest = Math.max(highest, number)
  }

  unlinked.sort((a, b) => (precedes(a, b) ? -1 : 1))
  return {linked: ordered, unlinked, sequence}
}

function precedes(a: Linked, b: Linked): boolean {
  return a.owner < b.owner || (a.owner === b.owner && a.candidate.index < b.candidate.index)
}

/** Longest strictly increasing subsequence by number, O(n log n); ties go to the earliest run. */
function longestIncreasing(items: Linked[]): Linked[] {
  const tails: number[] = []
  const parents = new Int32Array(items.length).fill(-1)
  for (let index = 0; index < items.length; index++) {
    const number = items[index].candidate.number
    let low = 0
    let high = tails.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (items[tails[middle]].candidate.number < number) low = middle + 1
      else high = middle
    }
    if (low > 0) parents[index] = tails[low - 1]
    tails[low] = index
  }
  const result: Linked[] = []
  let cursor = tails.length > 0 ? tails[tails.length - 1] : -1
  while (cursor !== -1) {
    result.push(items[cursor])
    cursor = parents[cursor]
  }
  return result.reverse()
}
