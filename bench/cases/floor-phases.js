#!/usr/bin/env node
/**
 * The floor (`floor.js`) with the time of each step of each brief: the same
 * browser flags, pool and calls, plus `--tagged` (the `tagged` and `outline`
 * options our printer passes to `page.pdf`), to see what those cost alone.
 *
 * Usage: node bench/cases/floor-phases.js --browser PATH --out DIR [--concurrency 2] [--tagged] [--phases FILE] FILE.html…
 * Writes one JSON row a brief to `--phases`; prints {files, seconds, launchSeconds}.
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
    concurrency: {type: 'string', default: '2'},
    tagged: {type: 'boolean', default: false},
    phases: {type: 'string'}
  }
})

const started = performance.now()
const files = positionals.map((file) => resolve(file))
const out = resolve(values.out ?? 'floor-out')
mkdirSync(out, {recursive: true})

const browser = await puppeteer.launch({
  executablePath: values.browser,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
})
const launchSeconds = (performance.now() - started) / 1000
/** @type {Array<Record<string, number | string>>} */
const rows = []

let next = 0
await Promise.all(Array.from({length: Math.min(Number(values.concurrency), files.length)}, () => worker()))
await browser.close()
if (values.phases) writeFileSync(values.phases, JSON.stringify(rows))

process.stdout.write(JSON.stringify({files: files.length, seconds: (performance.now() - started) / 1000, launchSeconds}) + '\n')

async function worker() {
  const page = await browser.newPage()
  /** @type {string | undefined} */
  let origin
  while (next < files.length) {
    const file = files[next++]
    const t0 = performance.now()
    const folder = dirname(file)
    if (origin !== folder) {
      const blank = join(folder, '.floor-blank.html')
      writeFileSync(blank, '<!doctype html>')
      await page.goto(pathToFileURL(blank).href)
      origin = folder
    }
    const html = readFileSync(file, 'utf8')
    const t1 = performance.now()
    await page.setContent(html, {waitUntil: 'load'})
    const t2 = performance.now()
    const pdf = await page.pdf({format: 'A4', printBackground: true, preferCSSPageSize: true, ...(values.tagged ? {tagged: true, outline: true} : {})})
    const t3 = performance.now()
    writeFileSync(join(out, basename(file).replace(/\.html?$/i, '.pdf')), pdf)
    const t4 = performance.now()
    rows.push({name: basename(file), start: t0 - started, read: t1 - t0, load: t2 - t1, print: t3 - t2, write: t4 - t3, total: t4 - t0})
  }
  await page.close()
}
