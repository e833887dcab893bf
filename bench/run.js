#!/usr/bin/env node
/**
 * `npm run bench`: remark-brief against the physical floor (raw Puppeteer
 * printing our own HTML) and the peers (md-to-pdf, pandoc), whole processes,
 * interleaved rounds, medians, peak memory of each process tree; then a
 * profile of one build. See docs/bench.md.
 *
 * Options: `node bench/run.js --help` (the `usage` text below).
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync
} from 'node:fs'
import {cpus, totalmem} from 'node:os'
import {basename, join, relative, resolve} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'
import {comparePdfs} from './lib/fidelity.js'
import {generateBriefs} from './lib/generate.js'
import {killTree, processStat, processTree, run} from './lib/measure.js'
import {casesTable, curveLine, evaluateTargets, profileTable, targetsTable} from './lib/report.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const work = join(root, 'bench', 'work')
const peersDir = join(root, 'bench', 'peers')
const bin = join(root, 'dist', 'cli', 'bin.js')
const seedSource = join(root, 'input', 'vif-kazakhstan-protests-chinese-article.txt')
// The real corpus (read-only), beside the repository or named by BRIEF_CORPUS: the recognizer's cases skip without it.
const corpus = process.env.BRIEF_CORPUS ? resolve(process.env.BRIEF_CORPUS) : resolve(root, '..', 'shared', 'corpus')

const usage = `Usage: npm run bench -- [options]   (or: node bench/run.js [options])

Runs remark-brief against the raw-Puppeteer floor and the peers, whole processes,
interleaved rounds, and prints medians, CPU-seconds, peak memory and the targets of
issue 13 (docs/bench.md). Needs dist/ (npm run build) and Chromium.

Options:
  --rounds N        rounds of every case (default 3; 1 with --quick)
  --quick           10 briefs, 1 round: a smoke run while developing
  --count N         generated briefs in the batch (default 100)
  --only a,b        run only these cases (ids or groups: floor, ours, peer, import, memory, pool);
                    the 1000-brief memory cases (group memory) and the pool sizes (group pool)
                    run only when named
  --seed N          generator seed (default 20260401)
  --peer-jobs N     pandoc processes at once in the peers' batch (default 2: both cores)
  --memory-count N  briefs in the memory cases (default 1000)
  --no-profile      skip the profile of one build
  -h, --help        print this help and exit
`

/** The command line, or the usage and exit 2 on an option it does not know. */
function readArguments() {
  try {
    return parseArgs({options: benchOptions})
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\n\n${usage}`)
    process.exit(2)
  }
}

const benchOptions = {
    rounds: {type: 'string'},
    quick: {type: 'boolean', default: false},
    count: {type: 'string'},
    only: {type: 'string'},
    seed: {type: 'string', default: '20260401'},
    'peer-jobs': {type: 'string', default: '2'},
    'memory-count': {type: 'string', default: '1000'},
    'no-profile': {type: 'boolean', default: false},
    help: {type: 'boolean', short: 'h', default: false}
}
const {values} = readArguments()
if (values.help) {
  process.stdout.write(usage)
  process.exit(0)
}

const quick = values.quick
const rounds = Number(values.rounds ?? (quick ? 1 : 3))
const count = Number(values.count ?? (quick ? 10 : 100))
const only = values.only ? values.only.split(',').map((item) => item.trim()) : undefined
const chunkSize = 10
const peerJobs = Math.max(1, Number(values['peer-jobs']))
const memoryCount = Math.max(10, Number(values['memory-count']))

const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync'
]

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})

async function main() {
  await acquireLock()
  const started = performance.now()
  ensureBuilt()
  const browser = findBrowser()
  if (!browser) {
    throw new Error('No Chromium found: run `bash scripts/setup.sh` (or set PUPPETEER_EXECUTABLE_PATH)')
  }
  // Every Chromium tool in the bench uses the same browser.
  process.env.PUPPETEER_EXECUTABLE_PATH = browser
  const machine = machineFacts(browser)
  log(`machine: ${machine.cores} cores, ${machine.memory}, ${machine.node}, ${machine.chromium}`)

  const inputs = prepareInputs()
  log(`inputs: seed + ${inputs.batch.length} generated briefs (${kib(inputs.batchBytes)}) in ${relative(root, work)}/`)

  const memory = only?.some((name) => name === 'memory' || name.includes('memory-')) ? prepareMemoryInputs() : undefined
  if (memory) log(`memory inputs: ${memory.batch.length} generated briefs in ${relative(root, memory.folder)}/`)

  const defined = defineCases({browser, inputs, memory})
  const ids = new Set(defined.map((item) => item.id))
  const cases = defined.filter((item) => selected(item, ids))
  const needsPeers = cases.some((item) => item.id.startsWith('md-to-pdf'))
  if (needsPeers) ensurePeers(browser)

  /** @type {Record<string, import('./lib/report.js').CaseResult>} */
  const results = {}
  for (const item of cases) {
    const skipped = item.skip?.()
    results[item.id] = {id: item.id, title: item.title, group: item.group, runs: [], failures: 0, skipped, note: item.note}
    if (skipped) log(`skip ${item.id}: ${skipped}`)
  }

  const active = cases.filter((item) => !results[item.id].skipped)
  for (let round = 1; round <= rounds; round++) {
    log(`round ${round}/${rounds}`)
    for (const item of active) {
      const result = results[item.id]
      try {
        item.prepare?.()
        const measurement = item.measure ? await item.measure() : await runCommand(item)
        const problem = item.verify?.(measurement)
        if (problem) throw new Error(problem)
        result.runs.push(measurement)
        log(`  ${item.id.padEnd(22)} ${measurement.seconds.toFixed(3)} s  CPU ${measurement.cpuSeconds.toFixed(2)} s  ${Math.round(measurement.peakBytes / 1048576)} MiB`)
      } catch (error) {
        result.failures++
        log(`  ${item.id.padEnd(22)} FAILED: ${String(/** @type {Error} */ (error).message).slice(0, 600)}`)
      }
    }
  }

  const loads = traceLoads(cases)
  const fidelity = await compareWithFloor(results, inputs)
  const targets = evaluateTargets(results, loads)
  const profile = values['no-profile'] || (only && !only.includes('profile')) ? undefined : await runProfile(browser, inputs)

  console.log('\n## Cases (medians of ' + rounds + ' interleaved rounds, whole processes)\n')
  console.log(casesTable(Object.values(results)))
  console.log('\n## Targets\n')
  console.log(targetsTable(targets))
  if (fidelity) {
    console.log(
      `\nFloor vs ours, same briefs: ${fidelity.samePages}/${fidelity.compared} same page count, ` +
        `${fidelity.sameFonts}/${fidelity.compared} same embedded fonts` +
        (fidelity.differences.length > 0 ? `; e.g. ${fidelity.differences.slice(0, 3).join('; ')}` : '')
    )
  }
  for (const result of Object.values(results)) {
    const curves = result.runs.map((item) => /** @type {Array<[number, number, number]> | undefined} */ (item.extra?.curve)).filter(Boolean)
    if (curves.length === 0) continue
    console.log(`\n## Memory curve of ${result.id} (briefs written: MiB of the whole tree (of the Node process), each run)\n`)
    for (const curve of curves) console.log('* ' + curveLine(/** @type {Array<[number, number, number]>} */ (curve)))
  }
  if (profile) {
    console.log(`\n## Profile: one build of ${profile.file} (${profile.pages} pages, ${kib(profile.bytes)})\n`)
    console.log(profileTable(profile))
  }

  const date = new Date().toISOString()
  const output = join(root, 'bench', 'results', `${date.replace(/[:.]/g, '-')}.json`)
  mkdirSync(join(root, 'bench', 'results'), {recursive: true})
  writeFileSync(
    output,
    JSON.stringify(
      {
        date,
        machine,
        options: {rounds, count, quick, seed: Number(values.seed), peerJobs, only: only ?? null},
        cases: Object.values(results).map((result) => ({
          ...result,
          runs: result.runs.map(({seconds, peakBytes, cpuSeconds, extra}) => ({seconds, peakBytes, cpuSeconds, ...(extra ? {extra} : {})}))
        })),
        targets,
        loads,
        fidelity: fidelity ?? null,
        profile: profile ?? null,
        totalSeconds: (performance.now() - started) / 1000
      },
      null,
      2
    ) + '\n'
  )
  console.log(`\nsaved ${relative(root, output)} (${((performance.now() - started) / 1000).toFixed(0)} s in all)`)
}

