/**
 * The article recognizer: scraped plain text ▶ structured mdast, with the
 * title, byline, disclaimer, credits and removed page junk in
 * `file.data.brief`. Notes become GFM `footnoteReference` and
 * `footnoteDefinition` nodes, labelled with their ORIGINAL numbers (the notes
 * plugin renumbers them later). Every node has a position in the original
 * input. Synchronous, no I/O, no use of `file.path`.
 */
import type {Root, RootContent} from 'mdast'
import type {Position} from 'unist'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {briefOf} from '../meta/brief-data.js'
import {report} from '../meta/report.js'
import type {BriefData} from '../meta/types.js'
import type {Block} from './blocks.js'
import {toBlocks} from './blocks.js'
import {
  applyMetadata,
  isCredit,
  isDisclaimer,
  parseByline,
  parseDateLine,
  parseYaml
} from './header.js'
import {teaserStart} from './junk.js'
import type {Matter} from './matter.js'
import {lineText, readBackMatter, readHeader, textOf} from './matter.js'
import type {Linked} from './markers.js'
import {decideMarkers, findCandidates} from './markers.js'
import type {NoteEntry} from './notes.js'
import {findInlineNotes, findNoteRuns} from './notes.js'
import type {Source, Span} from './source.js'
import {createSource, sliceSpan, spanOfRanges, spanRange, trimSpan} from './source.js'
import type {Flow} from './tree.js'
import {markFlows, toDefinition, toFlowContent} from './tree.js'
import {decide, traceOf} from './trace.js'
import {readArchiveRecord} from './record.js'
import {readFrontBlocks} from './front.js'
import {readBackChrome, readFrontChrome} from './regions.js'

export interface ArticleOptions {
  /**
   * Extra whole lines to drop as page junk, compared case-insensitively
   * (e.g. `["Subscribe to our newsletter"]`). Default: none.
   */
  junk?: string[]
}

