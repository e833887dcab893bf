/**
 * The front and back matter of an article: title, `Title:` lines, subtitle,
 * byline and date at the top; disclaimer and image credits at the end. What
 * is read goes into `file.data.brief` and out of the body.
 */
import type {BriefData} from '../meta/types.js'
import type {Block, ParagraphBlock} from './blocks.js'
import {
  applyMetadata,
  isCredit,
  isDisclaimer,
  parseByline,
  parseDateLine,
  cleanTitle,
  parseCitationLine,
  parseJournalLine,
  parseKeyValueHeader,
  parseSeriesLine,
  splitSeriesPrefix
} from './header.js'
import {readMoreSuffix} from './junk.js'
import {readCoverSheet} from './cover.js'
import {spanOfRanges, spanRange, trimSpan, valueOfRanges} from './source.js'

/** What the readers share: the input, the brief, and which blocks (or first lines of paragraphs) are gone. */
export interface Matter {
  text: string
  brief: BriefData
  blocks: Block[]
  gone: Set<Block>
  /** Paragraph blocks whose first lines went into the metadata: how many. */
  taken: Map<ParagraphBlock, number>
  /** List a range as removed (with a reason) and report it. */
  drop: (start: number, end: number, reason: string) => void
  /** Record on the trace that a range was read into `brief[field]` (or is a region). */
  mark?: (field: string, start: number, end: number, reason: string) => void
}

/** Title, `Title:` lines, byline, subtitle and date at the top. */
export function readHeader(matter: Matter) {
  const {text, brief, blocks, gone, taken, drop} = matter
  const content = blocks.filter((block) => !gone.has(block))
  let index = 0
  let titleFromHeading = false

  // `Title:` / `Author:` lines at the top, as one paragraph or written as headings (`## Author: …`).
  for (let block = content[index]; block?.type === 'paragraph' || block?.type === 'heading'; block = content[index]) {
    const lines = block.type === 'paragraph' ? block.lines.map((line) => line.text) : [textOf(text, block)]
    const pairs = parseKeyValueHeader(lines)
    if (!pairs) break
    applyMetadata(brief, Object.fromEntries(pairs))
    gone.add(block)
    drop(block.start, block.end, 'metadata header (read into file.data.brief)')
    index++
  }

  index = readCoverSheet(matter, content, index)
  readJournalHead(matter, content, index)
  if (content[index] && gone.has(content[index])) index++

  // Front matter gave the title: its repetition as a heading near the top goes.
  if (brief.title !== undefined) {
    for (const block of content.slice(index, index + 3)) {
      if (block.type === 'heading' && sameText(brief.title, textOf(text, block))) {
        // The article's own wording (`A: B`) wins over a site's file title (`§ A - B`).
        brief.title = textOf(text, block)
        gone.add(block)
        matter.mark?.('title', block.start, block.end, 'title repeated as a heading')
      }
    }
  }

  // Where a title read from the text stood (a front-matter title is listed with its block).
  let titleSource: [number, number] | undefined
  const head = content[index]
  // A title is a top-level heading: one deeper than the sections after it (`### About`, then `# Chapter 1`) opens a section.
  const topLevel = Math.min(...content.slice(index).map((block) => (block.type === 'heading' && block.level > 0 ? block.level : 6)))
  if (head?.type === 'heading' && !gone.has(head) && (head.level === 0 || head.level <= topLevel)) {
    const value = textOf(text, head)
    if (brief.title === undefined || sameText(brief.title, value)) {
      if (brief.title === undefined) titleSource = [head.start, head.end]
      brief.title ??= value
      titleFromHeading = true
      gone.add(head)
      index++
    }
  } else if (head?.type === 'paragraph' && brief.title === undefined) {
    // A report cover's date over its title (`August 2023`, then the title): the date is no title.
    const first = head.lines.length > 1 && parseDateLine(lineText(text, head, 0)) ? 1 : 0
    const line = lineText(text, head, first)
    // A hard-wrapped first paragraph is no title: its second line goes on in lower case.
    const wrapped = head.lines.length > first + 1 && /^\p{Ll}/u.test(lineText(text, head, first + 1))
    const title = line.length > 0 && line.length <= 250 && line.split(/\s+/).length <= 30 && !/[.,;:]$/.test(line)
    // Two capitalised words read as a name too; only an explicit `By …` is no title.
    if (title && !wrapped && !/^by\s/i.test(line)) {
      if (first === 1 && !readBylineOrDate(matter, lineText(text, head, 0), head.ranges[0])) drop(...head.ranges[0], 'date line over the title')
      brief.title = line
      titleSource = head.ranges[first]
      take(matter, head, first + 1)
      if (head.lines.length === first + 1) index++
    }
  }

  // Subtitle: a short heading right under a heading title, before the byline.
  const next = content[index]
  if (titleFromHeading && next?.type === 'heading' && textOf(text, next).split(/\s+/).length <= 12 && content[index + 1]?.type === 'paragraph') {
    const after = content[index + 1] as ParagraphBlock
    if (parseByline(lineText(text, after, 0))) {
      brief.subtitle ??= textOf(text, next)
      gone.add(next)
      index++
    }
  }

  // The title again at the end of the next line, after a running head (`Strategic Choices … Title`).
  const again = content[index]
  if (brief.title !== undefined && again?.type === 'paragraph' && !gone.has(again)) {
    const line = taken.get(again) ?? 0
    const value = lineText(text, again, line)
    const wanted = looseText(brief.title)
    // The length test first: `value` may be a one-line page's whole text.
    if (wanted.length >= 12 && value.length < brief.title.length * 3 && looseText(value).endsWith(wanted)) {
      drop(...again.ranges[line], 'title repeated after a running head')
      take(matter, again, line + 1)
      if (gone.has(again)) index++
    }
  }

  // Byline and date lines, within the first few blocks.
  for (let count = 0; index < content.length && count < 4; count++) {
    const block = content[index]
    if (block.type !== 'paragraph') break
    let line = taken.get(block) ?? 0
    while (line < block.lines.length && readBylineOrDate(matter, lineText(text, block, line), block.ranges[line])) line++
    take(matter, block, line)
    if (line < block.lines.length) break
    index++
  }

  // The byline printed again a little further down (a cover page, then the title page).
  if (brief.byline !== undefined) {
    const bylines = new Set(brief.byline.split('\n'))
    for (const block of content.slice(index, index + 8)) {
      if (block.type === 'paragraph' && !gone.has(block) && block.lines.length === 1 && bylines.has(lineText(text, block, 0))) {
        gone.add(block)
        drop(block.start, block.end, 'byline repeated')
      }
    }
  }

  if (brief.title !== undefined) brief.title = cleanTitle(brief.title)
  const prefix = brief.title === undefined ? undefined : splitSeriesPrefix(brief.title)
  if (prefix && (brief.series === undefined || brief.series === prefix.series)) {
    // The title as written (with `No.`) stays listed, so no word of it vanishes.
    if (titleSource) drop(...titleSource, `series and number in the title (read into file.data.brief as ${prefix.series}, issue ${prefix.issue})`)
    brief.series = prefix.series
    brief.issue ??= prefix.issue
    brief.title = prefix.title
  }

  // A date-only line a little further down (`AUGUST 2021` under the report's name).
  if (brief.date === undefined) {
    for (const block of content.slice(index, index + 12)) {
      if (block.type === 'paragraph' && !gone.has(block) && block.lines.length === 1 && parseDateLine(lineText(text, block, 0))) {
        readBylineOrDate(matter, lineText(text, block, 0), block.ranges[0])
        take(matter, block, 1)
        break
      }
    }
  }
}

