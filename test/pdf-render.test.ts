/**
 * The printed brief, read back from the real PDF (pdfjs-dist and pdf-lib):
 * pages, paper, margin boxes, outline, metadata, fonts, links, reproducibility.
 * One browser for the whole file.
 */
import {Buffer} from 'node:buffer'
import {mkdirSync, writeFileSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString} from 'pdf-lib'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {createPdfRenderer, pdfText, setPdfMetadata, tokens, type PdfRenderer, type RenderResult} from '../src/pdf/public.js'
import {contentText} from '../src/pdf/content-text.js'
import {briefAssets, briefJob} from './fixtures/pdf/job.js'
import {pdfDifference} from './setup/pdf-difference.js'

type PdfJsDocument = Awaited<ReturnType<typeof getDocument>['promise']>
interface OutlineEntry {
  title: string
  items: OutlineEntry[]
}
interface PlacedText {
  str: string
  x: number
  y: number
}

let renderer: PdfRenderer
let printed: RenderResult
let reading: PdfJsDocument

const runningHead = 'Kazakhstan Protests Chinese Language Article'

beforeAll(async () => {
  renderer = createPdfRenderer({concurrency: 2})
  printed = await renderer.render(briefJob({thumbnail: true}))
  reading = await getDocument({data: printed.pdf.slice(), isEvalSupported: false, verbosity: 0}).promise
})

afterAll(async () => {
  await reading?.destroy()
  await renderer?.close()
})

async function textOf(pageNumber: number): Promise<PlacedText[]> {
  const page = await reading.getPage(pageNumber)
  const content = await page.getTextContent()
  return content.items.flatMap((item) => ('str' in item && item.str.trim() ? [{str: item.str, x: item.transform[4], y: item.transform[5]}] : []))
}

function outlineTitles(entries: OutlineEntry[]): Array<string | [string, unknown[]]> {
  return entries.map((entry) => (entry.items.length > 0 ? [entry.title, outlineTitles(entry.items)] : entry.title))
}

describe('pages and paper', () => {
  test('the brief prints on 4 A4 pages (595 × 842 pt)', async () => {
    expect(printed.pages).toBe(4)
    expect(reading.numPages).toBe(4)
    for (let number = 1; number <= reading.numPages; number++) {
      const [x0, y0, x1, y1] = (await reading.getPage(number)).view
      expect(x1! - x0!).toBeCloseTo(595.28, -0.5)
      expect(y1! - y0!).toBeCloseTo(841.89, -0.5)
    }
  })

  test('`paper: "Letter"` prints 612 × 792 pt pages', async () => {
    const letter = await renderer.render(briefJob({paper: 'Letter'}))
    const document = await PDFDocument.load(letter.pdf)
    for (const page of document.getPages()) {
      expect(page.getWidth()).toBeCloseTo(612, -0.5)
      expect(page.getHeight()).toBeCloseTo(792, -0.5)
    }
  })

  test('an `@page {size}` in the CSS wins over the job’s paper', async () => {
    const html = '<!doctype html><html lang="en"><head><style>@page { size: Letter; margin: 20mm }</style></head><body><main><p>Short.</p></main></body></html>'
    const result = await renderer.render({name: 'css-size', html, paper: 'A4', metadata: {title: 'Size', authors: [], lang: 'en'}})
    const [page] = (await PDFDocument.load(result.pdf)).getPages()
    expect([Math.round(page!.getWidth()), Math.round(page!.getHeight())]).toEqual([612, 792])
  })
})

describe('margin boxes', () => {
  // The fixture's @page has a 22 mm top and a 24 mm bottom margin.
  const topMargin = 841.89 - (22 / 25.4) * 72
  const bottomMargin = (24 / 25.4) * 72

  test('no running head on page 1, the running head on every later page', async () => {
    const headsOnPage = async (number: number) => (await textOf(number)).filter((item) => item.y > topMargin).map((item) => item.str)
    expect(await headsOnPage(1)).toEqual([])
    for (let number = 2; number <= reading.numPages; number++) {
      expect(await headsOnPage(number)).toEqual([runningHead])
    }
  })

  test('“Page X of Y” at the foot of every page', async () => {
    for (let number = 1; number <= reading.numPages; number++) {
      const feet = (await textOf(number)).filter((item) => item.y < bottomMargin).map((item) => item.str)
      expect(feet).toEqual([`Page ${number} of ${reading.numPages}`])
    }
  })
})

