/**
 * Pass `segment`: lines ▶ blocks.
 *
 * Lines ▶ blocks: blank-line separated paragraphs, light Markdown (ATX
 * headings, list items, block quotes, thematic breaks, front matter), note
 * entries in their many numbering styles, and junk lines and regions.
 */
import type {Line} from './source.js'
import {isBlank} from './source.js'
import {junkReason, junkRegions} from './junk.js'
import {narrowFirst} from './narrow.js'

/** How a note entry or marker is numbered in the source. */
export type NoteStyle = 'sup' | 'latex' | 'bracket' | 'caret' | 'superscript' | 'anchor' | 'dot' | 'bare' | 'quote' | 'paren'

interface BlockBase {
  /** Input offsets of the block. */
  start: number
  end: number
  /** Whether a blank line (or the start of the input) comes before it. */
  blankBefore: boolean
  /** Content ranges, one per line, with line prefixes (`#`, `-`, `1.`, `>`) left out. */
  ranges: Array<[number, number]>
}

export interface ParagraphBlock extends BlockBase {
  type: 'paragraph'
  lines: Line[]
  /** A bare number that opens the block (`12 Ibid.`, `21“With`): a note entry only under a notes heading. */
  lead?: {number: number; style: NoteStyle; contentStart: number}
}
export interface HeadingBlock extends BlockBase {
  type: 'heading'
  /** Markdown level (1-6), or 0 for a plain-text heading found later. */
  level: number
}
export interface ItemBlock extends BlockBase {
  type: 'item'
  ordered: boolean
  number?: number
}
export interface NoteBlock extends BlockBase {
  type: 'note'
  number: number
  style: NoteStyle
}
export interface QuoteBlock extends BlockBase {
  type: 'quote'
}
export interface BreakBlock extends BlockBase {
  type: 'break'
}
export interface JunkBlock extends BlockBase {
  type: 'junk'
  reason: string
}
export interface FrontMatterBlock extends BlockBase {
  type: 'frontMatter'
  /** The YAML between the fences. */
  yaml: string
  /** The word after the opening fence (`---js`), which is never evaluated. */
  engine: string
  /** Whether it opens the input (metadata) or sits inside it (a joined page's). */
  leading: boolean
}

export type Block =
  | ParagraphBlock
  | HeadingBlock
  | ItemBlock
  | NoteBlock
  | QuoteBlock
  | BreakBlock
  | JunkBlock
  | FrontMatterBlock

const atxHeading = /^(#{1,6})[ \t]+(?=\S)/
const thematicBreak = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/
const bullet = /^[-*+•●▪◦][ \t]+(?=\S)/
// `1.`, `1)`, and `1\.` (a converter's escape, so that Markdown would not read a list).
// Five digits: a notes list runs past 9,999 (strong markers take five digits too).
const ordered = /^(\d{1,5})\\?[.)][ \t]+(?=\S)/
const quote = /^>[ \t]?/
const frontMatterKey = /^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)/