/**
 * One benchmark at a time per checkout: runs share bench/work, and two at
 * once would also measure each other. A second run waits for the first.
 */
async function acquireLock() {
  const lock = join(work, '.lock')
  mkdirSync(work, {recursive: true})
  let told = false
  for (;;) {
    try {
      mkdirSync(lock)
      writeFileSync(join(lock, 'pid'), String(process.pid))
      process.on('exit', () => rmSync(lock, {recursive: true, force: true}))
      for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
        process.once(signal, () => {
          rmSync(lock, {recursive: true, force: true})
          process.exit(128 + (signal === 'SIGINT' ? 2 : 15))
        })
      }
      return
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error
    }
    let owner = 0
    try {
      owner = Number(readFileSync(join(lock, 'pid'), 'utf8').trim())
    } catch {
      // Just made by another run, pid not written yet (or left by a crash long ago).
    }
    const young = Date.now() - (statSync(lock, {throwIfNoEntry: false})?.mtimeMs ?? 0) < 10_000
    if (owner ? !alive(owner) : !young) {
      rmSync(lock, {recursive: true, force: true})
      continue
    }
    if (!told) log(`waiting for another benchmark run (pid ${owner}) to finish`)
    told = true
    await sleep(2000)
  }
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * @typedef Case
 * @property {string} id
 * @property {string} group
 * @property {string} title
 * @property {string} [note]
 * @property {() => string | undefined} [skip]
 *   Why the case cannot run here, if it cannot.
 * @property {() => void} [prepare]
 *   Untimed set-up before each run (e.g. clearing an output folder).
 * @property {() => [string, string[]]} [command]
 * @property {() => Promise<Measurement>} [measure]
 *   A case that is not one plain process (watch).
 * @property {(measurement: Measurement) => string | undefined} [verify]
 *   What is wrong with the run's result, if anything.
 * @property {boolean} [optional]
 *   Runs only when `--only` names it (its id, group or prefix): too long for the default run.
 */

/**
 * @typedef {import('./lib/measure.js').Measurement & {extra?: Record<string, unknown>}} Measurement
 */

