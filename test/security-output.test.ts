/**
 * The output folder as a database: what the build writes there is never read
 * back as input. No browser: HTML and Markdown output only.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildBatch} from '../src/build/index.js'

let folder: string

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-output-'))
})

afterAll(async () => {
  if (folder) await fs.rm(folder, {recursive: true, force: true})
})

describe('`--out` inside the input folder', () => {
  it('the briefs written there (`.md`, `.html`) are never read back as articles', async () => {
    const cwd = path.join(folder, 'inside')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    await fs.writeFile(path.join(cwd, 'input', 'a.md'), '---\ntitle: A\n---\n\n# A\n\nText.[^1]\n\n[^1]: Note.\n')
    const options = {cwd, out: 'input/briefs', formats: ['html', 'md'] as Array<'html' | 'md'>}
    const first = await buildBatch(['input'], options)
    expect(first.files.map((result) => [result.relative, result.status])).toEqual([['input/a.md', 'built']])
    await fs.access(path.join(cwd, 'input', 'briefs', 'a.md'))
    const second = await buildBatch(['input'], {...options, force: true})
    expect(second.files.map((result) => [result.relative, result.status])).toEqual([['input/a.md', 'built']])
    expect((await fs.readdir(path.join(cwd, 'input', 'briefs'))).filter((name) => /^a-\d/.test(name))).toEqual([])
  })
})

describe('a manifest of the wrong shape', () => {
  it('is not fatal: bad entries are dropped, the brief is rebuilt, the index links nothing outside', async () => {
    const cwd = path.join(folder, 'manifest')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    await fs.mkdir(path.join(cwd, 'output', '.brief-cache'), {recursive: true})
    await fs.writeFile(path.join(cwd, 'input', 'a.md'), '# A\n\nText.\n')
    const evil = {key: 'k', name: 'evil', outputs: {html: '../../../etc/passwd'}, authors: [], warnings: 0, title: 'Evil'}
    for (const entries of [{'input/a.md': 5, 'input/b.md': {key: 'x', outputs: null}, evil}, [], 'text']) {
      await fs.writeFile(path.join(cwd, 'output', '.brief-cache', 'manifest.json'), JSON.stringify({version: 1, entries}))
      const batch = await buildBatch(['input'], {cwd, out: 'output', formats: ['html']})
      expect(batch.files.map((result) => result.status)).toEqual(['built'])
      const index = await fs.readFile(path.join(cwd, 'output', 'index.html'), 'utf8')
      expect(index).not.toContain('passwd')
      expect(index).not.toContain('Evil')
    }
  })
})
