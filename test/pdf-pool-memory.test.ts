/**
 * The pool's browser holds only what printing needs (issue 13, batch
 * memory): no window and no blank page at launch, none of the browser-UI
 * renderers Chromium preloads for each window (the omnibox's WebUI popups,
 * ~150 MB each), no spare renderer kept warm; a pool of two pages runs two
 * renderers. One browser for the file.
 */
import {readdirSync, readFileSync} from 'node:fs'
import type {Browser, Page} from 'puppeteer-core'
import {afterAll, describe, expect, test} from 'vitest'
import {findBrowser} from '../src/pdf/browser.js'
import {createPagePool} from '../src/pdf/pool.js'

const pool = createPagePool({executablePath: findBrowser(), concurrency: 2})
afterAll(() => pool.close())

/** Target types and URLs the browser holds (pages, browser UI, workers). */
async function targetsOf(browser: Browser): Promise<Array<{type: string; url: string}>> {
  const session = await browser.target().createCDPSession()
  try {
    const {targetInfos} = await session.send('Target.getTargets')
    return targetInfos.map(({type, url}) => ({type, url}))
  } finally {
    await session.detach()
  }
}

/** Renderer processes of the browser's process group (Puppeteer starts the browser as its leader). */
function renderersOf(browserPid: number): number {
  let count = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // Field 5 (process group), counted after the command name in parentheses.
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
      if (group !== browserPid) continue
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--type=renderer')) count++
    } catch {
      // Gone meanwhile.
    }
  }
  return count
}

describe('the print browser’s processes', () => {
  test('two pages printing at once: two page targets, no browser-UI target, no blank page', async () => {
    let arrived = 0
    let bothIn: () => void = () => undefined
    const together = new Promise<void>((resolve) => (bothIn = resolve))
    const seen: Array<{targets: Array<{type: string; url: string}>; renderers: number; pages: number}> = []
    const job = async (page: Page) => {
      await page.setContent('<!doctype html><p>A brief.</p>')
      if (++arrived === 2) bothIn()
      await together
      if (seen.length > 0) return
      // A spare renderer, when there is one, is started right after a navigation: give it time to appear.
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const browser = page.browser()
      seen.push({targets: await targetsOf(browser), renderers: renderersOf(browser.process()!.pid!), pages: (await browser.pages()).length})
    }
    await Promise.all([pool.withPage(job), pool.withPage(job)])

    const [{targets, renderers, pages}] = seen as [(typeof seen)[number]]
    // The two are the pool's own (before, a third: the launch's blank page).
    expect(targets.filter((target) => target.type === 'page')).toHaveLength(2)
    // Before: the launch's about:blank page, and per window `chrome://omnibox-popup.top-chrome/` pages.
    expect(targets.filter((target) => target.type === 'browser_ui' || target.url.startsWith('chrome://'))).toEqual([])
    expect(pages).toBe(2)
    // Before: four (the two pages', the blank page's, a spare) and one per window for the browser UI.
    if (process.platform === 'linux') expect(renderers).toBe(2)
  })

  test('the pages go back to the pool and print again in the same browser, still two renderers', async () => {
    const browsers = new Set<Browser>()
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        [1, 2].map(() =>
          pool.withPage(async (page) => {
            browsers.add(page.browser())
            await page.setContent(`<!doctype html><p>Round ${round}.</p>`)
            return page.pdf({format: 'A4'})
          })
        )
      )
    }
    expect(browsers.size).toBe(1)
    const [browser] = [...browsers] as [Browser]
    expect((await browser.pages()).length).toBe(2)
    if (process.platform === 'linux') expect(renderersOf(browser.process()!.pid!)).toBe(2)
  })
})
