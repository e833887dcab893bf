#!/usr/bin/env node
/**
 * Where a batch's peak memory sits, by process: runs one command and samples
 * its whole process tree every `--interval` ms, reading each process's
 * resident set (`/proc/PID/stat`, what `bench/lib/measure.js` sums for the
 * bench's peak) and its proportional set (`/proc/PID/smaps_rollup`: pages
 * shared between Chromium's processes counted once, split between them).
 * Prints one JSON line: wall, peak summed RSS and PSS, and at each of the two
 * peaks the bytes by role (Node; Chromium's browser, GPU, utility by sub-type,
 * zygote, and renderers by kind: a page's, or the browser's own UI).
 *
 * With `--count-dir DIR` (the command's output folder) it also prints the
 * memory curve: summed RSS of the tree and of Node, and summed PSS, median of
 * the samples taken while each tenth of the PDFs was being written.
 *
 * Usage: node bench/memsplit.js [--interval 250] [--label NAME] [--count-dir DIR] -- COMMAND ARGS…
 */
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {parseArgs} from 'node:util'
import {performance} from 'node:perf_hooks'
import {median, processStat, processTree, reapedTicks} from './lib/measure.js'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {interval: {type: 'string', default: '250'}, label: {type: 'string', default: ''}, 'count-dir': {type: 'string'}}
})
const [command, ...args] = positionals
if (!command) {
  console.error('Usage: node bench/memsplit.js [--interval 250] -- COMMAND ARGS…')
  process.exit(2)
}

const pageSize = 4096

/** @param {number} pid */
function roleOf(pid) {
  let line = ''
  try {
    line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return undefined
  }
  if (line.trim() === '') return undefined
  const type = /--type=([\w-]+)/.exec(line)?.[1]
  if (type === 'renderer') {
    // The browser's own UI (a window's top chrome, other WebUI) runs in renderers too.
    if (/--top-chrome-webui/.test(line)) return 'renderer (top-chrome webui)'
    if (/--extension-process/.test(line)) return 'renderer (extension)'
    return 'renderer'
  }
  if (type === 'utility') return `utility ${/--utility-sub-type=([\w.]+)/.exec(line)?.[1]?.split('.').pop() ?? ''}`.trim()
  if (type === 'gpu-process') return 'gpu'
  if (type) return type
  const program = line.split(' ')[0] ?? ''
  if (/(?:^|\/)node$/.test(program)) return 'node'
  if (/chrom/i.test(program)) return 'browser'
  return `other ${program.split('/').pop()}`
}

/** @param {number} pid */
function rssOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[21]) * pageSize
  } catch {
    return undefined
  }
}

/** @param {number} pid */
function pssOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    return Number(/^Pss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0) * 1024
  } catch {
    return undefined
  }
}

const started = performance.now()
const reapedBefore = reapedTicks()
/** @type {Map<number, number>} CPU ticks last seen per process. */
const ticks = new Map()
const child = spawn(command, args, {stdio: ['ignore', 'ignore', 'inherit']})
const root = /** @type {number} */ (child.pid)
/** @type {Map<number, string>} */
const roles = new Map()
let peakRss = {bytes: 0, at: 0, byRole: /** @type {Record<string, number>} */ ({}), count: /** @type {Record<string, number>} */ ({})}
let peakPss = {bytes: 0, at: 0, byRole: /** @type {Record<string, number>} */ ({}), count: /** @type {Record<string, number>} */ ({})}
/** @type {Array<{pdfs: number, rss: number, node: number, pss: number}>} */
const curve = []
const countDir = values['count-dir']

function pdfsWritten() {
  if (!countDir) return 0
  try {
    return readdirSync(countDir).filter((file) => file.endsWith('.pdf')).length
  } catch {
    return 0
  }
}

function sample() {
  const at = (performance.now() - started) / 1000
  /** @type {Record<string, number>} */
  const rssBy = {}
  /** @type {Record<string, number>} */
  const pssBy = {}
  /** @type {Record<string, number>} */
  const count = {}
  let rss = 0
  let pss = 0
  let node = 0
  for (const pid of processTree(root)) {
    const role = (pid === root ? 'node' : roleOf(pid)) ?? roles.get(pid) ?? 'exited'
    roles.set(pid, role)
    const stat = processStat(pid)
    if (stat) ticks.set(pid, stat.ticks)
    const r = rssOf(pid)
    const p = pssOf(pid)
    if (r === undefined) continue
    rss += r
    if (pid === root) node = r
    pss += p ?? 0
    rssBy[role] = (rssBy[role] ?? 0) + r
    pssBy[role] = (pssBy[role] ?? 0) + (p ?? 0)
    count[role] = (count[role] ?? 0) + 1
  }
  if (countDir) curve.push({pdfs: pdfsWritten(), rss, node, pss})
  if (rss > peakRss.bytes) peakRss = {bytes: rss, at, byRole: rssBy, count}
  if (pss > peakPss.bytes) peakPss = {bytes: pss, at, byRole: pssBy, count}
}

const timer = setInterval(sample, Number(values.interval))
sample()
const code = await new Promise((resolve) => child.on('exit', resolve))
clearInterval(timer)
const mib = (/** @type {number} */ bytes) => Math.round(bytes / 2 ** 20)
const byRoleMib = (/** @type {Record<string, number>} */ record) => Object.fromEntries(Object.entries(record).sort().map(([role, bytes]) => [role, mib(bytes)]))
process.stdout.write(
  JSON.stringify({
    label: values.label,
    code,
    seconds: +((performance.now() - started) / 1000).toFixed(1),
    cpuSeconds: +(Math.max([...ticks.values()].reduce((a, b) => a + b, 0), reapedTicks() - reapedBefore) / 100).toFixed(1),
    peakRss: mib(peakRss.bytes),
    peakRssAt: +peakRss.at.toFixed(1),
    rssByRole: byRoleMib(peakRss.byRole),
    processes: peakRss.count,
    peakPss: mib(peakPss.bytes),
    pssByRole: byRoleMib(peakPss.byRole),
    ...(countDir ? {curve: tenths()} : {})
  }) + '\n'
)

/** Median MiB (tree RSS, Node RSS, tree PSS) of the samples of each tenth of the PDFs written. */
function tenths() {
  const total = Math.max(...curve.map((sample) => sample.pdfs), 0)
  const step = Math.max(1, Math.round(total / 10))
  const rows = []
  for (let upTo = step; upTo <= total; upTo += step) {
    const inTenth = curve.filter((sample) => sample.pdfs > upTo - step && sample.pdfs <= upTo)
    if (inTenth.length === 0) continue
    rows.push({briefs: upTo, rss: mib(median(inTenth.map((s) => s.rss))), node: mib(median(inTenth.map((s) => s.node))), pss: mib(median(inTenth.map((s) => s.pss)))})
  }
  return rows
}
