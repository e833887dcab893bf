/**
 * The renderer's pure parts, without a browser: browser discovery, the
 * request policy, the post-print comparison, dates, atomic writes.
 */
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {compareText, createPdfRenderer, decide, expectationOf, findBrowser, imageInside, parseBriefDate, tokens, writeFileAtomic} from '../src/pdf/public.js'
import {assetMap, documentUrl} from '../src/pdf/page.js'

let folder: string

beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-pdf-units-'))
})

afterAll(() => {
  rmSync(folder, {recursive: true, force: true})
})

function fakeBrowser(name: string): string {
  const file = path.join(folder, name)
  writeFileSync(file, '#!/bin/sh\n')
  chmodSync(file, 0o755)
  return file
}

describe('findBrowser', () => {
  test('the explicit option wins', () => {
    const explicit = fakeBrowser('explicit-chrome')
    expect(findBrowser({executablePath: explicit, env: {PUPPETEER_EXECUTABLE_PATH: '/usr/bin/chromium'}})).toBe(explicit)
  })

  test('then PUPPETEER_EXECUTABLE_PATH', () => {
    const fromEnv = fakeBrowser('env-chrome')
    expect(findBrowser({env: {PUPPETEER_EXECUTABLE_PATH: fromEnv}})).toBe(fromEnv)
  })

  test('then the well-known system paths', () => {
    expect(findBrowser({env: {}})).toBe('/usr/bin/chromium')
  })

  test('a missing explicit browser is an error that says how to install one', () => {
    expect(() => findBrowser({executablePath: path.join(folder, 'nope')})).toThrow(/nope.*apt-get install chromium.*PUPPETEER_EXECUTABLE_PATH/)
  })

  test('a renderer without a browser fails the job with the file’s name and the install hint', async () => {
    const renderer = createPdfRenderer({executablePath: path.join(folder, 'no-chrome')})
    await expect(renderer.render({name: 'seed-brief', html: '<p>x</p>', metadata: {title: 'x', authors: [], lang: 'en'}})).rejects.toThrow(
      /Cannot render `seed-brief` to PDF: .*no-chrome.*apt-get install chromium/
    )
    await renderer.close()
  })

  test('an unknown paper is refused before any browser starts', async () => {
    const renderer = createPdfRenderer({executablePath: path.join(folder, 'no-chrome')})
    const job = {name: 'legal-brief', html: '<p>x</p>', paper: 'Legal' as 'A4', metadata: {title: 'x', authors: [], lang: 'en'}}
    await expect(renderer.render(job)).rejects.toThrow('Cannot render `legal-brief`: unexpected paper `Legal`, expected `A4` or `Letter`')
    await renderer.close()
  })

  test('a missing PUPPETEER_EXECUTABLE_PATH browser is an error too, not a silent fallback', () => {
    expect(() => findBrowser({env: {PUPPETEER_EXECUTABLE_PATH: '/nowhere/chrome'}})).toThrow(/\/nowhere\/chrome.*PUPPETEER_EXECUTABLE_PATH.*apt-get install chromium/)
  })
})

