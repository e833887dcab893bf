/**
 * The article recognizer, as named passes over one document: normalize (source.ts) ▶ segment (blocks.ts,
 * segment.ts) ▶ regions (header/matter/junk.ts for chrome, notes.ts and pagenotes.ts for notes) ▶ markers
 * (markers.ts, restarts.ts) ▶ tree (tree.ts, inline.ts); each records its decisions on `file.data.recognition` (trace.ts).
 *
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
  joinCapitalsSubtitle,
  parseByline,
  parseDateLine,
  parseYaml,
  titleAfterLabel
} from './header.js'
import {teaserStart} from './junk.js'
import type {Matter} from './matter.js'
import {lineText, readBackMatter, readHeader, textOf} from './matter.js'
import type {Linked} from './markers.js'
import {createCandidateFinder, decideMarkers} from './markers.js'
import {candidatesForParts, keyNoteParts, onePerPlace, originalOf} from './restarts.js'
import type {NoteEntry} from './notes.js'
import {findInlineNotes, findNoteRuns} from './notes.js'
import {readPage} from './page.js'
import {findTables, insertTables, insideTable} from './tables.js'
import type {Source, Span} from './source.js'
import {createSource, joinSpans, sliceSpan, spanOfRanges, spanRange, trimSpan} from './source.js'
import {reportControlCharacters} from './hygiene.js'
import {findPageNotes} from './pagenotes.js'
import {segmentLine} from './segment.js'
import {decide, traceOf} from './trace.js'
import {toSuperscript} from './inline.js'
import type {Flow} from './tree.js'
import {markFlows, toDefinition, toFlowContent} from './tree.js'
import {readArchiveRecord} from './record.js'
import {readFrontBlocks} from './front.js'
import {readBackSections} from './back.js'
import {readBackChrome, readFrontChrome} from './regions.js'
import {readOpening} from './opening.js'
import {cutContentsAfterArticle} from './closing.js'
import {narrowFirst} from './narrow.js'

export interface ArticleOptions {
  /**
   * Extra whole lines to drop as page junk, compared case-insensitively
   * (e.g. `["Subscribe to our newsletter"]`). Default: none.
   */
  junk?: string[]
}