/**
 * Read a byline (`Dr A B, Fellow, VIF`), a date line, or both split by a
 * bar (`By A B | June 20, 2026`), or a series line (`China Maritime Report
 * No. 40`). False when the line is none of them.
 */
function readBylineOrDate(matter: Matter, value: string, range: [number, number]): boolean {
  const {brief, drop} = matter
  const series = parseSeriesLine(value)
  if (series && brief.series === undefined) {
    brief.series = series.series
    brief.issue = series.issue
    drop(...range, `series line (read into file.data.brief as ${series.series}, issue ${series.issue})`)
    return true
  }
  const parts = value.split(/\s+\|\s+/)
  const bylines = parts.map((part) => parseByline(part))
  const dates = parts.map((part) => parseDateLine(part))
  if (!parts.every((_, index) => bylines[index] || (dates[index] && brief.date === undefined))) return false
  for (const [index, part] of parts.entries()) {
    const byline = bylines[index]
    const date = dates[index]
    if (byline) {
      if (brief.authors.length === 0) brief.authors.push(...byline.authors)
      if (byline.contributors) brief.contributors = [...(brief.contributors ?? []), ...byline.contributors]
      brief.organization ??= byline.organization
    } else if (date) {
      brief.date = date
      // Written as ISO, the line's words (`June`) would be lost: list the line as taken out.
      if (date !== part) drop(...range, `date line (read into file.data.brief.date as ${date})`)
    }
  }
  if (bylines.some(Boolean)) brief.byline = brief.byline === undefined ? value : `${brief.byline}\n${value}`
  return true
}