describe('structure', () => {
  // The notes' heading is visually hidden (`.sr-only`, as remark-rehype marks
  // it): Chromium makes no bookmark for it. The title wraps onto two lines in
  // print and the h3 is uppercased by CSS; their bookmarks read as written.
  test('bookmarks are the headings, nested by level', async () => {
    const outline = (await reading.getOutline()) as unknown as OutlineEntry[]
    expect(outlineTitles(outline)).toEqual([
      [
        'Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity',
        [['Why is This Issue Notable?', ['Influence in Central Asia']], 'Chinese Response']
      ]
    ])
  })

  test('the PDF stays tagged through the metadata pass', async () => {
    const document = await PDFDocument.load(printed.pdf)
    expect(document.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined()
    const markInfo = document.catalog.lookup(PDFName.of('MarkInfo'), PDFDict)
    expect(String(markInfo.get(PDFName.of('Marked')))).toBe('true')
  })

  test('every note call, every back-link and every URL is a link', async () => {
    const destinations: string[] = []
    const urls: string[] = []
    for (let number = 1; number <= reading.numPages; number++) {
      for (const annotation of await (await reading.getPage(number)).getAnnotations()) {
        if (annotation.subtype !== 'Link') continue
        if (annotation.url) urls.push(annotation.url)
        else if (typeof annotation.dest === 'string') destinations.push(annotation.dest)
      }
    }
    const notes = [1, 2, 3, 4, 5, 6, 7, 8]
    expect(destinations.filter((name) => name.startsWith('user-content-fn-')).sort()).toEqual(notes.map((n) => `user-content-fn-${n}`).sort())
    expect(destinations.filter((name) => name.startsWith('user-content-fnref-')).sort()).toEqual(notes.map((n) => `user-content-fnref-${n}`).sort())
    expect(urls).toEqual(['https://www.mfa.kz/en/press-release'])
  })

  test('the image inside the article’s folder is printed, nothing was blocked', async () => {
    expect(printed.blocked).toEqual([])
    const document = await PDFDocument.load(printed.pdf)
    const images = document.context
      .enumerateIndirectObjects()
      .filter(([, object]) => object instanceof PDFRawStream && String(object.dict.get(PDFName.of('Subtype'))) === '/Image')
    expect(images.length).toBeGreaterThanOrEqual(1)
  })
})

describe('fonts', () => {
  test('every font is embedded, subset, and from our @fontsource packages', async () => {
    const document = await PDFDocument.load(printed.pdf)
    const fonts: string[] = []
    for (const [, object] of document.context.enumerateIndirectObjects()) {
      if (!(object instanceof PDFDict) || String(object.get(PDFName.of('Type'))) !== '/FontDescriptor') continue
      const name = String(object.get(PDFName.of('FontName'))).slice(1)
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => object.get(PDFName.of(key)))
      fonts.push(`${name}${embedded ? '' : ' (not embedded)'}`)
    }
    expect(fonts.length).toBeGreaterThanOrEqual(2)
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+(SourceSerif4|SourceSans3)[\w-]*$/)
    // No Type 3 or other font without a descriptor slipped in either.
    const fontDicts = document.context.enumerateIndirectObjects().filter(([, object]) => object instanceof PDFDict && String(object.get(PDFName.of('Type'))) === '/Font')
    for (const [, font] of fontDicts) expect(String((font as PDFDict).get(PDFName.of('Subtype')))).not.toBe('/Type3')
  })
})

