#!/usr/bin/env node
/**
 * The floor: the least any Chromium-based tool can do. One browser, a pool
 * of pages, `setContent` of finished HTML and `page.pdf`, nothing else (no
 * Markdown, no template, no checks, no metadata).
 *
 * Each page is first navigated to a blank file in the HTML's folder, so the
 * document has a `file:` origin and the HTML's relative asset URLs (fonts,
 * logo) load as they do in our renderer; `setContent` on `about:blank` would
 * refuse them and print without fonts, which is not the same work.
 *
 * Usage: node bench/cases/floor.js --browser PATH --out DIR [--concurrency 2] FILE.html…
 * Prints one JSON line: {files, seconds, launchSeconds}.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'
import {performance} from 'node:perf_hooks'
import puppeteer from 'puppeteer-core'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    browser: {type: 'string', default: '/usr/bin/chromium'},
    out: {type: 'string'},
    concurrency: {type: 'string', default: '2'}
  }
})

const started = performance.now()
const files = positionals.map((file) => resolve(file))
const out = resolve(values.out ?? 'floor-out')
mkdirSync(out, {recursive: true})

const browser = await puppeteer.launch({
  executablePath: values.browser,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync'
  ]
})
const launchSeconds = (performance.now() - started) / 1000

let next = 0
const workers = Array.from({length: Math.min(Number(values.concurrency), files.length)}, () => worker())
await Promise.all(workers)
await browser.close()

process.stdout.write(
  JSON.stringify({files: files.length, seconds: (performance.now() - started) / 1000, launchSeconds}) + '\n'
)

async function worker() {
  const page = await browser.newPage()
  /** @type {string | undefined} */
  let origin
  while (next < files.length) {
    const file = files[next++]
    const folder = dirname(file)
    if (origin !== folder) {
      const blank = join(folder, '.floor-blank.html')
      writeFileSync(blank, '<!doctype html>')
      await page.goto(pathToFileURL(blank).href)
      origin = folder
    }
    await page.setContent(readFileSync(file, 'utf8'), {waitUntil: 'load'})
    const pdf = await page.pdf({format: 'A4', printBackground: true, preferCSSPageSize: true})
    writeFileSync(join(out, basename(file).replace(/\.html?$/i, '.pdf')), pdf)
  }
  await page.close()
}
