/**
 * Pass `page`: a whole web page saved as served (doctype, head, scripts,
 * JSON-LD, navigation), alone or inside a text file ▶ its article as plain
 * text for the other passes, the page's title, authors and date where they
 * agree with the text, the chrome around the article in `removed`, and a map
 * that puts every later position back into the input. Nothing in the page
 * runs and nothing is fetched: it is parsed (hast, then linkedom for
 * Mozilla's Readability), read, never executed.
 */
import type {Element, ElementContent, Root as HastRoot, Text} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import type {Root} from 'mdast'
import type {Position} from 'unist'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {printInstall, printPackage} from '../optional.js'
import {pageReader} from './page-reader.js'
import {briefOf} from '../meta/brief-data.js'
import {report} from '../meta/report.js'
import type {BriefAuthor, RemovedText} from '../meta/types.js'
import {parseDateLine} from './header.js'
import type {Decision} from './trace.js'
import {traceOf} from './trace.js'

/** A saved page found in the input: the text the other passes read, and how to finish. */
export interface PageReading {
  /** The input with the page replaced by its article as light text. */
  text: string
  /** Put the recognizer's positions back into the input, and apply what the page told. */
  finish: (tree: Root) => Root
}

/** Where one piece of the derived text came from: `derived` ▶ `source`, `length` characters that map one to one. */
interface Piece {
  derived: number
  source: number
  length: number
  /** For a piece that does not map one to one (`length` 0): the input offset its end maps to. */
  sourceEnd: number
}

/** What the page's metadata said, where it said it, and whether the text agrees. */
interface MetaCandidate {
  field: 'title' | 'authors' | 'date' | 'organization'
  value: string | string[]
  from: string
  start: number
  end: number
}

const skipped = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'canvas', 'button', 'select', 'textarea', 'input', 'head', 'title'])
const blocks = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6'
])
const articleTypes = /^(?:Article|NewsArticle|Report|ScholarlyArticle|BlogPosting|TechArticle|AnalysisNewsArticle|OpinionNewsArticle|WebPage|CreativeWork)$/

/** The first saved page in `text`, as `[start, end)`: a doctype or `<html>` at a line start, with a body or a closing tag after it. */
export function findPage(text: string): [number, number] | undefined {
  // The multiline pattern is tried at every position of the input: a text without `<!doctype` or `<html` (nearly all) cannot match.
  if (!pageOpening.test(text)) return undefined
  const open = /^[ \t\uFEFF]*(?:<!doctype\s+html\b[^>]*>|<html[\s>])/im.exec(text)
  if (!open) return undefined
  const rest = text.slice(open.index)
  if (!/<body[\s>]|<\/html\s*>/i.test(rest)) return undefined
  const close = /<\/html\s*>/gi
  let end = text.length
  for (const match of rest.matchAll(close)) end = open.index + match.index + match[0].length
  return [open.index, end]
}

/** What `findPage`'s opening needs: `<!doctype` or `<html`, in any case. */
export const pageOpening = /<(?:!doctype|html)/i

