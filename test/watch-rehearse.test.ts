/**
 * Before a `--watch` says it is watching, it rebuilds one brief the first
 * build printed twice (`rehearse`), so the first saves are rebuilt by warm
 * code; a save seen meanwhile is rebuilt after the rehearsal, never beside
 * it. Seen through a session that records what it is asked.
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

test('one printed brief is rebuilt twice before watching; a save during the rehearsal is rebuilt after it', async () => {
  const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-watch-rehearse-'))
  folders.push(cwd)
  await fs.mkdir(path.join(cwd, 'input'))
  const article = path.join(cwd, 'input', 'brief.md')
  const other = path.join(cwd, 'input', 'other.md')
  await fs.writeFile(article, '# Brief\n')
  await fs.writeFile(other, '# Other\n')

  const calls: Array<{inputs: string[]; options?: SessionBuildOptions}> = []
  const result: BatchResult = {files: [], built: 1, unchanged: 0, failed: 0, warnings: 0, errors: 0, skipped: 0, run: new VFile(), time: 1}
  let building = 0
  let overlapped = false
  let saved = false
  const session: BuildSession = {
    async build(inputs, options) {
      calls.push({inputs: [...inputs], options})
      overlapped ||= building > 0
      building++
      // The first rehearsal is slow enough for a save to land in it.
      if (calls.length === 1) {
        await fs.writeFile(other, '# Other\n\nEdited.\n')
        saved = true
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      building--
      return result
    },
    async reload() {},
    dependencies: () => [],
    async close() {}
  }
  const written: string[] = []
  const output = {write: (chunk: string) => (written.push(chunk), true), isTTY: false}
  const controller = new AbortController()
  const watching = watchBuild(session, ['input'], {io: {stdout: output, stderr: output, cwd}, quiet: false, signal: controller.signal, rehearse: article})
  try {
    await until(() => written.some((line) => line.includes('watching')))
    expect(calls.slice(0, 2)).toEqual([
      {inputs: [article], options: {force: true, pdfFirst: true, silent: true}},
      {inputs: [article], options: {force: true, pdfFirst: true, silent: true}}
    ])
    expect(saved).toBe(true)
    await until(() => calls.length === 3)
    expect(calls[2]).toEqual({inputs: [other], options: {force: true, pdfFirst: true}})
    expect(overlapped).toBe(false)
  } finally {
    controller.abort()
    await watching
  }
})

test('a silent build tells nothing: no progress events and no messages, where a build of the same brief tells both', async () => {
  const {createBuildSession} = await import('../src/build/index.js')
  const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-silent-'))
  folders.push(cwd)
  await fs.mkdir(path.join(cwd, 'input'))
  const article = path.join(cwd, 'input', 'brief.md')
  // A footnote call without a definition: a message on every build.
  await fs.writeFile(article, '---\ntitle: Silent\n---\n\nA claim.[^1]\n')
  const events: string[] = []
  const messages: string[] = []
  const session = await createBuildSession({cwd, formats: ['html'], onEvent: (event) => events.push(event.type), onMessage: (message) => messages.push(String(message.ruleId))})
  try {
    await session.build([article], {force: true})
    expect(events.length).toBeGreaterThan(0)
    expect(messages.length).toBeGreaterThan(0)
    events.length = 0
    messages.length = 0
    const silent = await session.build([article], {force: true, silent: true})
    // Still on the brief's file, for the caller: only not told.
    expect(silent.files[0]?.file.messages.length).toBeGreaterThan(0)
    expect(events).toEqual([])
    expect(messages).toEqual([])
  } finally {
    await session.close()
  }
})
