/**
 * The PDF's Subject field holds the summary as plain text: the summary is
 * Markdown (front matter writes it so), and a document viewer shows the
 * field as it is. The fixture's summary (emphasis, strong, a link, an image,
 * inline code, raw HTML, two paragraphs) through the real chain and
 * Chromium, the Subject read back from the PDF with pdf-lib.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {PDFDocument} from 'pdf-lib'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {buildBrief} from '../src/build/index.js'
import {plainSubject} from '../src/pdf/metadata.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const input = path.join(root, 'test', 'fixtures', 'print', 'summary', 'summary.md')

let out: string
let subject: string | undefined

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-pdf-subject-'))
  const built = await buildBrief(input, {cwd: root, out, force: true, concurrency: 1})
  const document = await PDFDocument.load(readFileSync(built.outputs.find((file) => file.endsWith('.pdf'))!), {updateMetadata: false})
  subject = document.getSubject()
}, 180_000)

afterAll(() => {
  rmSync(out, {recursive: true, force: true})
})

test('the Subject is the summary’s plain text: no Markdown syntax, paragraphs joined by a space, no image', () => {
  expect(subject).toBe(
    'The first paragraph of the summary says what the brief finds, with one term in emphasis and a link to the data. ' +
      'Second finding – the second paragraph goes on with code and a <b>tag</b> typed as text, and a local link.'
  )
})

test('headings, lists and quotes give their text; a summary of plain text stays as written', () => {
  expect(plainSubject('## Key findings\n\n- First, *fast*\n- Second: `slow`\n\n> A quoted\n> line.')).toBe('Key findings First, fast Second: slow A quoted line.')
  expect(plainSubject('A plain summary, with no syntax.')).toBe('A plain summary, with no syntax.')
  expect(plainSubject('![only an image](https://example.org/a.png)')).toBe('')
})
