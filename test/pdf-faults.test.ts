/**
 * Faults while printing: a render that times out, a browser killed in the
 * middle of a job (once: retried; always: the error names the file), signals,
 * and `close()`. No partial file and no orphan browser in any case.
 * One browser at a time for the whole file.
 */
import {Buffer} from 'node:buffer'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {createPdfRenderer, writeFileAtomic, type PdfRenderer, type RenderJob} from '../src/pdf/index.js'
import {briefHtml, briefJob} from './fixtures/pdf/job.js'

interface BrowserProcess {
  pid: number
  profile: string
}

/** Our own browsers: processes whose parent is this test process and that run with a remark-brief profile. */
function ourBrowsers(): BrowserProcess[] {
  const found: BrowserProcess[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (parent !== process.pid) continue
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      const profile = command.find((argument) => argument.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length)
      if (profile?.includes('remark-brief-chromium-')) found.push({pid: Number(entry), profile})
    } catch {
      // The process ended while we looked.
    }
  }
  return found
}

function isAlive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) Z/.test(state)
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A brief long enough that printing it takes a while (about 20 pages). */
function longJob(name: string): RenderJob {
  const html = briefHtml()
  const body = html.slice(html.indexOf('<main>') + 6, html.indexOf('<section data-footnotes'))
  return briefJob({name, html: html.replace('<section data-footnotes', body.repeat(6) + '<section data-footnotes')})
}

let renderer: PdfRenderer
let folder: string

beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-pdf-faults-'))
  renderer = createPdfRenderer({concurrency: 1})
})

afterAll(async () => {
  await renderer?.close()
  rmSync(folder, {recursive: true, force: true})
})

describe('a render that fails leaves no file', () => {
  test('a timeout names the file; the older PDF is untouched, no temporary file is left', async () => {
    const target = path.join(folder, 'brief.pdf')
    writeFileSync(target, 'older good PDF')
    const attempt = renderer.render(briefJob({name: 'slow-brief', timeout: 40})).then((result) => writeFileAtomic(target, result.pdf))
    await expect(attempt).rejects.toThrow(/`slow-brief`.*timed out after 40 ms/)
    expect(readFileSync(target, 'utf8')).toBe('older good PDF')
    expect(readdirSync(folder)).toEqual(['brief.pdf'])
  })

  test('the renderer still prints after a timeout', async () => {
    const result = await renderer.render(briefJob())
    expect(result.pages).toBe(4)
  })
})

describe('a browser killed mid-render', () => {
  test('is relaunched and the job retried once: the PDF is whole and identical to a normal one', async () => {
    const reference = await renderer.render(longJob('long'))
    const [before] = ourBrowsers()
    expect(before).toBeDefined()

    const rendering = renderer.render(longJob('long'))
    await sleep(150)
    process.kill(before!.pid, 'SIGKILL')
    const result = await rendering

    const after = ourBrowsers().filter((browser) => isAlive(browser.pid))
    expect(after).toHaveLength(1)
    expect(after[0]!.pid).not.toBe(before!.pid)
    expect(existsSync(before!.profile)).toBe(false)
    expect(result.verified?.ok).toBe(true)
    expect(Buffer.compare(Buffer.from(result.pdf), Buffer.from(reference.pdf))).toBe(0)
  })

  test('killed again on the retry: the error names the file and nothing is written', async () => {
    await renderer.render(briefJob())
    const target = path.join(folder, 'killed.pdf')
    let killing = true
    const killer = (async () => {
      while (killing) {
        for (const browser of ourBrowsers()) if (isAlive(browser.pid)) process.kill(browser.pid, 'SIGKILL')
        await sleep(20)
      }
    })()
    try {
      const attempt = renderer.render(longJob('doomed-brief')).then((result) => writeFileAtomic(target, result.pdf))
      await expect(attempt).rejects.toThrow(/`doomed-brief`/)
    } finally {
      killing = false
      await killer
    }
    expect(existsSync(target)).toBe(false)
    expect(readdirSync(folder).filter((name) => name.includes('killed'))).toEqual([])
    // And the next file prints with a fresh browser.
    expect((await renderer.render(briefJob())).pages).toBe(4)
  })
})

describe('shutting down', () => {
  test('close() leaves no browser process and no profile behind', async () => {
    await renderer.render(briefJob())
    const running = ourBrowsers().filter((browser) => isAlive(browser.pid))
    expect(running.length).toBe(1)
    await renderer.close()
    await sleep(200)
    for (const browser of running) {
      expect(isAlive(browser.pid)).toBe(false)
      expect(existsSync(browser.profile)).toBe(false)
    }
    await expect(renderer.render(briefJob())).rejects.toThrow(/`kazakhstan-brief`.*closed/)
  })

  test('SIGTERM kills the browser and removes its profile', async () => {
    const local = createPdfRenderer({concurrency: 1})
    try {
      await local.render(briefJob())
      const running = ourBrowsers().filter((browser) => isAlive(browser.pid))
      expect(running.length).toBe(1)
      // A stand-in for the host's own handler, so the signal does not end this test process.
      const host = () => undefined
      process.on('SIGTERM', host)
      try {
        process.emit('SIGTERM', 'SIGTERM')
      } finally {
        process.off('SIGTERM', host)
      }
      await sleep(300)
      expect(isAlive(running[0]!.pid)).toBe(false)
      expect(existsSync(running[0]!.profile)).toBe(false)
      await expect(local.render(briefJob())).rejects.toThrow(/`kazakhstan-brief`/)
    } finally {
      await local.close()
    }
  })
})
