/**
 * The renderer's DevTools calls around a print: each one waits its turn in
 * a busy renderer (5–20 ms on a loaded machine), so those a brief can do
 * without are not made. Print-ahead is one call, which also waits for the
 * fonts (no call of its own before the print), and marks the links and reads the
 * contents list's targets first, in the same call: after the print, nothing is
 * asked of the page until the PDF is handed over. Counted on Puppeteer's DevTools
 * sessions, for a render of the brief fixture.
 */
import {createRequire} from 'node:module'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {createPdfRenderer, type PdfRenderer} from '../src/pdf/public.js'
import {briefJob} from './fixtures/pdf/job.js'

type Send = (this: unknown, method: string, params?: Record<string, unknown>) => Promise<unknown>
// The browser is Puppeteer's CommonJS build (`browser.ts`): the same session class as here, not in its typed API.
const sessionPrototype = (createRequire(import.meta.url)('puppeteer-core') as {CdpCDPSession: {prototype: {send: Send}}}).CdpCDPSession.prototype
const {send} = sessionPrototype

let renderer: PdfRenderer
// What was asked, in order: a method, or `call: <function>` for a function called in the page, and `pdf` when the PDF is handed over.
const events: string[] = []

beforeAll(() => {
  sessionPrototype.send = function (method, params) {
    events.push(method === 'Runtime.callFunctionOn' ? `call: ${String(params?.functionDeclaration)}` : method)
    return send.call(this, method, params)
  }
  renderer = createPdfRenderer({concurrency: 1})
})

afterAll(async () => {
  sessionPrototype.send = send
  await renderer?.close()
})

for (const pdfFirst of [false, true]) {
  test(`${pdfFirst ? 'a `pdfFirst` render' : 'a render'}: print-ahead's one call right before the print, none from the print to the PDF`, async () => {
    events.length = 0
    const result = await renderer.render(briefJob({pdfFirst, onPdf: () => events.push('pdf')}))
    expect(result.verified?.ok).toBe(true)
    const calls = events.filter((event) => event.startsWith('call: ') || event === 'Page.printToPDF' || event === 'pdf')
    const ahead = calls.findIndex((event) => event.includes('mendPagesAhead'))
    const printed = calls.indexOf('Page.printToPDF')
    expect(ahead).toBeGreaterThan(-1)
    // Print-ahead (its findings by value, after the fonts), then the print.
    expect(printed - ahead).toBe(1)
    expect(calls[printed - 1]).toMatch(/fonts/)
    // Nothing asked of the page between the print and the PDF.
    expect(calls.slice(printed + 1, calls.indexOf('pdf'))).toEqual([])
  })

  test(`${pdfFirst ? 'a `pdfFirst` render' : 'a render'}: the links marked and the contents targets read in print-ahead's call, not in calls of their own`, async () => {
    events.length = 0
    await renderer.render(briefJob({pdfFirst, onPdf: () => events.push('pdf')}))
    const calls = events.filter((event) => event.startsWith('call: ') || event === 'Page.printToPDF')
    const printed = calls.indexOf('Page.printToPDF')
    const marking = calls.filter((event) => event.includes('a[href], area[href]'))
    const targets = calls.filter((event) => event.includes('[data-brief-page-of]') && event.includes('getAttribute'))
    // One call, right before the print: the links, then the targets, then print-ahead's layout.
    expect(marking).toEqual([calls[printed - 1]])
    expect(targets).toEqual([calls[printed - 1]])
    const ahead = calls[printed - 1]!
    expect(ahead).toMatch(/mendPagesAhead/)
    expect(ahead.indexOf('a[href], area[href]')).toBeLessThan(ahead.indexOf('mendPagesAhead'))
  })
}
