/**
 * Nothing in an article may reach the network or read local files while it
 * prints: a local HTTP server counts every request the page makes (there must
 * be none), and a secret file next to the project must not end up in the PDF.
 * One browser for the whole file.
 */
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {pdfObjects} from './setup/pdf-objects.js'
import {createPdfRenderer, pdfText, type PdfRenderer, type RenderResult} from '../src/pdf/public.js'

const secret = 'SECRET-7f3a9c-DO-NOT-PRINT'
const control = 'CONTROL-IMAGE-PRINTED'

let server: Server
let base: string
let hits: string[]
let renderer: PdfRenderer
let folder: string
let articleDir: string
let secretDir: string
let printed: RenderResult
let text: string

/** An SVG image whose text, once printed, can be read back from the PDF. */
const svgWithText = (words: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="0" y="30" font-size="20" font-family="sans-serif">${words}</text></svg>`

beforeAll(async () => {
  hits = []
  server = createServer((request, response) => {
    hits.push(request.url ?? '')
    if (request.url === '/redirect') {
      response.writeHead(302, {location: `file://${path.join(secretDir, 'secret.svg')}`})
      response.end()
      return
    }
    response.writeHead(200, {'content-type': request.url?.endsWith('.css') ? 'text/css' : 'image/svg+xml'})
    response.end(request.url?.endsWith('.css') ? 'body { background: red }' : svgWithText(secret))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-pdf-security-'))
  articleDir = path.join(folder, 'article')
  secretDir = path.join(folder, 'private')
  mkdirSync(path.join(articleDir, 'images'), {recursive: true})
  mkdirSync(secretDir)
  writeFileSync(path.join(secretDir, 'secret.svg'), svgWithText(secret))
  writeFileSync(path.join(secretDir, 'secret.txt'), secret)
  writeFileSync(path.join(articleDir, 'images', 'control.svg'), svgWithText(control))
  // A symlink inside the article's folder that points outside it.
  symlinkSync(path.join(secretDir, 'secret.svg'), path.join(articleDir, 'images', 'escape.svg'))

  renderer = createPdfRenderer({concurrency: 1})
  printed = await renderer.render({name: 'attack', html: attackHtml(), resourceDir: articleDir, metadata: {title: 'Attack', authors: [], lang: 'en'}})
  text = await pdfText(printed.pdf)
})

afterAll(async () => {
  await renderer?.close()
  await new Promise((resolve) => server?.close(resolve))
  rmSync(folder, {recursive: true, force: true})
})

function attackHtml(): string {
  const secretFile = `file://${path.join(secretDir, 'secret.svg')}`
  return `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=${base}/refresh">
<link rel="stylesheet" href="${base}/style.css">
<link rel="icon" href="${base}/icon.svg">
<link rel="prefetch" href="${base}/prefetch.svg">
<link rel="preload" as="image" href="${base}/preload.svg">
<style>
@import url("${base}/import.css");
@font-face { font-family: Remote; src: url("${base}/font.woff2"); }
body { font-family: Remote, serif; }
main { background-image: url("${base}/background.svg"); }
</style>
<script src="${base}/script.js"></script>
<script>document.title = 'ran'</script>
</head><body><main>
<p>Attack paragraph.</p>
<img src="${base}/image.svg" alt="remote image">
<img src="${base}/redirect" alt="redirect">
<img src="${secretFile}" alt="file image">
<img src="images/../../private/secret.svg" alt="dot-dot image">
<img src="images/escape.svg" alt="symlink image">
<img src="images/control.svg" alt="control image">
<img srcset="${base}/srcset.svg 1x" alt="srcset">
<picture><source srcset="${base}/source.svg"><img alt="picture"></picture>
<video poster="${base}/poster.svg" src="${base}/video.mp4"></video>
<audio src="${base}/audio.mp3"></audio>
<iframe src="${base}/frame.html"></iframe>
<iframe src="file://${path.join(secretDir, 'secret.txt')}"></iframe>
<iframe srcdoc="<img src='${base}/srcdoc.svg'>"></iframe>
<iframe src="data:text/html,<img src='${base}/data-frame.svg'><p>framed</p>"></iframe>
<object data="${base}/object.svg"></object>
<embed src="${base}/embed.svg">
<svg width="10" height="10"><image href="${base}/svg-image.svg" width="10" height="10"/></svg>
<form action="${base}/form"><input type="image" src="${base}/input.svg"></form>
<a href="javascript:alert(1)">script link</a>
<a href="${base}/download.pdf" download>download</a>
</main></body></html>`
}


