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
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, expect, test} from 'vitest'
import type {BatchResult} from '../src/build/index.js'
import {pdfText, tokens} from '../src/pdf/verify.js'
import {buildFixtureInFolder, readPages, removeTestFolder} from './setup/pdf-read.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const fixture = path.join(root, 'test', 'fixtures', 'print', 'page-notes-cut-paragraph', 'cut-paragraph.md')

let folder: string
let batch: BatchResult

beforeAll(async () => {
  const built = await buildFixtureInFolder('page-notes-cut-paragraph', fixture)
  folder = built.folder
  batch = built.batch
}, 120_000)

afterAll(() => removeTestFolder(folder))

/** How often each word occurs (words of letters only: note numbers and page numbers left out). */
function wordCounts(words: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const word of words) if (/^\p{L}+$/u.test(word)) counts.set(word, (counts.get(word) ?? 0) + 1)
  return counts
}

const source = readFileSync(fixture, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '')
/** The fixture's notes: number ▶ their opening words, as `readPages` gives them (the number, then the first four words). */
const notes = new Map(
  Array.from(source.matchAll(/^\[\^(\d+)\]: (.+)$/gm), ([, number, text]) => [number!, [number!, ...tokens(text!).slice(0, 4)].join('')])
)

test('a paragraph cut at a page’s end prints every word, and each note on its call’s page', async () => {
  const [file] = batch.files
  expect(file?.status).toBe('built')
  const rules = file!.file.messages.map((message) => message.ruleId)
  expect(rules).not.toContain('page-note-misplaced')
  expect(rules).not.toContain('text-not-printed')
  const {words: pages, calls} = await readPages(file!.outputs.find((output) => output.endsWith('.pdf'))!)
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
