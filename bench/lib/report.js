/**
 * Turning measurements into the benchmark's verdicts and tables. Pure
 * functions: the same results always print the same tables.
 */
import {median} from './measure.js'

/**
 * @typedef CaseResult
 * @property {string} id
 * @property {string} title
 * @property {string} group
 *   `floor`, `ours`, `peer` or `import`.
 * @property {Array<{seconds: number, peakBytes: number, cpuSeconds?: number, extra?: Record<string, unknown>}>} runs
 *   Successful runs only.
 * @property {number} failures
 * @property {string} [skipped]
 *   Why the case did not run (e.g. a peer that is not installed).
 * @property {string} [note]
 * @property {Record<string, unknown>} [extra]
 */

/**
 * @typedef Summary
 * @property {number} seconds
 *   Median wall time.
 * @property {number} min
 * @property {number} max
 * @property {number} peakBytes
 *   Median of the runs' peak memory.
 * @property {number | undefined} cpuSeconds
 *   Median of the runs' CPU time (user + system, whole process tree), when measured.
 */

/**
 * @typedef Target
 * @property {string} id
 * @property {string} title
 * @property {string} measured
 *   What was measured, in words and figures.
 * @property {string} limit
 * @property {boolean | undefined} met
 *   `undefined` when a case it needs did not run.
 */

/**
 * @param {CaseResult | undefined} result
 * @returns {Summary | undefined}
 */
export function summarize(result) {
  if (!result || result.runs.length === 0) return undefined
  const seconds = result.runs.map((run) => run.seconds)
  const cpu = result.runs.map((run) => run.cpuSeconds).filter((value) => typeof value === 'number')
  return {
    seconds: median(seconds),
    min: Math.min(...seconds),
    max: Math.max(...seconds),
    peakBytes: median(result.runs.map((run) => run.peakBytes)),
    cpuSeconds: cpu.length > 0 ? median(/** @type {number[]} */ (cpu)) : undefined
  }
}

/**
 * Check every target of issue 13 (and the regression guards kept from issue
 * 8: the cached re-run, `brief --help`) against the medians. A target whose
 * cases are missing is reported with `met: undefined`, never silently passed.
 *
 * @param {Record<string, CaseResult>} results
 * @param {{puppeteerInHelp?: boolean, puppeteerInImport?: boolean}} [loads]
 *   Whether the trace saw Puppeteer loaded (undefined: not checked).
 * @returns {Target[]}
 */