/**
 * @param {{browser: string, inputs: Inputs, memory?: MemoryInputs}} context
 * @returns {Case[]}
 */
function defineCases({browser, inputs, memory}) {
  const out = (/** @type {string} */ name) => join(work, 'out', name)
  const node = process.execPath
  const brief = (/** @type {string[]} */ ...args) => /** @type {[string, string[]]} */ ([node, [bin, ...args]])
  const batchPdfs = inputs.batch.map((file) => basename(file).replace(/\.md$/, '.pdf'))
  const peerBatch = join(work, 'peers', 'batch')
  const peerSeed = join(work, 'peers', 'seed', basename(inputs.seedMarkdown))
  const mdToPdf = join(peersDir, 'node_modules', 'md-to-pdf', 'dist', 'cli.js')
  const mdToPdfConfig = join(work, 'md-to-pdf.config.json')
  const peerFiles = readdirSync(peerBatch).filter((file) => file.endsWith('.md')).map((file) => join(peerBatch, file))

  /** @type {Case[]} */
  const cases = [
    {
      id: 'floor-cold',
      group: 'floor',
      title: 'raw Puppeteer, seed (our HTML)',
      prepare: () => clean(out('floor-cold')),
      command: () => [node, [join(root, 'bench/cases/floor.js'), '--browser', browser, '--out', out('floor-cold'), inputs.seedHtml]],
      verify: () => expectFiles(out('floor-cold'), [basename(inputs.seedHtml).replace(/\.html$/, '.pdf')])
    },
    {
      id: 'floor-batch',
      group: 'floor',
      title: `raw Puppeteer, ${inputs.batch.length} briefs, 2 pages`,
      prepare: () => clean(out('floor-batch')),
      command: () => [
        node,
        [join(root, 'bench/cases/floor.js'), '--browser', browser, '--concurrency', '2', '--out', out('floor-batch'), ...inputs.batchHtml]
      ],
      verify: () => expectFiles(out('floor-batch'), batchPdfs)
    },
    {
      id: 'ours-cold',
      group: 'ours',
      title: '`brief build` cold, seed',
      prepare: () => clean(out('cold')),
      command: () => brief('build', inputs.seed, '--out', out('cold'), '-q'),
      verify: (m) => exitZero(m) ?? expectFiles(out('cold'), [inputs.seedName + '.pdf', inputs.seedName + '.html'])
    },
    {
      id: 'ours-batch',
      group: 'ours',
      title: `\`brief build\`, ${inputs.batch.length} briefs`,
      prepare: () => clean(out('batch')),
      command: () => brief('build', join(work, 'batch'), '--out', out('batch'), '-q'),
      verify: (m) => exitZero(m) ?? expectFiles(out('batch'), batchPdfs)
    },
    {
      // Issue 12: page-bottom notes (Paged.js in the page) must cost at most 2x the endnote batch.
      id: 'ours-batch-page-notes',
      group: 'ours',
      title: `\`brief build --notes page\`, ${inputs.batch.length} briefs`,
      note: 'compare with ours-batch: target at most 2x',
      prepare: () => clean(out('batch-page-notes')),
      command: () => brief('build', join(work, 'batch'), '--out', out('batch-page-notes'), '--notes', 'page', '-q'),
      verify: (m) => exitZero(m) ?? expectFiles(out('batch-page-notes'), batchPdfs)
    },
    {
      id: 'ours-cached',
      group: 'ours',
      title: 'cached re-run of the batch, nothing changed',
      prepare: () => {
        // Needs a finished batch in the output folder: make one if `ours-batch` did not run.
        if (!existsSync(join(out('batch'), batchPdfs[batchPdfs.length - 1]))) {
          const [command, args] = brief('build', join(work, 'batch'), '--out', out('batch'), '-q')
          spawnSync(command, args, {stdio: 'ignore'})
        }
      },
      command: () => brief('build', join(work, 'batch'), '--out', out('batch')),
      verify: (m) => exitZero(m) ?? (/\b0 built\b|unchanged/i.test(m.stdout + m.stderr) ? undefined : 'expected every brief unchanged')
    },
    {
      id: 'ours-watch',
      group: 'ours',
      title: '`brief build --watch`: rebuild of the seed after an edit',
      note: 'edit to PDF rewritten; median of 3 edits a run',
      measure: () => measureWatch(inputs, out('watch'))
    },
    {
      id: 'ours-check',
      group: 'ours',
      title: `\`brief check\`, ${inputs.batch.length} briefs (no browser)`,
      command: () => brief('check', join(work, 'batch'), '-q'),
      verify: (m) => (m.code <= 1 ? undefined : `exit code ${m.code}: ${tail(m.stderr)}`)
    },
    {
      id: 'unified-ours',
      group: 'ours',
      title: `our unified stage, ${inputs.batch.length} briefs to HTML, one process`,
      command: () => [node, [join(root, 'bench/cases/unified.js'), '--pipeline', 'ours', ...inputs.batch]],
      verify: exitZero
    },
    {
      id: 'unified-plain',
      group: 'floor',
      title: `plain unified (parse, gfm, rehype, stringify), ${inputs.batch.length} briefs`,
      command: () => [node, [join(root, 'bench/cases/unified.js'), '--pipeline', 'plain', ...inputs.batch]],
      verify: exitZero
    },
    {
      id: 'unified-corpus-ours',
      group: 'ours',
      title: 'our unified stage with the recognizer, the corpus .txt files to HTML, one process',
      skip: () => (corpusTexts().length > 0 ? undefined : `no corpus at ${corpus} (set BRIEF_CORPUS)`),
      command: () => [node, [join(root, 'bench/cases/unified.js'), '--pipeline', 'text', ...corpusTexts()]],
      verify: exitZero
    },
    {
      id: 'unified-corpus-plain',
      group: 'floor',
      title: 'plain unified (remark-parse, remark-rehype, rehype-stringify) on the same corpus text',
      skip: () => (corpusTexts().length > 0 ? undefined : `no corpus at ${corpus} (set BRIEF_CORPUS)`),
      command: () => [node, [join(root, 'bench/cases/unified.js'), '--pipeline', 'plain-text', ...corpusTexts()]],
      verify: exitZero
    },
    {
      id: 'md-to-pdf-cold',
      group: 'peer',
      title: 'md-to-pdf, seed',
      skip: () => (existsSync(mdToPdf) ? undefined : 'md-to-pdf not installed in bench/peers'),
      prepare: () => rmSync(peerSeed.replace(/\.md$/, '.pdf'), {force: true}),
      command: () => [node, [mdToPdf, '--config-file', mdToPdfConfig, peerSeed]],
      verify: (m) => exitZero(m) ?? expectFiles(join(peerSeed, '..'), [basename(peerSeed).replace(/\.md$/, '.pdf')])
    },
    {
      id: 'md-to-pdf-batch',
      group: 'peer',
      title: `md-to-pdf, ${peerFiles.length} briefs, ${chunkSize} files a process`,
      note: 'its own one-process batch times out on 100 files',
      skip: () => (existsSync(mdToPdf) ? undefined : 'md-to-pdf not installed in bench/peers'),
      prepare: () => removePdfs(peerBatch),
      command: () => {
        const chunks = []
        for (let index = 0; index < peerFiles.length; index += chunkSize) {
          chunks.push([node, mdToPdf, '--config-file', mdToPdfConfig, ...peerFiles.slice(index, index + chunkSize)].map(quote).join(' '))
        }
        return ['sh', ['-c', 'set -e; ' + chunks.join('; ')]]
      },
      verify: (m) => exitZero(m) ?? expectFiles(peerBatch, peerFiles.map((file) => basename(file).replace(/\.md$/, '.pdf')))
    }
  ]

  for (const [engine, label] of /** @type {const} */ ([
    ['wkhtmltopdf', 'pandoc + wkhtmltopdf'],
    ['weasyprint', 'pandoc + WeasyPrint']
  ])) {
    const skip = () =>
      !commandExists('pandoc') ? 'pandoc not installed' : !commandExists(engine) ? `${engine} not installed` : undefined
    const engineOptions = engine === 'wkhtmltopdf' ? ['--pdf-engine-opt=--quiet'] : []
    cases.push(
      {
        id: `pandoc-${engine}-cold`,
        group: 'peer',
        title: `${label}, seed`,
        skip,
        prepare: () => rmSync(peerSeed.replace(/\.md$/, `.${engine}.pdf`), {force: true}),
        command: () => ['pandoc', [peerSeed, '-o', peerSeed.replace(/\.md$/, `.${engine}.pdf`), `--pdf-engine=${engine}`, ...engineOptions]],
        verify: (m) => exitZero(m) ?? expectFiles(join(peerSeed, '..'), [basename(peerSeed).replace(/\.md$/, `.${engine}.pdf`)])
      },
      {
        id: `pandoc-${engine}-batch`,
        group: 'peer',
        title: `${label}, ${peerFiles.length} briefs, ${peerJobs} at a time`,
        note: `one process a file, xargs -P ${peerJobs}`,
        skip,
        prepare: () => removePdfs(peerBatch),
        command: () => [
          'sh',
          [
            '-c',
            `ls ${quote(peerBatch)}/*.md | xargs -P ${peerJobs} -I{} sh -c ${quote(`pandoc "$1" -o "\${1%.md}.${engine}.pdf" --pdf-engine=${engine} ${engineOptions.join(' ')}`)} _ {}`
          ]
        ],
        verify: (m) =>
          exitZero(m) ?? expectFiles(peerBatch, peerFiles.map((file) => basename(file).replace(/\.md$/, `.${engine}.pdf`)))
      }
    )
  }

  // The pool size, by measurement (`--only pool`): the batch with 1, 2 and 3 pages printing at once.
  for (const pages of [1, 2, 3]) {
    cases.push({
      id: `ours-batch-pages-${pages}`,
      group: 'pool',
      optional: true,
      title: `\`brief build --concurrency ${pages}\`, ${inputs.batch.length} briefs`,
      prepare: () => clean(out(`batch-pages-${pages}`)),
      command: () => brief('build', join(work, 'batch'), '--out', out(`batch-pages-${pages}`), '--concurrency', String(pages), '-q'),
      verify: (m) => exitZero(m) ?? expectFiles(out(`batch-pages-${pages}`), batchPdfs)
    })
  }

  if (memory) {
    const pdfs = memory.batch.map((file) => basename(file).replace(/\.md$/, '.pdf'))
    cases.push(
      {
        id: 'ours-memory-1000',
        group: 'memory',
        optional: true,
        title: `\`brief build\`, ${memory.batch.length} briefs, memory over the run`,
        note: 'curve below the tables',
        measure: () => measureMemory([node, [bin, 'build', memory.folder, '--out', out('memory'), '-q']], out('memory')),
        verify: (m) => exitZero(m) ?? expectFiles(out('memory'), pdfs)
      },
      {
        id: 'floor-memory-1000',
        group: 'memory',
        optional: true,
        title: `raw Puppeteer, the same ${memory.batch.length} briefs, 2 pages`,
        note: 'curve below the tables',
        prepare: () => memory.prepareHtml(),
        measure: () =>
          measureMemory(
            [node, [join(root, 'bench/cases/floor.js'), '--browser', browser, '--concurrency', '2', '--out', out('floor-memory'), ...memory.html]],
            out('floor-memory')
          ),
        verify: (m) => exitZero(m) ?? expectFiles(out('floor-memory'), pdfs)
      }
    )
  }

  cases.push(
    {
      id: 'cli-help',
      group: 'import',
      title: '`brief --help`',
      command: () => brief('--help'),
      verify: (m) => exitZero(m) ?? (/build/.test(m.stdout) ? undefined : 'expected the usage on stdout')
    },
    {
      id: 'import-entry',
      group: 'import',
      title: "`import('remark-brief')` in a fresh process",
      command: () => [node, [join(root, 'bench/cases/import-entry.js')]],
      verify: exitZero
    },
    {
      id: 'node-startup',
      group: 'import',
      title: '`node -e 0` (reference: Node start-up alone)',
      command: () => [node, ['-e', '0']],
      verify: exitZero
    }
  )

  return cases
}

