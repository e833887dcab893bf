/**
 * Issue 12, more classes of text in the real PDF, one browser for the file
 * (one batch): pictographs and emoji sequences in cited titles print in Noto
 * Emoji and read back as the same characters; a summary written in Markdown
 * prints rendered, not as its syntax; prose dense in long words breaks only
 * words of 10 letters or more at line ends; ligature characters left by PDF
 * conversions (`ﬁ`) print as letters in our faces; Unicode super- and
 * subscripts (an unlinked marker's `¹⁶`, `CO₂`) print raised or lowered in
 * our faces. Built through the real chain and the
 * real Chromium, read back with pdf.js and pdf-lib.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {PDFDict, PDFDocument, PDFName} from 'pdf-lib'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {buildBatch, type FileResult} from '../src/build/index.js'
import {pdfText} from '../src/pdf/verify.js'
import {missingGlyphs} from './setup/pdf-read.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const fixtures = path.join(root, 'test', 'fixtures', 'print')
const inputs = {
  emoji: path.join(fixtures, 'emoji', 'emoji.md'),
  summary: path.join(fixtures, 'summary', 'summary.md'),
  dense: path.join(fixtures, 'dense-words', 'dense.md'),
  ligatures: path.join(fixtures, 'ligatures', 'ligatures.md'),
  scriptDigits: path.join(fixtures, 'script-digits', 'script-digits.txt')
}

let out: string
const built = new Map<string, {result: FileResult; pdf: Uint8Array; html: string; text: string}>()

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-pdf-print-classes-'))
  const batch = await buildBatch(Object.values(inputs), {cwd: root, out, force: true, concurrency: 1})
  for (const [name, input] of Object.entries(inputs)) {
    const result = batch.files.find((file) => path.resolve(root, file.relative) === input)!
    const pdf = new Uint8Array(readFileSync(result.outputs.find((file) => file.endsWith('.pdf'))!))
    const html = readFileSync(result.outputs.find((file) => file.endsWith('.html'))!, 'utf8')
    built.set(name, {result, pdf, html, text: await pdfText(pdf)})
  }
}, 240_000)

afterAll(() => {
  rmSync(out, {recursive: true, force: true})
})

/** The BaseFont of every font the PDF embeds (subset prefixes included). */
async function fontNames(pdf: Uint8Array): Promise<string[]> {
  const document = await PDFDocument.load(pdf, {updateMetadata: false})
  return document.context
    .enumerateIndirectObjects()
    .map(([, object]) => (object instanceof PDFDict ? String(object.get(PDFName.of('BaseFont')) ?? '') : ''))
    .filter(Boolean)
}

describe('pictographs and emoji', () => {
  test('print from the bundled monochrome emoji face, only the slices the brief needs', async () => {
    const {result, pdf, html} = built.get('emoji')!
    expect(result.status).toBe('built')
    expect(result.file.messages.map((message) => message.ruleId)).not.toContain('text-not-printed')
    expect(await missingGlyphs(pdf)).toBe(0)
    expect((await fontNames(pdf)).join(' ')).toMatch(/NotoEmoji/)
    // The slices holding the brief's pictographs, not the whole face (about ten slices a weight).
    const slices = new Set([...html.matchAll(/noto-emoji-(\d+)-400-normal\.woff2/g)].map((match) => match[1]))
    expect(slices.size).toBeGreaterThan(0)
    expect(slices.size).toBeLessThan(8)
  })

  test('read back as the same characters: no U+0000, no U+FFFD, the ZWJ sequence whole', () => {
    const {text} = built.get('emoji')!
    expect(text).not.toMatch(/[\u0000\uFFFD]/)
    expect(text).toContain('LLM-as-a-Judge\u{1F9D1}\u200D\u2696\uFE0F')
    expect(text).toContain('\u{1F680}')
    expect(text).toContain('\u{1F1EF}\u{1F1F5}')
    expect(text).toContain('\u2696')
  })

  test('a brief without pictographs declares no emoji slice', () => {
    expect(built.get('summary')!.html).not.toContain('noto-emoji-')
  })
})

