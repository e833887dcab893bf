/**
 * Our corpus-shaped fixtures (test/fixtures/article/classes/, copied into a
 * temporary folder) through the real build, in one batch, one browser: each
 * builds to a PDF (or fails with a clear message, never a crash), and its
 * body text is found in the PDF, checked here independently of the
 * renderer's own post-print check. The page count and the messages of each
 * file are printed. The real corpus runs in test/corpus-real.test.ts.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildBatch, type BatchResult, type FileResult} from '../src/build/index.js'
import {pdfText} from '../src/pdf/public.js'

const corpus = fileURLToPath(new URL('fixtures/article/classes/', import.meta.url))
const names = (await fs.readdir(corpus)).filter((name) => name.endsWith('.txt')).sort()

/** Rule ids that mean the code failed, not the article: never acceptable. */
const crashRules = new Set(['process-failed', 'build-failed', 'render-failed', 'fix-failed'])

let folder: string
let batch: BatchResult

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-corpus-'))
  await fs.mkdir(path.join(folder, 'input'))
  for (const name of names) await fs.copyFile(path.join(corpus, name), path.join(folder, 'input', name))
  batch = await buildBatch(['input'], {cwd: folder, out: 'output', concurrency: 2})

  const rows = batch.files.map((result) => {
    const counts = new Map<string, number>()
    for (const message of result.file.messages) {
      const key = `${message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info'} ${message.ruleId}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    const summary = [...counts].sort().map(([key, count]) => `${count}× ${key}`).join(', ')
    return `${path.basename(result.input)} | ${result.status} | ${result.pages ?? '-'} pages | ${summary}`
  })
  console.log('corpus build:\n' + rows.join('\n'))
}, 240_000)

afterAll(async () => {
  if (folder) await fs.rm(folder, {recursive: true, force: true})
})

/**
 * Lower-case words of letters and digits, as they survive typesetting:
 * apostrophes and quotes (which read back from the PDF as the letters ʼ and ʻ)
 * separate words, and f-ligatures (which read back as U+0000 when the font
 * does not map them) are one placeholder on both sides.
 */
function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .replaceAll('\u00AD', '')
      .toLowerCase()
      .replace(/['‘’ʼʻ`´]/g, ' ')
      .replace(/ffi|ffl|ff|fi|fl/g, '\u0000')
      .match(/[\p{L}\p{N}\u0000]+/gu) ?? []
  )
}

/** Words in the Latin script (and digits) only: the fonts we ship have no CJK, so those print as empty boxes and are reported. */
const isLatin = (word: string) => /^[\p{Script=Latin}\p{N}\u0000]+$/u.test(word)

/** The body paragraphs of a brief's HTML (outside the notes section), and the notes' own text. */
function bodyText(tree: Root): {paragraphs: string[]; notes: string[]} {
  const notes = selectAll('section[data-footnotes] li', tree).map((node) => toText(node))
  const inNotes = new Set(selectAll('section[data-footnotes] p', tree))
  // The article's own paragraphs are in `<main>` (the masthead and back matter are the template's).
  const paragraphs = selectAll(selectAll('main', tree).length > 0 ? 'main p' : 'body p', tree)
    .filter((node: Element) => !inNotes.has(node))
    .map((node) => toText(node))
  return {paragraphs: [...new Set(paragraphs)], notes}
}

function resultOf(name: string): FileResult {
  const found = batch.files.find((result) => path.basename(result.input) === name)
  if (!found) throw new Error(`No result for ${name}`)
  return found
}

describe('corpus-shaped fixtures through the build', () => {
  it('has the fixtures', () => {
    expect(names.length).toBeGreaterThan(4)
    expect(batch.files).toHaveLength(names.length)
  })

  for (const name of names) {
    describe(name, () => {
      it('builds to a PDF, or fails with a clear message; never a crash', async () => {
        const result = resultOf(name)
        expect(result.file.messages.filter((message) => crashRules.has(message.ruleId ?? ''))).toEqual([])
        for (const message of result.file.messages) {
          expect(message.source).toBe('remark-brief')
          expect(message.ruleId).toMatch(/^[a-z]+(-[a-z]+)*$/)
        }
        if (result.status === 'failed') {
          expect(result.file.messages.some((message) => message.fatal)).toBe(true)
          return
        }
        expect(result.status).toBe('built')
        expect(result.pages).toBeGreaterThan(0)
        const pdf = path.join(folder, 'output', `${result.name}.pdf`)
        expect((await fs.readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-')
      })

      it('prints every Latin-script word of its body and notes (checked apart from the renderer)', async () => {
        const result = resultOf(name)
        if (result.status !== 'built') return
        const html = fromHtml(await fs.readFile(path.join(folder, 'output', `${result.name}.html`), 'utf8'))
        const {paragraphs, notes} = bodyText(html)
        expect(paragraphs.length).toBeGreaterThan(0)

        const printed = await pdfText(new Uint8Array(await fs.readFile(path.join(folder, 'output', `${result.name}.pdf`))))
        // A word hyphenated at a line end, or a long URL broken anywhere, reads back in pieces: accept every reading.
        const readings = [printed, printed.replace(/[-\u2010]\n/g, ''), printed.replace(/\n/g, '')]
        const printedWords = new Set(readings.flatMap(words))

        const expected = [...paragraphs, ...notes].flatMap(words).filter(isLatin)
        // A long URL may also read back with a stray space inside it: look for such a word in the text without spaces.
        const squashed = readings.flatMap(words).join('')
        const missing = [...new Set(expected.filter((word) => !printedWords.has(word) && !(word.length > 20 && squashed.includes(word))))]
        expect(expected.length).toBeGreaterThan(15)
        expect(missing).toEqual([])
      })

      it('the post-print check reports only characters no font has, never lost Latin text', () => {
        const result = resultOf(name)
        for (const message of result.file.messages.filter((item) => item.ruleId === 'text-not-printed')) {
          const quoted = [...message.reason.matchAll(/“([^”]*)”/g)].map((match) => match[1]!)
          // The first quote names the paragraph (its opening words); the others are the missing words.
          const missingWords = quoted.slice(1)
          expect(missingWords.filter((word) => words(word).some(isLatin)), message.reason).toEqual([])
        }
      })
    })
  }
})
