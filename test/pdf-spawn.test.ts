/**
 * A cold `brief build` starts Chromium before it loads Puppeteer
 * (`spawnBrowser`, `src/pdf/chromium.ts`) and the renderer takes it over
 * through its DevTools pipe (`connectBrowser`): the same flags as
 * Puppeteer's own launch, one browser in all, and a browser started early
 * never outlives the command (a failed start, a renderer closed unused, a
 * process that ends on an error). Uses `dist/` for the spawned CLI
 * (compiled by the tests' global setup). A few browsers, one at a time.
 */
import {execFile} from 'node:child_process'
import {existsSync, readFileSync, readlinkSync} from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {promisify} from 'node:util'
import {createRequire} from 'node:module'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {browserArgs, connectBrowser, disposeBrowser, findBrowser, launchBrowser} from '../src/pdf/browser.js'
import {spawnArgs, spawnBrowser} from '../src/pdf/chromium.js'
import {createPdfRenderer} from '../src/pdf/index.js'
import {finished, start} from './setup/cli.js'
import {isAlive, until} from './setup/processes.js'

const run = promisify(execFile)
const require = createRequire(import.meta.url)
const puppeteer = (require('puppeteer-core') as typeof import('puppeteer-core')).default

let folder: string

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'brief-spawn-'))
})

afterAll(async () => {
  await fs.rm(folder, {recursive: true, force: true})
})

/** A process's command line after the binary (Linux). */
function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1)
}

/** A command line with its profile folder and DevTools endpoint made alike, to compare two browsers. */
const alike = (args: readonly string[]) =>
  args.map((arg) => arg.replace(/^--user-data-dir=.*/, '--user-data-dir=PROFILE').replace(/^--remote-debugging-(?:pipe|port=0)$/, '--remote-debugging-ENDPOINT'))

describe('spawnBrowser', () => {
  it('gives Chromium the command line Puppeteer’s launch gives it, the DevTools pipe in place of a port', async () => {
    const dir = '/tmp/remark-brief-chromium-test'
    // Puppeteer's public list for the options `launchBrowser` passes; its launch adds the port.
    const expected = [...puppeteer.defaultArgs({headless: true, args: browserArgs(dir, false)}), '--remote-debugging-port=0']
    expect(alike(spawnArgs(dir, false, {}))).toEqual(alike(expected))
    expect(spawnArgs(dir, false, {}).at(-1)).toBe('--remote-debugging-pipe')
    expect(alike(spawnArgs(dir, true, {}))).toEqual(alike([...puppeteer.defaultArgs({headless: true, args: browserArgs(dir, true)}), '--remote-debugging-port=0']))

    if (process.platform !== 'linux') return
    // And the real processes: one launched through Puppeteer, one spawned and connected, the same flags.
    const launched = await launchBrowser(findBrowser())
    const spawned = spawnBrowser(findBrowser())
    const connected = await connectBrowser(spawned)
    let socketFolders: string[] = []
    try {
      expect(alike(commandLine(connected.pid!))).toEqual(alike(commandLine(launched.pid!)))
      expect(/chrom/i.test(await connected.browser.version())).toBe(true)
      // A throwaway profile in memory when /dev/shm has room (no TMPDIR set by the test run).
      if (!process.env.TMPDIR && existsSync('/dev/shm')) expect(connected.userDataDir.startsWith('/dev/shm/')).toBe(true)
      // Chromium's own socket folder in the temp folder, linked from the profile: removed with it, even when killed.
      socketFolders = [launched, connected].map((browser) => path.dirname(readlinkSync(path.join(browser.userDataDir, 'SingletonSocket'))))
      expect(socketFolders.every((folder) => existsSync(folder))).toBe(true)
    } finally {
      await Promise.all([disposeBrowser(launched), disposeBrowser(connected)])
    }
    expect(isAlive(connected.pid!)).toBe(false)
    expect(existsSync(connected.userDataDir)).toBe(false)
    expect(socketFolders.filter((folder) => existsSync(folder))).toEqual([])
  }, 120_000)

  it('a browser that ends before it answers: a clear launch error, its profile removed', async () => {
    const fake = path.join(folder, 'fake-chromium')
    await fs.writeFile(fake, '#!/bin/sh\necho "this browser never starts" >&2\nexit 1\n', {mode: 0o755})
    const spawned = spawnBrowser(fake)
    const error = await connectBrowser(spawned).catch((reason: unknown) => reason)
    expect(String(error)).toMatch(/Cannot launch browser `.*fake-chromium`: the browser process ended \(exit code 1\) before it answered; its output:\nthis browser never starts/)
    expect(String(error)).toMatch(/PUPPETEER_EXECUTABLE_PATH/)
    expect(existsSync(spawned.userDataDir)).toBe(false)
  })

  it('a renderer closed before it printed kills the browser it was given', async () => {
    const spawned = spawnBrowser(findBrowser())
    expect(isAlive(spawned.pid!)).toBe(true)
    const renderer = createPdfRenderer({concurrency: 1, browser: spawned})
    await renderer.close()
    expect(await until(() => !isAlive(spawned.pid!), 10_000)).toBe(true)
    expect(existsSync(spawned.userDataDir)).toBe(false)
  })

  it('a process that ends on an error (nothing closed) takes the browser it started with it', async () => {
    const script = path.join(folder, 'crash.mjs')
    const chromium = path.join(process.cwd(), 'dist', 'pdf', 'chromium.js')
    await fs.writeFile(
      script,
      `const {findBrowser, spawnBrowser} = await import(${JSON.stringify(chromium)})
const spawned = spawnBrowser(findBrowser())
console.log(JSON.stringify({pid: spawned.pid, profile: spawned.userDataDir}))
setTimeout(() => { throw new Error('boom') }, 200)
`
    )
    const failed = await run(process.execPath, [script]).catch((error: {stdout: string; code: number}) => error)
    expect('code' in failed ? failed.code : 0).toBe(1)
    const {pid, profile} = JSON.parse(failed.stdout) as {pid: number; profile: string}
    expect(await until(() => !isAlive(pid), 10_000)).toBe(true)
    expect(existsSync(profile)).toBe(false)
  })
})

