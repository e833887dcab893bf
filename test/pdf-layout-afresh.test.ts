/**
 * Reproducible bytes on a busy machine: the same brief printed at once on two
 * pages, the CPU slowed 12× (as under a full test run on two shared cores),
 * gives the same PDF every time. Without a fresh layout the note calls'
 * superscript baselines came out 7/64 px apart in about half such pairs: the
 * layout after a web font swapped in depended on which layouts the loading
 * had made before. The printer holds the layout while the brief loads
 * (`holdLayout`, `releaseLayout`) and falls back to `layoutAfresh` for a
 * document without a `<head>`: both are printed here. One browser for the file.
 */
import {Buffer} from 'node:buffer'
import type {Page} from 'puppeteer-core'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {findBrowser, setPdfMetadata} from '../src/pdf/public.js'
import {applyPolicy, assetMap, documentUrl, holdLayout, layoutAfresh, releaseLayout, type PagePolicy} from '../src/pdf/page.js'
import {createPagePool, type PagePool} from '../src/pdf/pool.js'
import {briefAssets, briefHtml, fixtures} from './fixtures/pdf/job.js'
import {pdfDifference} from './setup/pdf-difference.js'
import path from 'node:path'

let pool: PagePool

beforeAll(() => {
  pool = createPagePool({executablePath: findBrowser(), concurrency: 2})
})

afterAll(async () => {
  await pool?.close()
})

const holdToken = 'f0e1d2c3-hold'

/** The printer's load and print steps on a page slowed `rate` times, fonts through the request handler; `held`: the layout held while loading, else laid out afresh. */
async function printSlowed(page: Page, rate: number, held: boolean): Promise<Uint8Array> {
  // A fresh context each time (the pool's page after a failed job): no font in its memory cache.
  await page.setCacheEnabled(false)
  const html = held ? holdLayout(briefHtml(), holdToken) : briefHtml()
  expect(html).toBeDefined()
  const policy: PagePolicy = {html: html!, url: documentUrl('slowed'), assets: assetMap(briefAssets()), resourceDir: path.join(fixtures, 'brief'), blocked: [], pending: new Set(), served: 0}
  const remove = await applyPolicy(page, policy)
  const session = await page.createCDPSession()
  try {
    await session.send('Emulation.setCPUThrottlingRate', {rate})
    await page.setViewport({width: 794, height: 1123})
    await page.goto(policy.url, {waitUntil: 'load', timeout: 0})
    await page.evaluate(async () => {
      const fonts = Object.getOwnPropertyDescriptor(Document.prototype, 'fonts')?.get?.call(document) as FontFaceSet
      const loads: Array<Promise<unknown>> = []
      for (const face of fonts as unknown as Iterable<FontFace>) loads.push(face.load())
      await Promise.allSettled(loads)
    })
    if (held) await releaseLayout(page, holdToken)
    else await layoutAfresh(page)
    const pdf = await page.pdf({format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0})
    expect(policy.blocked).toEqual([])
    // Chromium's own dates and ids out: what stays is the layout.
    return await setPdfMetadata(pdf, {title: 'Slowed', authors: [], lang: 'en'}, {sourceDateEpoch: ''})
  } finally {
    await session.send('Emulation.setCPUThrottlingRate', {rate: 1}).catch(() => undefined)
    await session.detach().catch(() => undefined)
    remove()
    await page.setCacheEnabled(true).catch(() => undefined)
  }
}

test('the same brief printed at once on two slowed pages, three times over, held and afresh: one PDF', async () => {
  const prints: Uint8Array[] = []
  for (let round = 0; round < 3; round++) {
    // Round 1 both held, round 2 both afresh, round 3 one of each: the two ways give the same bytes.
    const held = round === 0 ? [true, true] : round === 1 ? [false, false] : [true, false]
    prints.push(...(await Promise.all(held.map((way) => pool.withPage((page) => printSlowed(page, 12, way))))))
  }
  for (const pdf of prints.slice(1)) {
    const same = Buffer.compare(Buffer.from(pdf), Buffer.from(prints[0]!)) === 0
    expect(same, same ? '' : await pdfDifference(prints[0]!, pdf)).toBe(true)
  }
}, 240_000)

test('a held document lays nothing out while it loads: no font is requested until the release', async () => {
  await pool.withPage(async (page) => {
    await page.setCacheEnabled(false)
    const policy: PagePolicy = {html: holdLayout(briefHtml(), holdToken)!, url: documentUrl('held'), assets: assetMap(briefAssets()), resourceDir: path.join(fixtures, 'brief'), blocked: [], pending: new Set(), served: 0}
    const requested: string[] = []
    const onRequest = (request: {url(): string}) => requested.push(request.url())
    page.on('request', onRequest)
    const remove = await applyPolicy(page, policy)
    try {
      await page.setViewport({width: 794, height: 1123})
      await page.goto(policy.url, {waitUntil: 'load', timeout: 0})
      const before = await page.evaluate(() => ({display: getComputedStyle(document.documentElement).display, height: document.body.getBoundingClientRect().height}))
      expect(before).toEqual({display: 'none', height: 0})
      expect(requested.filter((url) => url.endsWith('.woff2'))).toEqual([])
      await releaseLayout(page, holdToken)
      const after = await page.evaluate(() => ({display: getComputedStyle(document.documentElement).display, holds: document.querySelectorAll('style[data-brief-hold]').length}))
      expect(after).toEqual({display: 'block', holds: 0})
      // Laid out now: the faces the text uses are asked for.
      await page.evaluate(async () => {
        await (Object.getOwnPropertyDescriptor(Document.prototype, 'fonts')?.get?.call(document) as FontFaceSet).ready
      })
      expect(requested.some((url) => url.endsWith('source-serif-4-latin-400-normal.woff2'))).toBe(true)
      expect(policy.blocked).toEqual([])
    } finally {
      page.off('request', onRequest)
      remove()
      await page.setCacheEnabled(true).catch(() => undefined)
    }
  })
}, 60_000)

test('holdLayout puts the hold right after `<head>`, never after `<header>`, and gives up without a head', () => {
  expect(holdLayout('<!doctype html><html><head><title>x</title></head><body><header>h</header></body></html>', 't1')).toBe(
    '<!doctype html><html><head><style data-brief-hold="t1">html{display:none!important}</style><title>x</title></head><body><header>h</header></body></html>'
  )
  expect(holdLayout('<HTML><HEAD lang="en"><body>b', 't2')).toBe('<HTML><HEAD lang="en"><style data-brief-hold="t2">html{display:none!important}</style><body>b')
  expect(holdLayout('<!doctype html><p>no head<header>h</header>', 't3')).toBeUndefined()
})
