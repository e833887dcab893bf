/**
 * The seed article through the real chain (`buildBrief`: recognizer, notes,
 * template, renderer), its PDF read back: issue 5 is done when this passes.
 * One browser per build; the two builds run one after the other.
 */
import {Buffer} from 'node:buffer'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {fromHtml} from 'hast-util-from-html'
import {selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {PDFDict, PDFDocument, PDFName} from 'pdf-lib'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {buildBrief, type FileResult} from '../src/build/index.js'

type PdfJsDocument = Awaited<ReturnType<typeof getDocument>['promise']>
interface OutlineEntry {
  title: string
  items: OutlineEntry[]
}

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const seed = path.join(root, 'input', 'vif-kazakhstan-protests-chinese-article.txt')

let out: string
let first: FileResult
let second: FileResult
let pdf: Uint8Array
let html: string
let reading: PdfJsDocument

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-pdf-seed-'))
  first = await buildBrief(seed, {cwd: root, out: path.join(out, 'a'), force: true, concurrency: 1})
  second = await buildBrief(seed, {cwd: root, out: path.join(out, 'b'), force: true, concurrency: 1})
  pdf = new Uint8Array(readFileSync(first.outputs.find((file) => file.endsWith('.pdf'))!))
  html = readFileSync(first.outputs.find((file) => file.endsWith('.html'))!, 'utf8')
  reading = await getDocument({data: pdf.slice(), isEvalSupported: false, verbosity: 0}).promise
}, 180_000)

afterAll(async () => {
  await reading?.destroy()
  rmSync(out, {recursive: true, force: true})
})

async function pageText(number: number): Promise<Array<{str: string; x: number; y: number}>> {
  const content = await (await reading.getPage(number)).getTextContent()
  return content.items.flatMap((item) => ('str' in item && item.str.trim() ? [{str: item.str.trim(), x: item.transform[4] as number, y: item.transform[5] as number}] : []))
}

describe('the seed brief', () => {
  test('builds, with nothing blocked and nothing lost in print', () => {
    expect(first.status).toBe('built')
    const rules = first.file.messages.map((message) => message.ruleId)
    expect(rules).not.toContain('request-blocked')
    expect(rules).not.toContain('text-not-printed')
    expect(rules).not.toContain('render-failed')
  })

  test('two builds give byte-identical PDFs', () => {
    const other = readFileSync(second.outputs.find((file) => file.endsWith('.pdf'))!)
    expect(Buffer.compare(other, Buffer.from(pdf))).toBe(0)
  })

  test('A4 pages', async () => {
    expect(first.pages).toBe(reading.numPages)
    for (let number = 1; number <= reading.numPages; number++) {
      const [x0, y0, x1, y1] = (await reading.getPage(number)).view
      // A4 is 595.28 × 841.89 pt; Chromium rounds the page to whole CSS pixels.
      expect(Math.abs(x1! - x0! - 595.28)).toBeLessThan(1)
      expect(Math.abs(y1! - y0! - 841.89)).toBeLessThan(1)
    }
  })

  test('running head from page 2 on, not on page 1; “Page X of Y” on every page', async () => {
    expect(reading.numPages).toBeGreaterThanOrEqual(2)
    // The running head is page 2's topmost line; it may repeat text of page 1
    // (the organization's name in the masthead), so it is known by its place too.
    const [head] = (await pageText(2)).sort((a, b) => b.y - a.y)
    const isHead = (item: {str: string; x: number; y: number}) => item.str === head!.str && Math.abs(item.x - head!.x) < 2 && Math.abs(item.y - head!.y) < 2
    expect((await pageText(1)).filter(isHead)).toEqual([])
    for (let number = 2; number <= reading.numPages; number++) {
      expect((await pageText(number)).filter(isHead)).toHaveLength(1)
    }
    for (let number = 1; number <= reading.numPages; number++) {
      const text = (await pageText(number)).map((item) => item.str).join(' ')
      expect(text).toMatch(new RegExp(`Page ${number} of ${reading.numPages}`))
    }
  })

  test('bookmarks are the headings, in order', async () => {
    const tree = fromHtml(html)
    const isHidden = (heading: (typeof headings)[number]) => String(heading.properties.className ?? '').includes('sr-only')
    const headings = selectAll('h1, h2, h3, h4', tree)
    const textOf = (heading: (typeof headings)[number]) => toText(heading, {whitespace: 'normal'}).replace(/\u00AD/g, '').trim()
    const hidden = new Set(headings.filter(isHidden).map(textOf))
    const flat = (entries: OutlineEntry[]): string[] => entries.flatMap((entry) => [entry.title, ...flat(entry.items)])
    const bookmarks = flat(((await reading.getOutline()) ?? []) as unknown as OutlineEntry[])
    // A visually hidden heading (the notes' label) gets a bookmark only when the CSS shows it.
    expect(bookmarks.filter((title) => !hidden.has(title))).toEqual(headings.filter((heading) => !isHidden(heading)).map(textOf))
  })

  test('every note call, back-link and URL is a link annotation', async () => {
    const tree = fromHtml(html)
    const internal = selectAll('a[data-footnote-ref], a[data-footnote-backref]', tree).map((a) => decodeURIComponent(String(a.properties.href).slice(1)))
    const external = selectAll('main a[href^="http"]', tree).map((a) => String(a.properties.href))
    const destinations: string[] = []
    const urls: string[] = []
    for (let number = 1; number <= reading.numPages; number++) {
      for (const annotation of await (await reading.getPage(number)).getAnnotations()) {
        if (annotation.subtype !== 'Link') continue
        if (annotation.url) urls.push(annotation.url)
        else if (typeof annotation.dest === 'string') destinations.push(annotation.dest)
      }
    }
    expect(internal.length).toBeGreaterThan(10)
    expect(destinations.sort()).toEqual(internal.sort())
    expect(new Set(urls)).toEqual(new Set(external.map((url) => new URL(url).href)))
  })

  test('metadata from the brief', async () => {
    const document = await PDFDocument.load(pdf, {updateMetadata: false})
    expect(document.getTitle()).toBe('Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity')
    expect(document.getAuthor()).toMatch(/Pravesh Kumar Gupta/)
    expect(document.getCreator()).toBe('remark-brief')
    expect(String(document.catalog.get(PDFName.of('Lang')))).toBe('(en)')
  })

  test('fonts: embedded subsets of our @fontsource families only', async () => {
    const document = await PDFDocument.load(pdf)
    const fonts = document.context
      .enumerateIndirectObjects()
      .flatMap(([, object]) => (object instanceof PDFDict && String(object.get(PDFName.of('Type'))) === '/FontDescriptor' ? [String(object.get(PDFName.of('FontName'))).slice(1)] : []))
    expect(fonts.length).toBeGreaterThan(0)
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+(SourceSerif4|SourceSans3)/)
  })
})
