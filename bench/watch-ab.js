#!/usr/bin/env node
/**
 * Watch rebuild A/B: two `brief build <seed> --watch` sessions, one per
 * checkout (its `dist/cli/bin.js`), live at once; the seed is edited in each
 * in turn (A then B, B then A next round, 300 ms apart), as `bench/run.js`
 * `measureWatch` edits it (the trailing text alternates), and each save is
 * timed to the PDF's new inode or mtime. Both sessions see the same load, so
 * on a shared machine the per-round ratio B/A is the figure to read.
 *
 * Usage: node bench/watch-ab.js --a /path/to/checkout-a --b /path/to/checkout-b [--rounds 12]
 */
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'

const {values} = parseArgs({options: {a: {type: 'string'}, b: {type: 'string'}, rounds: {type: 'string', default: '12'}}})
if (!values.a || !values.b) throw new Error('Usage: node bench/watch-ab.js --a CHECKOUT --b CHECKOUT [--rounds N]')
const seedName = 'vif-kazakhstan-protests-chinese-article'
const original = readFileSync(new URL(`../input/${seedName}.txt`, import.meta.url), 'utf8')
const work = mkdtempSync(join(tmpdir(), 'brief-watch-ab-'))
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms))
const stamp = (/** @type {string} */ file) => {
  try {
    const stats = statSync(file)
    return `${stats.ino}:${stats.mtimeMs}`
  } catch {
    return 'missing'
  }
}

function start(/** @type {string} */ checkout, /** @type {string} */ tag) {
  const folder = join(work, tag)
  mkdirSync(join(folder, 'in'), {recursive: true})
  const article = join(folder, 'in', `${seedName}.txt`)
  writeFileSync(article, original)
  const child = spawn(process.execPath, [join(checkout, 'dist/cli/bin.js'), 'build', article, '--out', join(folder, 'out'), '--watch'], {cwd: checkout})
  const session = {tag, checkout, article, pdf: join(folder, 'out', `${seedName}.pdf`), child, stderr: '', edits: 0, /** @type {number[]} */ times: []}
  child.stderr.on('data', (chunk) => (session.stderr += chunk))
  return session
}

async function edit(/** @type {ReturnType<typeof start>} */ session) {
  await sleep(300)
  const before = stamp(session.pdf)
  const rebuilt = (session.stderr.match(/rebuilt/g) ?? []).length
  session.edits++
  writeFileSync(session.article, original + '\n'.repeat(session.edits % 2 ? 2 : 1))
  const started = performance.now()
  let pdfAt = 0
  while (!pdfAt || (session.stderr.match(/rebuilt/g) ?? []).length <= rebuilt) {
    if (!pdfAt && stamp(session.pdf) !== before) pdfAt = performance.now()
    if (session.child.exitCode !== null) throw new Error(`${session.tag} ended: ${session.stderr.slice(-500)}`)
    await sleep(2)
  }
  session.times.push(pdfAt - started)
}

const a = start(values.a, 'A')
const b = start(values.b, 'B')
try {
  while (!/watching/.test(a.stderr) || !/watching/.test(b.stderr)) await sleep(50)
  for (let round = 0; round < Number(values.rounds); round++) for (const session of round % 2 ? [b, a] : [a, b]) await edit(session)
} finally {
  a.child.kill('SIGINT')
  b.child.kill('SIGINT')
}
const median = (/** @type {number[]} */ list) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)] ?? NaN
for (const session of [a, b]) console.log(`${session.tag} ${session.checkout}: median ${median(session.times).toFixed(0)} ms, all ${session.times.map((time) => time.toFixed(0)).join(' ')}`)
const ratios = a.times.map((time, index) => (b.times[index] ?? NaN) / time)
console.log(`B/A per round: median ${median(ratios).toFixed(3)}, B faster in ${ratios.filter((ratio) => ratio < 1).length} of ${ratios.length}`)
await sleep(500)
rmSync(work, {recursive: true, force: true})
