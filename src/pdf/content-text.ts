/**
 * The text of a PDF as Chromium prints it, read straight from the page
 * content streams and the fonts' ToUnicode maps: the metadata pass has the
 * document parsed already, so the post-print check needs no second reader.
 *
 * Only the shape Chromium (Skia) writes is read: Type 0 fonts with 2-byte
 * codes and a ToUnicode map, text shown with `Tj`/`TJ` after `Tm`/`Td`,
 * spaces drawn as glyphs. Anything else (a form XObject, a Type 3 font, a
 * code no map names, inline images, literal strings) gives `undefined`, and
 * the caller reads the PDF with pdfjs-dist as before. A line ends where the
 * baseline moves by more than a third of the font size (a superscript note
 * call is its own line, as the check expects it to be a word of its own).
 */
import {inflateSync} from 'node:zlib'
import type * as PdfLib from 'pdf-lib'
import {importOptional} from '../optional.js'

const {PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, decodePDFRawStream} = await importOptional<typeof PdfLib>('pdf-lib')

/** Code (2 bytes as a number) ▶ text. */
type UnicodeMap = Map<number, string>

/** Every page's text, pages joined by a line break (as `pdfText` joins them), or `undefined` when the PDF is not in the shape this reader knows. */
export function contentText(document: PdfLib.PDFDocument): string | undefined {
  const maps = new Map<PdfLib.PDFRef | PdfLib.PDFDict, UnicodeMap | undefined>()
  const pages: string[] = []
  for (const page of document.getPages()) {
    const resources = page.node.Resources()
    const xObjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict)
    // Text may sit in a form XObject: not read here.
    if (xObjects) {
      for (const key of xObjects.keys()) {
        const object = xObjects.lookup(key)
        if (!(object instanceof PDFRawStream) || String(object.dict.get(PDFName.of('Subtype'))) !== '/Image') return undefined
      }
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
    const text = showText(source, fonts)
    if (text === undefined) return undefined
    pages.push(text)
  }
  return pages.join('\n')
}

/** The ToUnicode map of a Type 0 font with Identity-H codes, or `undefined` for any other font. */
function unicodeMapOf(font: PdfLib.PDFDict): UnicodeMap | undefined {
  if (String(font.get(PDFName.of('Subtype'))) !== '/Type0' || String(font.get(PDFName.of('Encoding'))) !== '/Identity-H') return undefined
  const stream = font.lookup(PDFName.of('ToUnicode'))
  if (!(stream instanceof PDFRawStream)) return undefined
  return parseToUnicode(streamText(stream))
}

/** A ToUnicode CMap's `bfchar` and `bfrange` entries with 2-byte codes; `undefined` when it has others. */
export function parseToUnicode(cmap: string): UnicodeMap | undefined {
  const map: UnicodeMap = new Map()
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/[\dA-Fa-f]{4}/g) ?? []).map((unit) => Number.parseInt(unit, 16)))
  for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, target] of body!.matchAll(/<([\dA-Fa-f]+)>\s*<([\dA-Fa-f]*)>/g)) {
      if (code!.length !== 4 || target!.length % 4 !== 0) return undefined
      map.set(Number.parseInt(code!, 16), utf16(target!))
    }
  }
  for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, rest] of body!.matchAll(/<([\dA-Fa-f]+)>\s*<([\dA-Fa-f]+)>\s*(<[\dA-Fa-f]*>|\[[^\]]*\])/g)) {
      if (low!.length !== 4 || high!.length !== 4) return undefined
      const [from, to] = [Number.parseInt(low!, 16), Number.parseInt(high!, 16)]
      if (rest!.startsWith('[')) {
        const targets = [...rest!.matchAll(/<([\dA-Fa-f]*)>/g)].map((match) => match[1]!)
        targets.forEach((target, index) => {
          if (from + index <= to) map.set(from + index, utf16(target))
        })
      } else {
        const target = rest!.slice(1, -1)
        if (target.length % 4 !== 0 || target.length === 0) return undefined
        const units = target.match(/[\dA-Fa-f]{4}/g)!.map((unit) => Number.parseInt(unit, 16))
        for (let code = from; code <= to; code++) {
          // The last code unit counts up along the range.
          map.set(code, String.fromCharCode(...units.slice(0, -1), units.at(-1)! + code - from))
        }
      }
    }
  }
  return map
}

/** Whitespace and delimiters of the content stream syntax, by character code. */
const endsToken = new Set([...' \t\r\n\f\0()<>[]{}/%'].map((character) => character.charCodeAt(0)))

/**
 * The text a page's content stream shows, a line break where the baseline
 * moves; `undefined` on anything this reader does not handle. A hand-made
 * scanner: numbers stay strings until an operator needs one.
 */
export function showText(source: string, fonts: ReadonlyMap<string, UnicodeMap | undefined>): string | undefined {
  // Operands since the last operator: numbers and names as written, hex strings as `<…`, brackets as themselves.
  const operands: string[] = []
  let font: UnicodeMap | undefined
  let size = 0
  let lineY: number | undefined
  let y = 0
  let text = ''
  const length = source.length
  let at = 0
  while (at < length) {
    const code = source.charCodeAt(at)
    // Whitespace.
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
      operands.push('<' + source.slice(at + 1, end).replace(/\s+/g, ''))
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
    while (end < length && !endsToken.has(source.charCodeAt(end))) end++
    const word = source.slice(at, end)
    at = end
    // A name or a number: an operand.
    if (code === 47 || code === 43 || code === 45 || code === 46 || (code >= 48 && code <= 57)) {
      operands.push(word)
      continue
    }
    switch (word) {
      case 'BT':
        y = 0
        break
      case 'Tf': {
        const name = operands.at(-2) ?? ''
        size = Math.abs(Number(operands.at(-1)))
        if (!fonts.has(name)) return undefined
        font = fonts.get(name)
        break
      }
      case 'Tm':
        y = Number(operands.at(-1))
        break
      case 'Td':
      case 'TD':
        y += Number(operands.at(-1))
        break
      case 'Tj':
      case 'TJ': {
        if (!font) return undefined
        if (lineY !== undefined && Math.abs(y - lineY) > size / 3) text += '\n'
        lineY = y
        for (const operand of operands) {
          if (operand.charCodeAt(0) !== 60 || operand === '<<') continue
          if ((operand.length - 1) % 4 !== 0) return undefined
          for (let index = 1; index < operand.length; index += 4) {
            const unicode = font.get(Number.parseInt(operand.slice(index, index + 4), 16))
            if (unicode === undefined) return undefined
            text += unicode
          }
        }
        break
      }
      // Inline images, and text operators Chromium does not write: leave it to pdfjs.
      case 'BI':
      case 'T*':
      case "'":
      case '"':
        return undefined
      default:
        break
    }
    operands.length = 0
  }
  return text
}

/**
 * A stream's decoded bytes as Latin-1 text. Chromium compresses every stream
 * with Flate alone: Node's zlib inflates it (several times faster than
 * pdf-lib's JavaScript decoder); any other filter chain goes through pdf-lib.
 */
export function streamText(stream: PdfLib.PDFRawStream): string {
  const filter = stream.dict.get(PDFName.of('Filter'))
  const flateOnly = filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))
  const bytes = flateOnly ? inflateSync(stream.contents) : decodePDFRawStream(stream).decode()
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}
