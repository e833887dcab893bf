/**
 * Page-bottom notes (`notes: page`), a paragraph the engine cuts at a page's
 * end, through the real build and the real Chromium, read back from the PDF
 * with pdfjs-dist. In the fixture (synthetic text, four notes) page 1's last
 * paragraph runs on to page 2; Paged.js cuts it a letter off a soft hyphen
 * and adds its own hyphen, the cut paragraph then takes a line more, and
 * `widows: 3` moves its last lines into the overflow column beside the page,
 * which prints nowhere (before the repair: “in demons‑” lost, page 2 starting
 * “trates”). The renderer's repair (`keepLinesOffTheNotes` in
 * `src/pdf/paged.ts`) cuts the page again before those lines.
 */
import {copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {createBuildSession, type BatchResult} from '../src/build/index.js'
import {pdfText, tokens} from '../src/pdf/verify.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const fixture = path.join(root, 'test', 'fixtures', 'print', 'page-notes-cut-paragraph', 'cut-paragraph.md')

let folder: string
let batch: BatchResult

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-page-notes-cut-paragraph-'))
  copyFileSync(fixture, path.join(folder, 'brief.md'))
  const session = await createBuildSession({cwd: folder, out: 'out', formats: ['pdf'], concurrency: 1, force: true})
  try {
    batch = await session.build(['brief.md'])
  } finally {
    await session.close()
  }
}, 120_000)

afterAll(() => {
  if (process.env.KEEP_TEST_OUTPUT) console.log(`Output kept in ${folder}`)
  else rmSync(folder, {recursive: true, force: true})
})

/** Each page's words, and the page of each note's first call (its link to `…fn-N`). */
async function read(file: string): Promise<{pages: string[][]; calls: Map<string, number>}> {
  const document = await getDocument({data: new Uint8Array(readFileSync(file)), isEvalSupported: false, verbosity: 0}).promise
  try {
    const pages: string[][] = []
    const calls = new Map<string, number>()
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number)
      const content = await page.getTextContent()
      pages.push(tokens(content.items.map((item) => ('str' in item ? item.str : '')).join(' ')))
      for (const annotation of await page.getAnnotations()) {
        const target = typeof annotation.dest === 'string' ? /-fn-(\d+)$/.exec(annotation.dest) : null
        if (annotation.subtype === 'Link' && target && !calls.has(target[1]!)) calls.set(target[1]!, number)
      }
    }
    return {pages, calls}
  } finally {
    await document.destroy()
  }
}

/** How often each word occurs (words of letters only: note numbers and page numbers left out). */
function wordCounts(words: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const word of words) if (/^\p{L}+$/u.test(word)) counts.set(word, (counts.get(word) ?? 0) + 1)
  return counts
}

const source = readFileSync(fixture, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '')
/** The fixture's notes: number ▶ their opening words, as `read` gives them (the number, then the first four words). */
const notes = new Map(
  Array.from(source.matchAll(/^\[\^(\d+)\]: (.+)$/gm), ([, number, text]) => [number!, [number!, ...tokens(text!).slice(0, 4)].join('')])
)

test('a paragraph cut at a page’s end prints every word, and each note on its call’s page', async () => {
  const [file] = batch.files
  expect(file?.status).toBe('built')
  const rules = file!.file.messages.map((message) => message.ruleId)
  expect(rules).not.toContain('page-note-misplaced')
  expect(rules).not.toContain('text-not-printed')
  const {pages, calls} = await read(file!.outputs.find((output) => output.endsWith('.pdf'))!)
  expect(pages.length).toBeGreaterThan(1)
  // Every word of the body and notes as often as the source has it (the running head adds the title's words),
  // a word hyphenated at a line's end read joined, a note call's digits read apart from the word they follow.
  const text = await pdfText(new Uint8Array(readFileSync(file!.outputs.find((output) => output.endsWith('.pdf'))!)))
  const printed = wordCounts(tokens(text.replace(/(?<=\p{L})[-\u2010\u2011\u00AD]\s*\n\s*(?=\p{L})/gu, '').replace(/(?<=\p{L})(?=\d)/gu, ' ')))
  const missing = [...wordCounts(tokens(source.replace(/\[\^\d+\]:?/g, ' ')))].filter(([word, count]) => (printed.get(word) ?? 0) < count)
  expect(missing).toEqual([])
  expect(notes.size).toBe(4)
  for (const [number, opening] of notes) {
    const notePage = pages.findIndex((words) => words.join('').includes(opening)) + 1
    expect({note: number, page: notePage}).toEqual({note: number, page: calls.get(number)})
  }
})
