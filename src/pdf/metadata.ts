/**
 * The metadata pass: the document information and language that Chromium
 * cannot set, and reproducible bytes (no clock, no random ids).
 */
import {createHash} from 'node:crypto'
import {deflateSync} from 'node:zlib'
import type * as PdfLib from 'pdf-lib'
import type {PDFObject} from 'pdf-lib'
import type {Nodes as MdastNodes} from 'mdast'
import {fromMarkdown} from 'mdast-util-from-markdown'
import {toString} from 'mdast-util-to-string'
import {importOptional} from '../optional.js'

// An optional peer (remark-brief-print brings it): loaded with this module, never by the plugins.
const {PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString} = await importOptional<typeof PdfLib>('pdf-lib')
type PDFArray = PdfLib.PDFArray
type PDFDict = PdfLib.PDFDict
type PDFDocument = PdfLib.PDFDocument
type PDFRef = PdfLib.PDFRef
import {contentText, streamText} from './content-text.js'
import {pdfLinkTarget} from './links.js'

export interface PdfMetadata {
  title: string
  authors: string[]
  /** The brief's summary, as Markdown (front matter and the recognizer write it so): the Subject gets its plain text (`plainSubject`). */
  subject?: string
  keywords?: string[]
  /** BCP 47 tag, written as the catalog's `/Lang`. */
  lang: string
  /** Publication date (ISO 8601 preferred, else as written); the creation date. */
  date?: string
}

export interface MetadataOptions {
  /**
   * The document's headings as written (`h1`–`h6` text, in order). Chromium
   * names a bookmark after the heading's printed lines: it drops the space
   * where a heading wraps (`Articlequestioning`) and takes `text-transform`
   * (`NOTES`). Bookmarks whose title matches a heading but for spacing, soft
   * hyphens and case get the heading's text back.
   */
  headings?: string[]
  /**
   * The document's headings with their level, in order (`h1` = 1). When
   * given, the outline is rebuilt from them: one bookmark per heading, nested
   * by level, titled with the heading's text, pointing where Chromium's own
   * bookmark for it points. Chromium doubles a heading that starts a page and
   * glues wrapped lines; this replaces its titles and structure, not its
   * destinations.
   */
  outline?: Array<{level: number; text: string}>
  /**
   * Seconds since the epoch, as in `SOURCE_DATE_EPOCH`; the modification
   * date, and the creation date when the brief has no date. Default:
   * `process.env.SOURCE_DATE_EPOCH`.
   */
  sourceDateEpoch?: string | number
  /**
   * The hrefs of the brief's relative links as written, by placeholder
   * number (`markRelativeLinks` in `links.ts`): each placeholder link gets
   * its relative reference back, or becomes text.
   */
  relativeLinks?: readonly string[]
  /**
   * Also read the finished document's text from its content streams
   * (`contentText`), for the post-print check; default `false`.
   */
  readText?: boolean
}

export const creator = 'remark-brief'

/**
 * Rewrite the document information of a PDF printed by Chromium. The same
 * input bytes and metadata always give the same output bytes: Chromium's
 * clock dates are dropped and the file id is a hash of the content.
 */
export async function setPdfMetadata(pdf: Uint8Array, metadata: PdfMetadata, options: MetadataOptions = {}): Promise<Uint8Array> {
  return (await finishPdf(pdf, metadata, options)).pdf
}

/**
 * `setPdfMetadata`, also giving the page count (the document is parsed once)
 * and, with `readText`, the text as printed (`undefined` when the document is
 * not in the shape `contentText` reads).
 */
/**
 * A summary's Markdown as the one line of plain text a Subject field holds:
 * the text of its paragraphs (headings, list items, quotes, code) joined by
 * spaces, without the syntax (`*`, `[…](…)`, `` ` ``). Images are left out
 * (a picture is no part of a summary's text); raw HTML stays the characters
 * it is, as the summary box prints it.
 */
