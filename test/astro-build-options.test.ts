/**
 * The build API as a host's library (what `remark-brief/astro` uses): a
 * PDF-only build into another tool's output folder writes the PDFs and
 * nothing else, keeps its cache outside, and hands each message to
 * `onMessage`. One real browser (the first build); the others print nothing.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {describe, expect, it} from 'vitest'
import {buildBatch} from '../src/build/index.js'
import {listFiles, project} from './setup/cli.js'

const article = `---
title: Harbour Dues
---

Port fees rose twice.[^late] Shipping fell.[^early]

[^early]: Harbour board minutes, 2024.
[^late]: Customs circular 12.
[^spare]: Nothing cites this.
`

async function site(): Promise<string> {
  const cwd = await project('astro-build')
  await fs.mkdir(path.join(cwd, 'input'))
  await fs.writeFile(path.join(cwd, 'input', 'harbour.md'), article)
  return cwd
}

describe('build options for a host', () => {
  it('PDF only: no index page, thumbnails or assets in the output folder, the cache outside it', async () => {
    const cwd = await site()
    const options = {cwd, out: 'dist/briefs', formats: ['pdf' as const], index: false, thumbnails: false, copyAssets: false, cacheDir: 'cache/briefs'}

    const first = await buildBatch(['input'], options)
    expect(first.files.map((result) => [result.relative, result.status])).toEqual([['input/harbour.md', 'built']])
    expect(await listFiles(path.join(cwd, 'dist'))).toEqual(['briefs/harbour.pdf'])
    expect(await listFiles(path.join(cwd, 'cache'))).toEqual(['briefs/.brief-cache/manifest.json'])

    // The cache outside the output folder still hits.
    const second = await buildBatch(['input'], options)
    expect(second.files[0]!.status).toBe('unchanged')

    // Thumbnails back on: the brief is not taken as unchanged (no browser here, so it fails to print: it was tried).
    const third = await buildBatch(['input'], {...options, thumbnails: true, executablePath: path.join(cwd, 'no-such-browser')})
    expect(third.files[0]!.status).toBe('failed')
    expect(third.files[0]!.file.messages.map((message) => message.ruleId)).toContain('render-failed')
  }, 180_000)

  it('onMessage: every message of every file, with its file, as files finish', async () => {
    const cwd = await site()
    await fs.writeFile(path.join(cwd, 'input', 'broken.md'), 'A claim.[^9]\n')
    const seen: Array<[string, string | undefined, boolean | null | undefined]> = []
    const onMessage = (message: VFileMessage, file: VFile) => seen.push([file.path, message.ruleId, message.fatal])

    const result = await buildBatch(['input', 'input/missing.md'], {cwd, formats: ['html'], onMessage})
    const all = result.files.flatMap((item) => item.file.messages.map((message) => [item.file.path, message.ruleId, message.fatal]))
    expect([...seen].sort()).toEqual([...all].sort())
    expect(seen).toContainEqual(['input/broken.md', 'missing-note-definition', true])
    expect(seen).toContainEqual(['input/harbour.md', 'unused-note-definition', false])
    expect(seen).toContainEqual(['input/missing.md', 'missing-input', true])
  })

  it('defaults unchanged: the index page, the assets copy and the cache in the output folder', async () => {
    const cwd = await site()
    await buildBatch(['input'], {cwd, formats: ['html']})
    const files = await listFiles(path.join(cwd, 'output'))
    expect(files).toContain('index.html')
    expect(files).toContain('harbour.html')
    expect(files).toContain('.brief-cache/manifest.json')
    expect(files.some((file) => file.startsWith('assets/'))).toBe(true)
  })
})
