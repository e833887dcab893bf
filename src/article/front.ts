/**
 * The front region as blocks (classes 3, 13, 14): in converted or
 * re-published pages the article's first prose paragraph comes after a run
 * of short blocks (the title again as a heading, journal and volume
 * headings, each author as a heading with a bio under it, links, video
 * captions, a recommended citation, an open-access statement). With the
 * title or an author heading as evidence, that run is read into
 * `file.data.brief` (title, series, issue, authors with bios) and the rest
 * is removed, up to the heading that opens the first prose paragraph.
 */
import type {Block} from './blocks.js'
import {isPersonName} from './header.js'
import type {Matter} from './matter.js'
import {lineText, textOf} from './matter.js'
import {readFrontContents, summaryLine} from './contents.js'

const loose = (value: string) => value.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')

/** A paragraph of running prose: long, two sentences or more, mostly lower-case words. */
export function isProse(value: string): boolean {
  if (value.length < 200) return false
  // Counted in one walk of code units, with no array of matches (a one-line page is one paragraph of thousands
  // of words): sentence ends as `/[.!?]["”’)]?(?:\s|$)/g` finds them, the words `split(/\s+/)` would give, and
  // those opening in lower case (`/(?:^|\s)\p{Ll}/gu`).
  let sentences = 0
  let spaceRuns = 0
  let lower = lowerLetterAt(value, 0) ? 1 : 0
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code === 0x2e || code === 0x21 || code === 0x3f) {
      sentenceEnd.lastIndex = index
      if (sentenceEnd.test(value)) sentences++
    } else if (isWhiteSpace(code)) {
      if (index === 0 || !isWhiteSpace(value.charCodeAt(index - 1))) spaceRuns++
      if (lowerLetterAt(value, index + 1)) lower++
    }
  }
  if (sentences < 2) return false
  const words = spaceRuns + 1
  return lower / words >= 0.5
}

/** A sentence's end at `lastIndex`: its mark, a closing quote or bracket, then white space or the end. */
const sentenceEnd = /[.!?]["”’)]?(?:\s|$)/y
const lowerLetter = /\p{Ll}/uy

function lowerLetterAt(value: string, index: number): boolean {
  // ASCII (most words) decided from its code: lower case is a-z; the rest by the property class.
  if (index < value.length) {
    const code = value.charCodeAt(index)
    if (code < 0x80) return code >= 97 && code <= 122
  }
  lowerLetter.lastIndex = index
  return lowerLetter.test(value)
}

/** Whether a code unit is JavaScript's `\s` (ECMAScript WhiteSpace and LineTerminator). */
function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d)
  if (code < 0xa0) return false
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
}

const volumeHeading = /^(?:Vol(?:ume)?\.?\s*\d+|No\.\s*\d+|Issue\s+\d+)/i

export function readFrontBlocks(matter: Matter): void {
  readTitleAndAuthorBlocks(matter)
  readFrontContents(matter)
}

function readTitleAndAuthorBlocks(matter: Matter): void {
  const {text, brief, blocks, gone, taken, drop} = matter
  const content = blocks.filter((block) => !gone.has(block)).slice(0, 40)
  const authorHeadings = new Set<Block>()
  let titleHeading: Block | undefined
  let first = -1
  for (const [index, block] of content.entries()) {
    const value = textOf(text, block)
    if (block.type === 'heading' && brief.title && loose(value) === loose(brief.title)) titleHeading ??= block
    if (block.type === 'heading' && isPersonName(value.replace(/,?\s*(?:Ph\.?D|MPH|MD)\b.*$/, '')) && startsWithName(content[index + 1], text, value)) {
      authorHeadings.add(block)
      continue
    }
    // An abstract or summary heading opens the body: nothing under it is front matter.
    if (block.type === 'heading' && summaryLine.test(value)) {
      first = index
      break
    }
    const previous = content[index - 1]
    const bio = previous !== undefined && authorHeadings.has(previous)
    if (block.type === 'paragraph' && !bio && (taken.get(block) ?? 0) === 0 && isProse(value)) {
      first = index
      break
    }
  }
  // The title as a heading near the top is evidence even when the header pass has read it already.
  const titleAbove =
    first > 0 && brief.title !== undefined && blocks.some((block) => block.type === 'heading' && block.start < content[first].start && gone.has(block) && loose(textOf(text, block)) === loose(brief.title!))
  if (first <= 0 || (!titleHeading && !titleAbove && authorHeadings.size === 0)) return

  // The heading right above the first paragraph opens the article: it stays.
  const end = content[first].type === 'heading' ? first : content[first - 1]?.type === 'heading' && content[first - 1] !== titleHeading && !authorHeadings.has(content[first - 1]) ? first - 1 : first
  let series: Block | undefined
  for (const [index, block] of content.slice(0, end).entries()) {
    const value = textOf(text, block)
    gone.add(block)
    if (block === titleHeading) {
      // Read as the title already (same words, same case), or listed: its words must not vanish.
      if (value === brief.title) matter.mark?.('title', block.start, block.end, 'title heading of the article')
      else drop(block.start, block.end, 'title repeated as a heading')
    } else if (authorHeadings.has(block)) {
      const name = value.replace(/,?\s*(?:Ph\.?D|MPH|MD)\b.*$/, '').trim()
      const bioBlock = content[index + 1]
      // A link line under the bio (`[Website](…)`) is no part of it; it stays in `removed`.
      const bio = bioBlock ? textOf(text, bioBlock).split('\n').filter((line) => !/^\[[^\]]*\]\([^)]*\)$/.test(line.trim())).join(' ') : undefined
      if (!brief.authors.some((author) => author.name === name)) brief.authors.push(bio ? {name, bio} : {name})
      matter.mark?.('authors', block.start, bioBlock?.end ?? block.end, 'author heading with the bio under it')
      drop(block.start, block.end, 'author heading (read into file.data.brief.authors)')
    } else if (block.type === 'heading' && volumeHeading.test(value)) {
      brief.issue ??= value
      if (series && brief.series === undefined) brief.series = textOf(text, series)
      matter.mark?.('issue', block.start, block.end, 'volume and issue heading')
      drop(block.start, block.end, 'volume and issue (read into file.data.brief)')
    } else if (block.type === 'heading' && content[index + 1]?.type === 'heading' && volumeHeading.test(textOf(text, content[index + 1]))) {
      series = block
      matter.mark?.('series', block.start, block.end, 'journal name heading')
      drop(block.start, block.end, 'journal name (read into file.data.brief.series)')
    } else if (index > 0 && authorHeadings.has(content[index - 1])) {
      drop(block.start, block.end, 'about the author (read into file.data.brief.authors[].bio)')
    } else {
      drop(block.start, block.end, 'front matter before the article (links, captions, citation and access statements)')
    }
  }
}

function startsWithName(block: Block | undefined, text: string, name: string): boolean {
  if (!block || block.type !== 'paragraph') return false
  const surname = name.trim().split(/\s+/).at(-1) ?? ''
  return lineText(text, block, 0).slice(0, 120).includes(surname)
}