/** Read a saved page out of `text`, or `undefined` when there is none. */
export function readPage(text: string, file: VFile): PageReading | undefined {
  const found = findPage(text)
  if (!found) return undefined
  const [pageStart, pageEnd] = found
  // Readability and linkedom are optional peers (remark-brief-print): without them the page is read as text.
  const reader = pageReader()
  if (!reader) {
    const start = location(text).toPoint(pageStart)
    report(file, `Unexpected whole web page (HTML document) with no page reader installed, expected ${printPackage} to read its article (\`${printInstall}\`); read as text`, {
      ruleId: 'web-page-reader-missing',
      severity: 'warning',
      place: start && {start, end: start}
    })
    return undefined
  }
  const {Readability, parseHTML} = reader
  // Only what the passes add after this point has positions in the derived text.
  const messagesBefore = file.messages.length
  const removedBefore = file.data.brief?.removed.length ?? 0
  const tree = fromHtml(text.slice(pageStart, pageEnd))
  const at = (offset: number | undefined) => pageStart + (offset ?? 0)

  // Every visible text node, by its input offset, wrapped so its place survives Readability.
  const texts = new Map<number, {node: Text; start: number; end: number}>()
  const removed: RemovedText[] = []
  const decisions: Decision[] = []
  const source = location(text)
  const place = (start: number, end: number): Position => ({start: pointAt(start), end: pointAt(end)})
  const candidates = readMetadata(tree, at)
  const marked = markTexts(tree, at, texts, (node, reason) => {
    const start = at(node.position?.start.offset)
    const end = at(node.position?.end.offset)
    removed.push({text: textOf(node).trim(), reason, position: place(start, end)})
    decisions.push({pass: 'page', kind: 'removed', start, end, reason})
  })

  const {document} = parseHTML(toHtml(marked))
  const article = new Readability(document as unknown as Document, {serializer: (node) => node, keepClasses: false}).parse() as
    | {content: unknown; title?: string | null; byline?: string | null; publishedTime?: string | null}
    | null
  const root = (article?.content as DomNode | undefined) ?? (document.body as unknown as DomNode | undefined)

  // The article as text, each piece remembering its input offset.
  const pieces: Piece[] = []
  let derived = text.slice(0, pageStart)
  pieces.push({derived: 0, source: 0, length: pageStart, sourceEnd: pageStart})
  const used = new Set<number>()
  // Input offset just after the last text written: where text Readability made up is placed.
  let cursor = pageStart
  const visible = [...texts.values()].map((item) => item.node.value).join(' ')
  const metadata = agreed(candidates, article, visible)

  if (metadata.title) {
    write('\n\n', pageStart)
    write(metadata.title.value as string, metadata.title.start, false, metadata.title.end)
    decisions.push({pass: 'page', kind: 'metadata', field: 'title', start: metadata.title.start, end: metadata.title.end, reason: `${metadata.title.from}, agrees with the text`})
  }
  if (root) walk(root)
  const articleEnd = derived.length
  write('\n\n', pageEnd)
  pieces.push({derived: derived.length, source: pageEnd, length: text.length - pageEnd, sourceEnd: text.length})
  derived += text.slice(pageEnd)

  // Text of the page the article left out: grouped into runs between kept text.
  let run: Array<{node: Text; start: number; end: number}> = []
  const flush = () => {
    if (run.length === 0) return
    const start = run[0]!.start
    const end = run.at(-1)!.end
    const value = run.map((item) => item.node.value.trim()).join(' ')
    removed.push({text: value, reason: 'page chrome outside the article', position: place(start, end)})
    decisions.push({pass: 'page', kind: 'removed', start, end, reason: 'page chrome outside the article (Readability)'})
    run = []
  }
  for (const [start, item] of [...texts].sort((a, b) => a[0] - b[0])) {
    if (used.has(start)) flush()
    else if (item.node.value.trim() !== '') run.push(item)
  }
  flush()
  for (const field of ['authors', 'date', 'organization'] as const) {
    const item = metadata[field]
    if (item) decisions.push({pass: 'page', kind: 'metadata', field, start: item.start, end: item.end, reason: `${item.from}, agrees with the text`})
  }
  decisions.push({pass: 'page', kind: 'region', field: 'body', start: pageStart, end: pageEnd, reason: article ? 'article found by Readability' : 'no article found: the whole body'})

  return {text: derived, finish}

  function finish(result: Root): Root {
    const brief = briefOf(file, 'text')
    const map = (offset: number, end = false) => toSource(pieces, offset, end)
    const remap = (position: Position | undefined): Position | undefined => {
      if (!position) return undefined
      const start = map(position.start.offset ?? 0)
      return place(start, Math.max(start, map(position.end.offset ?? position.start.offset ?? 0, true)))
    }

    visit(result, (node) => {
      node.position = remap(node.position)
    })
    for (const item of brief.removed.slice(removedBefore)) item.position = remap(item.position)
    for (const message of file.messages.slice(messagesBefore)) {
      const placed = message.place
      if (!placed) continue
      message.place = 'start' in placed ? remap(placed) : place(map(placed.offset ?? 0), map(placed.offset ?? 0)).start
      const start = 'start' in message.place! ? message.place.start : message.place!
      message.line = start.line
      message.column = start.column
    }
    brief.removed.unshift(...removed)
    if (metadata.title) brief.title = metadata.title.value as string
    if (metadata.authors) brief.authors = (metadata.authors.value as string[]).map((name): BriefAuthor => ({name}))
    if (metadata.date) brief.date = metadata.date.value as string
    // The publisher named by the page, unless an archive record already said who published it.
    if (metadata.organization && !brief.organization) brief.organization = metadata.organization.value as string

    const inner = file.data.recognition
    const trace = traceOf(file, text)
    if (inner && inner !== trace && inner.text === derived) {
      for (const decision of inner.decisions) trace.decisions.push({...decision, start: map(decision.start), end: Math.max(map(decision.start), map(decision.end, true))})
    }
    trace.decisions.unshift(...decisions)
    report(file, `Unexpected whole web page (HTML document), expected article text; read its article${article ? ' (Readability)' : ''} and its metadata, ${removed.length} stretches of page chrome removed`, {
      ruleId: 'web-page',
      severity: 'info',
      place: place(pageStart, pageEnd),
      data: {article: Boolean(article), removed: removed.length, text: articleEnd}
    })
    return result
  }

  function pointAt(offset: number) {
    const clamped = Math.min(Math.max(offset, 0), text.length)
    const point = source.toPoint(clamped) ?? {line: 1, column: 1}
    return {line: point.line, column: point.column, offset: clamped}
  }

  /** Append `value` to the derived text; `from` is its input offset (one to one unless `exact` is false). */
  function write(value: string, from: number, exact = true, fromEnd?: number) {
    if (value === '') return
    const source = from >= 0 ? from : cursor
    pieces.push({derived: derived.length, source, length: exact ? value.length : 0, sourceEnd: exact ? source + value.length : Math.max(source, fromEnd ?? source)})
    derived += value
    cursor = source + (exact ? value.length : 0)
  }

  function breakBlock(from: number) {
    if (derived.length === 0 || derived.endsWith('\n\n')) return
    write(derived.endsWith('\n') ? '\n' : '\n\n', from, false)
  }

  /** Input offset of the first wrapped text inside `node`, or the page start. */
  function firstOffset(node: DomNode): number {
    if (node.nodeType === 1 && node.getAttribute?.('data-brief-at')) return Number(node.getAttribute('data-brief-at'))
    for (const child of node.childNodes ?? []) {
      const found = firstOffset(child)
      if (found >= 0) return found
    }
    return -1
  }

  function walk(node: DomNode, list?: {ordered: boolean; index: number}) {
    for (const child of node.childNodes ?? []) {
      if (child.nodeType === 3) {
        const value = (child.nodeValue ?? '').replace(/\s+/g, ' ')
        if (value.trim() !== '') write(derived.endsWith('\n') || derived === '' ? value.trimStart() : value, -1, false)
        continue
      }
      if (child.nodeType !== 1) continue
      const name = child.localName ?? ''
      const from = Math.max(firstOffset(child), pageStart)
      const offset = child.getAttribute?.('data-brief-at')
      if (offset) {
        const start = Number(offset)
        used.add(start)
        const value = (child.textContent ?? '').replace(/\s+/g, ' ')
        const item = texts.get(start)!
        // Decoded entities make a node's text shorter than its source: map it one to one only when the lengths agree.
        const trimmed = derived.endsWith('\n') || derived === '' ? value.trimStart() : value
        if (trimmed.trim() !== '') write(trimmed, start + (value.length - trimmed.length), item.end - item.start === value.length, item.end)
        cursor = item.end
        continue
      }
      if (skipped.has(name)) continue
      if (name === 'br') {
        write('\n', from, false)
        continue
      }
      if (name === 'sup' && /^\s*\[?\d{1,3}\]?\s*$/.test(child.textContent ?? '')) {
        const digits = collectTexts(child).map((item) => texts.get(Number(item.getAttribute?.('data-brief-at'))))
        write(`<sup>${(child.textContent ?? '').replace(/\D/g, '')}</sup>`, from, false, digits.at(-1)?.end)
        markUsed(child)
        continue
      }
      // A note's link back to its marker (`↩`) is page furniture.
      if (name === 'a' && /^#/.test(child.getAttribute?.('href') ?? '') && /^[\s↩↑^\uFE0E\uFE0F]+$/.test(child.textContent ?? '')) {
        markUsed(child)
        continue
      }
      if (name === 'table') {
        breakBlock(from)
        writeTable(child)
        breakBlock(from)
        continue
      }
      const block = blocks.has(name)
      if (block) breakBlock(from)
      if (/^h[1-6]$/.test(name)) write('#'.repeat(Number(name[1])) + ' ', from, false)
      if (name === 'li') {
        if (!derived.endsWith('\n') && derived !== '') write('\n', from, false)
        write(list?.ordered ? `${list.index++}. ` : '- ', from, false)
      }
      const href = name === 'a' ? child.getAttribute?.('href') ?? '' : ''
      if (/^https?:\/\//i.test(href) && (child.textContent ?? '').trim() !== '') {
        write('[', from, false)
        walk(child)
        write(`](${href.replace(/[()\s]/g, encodeURIComponent)})`, from, false)
        continue
      }
      if (name === 'ol' || name === 'ul') {
        const start = Number(child.getAttribute?.('start') ?? '1')
        walk(child, {ordered: name === 'ol', index: Number.isFinite(start) ? start : 1})
        breakBlock(from)
        continue
      }
      walk(child, name === 'li' ? undefined : list)
      if (block && name !== 'li') breakBlock(from)
    }
  }

  function markUsed(node: DomNode) {
    for (const item of collectTexts(node)) used.add(Number(item.getAttribute?.('data-brief-at')))
  }

  /** A table as plain `<table>` markup, one row a line, for the tables pass. */
  function writeTable(table: DomNode) {
    write('<table>\n', firstOffset(table), false)
    const rows: DomNode[] = []
    const collect = (node: DomNode) => {
      for (const child of node.childNodes ?? []) {
        if (child.localName === 'tr') rows.push(child)
        else if (child.localName !== 'table' && child.nodeType === 1) collect(child)
      }
    }
    collect(table)
    for (const row of rows) {
      write('<tr>', firstOffset(row), false)
      for (const cell of row.childNodes ?? []) {
        if (cell.localName !== 'td' && cell.localName !== 'th') continue
        write(`<${cell.localName}>`, firstOffset(cell), false)
        for (const item of collectTexts(cell)) {
          const start = Number(item.getAttribute?.('data-brief-at'))
          used.add(start)
          write((item.textContent ?? '').replace(/\s+/g, ' ').replace(/</g, '&lt;'), start, false, texts.get(start)?.end)
        }
        write(`</${cell.localName}>`, firstOffset(cell), false)
      }
      write('</tr>\n', firstOffset(row), false)
    }
    write('</table>', firstOffset(table), false)
  }
}

