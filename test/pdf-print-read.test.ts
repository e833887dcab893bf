/**
 * The reprint passes' reader (`print-read.ts`): lines with baselines and
 * sizes, and named destinations, read with pdf-lib from a print's content
 * streams. Pure cases for the transforms and the shapes left to pdfjs; then
 * a real print of a long synthetic brief with a contents list (our build's
 * HTML, the real Chromium, one browser), read by it and by pdfjs-dist: the
 * same lines, the same words to mend, the same destinations.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {PDFDocument, PDFName} from 'pdf-lib'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {createBuildSession} from '../src/build/index.js'
import {parseToUnicode} from '../src/pdf/content-text.js'
import {contentsNumbers, destinationPages} from '../src/pdf/contents.js'
import {brokenWords, printedLines, type PrintedLine} from '../src/pdf/hyphen-breaks.js'
import {findBrowser} from '../src/pdf/index.js'
import {applyPolicy, assetMap, documentUrl, layoutAfresh, type PagePolicy} from '../src/pdf/page.js'
import {createPagePool, type PagePool} from '../src/pdf/pool.js'
import {documentDestinations, readPrint, textItems} from '../src/pdf/print-read.js'
import {templateAssets} from '../src/template/assets.js'
import {longBrief} from './setup/long-brief.js'

const cmap = '1 beginbfchar\n<0001> <0020>\nendbfchar\n1 beginbfrange\n<0010> <0012> <0061>\nendbfrange'
const fonts = new Map([['/F1', parseToUnicode(cmap)]])

describe('text items (pure)', () => {
  test('page space: the transforms of `cm` (restored by `Q`), the text matrix moved by `Td`, one run a baseline', () => {
    const stream = [
      '.75 0 0 -.75 0 842 cm',
      'q 2 0 0 2 0 0 cm BT /F1 10 Tf 1 0 0 -1 50 25 Tm <0010> Tj 6 0 Td <0011> Tj 6 0 Td <0001> Tj ET Q',
      // After `Q` the scale of 2 is gone; a smaller raised glyph is a run of its own.
      'BT /F1 6 Tf 1 0 0 -1 200 45 Tm <0012> Tj ET'
    ].join('\n')
    expect(textItems(stream, fonts)).toEqual([
      {x: 75, y: 842 - 37.5, size: 15, text: 'ab '},
      {x: 150, y: 842 - 33.75, size: 4.5, text: 'c'}
    ])
  })

  test('a marked-content span’s ActualText stands for its glyphs, once; a soft hyphen’s reads as nothing', () => {
    const stream = [
      'BT /F1 10 Tf 1 0 0 1 0 100 Tm <0010> Tj',
      '/Span <</ActualText <FEFF00AD> >> BDC 5 0 Td <0001> Tj EMC',
      '0 0 Td <0011> Tj',
      '/Span <</ActualText <FEFF0078> >> BDC 5 0 Td <0010> Tj 5 0 Td <0011> Tj EMC',
      '/NonStruct <</MCID 3 >> BDC 5 0 Td <0012> Tj EMC ET'
    ].join('\n')
    expect(textItems(stream, fonts)?.map((item) => item.text)).toEqual(['abxc'])
  })

  test('literal strings, unknown fonts, fonts without a map, scaling and rise: left to pdfjs', () => {
    expect(textItems('BT /F1 12 Tf (abc) Tj ET', fonts)).toBeUndefined()
    expect(textItems('BT /F9 12 Tf <0010> Tj ET', fonts)).toBeUndefined()
    expect(textItems('BT /F2 12 Tf <0010> Tj ET', new Map([['/F2', undefined]]))).toBeUndefined()
    expect(textItems('BT /F1 12 Tf 90 Tz <0010> Tj ET', fonts)).toBeUndefined()
    expect(textItems('BT /F1 12 Tf 3 Ts <0010> Tj ET', fonts)).toBeUndefined()
    expect(textItems('BT /F1 12 Tf <0013> Tj ET', fonts)).toBeUndefined()
  })
})

describe('destinations (pure)', () => {
  test('the catalog’s `/Dests`; none: undefined', async () => {
    const document = await PDFDocument.create()
    const [first, second] = [document.addPage(), document.addPage()]
    expect(documentDestinations(document)).toBeUndefined()
    const dests = document.context.obj({})
    dests.set(PDFName.of('section-one'), document.context.obj([first.ref, PDFName.of('XYZ'), 0, 700, 0]))
    // Chromium names a destination by the link's fragment, percent-encoded.
    dests.set(PDFName.of('section-%C3%A9t%C3%A9'), document.context.obj([second.ref, PDFName.of('XYZ'), 0, 500, 0]))
    document.catalog.set(PDFName.of('Dests'), dests)
    const reloaded = await PDFDocument.load(await document.save())
    const destinations = documentDestinations(reloaded)!
    expect(destinations).toEqual(
      new Map([
        ['section-one', 1],
        ['section-%C3%A9t%C3%A9', 2]
      ])
    )
    // A contents entry's target as the template writes it, the id as written or percent-encoded: the page either way.
    expect(contentsNumbers(['#section-one', '#section-été', '#section-%C3%A9t%C3%A9', '#section-gone'], destinations)).toEqual({
      '#section-one': '1',
      '#section-été': '2',
      '#section-%C3%A9t%C3%A9': '2',
      '#section-gone': ''
    })
  })
})

describe('a real print, read by both readers', () => {
  let folder: string
  let pool: PagePool
  let pdf: Uint8Array

  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-print-read-'))
    writeFileSync(path.join(folder, 'long.md'), longBrief({notes: 'end', contents: true, sections: 8, paragraphs: 5}))
    const session = await createBuildSession({cwd: folder, out: 'out', formats: ['html'], concurrency: 1, force: true, index: false})
    try {
      await session.build(['long.md'])
    } finally {
      await session.close()
    }
    const html = readFileSync(path.join(folder, 'out', 'long.html'), 'utf8')
    pool = createPagePool({executablePath: findBrowser(), concurrency: 1})
    pdf = await pool.withPage(async (page) => {
      const policy: PagePolicy = {html, url: documentUrl('long'), assets: assetMap(templateAssets()), resourceDir: path.join(folder, 'out'), blocked: [], pending: new Set(), served: 0}
      const remove = await applyPolicy(page, policy)
      try {
        await page.setViewport({width: 794, height: 1123})
        await page.goto(policy.url, {waitUntil: 'load', timeout: 0})
        await layoutAfresh(page)
        return await page.pdf({format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0})
      } finally {
        remove()
      }
    })
  }, 240_000)

  afterAll(async () => {
    await pool?.close()
    rmSync(folder, {recursive: true, force: true})
  })

  /** Spaces of any kind as one space: pdfjs reads a no-break space as a space. */
  const plain = (pages: PrintedLine[][]) => pages.map((lines) => lines.map((line) => ({...line, text: line.text.replace(/\s/g, ' ')})))

  test('the same lines, baselines and sizes as pdfjs, and the same words to mend', async () => {
    const ours = await readPrint(pdf, {lines: true, destinations: false})
    const theirs = await printedLines(pdf)
    expect(theirs.length).toBeGreaterThan(2)
    expect(ours.pages).toBeDefined()
    const round = (pages: PrintedLine[][]) => plain(pages).map((lines) => lines.map((line) => ({...line, y: line.y.toFixed(2), size: line.size.toFixed(2)})))
    expect(round(ours.pages!)).toEqual(round(theirs))
    // The brief breaks words at line ends: the comparison covers them.
    expect(theirs.flat().filter((line) => /\p{L}-$/u.test(line.text)).length).toBeGreaterThan(3)
    expect(brokenWords(ours.pages!)).toEqual(brokenWords(theirs))
  })

  test('the same destinations as pdfjs, every contents target among them', async () => {
    const ours = await readPrint(pdf, {lines: false, destinations: true})
    const theirs = await destinationPages(pdf)
    expect(ours.destinations).toEqual(theirs)
    const sections = [...theirs.keys()].filter((name) => name.startsWith('section-'))
    expect(sections.length).toBeGreaterThanOrEqual(8)
    expect(new Set(sections.map((name) => theirs.get(name))).size).toBeGreaterThan(1)
  })
})
