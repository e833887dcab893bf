/**
 * Pass `contents` (regions, front edge; class 3): the front matter of a
 * converted report before its body — a table of contents (titles with page
 * numbers, arabic or roman, dot leaders or none, page first or last; or a
 * list of links to the page's own headings), a board or staff list (short
 * lines that are people's names), an epigraph (a quotation over the
 * opening heading). A table of contents stands before the body: what comes
 * before it (imprint, boilerplate, boards) is front matter too, unless a
 * summary opens the body before it. Decided from line shape, numbering and
 * position, never from a site's wording; every cut goes to `removed`.
 */
import type {Block, ParagraphBlock} from './blocks.js'
import {isPersonName} from './header.js'
import type {Matter} from './matter.js'
import {narrowFirst} from './narrow.js'

/** A word of text with its offsets (the token shape of `regions.ts`). */
export interface ContentsToken {
  start: number
  end: number
  text: string
}

/** `t`, `c` in either case: the letters the label's first word opens with (its test runs on no other token). */
const labelInitials = new Set<number | undefined>([0x74, 0x54, 0x63, 0x43])

/** A page number: arabic up to 999 or a lower-case roman numeral. */
const pageNumber = /^(?:\d{1,3}|[ivxlc]{1,6})$/
/** Dot leaders between an entry and its page (`……`, `. . .`, `.....`). */
const leader = /^(?:\.{2,}|…+|[.…]+)$/
/** The label over a table of contents: the one word every publisher uses. */
const contentsLabel = /^(?:table\s+of\s+)?contents:?$/i
/** A numbered section (`1.`, `2.3`, `IV.`): part of an entry's title, no sentence end. */
const sectionNumber = /^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)$/

/** Lower-case words a title keeps (`Approach to Resilience and Economic Security`). */
const titleWord = /^(?:and|the|for|with|from|into|under|over|between|against|after|before|through|about|its|their|our|not|new)$/

const romanValue = (value: string) => {
  const digits: Record<string, number> = {i: 1, v: 5, x: 10, l: 50, c: 100}
  let total = 0
  for (let index = 0; index < value.length; index++) {
    const current = digits[value[index]]
    const next = digits[value[index + 1]] ?? 0
    total += current < next ? -current : current
  }
  return total
}

/** Where a page number sorts: roman front-matter pages come before arabic ones. */
function pageOrder(value: string): number {
  return /^\d/.test(value) ? 1000 + Number(value) : romanValue(value)
}