/** The DOM surface we read from linkedom (typed loosely: linkedom's own types are partial). */
interface DomNode {
  nodeType: number
  nodeValue?: string | null
  localName?: string
  textContent?: string | null
  childNodes?: ArrayLike<DomNode> & Iterable<DomNode>
  getAttribute?: (name: string) => string | null
}

function collectTexts(node: DomNode, into: DomNode[] = []): DomNode[] {
  for (const child of node.childNodes ?? []) {
    if (child.nodeType === 1 && child.getAttribute?.('data-brief-at')) into.push(child)
    else if (child.nodeType === 1) collectTexts(child, into)
  }
  return into
}

/** Input offset of a derived offset; an `end` (exclusive) belongs to the piece before it. */
function toSource(pieces: Piece[], offset: number, end = false): number {
  let low = 0
  let high = pieces.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (end ? pieces[middle]!.derived < offset : pieces[middle]!.derived <= offset) low = middle
    else high = middle - 1
  }
  const piece = pieces[low]!
  if (end && piece.length === 0 && offset > piece.derived) return piece.sourceEnd
  return piece.source + Math.min(offset - piece.derived, piece.length)
}

function textOf(node: ElementContent | HastRoot): string {
  if (node.type === 'text') return node.value
  if ('children' in node) return node.children.map((child) => textOf(child as ElementContent)).join('')
  return ''
}