/** Scraped plain text ▶ mdast; metadata into `file.data.brief`; messages on `file`. */
export function recognizeArticle(text: string, file: VFile, options: ArticleOptions = {}): Root {
  // A saved web page: the passes below read its article; positions are put back into the page.
  const page = readPage(text, file)
  if (page) return page.finish(recognizeArticle(page.text, file, options))
  const brief = briefOf(file, 'text')
  brief.source = 'text'
  const source = createSource(text)
  reportControlCharacters(source, file)
  const trace = traceOf(file, text)
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
  // Marker candidates of each text found once per article (the hints, page notes and markers read the same texts).
  const findCandidates = createCandidateFinder()
  const {taken} = matter

  // `<table>` markup is content: its blocks leave the flow here and come back as GFM tables below.
  const tables = findTables(text)
  for (const block of blocks) {
    if (block.type === 'frontMatter') {
      gone.add(block)
      readFrontMatter(file, brief, source, block)
    } else if (block.type === 'junk') {
      gone.add(block)
      if (!insideTable(tables, block.start, block.end)) drop(block.start, block.end, block.reason)
    }
  }

  readArchiveRecord(matter)

  const backMatter = (block: Block) => block.type === 'paragraph' && (isCredit(lineText(text, block, 0)) || isDisclaimer(textOf(text, block)))
  // Numbers the text points at, so a plain `1. …` list can be recognized as notes.
  // Ordered items are left out: a list must not vouch for itself.
  // Found only when a list without a heading could be notes (most articles have none, or a heading).
  let hints: Set<number> | undefined
  const noteHints = {has: (number: number) => (hints ??= findHints()).has(number)}
  const findHints = () => {
    const found = new Set<number>()
    for (const block of blocks) {
      if (block.type === 'paragraph' || block.type === 'quote' || (block.type === 'item' && !block.ordered)) {
        for (const [start, end] of block.ranges) {
          for (const candidate of findCandidates(text.slice(start, end))) if (candidate.strength !== 'loose') found.add(candidate.number)
        }
      }
    }
    return found
  }
  const runs = findNoteRuns(text, blocks, noteHints, backMatter)
  const notes: NoteEntry[] = [...runs.entries]
  for (const block of runs.consumed) gone.add(block)
  for (const block of runs.headings) {
    gone.add(block)
    drop(block.start, block.end, 'notes heading (its notes became footnote definitions)')
  }
  for (const item of runs.breaks) {
    if (item.label) drop(item.label[0], item.label[1], `mislabelled note number (the note between ${item.expected - 1} and ${item.expected + 1} is taken as ${item.expected})`)
    report(file, `Unexpected note number ${item.number} in the notes list, expected ${item.expected}`, {
      ruleId: 'broken-note-sequence',
      severity: 'warning',
      place: source.position(item.start, item.end),
      data: {number: item.number, expected: item.expected}
    })
  }

  for (const note of runs.lost) {
    report(file, `Unexpected note without a number between ${note.number - 1} and ${note.number + 1}, expected \`${note.number}\` before it; taken as note ${note.number}`, {
      ruleId: 'unnumbered-note',
      severity: 'info',
      place: source.position(note.start, note.end),
      data: {number: note.number}
    })
  }

  readHeader(matter)
  // `Full Text: X` where the text says it is the full text of X: the work's title is X.
  const unlabelled = brief.title === undefined ? undefined : titleAfterLabel(brief.title, () => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''))
  if (unlabelled) brief.title = unlabelled
  // A cover's second title line in capitals (`KEY CONCEPTS`) continues the title.
  const joined = brief.title === undefined || brief.subtitle === undefined ? undefined : joinCapitalsSubtitle(brief.title, brief.subtitle)
  if (joined) {
    // The line as printed (in capitals) stays listed, so none of its words vanishes.
    const at = text.indexOf(brief.subtitle!)
    if (at >= 0) drop(at, at + brief.subtitle!.length, `second title line in capitals (joined to the title as ${joined})`)
    brief.title = joined
    delete brief.subtitle
  }
  readFrontBlocks(matter)
  readBackMatter(matter, runs.consumed)
  readBackSections(matter)

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
  const openingBefore = firstParagraphStart()
  readFrontChrome(flows, {brief, drop, mark})
  // Where the page chrome was cut before the first sentence, promotion boxes and a run-in heading may follow it.
  if (firstParagraphStart() > openingBefore) readOpening(flows, flows.findIndex((flow) => flow.type === 'paragraph'), {drop, mark})
  if (lastNoteIndex >= 0) lastNoteIndex += flows.length - flowCount
  if (lastNoteIndex > 0) readBackChrome(flows, lastNoteIndex - 1, {brief, drop, mark})
  else readBackChrome(flows, flows.length - 1, {brief, drop, mark})
  cutTeasers()
  if (notes.length === 0) takePageNotes()
  segmentLines()
  // The article's last paragraph (before the notes): a contents list printed after its last sentence goes.
  cutContentsAfterArticle(flows, lastBodyParagraph(), drop)

  // Markers: candidates in body text, linked against the note numbers.
  const marked = markFlows(flows, findCandidates)
  // Paragraphs closed by a back-link glyph (`… 2019. ↩`) are notes that lost their number.
  // `includes` first: the pattern, unanchored at its start, is tried from every white space of a long paragraph.
  const orphans = marked.flatMap((item, owner) => (item.span.value.includes('↩') && backLink.test(item.span.value) && !/^\s*\d/.test(item.span.value) && flows[flowOfMarked(owner)]?.type === 'paragraph' ? [owner] : []))
  // Notes numbered again from 1 per chapter: one sequence of keys, and each candidate once per part.
  const parts = keyNoteParts(notes)
  const numbers = new Set(notes.map((note) => note.number))
  const all: Linked[] = candidatesForParts(marked.flatMap((item, owner) => (orphans.includes(owner) ? [] : item.candidates.map((candidate) => ({candidate, owner})))), parts)
  const decision = onePerPlace(decideMarkers(all, numbers))
  const pointed = new Set<number>()
  for (const item of decision.linked) {
    marked[item.owner].markers.push(item.candidate)
    pointed.add(item.candidate.number)
  }
  const paired = pairOrphans()
  reportMarkers()
  if (parts.offsets.length > 1) reportParts()
  // Paired orphans left the body for the notes: drop their flows (and marked entries) together.
  for (const owner of [...paired].sort((a, b) => b - a)) {
    const flow = flowOfMarked(owner)
    flows.splice(flow, 1)
    marked.splice(owner, 1)
  }

  const place = (start: number, end: number) => source.position(start, end)
  const children: RootContent[] = insertTables(toFlowContent(flows, marked, place), tables, place)
  for (const note of notes) {
    // The back-link glyph that closed the note on its web page (`↩`, `↩︎`) points nowhere in print.
    const last = note.paragraphs.at(-1)
    const glyph = last?.value.includes('↩') ? backLink.exec(last.value) : null
    if (last && glyph) {
      drop(...spanRange(last, glyph.index, last.value.length), 'back-link glyph of a web-page note')
      note.paragraphs[note.paragraphs.length - 1] = sliceSpan(last, 0, glyph.index)
    }
    const definition = toDefinition(note, place)
    children.push(definition)
    decide(trace, {pass: 'notes', kind: pointed.has(note.number) ? 'note' : 'note-unpaired', start: note.start, end: note.end, number: note.number, reason: pointed.has(note.number) ? `${note.style} note entry` : 'no marker points to it'})
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

  /**
   * Pair back-linked notes without a number with the markers that have no note, in order, when their
   * counts agree; otherwise report each orphan and keep it as a paragraph.
   */
  function pairOrphans(): Set<number> {
    const paired = new Set<number>()
    if (orphans.length === 0) return paired
    const waiting = decision.unlinked.filter((item) => item.why === 'no-note')
    if (waiting.length !== orphans.length) {
      for (const owner of orphans) {
        const span = marked[owner].span
        report(file, `Unexpected note without a number (closed by a back-link), expected ${orphans.length} marker${orphans.length === 1 ? '' : 's'} without a note to pair it with, found ${waiting.length}; kept as a paragraph`, {
          ruleId: 'unnumbered-note',
          severity: 'warning',
          place: source.position(...spanRange(span, 0, span.value.length))
        })
      }
      return paired
    }
    for (const [position, owner] of orphans.entries()) {
      const marker = waiting[position]
      const span = marked[owner].span
      const [start, end] = spanRange(span, 0, span.value.length)
      notes.push({number: marker.candidate.number, style: 'bare', start, end, paragraphs: [span]})
      marked[marker.owner].markers.push(marker.candidate)
      pointed.add(marker.candidate.number)
      decision.unlinked.splice(decision.unlinked.indexOf(marker), 1)
      decision.linked.push(marker)
      report(file, `Unexpected note without a number, expected \`${marker.candidate.number}\` before it; paired with the marker that had no note`, {
        ruleId: 'unnumbered-note',
        severity: 'info',
        place: source.position(start, end),
        data: {number: marker.candidate.number}
      })
      paired.add(owner)
    }
    notes.sort((a, b) => a.number - b.number)
    for (const item of marked) item.markers.sort((a, b) => a.index - b.index)
    return paired
  }

  function reportParts() {
    const firsts = notes.filter((note, index) => index > 0 && parts.offsets.includes(note.number - 1) && note.number - 1 > 0)
    const first = firsts[0] ?? notes[0]
    report(file, `Unexpected note numbers starting again from 1 (${parts.offsets.length} parts), expected one sequence; notes and markers paired part by part and numbered as one sequence`, {
      ruleId: 'restarted-note-numbers',
      severity: 'info',
      place: source.position(first.start, first.end),
      data: {parts: parts.offsets.length}
    })
    // The numbers as written in later parts are not printed (their keys are): listed, so no word is lost.
    const written = (key: number, start: number) => {
      const {number, part} = originalOf(parts, key)
      if (part === 0) return
      // The entry or marker starts at its number or just before it (`[1]`, `<sup>1</sup>`, `${}^{1}$`), in digits
      // or in superscript digits (`²`); what is listed is the number as the text writes it, where it stands.
      const digits = String(number)
      const near = text.slice(start, start + 16)
      const form = near.includes(digits) ? digits : superscriptDigits(digits)
      const at = start + Math.max(0, near.indexOf(form))
      brief.removed.push({text: text.slice(at, at + form.length), reason: `number ${number} of notes part ${part + 1}, paired as ${key}`, position: source.position(at, at + form.length)})
    }
    for (const note of notes) written(note.number, note.start)
    for (const item of decision.linked) written(item.candidate.number, spanRange(marked[item.owner].span, item.candidate.index, item.candidate.index + 1)[0])
  }

  /** Index in `flows` of the last paragraph before the first note (inline notes share the page's line). */
  function lastBodyParagraph(): number {
    const notesStart = notes.reduce((low, note) => Math.min(low, note.start), Number.POSITIVE_INFINITY)
    for (let index = flows.length - 1; index >= 0; index--) {
      const flow = flows[index]
      if (flow.type === 'paragraph' && spanRange(flow.span, 0, 0)[0] < notesStart) return index
    }
    return -1
  }

  /** Input offset of the first body paragraph (-1 when none): moves on when chrome before it is cut. */
  function firstParagraphStart(): number {
    const flow = flows.find((item) => item.type === 'paragraph')
    return flow?.type === 'paragraph' ? spanRange(flow.span, 0, 0)[0] : -1
  }

  /** Index in `flows` of the flow that holds `marked[owner]` (paragraphs, headings and quotes hold one). */
  function flowOfMarked(owner: number): number {
    let count = 0
    for (const [index, flow] of flows.entries()) {
      const size = flow.type === 'list' ? flow.items.length : flow.type === 'break' ? 0 : 1
      if (owner < count + size) return index
      count += size
    }
    return -1
  }

  function reportMarkers() {
    const withoutNotes = notes.length === 0
    const unlinked = decision.unlinked
    if (withoutNotes && unlinked.length > 0) {
      // One warning for the document; each marker at info level.
      const first = unlinked[0]
      const firstSpan = marked[first.owner].span
      // The pattern ends in `version`: a text without the word (most) is not searched with the pattern's alternations.
      const elsewhere = versionWord.test(text) ? otherVersion.exec(text) : null
      if (elsewhere) {
        report(file, `Unexpected ${unlinked.length} note marker${unlinked.length === 1 ? '' : 's'} whose notes are in another version (\`${elsewhere[0].trim()}\`), expected a notes list; kept as superscript numbers`, {
          ruleId: 'no-notes-list',
          severity: 'warning',
          place: source.position(elsewhere.index, elsewhere.index + elsewhere[0].length),
          data: {markers: unlinked.length}
        })
      } else report(file, `Unexpected ${unlinked.length} note marker${unlinked.length === 1 ? '' : 's'} without a notes list, expected a notes list; no notes list: ${unlinked.length} marker${unlinked.length === 1 ? '' : 's'} kept as superscript numbers`, {
        ruleId: 'no-notes-list',
        severity: 'warning',
        place: source.position(...spanRange(firstSpan, first.candidate.index, first.candidate.index + first.candidate.length)),
        data: {markers: unlinked.length}
      })
    }
    for (const item of unlinked) {
      const {candidate} = item
      const span = marked[item.owner].span
      const label = String(candidate.number)
      const [start, end] = spanRange(span, candidate.index, candidate.index + candidate.length)
      const reason = withoutNotes
        ? `Unexpected note marker \`${label}\` without a notes list, expected a note numbered ${label}; kept as a superscript number`
        : item.why === 'no-note'
          ? `Unexpected note marker \`${label}\` without a note, expected a note numbered ${label} in the notes list; removed from the text`
          : item.why === 'near-miss'
            ? `Unexpected number \`${label}\` where note marker ${label} would fit, expected a note numbered ${label}; kept as text`
            : `Unexpected note marker \`${label}\` out of sequence, expected markers in increasing order; kept as text`
      report(file, reason, {
        ruleId: 'unlinked-marker',
        severity: withoutNotes ? 'info' : 'warning',
        place: source.position(start, end),
        data: {number: candidate.number, why: withoutNotes ? 'no-notes-list' : item.why}
      })
      decide(trace, {pass: 'markers', kind: 'marker-unlinked', start, end, number: candidate.number, reason: withoutNotes ? 'no notes list' : item.why})
      // One visible form: superscript digits without notes; with notes, a stray number would read as
      // another (renumbered) note, so it leaves the text for `removed`.
      if (withoutNotes) marked[item.owner].replaced.push({index: candidate.index, length: candidate.length, text: toSuperscript(candidate.number)})
      else if (item.why === 'no-note') {
        marked[item.owner].replaced.push({index: candidate.index, length: candidate.length, text: ''})
        drop(start, end, `note marker ${label} without a note`)
      } else if (candidate.strength === 'strong' && candidate.style !== 'bracket' && candidate.style !== 'anchor') {
        // An author's `[1]` or an in-page link (`Table [4](#table-4)`) out of the sequence is text as written.
        marked[item.owner].replaced.push({index: candidate.index, length: candidate.length, text: toSuperscript(candidate.number)})
      }
    }
    for (const item of decision.linked) {
      const [start, end] = spanRange(marked[item.owner].span, item.candidate.index, item.candidate.index + item.candidate.length)
      decide(trace, {pass: 'markers', kind: 'marker-linked', start, end, number: item.candidate.number, reason: `${item.candidate.strength} marker in the notes' sequence`})
    }
    // Candidates that stayed text (a year, an author's own `[1]`): strong and glued ones only, loose
    // numbers are too many to draw.
    const decided = new Set([...decision.linked, ...decision.unlinked].map((item) => `${item.owner}:${item.candidate.index}`))
    for (const item of all) {
      if (item.candidate.strength === 'loose' || item.candidate.strength === 'spaced' || decided.has(`${item.owner}:${item.candidate.index}`)) continue
      const [start, end] = spanRange(marked[item.owner].span, item.candidate.index, item.candidate.index + item.candidate.length)
      decide(trace, {pass: 'markers', kind: 'marker-rejected', start, end, number: item.candidate.number, reason: `${item.candidate.style} ${item.candidate.strength} candidate outside the notes' sequence`})
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

  /**
   * Note entries left inside paragraphs (one-line pages, page-bottom notes of PDF conversions) when no
   * notes list was found: each becomes a note, and its paragraph closes over the gap it leaves.
   */
  function takePageNotes() {
    const owners = flows.flatMap((flow, index) => (flow.type === 'paragraph' ? [index] : []))
    const spans = owners.map((index) => (flows[index] as {span: Span}).span)
    // How many candidates carry each number, and where: an entry's own number is no marker elsewhere.
    // Counted on the first question (most pages have no entry that reads like a note, and are never asked).
    const counts = new Map<number, number>()
    const places = new Set<string>()
    let counted = false
    const count = () => {
      counted = true
      for (const [owner, span] of spans.entries()) {
        for (const candidate of findCandidates(span.value)) {
          counts.set(candidate.number, (counts.get(candidate.number) ?? 0) + 1)
          places.add(`${owner}:${candidate.index}`)
        }
      }
    }
    const own = (owner: number, index: number) => {
      for (let offset = 0; offset <= 6; offset++) if (places.has(`${owner}:${index + offset}`)) return 1
      return 0
    }
    const found = findPageNotes(spans, (number, owner, index) => {
      if (!counted) count()
      return (counts.get(number) ?? 0) - own(owner, index)
    })
    if (found.length === 0) return
    const byOwner = new Map<number, typeof found>()
    for (const note of found) byOwner.set(note.owner, [...(byOwner.get(note.owner) ?? []), note])
    for (const [owner, entries] of byOwner) {
      const span = spans[owner]
      const parts: Span[] = []
      let cursor = 0
      for (const entry of [...entries].sort((a, b) => a.start - b.start)) {
        const cut = entry.shared ? entry.content : entry.start
        parts.push(trimSpan(sliceSpan(span, cursor, cut)))
        const [start, end] = spanRange(span, entry.start, entry.end)
        notes.push({number: entry.number, style: 'bare', start, end, paragraphs: [trimSpan(sliceSpan(span, entry.content, entry.end))]})
        cursor = entry.end
      }
      parts.push(trimSpan(sliceSpan(span, cursor, span.value.length)))
      ;(flows[owners[owner]] as {span: Span}).span = joinSpans(parts)
    }
    notes.sort((a, b) => a.number - b.number)
  }

  /** One-line pages: each paragraph line thousands of characters long becomes sections and paragraphs. */
  function segmentLines() {
    for (let index = flows.length - 1; index >= 0; index--) {
      const flow = flows[index]
      if (flow.type !== 'paragraph') continue
      const segments = segmentLine(flow.span)
      if (!segments) continue
      const replacement: Flow[] = segments.map((segment) => (segment.type === 'heading' ? {type: 'heading', level: 2, span: segment.span} : {type: 'paragraph', span: segment.span}))
      flows.splice(index, 1, ...replacement)
      const headings = segments.filter((segment) => segment.type === 'heading').length
      const [start, end] = spanRange(flow.span, 0, flow.span.value.length)
      report(file, `Unexpected line of ${flow.span.value.length} characters, expected paragraphs; split into ${segments.length - headings} paragraphs and ${headings} headings at sentence ends`, {
        ruleId: 'one-line-page',
        severity: 'info',
        place: source.position(start, end),
        data: {paragraphs: segments.length - headings, headings}
      })
      for (const segment of segments) {
        const [from, to] = spanRange(segment.span, 0, segment.span.value.length)
        decide(trace, segment.type === 'heading'
          ? {pass: 'segment', kind: 'heading', start: from, end: to, reason: 'capitalised run between sentences of a one-line page'}
          : {pass: 'segment', kind: 'paragraph-split', start: from, end: to, reason: 'paragraph cut at a sentence end of a one-line page'})
      }
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
      // A notes list flowed into the page's one line runs on into the page's back matter (about the
      // author, tags, link text): the last note ends where the article's last sentence would.
      const tail: Flow[] = [{type: 'paragraph', span: lastNote.paragraphs.at(-1)!}]
      readBackChrome(tail, 0, {brief, drop, mark: (field, start, end, reason) => field !== 'body' && mark(field, start, end, reason)})
      lastNote.paragraphs[lastNote.paragraphs.length - 1] = (tail[0] as Extract<Flow, {type: 'paragraph'}>).span
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
    // `startsWith` first: most pages have no download links.
    const downloads = span.value.startsWith('Downloads ', end) ? downloadLinksLength(span.value.slice(end, end + 200)) : 0
    if (downloads > 0) {
      drop(...spanRange(span, end, end + downloads - 1), 'download links')
      end += downloads
    }
    return trimSpan(sliceSpan(span, end, span.value.length))
  }

  function paragraphOrHeading(span: Span, next: Block | undefined): Flow {
    if (isPlainHeading(span.value, next)) return {type: 'heading', level: 2, span}
    return {type: 'paragraph', span}
  }

}

/**
 * The length of what `^Downloads(?: W){0,3}? PDF(?: W PDF)?(?: More in This Series)? /u` (W: `[\p{L}\p{M}]+`)
 * matches in `value`, or 0: read word by word, trying the pattern's choices in its order. W holds no space,
 * so each is one whole word between single spaces. The pattern's eight copies of the letter class cost
 * ~10 ms to compile for a text beyond Latin-1; one word pattern, a fraction of that.
 */
export function downloadLinksLength(value: string): number {
  const words = value.split(' ')
  if (words[0] !== 'Downloads') return 0
  const isWord = (word: string | undefined) => word !== undefined && word.length > 0 && lettersAndMarks.test(word)
  const more = ['More', 'in', 'This', 'Series']
  // The words up to and including `last` taken, and the space after it: the match's length.
  const length = (last: number) => (last + 1 < words.length ? words.slice(0, last + 1).join(' ').length + 1 : 0)
  // `{0,3}?`: the fewest link words first.
  for (let links = 0; links <= 3; links++) {
    if (links > 0 && !isWord(words[links])) return 0
    const pdf = links + 1
    if (words[pdf] !== 'PDF') continue
    // `(?: W PDF)?` taken if it can be, then `(?: More in This Series)?` likewise; each left out when what follows fails.
    const lasts = isWord(words[pdf + 1]) && words[pdf + 2] === 'PDF' ? [pdf + 2, pdf] : [pdf]
    for (const last of lasts) {
      if (more.every((word, index) => words[last + 1 + index] === word)) {
        const found = length(last + more.length)
        if (found > 0) return found
      }
      const found = length(last)
      if (found > 0) return found
    }
  }
  return 0
}

const lettersAndMarks = /^[\p{L}\p{M}]*$/u

/** A sentence saying the notes are only in another version (`citations can be found in the PDF version`). */
const versionWord = /version/i
const otherVersion = /\b(?:citations|references|notes|footnotes|endnotes|sources)\b[^.\n]{0,80}\b(?:PDF|print(?:ed)?|original|full|online)\b[^.\n]{0,20}\bversion\b/i

/** A back-link glyph closing a note (`↩`, `↩︎`, with any variation selector). */
const backLink = /\s*↩[\uFE0E\uFE0F]?\s*$/

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

/** A capital or a letter without case (`中`) first. */
export const opensCapitalOrLetter = narrowFirst(() => /^[\p{Lu}\p{Lo}]/u, /^[A-ZÀ-ÖØ-Þªº]/)

/** A one-line block that reads like a section heading in plain text. */
function isPlainHeading(value: string, next: Block | undefined): boolean {
  if (value.length === 0 || value.length > 120 || value.includes('\n')) return false
  if (!next || (next.type !== 'paragraph' && next.type !== 'item' && next.type !== 'quote')) return false
  // A sentence end, even with a note marker after it (`in haste.1`), is no heading.
  if (!opensCapitalOrLetter(value) || /[.,;:!…]["”’)]?(?:\d{1,3}|\[\d{1,3}\])?$/.test(value)) return false
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

/** `12` ▶ `¹²`. */
function superscriptDigits(digits: string): string {
  let written = ''
  for (const digit of digits) written += '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(digit)]
  return written
}
