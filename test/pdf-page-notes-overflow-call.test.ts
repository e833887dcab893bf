/**
 * Page-bottom notes (`notes: page`) whose call Paged.js first meets in the
 * text it has laid out past a page's bottom, through the real build and the
 * real Chromium, read back from the PDF with pdfjs-dist. The fixture
 * (`page-notes-overflow-call/make.mjs`, synthetic text) puts note 10's call
 * on the second line of that overflow; the note repair of `paged.ts` once
 * took it for a call near the page's top, stretched the notes area over the
 * whole page, and the PDF was one page of notes, the body text lost, with
 * only warnings. And the post-print check: body text lost from a print fails
 * the brief, and no PDF is written.
 */
import {copyFileSync, existsSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {createBuildSession, type BatchResult} from '../src/build/index.js'
import {readPages, removeTestFolder, testFolder} from './setup/pdf-read.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const fixture = path.join(root, 'test', 'fixtures', 'print', 'page-notes-overflow-call', 'call-in-overflow.md')

let folder: string
let batch: BatchResult
let hiddenBatch: BatchResult

beforeAll(async () => {
  folder = testFolder('page-notes-overflow')
  copyFileSync(fixture, path.join(folder, 'brief.md'))
  // The same brief with its third paragraph (`quarry090 …`) hidden by the project's stylesheet: text the print loses.
  copyFileSync(fixture, path.join(folder, 'hidden.md'))
  writeFileSync(path.join(folder, 'hide.css'), 'main p:nth-of-type(3) { visibility: hidden }\n')
  const session = await createBuildSession({cwd: folder, out: 'out', formats: ['pdf'], concurrency: 1, force: true})
  writeFileSync(path.join(folder, 'hidden.json'), JSON.stringify({css: 'hide.css'}))
  const hiding = await createBuildSession({cwd: folder, out: 'out-hidden', formats: ['pdf'], concurrency: 1, force: true, configPath: 'hidden.json'})
  try {
    batch = await session.build(['brief.md'])
  } finally {
    await session.close()
  }
  try {
    hiddenBatch = await hiding.build(['hidden.md'])
  } finally {
    await hiding.close()
  }
}, 180_000)

afterAll(() => removeTestFolder(folder))

/** The fixture's 700 numbered body words, as `tokens` reads them. */
const stems = ['harbour', 'ledger', 'quarry', 'meadow', 'lantern', 'copper', 'thistle', 'granite']
const bodyWords = Array.from({length: 700}, (_, index) => stems[index % stems.length]! + String(index).padStart(3, '0'))

test('a call in the text laid out past the page bottom keeps the body text: every word printed, each note on its call’s page', async () => {
  const [file] = batch.files
  expect(file?.status).toBe('built')
  const ruleIds = file!.file.messages.map((message) => message.ruleId)
  expect(ruleIds).not.toContain('page-note-misplaced')
  const {words: pages, calls} = await readPages(file!.outputs.find((output) => output.endsWith('.pdf'))!)
  // 700 words of body and ten short notes: four pages, as the engine lays them out unrepaired.
  expect(pages.length).toBe(4)
  const printed = new Set(pages.flat())
  expect(bodyWords.filter((word) => !printed.has(word))).toEqual([])
  for (let number = 1; number <= 10; number++) {
    const opening = number === 10 ? ['10', 'a', 'note', 'at', 'the', 'foot'] : [String(number), 'synthetic', 'source', 'number', String(number)]
    const notePage = pages.findIndex((words) => words.join(' ').includes(opening.join(' '))) + 1
    expect({note: number, page: notePage}).toEqual({note: number, page: calls.get(String(number))})
  }
  // The call of note 10 is on page 2, where the engine's overflow put it.
  expect(calls.get('10')).toBe(2)
})

test('body text lost from the print fails the brief with a clear error, and no PDF is written', () => {
  const [file] = hiddenBatch.files
  expect(file?.status).toBe('failed')
  const errors = file!.file.messages.filter((message) => message.fatal)
  expect(errors.map((message) => [message.ruleId, message.reason.replace(/ \(“.*”\)/g, '')])).toEqual([
    ['render-failed', 'Cannot render `hidden` to PDF: unexpected body text lost from the print (paragraph 3), expected every body paragraph on a page; no PDF written']
  ])
  expect(errors[0]!.reason).toContain('paragraph 3 (“quarry090 meadow091')
  expect(existsSync(path.join(folder, 'out-hidden', 'hidden.pdf'))).toBe(false)
  expect(file!.outputs.filter((output) => output.endsWith('.pdf'))).toEqual([])
})
