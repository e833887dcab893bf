/**
 * The browser side of issue #15 with the system Chromium: a browser that
 * hangs (SIGSTOP) is killed and replaced by the job's watchdog; launches that
 * keep failing stop printing for the run; SIGINT, SIGTERM and SIGHUP to the
 * spawned `brief build` close Chromium and its profile and leave no partial
 * PDF; relative links in the PDF never point at the internal origin; images
 * are copied once per brief and taken back when the brief fails.
 *
 * One browser at a time: the in-process builds run one after another, and
 * each spawned CLI is waited for before the next starts.
 */
import {existsSync} from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {PDFDocument, PDFName, PDFRawStream} from 'pdf-lib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildBatch} from '../src/build/index.js'
import {pdfText} from '../src/pdf/public.js'
import {isInternalHost, pdfLinkTarget, relativeLinkPrefix, relativeReference} from '../src/pdf/links.js'
import {browserHungError} from '../src/pdf/pool.js'
import {watchBrowser} from '../src/pdf/watchdog.js'
import {brief, finished, listFiles, start} from './setup/cli.js'
import {browsersUnder, descendants, isAlive, leftAlive, sleep, until, usingProfiles} from './setup/processes.js'

const fixtures = fileURLToPath(new URL('fixtures/security/browser/', import.meta.url))

let folder: string

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-browser-'))
})

afterAll(async () => {
  if (folder) await fs.rm(folder, {recursive: true, force: true})
})

/** A scraped article of about `count` paragraphs (30 make some five pages). */
function article(title: string, count = 30): string {
  const sentence = (index: number) => `Paragraph ${index} weighs the basin commission's records against the dry-season releases and finds the gaps where they matter.`
  const paragraphs = Array.from({length: count}, (_, index) => [sentence(index), sentence(index + 1000)].join(' '))
  return [title, 'Dr Ana Example, Senior Fellow, Example Institute', '', ...paragraphs.flatMap((paragraph) => [paragraph, ''])].join('\n')
}

/** A project folder with `count` articles `input/<prefix>1.txt`…; returns its path. */
async function project(name: string, prefix: string, count: number, paragraphs = 30): Promise<string> {
  const cwd = path.join(folder, name)
  await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
  for (let index = 1; index <= count; index++) {
    await fs.writeFile(path.join(cwd, 'input', `${prefix}${index}.txt`), article(`Brief ${prefix.toUpperCase()} number ${index}`, paragraphs))
  }
  return cwd
}

/** Parse a PDF completely (pdf-lib): its page count, or an error when it is not whole. */
async function pagesOf(file: string): Promise<number> {
  const document = await PDFDocument.load(await fs.readFile(file), {throwOnInvalidObject: true})
  return document.getPageCount()
}

