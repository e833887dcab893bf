/**
 * The metadata pass on Chromium's bytes as printed (`src/pdf/raw-finish.ts`,
 * `raw-pdf.ts`): a print in Chromium's shape is finished without pdf-lib
 * parsing or saving it, and the document written is the one the pdf-lib
 * path writes, object for object. The fixture is a raw Chromium print of a
 * small brief (soft hyphens, a ToUnicode map to fix, a relative link, an
 * outline three levels deep), as it reaches `finishPrinted`.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {inflateSync} from 'node:zlib'
import {PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString} from 'pdf-lib'
import {afterEach, describe, expect, test, vi} from 'vitest'
import {finishPrinted, type FinishJob} from '../src/pdf/finish.js'
import {finishPdf, loadPrinted} from '../src/pdf/metadata.js'
import {readDocument} from '../src/pdf/print-read.js'
import {decodeText, openRaw, parseValue} from '../src/pdf/raw-pdf.js'
import {expectationOf} from '../src/pdf/verify.js'
import {fixtures} from './fixtures/pdf/job.js'

const folder = path.join(fixtures, '..', 'raw-print')
const print: Uint8Array<ArrayBuffer> = new Uint8Array(readFileSync(path.join(folder, 'print.pdf')))
const html = readFileSync(path.join(folder, 'index.html'), 'utf8')
const {metadata, options} = JSON.parse(readFileSync(path.join(folder, 'job.json'), 'utf8')) as Pick<FinishJob, 'metadata' | 'options'>

function job(pdf: Uint8Array<ArrayBuffer> = print, epoch = 1700000000): FinishJob {
  return {pdf: pdf.slice(), html, metadata, options: {...options, sourceDateEpoch: epoch}, verify: true, read: {lines: true, destinations: true}}
}

/** The same print with a link to a local file (the sanitiser would drop it; the pass must too): same length, so no offset moves. */
function withUnsafeLink(): Uint8Array<ArrayBuffer> {
  const source = Buffer.from(print).toString('latin1')
  const safe = '/URI (https://example.org/survey)'
  const unsafe = '/URI (file:///etc/passwd/survey1)'
  expect(unsafe.length).toBe(safe.length)
  expect(source.includes(safe)).toBe(true)
  return new Uint8Array(Buffer.from(source.replace(safe, unsafe), 'latin1'))
}

/** The pdf-lib path, as `finishPrinted` took it before: parse, read, finish, save. */
async function throughPdfLib(pdf: Uint8Array<ArrayBuffer>, epoch = 1700000000) {
  const document = await loadPrinted(pdf.slice())
  const read = readDocument(document, {lines: true, destinations: true})
  const expected = expectationOf(html)
  const finished = await finishPdf(document, metadata, {...options, sourceDateEpoch: epoch, headings: expected.headings, outline: expected.outline, readText: true})
  return {read, finished}
}

