/**
 * The output folder is a database, round two: concurrent builds merge under a
 * lock and lose no entry, a lock left by a killed run is taken over, a live
 * one named; a manifest of the wrong shape is a warning; a killed run's
 * temporary files go with the next run; the manifest or index that cannot be
 * written is an error with the summary (exit 1). Inputs: symbolic links met by
 * a folder walk or a glob are reported, not followed. No browser.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildBatch, type BatchResult} from '../src/build/index.js'
import {readManifest, writeManifest, type CacheEntry} from '../src/build/cache.js'
import {lockPath, unreadableLockGrace, withFolderLock} from '../src/build/lock.js'
import {batchExit} from '../src/cli/index.js'

let folder: string
const children: ChildProcess[] = []

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-outdir-'))
})

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  if (folder) await fs.rm(folder, {recursive: true, force: true})
})

const article = (title: string) => `---\ntitle: ${title}\n---\n\n# ${title}\n\nText.\n`

/** A project with these articles under `input/`. */
async function project(name: string, titles: string[]): Promise<string> {
  const cwd = path.join(folder, name)
  await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
  for (const title of titles) await fs.writeFile(path.join(cwd, 'input', `${title.toLowerCase()}.md`), article(title))
  return cwd
}

/** A process id that is no longer running (a finished child's). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid!
}

/** A process that stays alive for the test (another build's stand-in). */
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
  children.push(child)
  return child.pid!
}

const rules = (result: BatchResult) => result.run.messages.map((message) => message.ruleId)
const html = ['html'] as Array<'html'>

describe('concurrent builds into one folder', () => {
  it('twenty merges at once (read, add an entry, write) keep all twenty entries under the lock', async () => {
    const outDir = path.join(folder, 'merges')
    const entry = (name: string): CacheEntry => ({key: name, name, outputs: {html: `${name}.html`}, authors: [], warnings: 0})
    await Promise.all(
      Array.from({length: 20}, (_, index) =>
        withFolderLock(outDir, async () => {
          const manifest = await readManifest(outDir)
          manifest.entries[`input/${index}.md`] = entry(`brief-${index}`)
          await writeManifest(outDir, manifest)
        })
      )
    )
    expect(Object.keys((await readManifest(outDir)).entries)).toHaveLength(20)
    await expect(fs.access(lockPath(outDir))).rejects.toThrow()
  })

  it('two builds of different articles at once: both in the manifest and the index', async () => {
    const cwd = await project('two-builds', ['Alpha', 'Beta'])
    const [a, b] = await Promise.all([
      buildBatch(['input/alpha.md'], {cwd, out: 'output', formats: html}),
      buildBatch(['input/beta.md'], {cwd, out: 'output', formats: html})
    ])
    expect([a.built, b.built, rules(a), rules(b)]).toEqual([1, 1, [], []])
    expect(Object.keys((await readManifest(path.join(cwd, 'output'))).entries).sort()).toEqual(['input/alpha.md', 'input/beta.md'])
    const index = await fs.readFile(path.join(cwd, 'output', 'index.html'), 'utf8')
    expect(index).toContain('Alpha')
    expect(index).toContain('Beta')
  })

  it('a lock left by a killed run (its pid is gone) is taken over: the build finishes, the lock is gone', async () => {
    const cwd = await project('stale-lock', ['Alpha'])
    await fs.mkdir(path.join(cwd, 'output', '.brief-cache'), {recursive: true})
    await fs.writeFile(lockPath(path.join(cwd, 'output')), `${await deadPid()} host 1\n`)
    const result = await buildBatch(['input'], {cwd, out: 'output', formats: html, lockWait: 2000})
    expect([result.built, rules(result)]).toEqual([1, []])
    expect(Object.keys((await readManifest(path.join(cwd, 'output'))).entries)).toEqual(['input/alpha.md'])
    await expect(fs.access(lockPath(path.join(cwd, 'output')))).rejects.toThrow()
  })

  it('a lock a live build keeps past the wait: one error naming the folder and the pid, exit 1, the briefs written, the lock untouched', async () => {
    const cwd = await project('live-lock', ['Alpha'])
    const outDir = path.join(cwd, 'output')
    await fs.mkdir(path.join(outDir, '.brief-cache'), {recursive: true})
    const pid = livePid()
    await fs.writeFile(lockPath(outDir), `${pid} host 1\n`)
    const result = await buildBatch(['input'], {cwd, out: 'output', formats: html, lockWait: 300})
    expect(result.built).toBe(1)
    expect(rules(result)).toEqual(['output-locked'])
    expect(result.run.messages[0]!.reason).toContain(`another build is writing to ${outDir} (pid ${pid})`)
    expect(result.run.messages[0]!.fatal).toBe(true)
    expect(result.errors).toBe(1)
    expect(batchExit(result, false)).toBe(1)
    await fs.access(path.join(outDir, 'alpha.html'))
    expect(await fs.readFile(lockPath(outDir), 'utf8')).toBe(`${pid} host 1\n`)
  })

  // The window behind a lost manifest entry (one in ~20 runs of the twenty-merges test above): a lock
  // that exists but is still empty is another build's, in the middle of taking it, not a dead one's.
  it('a lock that exists but holds no pid yet (a build taking it) is waited for, not taken over', async () => {
    const outDir = path.join(folder, 'young-empty-lock')
    await fs.mkdir(path.join(outDir, '.brief-cache'), {recursive: true})
    await fs.writeFile(lockPath(outDir), '')
    let ran = false
    const taking = withFolderLock(outDir, async () => void (ran = true), {wait: 300})
    await expect(taking).rejects.toThrow(`another build is writing to ${outDir} (its lock file holds no pid yet)`)
    expect(ran).toBe(false)
    expect(await fs.readFile(lockPath(outDir), 'utf8')).toBe('')
  })

  it('a lock with no pid older than the grace (a crash left it half-written) is taken over', async () => {
    const outDir = path.join(folder, 'old-empty-lock')
    await fs.mkdir(path.join(outDir, '.brief-cache'), {recursive: true})
    await fs.writeFile(lockPath(outDir), 'garbage')
    const past = new Date(Date.now() - unreadableLockGrace - 60_000)
    await fs.utimes(lockPath(outDir), past, past)
    let ran = false
    await withFolderLock(outDir, async () => void (ran = true), {wait: 300})
    expect(ran).toBe(true)
    await expect(fs.access(lockPath(outDir))).rejects.toThrow()
    // No draft or set-aside file of the lock's is left beside it.
    expect(await fs.readdir(path.join(outDir, '.brief-cache'))).toEqual([])
  })
})