describe('request policy', () => {
  let article: string
  const html = '<!doctype html><p>x</p>'
  const url = documentUrl('brief')
  const request = (overrides: Partial<Parameters<typeof decide>[0]>) => ({url, resourceType: 'image', isNavigation: false, isMainFrame: true, isRedirect: false, ...overrides})

  beforeAll(() => {
    article = path.join(folder, 'article')
    mkdirSync(path.join(article, 'images'), {recursive: true})
    writeFileSync(path.join(article, 'images', 'chart.png'), 'png bytes')
    writeFileSync(path.join(article, 'notes.txt'), 'not an image')
    writeFileSync(path.join(folder, 'outside.png'), 'outside')
    symlinkSync(path.join(folder, 'outside.png'), path.join(article, 'images', 'link.png'))
    symlinkSync(path.join(article, 'images', 'chart.png'), path.join(article, 'images', 'inner-link.png'))
  })

  test('the document itself is served from memory, in the top frame only', async () => {
    expect(await decide(request({resourceType: 'document', isNavigation: true}), {html, url, assets: new Map()})).toMatchObject({action: 'respond', status: 200, body: html})
    expect(await decide(request({resourceType: 'document', isMainFrame: false}), {html, url, assets: new Map()})).toEqual({action: 'abort'})
  })

  test('assets are served under the synthetic origin, in either shape', async () => {
    const asset = path.join(article, 'images', 'chart.png')
    const assets = assetMap([{url: 'assets/fonts/a.woff2', path: asset, type: 'font/woff2'}, {name: 'logo.png', path: asset}])
    expect([...assets.keys()]).toEqual(['http://brief.localhost/assets/fonts/a.woff2', 'http://brief.localhost/assets/logo.png'])
    const font = await decide(request({url: 'http://brief.localhost/assets/fonts/a.woff2', resourceType: 'font'}), {html, url, assets})
    expect(font).toMatchObject({action: 'respond', contentType: 'font/woff2'})
    const logo = await decide(request({url: 'http://brief.localhost/assets/logo.png'}), {html, url, assets})
    expect(logo).toMatchObject({action: 'respond', contentType: 'image/png'})
  })

  test('images inside the article’s folder come from disk; nothing else does', async () => {
    const policy = {html, url, assets: new Map(), resourceDir: article}
    expect(await decide(request({url: 'http://brief.localhost/images/chart.png'}), policy)).toMatchObject({action: 'respond', contentType: 'image/png'})
    expect(await decide(request({url: 'http://brief.localhost/images/inner-link.png'}), policy)).toMatchObject({action: 'respond'})
    // Not an image, or not requested as one.
    expect(await decide(request({url: 'http://brief.localhost/notes.txt'}), policy)).toEqual({action: 'abort'})
    expect(await decide(request({url: 'http://brief.localhost/images/chart.png', resourceType: 'stylesheet'}), policy)).toEqual({action: 'abort'})
    // Elsewhere.
    expect(await decide(request({url: 'http://127.0.0.1:8080/images/chart.png'}), policy)).toEqual({action: 'abort'})
    expect(await decide(request({url: `file://${path.join(article, 'images', 'chart.png')}`}), policy)).toEqual({action: 'abort'})
    expect(await decide(request({url: 'http://brief.localhost/images/chart.png', isRedirect: true}), policy)).toEqual({action: 'abort'})
    expect(await decide(request({url: 'data:text/html,<p>x</p>', resourceType: 'document'}), policy)).toEqual({action: 'abort'})
    expect(await decide(request({url: 'data:text/css,p{}', resourceType: 'stylesheet'}), policy)).toEqual({action: 'abort'})
    expect(await decide(request({url: 'data:image/png;base64,iVBORw0KGgo='}), policy)).toMatchObject({action: 'respond', contentType: 'image/png'})
  })

  test('imageInside refuses `..`, encoded `..`, symlink escapes and folders', async () => {
    expect(await imageInside(article, '/images/chart.png')).toBe(path.join(await realpath(article), 'images', 'chart.png'))
    expect(await imageInside(article, '/images/../../outside.png')).toBeUndefined()
    expect(await imageInside(article, '/images/%2e%2e/%2e%2e/outside.png')).toBeUndefined()
    expect(await imageInside(article, '/images/..%2f..%2foutside.png')).toBeUndefined()
    expect(await imageInside(article, '/images/link.png')).toBeUndefined()
    expect(await imageInside(article, '/images/%00.png')).toBeUndefined()
    expect(await imageInside(article, '/images/missing.png')).toBeUndefined()
  })
})

async function realpath(file: string): Promise<string> {
  const {realpath} = await import('node:fs/promises')
  return realpath(file)
}

