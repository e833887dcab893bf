/**
 * The build starts the browser the moment a PDF is certain to be needed (the
 * first brief the cache cannot skip), before that brief's unified stage, so
 * Chromium boots while the article is typeset: seen through `onTrace`, not
 * timing. And the CLI's own test of certainty, made before it imports the
 * build. One browser for the file.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {buildBatch, type TraceEvent} from '../src/build/index.js'
import {createArticlePool, defaultMaxArticleMemory, defaultMaxArticleTime, type ArticlePool} from '../src/build/budget.js'
import {buildCertain, printingCertain} from '../src/cli/early-printer.js'
import {project, shortArticle} from './setup/cli.js'

const describeTrace = (events: TraceEvent[]) => events.map((event) => (event.type === 'file-processed' ? `processed ${path.basename(event.input)}` : event.type))

describe('the build starts the printer before the unified stage', () => {
  it('asks for the browser before the first brief to print is typeset, once a run; never for cached or HTML-only briefs', async () => {
    const cwd = await project('printer-start')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'one.txt'), await shortArticle('First brief'))
    await fs.writeFile(path.join(cwd, 'input', 'two.md'), 'Markdown text.[^1]\n\n[^1]: A note.\n')

    const events: TraceEvent[] = []
    const first = await buildBatch([], {cwd, formats: ['pdf'], concurrency: 1, thumbnails: false, index: false, onTrace: (event) => events.push(event)})
    expect(first.built).toBe(2)
    // Files are prepared two at a time: which is typeset first may vary, the browser is asked for before either.
    const trace = describeTrace(events)
    expect(trace[0]).toBe('printer-start')
    expect(trace.slice(1).sort()).toEqual(['processed one.txt', 'processed two.md'])

    // Everything cached: no browser asked for.
    events.length = 0
    const again = await buildBatch([], {cwd, formats: ['pdf'], concurrency: 1, thumbnails: false, index: false, onTrace: (event) => events.push(event)})
    expect(again.unchanged).toBe(2)
    expect(describeTrace(events)).toEqual([])

    // HTML only: typeset, never printed.
    events.length = 0
    const html = await buildBatch([], {cwd, out: 'html', formats: ['html'], concurrency: 1, onTrace: (event) => events.push(event)})
    expect(html.built).toBe(2)
    expect(describeTrace(events).sort()).toEqual(['processed one.txt', 'processed two.md'])
  })
})

describe('printingCertain (the CLI starts the browser before importing the build)', () => {
  it('holds for PDF output into a folder with no manifest, or with --force, when an input exists', async () => {
    const cwd = await project('printing-certain')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'one.txt'), 'Text.\n')
    const base = {cwd, out: 'output', inputs: [] as string[], formats: ['pdf', 'html']}

    expect(await printingCertain(base)).toBe(true)
    expect(await printingCertain({...base, formats: ['html']})).toBe(false)
    // HTML only: no browser, but an article to typeset (the CLI starts its worker).
    expect(await buildCertain({...base, formats: ['html']})).toBe(true)
    expect(await printingCertain({...base, inputs: ['missing.txt', 'none/*.md']})).toBe(false)
    expect(await printingCertain({...base, inputs: ['missing.txt', 'input/one.txt']})).toBe(true)

    // A manifest: the briefs may all be cached, so the build decides per brief.
    await fs.mkdir(path.join(cwd, 'output', '.brief-cache'), {recursive: true})
    await fs.writeFile(path.join(cwd, 'output', '.brief-cache', 'manifest.json'), '{"version": 1, "entries": {}}')
    expect(await printingCertain(base)).toBe(false)
    expect(await buildCertain(base)).toBe(false)
    expect(await printingCertain({...base, force: true})).toBe(true)
  })
})

/** A real pool, its jobs and its closing counted. */
function countedPool(budget: {maxTime: number; maxMemory: number}) {
  const pool = createArticlePool(budget)
  const counts = {runs: 0, closes: 0}
  const counted: ArticlePool = {
    budget: pool.budget,
    warm: () => pool.warm(),
    run: (job) => {
      counts.runs++
      return pool.run(job)
    },
    close: async () => {
      counts.closes++
      await pool.close()
    }
  }
  return {counted, counts}
}

describe('article workers started before the build (the CLI warms one while it imports)', () => {
  it('are used when their budget is the build’s, and closed with the session', async () => {
    const cwd = await project('early-pool')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'one.txt'), await shortArticle('First brief'))
    await fs.writeFile(path.join(cwd, 'input', 'two.md'), 'Markdown text.[^1]\n\n[^1]: A note.\n')
    const {counted, counts} = countedPool({maxTime: defaultMaxArticleTime, maxMemory: defaultMaxArticleMemory})
    counted.warm()

    const result = await buildBatch([], {cwd, formats: ['html'], articlePool: counted})
    expect(result.built).toBe(2)
    expect(counts).toEqual({runs: 2, closes: 1})
  })

  it('are closed unused when the configuration sets another budget', async () => {
    const cwd = await project('early-pool-budget')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'two.md'), 'Markdown text.[^1]\n\n[^1]: A note.\n')
    await fs.writeFile(path.join(cwd, 'brief.config.json'), JSON.stringify({maxArticleMemory: 512}))
    const {counted, counts} = countedPool({maxTime: defaultMaxArticleTime, maxMemory: defaultMaxArticleMemory})
    counted.warm()

    const result = await buildBatch([], {cwd, formats: ['html'], articlePool: counted})
    expect(result.built).toBe(1)
    expect(counts).toEqual({runs: 0, closes: 1})
  })

  it('are closed by a session that never built (everything cached)', async () => {
    const cwd = await project('early-pool-cached')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'two.md'), 'Markdown text.[^1]\n\n[^1]: A note.\n')
    expect((await buildBatch([], {cwd, formats: ['html']})).built).toBe(1)
    const {counted, counts} = countedPool({maxTime: defaultMaxArticleTime, maxMemory: defaultMaxArticleMemory})
    counted.warm()

    const result = await buildBatch([], {cwd, formats: ['html'], articlePool: counted})
    expect(result.unchanged).toBe(1)
    expect(counts).toEqual({runs: 0, closes: 1})
  })
})
