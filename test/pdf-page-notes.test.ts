/**
 * Page-bottom notes (`notes: page`) and the contents list, through the real
 * build and the real Chromium (one build session, one browser), read back
 * from the PDF with pdfjs-dist:
 * - every note's first words print on the page of its first call, and its
 *   number is the call's number;
 * - a long note (about 40 lines) starts on its call's page and continues on
 *   the next;
 * - each contents entry's printed page number is the page its heading is on,
 *   with the paged-media engine (page notes) and without it (endnotes).
 */
import {copyFileSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {fromHtml} from 'hast-util-from-html'
import {selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {createBuildSession, type BatchResult, type FileResult} from '../src/build/index.js'
import {tokens} from '../src/pdf/verify.js'
import {longBrief, longNoteEnd, sectionTitle} from './setup/long-brief.js'
import {readPages, removeTestFolder, testFolder, type PagesRead} from './setup/pdf-read.js'


const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const seed = path.join(root, 'input', 'vif-kazakhstan-protests-chinese-article.txt')

let folder: string
let batch: BatchResult

beforeAll(async () => {
  folder = testFolder('page-notes')
  copyFileSync(seed, path.join(folder, 'seed.txt'))
  writeFileSync(path.join(folder, 'long-page.md'), longBrief({notes: 'page', contents: true}))
  writeFileSync(path.join(folder, 'long-end.md'), longBrief({notes: 'end', contents: true}))
  // `--notes page` for briefs that do not say (the seed); front matter wins for the others.
  const session = await createBuildSession({cwd: folder, out: 'out', formats: ['pdf', 'html'], notes: 'page', concurrency: 1, force: true})
  try {
    batch = await session.build(['seed.txt', 'long-page.md', 'long-end.md'])
  } finally {
    await session.close()
  }
}, 240_000)

// KEEP_TEST_OUTPUT=1 leaves the PDFs to look at.
afterAll(() => removeTestFolder(folder))

function result(name: string): FileResult {
  const found = batch.files.find((file) => file.relative === name)
  if (!found) throw new Error(`No result for ${name}`)
  return found
}

/** A brief's PDF read back: each page's text, the page of each note's first call, named destinations ▶ page. */
async function read(name: string): Promise<PagesRead> {
  return readPages(result(name).outputs.find((output) => output.endsWith('.pdf'))!)
}

/** The notes of a brief's HTML as printed: number ▶ the note's text. */
function pageNotesOf(name: string): Map<string, string> {
  const html = readFileSync(result(name).outputs.find((output) => output.endsWith('.html'))!, 'utf8')
  const notes = new Map<string, string>()
  for (const note of selectAll('.brief-page-note', fromHtml(html))) notes.set(String(note.properties.dataBriefNote), toText(note))
  return notes
}

/**
 * Letters and digits only: Chromium writes a soft hyphen into the text layer
 * and pdf.js splits words there ("No vem ber"), so words are compared run together.
 */
function squash(text: string): string {
  return tokens(text).join('')
}

/** Page (1-based) whose text has `number` followed by the note's first `count` words. */
function pageOfNote(pages: string[], number: string, text: string, count = 5): number {
  const needle = number + squash(tokens(text).slice(1, count + 1).join(' '))
  return pages.findIndex((page) => squash(page).includes(needle)) + 1
}

function expectEveryNoteOnItsCallPage(name: string, reading: PagesRead): void {
  const notes = pageNotesOf(name)
  expect(notes.size).toBeGreaterThan(0)
  for (const [number, text] of notes) {
    const call = reading.calls.get(number)
    // The note's text (its number, then its opening words) is on the page of its first call…
    expect({note: number, page: pageOfNote(reading.texts, number, text)}).toEqual({note: number, page: call})
    // …and the call's link lands on that page.
    expect({note: number, page: reading.destinations.get(`user-content-fn-${number}`)}).toEqual({note: number, page: call})
  }
}

describe('page-bottom notes', () => {
  test('the seed builds with page notes and nothing lost in print', async () => {
    const seedResult = result('seed.txt')
    expect(seedResult.status).toBe('built')
    const rules = seedResult.file.messages.map((message) => message.ruleId)
    expect(rules).not.toContain('text-not-printed')
    expect(rules).not.toContain('request-blocked')
    expect(rules).not.toContain('page-note-misplaced')
    const html = readFileSync(seedResult.outputs.find((output) => output.endsWith('.html'))!, 'utf8')
    // Every note of the seed moved to its call: no endnotes section is left.
    expect(html).not.toContain('<section data-footnotes')
    expect(pageNotesOf('seed.txt').size).toBe(14)
  })

  test('the seed: every note on the page of its first call', async () => {
    const reading = await read('seed.txt')
    expect(reading.calls.size).toBe(14)
    expectEveryNoteOnItsCallPage('seed.txt', reading)
  })

  test('a long brief: every note on the page of its first call, numbered as in the text', async () => {
    const reading = await read('long-page.md')
    expect(reading.texts.length).toBeGreaterThanOrEqual(6)
    expect(reading.calls.size).toBe(32)
    expectEveryNoteOnItsCallPage('long-page.md', reading)
    const rules = result('long-page.md').file.messages.map((message) => message.ruleId)
    expect(rules).not.toContain('page-note-misplaced')
    expect(rules).not.toContain('text-not-printed')
  })

  test('a long note starts on the page of its call and continues on the next', async () => {
    // About 40 lines of notes: more than fits below its call (a third of a page of notes at most moves whole
    // with its call's line; a longer note starts below its call and continues overleaf).
    const reading = await read('long-page.md')
    const text = pageNotesOf('long-page.md').get('7')!
    const end = reading.texts.findIndex((page) => squash(page).includes(squash(longNoteEnd))) + 1
    expect(squash(text)).toContain(squash(longNoteEnd))
    expect(pageOfNote(reading.texts, '7', text)).toBe(reading.calls.get('7'))
    expect(end).toBe(reading.calls.get('7')! + 1)
  })

  test('a second call links to the same note', async () => {
    const html = readFileSync(result('long-page.md').outputs.find((output) => output.endsWith('.html'))!, 'utf8')
    expect(html.match(/href="#user-content-fn-3"/g)).toHaveLength(2)
    expect(html).toContain('id="user-content-fn-3"')
    expect(html).toContain('href="#user-content-fnref-3"')
  })
})

describe('contents list', () => {
  for (const name of ['long-page.md', 'long-end.md']) {
    test(`${name}: each entry's page number is the page of its heading`, async () => {
      expect(result(name).status).toBe('built')
      const reading = await read(name)
      const contentsPage = reading.texts.findIndex((page) => squash(page).includes('contents')) + 1
      expect(contentsPage).toBe(1)
      for (let index = 0; index < 8; index++) {
        const title = sectionTitle(index)
        const entry = new RegExp(`${title}\\s+(\\d+)`).exec(reading.texts[0]!)
        expect(entry, title).not.toBeNull()
        // The heading's page: the first page after the contents entry that prints the title.
        const squashed = squash(title)
        const headingPage = reading.texts.findIndex((page, number) => squash(page).split(squashed).length > (number === 0 ? 2 : 1)) + 1
        expect({title, printed: Number(entry![1])}).toEqual({title, printed: headingPage})
      }
    })
  }
})
