/**
 * Print-ahead asks the page twice: once to lay the brief out as columns and
 * write what it foresees, once for the findings (by value). The handle it
 * keeps (the mended text nodes and their text before) is what `undoAhead`
 * puts back. Counted on Puppeteer's DevTools sessions, on a page of its own.
 */
import {createRequire} from 'node:module'
import type {Browser, Page} from 'puppeteer-core'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {findBrowser, launchBrowser} from '../src/pdf/browser.js'
import {paperSizes, printAhead, undoAhead} from '../src/pdf/print-ahead.js'

type Send = (this: unknown, method: string, params?: Record<string, unknown>) => Promise<unknown>
// The browser is Puppeteer's CommonJS build (`browser.ts`): the same session class as here, not in its typed API.
const sessionPrototype = (createRequire(import.meta.url)('puppeteer-core') as {CdpCDPSession: {prototype: {send: Send}}}).CdpCDPSession.prototype
const {send} = sessionPrototype

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

test('print-ahead lays out and reads its findings in two calls, and its handle puts mended words back', async () => {
  const paragraphs = Array.from({length: 40}, (_, index) => `<p>Paragraph ${index} of a brief, with a Kaza\u00ADkhst\u00ADan and an amba\u00ADssad\u00ADor in every line of it, set to break somewhere.</p>`)
  await page.setContent(`<!doctype html><html><head><style>@page {size: A4; margin: 20mm} html, body {margin: 0} body {font: 14px/1.5 serif}</style></head><body><ol><li data-brief-page-of="#end">?</li></ol>${paragraphs.join('')}<h2 id="end">End</h2></body></html>`)
  sent.length = 0
  const ahead = await printAhead(page, paperSizes.A4!, {mendHyphens: true})
  expect(sent.filter((method) => method.startsWith('Runtime.'))).toEqual(['Runtime.callFunctionOn', 'Runtime.callFunctionOn'])
  expect(ahead?.numbers).toEqual({'#end': expect.stringMatching(/^\d+$/)})

  // The handle holds text nodes as they were: edit one (the first paragraph's, at no page's end), put it back.
  const text = () => page.evaluate(() => document.querySelector('p')!.textContent)
  const before = await text()
  await ahead!.originals.evaluate((foreseen) => {
    const node = document.querySelector('p')!.firstChild as Text
    foreseen.originals.push([node, node.data])
    node.data = 'Changed.'
  })
  expect(await text()).not.toBe(before)
  await undoAhead(page, ahead!)
  expect(await text()).toBe(before)
  await ahead!.originals.dispose()
})
