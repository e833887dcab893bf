/**
 * Launching a system Chromium for printing through Puppeteer, or taking over
 * one `spawnBrowser` (chromium.ts) started before Puppeteer was loaded.
 */
import type {ChildProcess} from 'node:child_process'
import type {Readable, Writable} from 'node:stream'
import type {Browser, ConnectionTransport} from 'puppeteer-core'
import {requireOptional} from '../optional.js'
import {browserArgs, installHint, killGroup, makeProfile, removeFolder, removeProfile, socketFolderOf, type SpawnedBrowser} from './chromium.js'

export {browserArgs, commandNames, findBrowser, installHint, unusedFeatures, userPaths, wellKnownPaths, type FindBrowserOptions} from './chromium.js'

// An optional peer (remark-brief-print brings it): loaded with this module, never by the plugins.
// Its CommonJS build: ~0.15 CPU-s less to load than its ES modules (0.47 against 0.62 in all,
// Node 20), and the launch of a cold build waits for it.
const puppeteerModule = requireOptional<typeof import('puppeteer-core')>('puppeteer-core')
const {default: puppeteer} = puppeteerModule
// Puppeteer's own transport over Chromium's DevTools pipe (what `launch({pipe: true})` uses):
// exported by puppeteer-core's entry, not in its type declarations.
const {PipeTransport} = puppeteerModule as unknown as {PipeTransport: new (pipeWrite: Writable, pipeRead: Readable) => ConnectionTransport}

/** Milliseconds a started browser may take to answer on its pipe: Puppeteer's launch timeout. */
export const connectTimeout = 30_000

export interface LaunchedBrowser {
  browser: Browser
  /** Temporary profile folder; removed by `dispose`. */
  userDataDir: string
  /** Process id of the browser, for killing it synchronously on exit. */
  pid: number | undefined
  /** The browser's process when we started it ourselves (`connectBrowser`): `browser.process()` is null then. */
  process?: ChildProcess
  /** Chromium's socket folder in the temp folder (`socketFolderOf`), removed with the profile. */
  socketFolder?: string
}

/** Launch a headless browser with a fresh temporary profile. */
export async function launchBrowser(executablePath: string): Promise<LaunchedBrowser> {
  const userDataDir = makeProfile()
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0
  try {
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: browserArgs(userDataDir, runningAsRoot),
      // Our own handlers close the browser; Puppeteer's would race them.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      defaultViewport: null,
      // `--no-startup-window`: there is no first page to wait for.
      waitForInitialPage: false,
      downloadBehavior: {policy: 'deny'},
      protocolTimeout: 120_000
    })
    return {browser, userDataDir, pid: browser.process()?.pid, socketFolder: socketFolderOf(userDataDir)}
  } catch (error) {
    removeFolder(userDataDir)
    throw new Error(`Cannot launch browser \`${executablePath}\`: ${messageOf(error)}. ${installHint}`, {cause: error})
  }
}

/**
 * Drive a browser `spawnBrowser` started: Puppeteer connects over its
 * DevTools pipe (messages wait in the pipe until Chromium reads them, so
 * there is no polling for a port). A browser that ends, fails to start or
 * does not answer within `connectTimeout` is killed, with the same kind of
 * error as a failed `launchBrowser`.
 */
export async function connectBrowser(spawned: SpawnedBrowser): Promise<LaunchedBrowser> {
  const timer = delay(connectTimeout)
  try {
    const [, , , pipeWrite, pipeRead] = spawned.process.stdio
    if (!pipeWrite || !pipeRead) throw new Error('the browser process has no DevTools pipe')
    const connecting = puppeteer.connect({
      transport: new PipeTransport(pipeWrite as Writable, pipeRead as Readable),
      defaultViewport: null,
      downloadBehavior: {policy: 'deny'},
      protocolTimeout: 120_000
    })
    // A connection the race left behind (the browser ended or timed out first) goes with the browser below.
    connecting.catch(() => undefined)
    const browser = await Promise.race([
      connecting,
      spawned.gone,
      timer.promise.then(() => Promise.reject(new Error(`the browser did not answer within ${connectTimeout} ms`)))
    ])
    return {browser, userDataDir: spawned.userDataDir, pid: spawned.pid, process: spawned.process, socketFolder: socketFolderOf(spawned.userDataDir)}
  } catch (error) {
    // The pipe closes before the process's end is seen: a browser that ended says how (and what it
    // printed) rather than Puppeteer's "Target closed".
    const ending = delay(1000)
    const ended = await Promise.race([spawned.gone.catch((reason: unknown) => reason), ending.promise.then(() => undefined)])
    ending.cancel()
    spawned.kill()
    const reason = ended ?? error
    throw new Error(`Cannot launch browser \`${spawned.executablePath}\`: ${messageOf(reason)}. ${installHint}`, {cause: reason})
  } finally {
    timer.cancel()
  }
}

/** Close the browser (or kill it when closing hangs) and remove its profile. */
export async function disposeBrowser(launched: LaunchedBrowser): Promise<void> {
  const closing = launched.browser.close().catch(() => undefined)
  const timer = delay(5000)
  await Promise.race([closing, timer.promise])
  timer.cancel()
  killBrowser(launched)
  removeProfileAgain(launched)
}

/**
 * Remove the profile once more a little later: a killed browser's helper
 * processes may still write to it for a moment after it was removed.
 */
export function removeProfileAgain(launched: LaunchedBrowser): void {
  const timer = setTimeout(() => removeFolder(launched.userDataDir), 1000)
  timer.unref?.()
}

/** Synchronous last resort (process `exit`): kill the process group, remove the profile. */
export function killBrowser(launched: LaunchedBrowser): void {
  killGroup(launched.pid)
  removeProfile(launched.userDataDir, launched.socketFolder)
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function delay(ms: number): {promise: Promise<void>; cancel(): void} {
  let timer: NodeJS.Timeout | undefined
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
    timer.unref?.()
  })
  return {promise, cancel: () => clearTimeout(timer)}
}
