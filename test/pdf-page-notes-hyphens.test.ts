/**
 * Issue 12, hyphenation in print with page-bottom notes (`notes: page`,
 * Paged.js in the page): no run of more than 3 hyphenated line ends and no
 * hyphenated last word of a page, and every note still on its call's page
 * after the engine has laid the mended pages out again. A brief of ours
 * dense in long words with four notes and a relative link
 * (test/fixtures/print/page-notes-hyphens/breaks.md), built through the real
 * chain and the real Chromium, once with the mending pass off (the fixture
 * must show a run then) and once with it on. One browser.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {buildBrief, type FileResult} from '../src/build/index.js'
import {brokenWords, matchKey, printedLines, type PrintedLine} from '../src/pdf/hyphen-breaks.js'
import {createPdfRenderer, type PdfRenderer, type RenderResult} from '../src/pdf/index.js'
import {readPages} from './setup/pdf-read.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const input = path.join(root, 'test', 'fixtures', 'print', 'page-notes-hyphens', 'breaks.md')

let out: string
let renderer: PdfRenderer
const built: Record<'off' | 'on', {result: FileResult; pdf: Uint8Array; pages: PrintedLine[][]; rendered?: RenderResult}> = {} as never

/** The shared renderer with mending set per job; closing is left to `afterAll`. */
function withMending(mendHyphens: boolean, seen: (result: RenderResult) => void): PdfRenderer {
  return {
    render: async (job) => {
      const result = await renderer.render({...job, mendHyphens})
      seen(result)
      return result
    },
    warm: () => renderer.warm(),
    close: async () => undefined
  }
}

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-page-notes-hyphens-'))
  renderer = createPdfRenderer({concurrency: 1, timeout: 120_000})
  for (const mode of ['off', 'on'] as const) {
    let rendered: RenderResult | undefined
    const result = await buildBrief(input, {cwd: root, out: path.join(out, mode), force: true, concurrency: 1, cacheDir: path.join(out, `cache-${mode}`), renderer: withMending(mode === 'on', (r) => (rendered = r))})
    const pdf = new Uint8Array(readFileSync(result.outputs.find((file) => file.endsWith('.pdf'))!))
    built[mode] = {result, pdf, pages: await printedLines(pdf), rendered}
  }
}, 300_000)

afterAll(async () => {
  await renderer?.close()
  rmSync(out, {recursive: true, force: true})
})

/** Body lines (the size carrying most text) of each page. */
function bodyLines(pages: PrintedLine[][]): PrintedLine[][] {
  const sizes = new Map<number, number>()
  for (const line of pages.flat()) sizes.set(Math.round(line.size * 10), (sizes.get(Math.round(line.size * 10)) ?? 0) + line.text.length)
  const body = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]![0]
  return pages.map((lines) => lines.filter((line) => Math.round(line.size * 10) === body))
}

/** A line ending in a word-breaking hyphen (Paged.js draws its own, U+2011, where it splits a word at a page's end). */
const breaks = (line: PrintedLine | undefined) => Boolean(line && /\p{L}[-\u2010\u2011]$/u.test(line.text))

function longestRun(pages: PrintedLine[][]): number {
  let longest = 0
  for (const lines of bodyLines(pages)) {
    let run = 0
    for (const line of lines) {
      run = breaks(line) ? run + 1 : 0
      longest = Math.max(longest, run)
    }
  }
  return longest
}

/** Each page's words joined by spaces, the page of each note's first call, and every link's URI. */
async function read(pdf: Uint8Array): Promise<{pages: string[]; calls: Map<string, number>; uris: string[]}> {
  const {words, calls, uris} = await readPages(pdf)
  return {pages: words.map((page) => page.join(' ')), calls, uris}
}

describe('the fixture, printed without the mending pass', () => {
  test('makes a run of more than 3 hyphenated lines', () => {
    expect(built.off.pages.length).toBeGreaterThan(1)
    expect(longestRun(built.off.pages)).toBeGreaterThan(3)
  })
})

describe('printed with the mending pass (the default)', () => {
  test('words were mended and the pages laid out again: no run of more than 3 hyphenated line ends', () => {
    expect(built.on.rendered?.hyphens?.mended).toBeGreaterThan(0)
    expect(built.on.rendered?.hyphens?.prints).toBeGreaterThan(1)
    expect(longestRun(built.on.pages)).toBeLessThanOrEqual(3)
  })

  test('no page ends in a hyphenated word', () => {
    const body = bodyLines(built.on.pages)
    expect(body.slice(0, -1).filter((lines) => breaks(lines.at(-1)))).toEqual([])
  })

  test('every note is on the page of its call, and nothing is reported missing', async () => {
    expect(built.on.result.status).toBe('built')
    const ruleIds = built.on.result.file.messages.map((message) => message.ruleId)
    expect(ruleIds).not.toContain('page-note-misplaced')
    expect(ruleIds).not.toContain('text-not-printed')
    const {pages, calls} = await read(built.on.pdf)
    for (const number of ['1', '2', '3', '4']) {
      const notePage = pages.findIndex((words) => words.includes(`${number} synthetic source ${number} a report`)) + 1
      expect({note: number, page: notePage}).toEqual({note: number, page: calls.get(number)})
    }
  })

  test('the pages laid out again keep their relative link relative (no internal origin in the PDF)', async () => {
    const {uris} = await read(built.on.pdf)
    expect(uris).toContain('annex.html')
    expect(uris.filter((uri) => uri.includes('localhost'))).toEqual([])
  })
})

describe('finding the words with page-bottom notes (pure)', () => {
  const line = (text: string, y: number, size = 10): PrintedLine => ({text, y, size})

  test('the page ends at its last line of text, above the notes; the tail is on the next page’s first line of text', () => {
    const body = (count: number, y: number) => Array.from({length: count}, (_, index) => line(`an ordinary line of the text number ${index}`, y - index * 12))
    const pages = [
      [line('Running head', 800, 8), ...body(6, 760), line('Text that ends the page with a broken admin\u2011', 680), line('1 A note at the foot of the page, its last word broken inter\u2010', 60, 8), line('Page 1 of 2', 20, 8)],
      [line('Running head', 800, 8), line('istration of the rest', 760), ...body(6, 748), line('national note goes on', 60, 8)]
    ]
    expect(brokenWords(pages, {bodyPageEnds: true})).toEqual([{before: matchKey('Text that ends the page with a broken admin'), tail: 'istration|an', reason: 'page-end'}])
  })
})
