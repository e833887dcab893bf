/**
 * The metadata pass and the reprint passes' read on Chromium's bytes as
 * they are (`raw-pdf.ts`): the same changes as `finishPdf` and
 * `readDocument` make through pdf-lib, reading only the objects they touch
 * and writing the rest of the file as Chromium wrote it. A print in another
 * shape throws `RawShapeError`: the caller takes the pdf-lib path.
 */
import {createHash} from 'node:crypto'
import {parseToUnicode, showText} from './content-text.js'
import {linesOf, type PrintedLine} from './hyphen-breaks.js'
import {pdfLinkTarget} from './links.js'
import {creator, epochDate, fixToUnicode, idPlaceholder, parseBriefDate, plainSubject, sharedStart, softHyphenSpan, squash, unsafeActions, writeId, type MetadataOptions, type PdfMetadata} from './metadata.js'
import {textItems, type PrintRead, type PrintWant} from './print-read.js'
import {
  RawShapeError,
  arrayOf,
  atom,
  decodeText,
  dict,
  dictOf,
  hexText,
  isStream,
  name,
  nameBytes,
  object,
  plainString,
  ref,
  resolve,
  streamText,
  writeRaw,
  type RawDict,
  type RawPdf,
  type RawValue,
  type Replacement
} from './raw-pdf.js'

/** Code (2 bytes as a number) ▶ text. */
type UnicodeMap = Map<number, string>

interface RawPage {
  num: number
  dict: RawDict
  resources?: RawDict
}

const utf8 = new TextDecoder()

/** The page objects in order, with their (inherited) resources. */
function pagesOf(pdf: RawPdf): RawPage[] {
  const catalog = catalogOf(pdf)
  const root = catalog.entries.get('/Pages')
  const pages: RawPage[] = []
  const seen = new Set<number>()
  const walk = (value: RawValue | undefined, inherited: RawDict | undefined) => {
    if (value?.kind !== 'ref' || seen.has(value.num) || seen.size > 100_000) throw new RawShapeError('Unexpected page tree')
    seen.add(value.num)
    const node = dictOf(pdf, value)
    if (!node) throw new RawShapeError('Unexpected page tree node')
    const resources = dictOf(pdf, node.entries.get('/Resources')) ?? inherited
    const type = node.entries.get('/Type')
    if (type?.kind === 'name' && type.raw === '/Page') pages.push({num: value.num, dict: node, resources})
    else for (const kid of arrayOf(pdf, node.entries.get('/Kids'))?.items ?? []) walk(kid, resources)
  }
  walk(root, undefined)
  return pages
}

function catalogOf(pdf: RawPdf): RawDict {
  const catalog = dictOf(pdf, pdf.trailer.entries.get('/Root'))
  if (!catalog) throw new RawShapeError('Unexpected catalog')
  return catalog
}

/** The object numbers of a page's content streams. */
function contentsOf(pdf: RawPdf, page: RawPage): number[] {
  const contents = page.dict.entries.get('/Contents')
  if (contents === undefined) return []
  const resolved = resolve(pdf, contents)
  const refs = resolved?.kind === 'array' ? resolved.items : [contents]
  return refs.map((item) => {
    if (item.kind !== 'ref' || !object(pdf, item.num)?.stream) throw new RawShapeError('Unexpected page contents')
    return item.num
  })
}

/**
 * A page's content text and fonts for the readers (`showText`, `textItems`),
 * or `undefined` when a page shows a form XObject (text may sit in one).
 */
