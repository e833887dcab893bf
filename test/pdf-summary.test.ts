/**
 * Page 1 carries the publication: a summary longer than what is left of
 * page 1 goes on over the page instead of leaving the title alone on it.
 * A brief of ours (a summary of about 900 words in front matter), the real
 * chain and Chromium, the PDF read back page by page with pdf.js.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {buildBrief} from '../src/build/index.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const input = path.join(root, 'test', 'fixtures', 'print', 'long-summary', 'long-summary.md')

let out: string
let pages: string[]

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-pdf-summary-'))
  const built = await buildBrief(input, {cwd: root, out, force: true, concurrency: 1})
  const pdf = new Uint8Array(readFileSync(built.outputs.find((file) => file.endsWith('.pdf'))!))
  const document = await getDocument({data: pdf, isEvalSupported: false, verbosity: 0, disableFontFace: true}).promise
  pages = []
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' '))
  }
  await document.destroy()
}, 180_000)

afterAll(() => {
  rmSync(out, {recursive: true, force: true})
})

test('a summary longer than page 1 starts on page 1 under the title and goes on over the page', () => {
  expect(pages[0]).toContain('A brief whose summary runs longer than a page')
  expect(pages[0]).toContain('Opening words of the summary.')
  const closing = pages.findIndex((page) => page.includes('Closing words of the summary.'))
  expect(closing).toBeGreaterThan(0)
  expect(pages.findIndex((page) => page.includes('First words of the body.'))).toBeGreaterThanOrEqual(closing)
})
