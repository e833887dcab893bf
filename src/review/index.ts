/**
 * The recognition review page: the source text with what the recognizer
 * decided drawn on it (removed chrome struck through with its reason,
 * headings, paragraph splits, tables, each marker linked to its note in one
 * colour, unlinked markers and unpaired notes in another, metadata taken, and
 * the file's warnings), so an editor checks a scraped article in a minute.
 * Built as hast, self-contained (inline CSS, no script), the source escaped as
 * text. Draws from `file.data.recognition` where the passes recorded a trace,
 * and from what the tree, `brief.removed` and the messages carry.
 */
import type {Element, ElementContent, Root as HastRoot} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {h} from 'hastscript'
import type {Root as MdastRoot, RootContent} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {remarkBriefArticle} from '../article/index.js'
import type {DecisionKind} from '../article/trace.js'
import {remarkBriefMeta} from '../meta/index.js'
import {briefOf} from '../meta/brief-data.js'
import {remarkBriefNotes, type NotesOptions} from '../notes/index.js'

/** What a stretch of the source became; one colour each (`linked` and `note` share one, `unlinked` and `unpaired` another). */
export type MarkKind = 'removed' | 'meta' | 'heading' | 'split' | 'table' | 'linked' | 'unlinked' | 'note' | 'unpaired' | 'warning'

/** One decision drawn on the source: `[start, end)` offsets, a label saying why. */
export interface Mark {
  kind: MarkKind
  start: number
  end: number
  label: string
  /** Anchor of this stretch (a note), and where it links to (a marker's note). */
  id?: string
  href?: string
  /** Why the recognizer decided it (its trace), when the label says something else. */
  detail?: string
}

const traceKinds: Partial<Record<DecisionKind, MarkKind>> = {
  removed: 'removed',
  metadata: 'meta',
  heading: 'heading',
  'paragraph-split': 'split',
  table: 'table',
  'marker-linked': 'linked',
  'marker-unlinked': 'unlinked',
  note: 'note',
  'note-unpaired': 'unpaired'
}

/** Messages already drawn from the tree or `removed`, or about the whole file. */
const quietRules = new Set(['removed-text', 'web-page', 'unpaired-note', 'renumbered-notes'])

/**
 * Run the remark stage of a brief (recognizer or Markdown reader, metadata,
 * notes) on `value` and draw the review page. Synchronous, no I/O.
 */
export function reviewDocument(value: string, options: {path?: string; format: 'text' | 'markdown'; notes?: NotesOptions}): {html: string; file: VFile} {
  const file = new VFile({value, path: options.path})
  const processor =
    options.format === 'text'
      ? unified().use(remarkBriefArticle).use(remarkBriefMeta).use(remarkBriefNotes, options.notes ?? {})
      : unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkBriefMeta).use(remarkBriefNotes, options.notes ?? {})
  const tree = processor.runSync(processor.parse(file) as MdastRoot, file) as MdastRoot
  return {html: toHtml(reviewTree(file, tree)), file}
}