/** Scraped plain text ▶ mdast; metadata into `file.data.brief`; messages on `file`. */
export function recognizeArticle(text: string, file: VFile, options: ArticleOptions = {}): Root {
  const brief = briefOf(file, 'text')
  brief.source = 'text'
  const source = createSource(text)
  const blocks = toBlocks(source.lines, options.junk ?? [])
  const gone = new Set<Block>()
  const recognition = traceOf(file, text)
  const drop = (start: number, end: number, reason: string) => {
    remove(file, brief, source, start, end, reason)
    decide(recognition, {pass: 'regions', kind: 'removed', start, end, reason})
  }
  const mark = (field: string, start: number, end: number, reason: string) =>
    decide(recognition, {pass: 'regions', kind: field === 'body' || field === 'region' ? 'region' : 'metadata', start, end, reason, field})
  const matter: Matter = {text, brief, blocks, gone, taken: new Map(), drop, mark}
  const {taken} = matter

  for (const block of blocks) {
    if (block.type === 'frontMatter') {
      gone.add(block)
      readFrontMatter(file, brief, source, block)
    } else if (block.type === 'junk') {
      gone.add(block)
      drop(block.start, block.end, block.reason)
    }
  }

  readArchiveRecord(matter)

  const backMatter = (block: Block) => block.type === 'paragraph' && (isCredit(lineText(text, block, 0)) || isDisclaimer(textOf(text, block)))
  // Numbers the text points at, so a plain `1. …` list can be recognized as notes.
  // Ordered items are left out: a list must not vouch for itself.
  const hints = new Set<number>()
  for (const block of blocks) {
    if (block.type === 'paragraph' || block.type === 'quote' || (block.type === 'item' && !block.ordered)) {
      for (const [start, end] of block.ranges) {
        for (const candidate of findCandidates(text.slice(start, end))) hints.add(candidate.number)
      }
    }
  }
  const runs = findNoteRuns(text, blocks, hints, backMatter)
  const notes: NoteEntry[] = [...runs.entries]
  for (const block of runs.consumed) gone.add(block)
  for (const block of runs.headings) {
    gone.add(block)
    drop(block.start, block.end, 'notes heading (its notes became footnote definitions)')
  }
  for (const item of runs.breaks) {
    report(file, `Unexpected note number ${item.number} in the notes list, expected ${item.expected}`, {
      ruleId: 'broken-note-sequence',
      severity: 'warning',
      place: source.position(item.start, item.end),
      data: {number: item.number, expected: item.expected}
    })
  }

  readHeader(matter)
  readFrontBlocks(matter)
  readBackMatter(matter, runs.consumed)

  // Body blocks ▶ flows.
  const remaining = blocks.filter((block) => !gone.has(block))
  const flows: Flow[] = []
  const headingLevels = remaining.filter((block) => block.type === 'heading').map((block) => (block as {level: number}).level)
  const topLevel = headingLevels.reduce((low, level) => Math.min(low, level), 6)
  let lastNoteIndex = -1

  for (const [position, block] of remaining.entries()) {
    if (block.type === 'heading') {
      flows.push({type: 'heading', level: Math.min(6, block.level - topLevel + 2), span: trimSpan(spanOfRanges(text, block.ranges))})
    } else if (block.type === 'break') {
      flows.push({type: 'break', from: block.start, to: block.end})
    } else if (block.type === 'quote') {
      flows.push({type: 'quote', span: spanOfRanges(text, block.ranges), from: block.start, to: block.end})
    } else if (block.type === 'item' || block.type === 'note') {
      const ordered = block.type === 'item' ? block.ordered : true
      const previous = flows.at(-1)
      const span = trimSpan(spanOfRanges(text, block.ranges))
      const number = block.number
      // A list prints its numbers from `start`: an item that breaks the count starts a new list.
      const continues = !ordered || (previous?.type === 'list' && (previous.start ?? 1) + previous.items.length === number)
      if (previous?.type === 'list' && previous.ordered === ordered && remaining[position - 1]?.type === block.type && continues) {
        previous.items.push(span)
        previous.to = block.end
        previous.spread ||= block.blankBefore
      } else {
        flows.push({type: 'list', ordered, start: ordered ? number : undefined, spread: false, items: [span], from: block.start, to: block.end})
      }
    } else if (block.type === 'paragraph') {
      const ranges = block.ranges.slice(taken.get(block) ?? 0)
      if (ranges.length === 0) continue
      const span = cutRepeatedHeader(trimSpan(spanOfRanges(text, ranges)))
      if (span.value.length === 0) continue
      const inline = findInlineNotes(span)
      if (inline) {
        if (inline.before.value) flows.push(paragraphOrHeading(inline.before, remaining[position + 1]))
        const [start, end] = spanRange(span, inline.heading[0], inline.heading[1])
        drop(start, end, 'notes heading (its notes became footnote definitions)')
        for (const entry of inline.entries) {
          const [entryStart, entryEnd] = spanRange(span, entry.start, entry.end)
          notes.push({number: entry.number, style: 'bracket', start: entryStart, end: entryEnd, paragraphs: [entry.content]})
        }
        for (const item of inline.breaks) {
          const [breakStart, breakEnd] = spanRange(span, item.index, item.index + item.length)
          report(file, `Unexpected note number ${item.number} in the notes list, expected ${item.expected}`, {
            ruleId: 'broken-note-sequence',
            severity: 'warning',
            place: source.position(breakStart, breakEnd),
            data: {number: item.number, expected: item.expected}
          })
        }
        lastNoteIndex = flows.length
      } else {
        flows.push(paragraphOrHeading(span, remaining[position + 1]))
      }
    }
  }

  const flowCount = flows.length
  readFrontChrome(flows, {brief, drop, mark})
  if (lastNoteIndex >= 0) lastNoteIndex += flows.length - flowCount
  if (lastNoteIndex > 0) readBackChrome(flows, lastNoteIndex - 1, {brief, drop, mark})
  else readBackChrome(flows, flows.length - 1, {brief, drop, mark})
  cutTeasers()

  // Markers: candidates in body text, linked against the note numbers.
  const marked = markFlows(flows)
  const numbers = new Set(notes.map((note) => note.number))
  const all: Linked[] = marked.flatMap((item, owner) => item.candidates.map((candidate) => ({candidate, owner})))
  const decision = decideMarkers(all, numbers)
  const pointed = new Set<number>()
  for (const item of decision.linked) {
    marked[item.owner].markers.push(item.candidate)
    pointed.add(item.candidate.number)
  }
  reportMarkers()

  const place = (start: number, end: number) => source.position(start, end)
  const children: RootContent[] = toFlowContent(flows, marked, place)
  for (const note of notes) {
    const definition = toDefinition(note, place)
    children.push(definition)
    if (!pointed.has(note.number)) {
      // The notes step sees the mark and does not report the same note again as unused.
      definition.data = {...definition.data, unpaired: true}
      report(file, `Unexpected note ${definition.label} that no marker points to, expected a marker \`${definition.label}\` in the text`, {
        ruleId: 'unpaired-note',
        severity: 'warning',
        place: definition.position,
        data: {number: note.number}
      })
    }
  }

  return {type: 'root', children, position: source.position(0, text.length)}

  function reportMarkers() {
    for (const item of decision.unlinked) {
      const {candidate} = item
      const span = marked[item.owner].span
      const label = String(candidate.number)
      const reason =
        item.why === 'no-note'
          ? `Unexpected note marker \`${label}\` without a note, expected a note numbered ${label} in the notes list; kept as text`
          : `Unexpected note marker \`${label}\` out of sequence, expected markers in increasing order; kept as text`
      report(file, reason, {
        ruleId: 'unlinked-marker',
        severity: 'warning',
        place: source.position(...spanRange(span, candidate.index, candidate.index + candidate.length)),
        data: {number: candidate.number, why: item.why}
      })
    }
    for (const item of decision.sequence) {
      const {candidate} = item
      const span = marked[item.owner].span
      const label = String(candidate.number)
      report(file, `Unexpected note marker \`${label}\`, expected \`${item.expected}\``, {
        ruleId: 'broken-note-sequence',
        severity: 'warning',
        place: source.position(...spanRange(span, candidate.index, candidate.index + candidate.length)),
        data: {number: candidate.number, expected: item.expected}
      })
    }
  }

  /** Related-content teasers glued to the end of the last note or the last paragraph. */
  function cutTeasers() {
    const lastNote = notes.at(-1)
    const lastFlow = flows.at(-1)
    if (lastNote && lastNoteIndex >= flows.length - 1) {
      const paragraph = lastNote.paragraphs.at(-1)!
      const cut = cutSpan(paragraph)
      if (cut) lastNote.paragraphs[lastNote.paragraphs.length - 1] = cut
    } else if (lastFlow?.type === 'paragraph') {
      const cut = cutSpan(lastFlow.span)
      if (cut) lastFlow.span = cut
    }
  }

  function cutSpan(span: Span): Span | undefined {
    const start = teaserStart(span.value)
    if (start <= 0) return undefined
    const [from, to] = spanRange(span, start, span.value.length)
    drop(from, to, 'related-content teasers')
    return trimSpan(sliceSpan(span, 0, start))
  }

  /**
   * A one-line page that starts by repeating the title and byline already
   * read (`Title By A B | June 20, 2026 Downloads Report PDF …`): that start
   * goes, listed in `removed`.
   */
  function cutRepeatedHeader(span: Span): Span {
    const title = brief.title
    if (!title || !span.value.startsWith(title + ' By ')) return span
    const rest = span.value.slice(title.length + 1, title.length + 400)
    const byline = /^By ([^|]{3,200}?) \| ((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}) /.exec(rest)
    if (!byline || !parseByline(byline[1]) || !parseDateLine(byline[2])) return span
    let end = title.length + 1 + byline[0].length
    drop(...spanRange(span, 0, end - 1), 'title and byline repeated at the start of the page')
    const downloads = /^Downloads(?: [\p{L}\p{M}]+){0,3}? PDF(?: [\p{L}\p{M}]+ PDF)?(?: More in This Series)? /u.exec(span.value.slice(end, end + 200))
    if (downloads) {
      drop(...spanRange(span, end, end + downloads[0].length - 1), 'download links')
      end += downloads[0].length
    }
    return trimSpan(sliceSpan(span, end, span.value.length))
  }

  function paragraphOrHeading(span: Span, next: Block | undefined): Flow {
    if (isPlainHeading(span.value, next)) return {type: 'heading', level: 2, span}
    return {type: 'paragraph', span}
  }

}

