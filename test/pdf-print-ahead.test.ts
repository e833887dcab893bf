/**
 * Issue 13, the reprints foreseen (`src/pdf/print-ahead.ts`): a brief of ours
 * (test/fixtures/print/print-ahead/brief.html: A4 pages with a taller first
 * page as the template's, justified text with soft hyphens, a contents list
 * with fixed-width number boxes) whose first print breaks a word at a page's
 * end and needs contents numbers. Printed by the real Chromium three times:
 * without mending (the fixture must show the fault), as the renderer prints
 * it now (foreseen: one print), and with the foresight off (an empty
 * `@page :left` rule, which changes no layout: the read-back loop alone, two
 * prints). The last two must be the same PDF. One browser.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {destinationPages} from '../src/pdf/contents.js'
import {brokenWords, printedLines, type PrintedLine} from '../src/pdf/hyphen-breaks.js'
import {createPdfRenderer, type PdfRenderer, type RenderResult} from '../src/pdf/index.js'
import {aheadHeld, type PrintAhead} from '../src/pdf/print-ahead.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const html = readFileSync(path.join(root, 'test', 'fixtures', 'print', 'print-ahead', 'brief.html'), 'utf8')

let renderer: PdfRenderer
const printed: Record<'unmended' | 'ahead' | 'readBack', {result: RenderResult; pages: PrintedLine[][]}> = {} as never

beforeAll(async () => {
  renderer = createPdfRenderer({concurrency: 1, timeout: 120_000})
  const jobs = {
    unmended: {html, mendHyphens: false},
    ahead: {html, mendHyphens: true},
    // A `:left` page rule is not read ahead; empty, it changes nothing else.
    readBack: {html: html.replace('/*LEFT*/', '@page :left {}'), mendHyphens: true}
  }
  for (const [name, job] of Object.entries(jobs)) {
    const result = await renderer.render({name, ...job, metadata: {title: 'Print ahead', authors: [], lang: 'en'}})
    printed[name as keyof typeof printed] = {result, pages: await printedLines(result.pdf)}
  }
}, 300_000)

afterAll(async () => {
  await renderer?.close()
})

/** Pages (all but the last) whose last line ends by breaking a word. */
function pageEndBreaks(pages: PrintedLine[][]): number {
  return pages.slice(0, -1).filter((lines) => /\p{L}[-\u2010\u00AD]$/u.test(lines.at(-1)?.text ?? '')).length
}

/** The contents list's printed lines: `Part N` then its page number. */
function contentsNumbers(pages: PrintedLine[][]): string[] {
  return pages[0]!.flatMap((line) => /^Part (\d)\s*(\d+)$/.exec(line.text.replace(/\s+/g, ' ').trim())?.slice(2, 3) ?? [])
}

describe('a brief whose first print breaks a word at a page end and needs contents numbers', () => {
  test('the fixture: unmended, a word is broken at a page end', () => {
    expect(pageEndBreaks(printed.unmended.pages)).toBeGreaterThan(0)
    expect(brokenWords(printed.unmended.pages).some((word) => word.reason === 'run')).toBe(false)
  })

  test('foreseen, it prints once; read back after printing, twice; the same word is mended', () => {
    expect(printed.ahead.result.hyphens).toEqual({mended: 1, prints: 1})
    expect(printed.readBack.result.hyphens).toEqual({mended: 1, prints: 2})
  })

  test('the PDF foreseen is the PDF the read-back loop gives, byte for byte', () => {
    expect(Buffer.compare(Buffer.from(printed.ahead.result.pdf), Buffer.from(printed.readBack.result.pdf))).toBe(0)
  })

  test('no page ends in a broken word, and every contents number is its heading’s page', async () => {
    expect(pageEndBreaks(printed.ahead.pages)).toBe(0)
    const destinations = await destinationPages(printed.ahead.result.pdf)
    const wanted = [1, 2, 3, 4, 5, 6].map((part) => String(destinations.get(`part-${part}`)))
    expect(wanted.every((page) => /^\d+$/.test(page))).toBe(true)
    expect(contentsNumbers(printed.ahead.pages)).toEqual(wanted)
  })

  test('every paragraph reads back', () => {
    expect(printed.ahead.result.verified?.missing ?? []).toEqual([])
  })
})

describe('aheadHeld', () => {
  const line = (text: string): PrintedLine => ({text, y: 0, size: 11})
  const ahead = {numbers: {}, mended: 1, words: [{word: 'cooperation', before: 'andtheport'}]} as unknown as PrintAhead

  test('holds when the word opens a page and the letters before it end the page before', () => {
    expect(aheadHeld(ahead, [[line('Roads and the port')], [line('cooperation of the north')]])).toBe(true)
  })

  test('fails when the print put the word in mid-page (the columns broke elsewhere)', () => {
    expect(aheadHeld(ahead, [[line('Roads and the port'), line('cooperation of the north'), line('and more')], [line('Rice and grain')]])).toBe(false)
  })

  test('fails when the page before ends otherwise', () => {
    expect(aheadHeld(ahead, [[line('Roads and the rice')], [line('cooperation of the north')]])).toBe(false)
  })
})
