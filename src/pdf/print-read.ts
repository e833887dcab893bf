/**
 * What the reprint passes need from a first print, read from its content
 * streams with pdf-lib (`readPrint`): the lines of each page with their
 * baselines and sizes (the hyphen pass, `hyphen-breaks.ts`) and the page of
 * each named destination (the contents numbers, `contents.ts`). One parse
 * for both; about a quarter of the CPU time of pdfjs, which parses every
 * embedded font to extract text.
 *
 * Only the shape Chromium (Skia) writes is read, as `content-text.ts` reads
 * it: Type 0 fonts with 2-byte codes and a ToUnicode map, one glyph a `Tj`
 * placed by `Tm`/`Td`, `cm` and `q`/`Q` for the page's transforms, marked
 * content whose `ActualText` (a soft hyphen) replaces its glyphs. Anything
 * else gives `undefined` for that part, and the caller reads it with pdfjs.
 */
import type * as PdfLib from 'pdf-lib'
import {importOptional} from '../optional.js'
import {parseToUnicode, streamText} from './content-text.js'
import {linesOf, type PrintedLine} from './hyphen-breaks.js'

const {PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString} = await importOptional<typeof PdfLib>('pdf-lib')

const utf8 = new TextDecoder()

/** Code (2 bytes as a number) ▶ text. */
type UnicodeMap = Map<number, string>

export interface PrintRead {
  /** Lines of each page, top to bottom; `undefined` when the content streams are not in the shape read here. */
  pages?: PrintedLine[][]
  /** Named destination ▶ 1-based page; `undefined` when the document has none in a shape read here. */
  destinations?: Map<string, number>
}

/** What a reprint pass asks of a print. */
export interface PrintWant {
  lines: boolean
  destinations: boolean
}

/** Parse `pdf` once and read what is asked for. */
export async function readPrint(pdf: Uint8Array, want: PrintWant): Promise<PrintRead> {
  return readDocument(await PDFDocument.load(pdf, {updateMetadata: false, parseSpeed: Number.POSITIVE_INFINITY}), want)
}

/** `readPrint` of a document already parsed (the finish worker's, before its metadata pass changes it). */
export function readDocument(document: PdfLib.PDFDocument, want: PrintWant): PrintRead {
  const read: PrintRead = {}
  if (want.lines) read.pages = documentLines(document)
  if (want.destinations) read.destinations = documentDestinations(document)
  return read
}

/** The lines of every page, or `undefined` when a page is not in the shape read here. */
export function documentLines(document: PdfLib.PDFDocument): PrintedLine[][] | undefined {
  const maps = new Map<PdfLib.PDFRef | PdfLib.PDFDict, UnicodeMap | undefined>()
  const pages: PrintedLine[][] = []
  for (const page of document.getPages()) {
    const resources = page.node.Resources()
    const xObjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict)
    // Text may sit in a form XObject: not read here.
    for (const key of xObjects?.keys() ?? []) {
      const object = xObjects!.lookup(key)
      if (!(object instanceof PDFRawStream) || String(object.dict.get(PDFName.of('Subtype'))) !== '/Image') return undefined
    }
    const fontDict = resources?.lookupMaybe(PDFName.of('Font'), PDFDict)
    const fonts = new Map<string, UnicodeMap | undefined>()
    for (const key of fontDict?.keys() ?? []) {
      const reference = fontDict!.get(key)
      const font = fontDict!.lookup(key)
      const cacheKey = reference instanceof PDFRef ? reference : (font as PdfLib.PDFDict)
      if (!maps.has(cacheKey)) maps.set(cacheKey, font instanceof PDFDict ? unicodeMapOf(font) : undefined)
      fonts.set(key.asString(), maps.get(cacheKey))
    }
    const contents = page.node.get(PDFName.of('Contents'))
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : []
    let source = ''
    for (const ref of refs) {
      const stream = document.context.lookup(ref)
      if (!(stream instanceof PDFRawStream)) return undefined
      source += streamText(stream) + '\n'
    }
    const items = textItems(source, fonts)
    if (!items) return undefined
    pages.push(linesOf(items))
  }
  return pages
}

/** The ToUnicode map of a Type 0 font with Identity-H codes, or `undefined` for any other font. */
function unicodeMapOf(font: PdfLib.PDFDict): UnicodeMap | undefined {
  if (String(font.get(PDFName.of('Subtype'))) !== '/Type0' || String(font.get(PDFName.of('Encoding'))) !== '/Identity-H') return undefined
  const stream = font.lookup(PDFName.of('ToUnicode'))
  if (!(stream instanceof PDFRawStream)) return undefined
  return parseToUnicode(streamText(stream))
}

