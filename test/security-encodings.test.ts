/**
 * Inputs in the encodings people scrape in: UTF-16 with and without a byte
 * order mark, invalid UTF-8 (reported with its position), an empty article
 * (a warning, not a blank brief). No browser: HTML output only.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildBatch, type BatchResult} from '../src/build/index.js'
import {encodingOf, firstInvalidUtf8} from '../src/build/decode.js'

const article = (title: string) => `---\ntitle: ${title}\n---\n\n# ${title}\n\nA café in Zürich, “quoted”.[^1]\n\n[^1]: The note.\n`
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16()

let folder: string
let cwd: string
let batch: BatchResult

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-encodings-'))
  cwd = folder
  const input = path.join(cwd, 'input')
  await fs.mkdir(input)
  await fs.writeFile(path.join(input, 'utf16le-bom.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(article('Little endian with BOM'), 'utf16le')]))
  await fs.writeFile(path.join(input, 'utf16le.md'), Buffer.from(article('Little endian'), 'utf16le'))
  await fs.writeFile(path.join(input, 'utf16be-bom.md'), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(article('Big endian with BOM'))]))
  await fs.writeFile(path.join(input, 'utf16be.md'), utf16be(article('Big endian')))
  // Line 8, column 3: a lone 0xFF byte.
  const text = article('Invalid bytes').split('\n')
  await fs.writeFile(path.join(input, 'invalid.md'), Buffer.concat([Buffer.from(text.slice(0, 7).join('\n') + '\nab'), Buffer.from([0xff]), Buffer.from('cd\n' + text.slice(7).join('\n'))]))
  await fs.writeFile(path.join(input, 'empty.md'), '')
  await fs.writeFile(path.join(input, 'blank.txt'), ' \n\n\t\n')
  batch = await buildBatch(['input'], {cwd, out: 'output', formats: ['html']})
})

afterAll(async () => {
  if (folder) await fs.rm(folder, {recursive: true, force: true})
})

const resultOf = (name: string) => batch.files.find((result) => path.basename(result.input) === name)!

describe('UTF-16', () => {
  it('with and without a BOM, little and big endian: built, the text read right', async () => {
    for (const [name, title] of [
      ['utf16le-bom.md', 'Little endian with BOM'],
      ['utf16le.md', 'Little endian'],
      ['utf16be-bom.md', 'Big endian with BOM'],
      ['utf16be.md', 'Big endian']
    ] as const) {
      const result = resultOf(name)
      expect([name, result.status, result.file.messages.map((message) => message.ruleId)]).toEqual([name, 'built', []])
      // Typography adds soft hyphens and no-break spaces: read past them.
      const html = (await fs.readFile(path.join(cwd, 'output', name.replace(/\.md$/, '.html')), 'utf8')).replaceAll('\u00AD', '').replaceAll('\u00A0', ' ')
      expect(html, name).toContain(`<title>${title}`)
      expect(html, name).toContain('A café in Zürich, ')
      expect(html, name).toContain('“quoted”')
    }
  })

  it('encodingOf tells UTF-16 without a BOM from UTF-8 and from binary-looking text', () => {
    expect(encodingOf(Buffer.from('Plain text, long enough.', 'utf16le'))).toBe('utf-16le')
    expect(encodingOf(utf16be('Plain text, long enough.'))).toBe('utf-16be')
    expect(encodingOf(Buffer.from('Plain text, long enough.'))).toBe('utf-8')
    expect(encodingOf(Buffer.from([0, 0, 0, 0, 1, 2, 3, 0]))).toBe('utf-8')
  })
})

describe('invalid UTF-8', () => {
  it('is reported with its byte offset, line and column; the rest is built', () => {
    const result = resultOf('invalid.md')
    expect(result.status).toBe('built')
    expect(result.file.messages.map((message) => [message.ruleId, message.fatal, message.line, message.column, message.reason])).toEqual([
      ['input-invalid-utf8', false, 8, 3, expect.stringMatching(/^Unexpected invalid UTF-8 at byte \d+, expected UTF-8 or UTF-16 text; read with U\+FFFD in its place$/)]
    ])
  })

  it('firstInvalidUtf8 finds overlong forms, surrogates, truncated and stray bytes', () => {
    expect(firstInvalidUtf8(Buffer.from('ok é € 𝄞'))).toBeUndefined()
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0xaf]))).toBe(1)
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0)
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2)
    expect(firstInvalidUtf8(Uint8Array.from([0x80]))).toBe(0)
    expect(firstInvalidUtf8(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0)
  })
})

describe('an empty article', () => {
  it('is a warning and writes no blank brief', async () => {
    for (const name of ['empty.md', 'blank.txt']) {
      const result = resultOf(name)
      expect(result.file.messages.map((message) => [message.ruleId, message.fatal, message.reason])).toEqual([
        ['input-empty', false, 'Unexpected empty article, expected text to build; nothing written']
      ])
      expect(result.outputs).toEqual([])
    }
    expect((await fs.readdir(path.join(cwd, 'output'))).filter((name) => /^(empty|blank)\./.test(name))).toEqual([])
  })
})
