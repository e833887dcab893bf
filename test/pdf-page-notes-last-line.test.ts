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
import {copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {createBuildSession, type BatchResult} from '../src/build/index.js'
import {tokens} from '../src/pdf/verify.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const fixture = path.join(root, 'test', 'fixtures', 'print', 'page-notes-last-line', 'call-on-last-line.md')

let folder: string
let batch: BatchResult

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-page-notes-last-line-'))
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

/** Each page's text (letters and digits only) and the page of each note's first call (its link to `…fn-N`). */
async function read(file: string): Promise<{pages: string[]; calls: Map<string, number>}> {
  const document = await getDocument({data: new Uint8Array(readFileSync(file)), isEvalSupported: false, verbosity: 0}).promise
  try {
    const pages: string[] = []
    const calls = new Map<string, number>()
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number)
      const content = await page.getTextContent()
      pages.push(tokens(content.items.map((item) => ('str' in item ? item.str : '')).join(' ')).join(''))
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

/** The fixture's notes: number ▶ their opening words, as `read` gives the pages (lower case, letters and digits only). */
const notes = new Map([
  ...Array.from({length: 10}, (_, index) => [String(index + 1), `${index + 1}syntheticsourcenumber${index + 1}page`] as [string, string]),
  ['11', '11anoteatthefootofthepage']
])

test('a note called on the last line of a page full of notes prints on its call’s page', async () => {
  const [file] = batch.files
  expect(file?.status).toBe('built')
  expect(file!.file.messages.map((message) => message.ruleId)).not.toContain('page-note-misplaced')
  const {pages, calls} = await read(file!.outputs.find((output) => output.endsWith('.pdf'))!)
  expect(pages.length).toBeGreaterThan(1)
  for (const [number, opening] of notes) {
    const notePage = pages.findIndex((page) => page.includes(opening)) + 1
    expect({note: number, page: notePage}).toEqual({note: number, page: calls.get(number)})
  }
  // The case the fixture is for: the last note called on page 1 was called on its last line, so the repair moved that line.
  expect(calls.get('11')).toBe(2)
})