/** The corpus' scraped-text articles, sorted; none when the corpus is absent. */
function corpusTexts() {
  if (!existsSync(corpus)) return []
  return readdirSync(corpus)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(corpus, name))
}

/**
 * @param {Case} item
 * @returns {Promise<Measurement>}
 */
async function runCommand(item) {
  if (!item.command) throw new Error(`case ${item.id} has no command`)
  const [command, args] = item.command()
  const measurement = await run(command, args, {cwd: root})
  if (item.id.startsWith('unified-') || item.id === 'import-entry') {
    const line = measurement.stdout.trim().split('\n').pop() ?? ''
    try {
      return {...measurement, extra: JSON.parse(line)}
    } catch {
      return measurement
    }
  }
  return measurement
}

/**
 * The watch case: start `brief build --watch` on a copy of the seed, wait
 * for its first build, then edit the file three times, timing each edit until
 * the PDF is rewritten (and, for the record, until the "rebuilt" line shows).
 * Its wall time is the median rebuild; its memory the whole process tree's
 * peak over the session.
 *
 * @param {Inputs} inputs
 * @param {string} outDir
 * @returns {Promise<Measurement>}
 */
async function measureWatch(inputs, outDir) {
  const folder = join(work, 'watch')
  clean(folder)
  clean(outDir)
  const article = join(folder, basename(inputs.seed))
  const original = readFileSync(inputs.seed, 'utf8')
  writeFileSync(article, original)
  const pdf = join(outDir, inputs.seedName + '.pdf')
  /** @type {number[]} */
  const rebuilds = []
  /** @type {number[]} */
  const lines = []
  /** @type {string[]} */
  const reported = []
  let failure = ''

  const measurement = await run(process.execPath, [bin, 'build', article, '--out', outDir, '--watch'], {
    cwd: root,
    timeout: 120_000,
    onSpawn(child) {
      let stderr = ''
      /** @type {Array<() => void>} */
      let waiting = []
      child.stderr?.on('data', (chunk) => {
        stderr += chunk
        for (const resolve of waiting) resolve()
        waiting = []
      })
      const nextOutput = () => new Promise((resolve) => waiting.push(() => resolve(undefined)))
      const until = async (/** @type {() => boolean} */ test, /** @type {number} */ limit) => {
        const deadline = performance.now() + limit
        while (!test()) {
          if (performance.now() > deadline || child.exitCode !== null) return false
          await Promise.race([nextOutput(), sleep(5)])
        }
        return true
      }

      ;(async () => {
        if (!(await until(() => /watching/.test(stderr), 90_000))) {
          failure = `no "watching" line: ${tail(stderr)}`
          return
        }
        for (let edit = 1; edit <= 3; edit++) {
          await sleep(300)
          const before = stamp(pdf)
          const linesBefore = (stderr.match(/rebuilt/g) ?? []).length
          // A real edit (not only a touch): the trailing text alternates.
          writeFileSync(article, original + '\n'.repeat(edit % 2 ? 2 : 1))
          const started = performance.now()
          let pdfAt = 0
          let lineAt = 0
          const done = await until(() => {
            if (!pdfAt && stamp(pdf) !== before) pdfAt = performance.now()
            if (!lineAt && (stderr.match(/rebuilt/g) ?? []).length > linesBefore) lineAt = performance.now()
            return Boolean(pdfAt && lineAt)
          }, 30_000)
          if (!done) {
            failure = `edit ${edit}: no rebuild seen within 30 s: ${tail(stderr)}`
            return
          }
          rebuilds.push((pdfAt - started) / 1000)
          lines.push((lineAt - started) / 1000)
          const own = /rebuilt .* in ([\d.]+ ?m?s)/.exec(stderr.slice(stderr.lastIndexOf('rebuilt')))
          if (own) reported.push(own[1])
        }
      })().finally(() => {
        child.kill('SIGINT')
        // A watch that ignores SIGINT is ended with its tree.
        setTimeout(() => killTree(child.pid, 'SIGKILL'), 10_000).unref()
      })
    }
  })

  if (failure) throw new Error(failure)
  const sorted = [...rebuilds].sort((a, b) => a - b)
  return {
    ...measurement,
    seconds: sorted[1] ?? sorted[0],
    extra: {rebuilds, lines, reported}
  }
}