export function plainSubject(markdown: string): string {
  const blocks: string[] = []
  const collect = (node: MdastNodes): void => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'code' || node.type === 'html' || node.type === 'tableCell') {
      blocks.push(toString(node, {includeImageAlt: false}))
      return
    }
    if ('children' in node) for (const child of node.children) collect(child)
  }
  collect(fromMarkdown(markdown))
  return blocks
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ')
}

export async function finishPdf(pdf: Uint8Array | PDFDocument, metadata: PdfMetadata, options: MetadataOptions = {}): Promise<{pdf: Uint8Array; pages: number; text?: string}> {
  const document = pdf instanceof Uint8Array ? await loadPrinted(pdf) : pdf
  const context = document.context
  const producer = chromiumProducer(document)

  // Replace Chromium's information dictionary (it holds the clock's dates) by a fresh one.
  const oldInfo = context.trailerInfo.Info
  if (oldInfo instanceof PDFRef) context.delete(oldInfo)
  context.trailerInfo.Info = context.register(context.obj({}))

  document.setTitle(metadata.title, {showInWindowTitleBar: true})
  if (metadata.authors.length > 0) document.setAuthor(metadata.authors.join('; '))
  const subject = metadata.subject ? plainSubject(metadata.subject) : ''
  if (subject) document.setSubject(subject)
  if (metadata.keywords && metadata.keywords.length > 0) document.setKeywords([metadata.keywords.join(', ')])
  document.setCreator(creator)
  document.setProducer(producer ? `${creator} (${producer}, pdf-lib)` : `${creator} (pdf-lib)`)

  const epoch = epochDate(options.sourceDateEpoch ?? process.env.SOURCE_DATE_EPOCH)
  const created = parseBriefDate(metadata.date) ?? epoch
  const modified = epoch ?? created
  if (created) document.setCreationDate(created)
  if (modified) document.setModificationDate(modified)

  document.catalog.set(PDFName.of('Lang'), PDFString.of(metadata.lang || 'en'))
  if (options.outline) rebuildOutline(document, options.outline)
  else if (options.headings) restoreOutlineTitles(document, options.headings)
  dropSoftHyphens(document)
  dropUnsafeLinks(document, options.relativeLinks)
  // The text as the reader will see it: soft hyphen spans gone, ToUnicode maps fixed.
  const text = options.readText ? contentText(document) : undefined

  // A content-derived file id: identical documents get identical ids. One
  // save (it is most of this pass): the id is written as a placeholder of the
  // same length, the digest taken over those bytes, then written in place.
  const placeholder = PDFHexString.of(idPlaceholder)
  context.trailerInfo.ID = PDFArray.withContext(context)
  ;(context.trailerInfo.ID as PDFArray).push(placeholder)
  ;(context.trailerInfo.ID as PDFArray).push(placeholder)
  const bytes = await document.save({useObjectStreams: true, updateFieldAppearances: false, objectsPerTick: Number.POSITIVE_INFINITY})
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, idPlaceholder.length)
  const finished: {pdf: Uint8Array; pages: number; text?: string} = {pdf: writeId(bytes, digest), pages: document.getPageCount()}
  if (text !== undefined) finished.text = text
  return finished
}

/** Parse a printed PDF for the metadata pass (which changes the document it is given). */
export function loadPrinted(pdf: Uint8Array): Promise<PDFDocument> {
  // All objects in one go: no yielding to the event loop every 100 objects (this runs in a worker thread).
  return PDFDocument.load(pdf, {updateMetadata: false, parseSpeed: Number.POSITIVE_INFINITY})
}

/** 32 hex digits, as long as the digest that replaces it. */
export const idPlaceholder = '0'.repeat(32)

/**
 * Overwrite the two placeholder ids of the trailer with `digest`. The
 * trailer (or cross-reference stream dictionary) is written last and never
 * compressed, so the last two occurrences are the trailer's; lengths are
 * equal, so no offset moves.
 */
