/**
 * Budgets per article: the unified stage (parse, recognize, template) of each
 * article runs in a worker thread with a heap limit (`maxArticleMemory`) and
 * a time limit (`maxArticleTime`). An article over either fails alone with a
 * message naming the limit and how to raise it; its worker is replaced and the
 * batch goes on. Before this, 2 MB of Markdown (500,000 list items) ran the
 * whole process out of memory (exit 134) and every other article was lost.
 *
 * The remark plugins themselves stay synchronous and in-process for hosts
 * (Astro, remark-cli); only the build runs them here.
 */
import os from 'node:os'
import {Worker} from 'node:worker_threads'
import type {ArticleJob, ArticleOutcome} from './article-job.js'

/** One minute: the 186 KB corpus report takes about a second. */
export const defaultMaxArticleTime = 60_000
/** 1 GB of heap: the largest corpus article needs about a tenth of it. */
export const defaultMaxArticleMemory = 1024

export interface ArticleBudget {
  /** Worker threads at most; more jobs wait. Default: one less than the cores (at least one), as each starts a copy of the pipeline. */
  threads?: number
  /** Milliseconds for the unified stage of one article. */
  maxTime: number
  /** Heap (old generation) for one article, in MB. */
  maxMemory: number
}

export type BudgetResult =
  | {ok: true; outcome: ArticleOutcome}
  | {ok: false; ruleId: 'article-time-limit' | 'article-memory-limit' | 'process-failed'; reason: string}

export interface ArticlePool {
  /** The limits this pool's workers were started with. */
  budget: ArticleBudget
  run(job: ArticleJob): Promise<BudgetResult>
  /**
   * Start one worker now, before the first job: it loads the pipeline while
   * the caller does other work (a cold build imports the printer and starts
   * the browser meanwhile). Idle, it does not keep the process alive.
   */
  warm(): void
  /** Stop every worker. */
  close(): Promise<void>
}

/**
 * A pool of worker threads, reused across articles; callers bound how many
 * run at once. Idle workers do not keep the process alive.
 */
export function createArticlePool(budget: ArticleBudget): ArticlePool {
  const idle: Worker[] = []
  const busy = new Set<Worker>()
  const threads = Math.max(1, Math.floor(budget.threads ?? os.availableParallelism() - 1))
  const waiting: Array<() => void> = []
  let nextId = 0
  let closed = false

  function spawn(): Worker {
    return new Worker(workerUrl(), {
      // The main thread's stack (about 1 MB): deep nesting fails fast as `input-too-deep`, as it did in-process, not after minutes.
      resourceLimits: {maxOldGenerationSizeMb: budget.maxMemory, stackSizeMb: 1},
      stdout: false,
      stderr: false
    })
  }

  function warm(): void {
    if (closed || idle.length > 0 || busy.size > 0) return
    const worker = spawn()
    // A worker that fails while it loads leaves the idle list, so no job is sent to it; a job's own handlers take over once it runs one.
    const drop = () => {
      const index = idle.indexOf(worker)
      if (index !== -1) idle.splice(index, 1)
    }
    worker.once('error', drop)
    worker.once('exit', drop)
    worker.unref()
    idle.push(worker)
  }

  async function run(job: ArticleJob): Promise<BudgetResult> {
    while (!closed && idle.length === 0 && busy.size >= threads) await new Promise<void>((resolve) => waiting.push(resolve))
    if (closed) return {ok: false, ruleId: 'process-failed', reason: 'Build stopped'}
    const worker = idle.pop() ?? spawn()
    worker.ref()
    busy.add(worker)
    const id = nextId++

    return new Promise<BudgetResult>((resolve) => {
      let settled = false
      const finish = (result: BudgetResult, reusable: boolean) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        busy.delete(worker)
        if (reusable && !closed) {
          worker.unref()
          idle.push(worker)
        } else {
          // A worker stopped over time may still run out of memory while it is terminated: that late
          // error has no job left, and unheard it would be an uncaught exception that ends the batch.
          worker.on('error', () => undefined)
          void worker.terminate()
        }
        waiting.shift()?.()
        resolve(result)
      }
      const onMessage = (reply: {id: number; started?: true; outcome?: ArticleOutcome}) => {
        if (reply.id !== id) return
        if (reply.started) {
          clearTimeout(timer)
          timer = setTimeout(() => finish(timeLimit(budget.maxTime), false), budget.maxTime)
        } else if (reply.outcome) finish({ok: true, outcome: reply.outcome}, true)
      }
      const onError = (error: Error & {code?: string}) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(memoryLimit(budget.maxMemory), false)
        else finish({ok: false, ruleId: 'process-failed', reason: error.message.split('\n')[0] || 'The article worker failed'}, false)
      }
      const onExit = (code: number) => finish({ok: false, ruleId: 'process-failed', reason: `The article worker stopped (exit code ${code})`}, false)
      // `terminate` stops the worker even in the middle of synchronous code (a regular expression, a parser loop).
      // Until the worker has started the job (a fresh one loads its modules first), a longer guard.
      let timer = setTimeout(() => finish(timeLimit(budget.maxTime), false), budget.maxTime + startGrace)
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.postMessage({id, job})
    })
  }

  async function close(): Promise<void> {
    closed = true
    for (const wake of waiting.splice(0)) wake()
    const all = [...idle, ...busy]
    idle.length = 0
    await Promise.all(all.map((worker) => worker.terminate().catch(() => undefined)))
  }

  return {budget, run, warm, close}
}

/** How long a fresh worker may take to load before its first job starts (two busy cores: seconds). */
const startGrace = 60_000

function timeLimit(ms: number): BudgetResult {
  return {
    ok: false,
    ruleId: 'article-time-limit',
    reason: `Unexpected article that takes over ${ms} ms to read and typeset, expected at most \`maxArticleTime\` (default ${defaultMaxArticleTime} ms; raise it with \`--max-article-time <ms>\` or \`maxArticleTime\` in the config)`
  }
}

function memoryLimit(mb: number): BudgetResult {
  return {
    ok: false,
    ruleId: 'article-memory-limit',
    reason: `Unexpected article that needs over ${mb} MB of memory to read and typeset, expected at most \`maxArticleMemory\` (default ${defaultMaxArticleMemory} MB; raise it with \`--max-article-memory <mb>\` or \`maxArticleMemory\` in the config)`
  }
}

/**
 * The compiled worker script. Under the test runner this module is the
 * TypeScript source, which a worker thread cannot load: the compiled copy in
 * `dist/` is used (the tests' global setup compiles it when stale).
 */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../dist/build/unified-worker.js', import.meta.url) : new URL('unified-worker.js', import.meta.url)
}
