/**
 * Page-bottom notes switch page JavaScript on to run Paged.js. The article
 * must still never run code: not through the build (sanitised, as before),
 * and not even when unsanitised HTML reaches the renderer (the CSP nonce and
 * the JavaScript-off load stop it). A local HTTP server counts every request
 * the page makes: there must be none. One browser for the whole file.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {VFile} from 'vfile'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {createBriefProcessor} from '../src/build/processor.js'
import {createPdfRenderer, pdfText, type PdfRenderer, type RenderResult} from '../src/pdf/public.js'
import {templateAssets} from '../src/template/index.js'
import {pageNotesCss} from '../src/template/page-notes.js'

let server: Server
let base: string
let hits: string[]
let renderer: PdfRenderer
let folder: string
const printed: Record<string, RenderResult> = {}
const text: Record<string, string> = {}

/** Every way the page could run code writes a `RAN-…` word into the document, which would print. */
function attacks(): string {
  const write = (word: string) => `document.body.insertAdjacentHTML('beforeend', '<p>${word}</p>')`
  return `
<script>${write('RAN-INLINE-SCRIPT')}</script>
<script nonce="guess">${write('RAN-NONCE-GUESS')}</script>
<script src="${base}/script.js"></script>
<img src="data:image/png;base64,AAAA" onerror="${write('RAN-ONERROR')}" alt="">
<svg width="4" height="4" onload="${write('RAN-SVG-ONLOAD')}"></svg>
<iframe srcdoc="<script>parent.${write('RAN-SRCDOC')}</script>"></iframe>
<a id="link" href="javascript:${write('RAN-JAVASCRIPT-URL')}">link</a>
<img src="data:image/png;base64,AAAA" onerror="fetch('${base}/fetch')" alt="">`
}

function rawHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Attack</title>
<style>${pageNotesCss}</style>
<script>${'document.title = "RAN-HEAD"'}</script>
</head><body onload="document.body.insertAdjacentHTML('beforeend', '<p>RAN-BODY-ONLOAD</p>')"><main>
<p>Attack paragraph with a note.<sup><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup><span class="brief-page-note" data-brief-note="1"><span class="brief-page-note-number" id="fn-1">1</span> <span data-note-block="p" data-note-lead>The only note, at the foot of the page.</span></span> After the call.</p>
${attacks()}
</main></body></html>`
}

const markdown = () => `---
title: Attack through the build
notes: page
---

A paragraph with a note.[^1] And raw HTML below.

${attacks()}

[^1]: The note <img src="data:image/png;base64,AAAA" onerror="document.body.append('RAN-NOTE-ONERROR')"> with an image.
`

beforeAll(async () => {
  hits = []
  server = createServer((request, response) => {
    hits.push(request.url ?? '')
    response.writeHead(200, {'content-type': 'text/javascript'})
    response.end(`document.body.insertAdjacentHTML('beforeend', '<p>RAN-REMOTE-SCRIPT</p>')`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-page-notes-security-'))

  renderer = createPdfRenderer({concurrency: 1})
  const metadata = {title: 'Attack', authors: [], lang: 'en'}
  printed.raw = await renderer.render({name: 'raw', html: rawHtml(), assets: templateAssets(), pagedMedia: true, metadata})

  const file = new VFile({path: 'attack.md', value: markdown()})
  const processor = createBriefProcessor({format: 'markdown'})
  const html = processor.stringify(await processor.run(processor.parse(file), file), file)
  printed.built = await renderer.render({name: 'built', html, resourceDir: folder, assets: templateAssets(), pagedMedia: file.data.brief?.notes === 'page', metadata})

  // The same page of the pool, next job without the option: JavaScript is off again.
  printed.after = await renderer.render({name: 'after', html: rawHtml(), assets: templateAssets(), metadata})
  for (const [name, result] of Object.entries(printed)) text[name] = await pdfText(result.pdf)
}, 180_000)

afterAll(async () => {
  await renderer?.close()
  await new Promise((resolve) => server?.close(resolve))
  rmSync(folder, {recursive: true, force: true})
})

describe('page-bottom notes never let the article run code', () => {
  test('Paged.js ran: the note printed after the paragraph, at the foot of the page', () => {
    // Laid out by Paged.js, the note leaves its paragraph: "After the call." comes before the note's text.
    const raw = text.raw!
    expect(printed.raw!.misplacedNotes).toEqual([])
    expect(raw.indexOf('After the call')).toBeGreaterThan(-1)
    expect(raw.indexOf('The only note')).toBeGreaterThan(raw.indexOf('After the call'))
  })

  test('no script, handler or javascript: URL of unsanitised HTML runs', () => {
    for (const name of ['raw', 'after']) expect(text[name]).not.toMatch(/RAN-/)
  })

  test('nor through the build (the article is sanitised as before)', () => {
    expect(text.built).toContain('A paragraph with a note')
    expect(text.built).not.toMatch(/RAN-/)
  })

  test('no request leaves the machine', () => {
    expect(hits).toEqual([])
  })
})