export function writeId(bytes: Uint8Array, digest: string): Uint8Array {
  const needle = new TextEncoder().encode(`<${idPlaceholder}>`)
  const replacement = new TextEncoder().encode(`<${digest}>`)
  let end = bytes.length
  for (let found = 0; found < 2; found++) {
    const at = lastIndexOf(bytes, needle, end)
    if (at < 0) throw new Error('Unexpected PDF without a trailer id, expected pdf-lib to write one')
    bytes.set(replacement, at)
    end = at
  }
  return bytes
}

function lastIndexOf(haystack: Uint8Array, needle: Uint8Array, end: number): number {
  search: for (let at = end - needle.length; at >= 0; at--) {
    for (let index = 0; index < needle.length; index++) if (haystack[at + index] !== needle[index]) continue search
    return at
  }
  return -1
}

function chromiumProducer(document: PDFDocument): string | undefined {
  const info = document.context.lookup(document.context.trailerInfo.Info)
  if (!(info instanceof PDFDict)) return undefined
  const value = info.get(PDFName.of('Producer'))
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined
}

/** `SOURCE_DATE_EPOCH` (seconds) as a date, or `undefined` when unset or not a number. */
export function epochDate(value: string | number | undefined): Date | undefined {
  if (value === undefined || value === '') return undefined
  const seconds = Number(value)
  return Number.isFinite(seconds) ? new Date(Math.trunc(seconds) * 1000) : undefined
}

/**
 * A brief's date as a UTC date: ISO 8601 (`2022-01-10`, `2022-01`, `2022`,
 * or a full timestamp) or an English date as written (`10 January 2022`).
 * Never the local time zone, so every machine writes the same bytes.
 */
export function parseBriefDate(value: string | undefined): Date | undefined {
  if (!value) return undefined
  const text = value.trim()
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text)
  if (iso) {
    const date = new Date(Date.UTC(Number(iso[1]), Number(iso[2] ?? 1) - 1, Number(iso[3] ?? 1)))
    return Number.isNaN(date.getTime()) ? undefined : date
  }
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : Date.parse(`${text} UTC`)
  return Number.isFinite(zoned) ? new Date(zoned) : undefined
}

/** Give bookmarks the spacing of the headings they come from (see `MetadataOptions.headings`). */
function restoreOutlineTitles(document: PDFDocument, headings: string[]): void {
  const bySquashed = new Map<string, string>()
  for (const heading of headings) {
    const text = heading.replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim()
    if (text) bySquashed.set(squash(text), text)
  }
  const outlines = document.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)
  const seen = new Set<PDFDict>()
  const visit = (first: PDFDict | undefined) => {
    for (let item = first; item && !seen.has(item); item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      seen.add(item)
      const title = item.lookup(PDFName.of('Title'))
      if (title instanceof PDFString || title instanceof PDFHexString) {
        const heading = bySquashed.get(squash(title.decodeText()))
        if (heading !== undefined) item.set(PDFName.of('Title'), PDFHexString.fromText(heading))
      }
      visit(item.lookupMaybe(PDFName.of('First'), PDFDict))
    }
  }
  visit(outlines?.lookupMaybe(PDFName.of('First'), PDFDict))
}

/** Text compared without spacing, soft hyphens or case (`text-transform` changes what Chromium sees). */
export function squash(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u00AD]+/g, '').toLowerCase()
}

/** Action types a reader runs without a URL to show first: never kept. */
export const unsafeActions = new Set(['/JavaScript', '/Launch', '/SubmitForm', '/ImportData', '/ResetForm', '/Rendition', '/GoToE', '/GoToR'])

/**
 * Remove link annotations that would run code, open local files or point at
 * the internal origin or this machine in a PDF reader, and give relative
 * links their reference as written (`pdfLinkTarget` in `links.ts`). Chromium
 * turns every `<a href>` into a link, whatever its scheme, resolved against
 * the synthetic origin; the sanitiser upstream should already have dropped
 * links with other schemes.
 */