describe('metadata', () => {
  test('title, authors, subject, keywords, creator, language, dates from the brief', async () => {
    const document = await PDFDocument.load(printed.pdf, {updateMetadata: false})
    expect(document.getTitle()).toBe('Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity')
    expect(document.getAuthor()).toBe('Pravesh Kumar Gupta; A. N. Other')
    expect(document.getSubject()).toBe('Kazakhstan summoned the Chinese ambassador over an article on Sohu.com.')
    expect(document.getKeywords()).toBe('Kazakhstan, China, Central Asia')
    expect(document.getCreator()).toBe('remark-brief')
    expect(document.getProducer()).toMatch(/^remark-brief \(Skia\/PDF m\d+, pdf-lib\)$/)
    expect(document.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('en')
    expect(document.getCreationDate()?.toISOString()).toBe('2020-04-20T00:00:00.000Z')
    expect(document.getModificationDate()?.toISOString()).toBe('2020-04-20T00:00:00.000Z')
  })

  test('no date and no SOURCE_DATE_EPOCH: no dates at all, never the clock', async () => {
    const bytes = await setPdfMetadata(printed.pdf, {title: 'T', authors: [], lang: 'fr'}, {sourceDateEpoch: ''})
    const document = await PDFDocument.load(bytes, {updateMetadata: false})
    expect(document.getCreationDate()).toBeUndefined()
    expect(document.getModificationDate()).toBeUndefined()
    const info = document.context.lookup(document.context.trailerInfo.Info, PDFDict)
    expect(info.keys().map(String).sort()).toEqual(['/Creator', '/Producer', '/Title'])
    expect(document.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('fr')
  })

  test('SOURCE_DATE_EPOCH gives the modification date, and the creation date when the brief has none', async () => {
    const undated = await setPdfMetadata(printed.pdf, {title: 'T', authors: [], lang: 'en'}, {sourceDateEpoch: '1700000000'})
    const dated = await setPdfMetadata(printed.pdf, {title: 'T', authors: [], lang: 'en', date: '10 January 2022'}, {sourceDateEpoch: 1700000000})
    const a = await PDFDocument.load(undated, {updateMetadata: false})
    const b = await PDFDocument.load(dated, {updateMetadata: false})
    expect(a.getCreationDate()?.toISOString()).toBe('2023-11-14T22:13:20.000Z')
    expect(b.getCreationDate()?.toISOString()).toBe('2022-01-10T00:00:00.000Z')
    expect(b.getModificationDate()?.toISOString()).toBe('2023-11-14T22:13:20.000Z')
  })
})

describe('reproducibility and extras', () => {
  test('the same job twice gives byte-identical PDFs', async () => {
    const again = await renderer.render(briefJob())
    if (Buffer.compare(Buffer.from(again.pdf), Buffer.from(printed.pdf)) !== 0) {
      // Keep both for a look with pdffonts / qpdf when this ever fails.
      mkdirSync('test/.tmp', {recursive: true})
      writeFileSync('test/.tmp/pdf-render-first.pdf', printed.pdf)
      writeFileSync('test/.tmp/pdf-render-again.pdf', again.pdf)
    }
    const same = Buffer.compare(Buffer.from(again.pdf), Buffer.from(printed.pdf)) === 0
    expect(same, same ? '' : await pdfDifference(printed.pdf, again.pdf)).toBe(true)
  })

  test('two jobs at once on two pages of one browser', async () => {
    const [a, b] = await Promise.all([renderer.render(briefJob({name: 'a'})), renderer.render(briefJob({name: 'b'}))])
    const same = Buffer.compare(Buffer.from(a.pdf), Buffer.from(b.pdf)) === 0
    // When they differ, say how: pages, fonts, text, the first differing byte and object.
    expect(same, same ? '' : await pdfDifference(a.pdf, b.pdf)).toBe(true)
    expect(a.pages).toBe(4)
  })

  test('the text read from the content streams has the words pdfjs reads, in its order', async () => {
    const fromStreams = contentText(await PDFDocument.load(printed.pdf))
    expect(fromStreams).toBeDefined()
    // Lines may differ: a note call's raised digits are a line of their own here.
    expect(tokens(fromStreams!)).toEqual(tokens(await pdfText(printed.pdf)))
  })

  test('the post-print check passed and is in the result', () => {
    expect(printed.verified).toEqual({ok: true, missing: [], checked: {paragraphs: 9, notes: 8}})
  })

  test('a thumbnail of page 1: a PNG 240 px wide', () => {
    const png = Buffer.from(printed.thumbnail!)
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(png.readUInt32BE(16)).toBe(240)
    expect(png.readUInt32BE(20)).toBeGreaterThan(300)
  })

  test('assets given in the build’s shape ({name, path}) are served too', async () => {
    const assets = briefAssets().map((asset) => ({name: asset.url!.replace(/^assets\//, ''), path: asset.path}))
    const result = await renderer.render(briefJob({assets}))
    expect(result.blocked).toEqual([])
    expect(Buffer.compare(Buffer.from(result.pdf), Buffer.from(printed.pdf))).toBe(0)
  })

  test('timings are reported per stage', () => {
    for (const key of ['load', 'print', 'metadata', 'verify', 'total'] as const) expect(printed.timings[key]).toBeGreaterThan(0)
  })
})
