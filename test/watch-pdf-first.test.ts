/**
 * A `--watch` rebuild of a changed article asks the build for its PDF first
 * (`pdfFirst`: the printer finishes it beside the read-back and takes the
 * thumbnail after it); a changed configuration rebuilds every brief as a
 * batch does. Seen through a session that records what it is asked.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {VFile} from 'vfile'
import {afterAll, expect, test} from 'vitest'
import type {BatchResult, BuildSession, SessionBuildOptions} from '../src/build/index.js'
import {watchBuild} from '../src/cli/watch.js'

const folders: string[] = []

afterAll(async () => {
  for (const folder of folders) await fs.rm(folder, {recursive: true, force: true})
})

async function until(test: () => boolean, limit = 10_000): Promise<void> {
  const end = performance.now() + limit
  while (!test()) {
    if (performance.now() > end) throw new Error('not seen in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

test('a changed article is rebuilt with `pdfFirst`; a changed config rebuilds everything without it', async () => {
  const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-watch-pdf-first-'))
  folders.push(cwd)
  await fs.mkdir(path.join(cwd, 'input'))
  const article = path.join(cwd, 'input', 'brief.md')
  const config = path.join(cwd, 'brief.config.json')
  await fs.writeFile(article, '# Brief\n')
  await fs.writeFile(config, '{}\n')

  const calls: Array<{inputs: string[]; options?: SessionBuildOptions}> = []
  const result: BatchResult = {files: [], built: 1, unchanged: 0, failed: 0, warnings: 0, errors: 0, skipped: 0, run: new VFile(), time: 1}
  const session: BuildSession = {
    async build(inputs, options) {
      calls.push({inputs: [...inputs], options})
      return result
    },
    async reload() {},
    dependencies: () => [config],
    async close() {}
  }
  const written: string[] = []
  const output = {write: (chunk: string) => (written.push(chunk), true), isTTY: false}
  const controller = new AbortController()
  const watching = watchBuild(session, ['input'], {io: {stdout: output, stderr: output, cwd}, quiet: false, signal: controller.signal})
  try {
    await until(() => written.some((line) => line.includes('watching')))
    await fs.writeFile(article, '# Brief\n\nEdited.\n')
    await until(() => calls.length === 1)
    expect(calls[0]).toEqual({inputs: [article], options: {force: true, pdfFirst: true}})

    await new Promise((resolve) => setTimeout(resolve, 50))
    await fs.writeFile(config, '{"defaults": {}}\n')
    await until(() => calls.length === 2)
    expect(calls[1]).toEqual({inputs: ['input'], options: {force: false, pdfFirst: false}})
  } finally {
    controller.abort()
    await watching
  }
})
