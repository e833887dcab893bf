/**
 * Worker threads that finish printed PDFs (`finish.ts`: the metadata pass and
 * the post-print text check) and draw the final PDFs' thumbnails
 * (`thumbnail.ts`). The main thread drives the browser over
 * DevTools; ~90 ms of PDF parsing a brief on it held up the other pages' CDP
 * traffic, so printing and finishing ran in series. Here they overlap: a page
 * goes back to the pool as soon as it has printed, and its PDF is finished
 * beside the next print. The caller still awaits the result: nothing is
 * written before the check has run.
 */
import {existsSync} from 'node:fs'
import os from 'node:os'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {FinishJob, FinishResult} from './finish.js'
import type {PrintRead} from './print-read.js'

export interface FinishPool {
  /** Finish `job`; with `job.read`, `onRead` gets the print's read first (a page waits for it: such a job goes ahead of those waiting for a thread). */
  finish(job: FinishJob, onRead?: (read: PrintRead) => void): Promise<FinishResult>
  /**
   * The next finish will be of this HTML: the worker it goes to (the idle one
   * `finish` takes next) works out its expectation now (`prepareExpectation`),
   * while the browser prints. Only a head start: a finish on another worker
   * works it out itself.
   */
  prepare(html: string): void
  /**
   * A PNG of page 1 of a final PDF (`renderThumbnail`), `width` pixels wide.
   * Behind every finish: it starts only when no finish is waiting for a
   * thread, so it never delays a brief's PDF (one running may delay a finish
   * that comes after it by its own ~45 ms of CPU).
   */
  thumbnail(pdf: Uint8Array, width: number): Promise<Uint8Array>
  /** Load PDFium in a worker now (`warmThumbnails`), while a print runs: once a pool; never throws. */
  warmThumbnails(): void
  /** Start one worker now, so it loads its modules (pdf-lib, the checker) while the browser starts; never throws. */
  warm(): void
  /** Stop every worker; jobs still running fail. */
  close(): Promise<void>
}

/** Threads when not given: one per core beyond the first (the browser and the main thread want it), at most the pages printing at once. */
export function finishThreads(concurrency: number): number {
  return Math.max(1, Math.min(concurrency, os.availableParallelism() - 1))
}

interface Running {
  id: number
  onRead?: (read: PrintRead) => void
  resolve: (result: FinishResult | Uint8Array) => void
  reject: (error: Error) => void
}

/** A worker's answer: a finish's read or result, a thumbnail's PNG, or an error (with the thumbnail's `code`). */
interface Reply {
  id: number
  read?: PrintRead
  result?: FinishResult
  png?: Uint8Array
  error?: string
  code?: unknown
}

/**
 * Up to `threads` workers, started on first need and kept for later jobs;
 * an idle worker does not keep the process alive. A worker that fails (an
 * exception outside a job, out of memory) fails its job and is replaced.
 */
