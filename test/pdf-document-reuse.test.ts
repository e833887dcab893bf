/**
 * The same brief printed again on its page (a `--watch` rebuild) is put into
 * the page's document instead of loaded by a new navigation, when that
 * document loaded nothing but our fonts and was refused nothing: its body
 * alone replaced when the new HTML has the same head and a body that loads
 * nothing by itself, else the whole document written over (`document.open`).
 * The PDF is the same bytes as a navigated print, and every request the new
 * document makes still goes through the request handler: refused requests
 * are refused and reported as before; an image of the last document is never
 * reused without asking.
 */
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, beforeEach, expect, test} from 'vitest'
import {createPdfRenderer, type PdfRenderer} from '../src/pdf/public.js'
import {briefJob, fixtures, fontAsset, fontsOnlyHtml} from './fixtures/pdf/job.js'

// The renderer loads Puppeteer's CommonJS build (`browser.ts`): the same module as here.
// `CdpPage`, the class of its pages, is exported but not in its typed API.
type Load = (this: unknown, ...args: unknown[]) => Promise<unknown>
const puppeteer = createRequire(import.meta.url)('puppeteer-core') as {CdpPage: {prototype: {goto: Load; setContent: Load}}}
const pagePrototype = puppeteer.CdpPage.prototype
const {goto, setContent} = pagePrototype

let renderer: PdfRenderer
let folder: string
// How each document was loaded, in order (a body replaced is neither).
let loads: Array<'navigation' | 'written over'> = []

beforeAll(() => {
  pagePrototype.goto = function (...args) {
    loads.push('navigation')
    return goto.apply(this, args)
  }
  pagePrototype.setContent = function (...args) {
    loads.push('written over')
    return setContent.apply(this, args)
  }
  folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-document-reuse-'))
  // One page: every brief is printed on the page that printed the one before.
  renderer = createPdfRenderer({concurrency: 1})
})

beforeEach(() => {
  loads = []
})

afterAll(async () => {
  pagePrototype.goto = goto
  pagePrototype.setContent = setContent
  await renderer?.close()
  rmSync(folder, {recursive: true, force: true})
})

test('the same brief again has its body replaced, no navigation and no document written, and prints the same bytes as a navigated print', async () => {
  const edited = fontsOnlyHtml('<p>A paragraph added while watching.</p>')
  await renderer.render(briefJob({name: 'watched', html: fontsOnlyHtml()}))
  const replaced = await renderer.render(briefJob({name: 'watched', html: edited}))
  expect(loads).toEqual(['navigation'])
  expect(replaced.blocked).toEqual([])
  expect(replaced.verified?.ok).toBe(true)

  // Another brief in between: the same edit under the same name is navigated to again.
  await renderer.render(briefJob({name: 'other', html: fontsOnlyHtml()}))
  const navigated = await renderer.render(briefJob({name: 'watched', html: edited}))
  expect(loads).toEqual(['navigation', 'navigation', 'navigation'])
  expect(Buffer.from(replaced.pdf).equals(Buffer.from(navigated.pdf))).toBe(true)
})

test('a replaced body takes the new root attributes, loads a face its new text first needs, and leaves no face of the old text in its print', async () => {
  // A Cyrillic face the page loads only for Cyrillic text (`loadEveryFontFace`), through the request handler.
  const cyrillic = `@font-face { font-family: "Source Serif 4"; font-weight: 400; font-style: normal; src: url("assets/fonts/source-serif-4-cyrillic-400-normal.woff2") format("woff2"); unicode-range: U+0400-045F; }`
  const assets = [...briefJob().assets!, fontAsset('source-serif-4', 'source-serif-4-cyrillic-400-normal.woff2')]
  const plain = fontsOnlyHtml('', cyrillic)
  const russian = fontsOnlyHtml('<p>Казахстан вызвал посла Китая.</p>', cyrillic).replace('<html lang="en">', '<html lang="ru" dir="ltr">')
  const job = (html: string, name = 'cyrillic') => briefJob({name, html, assets})
  await renderer.render(job(plain))
  const withCyrillic = await renderer.render(job(russian))
  const without = await renderer.render(job(plain))
  expect(loads).toEqual(['navigation'])
  expect(withCyrillic.blocked).toEqual([])
  expect(withCyrillic.verified?.ok).toBe(true)

  const navigatedWith = await renderer.render(job(russian, 'cyrillic-navigated'))
  await renderer.render(job(russian, 'cyrillic-other'))
  const navigatedWithout = await renderer.render(job(plain, 'cyrillic-navigated'))
  expect(loads).toEqual(['navigation', 'navigation', 'navigation', 'navigation'])
  // A face left unloaded (or an old one used) would print other glyphs than the navigated prints'.
  expect(Buffer.from(withCyrillic.pdf).equals(Buffer.from(navigatedWith.pdf))).toBe(true)
  expect(Buffer.from(without.pdf).equals(Buffer.from(navigatedWithout.pdf))).toBe(true)
})