/** Note entries whose numbering cannot be anything else. */
const noteStarts: Array<{test: RegExp; style: NoteStyle}> = [
  {test: /^<sup>[ \t]*\[?(\d{1,5})\]?[ \t]*<\/sup>[ \t]*\.?[ \t]*/i, style: 'sup'},
  {test: /^\$\{?\}?\^\{?(\d{1,5})\}?\$[ \t]*\.?[ \t]*/, style: 'latex'},
  {test: /^\[\^(\d{1,5})\]:?[ \t]*/, style: 'caret'},
  {test: /^\\?\[(\d{1,5})\\?\](?!\()[ \t]*\.?[ \t]*(?=\S)/, style: 'bracket'},
  {test: /^([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})[ \t]*\.?[ \t]*(?=\S)/, style: 'superscript'},
  // HTML converted to Markdown: the note's number links back to its marker (`[[1]](#_ednref1)`, `[1](#fnref1)`).
  {test: /^(?:<sup>[ \t]*)?\[\\?\[?(\d{1,5})\\?\]?\]\((?:https?:\/\/[^()\s#]{1,2000})?#[^()\s]{0,200}\)(?:[ \t]*<\/sup>)?[ \t]*\.?[ \t]*(?=\S)/i, style: 'anchor'},
  {test: /^\^(\d{1,5})\^[ \t]*\.?[ \t]*(?=\S)/, style: 'caret'},
  // HTML left in the text: the note's number links back to its marker (`<a href="#_ftnref1">[1]</a>`).
  {test: /^(?:<sup>[ \t]*)?<a\b[^<>]{0,300}?\bhref="[^"<>]{0,2000}#[^"<>]{0,200}"[^<>]{0,300}>[ \t]*(?:<sup>)?\[?(\d{1,5})\]?(?:<\/sup>)?[ \t]*<\/a>(?:[ \t]*<\/sup>)?[ \t]*\.?[ \t]*(?=\S)/i, style: 'anchor'}
]

/** A notes label written as a line of its own (`Footnotes:`, `NOTES`). */
const notesLabelLine = /^(?:end\s?notes|notes|foot\s?notes):?$/i

/** Numbers that open a paragraph, which are notes only in a notes list. */
const leadStarts: Array<{test: RegExp; style: NoteStyle}> = [
  {test: /^([1-9]\d{0,3})(?=[“"‘])/, style: 'quote'},
  // `(1) Author, …`: also how an enumeration in running text opens, so a note only in a notes list.
  {test: /^\(([1-9]\d{0,3})\)[ \t]+(?=\S)/, style: 'paren'},
  {test: /^([1-9]\d{0,3})[ \t]+(?=\S)/, style: 'bare'},
  // `1.Author, …`: a conversion lost the space after the number.
  {test: /^([1-9]\d{0,3})\.(?=[\p{Lu}“"‘])/u, style: 'bare'}
]

export function superscriptValue(value: string): number {
  let result = ''
  for (const char of value) result += String('⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(char))
  return Number.parseInt(result, 10)
}

/** Group the lines into blocks. `junk` holds extra whole lines to drop. */
export function toBlocks(lines: Line[], junk: readonly string[] = []): Block[] {
  const blocks: Block[] = []
  const headingText = new Map<Block, string>()
  let current: Block | undefined
  let blankBefore = true
  let index = 0

  while (index < lines.length) {
    const line = lines[index]

    if (isBlank(line)) {
      current = undefined
      blankBefore = true
      index++
      continue
    }

    const indent = line.text.length - line.text.trimStart().length
    const trimmed = line.text.trim()
    const contentStart = line.start + indent

    const fence = /^---([A-Za-z]*)[ \t]*$/.exec(trimmed)
    if (fence && indent === 0) {
      const close = frontMatterEnd(lines, index, blocks.length === 0 && !current)
      if (close > index) {
        const body = lines.slice(index + 1, close)
        push({
          type: 'frontMatter',
          start: line.start,
          end: lines[close].end,
          blankBefore,
          ranges: [],
          yaml: body.map((item) => item.text).join('\n'),
          engine: fence[1].toLowerCase(),
          leading: blocks.length === 0
        })
        index = close + 1
        continue
      }
    }

    const region = junkRegions.find((item) => item.open.test(line.text))
    if (region) {
      let close = index
      const limit = Math.min(lines.length, index + 2000)
      while (close < limit && !region.close.test(lines[close].text)) close++
      if (close < limit) {
        push({type: 'junk', start: contentStart, end: lines[close].end, blankBefore, ranges: [], reason: region.reason})
        index = close + 1
        continue
      }
    }

    const reason = junkReason(trimmed, junk)
    if (reason) {
      if (current?.type === 'junk' && current.reason === reason && !blankBefore) {
        current.end = line.end
      } else {
        push({type: 'junk', start: contentStart, end: line.start + indent + trimmed.length, blankBefore, ranges: [], reason})
      }
      index++
      continue
    }

    const end = line.start + indent + trimmed.length
    const heading = atxHeading.exec(trimmed)
    if (heading) {
      const closing = /[ \t]+#+$/.exec(trimmed)
      const stop = closing && closing.index > heading[0].length ? contentStart + closing.index : end
      push({type: 'heading', start: contentStart, end, blankBefore, ranges: [[contentStart + heading[0].length, stop]], level: heading[1].length})
      headingText.set(blocks.at(-1)!, trimmed)
      current = undefined
      index++
      continue
    }

    if (thematicBreak.test(trimmed)) {
      push({type: 'break', start: contentStart, end, blankBefore, ranges: []})
      current = undefined
      index++
      continue
    }

    // A note's number alone on its line, its text on the next (PDF conversions): one entry.
    const alone = numberAlone(lines, index, current, blocks.at(-1), blankBefore)
    if (alone) {
      const {next, number, style} = alone
      const nextTrimmed = lines[next].text.trim()
      const nextStart = lines[next].start + lines[next].text.length - lines[next].text.trimStart().length
      const nextEnd = nextStart + nextTrimmed.length
      const base = {start: contentStart, end: nextEnd, blankBefore}
      if (style === 'dot') push({type: 'item', ...base, ranges: [[nextStart, nextEnd]], ordered: true, number})
      else if (style === 'bare' || style === 'paren') push({type: 'paragraph', ...base, ranges: [[contentStart, end], [nextStart, nextEnd]], lines: [line, lines[next]], lead: {number, style, contentStart: nextStart}})
      else push({type: 'note', ...base, ranges: [[nextStart, nextEnd]], number, style})
      index = next + 1
      continue
    }

    const note = matchNoteStart(trimmed)
    // A marker that a hard wrap put at the start of a line (`$^{30}$ A series of …` inside a paragraph) is
    // no note: line-start notes count only where a list of them, or a notes heading, is.
    const wrapped = note && current?.type === 'paragraph' && !blankBefore && lines[index - 1].text.trim().length >= 60 && !/^\W*(?:end\s?notes|notes|foot\s?notes|references|sources)\W*$/i.test(lines[index - 1].text.trim())
    if (note && !wrapped) {
      push({type: 'note', start: contentStart, end, blankBefore, ranges: [[contentStart + note.length, end]], number: note.number, style: note.style})
      index++
      continue
    }

    const item = ordered.exec(trimmed)
    if (item) {
      push({type: 'item', start: contentStart, end, blankBefore, ranges: [[contentStart + item[0].length, end]], ordered: true, number: Number(item[1])})
      index++
      continue
    }

    const dash = bullet.exec(trimmed)
    if (dash) {
      push({type: 'item', start: contentStart, end, blankBefore, ranges: [[contentStart + dash[0].length, end]], ordered: false})
      index++
      continue
    }

    const quoted = quote.exec(trimmed)
    if (quoted) {
      if (current?.type === 'quote') {
        current.ranges.push([contentStart + quoted[0].length, end])
        current.end = end
      } else {
        push({type: 'quote', start: contentStart, end, blankBefore, ranges: [[contentStart + quoted[0].length, end]]})
      }
      index++
      continue
    }

    const lead = matchLead(trimmed, contentStart)
    const continues =
      current &&
      (current.type === 'paragraph' || current.type === 'item' || current.type === 'note' || current.type === 'quote') &&
      !(lead && previousNumber(current) !== undefined && lead.number === previousNumber(current)! + 1) &&
      !(current.type === 'paragraph' && endsUnwrappedParagraph(lines[index - 1], trimmed)) &&
      !(current.type === 'item' && endsUnwrappedItem(lines[index - 1], trimmed)) &&
      !(current.type === 'paragraph' && current.lines.length === 1 && isHeadingLine(lines[index - 1].text) && trimmed.length >= 200) &&
      // A notes label alone on its line (`Footnotes:`) heads the entries under it, as a heading would.
      !(current.type === 'paragraph' && current.lines.length === 1 && lead?.number === 1 && notesLabelLine.test(lines[index - 1].text.trim()))

    if (continues && current) {
      current.ranges.push([contentStart, end])
      current.end = end
      if (current.type === 'paragraph') current.lines.push(line)
    } else {
      push({type: 'paragraph', start: contentStart, end, blankBefore, ranges: [[contentStart, end]], lines: [line], lead})
    }
    index++
  }

  // A "Table of Contents" heading whose list was markup goes with it.
  // Counted: `entries()` made an iterator result and a pair per block while cold.
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]
    const next = blocks[index + 1]
    if (block.type === 'heading' && next?.type === 'junk' && next.reason === 'HTML markup' && /^#*\s*(?:table of )?contents$/i.test(headingText.get(block) ?? '')) {
      blocks[index] = {type: 'junk', start: block.start, end: block.end, blankBefore: block.blankBefore, ranges: [], reason: 'table-of-contents heading'}
    }
  }

  return blocks

  function push(block: Block) {
    blocks.push(block)
    current = block
    blankBefore = false
  }
}

/**
 * Nobody hard-wraps at 200 characters: a line that long which ends a
 * sentence is a whole paragraph, and a capitalised line after it starts the
 * next (files whose paragraphs are single lines with no blank line between).
 */
function endsUnwrappedParagraph(previous: Line, next: string): boolean {
  const text = previous.text.trimEnd()
  return text.length >= 200 && /[.!?…”"’)\]]\d{0,3}$/.test(text) && /^[\p{Lu}“"‘(]/u.test(next)
}

/**
 * In a file of one paragraph per line, a `•` line is one item: the next line starts anew when the item
 * ends a sentence and the next line starts one (a wrapped item goes on mid-sentence).
 */
function endsUnwrappedItem(previous: Line, next: string): boolean {
  return /[.!?…:;”"’)\]]\d{0,3}$/.test(previous.text.trimEnd()) && /^[\p{Lu}“"‘(]/u.test(next)
}

/** A capital, a digit or an opening quote first. */
export const opensHeading = narrowFirst(() => /^[\p{Lu}\p{N}“"‘]/u, /^[A-ZÀ-ÖØ-Þ0-9²³¹¼-¾“"‘]/)

/** A short line with no sentence end: a heading when a long paragraph line follows it. */
function isHeadingLine(text: string): boolean {
  const value = text.trim()
  return value.length > 0 && value.length < 100 && opensHeading(value) && !/[.,;:!?…]$/.test(value)
}

function previousNumber(block: Block): number | undefined {
  if (block.type === 'note') return block.number
  if (block.type === 'item') return block.number
  if (block.type === 'paragraph') return block.lead?.number
  return undefined
}

const numberLine = /^(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})([.)]?)|<sup>(\d{1,4})<\/sup>\.?|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))$/

/**
 * A number alone on line `index` (`12.`, `[12]`, `(12)`, `12`, `¹²`) whose entry text is the next line (after
 * at most one blank): the first of a list (1, at a block's start) or the next of the block before it. The
 * text must read as an entry (a sentence end or forty characters), so a chapter number over its heading
 * (`1` / `Introduction`) stays as it was.
 */
function numberAlone(lines: Line[], index: number, current: Block | undefined, last: Block | undefined, blankBefore: boolean): {next: number; number: number; style: NoteStyle} | undefined {
  const match = numberLine.exec(lines[index].text.trim())
  if (!match) return undefined
  const number = match[6] ? superscriptValue(match[6]) : Number(match[1] ?? match[2] ?? match[3] ?? match[5])
  const previous = last ? previousNumber(last) : undefined
  if (!(number === 1 && (blankBefore || !current || (current.type === 'paragraph' && current.lines.length === 1 && current.end - current.start < 40))) && !(previous !== undefined && number === previous + 1)) return undefined
  let next = index + 1
  if (next < lines.length && isBlank(lines[next])) next++
  if (next >= lines.length || isBlank(lines[next])) return undefined
  const following = lines[next].text.trim()
  if (numberLine.test(following) || (following.length < 40 && !/[.!?…”"’)]$/.test(following))) return undefined
  const style: NoteStyle = match[1] ? 'bracket' : match[2] ? 'paren' : match[5] ? 'sup' : match[6] ? 'superscript' : match[4] ? 'dot' : 'bare'
  return {next, number, style}
}

function matchNoteStart(trimmed: string): {number: number; style: NoteStyle; length: number} | undefined {
  // Counted (as `matchLead`): `for…of` made an iterator result per pattern for every line while cold.
  for (let index = 0; index < noteStarts.length; index++) {
    const {test, style} = noteStarts[index]
    const match = test.exec(trimmed)
    if (match) {
      const number = style === 'superscript' ? superscriptValue(match[1]) : Number(match[1])
      if (number > 0) return {number, style, length: match[0].length}
    }
  }
  return undefined
}

function matchLead(trimmed: string, contentStart: number): ParagraphBlock['lead'] {
  for (let index = 0; index < leadStarts.length; index++) {
    const {test, style} = leadStarts[index]
    const match = test.exec(trimmed)
    if (match) return {number: Number(match[1]), style, contentStart: contentStart + match[0].length}
  }
  return undefined
}

/**
 * The closing fence of a front-matter block opening at `index`, or -1. At the
 * start of the input any YAML counts; inside it (pages joined into one file)
 * only `key: value` lines do, so a thematic break is not taken for one.
 */
function frontMatterEnd(lines: Line[], index: number, leading: boolean): number {
  const limit = Math.min(lines.length, index + (leading ? 500 : 60))
  if (!leading && !(index + 1 < lines.length && frontMatterKey.test(lines[index + 1].text))) return -1
  for (let close = index + 1; close < limit; close++) {
    const text = lines[close].text.trim()
    if (text === '---' || (leading && text === '...')) return close > index + 1 ? close : -1
    if (!leading && !frontMatterKey.test(lines[close].text) && !/^\s+\S|^\s*-\s/.test(lines[close].text)) return -1
  }
  return -1
}
