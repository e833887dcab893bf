/**
 * Pass `regions` (notes without a heading): note entries left inside body paragraphs by a one-line page or a
 * PDF conversion (`… last sentence. [1] Author, “Title,” 2025.`, page-bottom notes in the middle of a
 * sentence, `1. Author …` before the page's text), found by their shape: a number in one numbering style, a
 * citation after it (a URL, a year with a quotation, `accessed`, `Ibid.`), and a marker with the same
 * number elsewhere in the body.
 */
import {findCandidates} from './markers.js'
import type {Span} from './source.js'

export interface PageNote {
  number: number
  /** Index of the paragraph (in the caller's list) and span indices of the whole entry, number included. */
  owner: number
  start: number
  end: number
  /** Span index where the note's text starts (after the number). */
  content: number
  /** The entry's number is also the body's only marker for it (a pop-up note scraped after its marker). */
  shared: boolean
}

type EntryStyle = 'bracket' | 'sup' | 'dot' | 'bare'

interface Start {
  number: number
  style: EntryStyle
  owner: number
  index: number
  content: number
  /** Right after a sentence end (`markets. 1 Hubert`), where a marker could stand too. */
  afterSentence: boolean
}

const entryStart = /(?<=^|\s)(?:\[(\d{1,3})\]|<sup>(\d{1,3})<\/sup>|([1-9]\d{0,2})\.|([1-9]\d{0,2}))[ \t]+(?=[\p{Lu}“"‘])/gu
const anyDigit = /\d/
const url = /https?:\/\/|www\.|\.pdf\b|\bdoi\b/i
const year = /\b(?:1[5-9]|20)\d\d\b/
const quotation = /[“”‘’"]/
const citationWord = /\b(?:accessed|retrieved|ibid|op\. cit|pp?\. \d|vol\. \d|no\. \d)|^see\b/i
const sentenceEnd = /[.?!]["”’)]?\s+(?=\S)/g

/** How much a stretch reads like a citation. */
function evidence(text: string): number {
  return (url.test(text) ? 2 : 0) + (year.test(text) ? 1 : 0) + (quotation.test(text) ? 1 : 0) + (citationWord.test(text) ? 1 : 0)
}

/**
 * Note entries inside `spans`. `markers(number)` counts the body's marker candidates with that number
 * (outside the entries). Entries form a run from 1 in one style; each needs a marker elsewhere, or stands
 * right after a sentence with no other marker for its number (then its number is the marker too).
 */
export function findPageNotes(spans: readonly Span[], markers: (number: number, owner: number, index: number) => number): PageNote[] {
  const starts: Array<Start & {cited: boolean}> = []
  for (const [owner, span] of spans.entries()) {
    // Every entry's number holds a digit: a text without one is not searched (the pattern's look-behind is tried at every position).
    if (!anyDigit.test(span.value)) continue
    for (const match of span.value.matchAll(entryStart)) {
      const number = Number(match[1] ?? match[2] ?? match[3] ?? match[4])
      if (number === 0) continue
      const style: EntryStyle = match[1] ? 'bracket' : match[2] ? 'sup' : match[3] ? 'dot' : 'bare'
      const content = match.index + match[0].length
      const sentence = span.value.slice(content, firstSentence(span.value, content))
      const near = span.value.slice(content, content + 400)
      // A bare or dotted number needs a clear citation after it; brackets and <sup> say more by themselves.
      const cited =
        style === 'bracket' || style === 'sup'
          ? evidence(sentence) >= 1
          : url.test(sentence) || (year.test(sentence) && quotation.test(sentence)) || (style === 'bare' && url.test(near)) || (style === 'dot' && evidence(sentence) >= 2)
      const afterSentence = /[.?!]["”’)]?\s+$/.test(span.value.slice(Math.max(0, match.index - 3), match.index))
      starts.push({number, style, owner, index: match.index, content, afterSentence, cited})
    }
  }
  // A dense run numbered one after another whose numbers the text cited before it is a notes list by its
  // numbering alone, even when its entries lost their URLs (`… issues. 1 Ruhl (2020): Title . 2 …`).
  const run = sequenceRun(starts, spans)
  for (const start of starts) if (run.has(start)) start.cited = true
  if (!starts.some((start) => start.cited)) return []

  // One numbering style: the one whose cited entries run furthest from 1 (`5 March 2026` is no entry).
  const numbers = new Map<EntryStyle, Set<number>>()
  for (const start of starts) if (start.cited) numbers.set(start.style, (numbers.get(start.style) ?? new Set()).add(start.number))
  const style = [...numbers.entries()].map(([key, set]) => [key, runLength(set)] as const).sort((a, b) => b[1] - a[1])[0][0]
  const byNumber = new Map<number, Start>()
  const uncited: Start[] = []
  for (const start of starts) {
    if (start.style !== style) continue
    const elsewhere = markers(start.number, start.owner, start.index)
    if (elsewhere === 0 && !start.afterSentence) continue
    // Later entries win: page notes follow the markers they explain.
    if (start.cited) byNumber.set(start.number, start)
    else if (elsewhere > 0) uncited.push(start)
  }
  // The run's own entries win over a cited number inside one of its notes (`… 10 Years Later …`).
  for (const start of starts) if (run.has(start) && start.style === style) byNumber.set(start.number, start)
  // A note that explains before it cites (or not at all) counts when it sits among cited entries of its
  // page: just before the entry numbered one below (notes in reverse order), or just after one above.
  // Grouped by number, so a rival is looked for among its own number only; a few passes reach a page's
  // whole reversed run (13 next to 12 next to cited 11).
  const uncitedByNumber = new Map<number, Start[]>()
  for (const start of uncited) uncitedByNumber.set(start.number, [...(uncitedByNumber.get(start.number) ?? []), start])
  for (let pass = 0, changed = true; changed && pass < 20; pass++) {
    changed = false
    for (const [number, group] of uncitedByNumber) {
      if (byNumber.has(number)) continue
      let best: Start | undefined
      let distance = 900
      for (const start of group) {
        const gap = closeness(start)
        if (gap <= distance) {
          best = start
          distance = gap
        }
      }
      if (!best) continue
      byNumber.set(number, best)
      changed = true
    }
  }

  // A run from 1, allowing a lost entry or two.
  const chosen: Start[] = []
  let last = 0
  for (let number = 1; number <= last + 3 && number < 1000; number++) {
    const start = byNumber.get(number)
    if (!start) continue
    chosen.push(start)
    last = number
  }
  if (chosen.length === 0) return []

  function closeness(start: Start): number {
    let distance = Number.POSITIVE_INFINITY
    for (const neighbour of [byNumber.get(start.number - 1), byNumber.get(start.number + 1)]) {
      if (neighbour && neighbour.owner === start.owner) distance = Math.min(distance, Math.abs(neighbour.index - start.index))
    }
    return distance
  }

  const sorted = [...chosen].sort((a, b) => a.owner - b.owner || a.index - b.index)
  const notes: PageNote[] = []
  for (const [position, start] of sorted.entries()) {
    const next = sorted[position + 1]
    const span = spans[start.owner]
    const limit = next && next.owner === start.owner ? next.index : span.value.length
    // Inside a run an entry reaches the next one: its sentences are the note's, whatever they cite.
    const end = run.has(start) && next && run.has(next) && next.owner === start.owner ? trimEnd(span.value, limit) : citationEnd(span.value, start.content, limit)
    const shared = markers(start.number, start.owner, start.index) === 0
    notes.push({number: start.number, owner: start.owner, start: start.index, end, content: start.content, shared})
  }
  return notes
}

/** Entries in a run count up by one (two for a lost entry) and follow each other within this many characters. */
const runGap = 2500
/** Fewer entries than this in a row could be a list of the text's own. */
const runSize = 5

/**
 * The longest run of bare or dotted entries (`1 …`, `1. …`) that count up from 1 in text order, each within
 * `runGap` of the one before, whose numbers stood as marker candidates earlier in the text (most of them):
 * the notes list of a page that lost its citations' URLs. A run of the body's own markers has no earlier
 * candidates, and an ordinary numbered list no markers in the text before it.
 */
function sequenceRun(starts: readonly Start[], spans: readonly Span[]): Set<Start> {
  let best: Start[] = []
  for (const style of ['bare', 'dot'] as const) {
    const ordered = starts.filter((start) => start.style === style)
    // For each entry, the longest run ending at it (parent pointers), from the nearest entry one or two below.
    const length = new Int32Array(ordered.length)
    const parent = new Int32Array(ordered.length).fill(-1)
    const latest = new Map<number, number>()
    for (const [index, start] of ordered.entries()) {
      length[index] = 1
      for (const step of [1, 2]) {
        const previous = latest.get(start.number - step)
        if (previous === undefined) continue
        const before = ordered[previous]
        const near = before.owner === start.owner ? start.index - before.index <= runGap : start.owner - before.owner === 1
        if (near && length[previous] + 1 > length[index]) {
          length[index] = length[previous] + 1
          parent[index] = previous
        }
      }
      latest.set(start.number, index)
    }
    let end = -1
    for (let index = 0; index < ordered.length; index++) if (end === -1 || length[index] > length[end]) end = index
    if (end === -1 || length[end] < runSize || length[end] <= best.length) continue
    const chain: Start[] = []
    for (let cursor = end; cursor !== -1; cursor = parent[cursor]) chain.push(ordered[cursor])
    chain.reverse()
    if (chain[0].number <= 3) best = chain
  }
  if (best.length === 0) return new Set()
  // Most of the run's numbers must have a marker candidate before the run starts.
  const first = best[0]
  const cited = new Set<number>()
  for (let owner = 0; owner <= first.owner; owner++) {
    const value = owner === first.owner ? spans[owner].value.slice(0, first.index) : spans[owner].value
    for (const candidate of findCandidates(value)) cited.add(candidate.number)
  }
  const earlier = best.filter((start) => cited.has(start.number)).length
  return earlier >= best.length * 0.8 ? new Set(best) : new Set()
}

function trimEnd(value: string, end: number): number {
  while (end > 0 && /\s/.test(value.charAt(end - 1))) end--
  return end
}

/** How far numbers run from 1, allowing a lost entry or two. */
function runLength(numbers: ReadonlySet<number>): number {
  let last = 0
  for (let number = 1; number <= last + 3; number++) if (numbers.has(number)) last = number
  return last
}

function firstSentence(value: string, from: number): number {
  sentenceEnd.lastIndex = from
  const match = sentenceEnd.exec(value)
  return match ? match.index + match[0].length : value.length
}

/**
 * Where a note's citation ends: after its first sentence, or after the last sentence nearby that cites (a
 * URL, `accessed`, `See …`), so a note that explains and then cites keeps both, and the body text after
 * it (which may name years, but rarely URLs) stays body.
 */
function citationEnd(value: string, from: number, limit: number): number {
  let end = Math.min(firstSentence(value, from), limit)
  let cursor = end
  const reach = Math.min(limit, from + 800)
  while (cursor < reach) {
    const next = Math.min(firstSentence(value, cursor), limit)
    const sentence = value.slice(cursor, next).trim()
    if (url.test(sentence) || citationWord.test(sentence)) end = next
    cursor = next
  }
  return end
}