/**
 * A long batch with its memory curve: every second, the summed RSS of the
 * process tree (and of the Node process alone) against the number of PDFs
 * written so far, kept as `extra.curve` rows [briefs, tree bytes, root bytes].
 *
 * @param {[string, string[]]} commandLine
 * @param {string} outDir
 * @returns {Promise<Measurement>}
 */
async function measureMemory([command, args], outDir) {
  clean(outDir)
  /** @type {Array<[number, number, number]>} */
  const curve = []
  const measurement = await run(command, args, {
    cwd: root,
    timeout: 4 * 3_600_000,
    onSpawn(child) {
      const sample = () => {
        if (child.pid === undefined || child.exitCode !== null) return
        let bytes = 0
        let rootBytes = 0
        for (const pid of processTree(child.pid)) {
          const stat = processStat(pid)
          if (!stat) continue
          bytes += stat.bytes
          if (pid === child.pid) rootBytes = stat.bytes
        }
        const briefs = readdirSync(outDir).filter((file) => file.endsWith('.pdf')).length
        curve.push([briefs, bytes, rootBytes])
      }
      const timer = setInterval(sample, 1000)
      child.on('close', () => clearInterval(timer))
    }
  })
  return {...measurement, extra: {curve}}
}

/**
 * Identity of a file's current version: an atomic write replaces the inode.
 *
 * @param {string} file
 */
