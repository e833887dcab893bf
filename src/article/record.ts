/**
 * Archive records that wrap an article (class 4): a title and summary in
 * another script, a `key：value` metadata list, then one long section holding
 * the source text. The wrapper goes (listed in `removed`), its dates and links
 * go into `file.data.brief`, the long section stays as the article.
 */
import type {Block} from './blocks.js'
import type {Matter} from './matter.js'
import {textOf} from './matter.js'

/** Share of Latin letters among all letters of `value` (1 when it has none). */
export function latinShare(value: string): number {
  // One pass by code point (called on whole sections): ASCII decided from its code, the rest by the property classes.
  let letters = 0
  let latin = 0
  for (let index = 0; index < value.length; ) {
    const code = value.charCodeAt(index)
    if (code < 0x80) {
      // `code | 32` folds A–Z onto a–z and no other ASCII character into that range.
      if ((code | 32) >= 97 && (code | 32) <= 122) {
        letters++
        latin++
      }
      index++
      continue
    }
    const character = String.fromCodePoint(value.codePointAt(index)!)
    index += character.length
    if (letter.test(character)) {
      letters++
      if (latinLetter.test(character)) latin++
    }
  }
  return letters === 0 ? 1 : latin / letters
}

const letter = /\p{L}/u
const latinLetter = /\p{Script=Latin}/u

const keyValueItem = /^([^:：]{1,40})[:：]\s*(\S.*)$/s

/**
 * Find the record around the article and drop it. The evidence: one section
 * (after a heading) holds most of the text and ends the file, and what comes
 * before it is in another script or is a list of `key: value` lines.
 */
export function readArchiveRecord(matter: Matter): void {
  const {text, brief, blocks, gone, drop} = matter
  const content = blocks.filter((block) => !gone.has(block))
  const size = (block: Block) => block.end - block.start
  const total = content.reduce((sum, block) => sum + size(block), 0)
  if (total === 0) return

  // The highest (smallest) heading level after each block: one pass from the end, not a scan per heading.
  const highestAfter: number[] = new Array(content.length)
  for (let index = content.length - 1, highest = Infinity; index >= 0; index--) {
    highestAfter[index] = highest
    const block = content[index]
    if (block.type === 'heading') highest = Math.min(highest, block.level)
  }

  for (const [index, heading] of content.entries()) {
    if (heading.type !== 'heading' || index === 0) continue
    const level = heading.level
    // The source section runs to the end: no heading at its level or above follows.
    if (highestAfter[index] <= level) continue
    const rest = content.slice(index + 1)
    const inside = rest.reduce((sum, block) => sum + size(block), 0)
    if (inside < total * 0.6) return
    const before = content.slice(0, index)
    // The cheap tests first: the source text's script is read only when they leave the answer open.
    const sections = before.filter((block) => block.type === 'heading' && block.level === level).length
    if (sections === 0) return
    const pairs = before.filter((block) => block.type === 'item' && keyValueItem.test(textOf(text, block)))
    if (pairs.length < 3) {
      const sourceLatin = latinShare(rest.map((block) => textOf(text, block)).join(' '))
      const foreign = before.some((block) => block.type !== 'heading' && Math.abs(latinShare(textOf(text, block)) - sourceLatin) > 0.5)
      if (!foreign) return
    }

    for (const block of before) {
      const value = textOf(text, block)
      gone.add(block)
      if (block.type === 'item' && keyValueItem.test(value)) {
        readRecordPair(matter, value)
        drop(block.start, block.end, 'archive record: metadata line (read into file.data.brief)')
      } else if (block.type === 'heading' && latinShare(value) >= 0.5 && brief.title === undefined) {
        brief.title = value
        matter.mark?.('title', block.start, block.end, 'title heading of the archive record')
      } else if (block.type === 'heading') {
        // The record's own title (the first heading, often a translation) is its metadata: kept, and listed as removed from the body.
        if (block === before.find((item) => item.type === 'heading') && latinShare(value) < 0.5) brief.recordTitle ??= value
        drop(block.start, block.end, latinShare(value) < 0.5 ? 'archive record: heading in another language' : 'archive record: title repeated')
      } else {
        drop(block.start, block.end, 'archive record: summary in another language')
      }
    }
    gone.add(heading)
    drop(heading.start, heading.end, 'archive record: heading around the source text')
    matter.mark?.('region', rest[0]?.start ?? heading.end, rest.at(-1)?.end ?? heading.end, 'the source text inside the archive record')
    return
  }
}

/** A `key：value` line: dates and links fill what the front matter left empty. */
function readRecordPair(matter: Matter, value: string) {
  const match = keyValueItem.exec(value)
  if (!match) return
  const field = match[2].trim()
  const {brief} = matter
  if (/^https?:\/\/\S+$/.test(field)) brief.url ??= field
  else if (/^\d{4}-\d{2}-\d{2}$/.test(field)) brief.date ??= field
}