function dropUnsafeLinks(document: PDFDocument, relativeLinks: readonly string[] = []): void {
  for (const page of document.getPages()) {
    const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)
    if (!annotations) continue
    for (let index = annotations.size() - 1; index >= 0; index--) {
      const annotation = annotations.lookupMaybe(index, PDFDict)
      if (annotation && !keepAnnotation(annotation, relativeLinks)) {
        const ref = annotations.get(index)
        annotations.remove(index)
        if (ref instanceof PDFRef) document.context.delete(ref)
      }
    }
  }
}

/** Whether a link annotation stays; a URI it keeps is rewritten in place when it changes. */
function keepAnnotation(annotation: PDFDict, relativeLinks: readonly string[]): boolean {
  const action = annotation.lookupMaybe(PDFName.of('A'), PDFDict)
  if (!action) return true
  const type = String(action.get(PDFName.of('S')))
  if (unsafeActions.has(type)) return false
  if (type !== '/URI') return true
  const uri: PDFObject | undefined = action.lookup(PDFName.of('URI'))
  const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : ''
  const target = pdfLinkTarget(text, relativeLinks)
  if (target === undefined) return false
  // A hex string: the target is 7-bit ASCII, and brackets or backslashes in it need no escaping.
  if (target !== text) action.set(PDFName.of('URI'), PDFHexString.of(Buffer.from(target, 'latin1').toString('hex')))
  return true
}

/**
 * Chromium writes every soft hyphen of the HTML into the text layer: an
 * invisible space glyph in a `/Span <</ActualText <FEFF00AD>>> BDC … EMC`
 * (so copying gives `No\u00ADvem\u00ADber`). Remove those spans and their
 * glyph, keeping the text position (`Td`) so nothing moves. A soft hyphen
 * where the line broke is also drawn as a visible hyphen glyph of its own,
 * mapped to U+2010 HYPHEN (a compound's own hyphen is U+002D): that stays,
 * and a reader joins `Novem‐⏎ber` into the whole word.
 */
export function dropSoftHyphens(document: PDFDocument): number {
  let removed = 0
  for (const page of document.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'))
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents]
    for (const ref of refs) {
      if (!(ref instanceof PDFRef)) continue
      const stream = document.context.lookup(ref)
      if (!(stream instanceof PDFRawStream)) continue
      const text = streamText(stream)
      if (!text.includes('FEFF00AD')) continue
      let count = 0
      const cleaned = text.replace(softHyphenSpan, (_span, position: string | undefined) => {
        count++
        return position ?? ''
      })
      if (count === 0) continue
      removed += count
      document.context.assign(ref, flateStream(document, cleaned))
    }
  }
  // ToUnicode maps: no glyph named U+00AD (a font's own soft-hyphen glyph drawn at a line end), quotes as quotes.
  for (const [ref, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    const dictionary = object.dict
    // Not a CMap: images, forms, fonts' own programs (`/Length1`…, the largest streams).
    if (['Subtype', 'Type', 'Length1', 'Length2', 'Length3'].some((key) => dictionary.has(PDFName.of(key)))) continue
    let text: string
    try {
      text = streamText(object)
    } catch {
      continue
    }
    if (!text.includes('begincmap')) continue
    const mapped = fixToUnicode(text)
    if (mapped !== undefined) {
      removed++
      document.context.assign(ref, flateStream(document, mapped))
    }
  }
  return removed
}


/** A Flate stream of `text` (Latin-1), compressed by Node's zlib: deterministic for the same zlib. */
function flateStream(document: PDFDocument, text: string): PdfLib.PDFRawStream {
  return document.context.stream(deflateSync(Buffer.from(text, 'latin1')), {Filter: 'FlateDecode'})
}

/**
 * Characters a ToUnicode map should not name, and what the glyph stands for
 * in a brief: the line-end hyphen drawn with a font's soft-hyphen glyph is a
 * hyphen (U+2010); Source Serif's quote glyphs serve U+2018/U+2019 and the
 * modifier letters U+02BB/U+02BC, and Chromium names the latter, so
 * `China’s` would copy as `Chinaʼs`. Typographer's quotes are meant (the
 * template makes them).
 */
