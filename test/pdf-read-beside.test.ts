/**
 * A `pdfFirst` render (a `--watch` rebuild) reads its print for the reprint
 * passes on the renderer's own thread while the finish worker finishes it,
 * the two at once: the worker is sent the print without a read. Any other
 * render has the worker read it and finish it from the same parse, as
 * before. Either way the same bytes, the PDF handed over once, checked.
 * Seen on the messages posted to the finish worker.
 */
import {Worker} from 'node:worker_threads'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {createPdfRenderer, type PdfRenderer} from '../src/pdf/public.js'
import {briefJob} from './fixtures/pdf/job.js'

const {postMessage} = Worker.prototype
let renderer: PdfRenderer
// Per finish sent to a worker: whether it asked for the print's read.
const finishes: boolean[] = []

beforeAll(() => {
  Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: readonly unknown[]) {
    const job = (message as {job?: {read?: unknown}} | undefined)?.job
    if (job) finishes.push(job.read !== undefined)
    return postMessage.call(this, message, transfer as never)
  }
  renderer = createPdfRenderer({concurrency: 1})
})

afterAll(async () => {
  Worker.prototype.postMessage = postMessage
  await renderer?.close()
})

test('a `pdfFirst` print is read on this thread beside its finish, the same bytes as one read in the worker', async () => {
  const plain = await renderer.render(briefJob())
  expect(finishes).toEqual([true])
  finishes.length = 0
  const handed: Uint8Array[] = []
  const first = await renderer.render(briefJob({pdfFirst: true, onPdf: (pdf) => handed.push(pdf)}))
  expect(finishes).toEqual([false])
  expect(first.verified?.ok).toBe(true)
  expect(first.hyphens?.prints).toBe(plain.hyphens?.prints)
  expect(Buffer.compare(first.pdf, plain.pdf)).toBe(0)
  expect(handed).toHaveLength(1)
  expect(Buffer.compare(handed[0]!, first.pdf)).toBe(0)
})
