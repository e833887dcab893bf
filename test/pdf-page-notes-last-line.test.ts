/**
 * Page-bottom notes (`notes: page`), a call on the last line of a page full
 * of notes, through the real build and the real Chromium, read back from the
 * PDF with pdfjs-dist. The fixture (synthetic text) fills page 1 with ten
 * notes and calls an eleventh, one line long, on the page's last line of
 * text, where it misses fitting by less than a pixel (about 0.6 px in this
 * layout). Paged.js cuts the notes area just under the call and moves the
 * note whole to the next page; the renderer's repair must see that
 * sub-pixel cut and move the call's line with its note.
 */
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, expect, test} from 'vitest'
import type {BatchResult} from '../src/build/index.js'
import {buildFixtureInFolder, readPages, removeTestFolder} from './setup/pdf-read.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const fixture = path.join(root, 'test', 'fixtures', 'print', 'page-notes-last-line', 'call-on-last-line.md')

let folder: string
let batch: BatchResult

beforeAll(async () => {
  const built = await buildFixtureInFolder('page-notes-last-line', fixture)
  folder = built.folder
  batch = built.batch
}, 120_000)

afterAll(() => removeTestFolder(folder))

/** The fixture's notes: number ▶ their opening words, as the pages read below (lower case, letters and digits only). */
const notes = new Map([
  ...Array.from({length: 10}, (_, index) => [String(index + 1), `${index + 1}syntheticsourcenumber${index + 1}page`] as [string, string]),
  ['11', '11anoteatthefootofthepage']
])

test('a note called on the last line of a page full of notes prints on its call’s page', async () => {
  const [file] = batch.files
  expect(file?.status).toBe('built')
  expect(file!.file.messages.map((message) => message.ruleId)).not.toContain('page-note-misplaced')
  const {words, calls} = await readPages(file!.outputs.find((output) => output.endsWith('.pdf'))!)
  // Each page's text as letters and digits only, the form `notes` below is written in.
  const pages = words.map((page) => page.join(''))
  expect(pages.length).toBeGreaterThan(1)
  for (const [number, opening] of notes) {
    const notePage = pages.findIndex((page) => page.includes(opening)) + 1
    expect({note: number, page: notePage}).toEqual({note: number, page: calls.get(number)})
  }
  // The case the fixture is for: the last note called on page 1 was called on its last line, so the repair moved that line.
  expect(calls.get('11')).toBe(2)
})