describe('post-print comparison', () => {
  const html = `<!doctype html><main>
<p>The ﬁrst paragraph speaks of international co-operation.</p>
<p>Kazakhstan’s response was firm.</p>
<section data-footnotes><h2>Notes</h2><ol>
<li id="fn-1"><p>Reuters, “Kazakhstan protests”, April 14, 2020. <a href="#ref-1" data-footnote-backref>↩</a></p></li>
<li id="fn-2"><p>Second note text here. <a href="#ref-2" data-footnote-backref>↩</a></p></li>
</ol></section></main>`

  test('reads paragraphs (not the notes’ own) and numbered notes from the HTML', () => {
    expect(expectationOf(html)).toEqual({
      headings: ['Notes'],
      outline: [{level: 2, text: 'Notes'}],
      paragraphs: ['The ﬁrst paragraph speaks of international co-operation.', 'Kazakhstan’s response was firm.'],
      notes: [
        {number: 1, text: 'Reuters, “Kazakhstan protests”, April 14, 2020.'},
        {number: 2, text: 'Second note text here.'}
      ]
    })
  })

  test('a document without `<main>`: every paragraph outside the notes is body text', () => {
    const bare = '<p>Only paragraph.</p><section data-footnotes><ol><li><p>Note.</p></li></ol></section>'
    expect(expectationOf(bare)).toEqual({headings: [], outline: [], paragraphs: ['Only paragraph.'], notes: [{number: 1, text: 'Note.'}]})
  })

  test('tolerates hyphenation breaks, ligatures, soft hyphens, apostrophes read back as ʼ, running heads', () => {
    const printed = 'The first para\u00ADgraph speaks of inter-\nnational co-\noperation.\nPage 1 of 2\nBrief title\nKazakhstanʼs response was firm.\n1. Reuters, “Kazakhstan protests”, April 14, 2020. ↩\n2. Second note text here.'
    expect(compareText(printed, expectationOf(html))).toEqual({ok: true, missing: [], checked: {paragraphs: 2, notes: 2}})
  })

  test('names the paragraph and the words that are missing', () => {
    const printed = 'The first paragraph speaks of international co-operation.\n1. Reuters, “Kazakhstan protests”, April 14, 2020.\n2. Second note text here.'
    expect(compareText(printed, expectationOf(html)).missing).toEqual(['paragraph 2 (“Kazakhstan’s response was firm.”): “response”, “was”, “firm”'])
  })

  test('names a note whose number or opening words are missing', () => {
    const printed = 'The first paragraph speaks of international co-operation. Kazakhstan’s response was firm.\n1. Reuters, “Kazakhstan protests”, April 14, 2020.\n3. Second note text here.'
    expect(compareText(printed, expectationOf(html)).missing).toEqual(['note 2 (“Second note text here.”)'])
  })

  test('a word hyphenated at the foot of a page is found across the running head and folio', () => {
    const page = '<main><p>The ministry identifies several factors.</p></main>'
    expect(compareText('The ministry identi-\nPage 1 of 2\nBrief title\nfies several factors.', expectationOf(page)).ok).toBe(true)
  })

  test('shaped Devanagari and Arabic glyphs without a character are not empty boxes; a glyph with none elsewhere is', () => {
    const shaped = '<main><p>Hindi हिन्दी and Arabic العربية text.</p></main>'
    expect(compareText('Hindi \u0000हन् दी and Arabic \u0000ﺔﻴﺑﺮﻌﻟا text.', expectationOf(shaped)).ok).toBe(true)
    expect(compareText('Hindi हिन्दी and \u0000 Arabic text.', expectationOf(shaped)).missing[0]).toMatch(/^1 character printed as empty boxes/)
  })

  test('CJK text broken across lines anywhere is still found', () => {
    const cjk = '<main><p>对科技创新监测的价值在于，它提供了一个样本。</p></main>'
    expect(compareText('对科技创新监测的\n价值在于，它提供了一\nPage 1 of 1\n个样本。', expectationOf(cjk)).ok).toBe(true)
    expect(compareText('对科技创新监测的价值在于', expectationOf(cjk)).missing).toEqual(['paragraph 1 (“对科技创新监测的价值在于，它提供了一个样本。”): “它”, “提”, “供”, “了”, “一”, “个”, “样”, “本”'])
  })

  test('words in shaped scripts (Myanmar, Malayalam…) are not checked: their glyphs need not read back', () => {
    const shaped = '<main><p>The commissar ᭯င and ഒފ said.</p></main>'
    expect(compareText('The commissar and said.', expectationOf(shaped)).ok).toBe(true)
  })

  test('characters no font has (read back as U+0000) are named as such', () => {
    const cjk = '<main><p>Summary 中文摘要</p></main>'
    expect(compareText('Summary \u0000\u0000\u0000\u0000', expectationOf(cjk)).missing).toEqual([
      '4 characters printed as empty boxes: no font has them (add a font for their script)',
      'paragraph 1 (“Summary 中文摘要”): “中”, “文”, “摘”, “要”'
    ])
  })

  test('an unmapped f-ligature inside a word (read back as U+0000) is not loss, and not an empty box', () => {
    const html = '<main><p>The official office was affected.</p></main><section data-footnotes><ol><li><p>Ties unaffected by it.</p></li></ol></section>'
    expect(compareText('The o\u0000cial o\u0000ce was a\u0000ected.\n1. Ties una\u0000ected by it.', expectationOf(html))).toEqual({ok: true, missing: [], checked: {paragraphs: 1, notes: 1}})
    // It does not excuse a word that is really not there.
    expect(compareText('The o\u0000cial o\u0000ce was.\n1. Ties una\u0000ected by it.', expectationOf(html)).missing).toEqual(['paragraph 1 (“The official office was affected.”): “affected”'])
  })

  test('tokens', () => {
    expect(tokens('Ｆｕｌｌ-width ﬂow, co\u00ADoperate; O’Neil')).toEqual(['full', 'width', 'flow', 'cooperate', 'o', 'neil'])
  })
})