function pageSource(pdf: RawPdf, page: RawPage, maps: Map<number | RawDict, UnicodeMap | undefined>, texts: ReadonlyMap<number, string>): {source: string; fonts: Map<string, UnicodeMap | undefined>} | undefined {
  const xObjects = dictOf(pdf, page.resources?.entries.get('/XObject'))
  for (const value of xObjects?.entries.values() ?? []) {
    const found = value.kind === 'ref' ? object(pdf, value.num) : undefined
    const subtype = found?.value.kind === 'dict' ? found.value.entries.get('/Subtype') : undefined
    if (!found?.stream || subtype?.kind !== 'name' || subtype.raw !== '/Image') return undefined
  }
  const fonts = new Map<string, UnicodeMap | undefined>()
  const fontDict = dictOf(pdf, page.resources?.entries.get('/Font'))
  for (const [key, value] of fontDict?.entries ?? []) {
    const font = dictOf(pdf, value)
    const cacheKey = value.kind === 'ref' ? value.num : font
    if (cacheKey === undefined) {
      fonts.set(key, undefined)
      continue
    }
    if (!maps.has(cacheKey)) maps.set(cacheKey, font ? unicodeMapOf(pdf, font, texts) : undefined)
    fonts.set(key, maps.get(cacheKey))
  }
  let source = ''
  for (const number of contentsOf(pdf, page)) {
    const text = texts.get(number) ?? streamText(pdf, number)
    if (text === undefined) throw new RawShapeError('Unexpected content stream filter')
    source += text + '\n'
  }
  return {source, fonts}
}

/** The ToUnicode map of a Type 0 font with Identity-H codes, or `undefined` for any other font. */
function unicodeMapOf(pdf: RawPdf, font: RawDict, texts: ReadonlyMap<number, string>): UnicodeMap | undefined {
  const subtype = font.entries.get('/Subtype')
  const encoding = font.entries.get('/Encoding')
  if (subtype?.kind !== 'name' || subtype.raw !== '/Type0' || encoding?.kind !== 'name' || encoding.raw !== '/Identity-H') return undefined
  const toUnicode = font.entries.get('/ToUnicode')
  if (toUnicode?.kind !== 'ref') return undefined
  const text = texts.get(toUnicode.num) ?? streamText(pdf, toUnicode.num)
  return text === undefined ? undefined : parseToUnicode(text)
}

/** `readDocument` (`print-read.ts`) on the raw print. */
export function readRaw(pdf: RawPdf, want: PrintWant): PrintRead {
  const read: PrintRead = {}
  if (want.lines) read.pages = rawLines(pdf)
  if (want.destinations) read.destinations = rawDestinations(pdf)
  return read
}

function rawLines(pdf: RawPdf): PrintedLine[][] | undefined {
  const maps = new Map<number | RawDict, UnicodeMap | undefined>()
  const pages: PrintedLine[][] = []
  for (const page of pagesOf(pdf)) {
    const content = pageSource(pdf, page, maps, new Map())
    if (!content) return undefined
    const items = textItems(content.source, content.fonts)
    if (!items) return undefined
    pages.push(linesOf(items))
  }
  return pages
}

/** `documentDestinations` (`print-read.ts`) on the raw print. */
function rawDestinations(pdf: RawPdf): Map<string, number> | undefined {
  const pageOf = new Map<number, number>()
  pagesOf(pdf).forEach((page, index) => pageOf.set(page.num, index + 1))
  const found = new Map<string, number>()
  const add = (key: string, value: RawValue | undefined): boolean => {
    const resolved = resolve(pdf, value)
    const destination = resolved?.kind === 'dict' ? resolve(pdf, resolved.entries.get('/D')) : resolved
    if (destination?.kind !== 'array') return false
    const target = destination.items[0]
    const page = target?.kind === 'ref' ? pageOf.get(target.num) : undefined
    if (page === undefined) return false
    found.set(key, page)
    return true
  }
  const catalog = catalogOf(pdf)
  const dests = dictOf(pdf, catalog.entries.get('/Dests'))
  if (dests) {
    // Keys are names: their bytes (Chromium escapes each byte of an id's UTF-8 as `#xx`) read as UTF-8.
    for (const [key, value] of dests.entries) if (!add(utf8.decode(Buffer.from(nameBytes(name(key.slice(1))), 'latin1')), value)) return undefined
    return found
  }
  const tree = dictOf(pdf, dictOf(pdf, catalog.entries.get('/Names'))?.entries.get('/Dests'))
  if (!tree) return undefined
  const nodes: RawDict[] = [tree]
  for (let index = 0; index < nodes.length && index < 10_000; index++) {
    const node = nodes[index]!
    const names = arrayOf(pdf, node.entries.get('/Names'))
    for (let at = 0; names && at + 1 < names.items.length; at += 2) {
      const key = decodeText(resolve(pdf, names.items[at]))
      if (key === undefined || !add(key, names.items[at + 1])) return undefined
    }
    for (const kid of arrayOf(pdf, node.entries.get('/Kids'))?.items ?? []) {
      const child = dictOf(pdf, kid)
      if (child) nodes.push(child)
    }
  }
  return found
}

