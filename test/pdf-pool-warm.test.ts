/**
 * `warm()`: the pool launches its browser (and readies a page) before any
 * job asks, so a cold build's Chromium starts while the build still imports
 * and typesets. The first job then prints with that browser; a warm-up
 * whose launch failed is the first job's failure, counted once. One browser
 * for the file.
 */
import type {Page} from 'puppeteer-core'
import {describe, expect, test} from 'vitest'
import {findBrowser} from '../src/pdf/browser.js'
import {createPagePool, isBrowserUnavailable} from '../src/pdf/pool.js'

/** Wait for a condition the pool reaches on its own (a launch); fails the test after `limit` ms. */
async function until(condition: () => boolean, limit = 60_000): Promise<void> {
  const deadline = Date.now() + limit
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('createPagePool().warm()', () => {
  test('launches the browser before the first job, which prints with it: one launch in all', async () => {
    let launches = 0
    const pool = createPagePool({executablePath: findBrowser(), concurrency: 2, onLaunch: () => launches++})
    try {
      pool.warm()
      pool.warm()
      await until(() => pool.current() !== undefined)
      expect(launches).toBe(1)
      const warmed = pool.current()!

      const versions = await Promise.all([1, 2, 3].map(() => pool.withPage((page) => page.browser().version())))
      expect(versions.every((version) => /chrom/i.test(version))).toBe(true)
      expect(pool.current()).toBe(warmed)
      expect(launches).toBe(1)
      // Warming a running pool does nothing.
      pool.warm()
      expect(pool.current()).toBe(warmed)
    } finally {
      await pool.close()
    }
  })

  test('a job that comes while the warm-up still makes its page prints with that page, not a second one made beside it', async () => {
    const pool = createPagePool({executablePath: findBrowser(), concurrency: 2})
    try {
      // The job asks at once: the launch and the warm-up's page are still under way.
      pool.warm()
      const printedWith = await pool.withPage(async (page) => page)
      const {browser} = pool.current()!
      // The default context and the warm-up's: one page made in all (each page has a context of its own).
      expect(browser.browserContexts()).toHaveLength(2)
      expect(printedWith.isClosed()).toBe(false)
    } finally {
      await pool.close()
    }
  })

  test('replaces a page after `pageJobs` jobs (flat memory over long runs), in the same browser', async () => {
    let launches = 0
    const pool = createPagePool({executablePath: findBrowser(), concurrency: 1, pageJobs: 2, onLaunch: () => launches++})
    try {
      const pages: Page[] = []
      for (let job = 0; job < 5; job++) await pool.withPage(async (page) => void pages.push(page))
      const [first, second, third, fourth, fifth] = pages
      expect(second).toBe(first)
      expect(third).not.toBe(first)
      expect(fourth).toBe(third)
      expect(fifth).not.toBe(third)
      await until(() => first!.isClosed() && third!.isClosed())
      expect(fifth!.isClosed()).toBe(false)
      expect(launches).toBe(1)
    } finally {
      await pool.close()
    }
  })

  test('a failed warm-up launch is the first job’s error, counted once toward the limit', async () => {
    const pool = createPagePool({executablePath: '/nonexistent/chromium-for-test', concurrency: 1, maxLaunchFailures: 2})
    try {
      pool.warm()
      // The first job gets the warm-up's launch failure (failure 1 of 2), not a launch of its own.
      const first = await pool.withPage(async () => 'printed').catch((error: unknown) => error)
      expect(first).toBeInstanceOf(Error)
      expect(String(first)).toMatch(/Cannot launch browser `\/nonexistent\/chromium-for-test`/)
      expect(isBrowserUnavailable(first)).toBe(false)
      // The second launch fails too: now the pool stops.
      const second = await pool.withPage(async () => 'printed').catch((error: unknown) => error)
      expect(isBrowserUnavailable(second)).toBe(true)
      expect(String(second)).toMatch(/failed to launch 2 times in a row/)
    } finally {
      await pool.close()
    }
  })
})