describe('a manifest of the wrong shape', () => {
  it('is discarded with a warning (manifest-invalid), never fatal; the briefs are rebuilt', async () => {
    const cwd = await project('bad-manifest', ['Alpha'])
    const manifest = path.join(cwd, 'output', '.brief-cache', 'manifest.json')
    await fs.mkdir(path.dirname(manifest), {recursive: true})
    const shapes = ['{not json', JSON.stringify({version: 2, entries: {}}), JSON.stringify([1, 2]), JSON.stringify({version: 1, entries: {'input/alpha.md': {key: 'k'}}})]
    for (const shape of shapes) {
      await fs.writeFile(manifest, shape)
      const result = await buildBatch(['input'], {cwd, out: 'output', formats: html})
      expect([result.built, rules(result), batchExit(result, false)]).toEqual([1, ['manifest-invalid'], 0])
      expect(result.run.messages[0]!.fatal).toBe(false)
    }
    // The manifest written after it is whole again: no warning next time.
    const next = await buildBatch(['input'], {cwd, out: 'output', formats: html})
    expect([next.unchanged, rules(next)]).toEqual([1, []])
  })
})

describe('temporary files of a killed run', () => {
  it('are removed by the next run; a live build’s are left alone', async () => {
    const cwd = await project('leftovers', ['Alpha'])
    const outDir = path.join(cwd, 'output')
    await fs.mkdir(path.join(outDir, 'thumbnails'), {recursive: true})
    const dead = await deadPid()
    const live = livePid()
    const leftovers = [`.alpha.html.${dead}-0123456789ab.tmp`, `.brief-write-test-${dead}.tmp`, `thumbnails/.alpha.png.${dead}.ba9876543210.tmp`]
    const inFlight = `.beta.html.${live}-0123456789ab.tmp`
    for (const name of [...leftovers, inFlight]) await fs.writeFile(path.join(outDir, name), 'part')
    const result = await buildBatch(['input'], {cwd, out: 'output', formats: html})
    expect(result.built).toBe(1)
    for (const name of leftovers) await expect(fs.access(path.join(outDir, name))).rejects.toThrow()
    await fs.access(path.join(outDir, inFlight))
    expect(rules(result)).toEqual(['output-leftovers-removed'])
    expect(result.run.messages[0]!.reason).toMatch(/^Removed 3 temporary files of an interrupted run/)
  })
})

describe('a deleted article', () => {
  it('whose output another entry names: the entry goes, the file stays, and the run says why', async () => {
    const cwd = await project('deleted-shared', ['Alpha'])
    const outDir = path.join(cwd, 'output')
    await buildBatch(['input'], {cwd, out: 'output', formats: html})
    const manifest = await readManifest(outDir)
    manifest.entries['input/gone.md'] = {key: 'k', name: 'gone', outputs: {html: 'alpha.html'}, authors: [], warnings: 0}
    await writeManifest(outDir, manifest)
    const result = await buildBatch(['input'], {cwd, out: 'output', formats: html})
    expect(rules(result)).toEqual(['output-kept'])
    expect(result.run.messages[0]!.reason).toBe('Kept `alpha.html` of deleted article `input/gone.md`: another brief in the manifest names it')
    await fs.access(path.join(outDir, 'alpha.html'))
    expect(Object.keys((await readManifest(outDir)).entries)).toEqual(['input/alpha.md'])
  })
})

