#!/usr/bin/env node
/**
 * Where the batch time goes: the 100-brief batch of `npm run bench`, ours
 * against the floor, split by process and thread (CPU seconds, from /proc:
 * `bench/lib/cpu-split.js`) and by phase of each brief (the build's own
 * hooks: `bench/cases/ours-phases.js`; the floor's steps:
 * `bench/cases/floor-phases.js`). Cases run interleaved, `--rounds` times;
 * figures are medians over rounds. Needs the inputs of `npm run bench`
 * (`bench/work/batch`, `bench/work/html/batch`): run the bench once first.
 *
 * Usage: node bench/breakdown.js [--rounds 3] [--only floor,floor-tagged,ours,ours-cli] [--concurrency N]
 * Writes bench/results/breakdown-<date>.json and prints the tables.
 *
 * `--curve --input FOLDER` instead builds FOLDER once (`ours-phases.js`) and
 * prints its memory curve at each tenth of the briefs: resident memory by
 * process role (sampled from /proc), the main thread's V8 heap after each
 * brief, and each worker's heap after each answer (`thread-tag.cjs`);
 * `--gc-every N` takes the main thread's heap after a full GC every N briefs.
 */
import {spawn} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'
import {performance} from 'node:perf_hooks'
import {sampleTree} from './lib/cpu-split.js'
import {median} from './lib/measure.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const work = join(root, 'bench', 'work')
const {values} = parseArgs({
  options: {
    rounds: {type: 'string', default: '3'},
    only: {type: 'string', default: 'floor,floor-tagged,ours,ours-cli'},
    concurrency: {type: 'string'},
    input: {type: 'string', default: join(work, 'batch')},
    html: {type: 'string', default: join(work, 'html', 'batch')},
    curve: {type: 'boolean', default: false},
    'gc-every': {type: 'string', default: '0'}
  }
})
const browser = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium'
const concurrency = values.concurrency ? ['--concurrency', values.concurrency] : []
const briefs = readdirSync(values.input).filter((file) => file.endsWith('.md')).sort()
const html = briefs.map((file) => join(values.html, file.replace(/\.md$/, '.html')))
const temporary = join(work, 'breakdown')
mkdirSync(temporary, {recursive: true})

/** @type {Record<string, () => {command: string, args: string[], out: string, phases?: string, tags?: string}>} */
const cases = {
  floor: () => ({command: process.execPath, args: [join(root, 'bench/cases/floor-phases.js'), '--browser', browser, '--concurrency', values.concurrency ?? '2', '--out', join(temporary, 'floor'), '--phases', join(temporary, 'floor.json'), ...html], out: join(temporary, 'floor'), phases: join(temporary, 'floor.json')}),
  'floor-tagged': () => ({command: process.execPath, args: [join(root, 'bench/cases/floor-phases.js'), '--browser', browser, '--tagged', '--concurrency', values.concurrency ?? '2', '--out', join(temporary, 'floor-tagged'), '--phases', join(temporary, 'floor-tagged.json'), ...html], out: join(temporary, 'floor-tagged'), phases: join(temporary, 'floor-tagged.json')}),
  ours: () => ({command: process.execPath, args: ['--require', join(root, 'bench/cases/thread-tag.cjs'), join(root, 'bench/cases/ours-phases.js'), ...concurrency, '--out', join(temporary, 'ours'), '--phases', join(temporary, 'ours.json'), values.input], out: join(temporary, 'ours'), phases: join(temporary, 'ours.json'), tags: join(temporary, 'ours.tags')}),
  'ours-cli': () => ({command: process.execPath, args: ['--require', join(root, 'bench/cases/thread-tag.cjs'), join(root, 'dist/cli/bin.js'), 'build', values.input, ...concurrency, '--out', join(temporary, 'ours-cli'), '-q'], out: join(temporary, 'ours-cli'), tags: join(temporary, 'ours-cli.tags')})
}
if (values.curve) {
  await curve()
  process.exit(0)
}
const selected = values.only.split(',').filter((id) => id in cases)
const rounds = Math.max(1, Number(values.rounds))

