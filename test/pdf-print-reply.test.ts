/**
 * A print's PDF comes back in the reply to `Page.printToPDF` itself
 * (`ReturnAsBase64`), not as a stream read with `IO.read` round trips, with
 * every other parameter as Puppeteer's `page.pdf` sends it for our options
 * (`format`, `preferCSSPageSize`, `printBackground`, `tagged`, `outline`), so
 * the PDF is the one `page.pdf` prints; and a Puppeteer without the page's
 * own session falls back to `page.pdf` itself.
 */
import {createRequire} from 'node:module'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {createPdfRenderer, type PdfRenderer} from '../src/pdf/public.js'
import {briefJob} from './fixtures/pdf/job.js'

type Send = (this: unknown, method: string, params?: Record<string, unknown>) => Promise<unknown>
const require = createRequire(import.meta.url)
// The renderer loads Puppeteer's CommonJS build (`browser.ts`): the same classes as here. Neither is in its typed API.
const puppeteer = require('puppeteer-core') as {CdpCDPSession: {prototype: {send: Send}}}
const {parsePDFOptions} = require('puppeteer-core/lib/cjs/puppeteer/common/util.js') as {
  parsePDFOptions: (options: Record<string, unknown>) => Record<string, unknown> & {width: number; height: number; margin: Record<'top' | 'bottom' | 'left' | 'right', number>}
}
const sessionPrototype = puppeteer.CdpCDPSession.prototype
const {send} = sessionPrototype

let renderer: PdfRenderer
const sent: Array<{method: string; params?: Record<string, unknown>}> = []

beforeAll(() => {
  sessionPrototype.send = function (method, params) {
    sent.push({method, params})
    return send.call(this, method, params)
  }
  renderer = createPdfRenderer({concurrency: 1})
})

afterAll(async () => {
  sessionPrototype.send = send
  await renderer?.close()
})

/** What Puppeteer 24's `createPDFStream` sends for `page.pdf(options)`, but the transfer mode. */
function puppeteerParameters(options: Record<string, unknown>): Record<string, unknown> {
  const parsed = parsePDFOptions(options)
  return {
    landscape: parsed.landscape,
    displayHeaderFooter: parsed.displayHeaderFooter,
    headerTemplate: parsed.headerTemplate,
    footerTemplate: parsed.footerTemplate,
    printBackground: parsed.printBackground,
    scale: parsed.scale,
    paperWidth: parsed.width,
    paperHeight: parsed.height,
    marginTop: parsed.margin.top,
    marginBottom: parsed.margin.bottom,
    marginLeft: parsed.margin.left,
    marginRight: parsed.margin.right,
    pageRanges: parsed.pageRanges,
    preferCSSPageSize: parsed.preferCSSPageSize,
    generateTaggedPDF: parsed.tagged,
    generateDocumentOutline: parsed.outline
  }
}

test.each(['A4', 'Letter'] as const)('a print on %s paper comes back in one reply, with the parameters of page.pdf', async (paper) => {
  sent.length = 0
  const result = await renderer.render(briefJob({name: `reply-${paper}`, paper}))
  expect(result.verified?.ok).toBe(true)
  const prints = sent.filter((call) => call.method === 'Page.printToPDF')
  expect(prints.length).toBeGreaterThan(0)
  for (const {params} of prints) {
    const {transferMode, ...rest} = params ?? {}
    expect(transferMode).toBe('ReturnAsBase64')
    expect(rest).toEqual(puppeteerParameters({format: paper, preferCSSPageSize: true, printBackground: true, tagged: true, outline: true}))
  }
  expect(sent.filter((call) => call.method.startsWith('IO.'))).toEqual([])
})

test('a Puppeteer whose page has no DevTools session of its own prints with page.pdf, the same PDF', async () => {
  // `_client()` is Puppeteer's, not its typed API: a release without it must still print, through `page.pdf`'s stream.
  const pagePrototype = (require('puppeteer-core') as {CdpPage: {prototype: {_client?: unknown}}}).CdpPage.prototype
  const client = Object.getOwnPropertyDescriptor(pagePrototype, '_client')
  expect(client).toBeDefined()
  const job = briefJob({name: 'reply-fallback', paper: 'A4'})
  sent.length = 0
  const withReply = await renderer.render(job)
  delete pagePrototype._client
  try {
    sent.length = 0
    const withStream = await renderer.render(job)
    expect(withStream.verified?.ok).toBe(true)
    const prints = sent.filter((call) => call.method === 'Page.printToPDF')
    expect(prints.length).toBeGreaterThan(0)
    for (const {params} of prints) expect(params?.transferMode).toBe('ReturnAsStream')
    expect(sent.some((call) => call.method === 'IO.read')).toBe(true)
    // The same print, only carried another way: the same bytes (the renderer's PDFs are reproducible).
    expect(withReply.verified?.ok).toBe(true)
    expect(Buffer.compare(Buffer.from(withStream.pdf), Buffer.from(withReply.pdf))).toBe(0)
  } finally {
    Object.defineProperty(pagePrototype, '_client', client!)
  }
})