describe('a cold `brief build`', () => {
  it('spawns Chromium before Puppeteer is loaded, and prints with that one browser', async () => {
    const cwd = path.join(folder, 'cold')
    await fs.mkdir(cwd)
    await fs.writeFile(path.join(cwd, 'one.md'), '# A cold brief\n\nText with a note.[^1]\n\n[^1]: The note.\n')
    // In the main thread: each spawn of a browser and each load of Puppeteer's entry, in order.
    const log = path.join(folder, 'cold-order.txt')
    const preload = path.join(folder, 'order.cjs')
    await fs.writeFile(
      preload,
      `const fs = require('node:fs')
const {isMainThread} = require('node:worker_threads')
if (isMainThread) {
  const note = (line) => fs.appendFileSync(${JSON.stringify(log)}, line + '\\n')
  const childProcess = require('node:child_process')
  const spawn = childProcess.spawn
  childProcess.spawn = function (file, ...rest) {
    if (/chrom/i.test(String(file))) note('spawn browser')
    return spawn.call(this, file, ...rest)
  }
  const Module = require('node:module')
  const load = Module._load
  Module._load = function (request, ...rest) {
    if (request === 'puppeteer-core') note('load puppeteer-core')
    return load.call(this, request, ...rest)
  }
}
`
    )
    const built = await finished(start(['build', 'one.md', '--out', 'out', '-q'], cwd, {NODE_OPTIONS: `--require ${preload}`}))
    expect(built.code, built.stderr).toBe(0)
    expect(existsSync(path.join(cwd, 'out', 'one.pdf'))).toBe(true)
    const order = (await fs.readFile(log, 'utf8')).trim().split('\n')
    expect(order[0]).toBe('spawn browser')
    expect(order).toContain('load puppeteer-core')
    // One browser: Puppeteer connected to the early one, it launched none of its own.
    expect(order.filter((line) => line === 'spawn browser')).toHaveLength(1)
  }, 180_000)
})