/** @type {Record<string, Array<{seconds: number, cpu: Record<string, number>, peak: {bytes: number, byRole: Record<string, number>}, phases?: Array<Record<string, number>>}>>} */
const results = Object.fromEntries(selected.map((id) => [id, []]))
for (let round = 1; round <= rounds; round++) {
  for (const id of selected) {
    const spec = cases[id]()
    rmSync(spec.out, {recursive: true, force: true})
    if (spec.tags) rmSync(spec.tags, {force: true})
    const measured = await runSampled(spec)
    const pdfs = readdirSync(spec.out).filter((file) => file.endsWith('.pdf')).length
    if (measured.code !== 0 || pdfs !== briefs.length) {
      log(`round ${round} ${id}: FAILED (exit ${measured.code}, ${pdfs} PDFs) ${measured.stderr.slice(-400)}`)
      continue
    }
    const phases = spec.phases ? JSON.parse(readFileSync(spec.phases, 'utf8')) : undefined
    results[id].push({seconds: measured.seconds, cpu: measured.cpu, peak: measured.peak, phases})
    const total = Object.values(measured.cpu).reduce((sum, value) => sum + value, 0)
    log(`round ${round} ${id.padEnd(13)} ${measured.seconds.toFixed(2)} s  CPU ${total.toFixed(1)} s  peak ${mib(measured.peak.bytes)} MiB  load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`)
  }
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-')
mkdirSync(join(root, 'bench', 'results'), {recursive: true})
writeFileSync(join(root, 'bench', 'results', `breakdown-${stamp}.json`), JSON.stringify(results))
console.log(report(results))

/**
 * @param {{command: string, args: string[], tags?: string}} spec
 */
function runSampled(spec) {
  return new Promise((resolve) => {
    const start = performance.now()
    const child = spawn(spec.command, spec.args, {cwd: root, env: {...process.env, BENCH_THREAD_TAGS: spec.tags ?? ''}, stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdout.resume()
    const sampler = sampleTree(/** @type {number} */ (child.pid), {interval: 100, tagFile: spec.tags})
    child.on('exit', (code) => {
      const {cpu, peak} = sampler.stop()
      resolve({code, seconds: (performance.now() - start) / 1000, cpu, peak, stderr})
    })
  })
}

/** @param {typeof results} all */
function report(all) {
  const lines = []
  const roles = [...new Set(Object.values(all).flatMap((runs) => runs.flatMap((run) => Object.keys(run.cpu))))].sort()
  lines.push('\n## CPU seconds by process and thread (median over rounds)\n')
  lines.push(`| role | ${selected.join(' | ')} |`, `| --- | ${selected.map(() => '---').join(' | ')} |`)
  lines.push(`| wall | ${selected.map((id) => fmt(median(all[id].map((run) => run.seconds)))).join(' | ')} |`)
  for (const role of roles) lines.push(`| ${role} | ${selected.map((id) => fmt(median(all[id].map((run) => run.cpu[role] ?? 0)))).join(' | ')} |`)
  lines.push(`| **all** | ${selected.map((id) => fmt(median(all[id].map((run) => Object.values(run.cpu).reduce((a, b) => a + b, 0))))).join(' | ')} |`)
  const memoryRoles = [...new Set(Object.values(all).flatMap((runs) => runs.flatMap((run) => Object.keys(run.peak.byRole))))].sort()
  lines.push('\n## Resident memory at the peak (MiB, median over rounds)\n')
  lines.push(`| role | ${selected.join(' | ')} |`, `| --- | ${selected.map(() => '---').join(' | ')} |`)
  for (const role of memoryRoles) lines.push(`| ${role} | ${selected.map((id) => mib(median(all[id].map((run) => run.peak.byRole[role] ?? 0)))).join(' | ')} |`)
  lines.push(`| **all** | ${selected.map((id) => mib(median(all[id].map((run) => run.peak.bytes)))).join(' | ')} |`)

  lines.push('\n## Phases of a brief (ms: median a brief; sum over the batch in s)\n')
  /** @type {Record<string, (row: Record<string, number>) => number>} */
  const ourPhases = {
    'read, cache check, unified stage (worker, queue included)': (row) => row.processed - row.fileStart,
    'assets and images copied (before the render)': (row) => row.renderCall - row.processed,
    'waiting for a page (pool slot)': (row) => row.r_total - row.r_load - row.r_print - (row.r_thumbnail ?? 0) - row.r_metadata - (row.r_verify ?? 0),
    'page: load (navigation, fonts, settle)': (row) => row.r_load,
    'page: print (links, page.pdf, contents reprint)': (row) => row.r_print,
    'page: thumbnail': (row) => row.r_thumbnail ?? 0,
    'finish worker: metadata pass': (row) => row.r_metadata,
    'finish worker: post-print check': (row) => row.r_verify ?? 0,
    'write PDF, HTML, thumbnail (atomic)': (row) => row.fileDone - row.renderReturn,
    'whole brief (file-start to file-done)': (row) => row.fileDone - row.fileStart
  }
  /** @type {Record<string, (row: Record<string, number>) => number>} */
  const floorPhases = {
    'read HTML': (row) => row.read,
    'page: setContent (load, fonts)': (row) => row.load,
    'page: page.pdf': (row) => row.print,
    'write PDF': (row) => row.write,
    'whole brief': (row) => row.total
  }
  for (const id of selected) {
    const runs = all[id].filter((run) => run.phases)
    if (runs.length === 0) continue
    const phases = id.startsWith('floor') ? floorPhases : ourPhases
    lines.push(`\n### ${id} (${runs.length} runs)\n`, '| phase | median a brief | sum over the batch |', '| --- | --- | --- |')
    for (const [name, of] of Object.entries(phases)) {
      const perRun = runs.map((run) => (run.phases ?? []).map((row) => of(row)).filter((value) => Number.isFinite(value)))
      lines.push(`| ${name} | ${median(perRun.map((values) => median(values))).toFixed(1)} ms | ${fmt(median(perRun.map((values) => values.reduce((a, b) => a + b, 0) / 1000)))} |`)
    }
    if (!id.startsWith('floor')) {
      const withContents = runs[0].phases?.filter((row) => row.contents).length ?? 0
      lines.push(`\n${withContents} of ${runs[0].phases?.length} briefs have a contents list (printed twice or more, destinations read with pdfjs on the main thread)`)
      const print = (flag) => median(runs.map((run) => median((run.phases ?? []).filter((row) => Boolean(row.contents) === flag).map((row) => row.r_print))))
      lines.push(`print phase: ${print(true).toFixed(1)} ms a brief with contents, ${print(false).toFixed(1)} ms without`)
    }
  }
  return lines.join('\n')
}

/** @param {number} seconds */
function fmt(seconds) {
  return seconds >= 10 ? seconds.toFixed(1) : seconds.toFixed(2)
}

/** @param {number} bytes */
function mib(bytes) {
  return String(Math.round(bytes / 1048576))
}

/** @param {string} message */
function log(message) {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`)
}

/** One build of `--input` with its memory curve (see the module's comment). */
async function curve() {
  const out = join(temporary, 'curve')
  rmSync(out, {recursive: true, force: true})
  const files = {phases: join(temporary, 'curve-phases.json'), memory: join(temporary, 'curve-memory.json'), tags: join(temporary, 'curve.tags'), heap: join(temporary, 'curve.heap')}
  for (const file of Object.values(files)) rmSync(file, {force: true})
  const gc = Number(values['gc-every']) > 0 ? ['--expose-gc'] : []
  const args = [...gc, '--require', join(root, 'bench/cases/thread-tag.cjs'), join(root, 'bench/cases/ours-phases.js'), ...concurrency, '--out', out, '--phases', files.phases, '--memory', files.memory, '--gc-every', values['gc-every'], values.input]
  const start = performance.now()
  const child = spawn(process.execPath, args, {cwd: root, env: {...process.env, BENCH_THREAD_TAGS: files.tags, BENCH_THREAD_HEAP: files.heap}, stdio: ['ignore', 'pipe', 'inherit']})
  child.stdout.resume()
  const sampler = sampleTree(/** @type {number} */ (child.pid), {interval: 1000, tagFile: files.tags})
  const code = await new Promise((resolve) => child.on('exit', resolve))
  const {cpu, peak, memory} = sampler.stop()
  const seconds = (performance.now() - start) / 1000
  /** @type {Array<Record<string, number>>} */
  const phases = JSON.parse(readFileSync(files.phases, 'utf8'))
  /** @type {Array<Record<string, number>>} */
  const main = JSON.parse(readFileSync(files.memory, 'utf8'))
  const heap = readFileSync(files.heap, 'utf8').trim().split('\n').map((line) => line.split(' '))
  const doneTimes = phases.map((row) => row.fileDone).sort((a, b) => a - b)
  const total = doneTimes.length
  writeFileSync(join(root, 'bench', 'results', `curve-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({seconds, cpu, peak, memory, main, heap, doneTimes}))
  const lines = [`\n## Memory curve: ${total} briefs, ${seconds.toFixed(0)} s, exit ${code}, CPU ${Object.values(cpu).reduce((a, b) => a + b, 0).toFixed(0)} s, peak ${mib(peak.bytes)} MiB\n`]
  lines.push('| briefs | tree RSS | Node RSS | renderers | other Chromium | main heap used | unified worker heap | finish worker heap(s) | main heap after GC |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  const step = Math.max(1, Math.round(total / 10))
  for (let briefs = step; briefs <= total; briefs += step) {
    // Samples taken while the briefs of this tenth were finishing: median of each.
    const from = doneTimes[briefs - step] ?? 0
    const to = doneTimes[Math.min(total, briefs) - 1]
    const inTenth = memory.filter((sample) => sample.time >= from && sample.time <= to)
    const sum = (sample, test) => Object.entries(sample.byRole).filter(([role]) => test(role)).reduce((acc, [, bytes]) => acc + bytes, 0)
    const med = (test) => mib(median(inTenth.map((sample) => sum(sample, test))))
    const mainRows = main.filter((row) => row.briefs > briefs - step && row.briefs <= briefs)
    const workerHeap = (role) => {
      const rows = heap.filter((row) => row[1].startsWith(role))
      const slice = rows.slice(Math.floor(((briefs - step) / total) * rows.length), Math.ceil((briefs / total) * rows.length))
      return mib(median(slice.map((row) => Number(row[2]))))
    }
    const afterGc = mainRows.filter((row) => row.gc).map((row) => row.heapUsed)
    lines.push(`| ${briefs} | ${med(() => true)} | ${med((role) => role.startsWith('node'))} | ${med((role) => role.includes('renderer'))} | ${med((role) => role.startsWith('chromium') && !role.includes('renderer'))} | ${mib(median(mainRows.map((row) => row.heapUsed)))} | ${workerHeap('node_unified')} | ${workerHeap('node_finish')} | ${afterGc.length ? mib(median(afterGc)) : '–'} |`)
  }
  console.log(lines.join('\n'))
}