export function evaluateTargets(results, loads = {}) {
  const get = (/** @type {string} */ id) => summarize(results[id])
  const floorBatch = get('floor-batch')
  const floorCold = get('floor-cold')
  const oursBatch = get('ours-batch')
  const oursCold = get('ours-cold')
  const cached = get('ours-cached')
  const watch = get('ours-watch')
  const unifiedOurs = get('unified-ours')
  const unifiedPlain = get('unified-plain')
  const peerBatches = Object.values(results).filter((result) => result.group === 'peer' && result.id.endsWith('-batch'))
  const fastestPeerBatch = fastest(peerBatches)

  /** @type {Target[]} */
  const targets = []

  targets.push(ratioTarget('batch-vs-floor', '100-brief batch vs floor batch', oursBatch, floorBatch, 2, 'at most'))
  targets.push(ratioTarget('batch-vs-floor-stretch', '100-brief batch vs floor batch (stretch)', oursBatch, floorBatch, 1.5, 'at most'))

  targets.push(
    fastestPeerBatch && oursBatch
      ? {
          id: 'batch-vs-peers',
          title: 'Our batch vs every peer batch',
          measured: `${seconds(oursBatch.seconds)} vs ${fastestPeerBatch.result.id} ${seconds(fastestPeerBatch.summary.seconds)} (fastest of ${peerBatches.filter((result) => summarize(result)).length})`,
          limit: 'faster',
          met: oursBatch.seconds < fastestPeerBatch.summary.seconds
        }
      : missing('batch-vs-peers', 'Our batch vs every peer batch', 'faster')
  )

  targets.push(ratioTarget('cold-vs-floor', 'Cold single brief vs floor cold', oursCold, floorCold, 1.4, 'at most'))

  targets.push(
    watch
      ? {
          id: 'watch-absolute',
          title: 'Watch-mode rebuild of the seed (save to new PDF)',
          measured: seconds(watch.seconds),
          limit: 'at most 0.25 s',
          met: watch.seconds <= 0.25
        }
      : missing('watch-absolute', 'Watch-mode rebuild of the seed (save to new PDF)', 'at most 0.25 s')
  )

  targets.push(
    oursBatch && floorBatch && floorBatch.peakBytes > 0
      ? {
          id: 'memory-vs-floor',
          title: 'Batch peak memory vs floor batch',
          measured: `${mebibytes(oursBatch.peakBytes)} / ${mebibytes(floorBatch.peakBytes)} = ${times(oursBatch.peakBytes / floorBatch.peakBytes)}`,
          limit: 'at most 1.3×',
          met: oursBatch.peakBytes / floorBatch.peakBytes <= 1.3
        }
      : missing('memory-vs-floor', 'Batch peak memory vs floor batch', 'at most 1.3×')
  )

  const flat = memoryGrowth(results['ours-memory-1000'])
  targets.push(
    flat
      ? {
          id: 'memory-flat',
          title: `Memory over a ${flat.briefs}-brief batch`,
          measured: `median RSS of the last tenth ${mebibytes(flat.last)} / of the second tenth ${mebibytes(flat.early)} = ${times(flat.growth)}`,
          limit: `at most ${flatLimit}× (flat)`,
          met: flat.growth <= flatLimit
        }
      : missing('memory-flat', 'Memory over a 1000-brief batch (`--only ours-memory-1000`)', `at most ${flatLimit}× (flat)`)
  )

  targets.push(ratioTarget('unified-vs-plain', 'Unified stage vs plain unified', unifiedOurs, unifiedPlain, 1.5, 'at most'))
  targets.push(inProcessTarget('corpus-unified-vs-plain', 'Unified stage with the recognizer vs plain unified, corpus .txt (in-process)', results['unified-corpus-ours'], results['unified-corpus-plain'], 1.5))
  targets.push(ratioTarget('cached-vs-batch', 'Cached re-run vs full batch (issue 8)', cached, oursBatch, 0.1, 'at most'))

  for (const [id, key, title] of /** @type {const} */ ([
    ['help-no-puppeteer', 'puppeteerInHelp', '`brief --help` loads no Puppeteer'],
    ['import-no-puppeteer', 'puppeteerInImport', "`import('remark-brief')` loads no Puppeteer"]
  ])) {
    const timing = get(id === 'help-no-puppeteer' ? 'cli-help' : 'import-entry')
    const loaded = loads[key]
    targets.push({
      id,
      title,
      measured:
        (loaded === undefined ? 'not traced' : loaded ? 'Puppeteer loaded' : 'no Puppeteer module loaded') +
        (timing ? `; ${seconds(timing.seconds)} whole process` : ''),
      limit: 'no Puppeteer',
      met: loaded === undefined ? undefined : !loaded
    })
  }

  return targets
}

/** Largest growth of the memory curve that still counts as flat. */
const flatLimit = 1.15

/**
 * Growth of memory over a long batch, from its curve (`extra.curve`: rows of
 * [briefs written, tree RSS, root RSS]): the median RSS over the last tenth
 * of the briefs against the median over the second tenth (the first holds the
 * browser's start). The median run's figure, by growth.
 *
 * @param {CaseResult | undefined} result
 * @returns {{briefs: number, early: number, last: number, growth: number} | undefined}
 */
export function memoryGrowth(result) {
  const figures = []
  for (const run of result?.runs ?? []) {
    const curve = /** @type {Array<[number, number, number]> | undefined} */ (run.extra?.curve)
    if (!curve || curve.length < 10) continue
    const briefs = Math.max(...curve.map((row) => row[0]))
    if (briefs < 10) continue
    const within = (/** @type {number} */ from, /** @type {number} */ to) =>
      median(curve.filter((row) => row[0] > briefs * from && row[0] <= briefs * to).map((row) => row[1]))
    const early = within(0.1, 0.2)
    const last = within(0.9, 1)
    if (!(early > 0 && last > 0)) continue
    figures.push({briefs, early, last, growth: last / early})
  }
  if (figures.length === 0) return undefined
  figures.sort((a, b) => a.growth - b.growth)
  return figures[(figures.length - 1) >> 1]
}