/** Every decision about `file` as marks on its source text. */
export function collectMarks(file: VFile, tree: MdastRoot): Mark[] {
  const text = String(file.value)
  const marks: Mark[] = []
  const brief = briefOf(file, 'text')
  const add = (mark: Mark) => {
    const start = Math.max(0, Math.min(mark.start, text.length))
    marks.push({...mark, start, end: Math.max(start, Math.min(mark.end, text.length))})
  }

  for (const item of brief.removed) {
    if (item.position) add({kind: 'removed', start: item.position.start.offset ?? 0, end: item.position.end.offset ?? 0, label: item.reason})
  }
  const recognition = file.data.recognition
  if (recognition && recognition.text === text) {
    for (const decision of recognition.decisions) {
      const kind = traceKinds[decision.kind]
      if (!kind) continue
      // A marker's or note's number on the trace is the one in the source; the printed one comes from renumbering (the tree's, below).
      const what = decision.field ? `${decision.field}: ${decision.reason}` : decision.number === undefined ? decision.reason : `source number ${decision.number}: ${decision.reason}`
      add({kind, start: decision.start, end: decision.end, label: `${decision.pass} · ${what}`})
    }
  }

  // Metadata no pass traced: its first appearance in the text, so the editor sees where it came from.
  const traced = new Set(marks.filter((mark) => mark.kind === 'meta').map((mark) => mark.label.split(':')[0]!.split(' · ').at(-1)))
  const found: Array<[string, string | undefined]> = [['title', brief.title], ['subtitle', brief.subtitle], ...brief.authors.map((author): [string, string] => ['author', author.name]), ['date', brief.date], ['disclaimer', brief.disclaimer], ...brief.credits.map((credit): [string, string] => ['credit', credit])]
  for (const [field, value] of found) {
    if (!value || traced.has(field === 'author' ? 'authors' : field)) continue
    const at = text.indexOf(value)
    if (at >= 0) add({kind: 'meta', start: at, end: at + value.length, label: `metadata: ${field}, read into the brief`})
  }

  const references = new Map<string, number>()
  let previous: RootContent | undefined
  for (const node of tree.children) {
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (start !== undefined && end !== undefined) {
      if (node.type === 'heading') add({kind: 'heading', start, end, label: `heading ${node.depth}`})
      else if (node.type === 'table') add({kind: 'table', start, end, label: `table, ${node.children.length} rows`})
      else if (node.type === 'footnoteDefinition') {
        const unpaired = Boolean((node.data as {unpaired?: boolean} | undefined)?.unpaired) || !references.has(node.identifier)
        add({
          kind: unpaired ? 'unpaired' : 'note',
          start,
          end,
          label: unpaired ? `unpaired note, printed as ${node.label ?? node.identifier}: no marker points to it` : `note ${node.label ?? node.identifier}`,
          id: `note-${node.identifier}`,
          href: unpaired ? undefined : `#ref-${node.identifier}`
        })
      }
      // Two paragraphs with no blank line between them in the source: the recognizer split them.
      const gap = previous?.position?.end.offset
      if (node.type === 'paragraph' && previous?.type === 'paragraph' && gap !== undefined && gap <= start && !/\n[ \t]*\n/.test(text.slice(gap, start))) {
        add({kind: 'split', start, end: start, label: 'paragraph split here'})
      }
    }
    previous = node
    if (node.type === 'footnoteDefinition') continue
    visit(node, 'footnoteReference', (reference) => {
      const position = reference.position
      if (!position) return
      const count = (references.get(reference.identifier) ?? 0) + 1
      references.set(reference.identifier, count)
      add({
        kind: 'linked',
        start: position.start.offset ?? 0,
        end: position.end.offset ?? 0,
        label: `marker ${reference.label ?? reference.identifier}, linked to its note`,
        id: count === 1 ? `ref-${reference.identifier}` : undefined,
        href: `#note-${reference.identifier}`
      })
    })
  }

  for (const message of file.messages) {
    if (quietRules.has(message.ruleId ?? '') || !message.place) continue
    const place = message.place
    const start = 'start' in place ? place.start.offset : place.offset
    const end = 'start' in place ? place.end.offset : place.offset
    if (start === undefined) continue
    const kind: MarkKind = message.ruleId === 'unlinked-marker' ? 'unlinked' : 'warning'
    add({kind, start, end: end ?? start, label: `${message.ruleId ?? 'message'}: ${message.reason}`})
  }

  // One mark per stretch and kind: the trace and the tree often say the same thing.
  // Where both do, the tree's mark carries the links and the printed number, the trace's the reason.
  const byStretch = new Map<string, Mark>()
  for (const mark of marks) {
    const key = `${mark.kind} ${mark.start} ${mark.end}`
    const kept = byStretch.get(key)
    if (!kept) byStretch.set(key, mark)
    else if (anchored(mark) && !anchored(kept)) byStretch.set(key, {...mark, detail: kept.detail ?? kept.label})
  }
  return [...byStretch.values()].sort((a, b) => a.start - b.start || b.end - a.end)
}