/**
 * A copy of the page where every visible text node is a `<span data-brief-at>`
 * holding its input offset; scripts, styles and the head are left out (and
 * reported through `drop`).
 */
function markTexts(
  tree: HastRoot,
  at: (offset: number | undefined) => number,
  texts: Map<number, {node: Text; start: number; end: number}>,
  drop: (node: Element, reason: string) => void
): HastRoot {
  const copy = (node: ElementContent, inBody: boolean): ElementContent | undefined => {
    if (node.type === 'text') {
      if (!inBody || node.value.trim() === '' || !node.position) return node
      const start = at(node.position.start.offset)
      texts.set(start, {node, start, end: at(node.position.end.offset)})
      return {type: 'element', tagName: 'span', properties: {dataBriefAt: String(start)}, children: [{type: 'text', value: node.value}]}
    }
    if (node.type !== 'element') return undefined
    if (node.tagName === 'head') {
      drop(node, 'page head (its title and metadata are read where they agree with the text)')
      return undefined
    }
    if (node.tagName === 'script' || node.tagName === 'style' || node.tagName === 'noscript' || node.tagName === 'template') {
      if (inBody) drop(node, node.tagName === 'style' ? 'style sheet of the page' : `${node.tagName} of the page (never run)`)
      return undefined
    }
    const body = inBody || node.tagName === 'body'
    const children = node.children.map((child) => copy(child, body)).filter((child): child is ElementContent => child !== undefined)
    return {...node, properties: {...node.properties}, children}
  }
  const children = tree.children.map((child) => (child.type === 'doctype' || child.type === 'comment' ? undefined : copy(child as ElementContent, false)))
  return {type: 'root', children: children.filter((child): child is ElementContent => child !== undefined)}
}

