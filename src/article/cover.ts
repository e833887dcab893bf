/**
 * Pass `regions` (a cover sheet as blocks): a publisher's cover page before
 * the article (the collection's title, publication details, how to cite,
 * terms of use) ends where the article's title comes again as a heading
 * (`# The Title`, then `# THE TITLE` over the author's name). The repetition
 * is the evidence: the repeated heading is the title, what stands before its
 * second printing is the cover, removed with its publication date read.
 */
import type {Block} from './blocks.js'
import {isProse} from './front.js'
import {parseDateLine} from './header.js'
import type {Matter} from './matter.js'
import {lineText, textOf} from './matter.js'

const loose = (value: string) => value.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')

/** `Published online on: 21 Aug 2017`, `Publication date: …`: a labelled date line. */
const datedLine = /^(?:first\s+)?(?:published|publication date|date(?: of publication)?|posted|issued)(?:\s+online)?(?:\s+on)?\s*:?\s*(.+)$/i

/**
 * Find the cover and remove it; returns the index in `content` of the first
 * block after the repeated title (or `index` when there is no cover).
 */
export function readCoverSheet(matter: Matter, content: Block[], index: number): number {
  const {text, brief, gone, drop} = matter
  // Only the top of the file: a cover is a page or two, never a fifth of the text.
  const window = content.slice(index, index + 30).filter((block) => block.end <= Math.max(text.length * 0.2, 8000))
  const headings = window.filter((block) => block.type === 'heading')
  let first: Block | undefined
  let again: Block | undefined
  for (const [position, heading] of headings.entries()) {
    const wanted = loose(textOf(text, heading))
    if (wanted.length < 12) continue
    again = headings.slice(position + 1).find((other) => loose(textOf(text, other)) === wanted)
    if (again) {
      first = heading
      break
    }
  }
  if (!first || !again) return index
  // Something must stand between the two printings: a cover, not a heading printed twice in a row.
  const end = window.indexOf(again)
  if (end - window.indexOf(first) < 3) return index
  // The article starts under the second printing: prose follows within a few blocks (a byline, a section heading).
  const after = content.indexOf(again) + 1
  if (!content.slice(after, after + 3).some((block) => block.type === 'paragraph' && isProse(textOf(text, block)))) return index

  const printed = [textOf(text, first), textOf(text, again)]
  // The wording in mixed case is the title as written (`THE TITLE` is a cover's capitals).
  const title = printed.find((value) => value !== value.toUpperCase()) ?? printed[0]
  if (brief.title === undefined || loose(brief.title) === loose(title)) brief.title = title
  for (const block of window.slice(0, end)) {
    if (gone.has(block)) continue
    gone.add(block)
    if (block === first && textOf(text, block) === brief.title) {
      matter.mark?.('title', block.start, block.end, 'title heading of the cover sheet')
      continue
    }
    if (block.type === 'paragraph') {
      for (const [line] of block.lines.entries()) {
        const dated = datedLine.exec(lineText(text, block, line))
        const date = dated ? parseDateLine(dated[1]) : undefined
        if (date && brief.date === undefined) {
          brief.date = date
          matter.mark?.('date', ...block.ranges[line], 'publication date on the cover sheet')
        }
      }
    }
    drop(block.start, block.end, 'cover sheet before the article (collection title, publication details, terms of use)')
  }
  gone.add(again)
  drop(again.start, again.end, 'title repeated over the article')
  return content.indexOf(again) + 1
}