/** A transform `[a b c d e f]`. */
type Matrix = [number, number, number, number, number, number]

const identity = (): Matrix => [1, 0, 0, 1, 0, 0]

/** `m × n` in the PDF's row-vector convention: `m` applied first. */
function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5]
  ]
}

/** Whitespace and delimiters of the content stream syntax: 1 at their character code. */
const endsToken = new Uint8Array(256)
for (const character of ' \t\r\n\f\0()<>[]{}/%') endsToken[character.charCodeAt(0)] = 1

/** A run of text on one baseline: where it starts (page space, PDF units from the foot), its size and text. */
export interface TextItem {
  x: number
  y: number
  size: number
  text: string
}

/**
 * The text runs a page's content stream shows, in page space; `undefined` on
 * anything not read here. Glyphs placed one after another on one baseline
 * make one run; a marked-content span's `ActualText` stands for its glyphs.
 */
export function textItems(source: string, fonts: ReadonlyMap<string, UnicodeMap | undefined>): TextItem[] | undefined {
  const items: TextItem[] = []
  const operands: string[] = []
  const states: Matrix[] = []
  let ctm = identity()
  let line = identity()
  let font: UnicodeMap | undefined
  let fontSize = 0
  // Marked content: the `ActualText` of each open span (`undefined` for a span without one), and whether it was shown yet.
  const spans: Array<{actual?: string; shown: boolean}> = []
  let run: TextItem | undefined
  const length = source.length
  let at = 0
  while (at < length) {
    const code = source.charCodeAt(at)
    if (code === 32 || code === 10 || code === 13 || code === 9 || code === 12 || code === 0) {
      at++
      continue
    }
    if (code === 37 /* % */) {
      const end = source.indexOf('\n', at)
      at = end === -1 ? length : end
      continue
    }
    if (code === 60 /* < */) {
      if (source.charCodeAt(at + 1) === 60) {
        operands.push('<<')
        at += 2
        continue
      }
      const end = source.indexOf('>', at)
      if (end === -1) return undefined
      const hex = source.slice(at + 1, end)
      operands.push('<' + (/\s/.test(hex) ? hex.replace(/\s+/g, '') : hex))
      at = end + 1
      continue
    }
    if (code === 62 /* > */) {
      if (source.charCodeAt(at + 1) !== 62) return undefined
      operands.push('>>')
      at += 2
      continue
    }
    if (code === 91 || code === 93 /* [ ] */) {
      operands.push(code === 91 ? '[' : ']')
      at++
      continue
    }
    // Literal strings and anything else Chromium does not write.
    if (code === 40 || code === 41 || code === 123 || code === 125) return undefined
    let end = at + 1
    while (end < length && endsToken[source.charCodeAt(end) & 0xff] !== 1) end++
    const word = source.slice(at, end)
    at = end
    if (code === 47 || code === 43 || code === 45 || code === 46 || (code >= 48 && code <= 57)) {
      operands.push(word)
      continue
    }
    switch (word) {
      case 'q':
        states.push(ctm)
        break
      case 'Q':
        ctm = states.pop() ?? identity()
        break
      case 'cm': {
        const matrix = numbers(operands, 6)
        if (!matrix) return undefined
        ctm = multiply(matrix as Matrix, ctm)
        break
      }
      case 'BT':
        line = identity()
        run = undefined
        break
      case 'ET':
        run = undefined
        break
      case 'Tf': {
        const name = operands.at(-2) ?? ''
        fontSize = Math.abs(Number(operands.at(-1)))
        if (!fonts.has(name)) return undefined
        font = fonts.get(name)
        run = undefined
        break
      }
      case 'Tm': {
        const matrix = numbers(operands, 6)
        if (!matrix) return undefined
        line = matrix as Matrix
        break
      }
      case 'Td':
      case 'TD': {
        // Once a glyph: no arrays made.
        const tx = Number(operands[operands.length - 2])
        const ty = Number(operands[operands.length - 1])
        if (!Number.isFinite(tx) || !Number.isFinite(ty)) return undefined
        const [a, b, c, d, e, f] = line
        line = [a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f]
        break
      }
      case 'BDC': {
        const key = operands.indexOf('/ActualText')
        const value = key === -1 ? undefined : operands[key + 1]
        if (value !== undefined && !value.startsWith('<')) return undefined
        spans.push({actual: value === undefined ? undefined : utf16(value.slice(1)), shown: false})
        break
      }
      case 'BMC':
        spans.push({shown: false})
        break
      case 'EMC':
        spans.pop()
        break
      case 'Tj':
      case 'TJ': {
        if (!font) return undefined
        let text = ''
        const span = spans.length === 0 ? undefined : spans.findLast((open) => open.actual !== undefined)
        if (span) {
          // A soft hyphen's span reads as nothing, as pdfjs reads it: a broken word's visible hyphen is a glyph of its own after the span.
          if (!span.shown) text = span.actual!.replace(/\u00AD/g, '')
          span.shown = true
        } else {
          for (const operand of operands) {
            if (operand.charCodeAt(0) !== 60 || operand === '<<') continue
            if ((operand.length - 1) % 4 !== 0) return undefined
            for (let index = 1; index < operand.length; index += 4) {
              const unicode = font.get(Number.parseInt(operand.slice(index, index + 4), 16))
              if (unicode === undefined) return undefined
              text += unicode
            }
          }
        }
        if (!text) break
        // The glyph's origin and size in page space: the text matrix, then the transform.
        const x = line[4] * ctm[0] + line[5] * ctm[2] + ctm[4]
        const y = line[4] * ctm[1] + line[5] * ctm[3] + ctm[5]
        const size = fontSize * Math.hypot(line[2] * ctm[0] + line[3] * ctm[2], line[2] * ctm[1] + line[3] * ctm[3])
        // The same baseline and size as the run so far: the glyph joins it.
        if (run && Math.abs(run.y - y) < 0.01 && Math.abs(run.size - size) < 0.01 && x >= run.x) run.text += text
        else {
          run = {x, y, size, text}
          items.push(run)
        }
        break
      }
      // Inline images, and text operators Chromium does not write.
      case 'BI':
      case 'T*':
      case "'":
      case '"':
      case 'Tz':
      case 'Ts':
        return undefined
      default:
        break
    }
    operands.length = 0
  }
  return items
}