/** Every indirect object of a PDF but the packing (object and cross-reference streams), streams decoded: number ▶ text. */
async function objectsOf(pdf: Uint8Array): Promise<Map<number, string>> {
  const document = await PDFDocument.load(pdf, {updateMetadata: false})
  const objects = new Map<number, string>()
  for (const [ref, object] of document.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream) {
      const type = String(object.dict.get(PDFName.of('Type')))
      if (type === '/ObjStm' || type === '/XRef') continue
      const data = object.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode') ? inflateSync(object.contents) : Buffer.from(object.contents)
      objects.set(ref.objectNumber, `${object.dict.toString()}\n${data.toString('latin1')}`)
    } else objects.set(ref.objectNumber, object.toString())
  }
  return objects
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the metadata pass on Chromium’s bytes', () => {
  test('finishes a Chromium print (read, metadata, check) without pdf-lib parsing or saving it', async () => {
    const load = vi.spyOn(PDFDocument, 'load')
    const save = vi.spyOn(PDFDocument.prototype, 'save')
    let read: unknown
    const result = await finishPrinted(job(), (printRead) => {
      read = printRead
    })
    expect(load).not.toHaveBeenCalled()
    expect(save).not.toHaveBeenCalled()
    expect(result.verified).toEqual({ok: true, missing: [], checked: expect.any(Object)})
    const pdfLib = await throughPdfLib(print)
    expect(result.pages).toBe(pdfLib.finished.pages)
    expect(read).toEqual(pdfLib.read)
  })

  test('writes the document the pdf-lib path writes, object for object, and no larger', async () => {
    for (const pdf of [print, withUnsafeLink()]) {
      const raw = await finishPrinted(job(pdf))
      const {finished} = await throughPdfLib(pdf)
      const [ours, theirs] = await Promise.all([objectsOf(raw.pdf), objectsOf(finished.pdf)])
      expect([...ours.keys()].sort((a, b) => a - b)).toEqual([...theirs.keys()].sort((a, b) => a - b))
      for (const [number, text] of theirs) expect(ours.get(number), `object ${number}`).toBe(text)
      expect(raw.pages).toBe(finished.pages)
      expect(raw.pdf.length).toBeLessThanOrEqual(finished.pdf.length)
    }
  })

  test('drops a link to a local file, rewrites the relative one, keeps the web ones', async () => {
    const document = await PDFDocument.load((await finishPrinted(job(withUnsafeLink()))).pdf)
    const uris = document.getPages().flatMap((page) =>
      (page.node.Annots()?.asArray() ?? []).flatMap((ref) => {
        // Links within the brief (the notes) have a destination, not an action.
        const action = (document.context.lookup(ref) as PDFDict).lookupMaybe(PDFName.of('A'), PDFDict)
        return action ? [String(action.lookup(PDFName.of('URI')))] : []
      })
    )
    expect(uris).toEqual(['(https://example.org/dredging)', '<2e2f616e6e65782e6d64>'])
  })

  test('the same print and metadata give the same bytes; SOURCE_DATE_EPOCH sets the dates; Chromium’s clock and soft hyphen spans are left nowhere in the file', async () => {
    const [first, second, later] = await Promise.all([finishPrinted(job()), finishPrinted(job()), finishPrinted(job(print, 1800000000))])
    expect(Buffer.compare(Buffer.from(first.pdf), Buffer.from(second.pdf))).toBe(0)
    expect(Buffer.compare(Buffer.from(first.pdf), Buffer.from(later.pdf))).not.toBe(0)
    const document = await PDFDocument.load(first.pdf, {updateMetadata: false})
    expect(document.getCreationDate()?.toISOString()).toBe('2021-03-04T00:00:00.000Z')
    expect(document.getModificationDate()?.toISOString()).toBe('2023-11-14T22:13:20.000Z')
    expect((await PDFDocument.load(later.pdf, {updateMetadata: false})).getModificationDate()?.toISOString()).toBe('2027-01-15T08:00:00.000Z')
    // No incremental update: Chromium's information dictionary (its print time) and the old content streams are gone, not left as dead bytes.
    const chromiumDate = /\/CreationDate \((D:\d{14})/.exec(Buffer.from(print).toString('latin1'))![1]!
    const objects = await objectsOf(first.pdf)
    expect([...objects.values()].some((text) => text.includes(chromiumDate))).toBe(false)
    expect(Buffer.from(first.pdf).toString('latin1').includes(chromiumDate)).toBe(false)
    expect([...objects.values()].some((text) => text.includes('FEFF00AD'))).toBe(false)
    expect(document.catalog.get(PDFName.of('StructTreeRoot'))).toBeInstanceOf(PDFRef)
  })

  test('reads text strings (bookmark titles, link targets) as pdf-lib does: PDFDocEncoding, UTF-16 either way round, escapes', () => {
    const everyByte = Array.from({length: 255}, (_, index) => `\\${(index + 1).toString(8).padStart(3, '0')}`).join('')
    for (const literal of [everyByte, 'Silt \\(and\\) money\\\\', 'Nested (brackets) kept\\nand a line']) {
      expect(decodeText(parseValue(`(${literal})`, 0)[0])).toBe(PDFString.of(literal).decodeText())
    }
    for (const hex of ['FEFF0048006900A0D83DDE00', 'FFFE480069000020', '4869AD80']) {
      expect(decodeText(parseValue(`<${hex}>`, 0)[0])).toBe(PDFHexString.of(hex).decodeText())
    }
  })

  test('a print in another shape is left to pdf-lib', async () => {
    // pdf-lib's own save: a cross-reference stream and object streams.
    const document = await PDFDocument.load(print)
    expect(openRaw(await document.save())).toBeUndefined()
    expect(openRaw(await document.save({useObjectStreams: false}))).toBeDefined()
    expect(openRaw(new TextEncoder().encode('not a PDF at all'))).toBeUndefined()
  })
})
