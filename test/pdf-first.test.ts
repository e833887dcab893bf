/**
 * `RenderJob.pdfFirst` (a `--watch` rebuild): the PDF's finish starts on the
 * first print and the thumbnail waits until the PDF is final. The same bytes
 * as without it; the PDF is handed over (`onPdf`) before the thumbnail is
 * taken, where without it the thumbnail is taken beside the finish.
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
// What happened, in order: `pdf` when `onPdf` is called, `thumbnail` when the thumbnail's page comes to the front.
let events: string[] = []

beforeAll(() => {
  pagePrototype.bringToFront = async function (this: unknown) {
    events.push('thumbnail')
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

test('with `pdfFirst`, the PDF is final before the thumbnail is taken, and its bytes are the same', async () => {
  // Without it the thumbnail is taken while the worker finishes the PDF (which comes first is a race, not asserted).
  const usual = await render(false)
  const first = await render(true)
  expect(first.events).toEqual(['pdf', 'thumbnail'])
  expect(first.result.thumbnail?.byteLength).toBeGreaterThan(0)
  expect(first.result.verified?.ok).toBe(true)
  expect(Buffer.compare(first.result.pdf, usual.result.pdf)).toBe(0)
  expect(Buffer.compare(first.handed[0]!, first.result.pdf)).toBe(0)
})
