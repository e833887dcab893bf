/**
 * Issue 12, hyphenation in print: no hyphenated last word of a page and no
 * run of more than 3 hyphenated line ends, on a brief of ours dense in long
 * words (test/fixtures/print/hyphen-breaks/breaks.md), built through the real
 * chain and the real Chromium, once with the mending pass off (the fixture
 * must show both faults then) and once with it on. One browser.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {buildBrief, type FileResult} from '../src/build/index.js'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {createPdfRenderer, type PdfRenderer, type RenderResult} from '../src/pdf/index.js'
import {expectationOf} from '../src/pdf/verify.js'
import {brokenWords, linesOf, matchKey, printedLines, type PrintedLine} from '../src/pdf/hyphen-breaks.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const input = path.join(root, 'test', 'fixtures', 'print', 'hyphen-breaks', 'breaks.md')

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
  out = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-hyphen-breaks-'))
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

/** Body lines (the most common size) of each page, as printed: a line-end hyphen (U+002D or U+2010; the fixture has no compounds). */
function bodyLines(pages: PrintedLine[][]): PrintedLine[][] {
  const sizes = new Map<number, number>()
  for (const line of pages.flat()) sizes.set(Math.round(line.size * 10), (sizes.get(Math.round(line.size * 10)) ?? 0) + line.text.length)
  const body = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]![0]
  return pages.map((lines) => lines.filter((line) => Math.round(line.size * 10) === body))
}

const breaks = (line: PrintedLine | undefined) => Boolean(line && /\p{L}[-\u2010]$/u.test(line.text))

/** Pages whose last body line breaks a word. */
function pageEndBreaks(pages: PrintedLine[][]): number {
  return bodyLines(pages)
    .slice(0, -1)
    .filter((lines) => breaks(lines.at(-1))).length
}

/** The most consecutive body lines of one page that break a word. */
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

describe('the fixture, printed without the mending pass', () => {
  test('breaks a word at a page end and makes a run of more than 3 hyphenated lines', () => {
    expect(built.off.pages.length).toBeGreaterThan(2)
    expect(pageEndBreaks(built.off.pages)).toBeGreaterThan(0)
    expect(longestRun(built.off.pages)).toBeGreaterThan(3)
  })
})

describe('printed with the mending pass (the default)', () => {
  test('no page ends in a hyphenated word', () => {
    expect(built.on.rendered?.hyphens?.mended).toBeGreaterThan(0)
    expect(pageEndBreaks(built.on.pages)).toBe(0)
  })

  test('no run of more than 3 hyphenated line ends', () => {
    expect(longestRun(built.on.pages)).toBeLessThanOrEqual(3)
  })

  test('still hyphenates, and every word reads back (no text reported missing)', () => {
    expect(built.on.pages.flat().filter(breaks).length).toBeGreaterThan(5)
    expect(built.on.result.status).toBe('built')
    expect(built.on.result.file.messages.map((message) => message.ruleId)).not.toContain('text-not-printed')
  })
})

describe('bookmarks', () => {
  test('a section heading that repeats the title has a bookmark of its own', async () => {
    const document = await getDocument({data: built.on.pdf.slice(), isEvalSupported: false, verbosity: 0}).promise
    const outline = (await document.getOutline()) ?? []
    await document.destroy()
    const titles: string[] = []
    const walk = (items: typeof outline) => {
      for (const item of items) {
        titles.push(item.title)
        walk(item.items)
      }
    }
    walk(outline)
    const html = readFileSync(built.on.result.outputs.find((file) => file.endsWith('.html'))!, 'utf8')
    const headings = expectationOf(html).headings.map((heading) => heading.replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim())
    expect(headings.filter((heading) => heading.toLowerCase() === 'hyphenated line ends at page ends and in runs')).toHaveLength(2)
    expect(titles).toEqual(headings)
  })
})

describe('finding the words (pure)', () => {
  const line = (text: string, y: number, size = 10): PrintedLine => ({text, y, size})

  test('a note call on its raised baseline stays in its line', () => {
    const lines = linesOf([
      {x: 10, y: 700, text: 'the first line of the para', size: 10},
      {x: 150, y: 700, text: 'graph ends here with inter\u00AD', size: 10},
      {x: 10, y: 688, text: 'national ties', size: 10},
      {x: 80, y: 691.5, text: '12', size: 6}
    ])
    expect(lines.map((l) => l.text)).toEqual(['the first line of the paragraph ends here with inter\u00AD', 'national ties12'])
    expect(lines[1]!.y).toBe(688)
  })

  test('a word broken at a page end: its tail may be on any of the next page’s first lines (the running head comes first)', () => {
    const words = brokenWords([
      [line('Some text of the page that ends with a broken admin\u00AD', 100), line('Page 1 of 2', 20, 8)],
      [line('Running head', 800, 8), line('istration of the rest', 760)]
    ])
    expect(words).toEqual([{before: matchKey('Some text of the page that ends with a broken admin'), tail: 'running|istration', reason: 'page-end'}])
  })

  test('the fourth line of a run of hyphenated lines, not the third', () => {
    const run = (count: number) =>
      brokenWords([Array.from({length: count + 1}, (_, index) => line(index < count ? `line number ${index} of a paragraph with a broken admin\u2010` : 'istration', 700 - index * 12))])
    expect(run(3)).toEqual([])
    expect(run(4)).toHaveLength(1)
    expect(run(4)[0]!.reason).toBe('run')
  })
})