/** Title, authors and date as the page's metadata states them: meta tags and JSON-LD, in order of trust. */
function readMetadata(tree: HastRoot, at: (offset: number | undefined) => number): MetaCandidate[] {
  const found: MetaCandidate[] = []
  const fields: Record<string, MetaCandidate['field']> = {
    citation_title: 'title',
    'dc.title': 'title',
    'og:title': 'title',
    'twitter:title': 'title',
    citation_author: 'authors',
    'dc.creator': 'authors',
    author: 'authors',
    'parsely-author': 'authors',
    citation_publisher: 'organization',
    'og:site_name': 'organization',
    citation_publication_date: 'date',
    citation_date: 'date',
    'article:published_time': 'date',
    'dc.date': 'date',
    'parsely-pub-date': 'date',
    date: 'date'
  }
  visit(tree, 'element', (node: Element) => {
    const start = at(node.position?.start.offset)
    const end = at(node.position?.end.offset)
    if (node.tagName === 'meta') {
      const key = String(node.properties.name ?? node.properties.property ?? node.properties.itemProp ?? '').toLowerCase()
      const content = String(node.properties.content ?? '').trim()
      const field = fields[key]
      if (field && content) found.push({field, value: field === 'authors' ? [content] : content, from: `meta ${key}`, start, end})
    } else if (node.tagName === 'title') {
      const value = textOf(node).trim()
      if (value) found.push({field: 'title', value, from: 'the page title', start, end})
    } else if (node.tagName === 'script' && String(node.properties.type ?? '').toLowerCase() === 'application/ld+json') {
      for (const item of jsonLd(textOf(node))) {
        const headline = typeof item.headline === 'string' ? item.headline : typeof item.name === 'string' ? item.name : undefined
        if (headline) found.push({field: 'title', value: headline.trim(), from: 'JSON-LD headline', start, end})
        const authors = personNames(item.author)
        if (authors.length > 0) found.push({field: 'authors', value: authors, from: 'JSON-LD author', start, end})
        if (typeof item.datePublished === 'string') found.push({field: 'date', value: item.datePublished, from: 'JSON-LD datePublished', start, end})
        const publisher = item.publisher as {name?: unknown} | undefined
        if (publisher && typeof publisher.name === 'string') found.push({field: 'organization', value: publisher.name.trim(), from: 'JSON-LD publisher', start, end})
      }
    }
  })
  // Several `citation_author` tags are one list.
  const authorTags = found.filter((item) => item.from === 'meta citation_author')
  if (authorTags.length > 1) {
    const merged: MetaCandidate = {...authorTags[0]!, value: authorTags.flatMap((item) => item.value as string[]), end: authorTags.at(-1)!.end}
    return [merged, ...found.filter((item) => !authorTags.includes(item))].sort((a, b) => trust(a.from) - trust(b.from))
  }
  return found.sort((a, b) => trust(a.from) - trust(b.from))
}

