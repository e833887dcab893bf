/**
 * The default template in a real Chromium (one browser for the file): the
 * axe-core accessibility run, fonts (only the brief's own), the running head
 * and page numbers, the paper size, and the phone layout.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {createRequire} from 'node:module'
import {PDFDict, PDFDocument, PDFName} from 'pdf-lib'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import type {Browser, Page} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {brief, launch, writeSite, type ChainOptions} from './fixtures/template/chain.js'

const require = createRequire(import.meta.url)
const seedText = await fs.readFile(new URL('../input/vif-kazakhstan-protests-chinese-article.txt', import.meta.url), 'utf8')
const rich = await fs.readFile(new URL('fixtures/template/rich.md', import.meta.url), 'utf8')

let browser: Browser
let work: string

beforeAll(async () => {
  browser = await launch()
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'brief-template-'))
})

afterAll(async () => {
  await browser?.close()
  if (work) await fs.rm(work, {recursive: true, force: true})
})

async function open(name: string, value: string, options: ChainOptions = {}): Promise<Page> {
  const {html} = await brief(value, options)
  const page = await browser.newPage()
  await page.goto('file://' + (await writeSite(path.join(work, name), html)), {waitUntil: 'load'})
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return page
}

async function print(page: Page): Promise<Uint8Array> {
  return page.pdf({preferCSSPageSize: true, printBackground: true})
}

async function pagesText(pdf: Uint8Array): Promise<string[][]> {
  const document = await getDocument({data: pdf.slice(), useSystemFonts: false, isEvalSupported: false}).promise
  const pages: string[][] = []
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).filter((value) => value.trim() !== ''))
  }
  await document.destroy()
  return pages
}

async function fontNames(pdf: Uint8Array): Promise<string[]> {
  const document = await PDFDocument.load(pdf)
  const names = new Set<string>()
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Font')) {
      const base = object.get(PDFName.of('BaseFont'))
      if (base instanceof PDFName) names.add(base.decodeText().replace(/^[A-Z]{6}\+/, ''))
    }
  }
  return [...names].sort()
}

describe('accessibility (axe-core in Chromium)', () => {
  for (const [name, value, options] of [
    ['seed', seedText, {format: 'text'}],
    ['rich', rich, {organization: {name: 'Example Institute', website: 'https://example.org', licence: 'CC BY 4.0'}}]
  ] as const) {
    it(`${name}: no serious or critical violation`, async () => {
      const page = await open(`axe-${name}`, value, options as ChainOptions)
      await page.addScriptTag({content: await fs.readFile(require.resolve('axe-core/axe.min.js'), 'utf8')})
      const violations = await page.evaluate(async () => {
        const results = await (window as unknown as {axe: {run: (context: Document) => Promise<{passes: unknown[]; violations: Array<{id: string; impact: string; nodes: unknown[]}>}>}}).axe.run(document)
        return {passed: results.passes.length, found: results.violations.map((violation) => ({id: violation.id, impact: violation.impact, count: violation.nodes.length}))}
      })
      // axe really ran its rules (contrast, landmarks, headings, lang, alt…).
      expect(violations.passed).toBeGreaterThan(15)
      expect(violations.found.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')).toEqual([])
      await page.close()
    })
  }
})

describe('accessibility of the corpus-shaped fixtures', () => {
  it('no serious or critical violation in any', async () => {
    const folder = new URL('fixtures/article/classes/', import.meta.url)
    const axe = await fs.readFile(require.resolve('axe-core/axe.min.js'), 'utf8')
    const names = (await fs.readdir(folder)).filter((name) => name.endsWith('.txt'))
    expect(names.length).toBeGreaterThan(4)
    for (const name of names) {
      const page = await open(`axe-classes-${name}`, await fs.readFile(new URL(name, folder), 'utf8'), {format: 'text'})
      await page.addScriptTag({content: axe})
      const found = await page.evaluate(async () => {
        const results = await (window as unknown as {axe: {run: (context: Document) => Promise<{violations: Array<{id: string; impact: string}>}>}}).axe.run(document)
        return results.violations.map((violation) => `${violation.id} (${violation.impact})`)
      })
      expect(found.filter((item) => /\((serious|critical)\)$/.test(item)), name).toEqual([])
      await page.close()
    }
  })
})

describe('print', () => {
  it('the seed: A4, only the brief fonts, running head from page 2, “Page X of Y” on every page', async () => {
    const page = await open('print-seed', seedText, {format: 'text'})
    const pdf = await print(page)
    await page.close()

    const document = await PDFDocument.load(pdf)
    const {width, height} = document.getPage(0).getSize()
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842])

    const fonts = await fontNames(pdf)
    expect(fonts.length).toBeGreaterThan(2)
    for (const font of fonts) expect(font).toMatch(/^Source(Serif4|Sans3)/)

    const pages = await pagesText(pdf)
    expect(pages.length).toBeGreaterThanOrEqual(2)
    // Chromium writes the margin boxes first: running head (not on page one), then the page number.
    expect(pages[0]!.slice(0, 3)).toEqual([`Page 1 of ${pages.length}`, 'VIF', 'Kazakhstan Protests Chinese Language'])
    pages.slice(1).forEach((lines, index) => {
      expect(lines.slice(0, 2)).toEqual(['VIF', `Page ${index + 2} of ${pages.length}`])
    })
  })

  it('Cyrillic, Greek and Vietnamese text print in the brief fonts too', async () => {
    const page = await open('print-scripts', '---\ntitle: Астана и Αθήνα\n---\n\nКазахстан, Ελλάδα, Việt Nam: *Казахстан* **Ελλάδα**.\n')
    const pdf = await print(page)
    await page.close()
    for (const font of await fontNames(pdf)) expect(font).toMatch(/^Source(Serif4|Sans3)/)
    expect((await pagesText(pdf)).flat().join(' ')).toContain('Казахстан')
  })

  it('Letter paper and the short title as running head, from front matter', async () => {
    const page = await open('print-letter', rich.replace('lang: en', 'lang: en\npaper: Letter'))
    const pdf = await print(page)
    await page.close()
    const {width, height} = (await PDFDocument.load(pdf)).getPage(0).getSize()
    expect([Math.round(width), Math.round(height)]).toEqual([612, 792])
    const pages = await pagesText(pdf)
    expect(pages.length).toBeGreaterThanOrEqual(2)
    expect(pages[1]!.slice(0, 2)).toEqual(['Water and power', `Page 2 of ${pages.length}`])
  })
})

describe('screen', () => {
  it('fits a phone without sideways scrolling, and a desktop column', async () => {
    const page = await open('screen', seedText, {format: 'text'})
    await page.setViewport({width: 375, height: 800})
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await page.setViewport({width: 1280, height: 900})
    const width = await page.evaluate(() => document.body.getBoundingClientRect().width)
    expect(width).toBeGreaterThan(600)
    expect(width).toBeLessThan(900)
    await page.close()
  })
})
