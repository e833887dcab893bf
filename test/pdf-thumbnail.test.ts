/**
 * The thumbnail is page 1 of the final PDF as printed (`thumbnail.ts`: PDFium
 * in the finish worker), not the page's screen layout: its aspect ratio is
 * the printed page's (the CSS's `@page` size, not the job's paper), and what
 * the print put on page 2 is not on it. The screen capture it replaced had
 * the job's paper's aspect ratio and showed the screen layout, where page 2's
 * block follows page 1's with no break.
 */
import {Buffer} from 'node:buffer'
import {PNG} from 'pngjs'
import {afterAll, expect, test, vi} from 'vitest'
import {createFinishPool} from '../src/pdf/finish-pool.js'
import {createPdfRenderer} from '../src/pdf/index.js'

const renderer = createPdfRenderer({concurrency: 1})

afterAll(async () => {
  await renderer.close()
})

// A page 100 mm by 150 mm: a black block at the top of page 1, a red one alone on page 2.
const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thumbnail</title>
<style>
@page {size: 100mm 150mm; margin: 10mm}
body {margin: 0; font: 12pt/1.4 serif}
h1 {margin: 0; height: 20mm; background: black; color: white}
.page-two {break-before: page; height: 60mm; background: red; color: white}
</style></head>
<body><h1>Page one</h1><p>A line of text on page one.</p><p class="page-two">Page two</p></body></html>`

function pixels(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png))
}

/** Share of the pixels in rows `from`–`to` for which `match` holds. */
function share(image: PNG, from: number, to: number, match: (r: number, g: number, b: number) => boolean): number {
  let hits = 0
  for (let y = from; y < to; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4
      if (match(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!)) hits++
    }
  }
  return hits / ((to - from) * image.width)
}

const dark = (r: number, g: number, b: number) => r < 60 && g < 60 && b < 60
const red = (r: number, g: number, b: number) => r > 180 && g < 80 && b < 80

test('the thumbnail is page 1 as printed: 240 px wide, the page’s aspect ratio, page 1’s block and not page 2’s', async () => {
  const result = await renderer.render({name: 'thumbnail', html, metadata: {title: 'Thumbnail', authors: [], lang: 'en'}, paper: 'A4', thumbnail: true})
  expect(result.pages).toBe(2)
  expect(result.thumbnailError).toBeUndefined()
  const image = pixels(result.thumbnail!)
  // 100 by 150 mm: 240 by 360, give or take Chromium's rounding of the page to CSS pixels (an A4 capture would be 240 by 340).
  expect(image.width).toBe(240)
  expect(Math.abs(image.height - 360)).toBeLessThanOrEqual(1)
  // The black block: 10–30 mm from the top (24–72 px), 10–90 mm across; sampled inside it.
  expect(share(image, 30, 66, dark)).toBeGreaterThan(0.7)
  // Below page 1's text the page is white, and page 2's red block is nowhere.
  expect(share(image, 150, image.height, (r, g, b) => r > 250 && g > 250 && b > 250)).toBe(1)
  expect(share(image, 0, image.height, red)).toBe(0)

  // The same PDF, the same PNG bytes.
  const again = await renderer.render({name: 'thumbnail', html, metadata: {title: 'Thumbnail', authors: [], lang: 'en'}, paper: 'A4', thumbnail: true})
  expect(Buffer.compare(again.thumbnail!, result.thumbnail!)).toBe(0)
}, 60_000)

test('a PDF PDFium cannot read fails its thumbnail, not the worker: the next one is drawn', async () => {
  const pool = createFinishPool(1)
  try {
    await expect(pool.thumbnail(new TextEncoder().encode('not a PDF'), 240)).rejects.toThrow()
    const printed = await renderer.render({name: 'after', html, metadata: {title: 'After', authors: [], lang: 'en'}})
    const png = await pool.thumbnail(printed.pdf, 120)
    expect(pixels(png).width).toBe(120)
  } finally {
    await pool.close()
  }
}, 60_000)

test('without PDFium installed: the error says so, with the code the build reports once', async () => {
  vi.resetModules()
  vi.doMock('../src/optional.js', async (original) => ({
    ...(await original<typeof import('../src/optional.js')>()),
    importOptional: async (specifier: string) => {
      const {PrintPackageMissingError} = await original<typeof import('../src/optional.js')>()
      throw new PrintPackageMissingError(specifier, 'printing')
    }
  }))
  try {
    const {renderThumbnail, thumbnailUnavailable} = await import('../src/pdf/thumbnail.js')
    await expect(renderThumbnail(new Uint8Array(0))).rejects.toMatchObject({code: thumbnailUnavailable, message: expect.stringContaining('@hyzyla/pdfium')})
  } finally {
    vi.doUnmock('../src/optional.js')
    vi.resetModules()
  }
})