describe('a summary in Markdown', () => {
  test('prints rendered: emphasis and links as such, the image as its caption, no syntax', () => {
    const {result, text} = built.get('summary')!
    expect(result.status).toBe('built')
    const flat = text.replace(/\s+/g, ' ')
    expect(flat).toContain('with one term in emphasis and a link to the data.')
    expect(flat).toContain('Figure: Progress of the recommendations (not included)')
    expect(flat).toContain('Second finding – the second paragraph')
    expect(flat).not.toMatch(/\*|\]\(|!\[|`/)
  })
})

describe('prose dense in long words', () => {
  test('only words of 10 letters or more break at a line end, 4 letters a side at least', () => {
    const {result, text, html} = built.get('dense')!
    expect(result.status).toBe('built')
    const source = html.replace(/\u00AD/g, '')
    // The line-end hyphen Chromium draws (U+2010 or U+002D) and the line break: a word broken in two.
    const breaks = [...text.matchAll(/(\p{L}+)[-\u2010]\n(\p{L}+)/gu)]
      .map((match) => [match[1]!, match[2]!] as const)
      .filter(([head, tail]) => !source.includes(`${head}-${tail}`))
    expect(breaks.length).toBeGreaterThan(3)
    for (const [head, tail] of breaks) {
      expect((head + tail).length, head + tail).toBeGreaterThanOrEqual(10)
      expect(head.length, head + tail).toBeGreaterThanOrEqual(4)
      expect(tail.length, head + tail).toBeGreaterThanOrEqual(4)
    }
  })
})

describe('ligature characters from PDF conversions', () => {
  test('print as their letters in our own faces and read back as whole words', async () => {
    const {result, pdf, text} = built.get('ligatures')!
    expect(result.status).toBe('built')
    expect(result.file.messages.map((message) => message.ruleId)).not.toContain('text-not-printed')
    // No U+FB00–U+FB06 left in the text layer: search and copy meet the letters.
    expect(text).not.toMatch(/[\uFB00-\uFB06]/)
    const words = text.replace(/[-\u2010\u00AD]\s*\n/g, '').replace(/\s+/g, ' ')
    for (const word of ['Different', 'flows', 'finance', 'significant', 'offices', 'differ', 'effectiveness', 'affluent', 'reflect']) expect(words).toContain(word)
    // Only the bundled faces: without the unfolding, Chromium borrowed a system face (Liberation Serif, DejaVu) for them.
    const fonts = await fontNames(pdf)
    expect(fonts.length).toBeGreaterThan(0)
    for (const font of fonts) expect(font).toMatch(/SourceSerif4|SourceSans3/)
  })
})

describe('Unicode superscripts and subscripts (unlinked markers, CO₂)', () => {
  test('print as raised and lowered digits in our own faces, never a system face', async () => {
    const {result, pdf, html, text} = built.get('scriptDigits')!
    expect(result.status).toBe('built')
    // No notes list: the markers stay, normalized to superscripts by the recognizer, then printed as `sup`.
    expect(result.file.messages.map((message) => message.ruleId)).toContain('no-notes-list')
    expect(html).toContain('<sup class="brief-script-digits">16</sup>')
    expect(html).toContain('CO<sub class="brief-script-digits">2</sub>')
    expect(html).toContain('km<sup class="brief-script-digits">−2</sup>')
    expect(html.slice(html.indexOf('<body'))).not.toMatch(/[\u2070-\u209F\u00B9\u00B2\u00B3]/)
    const words = text.replace(/\s+/g, ' ')
    for (const phrase of ['in 2015.4 It', 'data.16', 'CO2 rose', 'claim.58']) expect(words).toContain(phrase)
    // `⁴`–`⁹` and `₂` are in none of our slices: before, Chromium set them in DejaVu Sans.
    const fonts = await fontNames(pdf)
    expect(fonts.length).toBeGreaterThan(0)
    for (const font of fonts) expect(font).toMatch(/SourceSerif4|SourceSans3/)
  })
})