/** Whether a mark is tied to the tree (an anchor or a link): a marker or note as printed. */
function anchored(mark: Mark): boolean {
  return mark.id !== undefined || mark.href !== undefined
}

/** The review page of `file` (its value the source text) and the tree the remark stage made of it. */
export function reviewTree(file: VFile, tree: MdastRoot): HastRoot {
  const text = String(file.value)
  const marks = collectMarks(file, tree)
  const brief = briefOf(file, 'text')
  const count = (kind: MarkKind) => marks.filter((mark) => mark.kind === kind).length
  const name = file.basename ?? 'article'

  const facts: Array<[string, string]> = [
    ['Title', brief.title ?? '—'],
    ['Subtitle', brief.subtitle ?? ''],
    ['Authors', brief.authors.map((author) => author.name).join('; ') || '—'],
    ['Date', brief.date ?? '—'],
    ['Organization', brief.organization ?? ''],
    ['Series', [brief.series, brief.issue].filter(Boolean).join(', ')],
    ['URL', brief.url ?? ''],
    ['Disclaimer', brief.disclaimer ?? ''],
    ['Credits', brief.credits.join('; ')]
  ]
  const figures: Array<[string, number, MarkKind]> = [
    ['markers linked', count('linked'), 'linked'],
    ['notes', count('note'), 'note'],
    ['markers not linked', count('unlinked'), 'unlinked'],
    ['notes no marker points to', count('unpaired'), 'unpaired'],
    ['stretches removed', count('removed'), 'removed'],
    ['headings', count('heading'), 'heading'],
    ['tables', count('table'), 'table'],
    ['paragraph splits', count('split'), 'split'],
    ['other messages', count('warning'), 'warning']
  ]

  const page = h('html', {lang: brief.lang || 'en'}, [
    h('head', [
      h('meta', {charSet: 'utf-8'}),
      h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
      h('title', `Recognition review: ${brief.title ?? name}`),
      h('style', css)
    ]),
    h('body', [
      h('header', [h('h1', [`Recognition review: `, h('span.title', brief.title ?? name)]), h('p.file', name)]),
      h('main', [
        h('section', {ariaLabelledBy: 'metadata'}, [
          h('h2#metadata', 'Metadata taken'),
          h(
            'dl.facts',
            facts.filter(([, value]) => value !== '').flatMap(([key, value]) => [h('dt', key), h('dd', value)])
          )
        ]),
        h('section', {ariaLabelledBy: 'figures'}, [
          h('h2#figures', 'What the recognizer decided'),
          h(
            'ul.legend',
            figures.map(([label, number, kind]) => h('li', [h(`span.mark.${kind}`, String(number)), ' ', label]))
          )
        ]),
        h('section', {ariaLabelledBy: 'source'}, [
          h('h2#source', 'The source, annotated'),
          h('p.hint', 'Struck-through grey text was removed (its reason in the tag before it). Green markers link to their green notes; orange ones are markers or notes left unpaired.'),
          h('pre.source', draw(text, marks))
        ])
      ])
    ])
  ])
  return {type: 'root', children: [{type: 'doctype'}, page]}
}

/**
 * The source cut at every mark boundary: each piece a span with the classes
 * of the marks over it, a link inside a linked marker or note, a tag (kind and
 * reason) where a mark starts.
 */