export function createFinishPool(threads: number): FinishPool {
  const script = workerUrl()
  // A copy of the renderer without its worker script (a bundler that followed only imports,
  // a partial compile): finish in process, slower but the same bytes and findings.
  if (!existsSync(fileURLToPath(script))) {
    return {
      finish: async (job, onRead) => (await import('./finish.js')).finishPrinted(job, onRead),
      thumbnail: async (pdf, width) => (await import('./thumbnail.js')).renderThumbnail(pdf, width),
      prepare: () => undefined,
      warmThumbnails: () => undefined,
      warm: () => undefined,
      close: async () => undefined
    }
  }
  const idle: Worker[] = []
  const busy = new Map<Worker, Running>()
  const waiting: Array<() => void> = []
  // Thumbnails waiting for a thread: woken only when no finish waits.
  const waitingLast: Array<() => void> = []
  let nextId = 0
  let closed = false

  function spawn(): Worker {
    const worker = new Worker(script, {stdout: false, stderr: false})
    worker.on('message', (reply: Reply) => {
      const running = busy.get(worker)
      if (!running || running.id !== reply.id) return
      if (reply.read) {
        running.onRead?.(reply.read)
        return
      }
      release(worker, true)
      const result = reply.result ?? reply.png
      if (result) running.resolve(result)
      else running.reject(Object.assign(new Error(reply.error ?? 'The PDF worker failed'), reply.code === undefined ? {} : {code: reply.code}))
    })
    const fail = (error: Error) => {
      const running = busy.get(worker)
      release(worker, false)
      running?.reject(error)
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`The PDF worker stopped (exit code ${code})`)))
    return worker
  }

  function release(worker: Worker, reusable: boolean): void {
    if (!busy.delete(worker) && reusable) return
    const index = idle.indexOf(worker)
    if (index !== -1) idle.splice(index, 1)
    if (reusable && !closed) {
      worker.unref()
      idle.push(worker)
    } else void worker.terminate().catch(() => undefined)
    ;(waiting.shift() ?? waitingLast.shift())?.()
  }

  async function finish(job: FinishJob, onRead?: (read: PrintRead) => void): Promise<FinishResult> {
    // A page waits for a read: its job goes first.
    while (!closed && idle.length === 0 && busy.size >= threads) await new Promise<void>((resolve) => (job.read ? waiting.unshift(resolve) : waiting.push(resolve)))
    if (closed) throw new Error('The PDF renderer is closed')
    // A copy of the bytes goes over (the caller keeps its own); the result's bytes come back transferred.
    return send({id: 0, job}, onRead) as Promise<FinishResult>
  }

  async function thumbnail(pdf: Uint8Array, width: number): Promise<Uint8Array> {
    while (!closed && (waiting.length > 0 || (idle.length === 0 && busy.size >= threads))) await new Promise<void>((resolve) => waitingLast.push(resolve))
    if (closed) throw new Error('The PDF renderer is closed')
    return send({id: 0, thumbnail: pdf, width}) as Promise<Uint8Array>
  }

  /** Post a message to an idle worker (or a new one) and settle with its answer. */
  function send(message: {id: number} & Record<string, unknown>, onRead?: (read: PrintRead) => void): Promise<FinishResult | Uint8Array> {
    const worker = idle.pop() ?? spawn()
    worker.ref()
    const id = nextId++
    return new Promise((resolve, reject) => {
      busy.set(worker, {id, onRead, resolve, reject})
      worker.postMessage({...message, id})
    })
  }

  function warm(): void {
    if (closed || idle.length > 0 || busy.size > 0) return
    const worker = spawn()
    // Idle until the first PDF: it does not keep the process alive.
    worker.unref()
    idle.push(worker)
  }

  async function close(): Promise<void> {
    closed = true
    for (const wake of [...waiting.splice(0), ...waitingLast.splice(0)]) wake()
    const all = [...idle, ...busy.keys()]
    idle.length = 0
    await Promise.all(all.map((worker) => worker.terminate().catch(() => undefined)))
  }

  let thumbnailsWarmed = false
  function warmThumbnails(): void {
    if (closed || thumbnailsWarmed) return
    thumbnailsWarmed = true
    warm()
    // The worker `finish` takes next (the last idle one), or the one busy now: it gets the message after its job.
    ;(idle.at(-1) ?? busy.keys().next().value)?.postMessage({warmThumbnails: true})
  }

  function prepare(html: string): void {
    if (closed) return
    // `finish` takes the last idle worker first.
    idle.at(-1)?.postMessage({prepare: html})
  }

  return {finish, thumbnail, warmThumbnails, prepare, warm, close}
}

/**
 * The compiled worker script. Under the test runner this module is the
 * TypeScript source, which a worker thread cannot load: the compiled copy in
 * `dist/` is used (the tests' global setup compiles it when stale).
 */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../dist/pdf/finish-worker.js', import.meta.url) : new URL('finish-worker.js', import.meta.url)
}
