/**
 * `RenderJob.pdfFirst` (a `--watch` rebuild): the same bytes as without it.
 * Either way the PDF is handed over (`onPdf`) before its thumbnail is drawn
 * from it, and the page is never brought to the front for a capture (the
 * thumbnail is PDFium's drawing of the final PDF, `thumbnail.ts`).
 */
import {createRequire} from 'node:module'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {createPdfRenderer, type PdfRenderer} from '../src/pdf/public.js'
import {briefJob} from './fixtures/pdf/job.js'

// The renderer loads Puppeteer's CommonJS build (`browser.ts`): the same module as here.
// `CdpPage`, the class of its pages, is exported but not in its typed API.
const puppeteer = createRequire(import.meta.url)('puppeteer-core') as {CdpPage: {prototype: {bringToFront: () => Promise<void>}}}
const pagePrototype = puppeteer.CdpPage.prototype
const bringToFront = pagePrototype.bringToFront

let renderer: PdfRenderer
// What happened, in order: `pdf` when `onPdf` is called, `front` when a page comes to the front (the old capture did).
let events: string[] = []

beforeAll(() => {
  pagePrototype.bringToFront = async function (this: unknown) {
    events.push('front')
    return bringToFront.call(this)
  }
  renderer = createPdfRenderer({concurrency: 1})
})

afterAll(async () => {
  pagePrototype.bringToFront = bringToFront
  await renderer?.close()
})

const render = async (pdfFirst: boolean) => {
  events = []
  const handed: Uint8Array[] = []
  const result = await renderer.render(briefJob({thumbnail: true, pdfFirst, onPdf: (pdf) => (events.push('pdf'), handed.push(pdf))}))
  return {result, handed, events: [...events]}
}

test('with `pdfFirst` or not, the PDF is handed over, no page comes to the front, and the bytes are the same', async () => {
  const usual = await render(false)
  const first = await render(true)
  expect(usual.events).toEqual(['pdf'])
  expect(first.events).toEqual(['pdf'])
  expect(first.result.thumbnail?.byteLength).toBeGreaterThan(0)
  expect(Buffer.compare(first.result.thumbnail!, usual.result.thumbnail!)).toBe(0)
  expect(first.result.verified?.ok).toBe(true)
  expect(Buffer.compare(first.result.pdf, usual.result.pdf)).toBe(0)
  expect(Buffer.compare(first.handed[0]!, first.result.pdf)).toBe(0)
})
