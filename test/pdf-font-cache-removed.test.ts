/**
 * Our fonts stay in the page's memory cache from one brief to the next on the
 * same page, a thumbnail in between or not: a `--watch` rebuild (one page,
 * the same brief again) loads them without a round trip through the request
 * handler. Observed by removing the font file after the first brief: a
 * second brief that asked the handler again would be refused it (listed in
 * `blocked`); one served from the cache prints it all the same.
 */
import {copyFileSync, mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {createPdfRenderer, type PdfRenderer, type RenderAsset} from '../src/pdf/public.js'
import {fontAsset} from './fixtures/pdf/job.js'
import {pdfObjects} from './setup/pdf-objects.js'

let renderer: PdfRenderer
let folder: string

beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-font-cache-'))
  // One page: the second brief is printed on the page that printed the first.
  renderer = createPdfRenderer({concurrency: 1})
})

afterAll(async () => {
  await renderer?.close()
  rmSync(folder, {recursive: true, force: true})
})

const html = (words: string) => `<!doctype html><html lang="en"><head><style>
@font-face { font-family: Cached; src: url(assets/fonts/cached.woff2) format('woff2'); }
body { font-family: Cached, serif; }
</style></head><body><main><p>${words}</p></main></body></html>`

test('after a brief with a thumbnail, the next brief on the page gets our font from the cache', async () => {
  const file = path.join(folder, 'cached.woff2')
  copyFileSync(fontAsset('source-serif-4', 'source-serif-4-latin-400-normal.woff2').path, file)
  const assets: RenderAsset[] = [{url: 'assets/fonts/cached.woff2', path: file, type: 'font/woff2'}]
  const job = (name: string) => ({name, html: html(`${name} printed in the cached face.`), assets, thumbnail: true, metadata: {title: name, authors: [], lang: 'en'}})

  const first = await renderer.render(job('First'))
  expect(first.blocked).toEqual([])
  expect(first.thumbnail?.byteLength).toBeGreaterThan(0)

  rmSync(file)
  const second = await renderer.render(job('Second'))
  expect(second.blocked).toEqual([])
  expect(await pdfObjects(second.pdf)).toMatch(/FontName \/[A-Z]{6}\+SourceSerif4/)
})