function stamp(file) {
  try {
    const stats = statSync(file)
    return `${stats.ino}:${stats.mtimeMs}`
  } catch {
    return 'missing'
  }
}

/**
 * @typedef Inputs
 * @property {string} seed
 *   The seed article (scraped text).
 * @property {string} seedName
 *   Its output name (what our build calls `<name>.pdf`).
 * @property {string} seedHtml
 *   Our HTML of the seed (input of the floor).
 * @property {string} seedMarkdown
 *   The seed as Markdown (input of the peers).
 * @property {string[]} batch
 *   Generated Markdown briefs.
 * @property {string[]} batchHtml
 *   Our HTML of each (input of the floor).
 * @property {number} batchBytes
 */

/**
 * Write the inputs into bench/work (only files whose bytes changed, so the
 * cache case is not disturbed), and our HTML of each with `--format html`
 * for the floor, and the seed as Markdown for the peers.
 *
 * @returns {Inputs}
 */
function prepareInputs() {
  const seedDir = join(work, 'seed')
  const batchDir = join(work, 'batch')
  mkdirSync(seedDir, {recursive: true})
  mkdirSync(batchDir, {recursive: true})
  const seed = join(seedDir, basename(seedSource))
  writeIfChanged(seed, readFileSync(seedSource))

  const briefs = generateBriefs({count, seed: Number(values.seed)})
  const wanted = new Set(briefs.map((item) => item.name))
  for (const file of readdirSync(batchDir)) if (!wanted.has(file)) rmSync(join(batchDir, file), {recursive: true, force: true})
  for (const item of briefs) writeIfChanged(join(batchDir, item.name), item.markdown)
  const batch = briefs.map((item) => join(batchDir, item.name))

  // Our own HTML, for the floor to print: exactly what `brief build` writes.
  const htmlSeed = join(work, 'html', 'seed')
  const htmlBatch = join(work, 'html', 'batch')
  clean(htmlSeed)
  clean(htmlBatch)
  prepareStep('our HTML of the seed', [bin, 'build', seed, '--out', htmlSeed, '--format', 'html,md', '-q'], true)
  prepareStep('our HTML of the batch', [bin, 'build', batchDir, '--out', htmlBatch, '--format', 'html', '-q'])
  const seedName = readdirSync(htmlSeed).find((file) => file.endsWith('.html') && file !== 'index.html')?.replace(/\.html$/, '')
  if (!seedName) throw new Error('our build wrote no HTML for the seed')
  const batchHtml = briefs.map((item) => join(htmlBatch, item.name.replace(/\.md$/, '.html')))
  for (const file of batchHtml) if (!existsSync(file)) throw new Error(`our build wrote no ${relative(root, file)}`)

  // The peers read Markdown: the seed as our `--format md` writes it (front matter, GFM notes).
  const peerSeedDir = join(work, 'peers', 'seed')
  const peerBatchDir = join(work, 'peers', 'batch')
  clean(peerSeedDir)
  clean(peerBatchDir)
  const seedMarkdown = join(peerSeedDir, seedName + '.md')
  const written = join(htmlSeed, seedName + '.md')
  if (existsSync(written)) copyFileSync(written, seedMarkdown)
  else writeFileSync(seedMarkdown, readFileSync(seed))
  for (const file of batch) copyFileSync(file, join(peerBatchDir, basename(file)))

  return {
    seed,
    seedName,
    seedHtml: join(htmlSeed, seedName + '.html'),
    seedMarkdown,
    batch,
    batchHtml,
    batchBytes: briefs.reduce((sum, item) => sum + Buffer.byteLength(item.markdown), 0)
  }
}

