/**
 * Page-bottom notes on a long real article (corpus 02: 14 pages, 54 notes),
 * through the real build and Chromium, read back from the PDF: each note's
 * number and opening words print on the page of its first call, and no
 * text goes missing. The corpus is the sibling `../shared/corpus` (or
 * `BRIEF_CORPUS`); without it the suite is skipped, so `npm test` passes on
 * any clone. Failures name note numbers, never the article's words.
 */
import {copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {fromHtml} from 'hast-util-from-html'
import {selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {createBuildSession, type FileResult} from '../src/build/index.js'
import {tokens} from '../src/pdf/verify.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const corpus = process.env.BRIEF_CORPUS ? path.resolve(process.env.BRIEF_CORPUS) : path.resolve(root, '../shared/corpus')
const article = path.join(corpus, '02-jams-munro-china-identity.txt')
const present = existsSync(article)
if (!present) console.log(`pdf-page-notes-corpus: skipped, no article at ${article} (set BRIEF_CORPUS to the corpus folder to run it)`)

let folder: string
let built: FileResult

describe.skipIf(!present)('page-bottom notes on a long corpus article (02)', () => {
  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-page-notes-corpus-'))
    copyFileSync(article, path.join(folder, 'article.txt'))
    const session = await createBuildSession({cwd: folder, out: 'out', formats: ['pdf', 'html'], notes: 'page', concurrency: 1, force: true})
    try {
      built = (await session.build(['article.txt'])).files[0]!
    } finally {
      await session.close()
    }
  }, 240_000)

  afterAll(() => {
    if (folder) rmSync(folder, {recursive: true, force: true})
  })

  test('every note on the page of its first call, none misplaced', async () => {
    expect(built.status).toBe('built')
    expect(built.file.messages.filter((message) => message.ruleId === 'page-note-misplaced').length).toBe(0)
    const pdf = built.outputs.find((output) => output.endsWith('.pdf'))!
    const html = readFileSync(built.outputs.find((output) => output.endsWith('.html'))!, 'utf8')
    const document = await getDocument({data: new Uint8Array(readFileSync(pdf)), isEvalSupported: false, verbosity: 0}).promise
    const pages: string[] = []
    const calls = new Map<string, number>()
    try {
      for (let number = 1; number <= document.numPages; number++) {
        const page = await document.getPage(number)
        const content = await page.getTextContent()
        pages.push(tokens(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('')).join(''))
        for (const annotation of await page.getAnnotations()) {
          const target = typeof annotation.dest === 'string' ? /-fn-(\d+)$/.exec(annotation.dest) : null
          if (annotation.subtype === 'Link' && target && !calls.has(target[1]!)) calls.set(target[1]!, number)
        }
      }
    } finally {
      await document.destroy()
    }
    const notes = selectAll('.brief-page-note', fromHtml(html))
    expect(notes.length).toBeGreaterThan(40)
    const off: string[] = []
    for (const note of notes) {
      const number = String(note.properties.dataBriefNote)
      const needle = number + tokens(toText(note)).slice(1, 6).join('')
      const page = pages.findIndex((text) => text.includes(needle)) + 1
      if (page === 0 || page !== calls.get(number)) off.push(number)
    }
    expect(off).toEqual([])
  })
})
