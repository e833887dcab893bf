/**
 * Pass `regions` (notes): blocks ▶ the notes lists and their entries, with their sequence breaks.
 *
 * Notes lists: which blocks are note entries. A run of entries is a notes
 * list when its numbering cannot be anything else (`<sup>1</sup>`, `[1]`,
 * `${}^{1}$`), when a "Notes"/"Endnotes"/"References" heading opens it, or,
 * for a plain `1. …` list, when it starts at 1, reads like citations and the
 * body has markers with its numbers.
 */
import type {Block, NoteStyle} from './blocks.js'
import type {Span} from './source.js'
import {sliceSpan, spanOffset, spanOfRanges, spanRange, trimSpan} from './source.js'

export interface NoteEntry {
  number: number
  style: NoteStyle
  /** Input offsets of the whole entry, number included. */
  start: number
  end: number
  paragraphs: Span[]
}

export interface SequenceBreak {
  number: number
  expected: number
  start: number
  end: number
  /** Input range of a mislabelled entry's number, which the note no longer carries (it takes `expected`). */
  label?: [number, number]
}

export interface NoteRuns {
  entries: NoteEntry[]
  /** Blocks that became notes (entries and their extra paragraphs). */
  consumed: Set<Block>
  /** "Notes"/"Endnotes" headings that open a list (their notes become definitions). */
  headings: Set<Block>
  breaks: SequenceBreak[]
  /** Notes that lost their number: the first extra paragraph of the note before a one-number gap. */
  lost: NoteEntry[]
}

export const notesHeading = /^(?:end\s?notes|notes|foot\s?notes|references|sources|citations|works cited|notes and references)\s*:?$/i

