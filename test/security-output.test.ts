/**
 * The output folder as a database: what the build writes there is never read
 * back as input. No browser: HTML and Markdown output only.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildBatch, fixFiles} from '../src/build/index.js'

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

describe('`brief fix`', () => {
  const text = 'A Title\n\nA paragraph with a note.1\n\nNotes\n\n1. The note.\n'

  it('never overwrites a hand-written `a.md` beside `a.txt`: an error, the file untouched', async () => {
    const cwd = path.join(folder, 'fix-sibling')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    await fs.writeFile(path.join(cwd, 'input', 'a.txt'), text)
    await fs.writeFile(path.join(cwd, 'input', 'a.md'), '# My own notes, written by hand\n')
    const [result] = await fixFiles(['input/a.txt'], {cwd})
    expect(result!.written).toBeUndefined()
    expect(result!.file.messages.filter((message) => message.fatal).map((message) => [message.ruleId, message.reason])).toEqual([
      ['fix-target-exists', 'Unexpected existing `a.md` beside the article, expected no file there; not overwritten (fix that file itself, or move it away)']
    ])
    expect(await fs.readFile(path.join(cwd, 'input', 'a.md'), 'utf8')).toBe('# My own notes, written by hand\n')
  })

  it('writes `a.md` when there is none, and says what it wrote', async () => {
    const cwd = path.join(folder, 'fix-new')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    await fs.writeFile(path.join(cwd, 'input', 'a.txt'), text)
    const [result] = await fixFiles(['input/a.txt'], {cwd})
    expect(result!.written).toBe(path.join(cwd, 'input', 'a.md'))
    expect(await fs.readFile(result!.written!, 'utf8')).toContain('[^1]')
  })

  it('keeps the mode and the hard links of Markdown it rewrites in place', async () => {
    const cwd = path.join(folder, 'fix-links')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    const file = path.join(cwd, 'input', 'b.md')
    await fs.writeFile(file, '# B\n\nText.[^9]\n\n[^9]: The note.\n')
    await fs.chmod(file, 0o640)
    await fs.link(file, path.join(cwd, 'linked.md'))
    const [result] = await fixFiles(['input/b.md'], {cwd})
    expect(result!.written).toBe(file)
    const after = await fs.stat(file)
    expect(after.mode & 0o777).toBe(0o640)
    expect(after.nlink).toBe(2)
    expect(await fs.readFile(path.join(cwd, 'linked.md'), 'utf8')).toBe(await fs.readFile(file, 'utf8'))
    expect(await fs.readFile(file, 'utf8')).toContain('[^1]')
  })
})

describe('output names and the index across runs', () => {
  const article = (title: string) => `---\ntitle: ${title}\n---\n\n# ${title}\n\nText.\n`
  const manifestOf = async (cwd: string) => JSON.parse(await fs.readFile(path.join(cwd, 'output', '.brief-cache', 'manifest.json'), 'utf8')) as {entries: Record<string, {name: string}>}

  it('two shards: two `index.md` get different names, and both stay in the manifest and the index', async () => {
    const cwd = path.join(folder, 'shards')
    for (const part of ['a', 'b']) {
      await fs.mkdir(path.join(cwd, 'input', part), {recursive: true})
      await fs.writeFile(path.join(cwd, 'input', part, 'index.md'), article(`Part ${part.toUpperCase()}`))
    }
    for (const index of [1, 2]) await buildBatch(['input'], {cwd, out: 'output', formats: ['html'], shard: {index, count: 2}})
    const names = Object.values((await manifestOf(cwd)).entries).map((entry) => entry.name).sort()
    // `index` itself is the site index's name.
    expect(names).toEqual(['index-2', 'index-3'])
    const site = await fs.readFile(path.join(cwd, 'output', 'index.html'), 'utf8')
    expect(site).toContain('Part A')
    expect(site).toContain('Part B')
  })

  it('a rebuild of one new file (as --watch does) never takes the name of a brief already there', async () => {
    const cwd = path.join(folder, 'watch-names')
    await fs.mkdir(path.join(cwd, 'input', 'a'), {recursive: true})
    await fs.mkdir(path.join(cwd, 'input', 'b'), {recursive: true})
    await fs.writeFile(path.join(cwd, 'input', 'a', 'index.md'), article('First'))
    await buildBatch(['input'], {cwd, out: 'output', formats: ['html']})
    await fs.writeFile(path.join(cwd, 'input', 'b', 'index.md'), article('Second'))
    const second = await buildBatch(['input/b/index.md'], {cwd, out: 'output', formats: ['html']})
    expect(second.files.map((result) => result.name)).toEqual(['index-3'])
    expect(await fs.readFile(path.join(cwd, 'output', 'index-2.html'), 'utf8')).toContain('First')
    expect(await fs.readFile(path.join(cwd, 'output', 'index-3.html'), 'utf8')).toContain('Second')
    const site = await fs.readFile(path.join(cwd, 'output', 'index.html'), 'utf8')
    expect(site).toContain('First')
    expect(site).toContain('Second')
  })

  it('a deleted article leaves the manifest and the index, and its outputs go', async () => {
    const cwd = path.join(folder, 'deleted')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    await fs.writeFile(path.join(cwd, 'input', 'kept.md'), article('Kept'))
    await fs.writeFile(path.join(cwd, 'input', 'gone.md'), article('Gone'))
    await buildBatch(['input'], {cwd, out: 'output', formats: ['html']})
    await fs.rm(path.join(cwd, 'input', 'gone.md'))
    await buildBatch(['input'], {cwd, out: 'output', formats: ['html']})
    expect(Object.keys((await manifestOf(cwd)).entries)).toEqual(['input/kept.md'])
    await expect(fs.access(path.join(cwd, 'output', 'gone.html'))).rejects.toThrow()
    const site = await fs.readFile(path.join(cwd, 'output', 'index.html'), 'utf8')
    expect(site).toContain('Kept')
    expect(site).not.toContain('Gone')
  })
})