/** Disclaimer and image credits, which belong to the brief's back matter. */
export function readBackMatter(matter: Matter, notes: ReadonlySet<Block>) {
  const {text, brief, blocks, gone, taken, drop} = matter
  const content = blocks.filter((block) => !gone.has(block))
  const order = new Map(blocks.map((block, index) => [block, index]))
  let lastNote = -1
  for (const block of notes) lastNote = Math.max(lastNote, order.get(block)!)
  for (const [position, block] of content.entries()) {
    if (block.type !== 'paragraph') continue
    const from = taken.get(block) ?? 0
    if (from >= block.lines.length) continue
    if (block.lines.slice(from).every((line) => isCredit(line.text))) {
      for (const line of block.lines.slice(from)) brief.credits.push(line.text.trim())
      gone.add(block)
      continue
    }
    const nearEnd = position >= content.length - 4 || (lastNote >= 0 && order.get(block)! > lastNote)
    // Only a paragraph near the end can be the disclaimer: the others' text is never built.
    if (!nearEnd) continue
    const span = trimSpan(spanOfRanges(text, block.ranges.slice(from)))
    // A disclaimer paragraph says so at its start: a page whose last sentence disclaims is still the article.
    if (isDisclaimer(span.value.slice(0, 400))) {
      const more = readMoreSuffix.exec(span.value)
      let disclaimer = span.value
      if (more) {
        disclaimer = span.value.slice(0, more.index).trimEnd()
        const lead = more[0].length - more[0].trimStart().length
        drop(...spanRange(span, more.index + lead, span.value.length), 'read-more link text')
      }
      brief.disclaimer = brief.disclaimer ? `${brief.disclaimer}\n\n${disclaimer}` : disclaimer
      gone.add(block)
    }
  }
}

/**
 * A journal's head line before the title (`International Studies Review
 * (2009) 11, 523–551`) or a publisher's cover-sheet citation (`Ball,
 * Desmond(1993) 'Title', Journal, 3: 1, …`): read as series, issue, date,
 * and (from a citation) title and author; the line goes.
 */
function readJournalHead(matter: Matter, content: Block[], index: number) {
  const {text, brief} = matter
  const head = content[index]
  if (head?.type !== 'paragraph') return
  const line = lineText(text, head, 0)
  const journal = parseJournalLine(line)
  const citation = journal ? undefined : parseCitationLine(line)
  if (!journal && !citation) return
  const range = head.ranges[0]
  if (journal) {
    brief.series ??= journal.series
    brief.issue ??= journal.issue
    brief.date ??= journal.date
    matter.mark?.('series', ...range, 'journal line')
    matter.drop(...range, `journal line (read into file.data.brief as ${journal.series}, ${journal.issue}, ${journal.date})`)
  } else if (citation) {
    brief.title ??= citation.title
    if (brief.authors.length === 0) brief.authors.push({name: citation.author})
    brief.series ??= citation.series
    brief.issue ??= citation.issue
    brief.date ??= citation.date
    matter.mark?.('title', ...range, 'cover-sheet citation')
    matter.drop(...range, 'cover-sheet citation (read into file.data.brief: title, authors, series, issue, date)')
  }
  take(matter, head, 1)
}

function take(matter: Matter, block: ParagraphBlock, lines: number) {
  const {taken, gone} = matter
  if (lines <= 0) return
  taken.set(block, Math.max(taken.get(block) ?? 0, lines))
  if ((taken.get(block) ?? 0) >= block.lines.length) gone.add(block)
}

export function textOf(text: string, block: Block): string {
  const known = textsOf(text, block)
  return (known.value ??= valueOfRanges(text, block.ranges).trim())
}

export function lineText(text: string, block: Block, line: number): string {
  const range = block.ranges[line]
  if (!range) return ''
  const lines = (textsOf(text, block).lines ??= [])
  return (lines[line] ??= valueOfRanges(text, [range]).trim())
}

/**
 * A block's text and line texts, made once: the readers ask for the same block again and again (the one
 * line of a one-line page, 500 K characters, was joined seven times per document). A block's ranges are
 * never changed once the block is made; the input is checked, so another text is never answered from here.
 */
function textsOf(text: string, block: Block): {text: string; value?: string; lines?: string[]} {
  let known = blockTexts.get(block)
  if (known?.text !== text) blockTexts.set(block, (known = {text}))
  return known
}

const blockTexts = new WeakMap<Block, {text: string; value?: string; lines?: string[]}>()

function looseText(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
}

function sameText(a: string, b: string): boolean {
  // Case counts: a heading in capitals is not dropped as a repeat of a title in mixed case.
  const normal = (value: string) => value.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '')
  return normal(a) === normal(b)
}