function trust(from: string): number {
  if (from.startsWith('meta citation')) return 0
  if (from.startsWith('JSON-LD')) return 1
  if (from.startsWith('meta')) return 2
  return 3
}

/** The article-like objects of a JSON-LD script: parsed as data (never evaluated); bad JSON gives nothing. */
function jsonLd(value: string): Array<Record<string, unknown>> {
  let data: unknown
  try {
    data = JSON.parse(value)
  } catch {
    return []
  }
  const found: Array<Record<string, unknown>> = []
  const stack = [data]
  while (stack.length > 0 && found.length < 50) {
    const item = stack.pop()
    if (Array.isArray(item)) stack.push(...item)
    else if (item && typeof item === 'object') {
      const object = item as Record<string, unknown>
      const type = ([] as unknown[]).concat(object['@type'] ?? [])
      if (type.some((name) => typeof name === 'string' && articleTypes.test(name))) found.push(object)
      if (object['@graph']) stack.push(object['@graph'])
    }
  }
  return found
}

function personNames(value: unknown): string[] {
  return ([] as unknown[])
    .concat(value ?? [])
    .flatMap((item) => {
      if (typeof item === 'string') return [item]
      if (item && typeof item === 'object') {
        const object = item as Record<string, unknown>
        if (object['@type'] === 'Organization') return []
        if (typeof object.name === 'string') return [object.name]
      }
      return []
    })
    .map((name) => name.trim())
    .filter(Boolean)
}

/** Text compared after NFKC, quote, dash, case and space normalizing. */
function normal(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/[“”„]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** `Last, First` ▶ `First Last`; other names as written. */
function personName(name: string): string {
  const parts = /^([^,]+),\s*([^,]+)$/.exec(name.trim())
  return parts && !/\b(?:jr|sr|phd|md|ii|iii)\b/i.test(parts[2]!) ? `${parts[2]} ${parts[1]}` : name.trim()
}

/**
 * The first candidate of each field that the page's visible text confirms:
 * a title (or its part before a ` | Site` suffix) that the text contains,
 * authors whose names the text contains, a date whose year, month and day
 * stand together in the text.
 */
function agreed(candidates: MetaCandidate[], article: {title?: string | null; byline?: string | null} | null, visible: string) {
  const text = normal(visible)
  const words = ` ${text} `
  const contains = (value: string) => normal(value).length > 0 && words.includes(` ${normal(value)} `)
  const extra: MetaCandidate[] = []
  if (article?.title) extra.push({field: 'title', value: article.title, from: 'Readability title', start: 0, end: 0})
  const result: Partial<Record<MetaCandidate['field'], MetaCandidate>> = {}

  for (const item of [...candidates, ...extra]) {
    if (result[item.field]) continue
    if (item.field === 'title') {
      const whole = item.value as string
      const parts = [whole, ...whole.split(/\s+[|–—-]\s+|\s+::\s+/)].filter((part) => part.split(/\s+/).length >= 2)
      const title = parts.find(contains)
      if (title) result.title = {...item, value: title.trim()}
    } else if (item.field === 'authors') {
      const names = (item.value as string[])
        .flatMap((value) => value.split(/\s*(?:;|\band\b|&)\s*/))
        .map(personName)
        .filter((name) => name.length > 2 && contains(name))
      if (names.length > 0) result.authors = {...item, value: [...new Set(names)]}
    } else if (item.field === 'organization') {
      if (contains(item.value as string)) result.organization = item
    } else {
      const date = dateAgrees(item.value as string, text)
      if (date) result.date = {...item, value: date}
    }
  }
  return result
}

/** An ISO date (`2024-05-03…`) or a written one the text also gives (`May 3, 2024`, `3 May 2024`, `2024-05-03`): its ISO day. */
function dateAgrees(value: string, text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim()) ?? undefined
  const parsed = iso ? undefined : parseDateLine(value.trim())
  const day = iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : typeof parsed === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(parsed) ? parsed : undefined
  if (!day) return undefined
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  if (text.includes(`${year} ${String(month).padStart(2, '0')} ${String(date).padStart(2, '0')}`)) return day
  const name = months[month - 1]!
  const written = new RegExp(`\\b${name}[a-z]* 0?${date} ${year}\\b|\\b0?${date} ${name}[a-z]* ${year}\\b`)
  return written.test(text) ? day : undefined
}
