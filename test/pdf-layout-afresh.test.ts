/**
 * Reproducible bytes on a busy machine: the same brief printed at once on two
 * pages, the CPU slowed 12× (as under a full test run on two shared cores),
 * gives the same PDF every time. Without `layoutAfresh` the note calls'
 * superscript baselines came out 7/64 px apart in about half such pairs: the
 * layout after a web font swapped in depended on which layouts the loading
 * had made before. One browser for the file.
 */
import {Buffer} from 'node:buffer'
import type {Page} from 'puppeteer-core'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {findBrowser, setPdfMetadata} from '../src/pdf/index.js'
import {applyPolicy, assetMap, documentUrl, layoutAfresh, type PagePolicy} from '../src/pdf/page.js'
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

/** The printer's load and print steps on a page slowed `rate` times, fonts through the request handler. */
async function printSlowed(page: Page, rate: number): Promise<Uint8Array> {
  // A fresh context each time (the pool's page after a failed job): no font in its memory cache.
  await page.setCacheEnabled(false)
  const policy: PagePolicy = {html: briefHtml(), url: documentUrl('slowed'), assets: assetMap(briefAssets()), resourceDir: path.join(fixtures, 'brief'), blocked: [], pending: new Set(), served: 0}
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
    await layoutAfresh(page)
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

test('the same brief printed at once on two slowed pages, three times over: one PDF', async () => {
  const prints: Uint8Array[] = []
  for (let round = 0; round < 3; round++) {
    prints.push(...(await Promise.all([pool.withPage((page) => printSlowed(page, 12)), pool.withPage((page) => printSlowed(page, 12))])))
  }
  for (const pdf of prints.slice(1)) {
    const same = Buffer.compare(Buffer.from(pdf), Buffer.from(prints[0]!)) === 0
    expect(same, same ? '' : await pdfDifference(prints[0]!, pdf)).toBe(true)
  }
}, 240_000)
