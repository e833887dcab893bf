/**
 * Print-ahead asks the page once: it lays the brief out as columns, writes
 * what it foresees and answers its findings by value (each call waits its
 * turn in a busy renderer). The mended text nodes and their text before stay
 * in the page (a window property, no handle to read the findings from), and
 * are what `undoAhead` puts back. Counted on Puppeteer's DevTools sessions,
 * on a page of its own.
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Browser, Page} from 'puppeteer-core'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {findBrowser, launchBrowser} from '../src/pdf/browser.js'
import {paperSizes, printAhead, undoAhead} from '../src/pdf/print-ahead.js'

type Send = (this: unknown, method: string, params?: Record<string, unknown>) => Promise<unknown>
// The browser is Puppeteer's CommonJS build (`browser.ts`): the same session class as here, not in its typed API.
const sessionPrototype = (createRequire(import.meta.url)('puppeteer-core') as {CdpCDPSession: {prototype: {send: Send}}}).CdpCDPSession.prototype
const {send} = sessionPrototype
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

let browser: Browser
let page: Page
const sent: string[] = []

beforeAll(async () => {
  browser = (await launchBrowser(findBrowser({}))).browser
  page = await (await browser.createBrowserContext()).newPage()
  await page.setJavaScriptEnabled(false)
  await page.emulateMediaType('print')
  sessionPrototype.send = function (method, params) {
    sent.push(method)
    return send.call(this, method, params)
  }
})

afterAll(async () => {
  sessionPrototype.send = send
  await browser?.close()
})

test('print-ahead lays out and answers its findings in one call, and what it keeps in the page puts mended words back', async () => {
  // A brief whose columns break a word at a page's end (`pdf-print-ahead.test.ts`): print-ahead mends it.
  await page.setContent(readFileSync(path.join(root, 'test', 'fixtures', 'print', 'print-ahead', 'brief.html'), 'utf8'))
  const text = () => page.evaluate(() => Array.from(document.querySelectorAll('p'), (paragraph) => paragraph.textContent).join('\n'))
  const original = await text()
  sent.length = 0
  const ahead = await printAhead(page, paperSizes.A4!, {mendHyphens: true})
  expect(sent.filter((method) => method.startsWith('Runtime.'))).toEqual(['Runtime.callFunctionOn'])
  expect(Object.values(ahead?.numbers ?? {}).length).toBeGreaterThan(0)

  // A word was mended (printed whole): the page keeps its text node as it was. Edit another (the first
  // paragraph's, at no page's end) and keep it beside them: `undoAhead` puts the whole brief back.
  expect(ahead?.mended).toBeGreaterThan(0)
  const mended = await text()
  expect(mended).not.toBe(original)
  await page.evaluate((stash) => {
    const node = document.querySelector('p')!.firstChild as Text
    ;(window as unknown as Record<string, Array<[Text, string]>>)[stash]!.push([node, node.data])
    node.data = 'Changed.'
  }, ahead!.originals!)
  expect(await text()).not.toBe(original)
  await undoAhead(page, ahead!)
  expect(await text()).toBe(original)
})
