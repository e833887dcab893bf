/**
 * One browser, launched on first need, and a pool of its pages reused across
 * jobs. A browser that dies is replaced on the next acquire; one that hangs
 * (stopped, wedged) is killed by the job's watchdog and replaced the same
 * way. Launches that fail `maxLaunchFailures` times in a row stop the pool:
 * every later job fails at once with the same error.
 */
import type {Page} from 'puppeteer-core'
import {disposeBrowser, killBrowser, launchBrowser, messageOf, removeProfileAgain, type LaunchedBrowser} from './browser.js'
import {preparePage} from './page.js'
import {watchBrowser} from './watchdog.js'

export interface PoolOptions {
  executablePath: string
  /** Pages open at once. */
  concurrency: number
  /** Called after each launch (the first and every relaunch). */
  onLaunch?: (launched: LaunchedBrowser) => void
  /** Milliseconds the browser may take to answer the watchdog before it counts as hung; default `defaultHangTimeout`. */
  hangTimeout?: number
  /** Milliseconds between the watchdog's questions; default 1000. */
  heartbeat?: number
  /** Failed launches in a row after which the pool stops; default `defaultMaxLaunchFailures`. */
  maxLaunchFailures?: number
  /** Jobs a page serves before it is closed (with its browser context) and a fresh one made; default `defaultPageJobs`. */
  pageJobs?: number
  /**
   * How a browser is had; default `launchBrowser`. The renderer's first
   * launch may instead take over a browser started before Puppeteer loaded
   * (`connectBrowser`); its failures count toward `maxLaunchFailures` all the same.
   */
  launch?: (executablePath: string) => Promise<LaunchedBrowser>
}

export const defaultHangTimeout = 10_000
export const defaultMaxLaunchFailures = 3
/**
 * A page (its context, its renderer's caches) is replaced after this many
 * jobs, so a run of thousands of briefs keeps flat memory whatever the
 * renderer keeps per document; a new context and page cost ~50 ms, so
 * under 1 ms a brief.
 */
export const defaultPageJobs = 100

export interface PagePool {
  /**
   * Run `work` with a page of the current browser. The page goes back to the
   * pool when `work` succeeds and is closed when it fails. Rejects with an
   * error whose `code` is `browserDied` when the browser went away during the work.
   */
  withPage<T>(work: (page: Page) => Promise<T>, limit?: JobLimit): Promise<T>
  /**
   * Launch the browser now and make one page ready, before any job asks
   * (a build that knows a PDF is coming starts Chromium while it still
   * imports and typesets). Never rejects: a failed launch is the first job's
   * failure, counted once.
   */
  warm(): void
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
  return codeOf(error) === browserDied
}

/** Error code of a job whose browser stopped answering (stopped, wedged): it was killed and will be replaced. */
export const browserHung = 'ERR_BROWSER_HUNG'

export function browserHungError(ms: number): Error {
  return Object.assign(
    new Error(`The browser did not answer for ${ms} ms (the \`hangTimeout\` limit, \`--hang-timeout <ms>\` on the command line; raise it for a very slow machine) and was killed and replaced`),
    {code: browserHung}
  )
}

export function isBrowserHung(error: unknown): boolean {
  return codeOf(error) === browserHung
}

/** Error code of every job once the browser cannot be found, or launching it failed `maxLaunchFailures` times in a row. */
export const browserUnavailable = 'ERR_BROWSER_UNAVAILABLE'

export function isBrowserUnavailable(error: unknown): boolean {
  return codeOf(error) === browserUnavailable
}

function codeOf(error: unknown): unknown {
  return error && typeof error === 'object' && 'code' in error ? error.code : undefined
}