/**
 * `finishPdf` (`metadata.ts`) on the raw print: a fresh Info dictionary,
 * `/Lang`, the outline rebuilt from the headings, soft hyphen spans and
 * ToUnicode names fixed, unsafe links dropped, then the file written with
 * the untouched objects as Chromium wrote them and a content-derived id.
 * Throws `RawShapeError` for a print not in the shape read here (the only
 * outline change made here is `options.outline`'s; `headings` alone takes
 * the pdf-lib path).
 */
export function finishRaw(pdf: RawPdf, metadata: PdfMetadata, options: MetadataOptions = {}): {pdf: Uint8Array; pages: number; text?: string} {
  if (!options.outline && options.headings) throw new RawShapeError('Unexpected outline without levels')
  const changes = new Map<number, Replacement>()
  // Objects whose parsed value was changed in place: written from it.
  const dirty = new Set<number>()
  let next = pdf.offsets.length
  const add = (value: RawValue): number => {
    const number = next++
    changes.set(number, {value})
    return number
  }
  const rootRef = pdf.trailer.entries.get('/Root')
  if (rootRef?.kind !== 'ref') throw new RawShapeError('Unexpected catalog')
  const catalog = catalogOf(pdf)
  const pages = pagesOf(pdf)

  // Chromium's information dictionary (it holds the clock's dates) replaced by a fresh one.
  const oldInfo = pdf.trailer.entries.get('/Info')
  const producer = decodeText(resolve(pdf, dictOf(pdf, oldInfo)?.entries.get('/Producer')))
  if (oldInfo?.kind === 'ref') changes.set(oldInfo.num, null)
  const info = dict([['/Title', hexText(metadata.title)]])
  if (metadata.authors.length > 0) info.entries.set('/Author', hexText(metadata.authors.join('; ')))
  const subject = metadata.subject ? plainSubject(metadata.subject) : ''
  if (subject) info.entries.set('/Subject', hexText(subject))
  if (metadata.keywords && metadata.keywords.length > 0) info.entries.set('/Keywords', hexText(metadata.keywords.join(', ')))
  info.entries.set('/Creator', hexText(creator))
  // The producer as the pdf-lib path names it, so both paths' files read the same.
  info.entries.set('/Producer', hexText(producer ? `${creator} (${producer}, pdf-lib)` : `${creator} (pdf-lib)`))
  const epoch = epochDate(options.sourceDateEpoch ?? process.env.SOURCE_DATE_EPOCH)
  const created = parseBriefDate(metadata.date) ?? epoch
  const modified = epoch ?? created
  if (created) info.entries.set('/CreationDate', plainString(pdfDate(created)))
  if (modified) info.entries.set('/ModDate', plainString(pdfDate(modified)))
  const infoNumber = add(info)

  // The title in the window's title bar, and the language.
  const preferences = dictOf(pdf, catalog.entries.get('/ViewerPreferences'))
  if (preferences && catalog.entries.get('/ViewerPreferences')?.kind === 'ref') throw new RawShapeError('Unexpected viewer preferences')
  const viewer = preferences ?? dict()
  viewer.entries.set('/DisplayDocTitle', atom(true))
  catalog.entries.set('/ViewerPreferences', viewer)
  catalog.entries.set('/Lang', plainString(escapeLiteral(metadata.lang || 'en')))
  dirty.add(rootRef.num)

  if (options.outline) rebuildRawOutline(pdf, catalog, options.outline, changes, dirty, add)

  // Soft hyphen spans out of the content streams; the texts as written, for the check.
  const texts = new Map<number, string>()
  for (const page of pages) {
    for (const number of contentsOf(pdf, page)) {
      const text = streamText(pdf, number)
      if (text === undefined) throw new RawShapeError('Unexpected content stream filter')
      if (!text.includes('FEFF00AD')) continue
      let count = 0
      const cleaned = text.replace(softHyphenSpan, (_span, position: string | undefined) => {
        count++
        return position ?? ''
      })
      if (count === 0) continue
      texts.set(number, cleaned)
      changes.set(number, {stream: dict(), data: cleaned})
    }
  }
  // ToUnicode maps: every stream that is not an image, form, font program or typed object (as `dropSoftHyphens`).
  for (let number = 1; number < pdf.offsets.length; number++) {
    if (changes.has(number) || !isStream(pdf, number)) continue
    const found = object(pdf, number)!
    if (found.value.kind !== 'dict' || ['/Subtype', '/Type', '/Length1', '/Length2', '/Length3'].some((key) => (found.value as RawDict).entries.has(key))) continue
    const text = streamText(pdf, number)
    if (text === undefined || !text.includes('begincmap')) continue
    const mapped = fixToUnicode(text)
    if (mapped === undefined) continue
    texts.set(number, mapped)
    changes.set(number, {stream: dict(), data: mapped})
  }

  dropRawLinks(pdf, pages, options.relativeLinks ?? [], changes, dirty)

  let text: string | undefined
  if (options.readText) text = rawText(pdf, pages, texts)

  for (const number of dirty) {
    if (changes.has(number)) continue
    const found = object(pdf, number)!
    // Written from its value alone: a stream's data would be lost.
    if (found.stream) throw new RawShapeError('Unexpected stream changed in place')
    changes.set(number, {value: found.value})
  }
  const bytes = writeRaw(pdf, changes, {root: rootRef.num, info: infoNumber})
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, idPlaceholder.length)
  const finished: {pdf: Uint8Array; pages: number; text?: string} = {pdf: writeId(bytes, digest), pages: pages.length}
  if (text !== undefined) finished.text = text
  return finished
}

