/**
 * Text no face can print, in the real PDF: a brief of ours with private-use
 * bullets, a lost character (U+FFFD), a garbled word and a LaTeX `c⃝`, beside
 * real Chinese, Japanese and Russian. Built through the real chain and
 * Chromium, read back with pdf.js. One browser (and the CLI's for --frail).
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {buildBrief, type FileResult} from '../src/build/index.js'
import {pdfText} from '../src/pdf/verify.js'
import {missingGlyphs} from './setup/pdf-read.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const input = path.join(root, 'test', 'fixtures', 'print', 'unprintable', 'unprintable.md')

let out: string
let built: FileResult
let pdf: Uint8Array
let text: string

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-pdf-unprintable-'))
  built = await buildBrief(input, {cwd: root, out, force: true, concurrency: 1})
  pdf = new Uint8Array(readFileSync(built.outputs.find((file) => file.endsWith('.pdf'))!))
  text = await pdfText(pdf)
}, 180_000)

afterAll(() => {
  rmSync(out, {recursive: true, force: true})
})

describe('characters no face can print', () => {
  test('the text layer holds no U+0000 and no U+FFFD, and no glyph is missing', async () => {
    expect(built.status).toBe('built')
    expect(text).not.toMatch(/[\u0000\uFFFD]/)
    expect(text).not.toMatch(/\p{Co}/u)
    expect(await missingGlyphs(pdf)).toBe(0)
  })

  test('the real Chinese, Japanese and Russian read back, the garbled word does not, the LaTeX signs do', () => {
    const flat = text.replace(/\s+/g, '')
    expect(flat).toContain('中国海军')
    expect(flat).toContain('日本語の本')
    expect(flat).toContain('русский')
    expect(flat).not.toContain('\u4400')
    expect(text).toMatch(/© 2025 Example Press/)
    expect(text).toMatch(/Example ®/)
  })

  test('each placeholder is reported: text-not-printed for the characters, garbled-text for the word', () => {
    const rules = built.file.messages.map((message) => message.ruleId)
    expect(rules.filter((rule) => rule === 'text-not-printed')).toHaveLength(3)
    expect(rules.filter((rule) => rule === 'garbled-text')).toHaveLength(1)
    // The post-print check finds nothing printed as an empty box any more.
    expect(built.file.messages.map((message) => message.reason).join('\n')).not.toMatch(/printed as empty boxes/)
  })

  test('--frail fails the brief', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'bin.js'), 'build', input, '--out', path.join(out, 'frail'), '--format', 'pdf', '--frail'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: {...process.env, NO_COLOR: '1'}
    })
    expect(run.stdout + run.stderr).toMatch(/text-not-printed/)
    expect(run.stdout + run.stderr).toMatch(/garbled-text/)
    expect(run.status).toBe(1)
  }, 150_000)
})