/** Drop page junk: listed in `brief.removed` and reported, so nothing disappears silently. */
function remove(file: VFile, brief: BriefData, source: Source, start: number, end: number, reason: string) {
  const position = source.position(start, end)
  const value = source.text.slice(start, end).trim()
  brief.removed.push({text: value, reason, position})
  const shown = value.length > 60 ? value.slice(0, 57).replace(/\s+/g, ' ') + '…' : value.replace(/\s+/g, ' ')
  report(file, `Unexpected ${reason} \`${shown}\`, expected article text; removed`, {
    ruleId: 'removed-text',
    severity: 'info',
    place: position,
    data: {reason}
  })
}

function readFrontMatter(file: VFile, brief: BriefData, source: Source, block: Extract<Block, {type: 'frontMatter'}>) {
  const position: Position = source.position(block.start, block.end)
  if (block.engine !== '' && block.engine !== 'yaml' && block.engine !== 'yml') {
    report(file, `Unexpected front matter language \`${block.engine}\`, expected YAML; not evaluated`, {
      ruleId: 'unsafe-front-matter',
      severity: 'error',
      place: position
    })
    remove(file, brief, source, block.start, block.end, 'front matter in a language that is never evaluated')
    return
  }
  if (!block.leading) {
    remove(file, brief, source, block.start, block.end, 'front matter of a page joined into this file')
    return
  }
  const data = parseYaml(block.yaml)
  const used = data ? applyMetadata(brief, data) : []
  remove(file, brief, source, block.start, block.end, `front matter (read into file.data.brief: ${used.join(', ') || 'nothing'})`)
}

/** A one-line block that reads like a section heading in plain text. */
function isPlainHeading(value: string, next: Block | undefined): boolean {
  if (value.length === 0 || value.length > 120 || value.includes('\n')) return false
  if (!next || (next.type !== 'paragraph' && next.type !== 'item' && next.type !== 'quote')) return false
  if (!/^[\p{Lu}\p{Lo}]/u.test(value) || /[.,;:!…]$/.test(value)) return false
  if (value.split(/\s+/).length > 14 || parseDateLine(value)) return false
  return !/https?:\/\/|<|\[|\*|\|/.test(value)
}

/** Unified parser plugin: use instead of remark-parse for scraped `.txt` articles. */
export function remarkBriefArticle(this: Processor, options: ArticleOptions = {}) {
  // eslint-disable-next-line @typescript-eslint/no-this-alias
  const self = this as unknown as {parser: (doc: string, file: VFile) => Root}
  self.parser = (doc, file) => recognizeArticle(doc, file, options)
}

export default remarkBriefArticle