/** How a title's first word opens. */
const titleOpening = /^[\p{Lu}\p{N}“"‘'(]/u

/** An initial (`J.`). */
export const isInitial = narrowFirst(() => /^\p{Lu}\.$/u, /^[A-ZÀ-ÖØ-Þ]\.$/)

/** Whether `words` read as an entry's title: short, no sentence end, capitalised mostly (or very short). */
function titleLike(words: string[]): boolean {
  if (words.length === 0 || words.length > 16) return false
  if (!titleOpening.test(words[0])) return false
  // The label is no entry: a run starting before it would take `… Institute Contents 1` as its first title.
  if (words.some((word) => /^contents:?$/i.test(word))) return false
  if (words.some((word, index) => /[.!?]["”’)]?$/.test(word) && !sectionNumber.test(word) && index < words.length - 1 && !isInitial(word))) return false
  const capitals = words.filter((word) => /^[\p{Lu}\p{N}“"‘'(]/u.test(word)).length
  return words.length <= 6 || capitals >= words.length * 0.5
}

/** `i`, `v`, `x`, `l`, `c`: the letters a roman page number opens with. */
const romanInitials = new Set([0x69, 0x76, 0x78, 0x6c, 0x63])

/** What each token can be in a contents run: a page number (bit 1), a dot leader (bit 2). */
export function contentsTokenKinds(tokens: ContentsToken[]): Uint8Array {
  const kinds = new Uint8Array(tokens.length)
  for (let index = 0; index < tokens.length; index++) {
    const text = tokens[index].text
    // A page number opens with a digit or a roman letter, a leader with `.` or `…`: other tokens are tried no further.
    const first = text.charCodeAt(0)
    if (first >= 48 && first <= 57) kinds[index] = pageNumber.test(text) ? 1 : 0
    else if (romanInitials.has(first)) kinds[index] = pageNumber.test(text) ? 1 : 0
    else if (first === 46 || first === 0x2026) kinds[index] = leader.test(text) ? 2 : 0
  }
  return kinds
}

/**
 * A run of three or more table-of-contents entries at token `index` (a
 * `Contents` label allowed before it), page numbers never going back: the
 * token after the run, and the first entry's title; undefined when none.
 * `kinds`: `contentsTokenKinds(tokens)`, for a caller that tries every token
 * (each token is then tested once, not once per run that looks at it).
 */
export function contentsRunAt(tokens: ContentsToken[], index: number, kinds?: Uint8Array): {end: number; first: string; labelled: boolean} | undefined {
  // A caller that tries every token (most start no run): where no page follows, read from the kinds alone, no pattern runs.
  if (kinds && noPageAhead(tokens, index, kinds)) return undefined
  let at = index
  let labelled = false
  // Only `table` or `contents` can start the label (`table of contents`, `contents:`).
  if (labelInitials.has(tokens[at]?.text.charCodeAt(0)) && /^(?:table|contents:?)$/i.test(tokens[at]?.text ?? '')) {
    for (const size of [3, 1]) {
      const words = tokens.slice(at, at + size).map((token) => token.text)
      if (words.length === size && contentsLabel.test(words.join(' '))) {
        at += size
        labelled = true
        break
      }
    }
  }
  // A label printed twice (`CONTENTS CONTENTS … 1`, the label being its own first entry) is one label.
  const isPage = (position: number) => position < tokens.length && (kinds ? (kinds[position] & 1) !== 0 : pageNumber.test(tokens[position].text))
  const isLeader = (position: number) => (kinds ? (kinds[position] & 2) !== 0 : leader.test(tokens[position].text))
  const pageFirst = isPage(at) && /^\d/.test(tokens[at].text)
  // Title first: the first title's first word must open like one (`titleLike`), or no entry can be read.
  if (!pageFirst && !(at < tokens.length && titleOpening.test(tokens[at].text))) return undefined
  let entries = 0
  let last = -1
  let first = ''
  let end = at
  while (at < tokens.length) {
    if (pageFirst) {
      if (!isPage(at) || pageOrder(tokens[at].text) < last) break
      const page = tokens[at].text
      let stop = at + 1
      while (stop < tokens.length && stop < at + 17 && !isPage(stop)) stop++
      // The last entry has no page after it: its title ends where lower-case words begin (`… Togashi nbr special report`).
      if (!isPage(stop) || pageOrder(tokens[stop].text) < pageOrder(page)) {
        stop = at + 1
        while (stop < tokens.length && stop < at + 17 && !(/^\p{Ll}{3,}/u.test(tokens[stop].text) && !titleWord.test(tokens[stop].text))) stop++
      }
      const words = tokens.slice(at + 1, stop).map((token) => token.text)
      if (!titleLike(words)) break
      last = pageOrder(page)
      first ||= words.join(' ')
      entries++
      at = stop
      end = stop
    } else {
      let stop = at
      while (stop < tokens.length && stop < at + 17 && !isPage(stop) && !isLeader(stop)) stop++
      const titleEnd = stop
      while (stop < tokens.length && isLeader(stop)) stop++
      // The page first (the cheap test that ends most tries), then the title's words.
      if (!isPage(stop)) break
      const words = tokens.slice(at, titleEnd).map((token) => token.text.replace(/\.{2,}$/, ''))
      if (!titleLike(words) || pageOrder(tokens[stop].text) < last) break
      // A bare `1 2 3` counted as titles is no table.
      if (words.every((word) => pageNumber.test(word))) break
      last = pageOrder(tokens[stop].text)
      first ||= words.join(' ')
      entries++
      at = stop + 1
      end = at
    }
  }
  return entries >= 3 ? {end, first, labelled} : undefined
}

/**
 * Whether `contentsRunAt` at `index` surely finds no entry, from the kinds alone: a token that opens no label
 * and no page, with no page after at most 16 more tokens that are neither pages nor leaders, and the leaders
 * after them (the title-first reading's first test: no page, no entry). Undecided (false) otherwise.
 */
function noPageAhead(tokens: ContentsToken[], index: number, kinds: Uint8Array): boolean {
  const length = tokens.length
  if (index >= length) return true
  if ((kinds[index] & 1) !== 0 || labelInitials.has(tokens[index].text.charCodeAt(0))) return false
  let stop = index
  while (stop < length && stop < index + 17 && (kinds[stop] & 3) === 0) stop++
  while (stop < length && (kinds[stop] & 2) !== 0) stop++
  return stop >= length || (kinds[stop] & 1) === 0
}

/** One line of a block: a table-of-contents entry (title and page, or a link to a heading of the page)? */
export function isContentsLine(line: string): boolean {
  // Entries are short: a long line is never one (and the patterns below stay linear).
  if (line.length > 240) return false
  const value = line.trim()
  if (/^\[[^\]]+\]\(#[^)\s]*\)$/.test(value)) return true
  const match = /^(.*?)(?:\s*(?:\.\s*){2,}|\s*…+\s*|\s+)(\d{1,3}|[ivxlc]{1,6})$/.exec(value)
  if (!match || value.length > 160) return false
  const words = match[1].trim().split(/\s+/).filter(Boolean)
  return words.length > 0 && !words.every((word) => pageNumber.test(word)) && titleLike(words)
}

const loose = (value: string) => value.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')

/** A line that is a person's name, with a role after a comma or a dash at most (`Mara Quell, Chair`). */
function isRosterLine(line: string): boolean {
  const value = line.trim().replace(/^[-*•]\s+/, '')
  if (value.length > 90 || /[.!?]$/.test(value.replace(/\b(?:Jr|Sr|ret)\.$/, ''))) return false
  const name = value.split(/\s*(?:,|\s[–—-]\s|\()\s*/)[0]
  return isPersonName(name)
}

/** A capital first. */
export const opensCapital = narrowFirst(() => /^[\p{Lu}]/u, /^[A-ZÀ-ÖØ-Þ]/)

/** A short heading-like line (a label over a list: `Board of Trustees`). */
const isLabelLine = (line: string) => line.trim().length <= 60 && opensCapital(line.trim()) && !/[.!?,;:]$/.test(line.trim()) && line.trim().split(/\s+/).length <= 6

/** `Name: “…”`: a name, a colon, a quotation. */
export const isNamedQuotation = narrowFirst(() => /^\p{Lu}[\p{L}\p{M}.' -]{1,60}:\s*[“"‘][^“”"]{10,}[”"’]$/u, /^[A-ZÀ-ÖØ-Þ][A-Za-zªµºÀ-ÖØ-öø-ÿ.' -]{1,60}:\s*[“"‘][^“”"]{10,}[”"’]$/)

/** A quotation standing alone (`"…" — Name`, `Name: "…"`): an epigraph's shape. */
function isQuotation(value: string): boolean {
  // Past 400 characters already in its first 2,000 (white space runs as one, leading white space dropped): too long.
  if (value.length > 2000 && value.slice(0, 2000).replace(/\s+/g, ' ').trimStart().length > 401) return false
  const flat = value.replace(/\s+/g, ' ').trim()
  if (flat.length < 20 || flat.length > 400) return false
  if (/^[“"‘][^“”"]{10,}[”"’]\s*(?:[—–-]{1,2}\s*\S.{0,80})?$/u.test(flat)) return true
  // `Name: "…"` holds a colon and ends with a quotation mark: the letter classes (slow to compile) only then.
  return flat.includes(':') && /[”"’]$/.test(flat) && isNamedQuotation(flat)
}

/** Lines of a block (its content ranges), as text. */
function linesOf(text: string, block: Block): string[] {
  return block.ranges.map(([start, end]) => text.slice(start, end))
}

/** A paragraph of running prose: a sentence end and enough words (the edge of the body). */
function isRunningText(value: string): boolean {
  // The first few hundred words decide it.
  const words = value.slice(0, 4000).split(/\s+/)
  return words.length >= 25 && /[.!?]["”’)]?(?:\s|$)/.test(value) && words.filter((word) => /^\p{Ll}/u.test(word)).length >= words.length * 0.4
}

/** A summary, abstract or key-points label: it opens the body, whatever stands before it is front matter. */
export const summaryLine = /^(?:executive\s+summary|abstract|summary|synopsis|key\s+(?:findings|takeaways|points))\b/i

/**
 * The front matter of a converted report, as blocks: tables of contents
 * (and what stands before them), board lists and an epigraph before the
 * first paragraph of running text. Removed, each with its reason.
 */
export function readFrontContents(matter: Matter): void {
  const {text, blocks, gone, taken, drop} = matter
  const content = blocks.filter((block) => !gone.has(block)).slice(0, 120)
  const remove = (block: Block, reason: string) => {
    gone.add(block)
    drop(block.start, block.end, reason)
  }

  // The body begins at the first paragraph of running text that is no table of contents.
  const isContents = (block: Block) => {
    if (block.type !== 'paragraph' && block.type !== 'heading' && block.type !== 'item') return false
    const lines = linesOf(text, block).filter((line) => line.trim())
    return lines.length > 0 && lines.every((line, index) => isContentsLine(line) || (index === 0 && contentsLabel.test(line.trim())))
  }
  // Contents lines, then the body's first heading in the same block (`Conclusion 17`, `References 18`, `Executive Summary`).
  const contentsHead = (block: Block) => (block.type === 'paragraph' && !isContents(block) ? leadingContentsLines(text, block) : 0)
  const runningMemo = new Map<Block, boolean>()
  const running = (block: Block) => {
    if (!runningMemo.has(block)) runningMemo.set(block, block.type === 'paragraph' && !isContents(block) && isRunningText(linesOf(text, block).slice(taken.get(block) ?? 0).join(' ')))
    return runningMemo.get(block)!
  }
  let body = content.findIndex(running)
  if (body < 0) body = content.length
  readCreditList(matter, content.slice(0, body))
  // A table of contents may follow an imprint or an editor's note (a few paragraphs of prose), never the article.
  // Up to the fourth paragraph of running text: the blocks after it are never asked.
  let fourthRunning = content.length
  for (let index = 0, seen = 0; index < content.length; index++) {
    if (running(content[index]) && ++seen === 4) {
      fourthRunning = index
      break
    }
  }
  const searchEnd = Math.min(60, fourthRunning)

  // A table of contents: a run of entry blocks (a `Contents` label heading allowed before it), three entries or more.
  let runStart = -1
  let runEnd = -1
  let headLines = 0
  for (let index = 0; index < searchEnd; index++) {
    const block = content[index]
    const label = (block.type === 'heading' || block.type === 'paragraph') && contentsLabel.test(linesOf(text, block).join(' ').trim())
    const head = label ? 0 : contentsHead(block)
    if (head > 0) {
      // The entries run into the body's first heading: the table ends inside this block.
      if (runStart < 0) runStart = index
      runEnd = index + 1
      if (countEntries(text, content.slice(runStart, index)) + head >= 3) {
        headLines = head
        break
      }
      runStart = runEnd = -1
      continue
    }
    if (!isContents(block) && !label) {
      if (runEnd - runStart >= 1 && countEntries(text, content.slice(runStart, runEnd)) >= 3) break
      runStart = runEnd = -1
      continue
    }
    if (runStart < 0) runStart = index
    runEnd = index + 1
  }
  if (runStart >= 0 && (headLines > 0 || countEntries(text, content.slice(runStart, runEnd)) >= 3)) {
    // What stands before the contents is front matter too, unless a summary or abstract opens the body there.
    const summaryBefore = content.slice(0, runStart).some((block) => summaryLine.test(linesOf(text, block)[0]?.trim() ?? ''))
    for (const block of content.slice(summaryBefore ? runStart : 0, runEnd)) {
      if (gone.has(block)) continue
      if (headLines > 0 && block === content[runEnd - 1]) {
        // Only the entries go; the heading after them opens the body.
        drop(block.ranges[0][0], block.ranges[headLines - 1][1], 'table of contents')
        taken.set(block as ParagraphBlock, headLines)
        continue
      }
      remove(block, content.indexOf(block) < runStart ? 'front matter before the table of contents (imprint, boards, series boilerplate)' : 'table of contents')
    }
    // The first entry printed again as the chapter's heading: what stands between (running heads, a bio) is front matter.
    const first = firstEntryTitle(text, content[runStart], content.slice(runStart, runEnd))
    const repeat = first ? content.slice(runEnd, runEnd + 12).findIndex((block) => loose(linesOf(text, block)[0] ?? '') === first) : -1
    for (const block of repeat > 0 ? content.slice(runEnd, runEnd + repeat) : []) remove(block, 'front matter between the table of contents and the first chapter')
    body = content.findIndex((block, index) => index >= runEnd && !gone.has(block) && block.type === 'paragraph')
    if (body < 0) return
  }

  // A board or staff list: four or more name lines (with labels among them), with the authors already known.
  if (matter.brief.authors.length > 0) {
    for (const block of content.slice(0, body)) {
      if (gone.has(block) || block.type !== 'paragraph') continue
      const lines = linesOf(text, block).slice(taken.get(block) ?? 0)
      const names = lines.filter(isRosterLine).length
      if (names >= 4 && lines.every((line) => isRosterLine(line) || isLabelLine(line)) && names >= lines.length * 0.6) remove(block, 'board or staff list before the article')
    }
  }

  // An epigraph: a quotation standing alone over the opening heading (or with the heading as its last line).
  const next = content.findIndex((block) => !gone.has(block) && block.type === 'paragraph')
  const block = content[next] as ParagraphBlock | undefined
  if (!block || next > body) return
  const from = taken.get(block) ?? 0
  const lines = linesOf(text, block).slice(from)
  const headingLast = lines.length >= 2 && isLabelLine(lines.at(-1)!) && isRunningText(linesOf(text, content[next + 1] ?? block).join(' '))
  const quote = headingLast ? lines.slice(0, -1) : lines
  const after = content[next + 1]
  if (!isQuotation(quote.join(' ')) || !(headingLast || after?.type === 'heading')) return
  const [start] = block.ranges[from]
  const [, end] = block.ranges[from + quote.length - 1]
  drop(start, end, 'epigraph before the article (a quotation over its opening heading)')
  matter.mark?.('region', start, end, 'epigraph before the first heading')
  taken.set(block, from + quote.length)
  if (from + quote.length >= block.lines.length) gone.add(block)
}

/** The part a person played in a report, as its credits list it (`Author`, `Co-author`, `Principal Investigator`). */
const creditRole = /^(?:(?:lead|principal|senior|contributing|co-?)\s*-?\s*)?(?:authors?|investigators?|editors?|researchers?)$/i
const authorRole = /^(?:(?:lead|principal|senior|contributing|co-?)\s*-?\s*)?authors?$/i
const honorificWord = /^(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?$/

/** `Dr. Ada Brack Author`: a person's name, then the part they played; undefined otherwise. */
function creditLine(line: string): {name: string; role: string} | undefined {
  const words = line.trim().split(/\s+/)
  if (words.length < 3 || words.length > 9) return undefined
  for (let split = words.length - 1; split >= 2; split--) {
    const role = words.slice(split).join(' ')
    if (!creditRole.test(role)) continue
    const name = words.slice(0, split)
    if (!isPersonName(name.join(' '))) continue
    while (name.length > 2 && honorificWord.test(name[0])) name.shift()
    return {name: name.join(' '), role}
  }
  return undefined
}

/**
 * A report's credits before its body (class 14): a block of two or more
 * lines, each a person's name and the part they played. Those credited as
 * authors are the authors (when none is known yet), the others contributors;
 * the block leaves the body.
 */
function readCreditList(matter: Matter, front: Block[]) {
  const {text, brief, gone, taken, drop} = matter
  if (brief.authors.length > 0) return
  for (const block of front) {
    if (gone.has(block) || block.type !== 'paragraph') continue
    // A credits list is a few lines: a long block is read no further than its line count.
    if (block.lines.length < 2 || block.lines.length > 40) continue
    const lines = linesOf(text, block).slice(taken.get(block) ?? 0).filter((line) => line.trim())
    const credits = lines.map(creditLine)
    if (lines.length < 2 || !credits.every(Boolean)) continue
    const people = credits as Array<{name: string; role: string}>
    const authors = people.filter((person) => authorRole.test(person.role))
    if (authors.length === 0) continue
    brief.authors.push(...authors.map((person) => ({name: person.name})))
    const others = people.filter((person) => !authorRole.test(person.role))
    if (others.length > 0) brief.contributors = [...(brief.contributors ?? []), ...others.map((person) => ({name: person.name, role: person.role}))]
    gone.add(block)
    matter.mark?.('authors', block.start, block.end, 'credits list before the body (names and their parts)')
    drop(block.start, block.end, 'credits list (read into file.data.brief.authors and contributors)')
    return
  }
}

/**
 * How many lines open `block` as table-of-contents entries (a `Contents`
 * label allowed first) when the rest is one or two short label lines, the
 * body's first heading set in the same block: 0 unless three entries or more.
 */
function leadingContentsLines(text: string, block: ParagraphBlock): number {
  const lines = linesOf(text, block)
  let count = 0
  while (count < lines.length && (isContentsLine(lines[count]) || (count === 0 && contentsLabel.test(lines[count].trim())))) count++
  const rest = lines.slice(count).filter((line) => line.trim())
  const entries = lines.slice(0, count).filter(isContentsLine).length
  return entries >= 3 && rest.length > 0 && rest.length <= 2 && rest.every(isLabelLine) ? count : 0
}

function countEntries(text: string, run: Block[]): number {
  return run.flatMap((block) => linesOf(text, block)).filter(isContentsLine).length
}

/** The loose text of the first entry's title (its page number and leaders off), for finding it printed again. */
function firstEntryTitle(text: string, _start: Block, run: Block[]): string | undefined {
  const line = run.flatMap((block) => linesOf(text, block)).find(isContentsLine)
  if (!line) return undefined
  const link = /^\[([^\]]+)\]\(#/.exec(line.trim())
  const title = link ? link[1] : line.trim().replace(/(?:\s*(?:\.\s*){2,}|\s*…+\s*|\s+)(?:\d{1,3}|[ivxlc]{1,6})$/, '')
  const value = loose(title)
  return value.length >= 4 ? value : undefined
}