describe('a browser that hangs is replaced', () => {
  it('SIGSTOP on Chromium mid-batch: the watchdog kills it, a new one prints the brief in flight again, every brief is built', async () => {
    const cwd = await project('stopped', 's', 4)
    const seen = new Set<number>()
    let stopped: {pid: number; profile: string} | undefined
    let printedBeforeStop = 0
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
          if (event.type !== 'file-done' || ++printedBeforeStop !== 1) return
          // The first brief is printed: the browser is warm and the next brief is on its way into it.
          const [browser] = browsersUnder(process.pid)
          if (!browser) return
          process.kill(browser.pid, 'SIGSTOP')
          stopped = browser
        }
      })
    } finally {
      clearInterval(watcher)
    }

    expect(stopped, 'the browser was stopped after the first brief').toBeDefined()
    expect(result.files.map((file) => [path.basename(file.input), file.status])).toEqual([
      ['s1.txt', 'built'],
      ['s2.txt', 'built'],
      ['s3.txt', 'built'],
      ['s4.txt', 'built']
    ])
    for (const file of result.files) expect(file.file.messages.filter((message) => message.fatal)).toEqual([])
    for (let index = 1; index <= 4; index++) expect(await pagesOf(path.join(cwd, 'output', `s${index}.pdf`))).toBeGreaterThan(1)
    // The stopped browser was killed (not left stopped), its profile removed, and another one printed.
    expect(isAlive(stopped!.pid)).toBe(false)
    expect(await until(() => !existsSync(stopped!.profile), 5000)).toBe(true)
    expect([...seen].filter((pid) => pid !== stopped!.pid).length).toBeGreaterThanOrEqual(1)
    expect(browsersUnder(process.pid)).toEqual([])
  }, 240_000)

  it('the hang message names the limit and how to raise it', () => {
    expect(browserHungError(10_000).message).toBe(
      'The browser did not answer for 10000 ms (the `hangTimeout` limit, `--hang-timeout <ms>` on the command line; raise it for a very slow machine) and was killed and replaced'
    )
  })

  it('the limit can be raised from the command line (`--hang-timeout`), as the message says', async () => {
    const run = await brief(['build', '--help'], os.tmpdir())
    expect(run.code).toBe(0)
    expect(run.stdout.replace(/\s+/g, ' ')).toMatch(/--hang-timeout <ms> time the browser may stop answering before it is replaced \(default 10000\)/)
  })
})

describe('the watchdog (no browser)', () => {
  it('fires once an answer is later than the limit', async () => {
    const started = Date.now()
    const watchdog = watchBrowser(() => new Promise(() => undefined), {interval: 10, limit: 100, onHung: (ms) => new Error(`no answer for ${ms} ms`)})
    await expect(watchdog.hung).rejects.toThrow('no answer for 100 ms')
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
  })

  it('never fires while answers come, and stops asking when stopped', async () => {
    let asked = 0
    let fired = false
    const watchdog = watchBrowser(async () => asked++, {interval: 10, limit: 50, onHung: () => new Error('hung')})
    watchdog.hung.catch(() => (fired = true))
    await sleep(300)
    watchdog.stop()
    const after = asked
    await sleep(100)
    expect(fired).toBe(false)
    expect(after).toBeGreaterThan(3)
    expect(asked).toBe(after)
  })

  it('a question that fails (the connection closed) ends the watch quietly: that is a dead browser, not a hung one', async () => {
    let fired = false
    const watchdog = watchBrowser(() => Promise.reject(new Error('Connection closed')), {interval: 10, limit: 50, onHung: () => new Error('hung')})
    watchdog.hung.catch(() => (fired = true))
    await sleep(200)
    expect(fired).toBe(false)
  })
})

describe('a browser that cannot be launched', () => {
  it('three failed launches in a row stop printing: one error names the limit, every other article is reported not built, exit 1', async () => {
    const cwd = await project('no-launch', 'n', 5, 3)
    const fake = path.join(cwd, 'fake-chromium')
    await fs.writeFile(fake, '#!/bin/sh\necho launched >> "$(dirname "$0")/launches.log"\necho "this browser never starts" >&2\nexit 1\n', {mode: 0o755})
    const run = await finished(start(['build', '--concurrency', '1'], cwd, {PUPPETEER_EXECUTABLE_PATH: fake}))

    expect(run.code).toBe(1)
    const launches = (await fs.readFile(path.join(cwd, 'launches.log'), 'utf8')).trim().split('\n')
    expect(launches, 'launched three times, not twice per article').toHaveLength(3)
    expect(run.stderr.match(/failed to launch 3 times in a row \(the `maxLaunchFailures` limit\)/g)).toHaveLength(1)
    expect(run.stderr).toMatch(/0 built, 0 unchanged, 5 failed/)
    const notBuilt = run.stderr.match(/expected a browser to print with: not built +browser-unavailable/g) ?? []
    const failed = run.stderr.match(/render-failed/g) ?? []
    expect(notBuilt.length + failed.length).toBe(5)
    expect(notBuilt.length).toBeGreaterThanOrEqual(3)
    expect((await listFiles(path.join(cwd, 'output'))).filter((file) => file.endsWith('.pdf') || file.endsWith('.tmp'))).toEqual([])
  }, 120_000)
})

