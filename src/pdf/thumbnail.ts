/**
 * The site index's thumbnail: page 1 of the final PDF, drawn in Node by
 * PDFium (Chromium's own PDF rasteriser, as WebAssembly: `@hyzyla/pdfium`)
 * and written as a PNG (`pngjs`). Pure: PDF bytes in, PNG bytes out, the
 * same bytes for the same PDF; run in the finish worker (`finish-pool.ts`)
 * after the PDF is written, never on the page that printed it.
 *
 * It replaced a screenshot of the page's screen layout padded like page 1,
 * which cost a window shown and hidden and a capture in Chromium (~190 ms of
 * CPU a brief) and only looked like page 1. PDFium was chosen over pdfjs-dist
 * (already here for the read-back) on @napi-rs/canvas: ~25–45 ms of CPU a
 * page warm against ~90–110 ms, and no native binary (docs/bench.md, thumb8).
 */
import type {PDFiumLibrary} from '@hyzyla/pdfium'
import {importOptional, requireOptional} from '../optional.js'

/** The thumbnail's width in pixels; its height follows page 1's aspect ratio. */
export const thumbnailWidth = 240

/** Error code of a thumbnail that could not be made because PDFium or the PNG encoder is not installed. */
export const thumbnailUnavailable = 'ERR_THUMBNAIL_UNAVAILABLE'

// One PDFium instance per thread (its WebAssembly compiled once, ~0.3–0.6 s), kept for every later thumbnail.
let library: Promise<PDFiumLibrary> | undefined

function pdfium(): Promise<PDFiumLibrary> {
  library ??= importOptional<typeof import('@hyzyla/pdfium')>('@hyzyla/pdfium').then(({PDFiumLibrary}) => PDFiumLibrary.init())
  // A failed load is tried again next time (say, after the package is installed in a long `--watch`).
  library.catch(() => (library = undefined))
  return library
}

/**
 * Load PDFium and the PNG encoder now (~150 ms of CPU, and V8 compiles the
 * WebAssembly further in the background), ahead of the first thumbnail:
 * called by the finish worker when the first job that wants one starts, so
 * this overlaps that job's load and print instead of following its PDF.
 * Never throws: the thumbnail meets any failure again.
 */
export async function warmThumbnails(): Promise<void> {
  await pdfium().catch(() => undefined)
  try {
    requireOptional('pngjs')
  } catch {
    // Said by the thumbnail.
  }
}

/**
 * A PNG of page 1 of `pdf`, `width` pixels wide, its height rounded from the
 * page's aspect ratio: white paper, opaque RGB, 8 bits a channel. Throws
 * with `code` {@link thumbnailUnavailable} when a package is missing.
 */
export async function renderThumbnail(pdf: Uint8Array, width = thumbnailWidth): Promise<Uint8Array> {
  let pdfiumLibrary: PDFiumLibrary
  let PNG: typeof import('pngjs').PNG
  try {
    pdfiumLibrary = await pdfium()
    PNG = requireOptional<typeof import('pngjs')>('pngjs').PNG
  } catch (error) {
    throw Object.assign(new Error(`Cannot make thumbnails: ${error instanceof Error ? error.message : String(error)}`, {cause: error}), {code: thumbnailUnavailable})
  }
  const document = await pdfiumLibrary.loadDocument(pdf)
  try {
    const page = document.getPage(0)
    const {originalWidth, originalHeight} = page.getOriginalSize()
    const height = Math.max(1, Math.round((originalHeight * width) / originalWidth))
    // `BGRA` with the wrapper's reversed byte order: the pixels come out RGBA, on white.
    const bitmap = await page.render({width, height, colorSpace: 'BGRA', render: 'bitmap'})
    const data = Buffer.from(bitmap.data.buffer, bitmap.data.byteOffset, bitmap.data.byteLength)
    // RGB without alpha: the page is opaque. pngjs's defaults otherwise (each row's best filter, deflate level 9): ~8 ms.
    const png = PNG.sync.write({width: bitmap.width, height: bitmap.height, data} as InstanceType<typeof PNG>, {colorType: 2, inputHasAlpha: true})
    // Bytes of their own (a Buffer may share its memory), so the worker can transfer them.
    return new Uint8Array(png)
  } finally {
    document.destroy()
  }
}
