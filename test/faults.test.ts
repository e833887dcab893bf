/**
 * Faults through the real build, with the system Chromium: the browser killed
 * (`kill -9`) in the middle of a batch, SIGINT to the spawned CLI in the
 * middle of a batch, a full disk (a small tmpfs), an output folder that
 * cannot be a folder, and two builds into one output folder at once. Every
 * PDF left behind is parsed whole with pdf-lib.
 *
 * The tests run one after another, one browser at a time, except the last,
 * which needs two builds (so two browsers) at once by its nature.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {PDFDocument} from 'pdf-lib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildBatch, isRunError} from '../src/build/index.js'
import {pdfText} from '../src/pdf/public.js'
import {browsersUnder, descendants, leftAlive, sleep, until, usingProfiles} from './setup/processes.js'
import {finished, listFiles, start} from './setup/cli.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const seed = await fs.readFile(path.join(root, 'input', 'vif-kazakhstan-protests-chinese-article.txt'), 'utf8')
const seedTitle = seed.split('\n', 1)[0]!.trim()

let folder: string

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-faults-'))
})

afterAll(async () => {
  if (folder) await fs.rm(folder, {recursive: true, force: true})
})

/** The seed with its title changed, so each copy is a different brief of a few pages. */
function seedCopy(title: string): string {
  return seed.replace(seedTitle, title)
}

/** A long article without notes (about 25 pages), so a render takes long enough to be interrupted. */
function longArticle(title: string, count = 160): string {
  const sentence = (index: number) =>
    `Paragraph ${index} weighs the river commission's records against the dry-season releases, and finds the gaps where the data matter most.`
  const paragraphs = Array.from({length: count}, (_, index) => [sentence(index), sentence(index + 1000), sentence(index + 2000)].join(' '))
  return [title, 'Dr Ana Example, Senior Fellow, Example Institute', '', ...paragraphs.flatMap((paragraph) => [paragraph, ''])].join('\n')
}

/** A project folder with `count` seed copies in `input/` named `<prefix>1.txt`…; returns its path. */
async function seedProject(name: string, prefix: string, count: number): Promise<string> {
  const cwd = path.join(folder, name)
  await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
  for (let index = 1; index <= count; index++) {
    await fs.writeFile(path.join(cwd, 'input', `${prefix}${index}.txt`), seedCopy(`Brief ${prefix.toUpperCase()} number ${index}`))
  }
  return cwd
}

/** Parse a PDF completely (pdf-lib): its page count, or an error when it is not whole. */
async function pagesOf(file: string): Promise<number> {
  const document = await PDFDocument.load(await fs.readFile(file), {throwOnInvalidObject: true})
  return document.getPageCount()
}

describe('Chromium killed in the middle of a batch', () => {
  // 180 s below, not the suite's 60 s: seconds alone, but a CI run with the rest of the suite on two cores once took it past 60 s.
  it('the batch finishes: the file in flight is retried in a new browser, every file is built and whole', async () => {
    const cwd = path.join(folder, 'killed')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    for (let index = 1; index <= 5; index++) await fs.writeFile(path.join(cwd, 'input', `k${index}.txt`), longArticle(`Brief K number ${index}`))
    const seen = new Set<number>()
    let killed: number | undefined
    let inFlight: string | undefined
    const started: string[] = []
    const done = new Set<string>()

    const watcher = setInterval(() => {
      for (const browser of browsersUnder(process.pid)) seen.add(browser.pid)
    }, 25)
    let result
    try {
      result = await buildBatch(['input'], {
        cwd,
        out: 'output',
        concurrency: 1,
        onEvent(event) {
          if (event.type === 'file-done') done.add(event.result.input)
          if (event.type !== 'file-start') return
          started.push(event.input)
          if (started.length !== 3) return
          // The third file: kill the browser once its render is under way.
          void (async () => {
            await until(() => browsersUnder(process.pid).length > 0)
            await sleep(300)
            const [browser] = browsersUnder(process.pid)
            if (!browser || done.has(event.input)) return
            inFlight = event.input
            killed = browser.pid
            process.kill(browser.pid, 'SIGKILL')
          })()
        }
      })
    } finally {
      clearInterval(watcher)
    }

    expect(killed, 'the browser was killed while the third file rendered').toBeDefined()
    expect(inFlight).toBe(path.join(cwd, 'input', 'k3.txt'))
    // A second browser was launched after the kill (the retry ran in it).
    expect([...seen].filter((pid) => pid !== killed).length).toBeGreaterThanOrEqual(1)
    expect(result.files.map((file) => [path.basename(file.input), file.status])).toEqual([
      ['k1.txt', 'built'],
      ['k2.txt', 'built'],
      ['k3.txt', 'built'],
      ['k4.txt', 'built'],
      ['k5.txt', 'built']
    ])
    for (const file of result.files) expect(file.file.messages.filter((message) => message.fatal)).toEqual([])

    for (let index = 1; index <= 5; index++) {
      const pdf = path.join(cwd, 'output', `k${index}.pdf`)
      expect(await pagesOf(pdf)).toBeGreaterThan(1)
      expect(await pdfText(new Uint8Array(await fs.readFile(pdf)))).toContain(`Brief K number ${index}`)
    }
    expect((await listFiles(path.join(cwd, 'output'))).filter((file) => file.endsWith('.tmp'))).toEqual([])
    // The killed browser and its relaunch are both gone.
    expect(browsersUnder(process.pid)).toEqual([])
  }, 180_000)
})

