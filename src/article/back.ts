/**
 * Pass `regions` (back sections as blocks): the sections after the article's
 * last one that are no part of its body, recognized by their heading and by
 * what they hold: a reference list (`References`, `Bibliography`, `Works
 * Cited` over author-date entries that are not numbered notes) goes to
 * `brief.references`; an `About the author(s)` section gives the authors'
 * bios (and, with no author known, the authors); `Acknowledg(e)ments` goes to
 * `brief.acknowledgments`. Only a trailing run of such sections is taken: a
 * `References` heading followed by another body section is left alone.
 */
import type {Block} from './blocks.js'
import {isPersonName} from './header.js'
import type {Matter} from './matter.js'
import {textOf} from './matter.js'

/** Section headings that every site uses for back matter. */
const referencesHeading = /^(?:references?|bibliography|works cited|literature(?: cited)?|sources|further reading|reference list)$/i
const aboutHeading = /^about the authors?$/i
const acknowledgmentsHeading = /^acknowledg(?:e)?ments?$/i

type BackKind = 'references' | 'about' | 'acknowledgments'

function backKind(value: string): BackKind | undefined {
  // One `:` or `.` off the end, read from the last code unit (a pattern anchored at the end tries every position of a one-line page).
  const last = value.charCodeAt(value.length - 1)
  const label = (last === 58 || last === 46 ? value.slice(0, -1) : value).trim()
  if (referencesHeading.test(label)) return 'references'
  if (aboutHeading.test(label)) return 'about'
  if (acknowledgmentsHeading.test(label)) return 'acknowledgments'
  return undefined
}

/** An entry of an author-date reference list: a year in it, no sentence of running prose as its bulk. */
function isReference(value: string): boolean {
  return /\b(?:1[5-9]|20)\d{2}[a-z]?\b|https?:\/\/|\bn\.d\./.test(value) || /^\[?https?:/.test(value)
}

/**
 * A section's head: a heading, or a plain-text line alone in its block that
 * is a back-matter label (`References` over a hard-wrapped list, as PDF
 * conversions print it).
 */
function isSectionHead(text: string, block: Block): boolean {
  if (block.type === 'heading') return true
  return block.type === 'paragraph' && ((block.lines.length === 1 && backKind(textOf(text, block)) !== undefined) || opensNotes(text, block))
}

/** A block opened by a notes label (`Footnotes:` over its entries) that the notes pass left: the notes' own section. */
function opensNotes(text: string, block: Block): boolean {
  return block.type === 'paragraph' && /^(?:foot|end)?notes:?$/i.test(block.lines[0]?.text.trim() ?? '')
}

/**
 * A back section's entry as it reads: a numbered entry (`1. Smith, 2020`, `[2] Lee, 2021`) keeps its
 * number, which the block's ranges leave out. The list is read out of the body whole, so its
 * numbers are words of the input too; and an entry the block reader kept as a paragraph (a
 * zero-width character after `1.` makes it no list item) keeps its number as written, so the
 * entries of one list read alike.
 */
function entryText(text: string, block: Block): string {
  const value = textOf(text, block)
  const number = block.type === 'note' || (block.type === 'item' && block.ordered) ? block.number : undefined
  return number === undefined || !value ? value : `${number}. ${value}`
}

/** Take the trailing back sections of the body into the brief; each heading is listed in `removed`. */
export function readBackSections(matter: Matter): void {
  const {text, brief, blocks, gone, drop} = matter
  const content = blocks.filter((block) => !gone.has(block))
  // The trailing run: from the end, every heading met must be a back-matter heading.
  let from = content.length
  for (let index = content.length - 1; index >= 0; index--) {
    const block = content[index]
    if (!isSectionHead(text, block) || opensNotes(text, block)) continue
    if (!backKind(textOf(text, block))) break
    from = index
  }
  readAbbreviations(matter, content.slice(0, from))
  readListTail(matter, content.slice(0, from))
  // The body must keep most of the text: a back section is a tail, never the article.
  const size = (items: Block[]) => items.reduce((sum, block) => sum + block.end - block.start, 0)
  if (from >= content.length || size(content.slice(from)) > size(content) * 0.6) return

  for (let index = from; index < content.length; ) {
    const heading = content[index]
    const kind = backKind(textOf(text, heading))
    let end = index + 1
    if (!kind) {
      // The notes' section stays for the passes after this one.
      index = end
      continue
    }
    while (end < content.length && !isSectionHead(text, content[end])) end++
    const section = content.slice(index + 1, end)
    // A bio is matched by the name it opens with, so its block's text is read without a number.
    const values = section.map((block) => (kind === 'about' ? textOf(text, block) : entryText(text, block))).filter(Boolean)
    index = end
    if (kind === 'references' && (values.length === 0 || values.filter(isReference).length < values.length * 0.6)) continue
    gone.add(heading)
    for (const block of section) gone.add(block)
    const first = section[0]?.start ?? heading.end
    const last = section.at(-1)?.end ?? heading.end
    if (kind === 'references') {
      brief.references = [...(brief.references ?? []), ...values]
      drop(heading.start, heading.end, 'references heading (its list is file.data.brief.references)')
      matter.mark?.('references', first, last, 'reference list after the article')
    } else if (kind === 'acknowledgments') {
      brief.acknowledgments ??= values.join('\n\n')
      drop(heading.start, heading.end, 'acknowledgements heading (its text is file.data.brief.acknowledgments)')
      matter.mark?.('acknowledgments', first, last, 'acknowledgements after the article')
    } else {
      drop(heading.start, heading.end, 'about-the-author heading (its text is file.data.brief.authors[].bio)')
      for (const [position, value] of values.entries()) readBio(matter, value, section[position])
    }
  }
}

/** A bio paragraph: it names a known author first (or, with none known, a person), and becomes that author's bio. */
function readBio(matter: Matter, value: string, block: Block) {
  const {brief, drop} = matter
  const words = value.split(/\s+/)
  const known = brief.authors.find((author) => {
    const parts = author.name.split(/\s+/)
    return value.startsWith(parts[0]) && words.slice(0, parts.length + 3).some((word) => word.replace(/[,.]$/, '') === parts.at(-1))
  })
  if (known) {
    known.bio = known.bio ? `${known.bio} ${value}` : value
    matter.mark?.('authors', block.start, block.end, 'bio under the about-the-author heading')
    return
  }
  if (brief.authors.length === 0) {
    for (let count = 4; count >= 2; count--) {
      const name = words.slice(0, count).join(' ').replace(/,$/, '')
      if (isPersonName(name) && /^(?:is|was|has|holds|serves|,)/.test(words[count] ?? (/,$/.test(words[count - 1]) ? ',' : ''))) {
        brief.authors.push({name, bio: value})
        matter.mark?.('authors', block.start, block.end, 'bio under the about-the-author heading (names the author)')
        return
      }
    }
  }
  drop(block.start, block.end, 'about the author (no known author named)')
}

/** `PLA People's Liberation Army`: an abbreviation in capitals, then its expansion in capitalised words. */
const abbreviationLine = /^[\p{Lu}][\p{Lu}\d&/-]{0,9}s?\s+[\p{Lu}\d][\p{L}\p{M}'’-]*(?:\s+(?:[\p{Lu}\d][\p{L}\p{M}'’-]*|of|and|for|the|in|on|to|de|du|des|la|le|&))*$/u
/** A short label ending in a colon (`Acronym List:`), a heading in plain text. */
const labelLine = /^[\p{Lu}][\p{L} ]{2,40}:$/u

