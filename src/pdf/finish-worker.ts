/**
 * Worker thread entry: finishes printed PDFs (`finish.ts`) and draws their
 * thumbnails (`thumbnail.ts`) one message at a time, so the metadata pass,
 * the text read-back and the rasterising never hold up the main thread,
 * which drives the browser's pages.
 */
import {parentPort} from 'node:worker_threads'
import {finishPrinted, prepareExpectation, type FinishJob} from './finish.js'
import {idleReplays} from './finish-warm.js'

if (!parentPort) throw new Error('Unexpected finish-worker.js outside a worker thread, expected it started by the PDF renderer')
const port = parentPort
// A watch session's first rebuilds' code is cold: a few replays of the last print while idle warm it (`finish-warm.ts`).
const replays = idleReplays<FinishJob>((job) => finishPrinted(job), {runs: 6, idleMs: 20})

port.on('message', async (message: {id: number; job: FinishJob} | {id: number; thumbnail: Uint8Array; width: number} | {prepare: string} | {warmThumbnails: true}) => {
  replays.busy()
  if ('prepare' in message) replays.arm()
  try {
    await handle(message)
  } finally {
    replays.idle()
  }
})

async function handle(message: {id: number; job: FinishJob} | {id: number; thumbnail: Uint8Array; width: number} | {prepare: string} | {warmThumbnails: true}): Promise<void> {
  if ('warmThumbnails' in message) {
    // Nothing to answer: the thumbnails find PDFium loaded (or load it themselves).
    await (await import('./thumbnail.js')).warmThumbnails()
    return
  }
  if ('prepare' in message) {
    // Ahead of a finish: nothing to answer, and a failure here is the finish's to meet again.
    try {
      prepareExpectation(message.prepare)
    } catch {
      // The finish works it out again, and fails there if it must.
    }
    return
  }
  if ('thumbnail' in message) {
    const {id} = message
    try {
      // Loaded on the first thumbnail: a build without the site index never loads PDFium.
      const {renderThumbnail} = await import('./thumbnail.js')
      const png = await renderThumbnail(message.thumbnail, message.width)
      port.postMessage({id, png}, [png.buffer as ArrayBuffer])
    } catch (error) {
      port.postMessage({id, error: error instanceof Error ? error.message : String(error), code: (error as {code?: unknown} | undefined)?.code})
    }
    return
  }
  const {id, job} = message
  try {
    // The reprint passes' read of the print goes back first: the page waits for it, not for the finish.
    const result = await finishPrinted(job, (read) => port.postMessage({id, read}))
    port.postMessage({id, result}, [result.pdf.buffer as ArrayBuffer])
    replays.finished(job)
  } catch (error) {
    port.postMessage({id, error: error instanceof Error ? error.message : String(error)})
  }
}