describe('end-of-run write failures', () => {
  it('a site index that cannot be written: an error with the summary, exit 1, the briefs and the manifest written', async () => {
    const cwd = await project('index-fails', ['Alpha'])
    // A folder where the index goes: the rename fails (EISDIR), as a read-only or full disk would.
    await fs.mkdir(path.join(cwd, 'output', 'index.html'), {recursive: true})
    const result = await buildBatch(['input'], {cwd, out: 'output', formats: html})
    expect(result.built).toBe(1)
    expect(rules(result)).toEqual(['output-write-failed'])
    expect(result.run.messages[0]!.reason).toMatch(/^Cannot write the site index: E\w+/)
    expect(batchExit(result, false)).toBe(1)
    await fs.access(path.join(cwd, 'output', 'alpha.html'))
    expect(Object.keys((await readManifest(path.join(cwd, 'output'))).entries)).toEqual(['input/alpha.md'])
  })

  it('a manifest that cannot be written: the same, and the index is still written', async () => {
    const cwd = await project('manifest-fails', ['Alpha'])
    await fs.mkdir(path.join(cwd, 'output', '.brief-cache', 'manifest.json'), {recursive: true})
    const result = await buildBatch(['input'], {cwd, out: 'output', formats: html})
    expect(result.built).toBe(1)
    // The folder in the manifest's place is also unreadable as a manifest: a warning first.
    expect(rules(result)).toEqual(['manifest-invalid', 'output-write-failed'])
    expect(result.run.messages[1]!.reason).toMatch(/^Cannot write the manifest: E\w+/)
    expect(batchExit(result, false)).toBe(1)
    expect(await fs.readFile(path.join(cwd, 'output', 'index.html'), 'utf8')).toContain('Alpha')
  })

  it('the CLI prints the error with the summary and exits 1', async () => {
    const cwd = await project('cli-fails', ['Alpha'])
    await fs.mkdir(path.join(cwd, 'output', 'index.html'), {recursive: true})
    const {code, stderr} = await runBrief(['build', 'input', '--format', 'html'], cwd)
    expect(code).toBe(1)
    expect(stderr).toMatch(/Cannot write the site index: E\w+/)
    expect(stderr).toMatch(/output-write-failed/)
    expect(stderr).toMatch(/1 built, 0 unchanged, 0 failed/)
  })
})

describe('symbolic links met by a folder walk or a glob', () => {
  it('are not followed, and each is reported; a link named on the command line is read', async () => {
    const cwd = await project('links', ['Alpha'])
    const outside = path.join(folder, 'links-outside')
    await fs.mkdir(path.join(outside, 'private'), {recursive: true})
    await fs.writeFile(path.join(outside, 'secret.md'), article('Secret'))
    await fs.writeFile(path.join(outside, 'private', 'other.md'), article('Other'))
    await fs.symlink(path.join(outside, 'secret.md'), path.join(cwd, 'input', 'linked.md'))
    await fs.symlink(path.join(outside, 'private'), path.join(cwd, 'input', 'linked-folder'))
    await fs.writeFile(path.join(outside, 'figure.png'), 'not an article')
    await fs.symlink(path.join(outside, 'figure.png'), path.join(cwd, 'input', 'figure.png'))

    const walk = await buildBatch(['input'], {cwd, out: 'output', formats: html})
    expect(walk.files.map((result) => result.relative)).toEqual(['input/alpha.md'])
    expect(walk.run.messages.map((message) => [message.ruleId, message.fatal])).toEqual([
      ['input-symlink-skipped', false],
      ['input-symlink-skipped', false]
    ])
    expect(walk.run.messages.map((message) => message.reason.match(/`([^`]+)`/)![1])).toEqual(['input/linked-folder', 'input/linked.md'])

    const glob = await buildBatch(['input/*.md'], {cwd, out: 'output2', formats: html})
    expect(glob.files.map((result) => result.relative)).toEqual(['input/alpha.md'])
    expect(rules(glob)).toEqual(['input-symlink-skipped'])
    // A glob that descends: the linked folder is met (and reported), never read.
    const deep = await buildBatch(['input/**/*.md'], {cwd, out: 'output2', formats: html})
    expect(deep.files.map((result) => result.relative)).toEqual(['input/alpha.md'])
    expect(deep.run.messages.map((message) => message.reason.match(/`([^`]+)`/)![1])).toEqual(['input/linked-folder', 'input/linked.md'])

    const named = await buildBatch(['input/linked.md'], {cwd, out: 'output3', formats: html})
    expect([named.built, rules(named)]).toEqual([1, []])

    const {stderr} = await runBrief(['build', 'input', '--format', 'html', '--out', 'output4'], cwd)
    expect(stderr).toMatch(/Unexpected symbolic link `input\/linked\.md`.*not followed/)
  })
})

async function runBrief(args: string[], cwd: string): Promise<{code: number | null; stderr: string}> {
  const bin = path.resolve('dist/cli/bin.js')
  const child = spawn(process.execPath, [bin, ...args], {cwd, env: {...process.env, NO_COLOR: '1'}})
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout.resume()
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
  return {code, stderr}
}