test('another head is written over the document, and prints the bytes of a navigated print', async () => {
  const retitled = fontsOnlyHtml().replace('<title>', '<title>Edited: ')
  await renderer.render(briefJob({name: 'retitled', html: fontsOnlyHtml()}))
  const written = await renderer.render(briefJob({name: 'retitled', html: retitled}))
  await renderer.render(briefJob({name: 'other', html: fontsOnlyHtml()}))
  const navigated = await renderer.render(briefJob({name: 'retitled', html: retitled}))
  expect(loads).toEqual(['navigation', 'written over', 'navigation', 'navigation'])
  expect(Buffer.from(written.pdf).equals(Buffer.from(navigated.pdf))).toBe(true)
})

test('a request a replaced body makes at layout goes through the request handler: refused and reported, and its document is navigated away from', async () => {
  const remote = 'http://127.0.0.1:9/background.png'
  const styled = fontsOnlyHtml(`<p style="background-image: url(${remote})">A paragraph with a remote background.</p>`)
  await renderer.render(briefJob({name: 'styled', html: fontsOnlyHtml()}))
  const first = await renderer.render(briefJob({name: 'styled', html: styled}))
  const again = await renderer.render(briefJob({name: 'styled', html: styled}))
  expect(loads).toEqual(['navigation', 'navigation'])
  expect(first.blocked).toEqual([remote])
  expect(again.blocked).toEqual([remote])
})

test('a refused request is refused and reported in a written-over document, and its document is navigated away from', async () => {
  const remote = 'http://127.0.0.1:9/chart.svg'
  const withRemote = fontsOnlyHtml(`<p><img src="${remote}" alt=""></p>`)
  await renderer.render(briefJob({name: 'refused', html: fontsOnlyHtml()}))
  const first = await renderer.render(briefJob({name: 'refused', html: withRemote}))
  const again = await renderer.render(briefJob({name: 'refused', html: withRemote}))
  expect(loads).toEqual(['navigation', 'written over', 'navigation'])
  expect(first.blocked).toEqual([remote])
  expect(again.blocked).toEqual([remote])
})

test('a document that loaded an image is navigated away from: the next print asks for the image again and is refused it once it is gone', async () => {
  const articleDir = path.join(folder, 'article')
  mkdirSync(path.join(articleDir, 'images'), {recursive: true})
  copyFileSync(path.join(fixtures, 'brief', 'images', 'map.png'), path.join(articleDir, 'images', 'map.png'))
  const withImage = fontsOnlyHtml('<figure><img src="images/map.png" alt="A small map"></figure>')
  await renderer.render(briefJob({name: 'pictured', html: fontsOnlyHtml(), resourceDir: articleDir}))
  const shown = await renderer.render(briefJob({name: 'pictured', html: withImage, resourceDir: articleDir}))
  expect(shown.blocked).toEqual([])
  rmSync(path.join(articleDir, 'images', 'map.png'))
  const gone = await renderer.render(briefJob({name: 'pictured', html: withImage, resourceDir: articleDir}))
  expect(loads).toEqual(['navigation', 'written over', 'navigation'])
  expect(gone.blocked).toEqual(['http://brief.localhost/images/map.png'])
})