/**
 * A list of abbreviations closing the body (one `ABBR Expansion` per block or
 * line, a label such as `Acronyms:` among them): into `brief.abbreviations`.
 */
function readAbbreviations(matter: Matter, content: Block[]) {
  const {text, brief, gone} = matter
  const lines = (block: Block) => textOf(text, block).split('\n').map((line) => line.trim()).filter(Boolean)
  let from = content.length
  while (from > 0) {
    const block = content[from - 1]
    if (block.type !== 'paragraph' || !lines(block).every((line) => abbreviationLine.test(line) || labelLine.test(line))) break
    from--
  }
  const run = content.slice(from)
  const entries = run.flatMap(lines).filter((line) => abbreviationLine.test(line))
  if (entries.length < 3) return
  for (const block of run) gone.add(block)
  brief.abbreviations = [...(brief.abbreviations ?? []), ...run.flatMap(lines)]
  matter.mark?.('abbreviations', run[0].start, run.at(-1)!.end, 'list of abbreviations after the article')
}

/** A short line with no sentence end (a name, a role, a label, an abbreviation): list text, not prose. */
const isListLine = (line: string) => {
  const value = line.trim()
  return value.length > 0 && value.length <= 200 && !/[.!?…]["”’)]?$/.test(value.replace(/\b(?:Jr|Sr)\.$/, ''))
}

/**
 * Lists closing a report after its last paragraph of prose (class 3): the
 * commissioners, the staff, a glossary, under their headings. From the end,
 * headings, breaks and paragraphs of short lines without a sentence end;
 * eight such lines or more make it back matter, removed. A list item or a
 * paragraph with a sentence ends the run, so a body that closes on a list
 * keeps it.
 */
function readListTail(matter: Matter, content: Block[]) {
  const {text, gone, drop} = matter
  let from = content.length
  let lines = 0
  while (from > 0) {
    const block = content[from - 1]
    if (block.type === 'paragraph') {
      const values = textOf(text, block).split('\n').filter((line) => line.trim())
      if (!values.every(isListLine)) break
      lines += values.length
    } else if (block.type !== 'heading' && block.type !== 'break') break
    from--
  }
  // The body keeps its prose: the tail starts after a paragraph of sentences, never at the top.
  if (lines < 8 || from === 0 || content[from - 1].type !== 'paragraph') return
  const tail = content.slice(from)
  for (const block of tail) {
    gone.add(block)
    drop(block.start, block.end, 'lists after the article (names, roles, glossary)')
  }
  matter.mark?.('back', tail[0].start, tail.at(-1)!.end, 'lists after the last paragraph of prose')
}