/** `contentText` (`content-text.ts`) on the raw print, with the content and maps as changed. */
function rawText(pdf: RawPdf, pages: RawPage[], texts: ReadonlyMap<number, string>): string | undefined {
  const maps = new Map<number | RawDict, UnicodeMap | undefined>()
  const result: string[] = []
  for (const page of pages) {
    const content = pageSource(pdf, page, maps, texts)
    if (!content) return undefined
    const text = showText(content.source, content.fonts)
    if (text === undefined) return undefined
    result.push(text)
  }
  return result.join('\n')
}

/** A date as `PDFString.fromDate` writes it. */
function pdfDate(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0')
  return `D:${String(date.getUTCFullYear()).padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`
}

/** A language tag in a literal string: brackets and backslashes escaped. */
function escapeLiteral(text: string): string {
  if (!/^[\x20-\x7E]*$/.test(text)) throw new RawShapeError('Unexpected language tag')
  return text.replace(/[\\()]/g, '\\$&')
}

/** `rebuildOutline` (`metadata.ts`) on the raw print. */
function rebuildRawOutline(pdf: RawPdf, catalog: RawDict, headings: Array<{level: number; text: string}>, changes: Map<number, Replacement>, dirty: Set<number>, add: (value: RawValue) => number): void {
  const outlinesRef = catalog.entries.get('/Outlines')
  if (outlinesRef === undefined) return
  if (outlinesRef.kind !== 'ref') throw new RawShapeError('Unexpected outline root')
  const outlines = dictOf(pdf, outlinesRef)
  if (!outlines) return
  const printed: Array<{key: string; destination?: RawValue; num: number}> = []
  const seen = new Set<number>()
  const collect = (first: RawValue | undefined) => {
    let item = first
    while (item?.kind === 'ref') {
      const entry = dictOf(pdf, item)
      if (!entry || seen.has(item.num)) break
      seen.add(item.num)
      const title = decodeText(resolve(pdf, entry.entries.get('/Title')))
      const destination = entry.entries.get('/Dest') ?? entry.entries.get('/A')
      printed.push(title !== undefined && destination ? {key: squash(title), destination, num: item.num} : {key: '', num: item.num})
      collect(entry.entries.get('/First'))
      item = entry.entries.get('/Next')
    }
  }
  collect(outlines.entries.get('/First'))

  const entries: Array<{title: string; level: number; destination: RawValue}> = []
  let cursor = 0
  for (const heading of headings) {
    const text = heading.text.replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim()
    const key = squash(text)
    if (!key) continue
    let found = printed.findIndex((item, index) => index >= cursor && (item.key === key || item.key === key + key))
    if (found < 0) found = printed.findIndex((item, index) => index >= cursor && index < cursor + 3 && item.key.length >= 8 && sharedStart(item.key, key) >= 8)
    if (found < 0) continue
    cursor = found + 1
    entries.push({title: text, level: heading.level, destination: printed[found]!.destination!})
  }
  for (const item of printed) changes.set(item.num, null)

  interface Node {
    num: number
    dict: RawDict
    children: Node[]
    level: number
  }
  const root: Node = {num: outlinesRef.num, dict: outlines, children: [], level: 0}
  const stack: Node[] = [root]
  for (const entry of entries) {
    while (stack.length > 1 && stack.at(-1)!.level >= entry.level) stack.pop()
    const parent = stack.at(-1)!
    const item = dict([
      ['/Title', hexText(entry.title)],
      ['/Parent', ref(parent.num)],
      [entry.destination.kind === 'dict' ? '/A' : '/Dest', entry.destination]
    ])
    const node: Node = {num: add(item), dict: item, children: [], level: entry.level}
    parent.children.push(node)
    stack.push(node)
  }
  const link = (node: Node): number => {
    for (const key of ['/First', '/Last', '/Count']) node.dict.entries.delete(key)
    let count = 0
    node.children.forEach((child, index) => {
      if (index > 0) child.dict.entries.set('/Prev', ref(node.children[index - 1]!.num))
      if (index < node.children.length - 1) child.dict.entries.set('/Next', ref(node.children[index + 1]!.num))
      count += 1 + link(child)
    })
    if (node.children.length > 0) {
      node.dict.entries.set('/First', ref(node.children[0]!.num))
      node.dict.entries.set('/Last', ref(node.children.at(-1)!.num))
      // Open: every bookmark shows (a positive count), as Chromium's did.
      node.dict.entries.set('/Count', atom(count))
    }
    return count
  }
  link(root)
  dirty.add(outlinesRef.num)
}