describe('signals to `brief build` (spawned CLI) while Chromium prints', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: exit 130, no Chromium process left, its profile removed, no temporary file, only whole PDFs`, async () => {
      const cwd = await project(`signal-${signal}`, 'g', 8, 40)
      const child = start(['build', '--concurrency', '1'], cwd)
      // Room for a loaded machine (load 30 on two cores: the first brief can take over 90 s).
      expect(await until(() => /^✔ input\/g1\.txt/m.test(child.output.stderr), 240_000), `stderr so far: ${child.output.stderr}`).toBe(true)

      const browsers = browsersUnder(child.pid!)
      expect(browsers).toHaveLength(1)
      const everything = descendants(child.pid!).map((item) => item.pid)
      expect(everything.length).toBeGreaterThan(1)

      child.kill(signal)
      const run = await finished(child)
      expect([run.code, run.signal], run.stderr.slice(-3000)).toEqual([130, null])
      expect(run.stderr).toContain('Interrupted: closing the browser')

      const profiles = browsers.map((browser) => browser.profile)
      expect(await until(() => usingProfiles(profiles).length === 0, 5000), 'Chromium processes left running').toBe(true)
      expect(await leftAlive(everything)).toEqual([])
      for (const profile of profiles) expect(await until(() => !existsSync(profile), 3000), `profile ${profile} left`).toBe(true)

      const outputs = await listFiles(path.join(cwd, 'output'))
      expect(outputs.filter((file) => file.endsWith('.tmp') || file.includes('.tmp-'))).toEqual([])
      const pdfs = outputs.filter((file) => file.endsWith('.pdf'))
      expect(pdfs.length).toBeGreaterThan(0)
      expect(pdfs.length).toBeLessThan(8)
      for (const pdf of pdfs) expect(await pagesOf(path.join(cwd, 'output', pdf))).toBeGreaterThan(1)
    }, 360_000)
  }
})

describe('links in the PDF never point at the internal origin', () => {
  it('relative links stay relative, links to the internal origin become text, web links and note jumps stay', async () => {
    const cwd = path.join(folder, 'links')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    await fs.copyFile(path.join(fixtures, 'links.md'), path.join(cwd, 'input', 'links.md'))
    const result = await buildBatch(['input/links.md'], {cwd, out: 'output', concurrency: 1})
    expect(result.files[0]!.status).toBe('built')

    const bytes = new Uint8Array(await fs.readFile(path.join(cwd, 'output', 'links.pdf')))
    const {getDocument} = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const task = getDocument({data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0})
    const document = await task.promise
    const urls: string[] = []
    let jumps = 0
    try {
      for (let number = 1; number <= document.numPages; number++) {
        for (const annotation of (await (await document.getPage(number)).getAnnotations()) as Array<{subtype: string; url?: string; unsafeUrl?: string; dest?: unknown}>) {
          if (annotation.subtype !== 'Link') continue
          if (annotation.dest) jumps++
          const url = annotation.unsafeUrl ?? annotation.url
          if (url !== undefined) urls.push(url)
        }
      }
    } finally {
      await task.destroy()
    }

    for (const url of urls) expect(url).not.toMatch(/brief\.localhost|localhost|127\.0\.0\.1|\[::1\]|^file:/i)
    expect(urls.sort()).toEqual(['../data/table.csv', '?page=2', 'https://example.org/commission', 'water-report.html'])
    expect(jumps, 'the note call and its back reference jump inside the PDF').toBeGreaterThanOrEqual(1)
    // What became text is still there to read.
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ')
    for (const words of ['the archive', 'the printer’s own origin', 'in capitals', 'the data']) expect(text).toContain(words)
  }, 120_000)

  it('relativeReference keeps a path relative to the document, in ASCII; anything else is text', () => {
    expect(relativeReference('other.html')).toBe('other.html')
    expect(relativeReference(' ../a b/ré.pdf#p2 ')).toBe('../a%20b/r%C3%A9.pdf#p2')
    for (const href of ['/root.html', '//evil.example/x', '\\\\server\\share', 'javascript:alert(1)', 'java\nscript:alert(1)', 'http://brief.localhost/x', '']) {
      expect(relativeReference(href), href).toBeUndefined()
    }
  })

  it('pdfLinkTarget: placeholders get their reference back; the internal origin and non-web schemes become text', () => {
    expect(pdfLinkTarget(`${relativeLinkPrefix}1`, ['a.html', '../b.pdf'])).toBe('../b.pdf')
    expect(pdfLinkTarget(`${relativeLinkPrefix}2`, ['a.html'])).toBeUndefined()
    expect(pdfLinkTarget(`${relativeLinkPrefix}0`, ['/etc/passwd'])).toBeUndefined()
    expect(pdfLinkTarget('https://example.org/x?y=1')).toBe('https://example.org/x?y=1')
    expect(pdfLinkTarget('mailto:someone@example.org')).toBe('mailto:someone@example.org')
    for (const uri of ['http://brief.localhost/x.html', 'https://BRIEF.localhost./x', 'http://brief.localhost:8080/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x']) {
      expect(pdfLinkTarget(uri), uri).toBeUndefined()
    }
    // A web link the article wrote to another host stays, whatever the host (the reader's choice to follow).
    expect(pdfLinkTarget('http://127.0.0.1:8080/download.pdf')).toBe('http://127.0.0.1:8080/download.pdf')
    expect(isInternalHost('brief.localhost.example.org')).toBe(false)
  })
})

describe('images end to end with the real printer', () => {
  it('an image used three times is copied once per brief and printed; a brief that fails takes its copy back', async () => {
    const cwd = path.join(folder, 'pictured')
    await fs.mkdir(path.join(cwd, 'input'), {recursive: true})
    for (const file of ['pictured.md', 'chart.png']) await fs.copyFile(path.join(fixtures, file), path.join(cwd, 'input', file))

    const built = await buildBatch(['input/pictured.md'], {cwd, out: 'output', concurrency: 1})
    expect(built.files[0]!.status).toBe('built')
    expect(built.files[0]!.file.messages.filter((message) => message.ruleId === 'request-blocked' || message.fatal)).toEqual([])
    const outputs = await listFiles(path.join(cwd, 'output'))
    expect(outputs.filter((file) => file.startsWith('pictured.files/'))).toEqual(['pictured.files/chart.png'])
    const html = await fs.readFile(path.join(cwd, 'output', 'pictured.html'), 'utf8')
    expect(html.match(/src="pictured\.files\/chart\.png"/g)).toHaveLength(3)
    // The printer loaded the copy: the PDF holds an image.
    const pdf = await PDFDocument.load(await fs.readFile(path.join(cwd, 'output', 'pictured.pdf')))
    const images = pdf.context.enumerateIndirectObjects().filter(([, object]) => object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
    expect(images.length).toBeGreaterThanOrEqual(1)

    // The same brief into a fresh folder, with a render that cannot finish in time: nothing of it is left.
    const failed = await buildBatch(['input/pictured.md'], {cwd, out: 'output-failed', concurrency: 1, timeout: 1})
    expect(failed.files[0]!.status).toBe('failed')
    expect(failed.files[0]!.file.messages.filter((message) => message.fatal).map((message) => message.ruleId)).toEqual(['render-failed'])
    expect((await listFiles(path.join(cwd, 'output-failed'))).filter((file) => file.startsWith('pictured'))).toEqual([])
  }, 120_000)
})