describe('no request leaves the page', () => {
  test('the local server gets zero hits', () => {
    expect(hits).toEqual([])
  })

  test('the refused requests are listed for the build to report', () => {
    expect(printed.blocked).toEqual(
      expect.arrayContaining([
        `${base}/style.css`,
        `${base}/import.css`,
        `${base}/font.woff2`,
        `${base}/background.svg`,
        `${base}/image.svg`,
        `${base}/redirect`,
        `${base}/frame.html`,
        `${base}/srcdoc.svg`,
        `${base}/object.svg`,
        `${base}/refresh`,
        // `images/../../private/secret.svg` resolves to the origin's root, outside the article's folder.
        'http://brief.localhost/private/secret.svg',
        'http://brief.localhost/images/escape.svg'
      ])
    )
    // Chromium refuses `file:` from an http page before interception sees it.
    expect(printed.blocked.some((url) => url.startsWith('file:'))).toBe(false)
    expect(printed.blocked.every((url) => !url.includes('control.svg'))).toBe(true)
  })

  test('page JavaScript never runs', async () => {
    const reading = await getDocument({data: printed.pdf.slice(), verbosity: 0}).promise
    expect((await reading.getMetadata()).info).toMatchObject({Title: 'Attack'})
    await reading.destroy()
    expect(hits).not.toContain('/script.js')
  })

  test('a `javascript:` link does not become a PDF action; web links stay', async () => {
    const dump = await pdfObjects(printed.pdf)
    expect(dump).toContain('/URI')
    expect(dump).not.toMatch(/javascript/i)
    const reading = await getDocument({data: printed.pdf.slice(), verbosity: 0}).promise
    const annotations = await (await reading.getPage(1)).getAnnotations()
    await reading.destroy()
    expect(annotations.map((annotation) => annotation.url)).toEqual([`${base}/download.pdf`])
  })
})

describe('one brief never reaches another’s files through the page’s cache', () => {
  test('an image the previous brief on the same page loaded is refused to the next brief, whose folder lacks it', async () => {
    const html = (name: string) => `<!doctype html><html lang="en"><body><main><p>${name} shows the chart.</p><img src="images/control.svg" alt=""></main></body></html>`
    // One page (concurrency 1): the second brief is printed on the page that loaded the first's image.
    const first = await renderer.render({name: 'owner', html: html('Owner'), resourceDir: articleDir, metadata: {title: 'Owner', authors: [], lang: 'en'}})
    expect(await pdfText(first.pdf)).toContain(control)
    const emptyDir = path.join(folder, 'other-article')
    mkdirSync(emptyDir, {recursive: true})
    const second = await renderer.render({name: 'other', html: html('Other'), resourceDir: emptyDir, metadata: {title: 'Other', authors: [], lang: 'en'}})
    expect(await pdfText(second.pdf)).not.toContain(control)
    expect(second.blocked).toEqual(['http://brief.localhost/images/control.svg'])
  })
})

describe('no local file is read', () => {
  test('a `<base href="file:…">` does not turn relative URLs into local reads', async () => {
    const html = `<!doctype html><html lang="en"><head><base href="file://${secretDir}/"></head><body><main><p>Based.</p><img src="secret.svg" alt=""><iframe src="secret.txt"></iframe></main></body></html>`
    const result = await renderer.render({name: 'based', html, resourceDir: articleDir, metadata: {title: 'Based', authors: [], lang: 'en'}})
    expect(await pdfText(result.pdf)).not.toContain(secret)
    expect(result.verified?.ok).toBe(true)
  })

  test('the control image inside the article’s folder is printed (so a loaded secret would show)', () => {
    expect(text).toContain(control)
  })

  test('the secret (file://, `..`, symlink escape, redirect to file://) is not in the PDF', async () => {
    expect(text).not.toContain(secret)
    const dump = await pdfObjects(printed.pdf)
    expect(dump).toContain('/Subtype /Link')
    expect(dump).not.toContain(secret)
  })
})