/**
 * A compact memory curve: the median tree RSS (and the Node process's own)
 * over each tenth of the briefs, as `briefs: total MiB (node MiB)`; samples
 * after the last brief (the browser closing) are left out.
 *
 * @param {Array<[number, number, number]>} curve
 */
export function curveLine(curve) {
  const briefs = Math.max(0, ...curve.map((row) => row[0]))
  if (briefs === 0) return ''
  const working = curve.slice(0, curve.findIndex((row) => row[0] === briefs) + 1)
  const points = []
  for (let tenth = 1; tenth <= 10; tenth++) {
    const from = Math.round((briefs * (tenth - 1)) / 10)
    const upTo = Math.round((briefs * tenth) / 10)
    const rows = working.filter((row) => row[0] > from && row[0] <= upTo)
    if (rows.length === 0) continue
    const mib = (/** @type {number} */ index) => Math.round(median(rows.map((row) => row[index])) / 1048576)
    points.push(`${upTo}: ${mib(1)} (${mib(2)})`)
  }
  return points.join(', ')
}

/**
 * @param {string} id
 * @param {string} title
 * @param {Summary | undefined} value
 * @param {Summary | undefined} base
 * @param {number} limit
 * @param {'at most'} kind
 * @returns {Target}
 */
function ratioTarget(id, title, value, base, limit, kind) {
  if (!value || !base) return missing(id, title, `${kind} ${limit}×`)
  const ratio = value.seconds / base.seconds
  return {
    id,
    title,
    measured: `${seconds(value.seconds)} / ${seconds(base.seconds)} = ${times(ratio)}`,
    limit: `${kind} ${limit}×`,
    met: ratio <= limit
  }
}

/**
 * A ratio of the in-process times a unified case reports (`extra.seconds`:
 * the files processed, imports left out), medians over the rounds.
 *
 * @param {string} id
 * @param {string} title
 * @param {CaseResult | undefined} value
 * @param {CaseResult | undefined} base
 * @param {number} limit
 * @returns {Target}
 */
function inProcessTarget(id, title, value, base, limit) {
  const inside = (/** @type {CaseResult | undefined} */ result) => {
    const times = (result?.runs ?? []).map((run) => Number(/** @type {{seconds?: number}} */ (run.extra ?? {}).seconds)).filter((time) => time > 0)
    return times.length > 0 ? median(times) : undefined
  }
  const ours = inside(value)
  const plain = inside(base)
  if (ours === undefined || plain === undefined) return missing(id, title, `at most ${limit}×`)
  return {id, title, measured: `${seconds(ours)} / ${seconds(plain)} = ${times(ours / plain)}`, limit: `at most ${limit}×`, met: ours / plain <= limit}
}

/**
 * @param {string} id
 * @param {string} title
 * @param {string} limit
 * @returns {Target}
 */
function missing(id, title, limit) {
  return {id, title, measured: 'not measured (a case it needs did not run)', limit, met: undefined}
}

/**
 * @param {CaseResult[]} results
 */
function fastest(results) {
  /** @type {{result: CaseResult, summary: Summary} | undefined} */
  let best
  for (const result of results) {
    const summary = summarize(result)
    if (summary && (!best || summary.seconds < best.summary.seconds)) best = {result, summary}
  }
  return best
}

/** @param {number} value */
export function seconds(value) {
  if (!Number.isFinite(value)) return '–'
  return value < 10 ? `${value.toFixed(3)} s` : `${value.toFixed(1)} s`
}

/** @param {number} value */
export function times(value) {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–'
}

/** @param {number} bytes */
export function mebibytes(bytes) {
  return bytes > 0 ? `${Math.round(bytes / 1048576)} MiB` : '–'
}

