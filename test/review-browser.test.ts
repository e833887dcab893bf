/**
 * The review page in a real Chromium (one browser for the file): axe-core
 * finds no serious or critical accessibility violation, and the page runs no
 * script of the article.
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import type {Browser} from 'puppeteer-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {reviewDocument} from '../src/review/index.js'
import {launch} from './fixtures/template/chain.js'

const require = createRequire(import.meta.url)
const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')

let browser: Browser

beforeAll(async () => {
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
})

describe('the review page in Chromium', () => {
  for (const [name, path] of [
    ['a scraped article', 'review/article.txt'],
    ['a saved web page', 'article/page/saved-page.html'],
    ['an archived one-line page', 'article/classes/one-line-page.txt']
  ] as const) {
    it(`${name}: axe finds no serious or critical violation; nothing of the article runs`, async () => {
      const {html} = reviewDocument(fixture(path), {path, format: 'text'})
      const page = await browser.newPage()
      await page.setJavaScriptEnabled(true)
      await page.setContent(html, {waitUntil: 'load'})
      const ran = await page.evaluate(() => (globalThis as unknown as {__briefPageRan?: unknown}).__briefPageRan ?? document.body.dataset.ran ?? null)
      expect(ran).toBeNull()
      await page.addScriptTag({content: axe})
      const results = await page.evaluate(async () => {
        const run = await (window as unknown as {axe: {run: (context: Document) => Promise<{passes: unknown[]; violations: Array<{id: string; impact: string; nodes: unknown[]}>}>}}).axe.run(document)
        return {passed: run.passes.length, found: run.violations.map((violation) => ({id: violation.id, impact: violation.impact, count: violation.nodes.length}))}
      })
      expect(results.passed).toBeGreaterThan(10)
      expect(results.found.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')).toEqual([])
      await page.close()
    })
  }
})