const unicodeFixes = new Map([
  [0x00ad, 0x2010],
  [0x02bb, 0x2018],
  [0x02bc, 0x2019]
])

/** A ToUnicode CMap with `unicodeFixes` applied (ranges that touch them split into single entries), or `undefined` when nothing changes. */
export function fixToUnicode(cmap: string): string | undefined {
  let changed = false
  const singles: string[] = []
  const hex = (value: number, digits: number) => value.toString(16).toUpperCase().padStart(digits, '0')
  let result = cmap.replace(/beginbfchar([\s\S]*?)endbfchar/g, (_block, body: string) => {
    const lines = body.split('\n').map((line) =>
      line.replace(/^(\s*<[\dA-Fa-f]+>\s*)<([\dA-Fa-f]{4})>(\s*)$/, (entry, source: string, target: string, end: string) => {
        const fixed = unicodeFixes.get(Number.parseInt(target, 16))
        if (fixed === undefined) return entry
        changed = true
        return `${source}<${hex(fixed, 4)}>${end}`
      })
    )
    return `beginbfchar${lines.join('\n')}endbfchar`
  })
  result = result.replace(/(\d+)(\s+)beginbfrange([\s\S]*?)endbfrange/g, (block, _count: string, space: string, body: string) => {
    const kept: string[] = []
    let split = false
    for (const line of body.split('\n')) {
      const range = /^\s*<([\dA-Fa-f]+)>\s*<([\dA-Fa-f]+)>\s*<([\dA-Fa-f]{4})>\s*$/.exec(line)
      if (!range) {
        if (line.trim()) kept.push(line)
        continue
      }
      const [low, high, target] = [Number.parseInt(range[1]!, 16), Number.parseInt(range[2]!, 16), Number.parseInt(range[3]!, 16)]
      if (![...unicodeFixes.keys()].some((code) => code >= target && code <= target + high - low)) {
        kept.push(line)
        continue
      }
      changed = true
      split = true
      for (let code = low; code <= high; code++) {
        const unicode = target + code - low
        singles.push(`<${hex(code, range[1]!.length)}> <${hex(unicodeFixes.get(unicode) ?? unicode, 4)}>`)
      }
    }
    if (!split) return block
    return kept.length > 0 ? `${kept.length}${space}beginbfrange\n${kept.join('\n')}\nendbfrange` : ''
  })
  if (!changed) return undefined
  if (singles.length > 0) {
    const blocks: string[] = []
    for (let index = 0; index < singles.length; index += 100) {
      const part = singles.slice(index, index + 100)
      blocks.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar\n`)
    }
    result = result.replace(/endcmap/, `${blocks.join('')}endcmap`)
  }
  return result
}

/** One soft hyphen span as Chromium writes it: text state and position (`Tf`, `Tm`, `Td`, kept), one glyph shown (or none), `EMC`. */
export const softHyphenSpan = /\/Span\s*<<\s*\/ActualText\s*<FEFF00AD>\s*>>\s*BDC\s*((?:(?:\/[^\s/]+\s+-?[\d.]+\s+Tf|(?:-?[\d.]+\s+){6}Tm|-?[\d.]+\s+-?[\d.]+\s+Td)\s+)*)(?:<[\dA-Fa-f]*>\s*Tj|\[[^\]]*\]\s*TJ)?\s*EMC\s*/g

interface OutlineEntry {
  title: string
  level: number
  destination: PDFObject
}

/**
 * Replace Chromium's outline by one built from the headings (see
 * `MetadataOptions.outline`). Each heading takes the destination of the next
 * Chromium bookmark whose title is the heading's (ignoring spacing, case,
 * soft hyphens, and a title doubled at a page top). A heading Chromium has no
 * bookmark for has no page to point at and is left out. A section heading
 * that repeats the title's words is a heading of its own, with a bookmark of
 * its own (Chromium's doubled title is one bookmark, `key + key`).
 */
function rebuildOutline(document: PDFDocument, headings: Array<{level: number; text: string}>): void {
  const context = document.context
  const outlines = document.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)
  if (!outlines) return
  const printed: Array<{key: string; destination: PDFObject; ref?: PDFRef}> = []
  const seen = new Set<PDFDict>()
  const collect = (firstRef: PDFObject | undefined) => {
    let ref = firstRef
    while (ref instanceof PDFRef) {
      const item = context.lookup(ref)
      if (!(item instanceof PDFDict) || seen.has(item)) break
      seen.add(item)
      const title = item.lookup(PDFName.of('Title'))
      const destination = item.get(PDFName.of('Dest')) ?? item.get(PDFName.of('A'))
      if ((title instanceof PDFString || title instanceof PDFHexString) && destination) printed.push({key: squash(title.decodeText()), destination, ref})
      else printed.push({key: '', destination: PDFNull, ref})
      collect(item.get(PDFName.of('First')))
      ref = item.get(PDFName.of('Next'))
    }
  }
  collect(outlines.get(PDFName.of('First')))

  const entries: OutlineEntry[] = []
  let cursor = 0
  for (const heading of headings) {
    const text = heading.text.replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim()
    const key = squash(text)
    if (!key) continue
    let found = printed.findIndex((item, index) => index >= cursor && (item.key === key || item.key === key + key))
    // Chromium's title may lose part of a heading (text in an inline element of another script): take
    // the next bookmark that starts like the heading, a few places ahead at most.
    if (found < 0) found = printed.findIndex((item, index) => index >= cursor && index < cursor + 3 && item.key.length >= 8 && sharedStart(item.key, key) >= 8)
    if (found < 0) continue
    cursor = found + 1
    entries.push({title: text, level: heading.level, destination: printed[found]!.destination})
  }

  for (const item of printed) if (item.ref) context.delete(item.ref)
  writeOutline(document, outlines, entries)
}

const PDFNull = PDFName.of('Null')

export function sharedStart(a: string, b: string): number {
  let length = 0
  while (length < a.length && length < b.length && a[length] === b[length]) length++
  return length
}

/** Write `entries` (in order, with levels) as the outline tree under `outlines`. */
function writeOutline(document: PDFDocument, outlines: PDFDict, entries: OutlineEntry[]): void {
  const context = document.context
  interface Node {
    ref: PDFRef
    dict: PDFDict
    children: Node[]
    level: number
  }
  const root: Node = {ref: context.getObjectRef(outlines) ?? context.register(outlines), dict: outlines, children: [], level: 0}
  const stack: Node[] = [root]
  for (const entry of entries) {
    while (stack.length > 1 && stack.at(-1)!.level >= entry.level) stack.pop()
    const parent = stack.at(-1)!
    const dict = context.obj({}) as PDFDict
    dict.set(PDFName.of('Title'), PDFHexString.fromText(entry.title))
    dict.set(PDFName.of('Parent'), parent.ref)
    dict.set(entry.destination instanceof PDFDict ? PDFName.of('A') : PDFName.of('Dest'), entry.destination)
    const node: Node = {ref: context.register(dict), dict, children: [], level: entry.level}
    parent.children.push(node)
    stack.push(node)
  }
  const link = (node: Node): number => {
    for (const key of ['First', 'Last', 'Count']) node.dict.delete(PDFName.of(key))
    let count = 0
    node.children.forEach((child, index) => {
      if (index > 0) child.dict.set(PDFName.of('Prev'), node.children[index - 1]!.ref)
      if (index < node.children.length - 1) child.dict.set(PDFName.of('Next'), node.children[index + 1]!.ref)
      count += 1 + link(child)
    })
    if (node.children.length > 0) {
      node.dict.set(PDFName.of('First'), node.children[0]!.ref)
      node.dict.set(PDFName.of('Last'), node.children.at(-1)!.ref)
      // Open: every bookmark shows (a positive count), as Chromium's did.
      node.dict.set(PDFName.of('Count'), PDFNumber.of(count))
    }
    return count
  }
  link(root)
}