/**
 * @typedef MemoryInputs
 * @property {string} folder
 * @property {string[]} batch
 *   `--memory-count` generated Markdown briefs (another seed's run of the generator).
 * @property {string[]} html
 *   Our HTML of each (input of the floor).
 * @property {() => void} prepareHtml
 *   Write that HTML when it is missing.
 */

/**
 * The long batch of the memory cases, written only when they run.
 *
 * @returns {MemoryInputs}
 */
function prepareMemoryInputs() {
  const folder = join(work, 'batch-memory')
  mkdirSync(folder, {recursive: true})
  const briefs = generateBriefs({count: memoryCount, seed: Number(values.seed)})
  const wanted = new Set(briefs.map((item) => item.name))
  for (const file of readdirSync(folder)) if (!wanted.has(file)) rmSync(join(folder, file), {recursive: true, force: true})
  for (const item of briefs) writeIfChanged(join(folder, item.name), item.markdown)
  const htmlDir = join(work, 'html', 'batch-memory')
  const html = briefs.map((item) => join(htmlDir, item.name.replace(/\.md$/, '.html')))
  // Our HTML of each, for the floor only: made when that case runs.
  const prepareHtml = () => {
    if (!html.some((file) => !existsSync(file))) return
    clean(htmlDir)
    prepareStep('our HTML of the memory batch', [bin, 'build', folder, '--out', htmlDir, '--format', 'html', '-q'])
  }
  return {folder, batch: briefs.map((item) => join(folder, item.name)), html, prepareHtml}
}

/**
 * @param {string} what
 * @param {string[]} args
 * @param {boolean} [lenient]
 *   Accept a non-zero exit when the wanted files were written (e.g. `md` needing the fixer).
 */
function prepareStep(what, args, lenient = false) {
  const result = spawnSync(process.execPath, args, {cwd: root, encoding: 'utf8'})
  if (result.status !== 0 && !lenient) throw new Error(`${what} failed (exit ${result.status}): ${tail(result.stderr)}`)
}

/** Compile with `npm run build` when dist is missing or older than src. */
function ensureBuilt() {
  const newestSource = newest(join(root, 'src'))
  const built = existsSync(bin) ? statSync(bin).mtimeMs : 0
  if (built >= newestSource && existsSync(join(root, 'dist', 'pdf', 'index.js'))) return
  log('dist is missing or stale: npm run build')
  const result = spawnSync('npm', ['run', 'build', '--silent'], {cwd: root, stdio: 'inherit'})
  if (!existsSync(bin)) throw new Error(`npm run build wrote no ${relative(root, bin)} (exit ${result.status})`)
}

/** @param {string} folder */
function newest(folder) {
  let result = 0
  for (const entry of readdirSync(folder, {withFileTypes: true, recursive: true})) {
    if (!entry.isFile()) continue
    const time = statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs
    if (time > result) result = time
  }
  return result
}

/**
 * Install md-to-pdf into bench/peers (its own package.json, never a browser
 * download) when missing, and point its Puppeteer at the system Chromium.
 *
 * @param {string} browser
 */
function ensurePeers(browser) {
  if (!existsSync(join(peersDir, 'node_modules', 'md-to-pdf'))) {
    log('installing md-to-pdf into bench/peers')
    spawnSync('npm', [existsSync(join(peersDir, 'package-lock.json')) ? 'ci' : 'install', '--no-audit', '--no-fund'], {
      cwd: peersDir,
      stdio: 'inherit',
      env: {...process.env, PUPPETEER_SKIP_DOWNLOAD: '1'}
    })
  }
  writeFileSync(
    join(work, 'md-to-pdf.config.json'),
    JSON.stringify(
      {
        launch_options: {executablePath: browser, args: chromiumFlags},
        pdf_options: {format: 'A4', printBackground: true}
      },
      null,
      2
    ) + '\n'
  )
}

/**
 * Run `brief --help` and `import('remark-brief')` once each with a preload
 * that records every module loaded; report whether any was Puppeteer.
 *
 * @param {readonly Case[]} cases
 */
function traceLoads(cases) {
  /** @type {{puppeteerInHelp?: boolean, puppeteerInImport?: boolean, helpModules?: number, importModules?: number}} */
  const loads = {}
  const hook = join(root, 'bench', 'cases', 'trace-hook.js')
  for (const [id, key, args] of /** @type {const} */ ([
    ['cli-help', 'Help', [bin, '--help']],
    ['import-entry', 'Import', [join(root, 'bench/cases/import-entry.js')]]
  ])) {
    if (!cases.some((item) => item.id === id)) continue
    const trace = join(work, `trace-${id}.txt`)
    rmSync(trace, {force: true})
    spawnSync(process.execPath, ['--import', hook, ...args], {cwd: root, env: {...process.env, BENCH_TRACE: trace}, stdio: 'ignore'})
    const modules = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : []
    if (modules.length === 0) continue
    loads[`puppeteerIn${key}`] = modules.some((url) => /[\\/]node_modules[\\/](puppeteer|puppeteer-core|chromium-bidi)[\\/]/.test(url))
    loads[key === 'Help' ? 'helpModules' : 'importModules'] = new Set(modules).size
  }
  return loads
}

