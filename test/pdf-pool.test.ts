/**
 * A pool of two pages printing at once, each job with a thumbnail (a
 * screenshot after the print). A screenshot of a background tab could wait
 * for a frame that never came; Puppeteer's per-context screenshot lock then
 * held up the other page's screenshot, the closing of the timed-out page and
 * the making of the next one. The renderer now gives each page its own
 * browser context, takes screenshots one at a time with the page in front,
 * and a job's timeout covers every step. The stall was intermittent (about one
 * in 50 to 100 real briefs), so this is a guard, not a sure reproduction.
 * One browser for the whole file.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {createPdfRenderer, type PdfRenderer, type RenderJob, type RenderResult} from '../src/pdf/index.js'

let renderer: PdfRenderer

beforeAll(() => {
  renderer = createPdfRenderer({concurrency: 2, verify: false})
})

afterAll(async () => {
  await renderer?.close()
})

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function smallJob(index: number, overrides: Partial<RenderJob> = {}): RenderJob {
  const paragraphs = Array.from(
    {length: 3 + (index % 5) * 6},
    (_, n) => `<p>Paragraph ${n + 1} of brief ${index}: the pool prints two pages at once and takes a thumbnail of each.</p>`
  ).join('\n')
  return {
    name: `pool-brief-${index}`,
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Brief ${index}</title>
<style>@page {size: A4; margin: 20mm} body {font: 12pt/1.5 serif} h1 {color: #234}</style></head>
<body><h1>Brief ${index}</h1>${paragraphs}</body></html>`,
    metadata: {title: `Brief ${index}`, authors: ['A. N. Other'], lang: 'en'},
    thumbnail: true,
    ...overrides
  }
}

describe('two pages with thumbnails at once', () => {
  test('40 jobs through a pool of 2 all settle with PDFs and PNG thumbnails', async () => {
    const started = performance.now()
    const settled = await Promise.allSettled(Array.from({length: 40}, (_, index) => renderer.render(smallJob(index))))
    const seconds = (performance.now() - started) / 1000

    const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []))
    expect(failures).toEqual([])
    for (const outcome of settled as Array<PromiseFulfilledResult<RenderResult>>) {
      const {pdf, pages, thumbnail} = outcome.value
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
      expect(pages).toBeGreaterThanOrEqual(1)
      expect(thumbnail).toBeDefined()
      expect([...thumbnail!.subarray(0, 8)]).toEqual(pngSignature)
      // About 240 px wide: the IHDR width, big-endian, at byte 16.
      expect(Buffer.from(thumbnail!).readUInt32BE(16)).toBeGreaterThanOrEqual(230)
    }
    // Generous: a stall used to last forever; 40 small jobs take seconds.
    expect(seconds).toBeLessThan(150)
  }, 240_000)

  test('a job that runs out of time is rejected and its page replaced; the pool keeps printing', async () => {
    const results = await Promise.allSettled([
      renderer.render(smallJob(100, {timeout: 1})),
      renderer.render(smallJob(101)),
      renderer.render(smallJob(102, {timeout: 1})),
      renderer.render(smallJob(103))
    ])
    expect(results[0]).toMatchObject({status: 'rejected', reason: expect.objectContaining({message: expect.stringMatching(/`pool-brief-100`.*timed out after 1 ms/)})})
    expect(results[2]).toMatchObject({status: 'rejected', reason: expect.objectContaining({message: expect.stringMatching(/timed out after 1 ms/)})})
    expect(results[1]!.status).toBe('fulfilled')
    expect(results[3]!.status).toBe('fulfilled')
    const after = await Promise.all([renderer.render(smallJob(104)), renderer.render(smallJob(105))])
    for (const result of after) expect([...result.thumbnail!.subarray(0, 8)]).toEqual(pngSignature)
  }, 120_000)
})