describe('a render that takes too long', () => {
  it('fails that file with a message naming it and the timeout; no PDF, no temporary file; the next file is built', async () => {
    const cwd = path.join(folder, 'slow')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    await fs.writeFile(path.join(cwd, 'input', 'a-long.txt'), longArticle('A long brief', 4000))
    await fs.writeFile(path.join(cwd, 'input', 'b-short.txt'), 'A short brief\n\nOne paragraph on one page.\n')
    // Plenty for one page, far too short for some 500 pages. Measured on this machine: the one-page
    // brief's page work 1.2 s alone and up to 3.3 s with six builds on two cores (CI's suite once took
    // it past the old 5 s); the long one's 19 s alone at 3000 paragraphs, and more under load.
    const result = await buildBatch(['input'], {cwd, out: 'output', concurrency: 1, timeout: 12_000})
    const [long, short] = result.files
    expect(long!.status).toBe('failed')
    expect(long!.file.messages.filter((message) => message.fatal).map((message) => [message.ruleId, message.reason])).toEqual([
      ['render-failed', expect.stringMatching(/^Render of `a-long` timed out after 12000 ms/)]
    ])
    expect(short!.status).toBe('built')
    expect(await listFiles(path.join(cwd, 'output'))).not.toContain('a-long.pdf')
    expect((await listFiles(path.join(cwd, 'output'))).filter((file) => file.endsWith('.tmp'))).toEqual([])
  }, 180_000)
})

describe('SIGINT during a batch (spawned CLI)', () => {
  it('exits 130, leaves no browser process and no profile, no temporary file, only whole PDFs', async () => {
    const cwd = await seedProject('sigint', 's', 8)
    const child = start(['build', '--concurrency', '1'], cwd)
    expect(await until(() => /^✔ input\/s1\.txt/m.test(child.output.stderr), 60_000), child.output.stderr).toBe(true)

    const browsers = browsersUnder(child.pid!)
    expect(browsers).toHaveLength(1)
    const everything = descendants(child.pid!).map((item) => item.pid)
    expect(everything.length).toBeGreaterThan(1)

    child.kill('SIGINT')
    const run = await finished(child)
    expect(run.code ?? run.signal).toBe(130)

    const profiles = browsers.map((browser) => browser.profile)
    expect(await until(() => usingProfiles(profiles).length === 0, 5000), 'browser processes left running').toBe(true)
    expect(await leftAlive(everything)).toEqual([])
    for (const profile of profiles) await expect(fs.access(profile)).rejects.toThrow()

    const outputs = await listFiles(path.join(cwd, 'output'))
    expect(outputs.filter((file) => file.endsWith('.tmp'))).toEqual([])
    const pdfs = outputs.filter((file) => file.endsWith('.pdf'))
    expect(pdfs.length).toBeGreaterThan(0)
    expect(pdfs.length).toBeLessThan(8)
    for (const pdf of pdfs) expect(await pagesOf(path.join(cwd, 'output', pdf))).toBeGreaterThan(1)
  })
})