export function createPagePool(options: PoolOptions): PagePool {
  const hangTimeout = options.hangTimeout ?? defaultHangTimeout
  const heartbeat = options.heartbeat ?? 1000
  const maxLaunchFailures = options.maxLaunchFailures ?? defaultMaxLaunchFailures
  const pageJobs = Math.max(1, options.pageJobs ?? defaultPageJobs)
  const launch = options.launch ?? launchBrowser
  // Jobs each page has served (for `pageJobs`).
  const served = new WeakMap<Page, number>()
  let launching: Promise<LaunchedBrowser> | undefined
  let running: LaunchedBrowser | undefined
  let idle: Page[] = []
  let active = 0
  let closed = false
  let launchFailures = 0
  // Set once no browser can be had: every later job fails at once with it, none waits for a launch.
  let unavailable: Error | undefined
  // The page `warm` is making: the first job waits for it rather than make a second one beside it (on a
  // cold build both renderers started at once, on two busy cores, and the print waited for the slower).
  let warmPage: Promise<void> | undefined
  // A launch `warm` started that no job has asked for yet; if it fails, that failure is the next job's.
  let unclaimed: Promise<LaunchedBrowser> | undefined
  let failedUnclaimed: Promise<LaunchedBrowser> | undefined
  const waiting: Array<() => void> = []

  function browser(): Promise<LaunchedBrowser> {
    if (failedUnclaimed) {
      const failed = failedUnclaimed
      failedUnclaimed = undefined
      return failed
    }
    unclaimed = undefined
    if (unavailable) return Promise.reject(unavailable)
    if (running && running.browser.connected) return Promise.resolve(running)
    if (launching) return launching
    let executablePath: string
    try {
      executablePath = options.executablePath
    } catch (error) {
      // No browser installed: trying again for the next brief cannot help.
      unavailable = Object.assign(new Error(messageOf(error), {cause: error}), {code: browserUnavailable})
      return Promise.reject(unavailable)
    }
    launching = launch(executablePath).then(
      (launched) => {
        launching = undefined
        launchFailures = 0
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
        launchFailures++
        if (launchFailures < maxLaunchFailures) throw error
        unavailable = Object.assign(
          new Error(`Stopped printing: the browser failed to launch ${launchFailures} times in a row (the \`maxLaunchFailures\` limit). ${messageOf(error)}`, {cause: error}),
          {code: browserUnavailable}
        )
        throw unavailable
      }
    )
    return launching
  }

  function warm(): void {
    if (closed || unavailable || launching || (running && running.browser.connected)) return
    const started = browser()
    unclaimed = started
    const making = started.then(
      async (launched) => {
        if (idle.length > 0) return
        const page = await pageOf(launched)
        // The browser went away or was replaced meanwhile, or a job already made its own page.
        if (closed || running !== launched || idle.length >= options.concurrency) discard(page)
        else idle.push(page)
      },
      () => {
        if (unclaimed === started) failedUnclaimed = started
      }
    ).catch(() => undefined)
    warmPage = making
    void making.then(() => {
      if (warmPage === making) warmPage = undefined
    })
    started.catch(() => undefined)
  }

  /** Kill a hung browser; jobs still on it see it go away and are retried in the next one. */
  function replace(launched: LaunchedBrowser): void {
    if (running === launched) forget(launched)
    else {
      killBrowser(launched)
      removeProfileAgain(launched)
    }
  }

  /** After a timeout: is the browser itself still answering? A job's timeout may be the browser's fault. */
  function probe(launched: LaunchedBrowser): void {
    let answered = false
    const timer = setTimeout(() => {
      if (!answered) replace(launched)
    }, hangTimeout)
    timer.unref?.()
    const done = () => {
      answered = true
      clearTimeout(timer)
    }
    launched.browser.version().then(done, done)
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
   * What a window costs beyond its page is small once the browser runs
   * without its UI renderers (`unusedFeatures` in browser.ts): two pages
   * printing in one shared context held ~20 MB less than in two (session 9,
   * docs/bench.md), not worth the stalls above.
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
    // Timed out, or its browser hung: the job's own awaits may still settle later and must change nothing.
    let abandoned = false
    const job = async (browserOfJob: LaunchedBrowser): Promise<T> => {
      const warming = warmPage
      warmPage = undefined
      if (warming) await warming
      const got = await pageOf(browserOfJob)
      // Abandoned while the page was being made: close it, never pool it.
      if (abandoned) {
        discard(got)
        throw new Error('abandoned')
      }
      page = got
      const value = await work(got)
      if (abandoned) throw new Error('abandoned')
      const jobs = (served.get(got) ?? 0) + 1
      served.set(got, jobs)
      if (running === browserOfJob && !got.isClosed() && jobs < pageJobs) idle.push(got)
      else if (!got.isClosed()) discard(got)
      page = undefined
      return value
    }
    try {
      // Closed while this job waited for a page: do not start a browser for it.
      if (closed) throw new Error('The PDF renderer is closed')
      // The shared browser's launch is not this job's time (Puppeteer bounds it).
      const browserOfJob = await browser()
      launched = browserOfJob
      // Every await of the job after that is covered, by the watchdog (a hung
      // browser) and the timeout (a slow or wedged page), so a stalled
      // screenshot or print cannot hang it; its page is closed below and replaced next time.
      const watchdog = watchBrowser(() => browserOfJob.browser.version(), {interval: heartbeat, limit: hangTimeout, onHung: browserHungError})
      const working = job(browserOfJob)
      const racers: Array<Promise<T>> = [working, watchdog.hung]
      let timer: NodeJS.Timeout | undefined
      if (limit) {
        // A referenced timer: it must fire even when nothing else keeps Node busy.
        racers.push(
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              abandoned = true
              reject(limit.onTimeout(limit.timeout))
              probe(browserOfJob)
            }, limit.timeout)
          })
        )
      }
      try {
        return await Promise.race(racers)
      } finally {
        clearTimeout(timer)
        watchdog.stop()
        // The abandoned work rejects once its page (or browser) is closed; that is expected.
        working.catch(() => undefined)
      }
    } catch (error) {
      if (isBrowserHung(error)) {
        abandoned = true
        if (launched) replace(launched)
        throw error
      }
      if (abandoned) throw error
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
    const process = launched.process ?? launched.browser.process()
    return !launched.browser.connected || Boolean(process && (process.exitCode !== null || process.signalCode !== null))
  }

  return {
    withPage,
    warm,
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