/** `dropUnsafeLinks` (`metadata.ts`) on the raw print. */
function dropRawLinks(pdf: RawPdf, pages: RawPage[], relativeLinks: readonly string[], changes: Map<number, Replacement>, dirty: Set<number>): void {
  for (const page of pages) {
    const annotsValue = page.dict.entries.get('/Annots')
    const annotations = arrayOf(pdf, annotsValue)
    if (!annotations) continue
    const holder = annotsValue?.kind === 'ref' ? annotsValue.num : page.num
    for (let index = annotations.items.length - 1; index >= 0; index--) {
      const item = annotations.items[index]!
      const annotation = dictOf(pdf, item)
      if (!annotation) continue
      const actionValue = annotation.entries.get('/A')
      const action = dictOf(pdf, actionValue)
      if (!action) continue
      const type = action.entries.get('/S')
      const typeName = type?.kind === 'name' ? type.raw : String(type === undefined ? 'undefined' : type.kind === 'atom' ? type.raw : '')
      let keep = true
      if (unsafeActions.has(typeName)) keep = false
      else if (typeName === '/URI') {
        const text = decodeText(resolve(pdf, action.entries.get('/URI'))) ?? ''
        const target = pdfLinkTarget(text, relativeLinks)
        if (target === undefined) keep = false
        else if (target !== text) {
          // A hex string: the target is 7-bit ASCII, and brackets or backslashes in it need no escaping.
          const hex = Buffer.from(target, 'latin1').toString('hex')
          action.entries.set('/URI', {kind: 'string', raw: `<${hex}>`, bytes: target})
          dirty.add(actionValue?.kind === 'ref' ? actionValue.num : item.kind === 'ref' ? item.num : holder)
        }
      }
      if (!keep) {
        annotations.items.splice(index, 1)
        if (item.kind === 'ref') changes.set(item.num, null)
        dirty.add(holder)
      }
    }
  }
}
