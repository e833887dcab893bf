/**
 * The finish worker's warm-up (`src/pdf/finish-warm.ts`): while idle early
 * in its life it finishes its last print again, a bounded number of times,
 * never while a message is being handled; a job that arrives meanwhile gets
 * its own result.
 */
import {afterAll, afterEach, describe, expect, test, vi} from 'vitest'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {createFinishPool} from '../src/pdf/finish-pool.js'
import {finishPrinted, type FinishJob} from '../src/pdf/finish.js'
import {idleReplays} from '../src/pdf/finish-warm.js'
import {fixtures} from './fixtures/pdf/job.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('idle replays', () => {
  test('a rebuild prepared stops them until its finish', async () => {
    vi.useFakeTimers()
    const replayed: string[] = []
    const replays = idleReplays<string>(async (job) => {
      replayed.push(job)
    }, {runs: 4, idleMs: 100})
    replays.arm()
    replays.finished('first')
    replays.idle()
    await vi.advanceTimersByTimeAsync(100)
    expect(replayed).toEqual(['first'])
    // The next rebuild's `prepare`: its print is on the way, nothing is replayed meanwhile.
    replays.busy()
    replays.arm()
    replays.idle()
    await vi.advanceTimersByTimeAsync(1000)
    expect(replayed).toEqual(['first'])
    replays.busy()
    replays.finished('second')
    replays.idle()
    await vi.advanceTimersByTimeAsync(100)
    expect(replayed).toEqual(['first', 'second'])
    replays.stop()
  })

  test('replay the last job while idle, as many times as allowed, one after another', async () => {
    vi.useFakeTimers()
    const replayed: string[] = []
    const replays = idleReplays<string>(async (job) => {
      replayed.push(job)
    }, {runs: 3, idleMs: 100})
    replays.finished('first')
    replays.idle()
    // Not armed (a batch): nothing is replayed.
    await vi.advanceTimersByTimeAsync(1000)
    expect(replayed).toEqual([])
    replays.busy()
    replays.arm()
    replays.idle()
    // Armed, but that rebuild is printing: nothing until its finish.
    await vi.advanceTimersByTimeAsync(1000)
    expect(replayed).toEqual([])
    replays.busy()
    replays.finished('first')
    replays.idle()
    await vi.advanceTimersByTimeAsync(99)
    expect(replayed).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(replayed).toEqual(['first'])
    replays.busy()
    replays.finished('second')
    replays.idle()
    await vi.advanceTimersByTimeAsync(1000)
    expect(replayed).toEqual(['first', 'second', 'second'])
    replays.busy()
    replays.finished('third')
    replays.idle()
    await vi.advanceTimersByTimeAsync(1000)
    expect(replayed).toEqual(['first', 'second', 'second'])
  })

  test('a message in hand stops the wait; once it is handled the wait starts again; a failing replay is dropped', async () => {
    vi.useFakeTimers()
    const replayed: string[] = []
    const replays = idleReplays<string>(async (job) => {
      replayed.push(job)
      if (job === 'bad') throw new Error('unreadable')
    }, {runs: 2, idleMs: 100})
    replays.arm()
    replays.busy()
    replays.finished('bad')
    replays.idle()
    await vi.advanceTimersByTimeAsync(50)
    // A message in hand (a thumbnail awaiting PDFium): no replay however long it takes.
    replays.busy()
    await vi.advanceTimersByTimeAsync(1000)
    expect(replayed).toEqual([])
    replays.idle()
    await vi.advanceTimersByTimeAsync(100)
    expect(replayed).toEqual(['bad'])
    await vi.advanceTimersByTimeAsync(100)
    expect(replayed).toEqual(['bad', 'bad'])
    replays.stop()
  })
})

describe('a finish worker warming up', () => {
  const pool = createFinishPool(1)
  afterAll(() => pool.close())
  const folder = path.join(fixtures, '..', 'raw-print')
  const print = new Uint8Array(readFileSync(path.join(folder, 'print.pdf')))
  const html = readFileSync(path.join(folder, 'index.html'), 'utf8')
  const {metadata, options} = JSON.parse(readFileSync(path.join(folder, 'job.json'), 'utf8')) as Pick<FinishJob, 'metadata' | 'options'>
  const job = (page = html): FinishJob => ({pdf: print.slice(), html: page, metadata, options: {...options, sourceDateEpoch: 1700000000}, verify: true, read: {lines: true, destinations: true}})

  test('jobs arriving while it replays get their own results, the bytes of a finish in process', async () => {
    const first = await pool.finish(job())
    // Armed as a watch rebuild arms it: the worker replays the print now; these arrive during and between the replays.
    pool.prepare(html)
    for (const wait of [120, 30, 60]) {
      await new Promise((resolve) => setTimeout(resolve, wait))
      const again = await pool.finish(job())
      expect(Buffer.compare(Buffer.from(again.pdf), Buffer.from(first.pdf))).toBe(0)
      // Other HTML: checked against its own paragraphs (a paragraph that never printed is missing).
      const other = await pool.finish(job(html.replace('</main>', '<p>A paragraph that never printed at all.</p></main>')))
      expect(other.verified?.ok).toBe(false)
    }
    const inProcess = await finishPrinted(job())
    expect(Buffer.compare(Buffer.from(inProcess.pdf), Buffer.from(first.pdf))).toBe(0)
    expect(first.verified?.ok).toBe(true)
  })
})
