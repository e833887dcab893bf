#!/usr/bin/env node
/**
 * `brief build` of a folder as the CLI runs it (a renderer started first,
 * then a build session), in this process, with the time of each phase of
 * each brief, from the build's own hooks: `file-start` (read, cache check),
 * `file-processed` (the unified stage in its worker ended), the render
 * (wrapped: its call and return, and the renderer's own `timings`: load,
 * print, thumbnail in the page; metadata and check in a finish worker) and
 * `file-done` (outputs written). With `--memory FILE`, also
 * `process.memoryUsage()` after every brief (after a full GC every
 * `--gc-every` briefs when run with `--expose-gc`).
 *
 * Usage: node [--expose-gc] bench/cases/ours-phases.js --out DIR [--phases FILE] [--memory FILE] [--gc-every N] [--no-index] INPUT…
 * Prints {files, seconds, built, failed}.
 */
import {writeFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {performance} from 'node:perf_hooks'

const started = performance.now()
const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    out: {type: 'string'},
    phases: {type: 'string'},
    memory: {type: 'string'},
    'gc-every': {type: 'string', default: '0'},
    concurrency: {type: 'string'},
    'no-index': {type: 'boolean', default: false}
  }
})
const concurrency = values.concurrency ? Number(values.concurrency) : undefined
const gcEvery = Number(values['gc-every'])
const dist = new URL('../../dist/', import.meta.url)
const {createPdfRenderer} = await import(new URL('pdf/index.js', dist).href)
const renderer = createPdfRenderer({concurrency})
renderer.warm()
const build = await import(new URL('build/index.js', dist).href)

/** @type {Map<string, Record<string, number | string | boolean>>} */
const byInput = new Map()
/** @type {Map<string, Record<string, number | string | boolean>>} */
const byName = new Map()
/** @type {Array<Record<string, number>>} */
const memory = []
let done = 0
const now = () => performance.now() - started

const traced = {
  ...renderer,
  warm: () => renderer.warm(),
  close: () => renderer.close(),
  /** @param {{name: string, html: string}} job */
  async render(job) {
    const row = byName.get(job.name) ?? {}
    byName.set(job.name, row)
    row.renderCall = now()
    row.htmlBytes = Buffer.byteLength(job.html)
    row.contents = job.html.includes('data-brief-page-of')
    const result = await renderer.render(job)
    row.renderReturn = now()
    Object.assign(row, Object.fromEntries(Object.entries(result.timings).map(([key, value]) => [`r_${key}`, value])))
    row.pages = result.pages
    row.pdfBytes = result.pdf.byteLength
    return result
  }
}

const session = await build.createBuildSession({
  out: values.out,
  renderer: traced,
  // No site index, so no thumbnails: what the thumbnail costs.
  ...(values['no-index'] ? {index: false} : {}),
  concurrency,
  onEvent(event) {
    if (event.type === 'file-start') byInput.set(event.input, {fileStart: now()})
    if (event.type === 'file-done') {
      const row = byInput.get(event.result.input) ?? {}
      row.fileDone = now()
      row.name = event.result.name
      row.status = event.result.status
      Object.assign(row, byName.get(event.result.name) ?? {})
      done++
      if (values.memory) {
        if (gcEvery > 0 && done % gcEvery === 0 && globalThis.gc) globalThis.gc()
        const usage = process.memoryUsage()
        memory.push({briefs: done, time: now(), gc: gcEvery > 0 && done % gcEvery === 0 ? 1 : 0, rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, arrayBuffers: usage.arrayBuffers})
      }
    }
  },
  onTrace(event) {
    if (event.type === 'file-processed') {
      const row = byInput.get(event.input)
      if (row) row.processed = now()
    }
  }
})
let result
try {
  result = await session.build(positionals.map((input) => resolve(input)))
} finally {
  await session.close()
}
if (values.phases) writeFileSync(values.phases, JSON.stringify([...byInput.values()]))
if (values.memory) writeFileSync(values.memory, JSON.stringify(memory))
process.stdout.write(JSON.stringify({files: result.files.length, seconds: now() / 1000, built: result.built, failed: result.failed}) + '\n')