/** The last `count` operands as numbers, or `undefined` when one is not a number. */
function numbers(operands: readonly string[], count: number): number[] | undefined {
  if (operands.length < count) return undefined
  const values = operands.slice(-count).map(Number)
  return values.every(Number.isFinite) ? values : undefined
}

/** A hex string's UTF-16BE text, without its byte order mark. */
function utf16(hex: string): string {
  const units = (hex.match(/[\dA-Fa-f]{4}/g) ?? []).map((unit) => Number.parseInt(unit, 16))
  return String.fromCharCode(...(units[0] === 0xfeff ? units.slice(1) : units))
}

/**
 * Named destination ▶ 1-based page, from the catalog's `/Dests` dictionary
 * (Chromium's) or the `/Names` tree's `/Dests`; `undefined` when the document
 * has neither or a destination is not in the `[page /XYZ …]` shape.
 */
export function documentDestinations(document: PdfLib.PDFDocument): Map<string, number> | undefined {
  const pageOf = new Map<string, number>()
  document.getPages().forEach((page, index) => pageOf.set(page.ref.toString(), index + 1))
  const found = new Map<string, number>()
  const add = (name: string, value: PdfLib.PDFObject | undefined): boolean => {
    const destination = value instanceof PDFDict ? value.lookup(PDFName.of('D')) : value instanceof PDFRef ? document.context.lookup(value) : value
    if (!(destination instanceof PDFArray)) return false
    const target = destination.get(0)
    const page = target instanceof PDFRef ? pageOf.get(target.toString()) : undefined
    if (page === undefined) return false
    found.set(name, page)
    return true
  }
  const dests = document.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
  if (dests) {
    // Keys are names: their bytes (Chromium escapes each byte of an id's UTF-8 as `#xx`) read as UTF-8.
    for (const [key, value] of dests.entries()) if (!add(utf8.decode(key.asBytes()), value)) return undefined
    return found
  }
  const tree = document.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict)
  if (!tree) return undefined
  // A name tree: leaves hold `[name value name value …]`, other nodes their `Kids`; a bounded walk.
  const nodes: PdfLib.PDFDict[] = [tree]
  for (let index = 0; index < nodes.length && index < 10_000; index++) {
    const node = nodes[index]!
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    for (let at = 0; names && at + 1 < names.size(); at += 2) {
      const key = names.lookup(at)
      if (!(key instanceof PDFString || key instanceof PDFHexString) || !add(key.decodeText(), names.get(at + 1))) return undefined
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
    for (let at = 0; kids && at < kids.size(); at++) {
      const kid = kids.lookup(at)
      if (kid instanceof PDFDict) nodes.push(kid)
    }
  }
  return found
}