describe('an output folder that cannot take the files', () => {
  it('a full disk: a clear error for the file, the good older PDF untouched, nothing partial; it builds once there is room', async (context) => {
    const cwd = await seedProject('full', 'f', 1)
    const out = path.join(cwd, 'output')
    await fs.mkdir(out)
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', out], {stdio: 'ignore'})
    } catch {
      context.skip()
    }
    try {
      const older = await PDFDocument.create()
      older.addPage().drawText('An older, good brief')
      const olderBytes = await older.save()
      await fs.writeFile(path.join(out, 'f1.pdf'), olderBytes)
      // Leave a few KiB free: enough for the run's small files, not for the fonts or a PDF.
      const space = await fs.statfs(out)
      await fs.writeFile(path.join(out, 'filler'), Buffer.alloc(space.bavail * space.bsize - 12 * 1024))

      const result = await buildBatch(['input'], {cwd, out: 'output', concurrency: 1})
      expect(result.files.map((file) => file.status)).toEqual(['failed'])
      const errors = result.files[0]!.file.messages.filter((message) => message.fatal)
      expect(errors.map((message) => message.reason)).toEqual([expect.stringMatching(/ENOSPC/)])
      expect(new Uint8Array(await fs.readFile(path.join(out, 'f1.pdf')))).toEqual(olderBytes)
      expect((await listFiles(out)).filter((file) => file.endsWith('.tmp'))).toEqual([])

      await fs.rm(path.join(out, 'filler'))
      const again = await buildBatch(['input'], {cwd, out: 'output', concurrency: 1})
      expect(again.files.map((file) => file.status)).toEqual(['built'])
      expect(await pagesOf(path.join(out, 'f1.pdf'))).toBeGreaterThan(1)
    } finally {
      execFileSync('umount', [out])
    }
  })

  it('an output path under a file: one error for the run, nothing started', async () => {
    const cwd = await seedProject('not-a-folder', 'n', 1)
    await fs.writeFile(path.join(cwd, 'some-file'), 'a file, not a folder')
    const error = await buildBatch(['input'], {cwd, out: 'some-file/sub'}).then(
      () => undefined,
      (error: unknown) => error
    )
    expect(isRunError(error)).toBe(true)
    const messages = isRunError(error) ? error.file.messages : []
    expect(messages.map((message) => [message.ruleId, message.fatal, message.reason])).toEqual([
      ['output-unwritable', true, 'Cannot write output folder: ENOTDIR']
    ])
    expect(await fs.readFile(path.join(cwd, 'some-file'), 'utf8')).toBe('a file, not a folder')
  })

  it('a read-only output folder (read-only bind mount, as root ignores 0555): one error, the old PDF kept', async (context) => {
    const cwd = await seedProject('read-only', 'r', 1)
    const out = path.join(cwd, 'output')
    await fs.mkdir(out)
    await fs.writeFile(path.join(out, 'r1.pdf'), '%PDF-old')
    try {
      execFileSync('mount', ['--bind', '-o', 'ro', out, out], {stdio: 'ignore'})
    } catch {
      context.skip()
    }
    try {
      const error = await buildBatch(['input'], {cwd, out: 'output'}).then(
        () => undefined,
        (error: unknown) => error
      )
      expect(isRunError(error) && error.file.messages.map((message) => [message.ruleId, message.reason])).toEqual([
        ['output-unwritable', 'Cannot write output folder: EROFS']
      ])
      expect(await listFiles(out)).toEqual(['r1.pdf'])
      expect(await fs.readFile(path.join(out, 'r1.pdf'), 'utf8')).toBe('%PDF-old')
    } finally {
      execFileSync('umount', [out])
    }
  })
})

describe('two builds into one output folder at once', () => {
  it('both finish, and every PDF is whole (atomic rename), the manifest is valid JSON, no temporary file', async () => {
    const cwd = await seedProject('together', 't', 3)
    const first = start(['build', '--force', '--concurrency', '1'], cwd)
    const second = start(['build', '--force', '--concurrency', '1'], cwd)
    const runs = await Promise.all([finished(first), finished(second)])
    expect(runs.map((run) => run.code), runs.map((run) => run.stderr).join('\n')).toEqual([0, 0])

    const out = path.join(cwd, 'output')
    const outputs = await listFiles(out)
    expect(outputs.filter((file) => file.endsWith('.tmp'))).toEqual([])
    expect(outputs.filter((file) => file.endsWith('.pdf'))).toEqual(['t1.pdf', 't2.pdf', 't3.pdf'])
    for (let index = 1; index <= 3; index++) {
      const pdf = path.join(out, `t${index}.pdf`)
      expect(await pagesOf(pdf)).toBeGreaterThan(1)
      expect(await pdfText(new Uint8Array(await fs.readFile(pdf)))).toContain(`Brief T number ${index}`)
    }
    const manifest = JSON.parse(await fs.readFile(path.join(out, '.brief-cache', 'manifest.json'), 'utf8')) as {entries: Record<string, unknown>}
    expect(Object.keys(manifest.entries).sort()).toEqual(['input/t1.txt', 'input/t2.txt', 'input/t3.txt'])
    // Two browsers at once: seconds alone, more than the suite's 60 s on a loaded machine.
  }, 180_000)
})
