/**
 * The same brief again on its page (a `--watch` rebuild) has its body
 * replaced in one call that lays nothing out: the layout, made once from
 * scratch with every face in, is print-ahead's (its columns would lay the
 * brief out again anyway). Chromium's own count of layouts
 * (`Performance.getMetrics`, `LayoutCount`) is read on the renderer's page
 * around that call; the PDF is the bytes of a navigated print.
 */
import {createRequire} from 'node:module'
import type {CDPSession, Page} from 'puppeteer-core'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {createPdfRenderer, type PdfRenderer} from '../src/pdf/public.js'
import {briefJob, fontsOnlyHtml} from './fixtures/pdf/job.js'

type Evaluate = (this: Page, ...args: unknown[]) => Promise<unknown>
// The renderer loads Puppeteer's CommonJS build (`browser.ts`): the same module as here.
// `CdpPage`, the class of its pages, is exported but not in its typed API.
const pagePrototype = (createRequire(import.meta.url)('puppeteer-core') as {CdpPage: {prototype: {evaluate: Evaluate}}}).CdpPage.prototype
const {evaluate} = pagePrototype

let renderer: PdfRenderer
// Layouts Chromium made during each call that replaced a body.
const replacements: number[] = []

const layouts = async (page: Page) => {
  const client = (page as unknown as {_client: () => CDPSession})._client()
  const {metrics} = (await client.send('Performance.getMetrics')) as {metrics: Array<{name: string; value: number}>}
  return metrics.find((metric) => metric.name === 'LayoutCount')!.value
}

beforeAll(() => {
  pagePrototype.evaluate = async function (...args) {
    // `loadEveryFontFace` with a replacement (the same function without one loads the faces of a loaded document).
    if (!String(args[0]).includes('DOMParser') || args[1] === undefined) return evaluate.apply(this, args)
    const before = await layouts(this)
    const replaced = await evaluate.apply(this, args)
    if (replaced === true) replacements.push((await layouts(this)) - before)
    return replaced
  }
  renderer = createPdfRenderer({concurrency: 1})
})

afterAll(async () => {
  pagePrototype.evaluate = evaluate
  await renderer?.close()
})

test('a replaced body is not laid out by the call that replaces it, and prints the bytes of a navigated print', async () => {
  const edited = fontsOnlyHtml('<p>A paragraph added while watching.</p>')
  await renderer.render(briefJob({name: 'watched', html: fontsOnlyHtml()}))
  const replaced = await renderer.render(briefJob({name: 'watched', html: edited}))
  expect(replacements).toEqual([0])
  await renderer.render(briefJob({name: 'other', html: fontsOnlyHtml()}))
  const navigated = await renderer.render(briefJob({name: 'watched', html: edited}))
  expect(replacements).toEqual([0])
  expect(replaced.verified?.ok).toBe(true)
  expect(Buffer.compare(replaced.pdf, navigated.pdf)).toBe(0)
})
