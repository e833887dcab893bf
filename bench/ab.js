#!/usr/bin/env node
/**
 * Interleaved A/B of two builds of remark-brief on one batch: `brief build`
 * of each checkout (its `dist/cli/bin.js`) on the same input folder,
 * alternating A, B, A, B… for `--rounds` rounds, each a whole process tree
 * measured by `bench/lib/measure.js` (wall, CPU-seconds of the tree, peak
 * summed RSS). On a shared machine the CPU-seconds and the per-round ratio
 * B/A are the figures to read; medians are printed.
 *
 * Usage:
 *   node bench/ab.js --a /path/to/checkout-a --b /path/to/checkout-b --input FOLDER [--rounds 3]
 *     [--a-args "--concurrency 2"] [--b-args "..."] [--a-env K=V,K=V] [--b-env K=V]
 * Either side may be the same checkout with other arguments or environment.
 */
import {mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {run} from './lib/measure.js'
import {median} from './lib/measure.js'

const {values} = parseArgs({
  options: {
    a: {type: 'string'},
    b: {type: 'string'},
    input: {type: 'string'},
    rounds: {type: 'string', default: '3'},
    'a-args': {type: 'string', default: ''},
    'b-args': {type: 'string', default: ''},
    'a-env': {type: 'string', default: ''},
    'b-env': {type: 'string', default: ''}
  }
})
if (!values.a || !values.b || !values.input) {
  console.error('Usage: node bench/ab.js --a CHECKOUT --b CHECKOUT --input FOLDER [--rounds 3]')
  process.exit(2)
}
const briefs = readdirSync(values.input).filter((file) => /\.(md|txt|html?)$/.test(file)).length
const sides = {
  A: {root: values.a, args: words(values['a-args']), env: pairs(values['a-env'])},
  B: {root: values.b, args: words(values['b-args']), env: pairs(values['b-env'])}
}
const out = mkdtempSync(join(tmpdir(), 'brief-ab-'))
/** @type {Record<string, Array<{seconds: number, cpu: number, peak: number}>>} */
const results = {A: [], B: []}
const rounds = Math.max(1, Number(values.rounds))
for (let round = 1; round <= rounds; round++) {
  // Alternate which side goes first, so neither always follows the other.
  const order = round % 2 === 1 ? ['A', 'B'] : ['B', 'A']
  for (const name of order) {
    const side = sides[name]
    const folder = join(out, name)
    rmSync(folder, {recursive: true, force: true})
    const measured = await run(process.execPath, [join(side.root, 'dist/cli/bin.js'), 'build', values.input, '--out', folder, '-q', ...side.args], {
      env: {...process.env, ...side.env},
      timeout: 1_800_000
    })
    const pdfs = safeList(folder).filter((file) => file.endsWith('.pdf')).length
    const load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ')[0]
    if (measured.code !== 0 || pdfs !== briefs) {
      console.log(`round ${round} ${name}: FAILED (exit ${measured.code}, ${pdfs}/${briefs} PDFs) ${measured.stderr.slice(-600)}`)
      continue
    }
    results[name].push({seconds: measured.seconds, cpu: measured.cpuSeconds, peak: measured.peakBytes})
    console.log(`round ${round} ${name}: ${measured.seconds.toFixed(1)} s wall, ${measured.cpuSeconds.toFixed(1)} CPU-s, peak ${(measured.peakBytes / 2 ** 20).toFixed(0)} MiB, load ${load}`)
  }
}
rmSync(out, {recursive: true, force: true})
for (const name of ['A', 'B']) {
  const list = results[name]
  if (list.length === 0) continue
  console.log(
    `${name} (${sides[name].root} ${sides[name].args.join(' ')} ${values[`${name.toLowerCase()}-env`]}): median ${median(list.map((r) => r.seconds)).toFixed(1)} s wall, ` +
      `${median(list.map((r) => r.cpu)).toFixed(1)} CPU-s [${list.map((r) => r.cpu.toFixed(1)).join(', ')}], peak ${(median(list.map((r) => r.peak)) / 2 ** 20).toFixed(0)} MiB`
  )
}
if (results.A.length > 0 && results.B.length > 0) {
  const cpu = median(results.B.map((r) => r.cpu)) / median(results.A.map((r) => r.cpu))
  const wall = median(results.B.map((r) => r.seconds)) / median(results.A.map((r) => r.seconds))
  console.log(`B/A: CPU ${cpu.toFixed(3)}, wall ${wall.toFixed(3)}`)
}

/** @param {string} text */
function words(text) {
  return text.split(/\s+/).filter(Boolean)
}

/** @param {string} text */
function pairs(text) {
  return Object.fromEntries(
    text
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
  )
}

/** @param {string} folder */
function safeList(folder) {
  try {
    return readdirSync(folder)
  } catch {
    return []
  }
}
