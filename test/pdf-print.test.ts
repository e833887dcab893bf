/**
 * Issue 12 in print: a brief of ours with Chinese, Japanese, Devanagari and
 * Arabic runs, typed quotes and dashes, long hyphenatable prose, a wrapping
 * heading, a table and a refused image, built through the real chain and the
 * real Chromium, the PDF read back with pdf.js and pdf-lib. One browser.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream} from 'pdf-lib'
import {getDocument, OPS} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {buildBrief, type FileResult} from '../src/build/index.js'
import {expectationOf, pdfText} from '../src/pdf/verify.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const input = path.join(root, 'test', 'fixtures', 'print', 'build', 'print.md')

let out: string
let built: FileResult
let pdf: Uint8Array
let html: string
let text: string

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-pdf-print-'))
  built = await buildBrief(input, {cwd: root, out, force: true, concurrency: 1})
  pdf = new Uint8Array(readFileSync(built.outputs.find((file) => file.endsWith('.pdf'))!))
  html = readFileSync(built.outputs.find((file) => file.endsWith('.html'))!, 'utf8')
  text = await pdfText(pdf)
}, 180_000)

afterAll(() => {
  rmSync(out, {recursive: true, force: true})
})

/** Every stream of the PDF, decoded (content streams, ToUnicode maps). */
async function streams(bytes: Uint8Array): Promise<string[]> {
  const document = await PDFDocument.load(bytes, {updateMetadata: false})
  const result: string[] = []
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    try {
      result.push(Buffer.from(decodePDFRawStream(object).decode()).toString('latin1'))
    } catch {}
  }
  return result
}

describe('every script prints', () => {
  test('the brief builds with nothing reported missing', () => {
    expect(built.status).toBe('built')
    expect(built.file.messages.map((message) => message.ruleId)).not.toContain('text-not-printed')
  })

  test('no glyph is missing from the fonts the PDF embeds (no .notdef box)', async () => {
    const document = await getDocument({data: pdf.slice(), isEvalSupported: false, verbosity: 0, disableFontFace: true}).promise
    let drawn = 0
    let missing = 0
    for (let number = 1; number <= document.numPages; number++) {
      const operators = await (await document.getPage(number)).getOperatorList()
      operators.fnArray.forEach((fn, index) => {
        if (fn !== OPS.showText) return
        for (const glyph of operators.argsArray[index][0] as Array<{originalCharCode?: number; isInFont?: boolean; unicode?: string} | number>) {
          if (typeof glyph !== 'object' || glyph === null) continue
          drawn++
          if (glyph.originalCharCode === 0 || (glyph.isInFont === false && !/^\s*$/.test(glyph.unicode ?? ''))) missing++
        }
      })
    }
    await document.destroy()
    expect(drawn).toBeGreaterThan(1000)
    expect(missing).toBe(0)
  })

  test('every CJK character reads back; Devanagari and Arabic are embedded in their faces', async () => {
    for (const run of ['人民日报', '习近平', '日本経済新聞', 'ひらがな']) expect(text.replace(/\s+/g, '')).toContain(run)
    // Unmapped glyphs only where Devanagari conjuncts and Arabic ligatures are shaped (no single character to name).
    expect(text.replace(/[\u0000\s]*[\p{Script=Devanagari}\p{Script=Arabic}][\p{Script=Devanagari}\p{Script=Arabic}\p{M}\u0000\s]*/gu, ' ')).not.toMatch(/[\u0000\uFFFD]/)
    const document = await PDFDocument.load(pdf, {updateMetadata: false})
    const fonts = document.context
      .enumerateIndirectObjects()
      .map(([, object]) => (object instanceof PDFDict ? String(object.get(PDFName.of('BaseFont')) ?? '') : ''))
      .join(' ')
    expect(html).toContain("font-family: 'Noto Sans SC'")
    expect(html).toContain('noto-sans-devanagari-devanagari-400-normal.woff2')
    expect(html).toContain('noto-naskh-arabic-arabic-400-normal.woff2')
    expect(fonts).toMatch(/NotoSansSC/)
    expect(fonts).toMatch(/NotoSansDevanagari/)
    expect(fonts).toMatch(/NotoNaskhArabic/)
  })
})

describe('the text layer', () => {
  test('holds no soft hyphen: no ActualText U+00AD span, no ToUnicode entry for U+00AD', async () => {
    expect(html).toContain('\u00AD')
    const all = await streams(pdf)
    expect(all.filter((stream) => stream.includes('FEFF00AD'))).toEqual([])
    expect(all.filter((stream) => stream.includes('begincmap') && /<[\dA-F]+>\s*<00AD>/i.test(stream))).toEqual([])
  })

  test('a word broken at a line end reads back whole', () => {
    const source = html.replace(/\u00AD/g, '')
    // The line-end hyphen Chromium draws (U+2010 or U+002D, by font) and the line break join back into
    // the word; no soft hyphen sits in between.
    const pairs = [...text.matchAll(/(\p{L}+)[-\u2010]\n(\p{L}+)/gu)].map((match) => [match[1]!, match[2]!] as const)
    const broken = pairs.filter(([head, tail]) => !source.includes(`${head}-${tail}`)).map(([head, tail]) => head + tail)
    expect(broken.length).toBeGreaterThan(3)
    for (const word of broken) expect(source, word).toMatch(new RegExp(`\\b${word}\\b`))
  })

  test('quotes are curly and dashes typographic in the printed text', () => {
    expect(text).toContain('The Ministry’s paper on “connectivity”')
    expect(text).toMatch(/“connectivity”\s–\sas it calls it/)
    const prose = text.replace(/x--y 'code'|https?:\S+/g, '')
    expect(prose).not.toMatch(/["']/)
  })

  test('labels read back as words', () => {
    expect(text).toMatch(/\bCITE AS\b|\bCite as\b/)
  })
})

describe('furniture', () => {
  test('bookmarks equal the headings: one each, in order, wrapped headings with their spaces', async () => {
    const document = await getDocument({data: pdf.slice(), isEvalSupported: false, verbosity: 0}).promise
    const outline = (await document.getOutline()) ?? []
    await document.destroy()
    const flat: Array<[number, string]> = []
    const walk = (items: typeof outline, depth: number) => {
      for (const item of items) {
        flat.push([depth, item.title])
        walk(item.items, depth + 1)
      }
    }
    walk(outline, 1)
    const headings = expectationOf(html).outline.map((heading) => [heading.level, heading.text.replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim()])
    expect(flat).toEqual(headings)
    expect(flat.map(([, title]) => title)).toContain('A deliberately long section heading that wraps onto a second line in the printed brief')
  })

  test('a refused image prints as its caption, a table with its number and source', () => {
    expect(built.file.messages.map((message) => message.ruleId)).toContain('image-not-local')
    expect(text).toContain('Figure: Map of the corridor (not included)')
    expect(text).toMatch(/Table 1/)
    expect(text).toContain('Source: Example Institute, 2024.')
  })
})

describe('a script no face has', () => {
  test('keeps the text-not-printed warning, and --frail fails the brief', async () => {
    const {spawnSync} = await import('node:child_process')
    const missing = path.join(root, 'test', 'fixtures', 'print', 'missing', 'missing.md')
    const target = path.join(out, 'missing')
    const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'bin.js'), 'build', missing, '--out', target, '--format', 'pdf', '--frail'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: {...process.env, NO_COLOR: '1'}
    })
    expect(run.stdout + run.stderr).toMatch(/text-not-printed/)
    expect(run.stdout + run.stderr).toMatch(/printed as empty boxes/)
    expect(run.status).toBe(1)
  }, 150_000)
})