/** The text of a heading line as a word: `## Notes`, `**NOTES**` and letter-spaced `N O T E S` read `Notes`/`NOTES`. */
export function headingWord(value: string): string {
  const bare = value.replace(/^#+\s*/, '').replace(/^([*_]{1,2})(.+)\1$/, '$2').trim()
  // Letter-spaced capitals (a PDF's running title): single letters with one space between them.
  // The space after the first letter (one code unit, or two for a letter outside the BMP) is tested first: most
  // headings have none, and they never reach the letter classes' compile.
  // Then two spaced code points (`N O `): a heading of words (`A New Order`) stops there.
  return (bare.charCodeAt(1) === 0x20 || bare.charCodeAt(2) === 0x20) && twoSpaced.test(bare) && /^(?:\p{L} ){2,}\p{L}\s*:?$/u.test(bare) ? bare.replace(/ /g, '') : bare
}
/** Two code points, each followed by a space: how every letter-spaced heading opens (a letter is never white space). */
const twoSpaced = /^\S \S /u
const citationLike = /https?:\/\/|\b(?:1[5-9]|20)\d\d\b|\bibid\b|\bop\. cit\b|\bpp?\. \d/i
const strongStyles = new Set<NoteStyle>(['sup', 'latex', 'bracket', 'caret', 'superscript', 'anchor'])

interface Entry {
  number: number
  style: NoteStyle
  ranges: Array<[number, number]>
}

/** The note entry a block would be: always for strong styles, for `1.` and bare numbers only when asked. */
function entryOf(block: Block, loose: boolean): Entry | undefined {
  if (block.type === 'note') return {number: block.number, style: block.style, ranges: block.ranges}
  if (!loose) return undefined
  if (block.type === 'item' && block.ordered && block.number !== undefined) {
    return {number: block.number, style: 'dot', ranges: block.ranges}
  }
  if (block.type === 'paragraph' && block.lead) {
    // The content starts after the number, on the number's line or (a number alone on its line) a later one.
    const start = block.lead.contentStart
    const ranges = block.ranges.filter((range) => range[1] > start).map((range): [number, number] => [Math.max(range[0], start), range[1]])
    return {number: block.lead.number, style: block.lead.style, ranges}
  }
  return undefined
}

export function blockText(text: string, block: Block): string {
  return text.slice(block.start, block.end).trim()
}

/** The numbers that appear as marker candidates in the text (a `Set`, or one made on the first question). */
export type NoteHints = Pick<ReadonlySet<number>, 'has'>

/**
 * Find the notes lists among `blocks`. `hints` are the numbers that appear as
 * marker candidates in the text; `isBackMatter` says whether a block is a
 * disclaimer or credit line (which ends a list).
 */
export function findNoteRuns(
  text: string,
  blocks: Block[],
  hints: NoteHints,
  isBackMatter: (block: Block) => boolean
): NoteRuns {
  const result: NoteRuns = {entries: [], consumed: new Set(), headings: new Set(), breaks: [], lost: []}
  let index = 0

  while (index < blocks.length) {
    const block = blocks[index]
    let first = index
    let loose = false

    if ((block.type === 'heading' || (block.type === 'paragraph' && block.lines.length === 1)) && notesHeading.test(headingWord(blockText(text, block)))) {
      const next = nextContent(blocks, index + 1)
      const entry = next === -1 ? undefined : entryOf(blocks[next], true)
      if (entry) {
        result.headings.add(block)
        first = next
        loose = true
      } else {
        index++
        continue
      }
    }

    const opening = entryOf(blocks[first], loose)
    const looseList = !opening && entryOf(blocks[first], true)
    if (!opening && !(looseList && looseList.number === 1 && looksLikeNotes(text, blocks, first, hints))) {
      index++
      continue
    }
    if (!opening) loose = true

    const run = collect(first, loose)
    index = run
  }

  splitRunIn(result)
  return result

  /** Take entries from `first` on; returns the index after the run. */
  function collect(first: number, loose: boolean): number {
    const opening = entryOf(blocks[first], loose)!
    const separated = blocks[first].blankBefore
    let last = result.entries.length > 0 && opening.number > 1 ? result.entries.at(-1)!.number : opening.number - 1
    let current: NoteEntry | undefined
    let index = first

    while (index < blocks.length) {
      const block = blocks[index]
      if (block.type === 'junk') {
        index++
        continue
      }
      const entry = entryOf(block, loose || strongStyles.has(opening.style))
      // A mislabelled entry (`29, 3, 31`): the one between its neighbours takes the number they leave.
      const mislabelled = entry !== undefined && !(entry.number > last && entry.number <= last + 3) && nextEntryNumber(index + 1, loose || strongStyles.has(opening.style)) === last + 2
      if (entry && ((entry.number > last && entry.number <= last + 3) || mislabelled)) {
        const number = mislabelled ? last + 1 : entry.number
        if (entry.number !== last + 1) {
          const label: [number, number] | undefined = mislabelled ? [block.start, entry.ranges[0][0]] : undefined
          result.breaks.push({number: entry.number, expected: last + 1, start: block.start, end: block.end, label})
        }
        current = {number, style: entry.style, start: block.start, end: block.end, paragraphs: [trimSpan(spanOfRanges(text, entry.ranges))]}
        result.entries.push(current)
        result.consumed.add(block)
        last = number
        index++
        continue
      }
      const extra =
        current &&
        loose &&
        separated &&
        block.type === 'paragraph' &&
        !block.lead &&
        !isBackMatter(block) &&
        hasLaterEntry(index + 1, last, loose)
      if (extra && current) {
        current.paragraphs.push(trimSpan(spanOfRanges(text, block.ranges)))
        current.end = block.end
        result.consumed.add(block)
        index++
        continue
      }
      break
    }
    return Math.max(index, first + 1)
  }

  function nextEntryNumber(from: number, loose: boolean): number | undefined {
    for (let index = from; index < Math.min(blocks.length, from + 4); index++) {
      const entry = entryOf(blocks[index], loose)
      if (entry) return entry.number
    }
    return undefined
  }

  function hasLaterEntry(from: number, last: number, loose: boolean): boolean {
    for (let index = from; index < Math.min(blocks.length, from + 4); index++) {
      const entry = entryOf(blocks[index], loose)
      if (entry) return entry.number > last && entry.number <= last + 3
      if (blocks[index].type !== 'paragraph' && blocks[index].type !== 'junk') return false
    }
    return false
  }
}

/**
 * A note run into the previous note's paragraph (`… end of note eight. 9. Author, Title …`) where the
 * list skips that number: split it off, and drop the skip from the breaks.
 */
function splitRunIn(result: NoteRuns) {
  const entries: NoteEntry[] = []
  for (const [position, entry] of result.entries.entries()) {
    entries.push(entry)
    const next = result.entries[position + 1]
    let current = entry
    // Also after the list's last entry: a list run on one line (`1. Author … 2. Author …`).
    while (!next || next.number > current.number + 1) {
      const wanted = current.number + 1
      const paragraph = current.paragraphs.at(-1)!
      const match = runInPattern(current.style, wanted).exec(paragraph.value)
      if (!match) {
        if (!next) break
        const lost = lostNumber(current, next.number)
        if (lost) {
          result.breaks = result.breaks.filter((item) => !(item.number === next.number && item.expected === wanted))
          result.lost.push(lost)
          entries.push(lost)
        }
        break
      }
      const [start] = spanRange(paragraph, match.index, match.index + 1)
      const split: NoteEntry = {number: wanted, style: current.style, start, end: current.end, paragraphs: [trimSpan(sliceSpan(paragraph, match.index + match[0].length, paragraph.value.length)), ...current.paragraphs.slice(current.paragraphs.length)]}
      current.paragraphs[current.paragraphs.length - 1] = trimSpan(sliceSpan(paragraph, 0, match.index))
      current.end = spanRange(paragraph, 0, match.index)[1]
      // After the list's last entry there is no later entry, so no break to drop.
      if (next) result.breaks = result.breaks.filter((item) => !(item.number === next.number && item.expected === wanted))
      entries.push(split)
      current = split
    }
  }
  result.entries = entries
}

/** Entry `wanted` run into the note before it, numbered as that note is (`9.`, `9`, `[9]`, `(9)`, `⁹`, `<sup>9</sup>`). */
function runInPattern(style: NoteStyle, wanted: number): RegExp {
  const number =
    style === 'bracket' ? `\\[${wanted}\\]\\s*\\.?` : style === 'paren' ? `\\(${wanted}\\)` : style === 'sup' ? `<sup>${wanted}</sup>\\.?` : style === 'superscript' ? [...String(wanted)].map((digit) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.charAt(Number(digit))).join('') : `${wanted}\\.?`
  return new RegExp(`(?<=[.)”"’]\\s+)${number}\\s+(?=[\\p{Lu}“"‘])`, 'u')
}

/**
 * A note that lost its number (`6 …` / `State Council, …, July 2019, https://…` / `8 …`): where the list
 * skips exactly one number and the note before the gap goes on in paragraphs of its own, the first of
 * them that cites (a URL, a year) is the missing note, with the paragraphs after it.
 */
function lostNumber(current: NoteEntry, next: number): NoteEntry | undefined {
  if (next !== current.number + 2 || current.paragraphs.length < 2) return undefined
  const [first, extra] = current.paragraphs
  if (!/^[\p{Lu}“"‘]/u.test(extra.value) || !citationLike.test(extra.value)) return undefined
  const start = spanOffset(extra, 0)
  const lost: NoteEntry = {number: current.number + 1, style: current.style, start, end: current.end, paragraphs: current.paragraphs.slice(1)}
  current.paragraphs = [first]
  current.end = first.end
  return lost
}

function nextContent(blocks: Block[], from: number): number {
  for (let index = from; index < blocks.length; index++) if (blocks[index].type !== 'junk') return index
  return -1
}

/**
 * A list without a heading (`1. …`, `1) …`, `(1) …`, `1 Author …`, one style) is notes when it counts up
 * from 1, reads like citations and the body points at it; entries other than `1.` items need three.
 */
function looksLikeNotes(text: string, blocks: Block[], first: number, hints: NoteHints): boolean {
  const style = entryOf(blocks[first], true)?.style
  let expected = 1
  let citations = 0
  for (let index = first; index < blocks.length; index++) {
    const block = blocks[index]
    if (block.type === 'junk') continue
    const entry = entryOf(block, true)
    if (!entry || entry.style !== style || entry.number !== expected || (style === 'dot' && block.type !== 'item')) break
    if (citationLike.test(blockText(text, block))) citations++
    expected++
  }
  const count = expected - 1
  if (count < (style === 'dot' ? 2 : 3) || citations < count * 0.6) return false
  // Asked last: the hints are found (every marker candidate of the body) only for a list that could be notes.
  let pointed = 0
  for (let number = 1; number <= count; number++) if (hints.has(number)) pointed++
  return pointed >= count * 0.5
}

const inlineHeading = /(?:^|\s)(?:End\s?notes|Notes|Foot\s?notes|References|Sources)\s*:?\s+(?=\[1\]|<sup>1<\/sup>|1\s*[|.]\s|1\s+[\p{Lu}“"‘])/gu

/** `Endnotes`, `Notes`, `Footnotes`, `References`, `Sources`: `otes` or one of the other two words, as `inlineHeading` spells them. */
function mayHoldInlineHeading(value: string): boolean {
  return value.includes('otes') || value.includes('References') || value.includes('Sources')
}

/** How the entries of an inline notes list are numbered: `[1]`, `<sup>1</sup>`, `1 |`, `1.`, `1 Author`. */
export type InlineStyle = 'bracket' | 'sup' | 'pipe' | 'dot' | 'bare'

/** The pattern of entry `number` in `style`, anchored where an entry can start (after a space). */
export function entryPattern(style: InlineStyle, number: number): RegExp {
  switch (style) {
    case 'bracket':
      return new RegExp(`\\[${number}\\]`, 'g')
    case 'sup':
      return new RegExp(`<sup>${number}</sup>`, 'g')
    case 'pipe':
      return new RegExp(`(?<=\\s)${number}\\s*\\|\\s`, 'g')
    case 'dot':
      return new RegExp(`(?<=[.)\\]”"’>]\\s+|^)${number}\\.\\s(?=\\D)`, 'g')
    default:
      // A bare number opens an entry only after a citation ends (`2026. 5 Government`), not in `on 5 March`.
      return new RegExp(`(?<=[.)\\]”"’>]\\s+|^)${number}\\s+(?=[\\p{Lu}“"‘])`, 'gu')
  }
}

/**
 * The first entry `number` of `style` at or after `cursor`. Bare numbers: one pattern for every number,
 * the digits captured and compared (a pattern per number compiled its capital-letter class again each
 * time); an entry's digits stand alone (white space before, white space after), so the first bare entry
 * whose digits are `number` is where `entryPattern` would match.
 */
export function findEntry(value: string, style: InlineStyle, number: number, cursor: number): RegExpExecArray | null {
  if (style !== 'bare') {
    const pattern = entryPattern(style, number)
    pattern.lastIndex = cursor
    return pattern.exec(value)
  }
  const pattern = /(?<=[.)\]”"’>]\s+|^)(\d+)\s+(?=[\p{Lu}“"‘])/gu
  pattern.lastIndex = cursor
  const wanted = String(number)
  for (let found = pattern.exec(value); found; found = pattern.exec(value)) if (found[1] === wanted) return found
  return null
}

/** Entry 1 of `style` right after the heading (sticky): no citation ends before it, so no look-behind. */
function firstEntryPattern(style: InlineStyle): RegExp {
  const source = {bracket: '\\[1\\]', sup: '<sup>1</sup>', pipe: '1\\s*\\|\\s', dot: '1\\.\\s(?=\\D)', bare: '1\\s+(?=[\\p{Lu}“"‘])'}[style]
  return new RegExp(source, 'uy')
}

function inlineStyleAt(value: string, index: number): InlineStyle {
  if (value.startsWith('[1]', index)) return 'bracket'
  if (value.startsWith('<sup>1</sup>', index)) return 'sup'
  if (/^1\s*\|/.test(value.slice(index, index + 4))) return 'pipe'
  if (/^1\./.test(value.slice(index, index + 2))) return 'dot'
  return 'bare'
}

export interface InlineNotes {
  /** The paragraph text before the notes heading. */
  before: Span
  /** Span indices of the heading word(s). */
  heading: [number, number]
  entries: Array<{number: number; start: number; end: number; content: Span}>
  breaks: Array<{number: number; expected: number; index: number; length: number}>
}

/**
 * A notes list flowed into one line of a scraped page:
 * `… visit itif.org/about . Endnotes [1] . Robert Atkinson, … [2] . …`.
 * Entries are found by looking for the next expected number only, so text
 * inside a note that happens to hold `[7]` cannot split it early.
 */
export function findInlineNotes(span: Span): InlineNotes | undefined {
  // Every heading the pattern knows holds one of these words: a text without them is not searched (the pattern tries every space).
  if (!mayHoldInlineHeading(span.value)) return undefined
  for (const match of span.value.matchAll(inlineHeading)) {
    const found = inlineNotesAt(span, match.index, match[0])
    if (found) return found
  }
  return undefined
}

function inlineNotesAt(span: Span, at: number, heading: string): InlineNotes | undefined {
  const value = span.value
  const headingStart = at + (heading.length - heading.trimStart().length)
  const headingEnd = headingStart + heading.trim().length
  const style = inlineStyleAt(value, at + heading.length)

  const starts: Array<{number: number; index: number; length: number}> = []
  let cursor = at + heading.length
  let number = 1
  while (true) {
    let found: RegExpExecArray | null = null
    let next = number
    for (; next < number + 3; next++) {
      if (starts.length === 0) {
        // The first entry sits right after the heading (`Notes 1 Specific …`), where no citation ends before it.
        // A bare number is an entry only on the heading's own line: under a heading line, the line-start notes are the blocks' to read.
        if (style === 'bare' && heading.includes('\n')) break
        const first = firstEntryPattern(style)
        first.lastIndex = at + heading.length
        found = first.exec(value)
        break
      }
      found = findEntry(value, style, next, cursor)
      if (found) break
    }
    if (!found) break
    const tokenEnd = found.index + found[0].length
    const after = /^\s*\.?\s*/.exec(value.slice(tokenEnd, tokenEnd + 8))
    starts.push({number: next, index: found.index, length: found[0].length + (after ? after[0].length : 0)})
    cursor = tokenEnd
    number = next + 1
  }
  // A contents line (`Endnotes 17`) or a lone number is not a notes list.
  if (starts.length === 0 || (starts.length === 1 && !citationLike.test(value.slice(starts[0].index, starts[0].index + 400)))) return undefined

  const entries: InlineNotes['entries'] = []
  const breaks: InlineNotes['breaks'] = []
  let expected = 1
  for (const [position, start] of starts.entries()) {
    const end = position + 1 < starts.length ? starts[position + 1].index : value.length
    if (start.number !== expected) breaks.push({number: start.number, expected, index: start.index, length: start.length})
    entries.push({number: start.number, start: start.index, end, content: trimSpan(sliceSpan(span, start.index + start.length, end))})
    expected = start.number + 1
  }
  return {before: trimSpan(sliceSpan(span, 0, headingStart)), heading: [headingStart, headingEnd], entries, breaks}
}
