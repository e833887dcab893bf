#!/usr/bin/env node
/**
 * Where the time goes in one build: the stages of `brief build` run by hand
 * in one process, each timed, for a brief printed cold (first render, fresh
 * browser) and then warm (the same brief again, as in a batch or watch).
 *
 * The renderer's own `timings` (page setup, font loading, `page.pdf`,
 * metadata pass, …) are used where it returns them; otherwise `render` is one
 * row.
 *
 * Usage: node bench/cases/profile.js --resources DIR [--browser PATH] [--warm N] FILE
 *   DIR: an output folder our build already wrote (holds `assets/`), so the
 *   page resolves fonts exactly as in a build.
 * Prints one JSON line: {file, rows: [{stage, cold, warm}], pages, bytes}.
 */
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises'
import {basename, join, resolve} from 'node:path'
import {performance} from 'node:perf_hooks'
import {parseArgs} from 'node:util'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    resources: {type: 'string'},
    browser: {type: 'string'},
    warm: {type: 'string', default: '3'}
  }
})

const input = resolve(positionals[0])
const resources = resolve(values.resources ?? 'output')
/** @type {Map<string, number[]>} */
const rows = new Map()

/**
 * @template T
 * @param {string} stage
 * @param {() => Promise<T> | T} action
 * @returns {Promise<T>}
 */
async function timed(stage, action) {
  const started = performance.now()
  const result = await action()
  record(stage, performance.now() - started)
  return result
}

/**
 * @param {string} stage
 * @param {number} milliseconds
 */
function record(stage, milliseconds) {
  const list = rows.get(stage) ?? []
  list.push(milliseconds)
  rows.set(stage, list)
}

const build = await timed('import build (unified, plugins)', () => import('remark-brief/build'))
const {VFile} = await import('vfile')
const format = build.formatOf(input)
const processor = await timed('processor setup (template, hyphenator)', () => build.createBriefProcessor({format}))
const pdf = await timed('import renderer (puppeteer-core)', () => import('remark-brief/pdf'))
const assets = await templateAssets()
const renderer = await timed('create renderer (the browser starts at the first render)', () =>
  pdf.createPdfRenderer({executablePath: values.browser, concurrency: 1})
)

let pages = 0
let bytes = 0
const runs = 1 + Number(values.warm)
for (let index = 0; index < runs; index++) {
  const value = await timed('read article', () => readFile(input))
  const file = new VFile({path: basename(input), value: new TextDecoder().decode(value)})
  const tree = await timed('unified: parse', () => processor.parse(file))
  const hast = await timed('unified: run (recognizer, meta, notes, template)', () => processor.run(tree, file))
  const html = await timed('unified: stringify', () => processor.stringify(hast, file))
  const brief = /** @type {any} */ (file.data).brief ?? {authors: [], lang: 'en'}
  const job = {
    name: basename(input).replace(/\.[^.]+$/, ''),
    html,
    resourceDir: resources,
    assets,
    paper: brief.paper,
    metadata: {
      title: brief.title ?? 'brief',
      authors: (brief.authors ?? []).map((/** @type {{name: string}} */ author) => author.name),
      subject: brief.summary,
      keywords: brief.keywords,
      lang: brief.lang ?? 'en',
      date: brief.date
    },
    thumbnail: true
  }
  const started = performance.now()
  const result = await renderer.render(job)
  const total = performance.now() - started
  const timings = result.timings ?? {}
  let accounted = 0
  for (const [stage, milliseconds] of Object.entries(timings)) {
    // `total` is the renderer's own sum, not a stage.
    if (typeof milliseconds !== 'number' || stage === 'total') continue
    record(`render: ${stage}`, milliseconds)
    accounted += milliseconds
  }
  record(
    Object.keys(timings).length > 0
      ? 'render: rest (page from the pool; browser launch when cold)'
      : 'render (no timings returned)',
    Math.max(0, total - accounted)
  )
  // The build reads the renderer's own check (`verified`); it checks by itself only when there is none.
  if (!result.verified && pdf.verifyPrintedText) {
    await timed('post-print check by the build', () => pdf.verifyPrintedText(result.pdf, html))
  }
  await timed('write PDF and HTML (atomic)', () => writeOutputs(job.name, result.pdf, html))
  pages = result.pages
  bytes = result.pdf.byteLength
}

await timed('browser close', () => renderer.close())

const result = [...rows].map(([stage, list]) => ({
  stage,
  cold: list[0],
  warm: list.length > 1 ? median(list.slice(1)) : undefined
}))
process.stdout.write(JSON.stringify({file: basename(input), rows: result, pages, bytes}) + '\n')

/**
 * Write as the build does: a temporary file, then a rename.
 *
 * @param {string} name
 * @param {Uint8Array} pdfBytes
 * @param {string} html
 */
async function writeOutputs(name, pdfBytes, html) {
  const folder = join(resources, 'profile')
  await mkdir(folder, {recursive: true})
  for (const [file, data] of /** @type {const} */ ([
    [`${name}.pdf`, pdfBytes],
    [`${name}.html`, html]
  ])) {
    const target = join(folder, file)
    await writeFile(target + '.tmp', data)
    await rename(target + '.tmp', target)
  }
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * The template's asset list as the build passes it to the renderer
 * (`{name, path}`, names inside `assets/`); none when the module is absent.
 */
async function templateAssets() {
  /** @type {unknown} */
  let listed = []
  try {
    const module = await import(new URL('../../dist/template/assets.js', import.meta.url).href)
    if (typeof module.templateAssets === 'function') listed = await module.templateAssets()
  } catch {
    return []
  }
  if (!Array.isArray(listed)) return []
  return listed.flatMap((item) => {
    if (typeof item === 'string') return [{name: basename(item), path: item}]
    const from = item?.path ?? item?.from ?? item?.source
    const name = item?.name ?? item?.to ?? item?.target ?? (typeof from === 'string' ? basename(from) : undefined)
    return typeof from === 'string' && typeof name === 'string' ? [{name: name.replace(/^assets\//, ''), path: from}] : []
  })
}
