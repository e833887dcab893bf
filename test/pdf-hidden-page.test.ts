/**
 * The pool's pages are hidden (their windows minimised) while they load,
 * lay out and print: a shown page painted every change on screen (the load,
 * the font swaps, print-ahead's columns), work no output shows. Hidden, the
 * page must still lay out for print (print media emulated across its
 * navigations: a second DevTools session on the page used to lose it), the
 * paged-media engine (which lays out in animation frames, never run in a
 * hidden page) must still finish. A thumbnail shows no window: it is drawn
 * from the PDF (`thumbnail.ts`).
 */
import {Buffer} from 'node:buffer'
import {afterAll, expect, test, vi} from 'vitest'
import {findBrowser} from '../src/pdf/browser.js'
import {applyPolicy, documentUrl, type PagePolicy} from '../src/pdf/page.js'
import {createPagePool} from '../src/pdf/pool.js'
import {createPdfRenderer, type RenderJob} from '../src/pdf/index.js'

const pool = createPagePool({executablePath: findBrowser(), concurrency: 1})
const renderer = createPdfRenderer({concurrency: 1, verify: false})

afterAll(async () => {
  await Promise.all([pool.close(), renderer.close()])
})

/** Load `html` the way the renderer does (a navigation through the page's policy) and say how the page is shown. */
async function loadAndLook(html: string): Promise<{visibility: string; print: boolean}> {
  return pool.withPage(async (page) => {
    const policy: PagePolicy = {html, url: documentUrl('hidden'), assets: new Map(), blocked: [], pending: new Set(), served: 0}
    const remove = await applyPolicy(page, policy)
    try {
      await page.goto(policy.url, {waitUntil: 'load'})
      const [visibility, print] = await page.evaluate(() => [document.visibilityState, matchMedia('print').matches] as const)
      return {visibility, print}
    } finally {
      remove()
    }
  })
}

test('a pool page loads its documents hidden, with print media, document after document', async () => {
  for (const round of [1, 2]) {
    expect(await loadAndLook(`<!doctype html><p>Document ${round}.</p>`)).toEqual({visibility: 'hidden', print: true})
  }
})

function job(name: string, overrides: Partial<RenderJob> = {}): RenderJob {
  const paragraphs = Array.from({length: 12}, (_, n) => `<p>Paragraph ${n + 1}: printed hidden, its thumbnail drawn from the PDF.</p>`).join('\n')
  return {
    name,
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<style>@page {size: A4; margin: 20mm} body {font: 12pt/1.5 serif}</style></head>
<body><h1>${name}</h1>${paragraphs}</body></html>`,
    metadata: {title: name, authors: ['A. N. Other'], lang: 'en'},
    thumbnail: true,
    timeout: 20_000,
    ...overrides
  }
}

test('a thumbnail is the same bytes whichever job the page printed before (one shown for the paged-media engine)', async () => {
  const first = await renderer.render(job('Thumbnail'))
  await renderer.render(job('Between', {pagedMedia: true}))
  const again = await renderer.render(job('Thumbnail'))
  expect(Buffer.from(again.thumbnail!).equals(Buffer.from(first.thumbnail!))).toBe(true)
}, 90_000)

test('a page-bottom notes job (the paged-media engine) finishes with its thumbnail', async () => {
  const result = await renderer.render(job('Paged', {pagedMedia: true}))
  expect(result.pages).toBeGreaterThanOrEqual(1)
  expect(Buffer.from(result.thumbnail!).readUInt32BE(16)).toBe(240)
}, 60_000)

test('page-bottom notes jobs in a row leave their page shown: one window call for three jobs, not a show and hide each', async () => {
  await renderer.render(job('Plain first'))
  // The browser class the renderer's pages belong to (the same puppeteer-core module).
  const browserClass = await pool.withPage(async (page) => Object.getPrototypeOf(page.browser()) as {setWindowBounds: (...args: unknown[]) => Promise<void>})
  const calls = vi.spyOn(browserClass, 'setWindowBounds')
  try {
    for (const name of ['Paged one', 'Paged two', 'Paged three']) await renderer.render(job(name, {pagedMedia: true}))
    // Shown once for the first; the next jobs find it shown.
    expect(calls.mock.calls.map(([, bounds]) => bounds)).toEqual([{windowState: 'normal'}])
    await renderer.render(job('Plain after'))
    await renderer.render(job('Plain again'))
    // A plain job hides it again before it loads; its thumbnail, and the next plain job, need no window call.
    expect(calls.mock.calls.map(([, bounds]) => (bounds as {windowState: string}).windowState)).toEqual(['normal', 'minimized'])
  } finally {
    calls.mockRestore()
  }
}, 120_000)