/**
 * Compare the PDFs the floor and our build left from their last runs: the
 * same briefs should give the same pages and fonts, or the floor did other
 * (less) work.
 *
 * @param {Record<string, import('./lib/report.js').CaseResult>} results
 * @param {Inputs} inputs
 */
async function compareWithFloor(results, inputs) {
  const ran = (/** @type {string} */ id) => (results[id]?.runs.length ?? 0) > 0
  /** @type {Array<{name: string, floor: string, ours: string}>} */
  const pairs = []
  if (ran('floor-cold') && ran('ours-cold')) {
    pairs.push({
      name: inputs.seedName,
      floor: join(work, 'out', 'floor-cold', inputs.seedName + '.pdf'),
      ours: join(work, 'out', 'cold', inputs.seedName + '.pdf')
    })
  }
  if (ran('floor-batch') && ran('ours-batch')) {
    for (const file of inputs.batch) {
      const name = basename(file).replace(/\.md$/, '')
      pairs.push({name, floor: join(work, 'out', 'floor-batch', name + '.pdf'), ours: join(work, 'out', 'batch', name + '.pdf')})
    }
  }
  return pairs.length > 0 ? comparePdfs(pairs) : undefined
}

/**
 * @param {string} browser
 * @param {Inputs} inputs
 */
async function runProfile(browser, inputs) {
  log('profile: one build of the seed, cold then warm')
  const measurement = await run(
    process.execPath,
    [join(root, 'bench/cases/profile.js'), '--browser', browser, '--resources', join(work, 'html', 'seed'), '--warm', '3', inputs.seed],
    {cwd: root}
  )
  if (measurement.code !== 0) {
    log(`profile failed: ${tail(measurement.stderr)}`)
    return undefined
  }
  return JSON.parse(measurement.stdout.trim().split('\n').pop() ?? '{}')
}

/** @param {string} browser */
function machineFacts(browser) {
  let chromium = 'unknown'
  try {
    chromium = execFileSync(browser, ['--version'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim().split('\n').pop() ?? chromium
  } catch {}
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memory: `${Math.round(totalmem() / 1073741824)} GiB`,
    node: process.version,
    chromium,
    pandoc: commandExists('pandoc') ? firstLine('pandoc', ['--version']) : null,
    wkhtmltopdf: commandExists('wkhtmltopdf') ? firstLine('wkhtmltopdf', ['--version']) : null,
    weasyprint: commandExists('weasyprint') ? firstLine('weasyprint', ['--version']) : null
  }
}

/**
 * @param {string} command
 * @param {string[]} args
 */
function firstLine(command, args) {
  try {
    return execFileSync(command, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim().split('\n')[0]
  } catch {
    return null
  }
}

/** The system browser, as our renderer finds it: the environment, then well-known paths. */
function findBrowser() {
  const candidates = [
    process.env.PUPPETEER_EXECUTABLE_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome'
  ]
  return candidates.find((candidate) => candidate && existsSync(candidate))
}

/** @param {string} name */
function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${quote(name)}`], {stdio: 'ignore'}).status === 0
}

/**
 * @param {Case} item
 * @param {ReadonlySet<string>} ids
 *   Every case's id: a name that is a case's id (`ours-batch`) selects that case, never others as a prefix (`ours-batch-page-notes`).
 */
function selected(item, ids) {
  if (!only) return !item.optional
  if (only.includes(item.id) || only.includes(item.group)) return true
  // A group's name (`ours`) as a prefix does not bring in the long optional cases; a longer prefix (`ours-batch-pages`) does.
  return only.some((name) => !ids.has(name) && item.id.startsWith(name + '-') && (!item.optional || name.includes('-')))
}

/**
 * @param {string} folder
 * @param {readonly string[]} names
 */
function expectFiles(folder, names) {
  const absent = names.filter((name) => !existsSync(join(folder, name)))
  return absent.length > 0 ? `missing ${absent.length} output(s), e.g. ${absent[0]}` : undefined
}

/** @param {Measurement} measurement */
function exitZero(measurement) {
  return measurement.code === 0 ? undefined : `exit code ${measurement.code}: ${tail(measurement.stderr || measurement.stdout)}`
}

/** @param {string} folder */
function removePdfs(folder) {
  for (const file of readdirSync(folder)) if (file.endsWith('.pdf')) rmSync(join(folder, file))
}

/** @param {string} folder */
function clean(folder) {
  rmSync(folder, {recursive: true, force: true})
  mkdirSync(folder, {recursive: true})
}

/**
 * @param {string} file
 * @param {string | Uint8Array} data
 */
function writeIfChanged(file, data) {
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data)
  if (existsSync(file) && readFileSync(file).equals(bytes)) return
  writeFileSync(file, bytes)
}

/** @param {string} value */
function quote(value) {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** @param {string} text */
function tail(text) {
  return text.trim().split('\n').slice(-5).join(' / ').slice(-600)
}

/** @param {number} bytes */
function kib(bytes) {
  return `${Math.round(bytes / 1024)} KiB`
}

/** @param {number} milliseconds */
function sleep(milliseconds) {
  return new Promise((resolve) => setTimeout(resolve, milliseconds))
}

/** @param {string} message */
function log(message) {
  process.stderr.write(`bench: ${message}\n`)
}