function draw(text: string, marks: Mark[]): ElementContent[] {
  const cuts = [...new Set([0, text.length, ...marks.flatMap((mark) => [mark.start, mark.end])])].sort((a, b) => a - b)
  const out: ElementContent[] = []
  const open: Mark[] = []
  let next = 0
  for (let index = 0; index < cuts.length; index++) {
    const at = cuts[index]!
    for (let position = open.length - 1; position >= 0; position--) if (open[position]!.end <= at && open[position]!.start < at) open.splice(position, 1)
    for (; next < marks.length && marks[next]!.start === at; next++) {
      const mark = marks[next]!
      out.push(tag(mark))
      if (mark.end > mark.start) open.push(mark)
    }
    const end = cuts[index + 1]
    if (end === undefined || end === at) continue
    const piece = text.slice(at, end)
    if (open.length === 0) {
      out.push({type: 'text', value: piece})
      continue
    }
    const link = open.findLast((mark) => mark.kind === 'linked' && mark.href)
    const span: Element = h(
      'span',
      {className: ['mark', ...new Set(open.map((mark) => mark.kind))]},
      link ? [h('a', {href: link.href}, piece)] : [piece]
    )
    out.push(span)
  }
  return out
}

/** The small label where a mark starts: its kind and why; a note's label links back to its first marker. */
function tag(mark: Mark): Element {
  const words: Record<MarkKind, string> = {
    removed: 'removed',
    meta: 'metadata',
    heading: 'heading',
    split: '¶ split',
    table: 'table',
    linked: '',
    unlinked: 'not linked',
    note: 'note',
    unpaired: 'unpaired note',
    warning: 'warning'
  }
  const label = mark.label.startsWith(words[mark.kind]) ? mark.label : `${words[mark.kind]}: ${mark.label}`
  const properties = {className: ['tag', mark.kind], id: mark.id, title: mark.detail ? `${mark.label} (${mark.detail})` : mark.label}
  if (mark.kind === 'linked') return h('span', {className: ['tag', 'linked'], id: mark.id}, [])
  if (mark.kind === 'note' && mark.href) return h('a', {...properties, href: mark.href}, `${label} ↩`)
  return h('span', properties, label)
}

const css = `
:root { color-scheme: light; font-family: system-ui, sans-serif; color: #1a1a1a; background: #ffffff; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; line-height: 1.45; }
h1 { font-size: 1.4rem; margin: 0.5rem 0 0; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
.file { margin: 0.2rem 0 0; color: #444444; font-family: ui-monospace, monospace; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.legend { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; padding: 0; list-style: none; }
.hint { color: #444444; font-size: 0.9rem; }
.source { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85rem; line-height: 1.6; border-top: 1px solid #cccccc; padding-top: 1rem; }
.mark { border-radius: 2px; }
.mark.removed { color: #4d4d4d; background: #ececec; text-decoration: line-through; }
.mark.meta { background: #efe3fa; color: #3f1066; }
.mark.heading { background: #dfe8fa; color: #0d2454; font-weight: 700; }
.mark.table { outline: 1px dashed #1d5f6b; }
.mark.linked, .mark.note { background: #d5f0dc; color: #0a4318; }
.mark.unlinked, .mark.unpaired { background: #ffe1cc; color: #6b2200; }
.mark.warning { text-decoration: underline wavy #a0001c; }
.mark a { color: inherit; text-decoration: underline; }
.tag { font: 600 0.7rem/1.2 system-ui, sans-serif; border-radius: 3px; padding: 0 0.3em; margin: 0 0.2em; white-space: normal; border: 1px solid currentColor; }
.tag.linked { display: none; }
.tag.removed { color: #4d4d4d; }
.tag.meta { color: #3f1066; }
.tag.heading { color: #0d2454; }
.tag.split { color: #0d2454; background: #fff7c2; }
.tag.table { color: #124a54; }
.tag.note { color: #0a4318; }
.tag.unlinked, .tag.unpaired { color: #6b2200; }
.tag.warning { color: #8a0018; }
.legend .mark { display: inline-block; min-width: 2.5em; text-align: center; font-weight: 700; text-decoration: none; }
@media print { .source { font-size: 0.7rem; } }
`