/**
 * A GitHub-flavoured Markdown table (readable in a terminal, pastable into
 * the docs as is).
 *
 * @param {readonly string[]} header
 * @param {ReadonlyArray<ReadonlyArray<string>>} rows
 */
export function table(header, rows) {
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => (row[index] ?? '').length)))
  const line = (/** @type {ReadonlyArray<string>} */ cells) =>
    '| ' + widths.map((width, index) => (cells[index] ?? '').padEnd(width)).join(' | ') + ' |'
  return [line(header), '| ' + widths.map((width) => '-'.repeat(width)).join(' | ') + ' |', ...rows.map(line)].join('\n')
}

/**
 * The cases table: medians, spread, memory, ratio to the floor of the same
 * size where there is one.
 *
 * @param {readonly CaseResult[]} results
 */
export function casesTable(results) {
  const byId = Object.fromEntries(results.map((result) => [result.id, result]))
  const rows = results.map((result) => {
    const summary = summarize(result)
    if (!summary) {
      return [result.id, result.title, '–', '–', '–', '–', '–', result.skipped ?? `failed ${result.failures}×`]
    }
    const baseId = baseOf(result)
    const base = baseId ? summarize(byId[baseId]) : undefined
    const ratio = base ? `${times(summary.seconds / base.seconds)} ${baseId}` : ''
    return [
      result.id,
      result.title,
      seconds(summary.seconds),
      `${seconds(summary.min)} – ${seconds(summary.max)}`,
      summary.cpuSeconds === undefined ? '–' : seconds(summary.cpuSeconds),
      mebibytes(summary.peakBytes),
      ratio,
      [result.runs.length + ' runs', result.failures ? `${result.failures} failed` : '', result.note ?? '']
        .filter(Boolean)
        .join('; ')
    ]
  })
  return table(['case', 'what', 'median', 'range', 'CPU (user+sys)', 'peak memory', 'ratio', 'notes'], rows)
}

/**
 * What a case is compared with in the table: the floor of the same size, or
 * the plain pipeline for our unified stage.
 *
 * @param {CaseResult} result
 * @returns {string | undefined}
 */
export function baseOf(result) {
  if (result.group === 'floor' || result.group === 'import') return undefined
  if (result.id === 'unified-ours') return 'unified-plain'
  if (result.id === 'unified-corpus-ours') return 'unified-corpus-plain'
  if (result.id === 'ours-cached' || result.id === 'ours-check') return 'ours-batch'
  if (result.id.endsWith('-cold')) return 'floor-cold'
  if (result.id.endsWith('-batch') || result.id.startsWith('ours-batch-pages-')) return 'floor-batch'
  if (result.id === 'ours-memory-1000') return 'floor-memory-1000'
  return result.id === 'ours-watch' ? 'floor-cold' : undefined
}

/** @param {readonly Target[]} targets */
export function targetsTable(targets) {
  return table(
    ['target', 'measured', 'limit', 'met'],
    targets.map((target) => [target.title, target.measured, target.limit, target.met === undefined ? '?' : target.met ? 'yes' : 'NO'])
  )
}

/**
 * @param {{rows: Array<{stage: string, cold: number, warm?: number}>}} profile
 */
export function profileTable(profile) {
  const coldTotal = profile.rows.reduce((sum, row) => sum + row.cold, 0)
  const warmTotal = profile.rows.reduce((sum, row) => sum + (row.warm ?? 0), 0)
  const milliseconds = (/** @type {number | undefined} */ value) => (value === undefined ? '' : `${value.toFixed(1)} ms`)
  const share = (/** @type {number | undefined} */ value, /** @type {number} */ total) =>
    value === undefined || total === 0 ? '' : `${Math.round((value / total) * 100)}%`
  return table(
    ['stage', 'cold (first brief)', 'share', 'warm (median of repeats)', 'share'],
    [
      ...profile.rows.map((row) => [
        row.stage,
        milliseconds(row.cold),
        share(row.cold, coldTotal),
        milliseconds(row.warm),
        share(row.warm, warmTotal)
      ]),
      ['total', milliseconds(coldTotal), '100%', milliseconds(warmTotal), '100%']
    ]
  )
}