describe('dates', () => {
  test('ISO dates and dates as written, in UTC', () => {
    expect(parseBriefDate('2020-04-20')?.toISOString()).toBe('2020-04-20T00:00:00.000Z')
    expect(parseBriefDate('2020-04')?.toISOString()).toBe('2020-04-01T00:00:00.000Z')
    expect(parseBriefDate('April 20, 2020')?.toISOString()).toBe('2020-04-20T00:00:00.000Z')
    expect(parseBriefDate('2020-04-20T10:00:00+02:00')?.toISOString()).toBe('2020-04-20T08:00:00.000Z')
    expect(parseBriefDate('sometime')).toBeUndefined()
    expect(parseBriefDate(undefined)).toBeUndefined()
  })
})

describe('writeFileAtomic', () => {
  test('writes the bytes', async () => {
    const target = path.join(folder, 'out.pdf')
    await writeFileAtomic(target, new Uint8Array([37, 80, 68, 70]))
    expect(readFileSync(target, 'latin1')).toBe('%PDF')
  })

  test('a failed rename leaves the target as it was and no temporary file', async () => {
    const outDir = path.join(folder, 'rename-fails')
    mkdirSync(path.join(outDir, 'brief.pdf'), {recursive: true})
    writeFileSync(path.join(outDir, 'brief.pdf', 'keep'), 'old')
    await expect(writeFileAtomic(path.join(outDir, 'brief.pdf'), 'new')).rejects.toThrow()
    expect(readdirSync(outDir)).toEqual(['brief.pdf'])
    expect(readFileSync(path.join(outDir, 'brief.pdf', 'keep'), 'utf8')).toBe('old')
  })

  test('a missing folder is an error, and nothing is created', async () => {
    await expect(writeFileAtomic(path.join(folder, 'no-such-folder', 'x.pdf'), 'x')).rejects.toThrow(/ENOENT/)
  })

  test('concurrent writers: the file is always one whole version', async () => {
    const target = path.join(folder, 'race.pdf')
    const versions = ['a', 'b', 'c', 'd'].map((letter) => letter.repeat(200_000))
    await Promise.all(versions.map((version) => writeFileAtomic(target, version)))
    expect(versions).toContain(readFileSync(target, 'utf8'))
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})
