/**
 * Our fonts are served once per page: every later brief on that page gets
 * them from the page's memory cache (they are sent `immutable`), not through
 * the request handler, which reads the file and sends it over DevTools. The
 * thumbnail used to break that: its capture at a clip's scale made Chromium
 * emulate the view at that scale and back, and the next brief on the page
 * then requested every font again.
 */
import {Buffer} from 'node:buffer'
import {promises as fsPromises} from 'node:fs'
import {afterAll, beforeAll, expect, test, vi} from 'vitest'
import {createPdfRenderer, type PdfRenderer} from '../src/pdf/public.js'
import {briefAssets, briefJob} from './fixtures/pdf/job.js'

let renderer: PdfRenderer

beforeAll(() => {
  // One page: every brief is printed on the page that printed the one before.
  renderer = createPdfRenderer({concurrency: 1})
})

afterAll(async () => {
  await renderer?.close()
})

test('the briefs after the first on a page, thumbnails taken, read no font file: the fonts come from the page’s memory cache', async () => {
  const fonts = new Set(briefAssets().flatMap((asset) => (asset.type === 'font/woff2' ? [asset.path] : [])))
  const read = vi.spyOn(fsPromises, 'readFile')
  const fontReads = () => read.mock.calls.filter(([file]) => fonts.has(String(file))).length
  try {
    const first = await renderer.render(briefJob({name: 'first', thumbnail: true}))
    // The first brief on the page is served its fonts by the handler.
    const firstReads = fontReads()
    expect(firstReads).toBeGreaterThan(0)

    const second = await renderer.render(briefJob({name: 'second', thumbnail: true}))
    const third = await renderer.render(briefJob({name: 'third', thumbnail: true}))
    expect(fontReads() - firstReads).toBe(0)

    // Nothing refused, and the same fonts printed: the same bytes as the first print.
    for (const later of [second, third]) {
      expect(later.blocked).toEqual([])
      expect(later.verified?.ok).toBe(true)
      expect(Buffer.from(later.pdf).equals(Buffer.from(first.pdf))).toBe(true)
      expect(Buffer.from(later.thumbnail!).equals(Buffer.from(first.thumbnail!))).toBe(true)
    }
    // The thumbnail is still 240 px wide (PNG width: bytes 16–19 of the header).
    expect(Buffer.from(first.thumbnail!).readUInt32BE(16)).toBe(240)
  } finally {
    read.mockRestore()
  }
})
