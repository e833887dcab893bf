/**
 * One browser, launched on first need, and a pool of its pages reused across
 * jobs. A browser that dies is replaced on the next acquire.
 */
import type {Page} from 'puppeteer-core'
import {disposeBrowser, killBrowser, launchBrowser, removeProfileAgain, type LaunchedBrowser} from './browser.js'
import {preparePage} from './page.js'

export interface PoolOptions {
  executablePath: string
  /** Pages open at once. */
  concurrency: number
  /** Called after each launch (the first and every relaunch). */
  onLaunch?: (launched: LaunchedBrowser) => void
}

export interface PagePool {
  /**
   * Run `work` with a page of the current browser. The page goes back to the
   * pool when `work` succeeds and is closed when it fails. Rejects with an
   * error whose `code` is `browserDied` when the browser went away during the work.
   */
  withPage<T>(work: (page: Page) => Promise<T>, limit?: JobLimit): Promise<T>
  /** The running browser, if any. */
  current(): LaunchedBrowser | undefined
  /** Kill the browser synchronously (process exit). */
  kill(): void
  close(): Promise<void>
}

/** A bound on one job: getting its page and the work. */
export interface JobLimit {
  /** Milliseconds, counted once the job has a slot. */
  timeout: number
  /** The error to reject with when the time is up. */
  onTimeout: (ms: number) => Error
}

/** Error code of a job whose browser went away (crash, kill, out of memory) while it ran. */
export const browserDied = 'ERR_BROWSER_DIED'

function browserDiedError(cause: unknown): Error {
  return Object.assign(new Error('The browser went away during the render', {cause}), {code: browserDied})
}

export function isBrowserDied(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && 'code' in error && error.code === browserDied)
}

export function createPagePool(options: PoolOptions): PagePool {
  let launching: Promise<LaunchedBrowser> | undefined
  let running: LaunchedBrowser | undefined
  let idle: Page[] = []
  let active = 0
  let closed = false
  const waiting: Array<() => void> = []

  function browser(): Promise<LaunchedBrowser> {
    if (running && running.browser.connected) return Promise.resolve(running)
    launching ??= launchBrowser(options.executablePath).then(
      (launched) => {
        launching = undefined
        if (closed) {
          void disposeBrowser(launched)
          throw new Error('The PDF renderer is closed')
        }
        running = launched
        launched.browser.once('disconnected', () => forget(launched))
        options.onLaunch?.(launched)
        return launched
      },
      (error: unknown) => {
        launching = undefined
        throw error
      }
    )
    return launching
  }

  /** Drop a dead browser: its pages are gone, its profile is removed. */
  function forget(launched: LaunchedBrowser): void {
    if (running !== launched) return
    running = undefined
    idle = []
    killBrowser(launched)
    removeProfileAgain(launched)
  }

  async function slot(): Promise<void> {
    while (active >= options.concurrency) {
      await new Promise<void>((resolve) => waiting.push(resolve))
    }
    active++
  }

  function freeSlot(): void {
    active--
    waiting.shift()?.()
  }

  /**
   * Each page lives in a browser context of its own. Puppeteer serialises
   * screenshots per context and makes `page.close()` and `newPage()` wait for
   * them: in one shared context a stalled screenshot stalled every other
   * page's screenshot, the closing of a timed-out page and the making of the
   * next one. Its own context also means its own window, so the page is never
   * a background tab; and closing the context ends a stalled page at once.
   */
  async function pageOf(launched: LaunchedBrowser): Promise<Page> {
    const reused = idle.pop()
    if (reused && !reused.isClosed()) return reused
    const context = await launched.browser.createBrowserContext()
    try {
      const page = await context.newPage()
      await preparePage(page)
      return page
    } catch (error) {
      void context.close().catch(() => undefined)
      throw error
    }
  }

  /** Close a page that failed: through its context, which waits for nothing. */
  function discard(page: Page): void {
    const context = page.browserContext()
    void context.close().catch(() => (page.isClosed() ? undefined : page.close().catch(() => undefined)))
  }

  async function withPage<T>(work: (page: Page) => Promise<T>, limit?: JobLimit): Promise<T> {
    if (closed) throw new Error('The PDF renderer is closed')
    await slot()
    let launched: LaunchedBrowser | undefined
    let page: Page | undefined
    let timedOut = false
    const job = async (browserOfJob: LaunchedBrowser): Promise<T> => {
      const got = await pageOf(browserOfJob)
      // Timed out while the page was being made: close it, never pool it.
      if (timedOut) {
        discard(got)
        throw new Error('timed out')
      }
      page = got
      const value = await work(got)
      if (timedOut) throw new Error('timed out')
      if (running === browserOfJob && !got.isClosed()) idle.push(got)
      page = undefined
      return value
    }
    try {
      // Closed while this job waited for a page: do not start a browser for it.
      if (closed) throw new Error('The PDF renderer is closed')
      // The shared browser's launch is not this job's time (Puppeteer bounds it).
      launched = await browser()
      if (!limit) return await job(launched)
      // Every await of the job after that is covered, so a stalled screenshot
      // or print cannot hang it; its page is closed below and replaced next time.
      const working = job(launched)
      let timer: NodeJS.Timeout | undefined
      // A referenced timer: it must fire even when nothing else keeps Node busy.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true
          reject(limit.onTimeout(limit.timeout))
        }, limit.timeout)
      })
      try {
        return await Promise.race([working, timeout])
      } finally {
        clearTimeout(timer)
        // The abandoned work rejects once its page is closed; that is expected.
        working.catch(() => undefined)
      }
    } catch (error) {
      if (timedOut) throw error
      if (launched && (wentAway(launched) || /target closed|target crashed|session closed|connection closed|page crashed|detached/i.test(String(error)))) {
        throw browserDiedError(error)
      }
      throw error
    } finally {
      // A page whose job failed may be mid-navigation or mid-print: never reuse it.
      if (page && !page.isClosed()) discard(page)
      freeSlot()
    }
  }

  function wentAway(launched: LaunchedBrowser): boolean {
    const process = launched.browser.process()
    return !launched.browser.connected || Boolean(process && (process.exitCode !== null || process.signalCode !== null))
  }

  return {
    withPage,
    current: () => running,
    kill() {
      closed = true
      if (running) {
        killBrowser(running)
        removeProfileAgain(running)
      }
      running = undefined
    },
    async close() {
      closed = true
      const pending = launching
      if (pending) await pending.catch(() => undefined)
      const launched = running
      running = undefined
      idle = []
      if (launched) await disposeBrowser(launched)
    }
  }
}
