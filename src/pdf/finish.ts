/**
 * What happens to a printed PDF before it may be written: the metadata pass
 * (`metadata.ts`) and the post-print check (`verify.ts`). Pure: bytes and
 * the brief's HTML in, bytes and findings out, so it runs the same in the
 * renderer's worker thread (`finish-pool.ts`) and in process.
 */
import {finishPdf, loadPrinted, type MetadataOptions, type PdfMetadata} from './metadata.js'
import {readDocument, type PrintRead, type PrintWant} from './print-read.js'
import {finishRaw, readRaw} from './raw-finish.js'
import {openRaw, RawShapeError} from './raw-pdf.js'
import {compareText, expectationOf, verifyPrintedText, type PrintedExpectation, type VerifyResult} from './verify.js'

export interface FinishJob {
  /** The PDF as Chromium printed it. */
  pdf: Uint8Array
  /** The brief's HTML: its headings make the outline, its paragraphs and notes are checked. */
  html: string
  metadata: PdfMetadata
  /** `MetadataOptions` without what the HTML gives (`headings`, `outline`). */
  options: Pick<MetadataOptions, 'sourceDateEpoch' | 'relativeLinks'>
  /** Read the text back (`verifyPrintedText`). */
  verify: boolean
  /**
   * Also read what the reprint passes need (`readDocument`) from the same
   * parse, before the metadata pass: given to `onRead` as soon as it is
   * read, so the page waits for that alone, not for the whole finish.
   */
  read?: PrintWant
}

export interface FinishResult {
  pdf: Uint8Array
  pages: number
  verified?: VerifyResult
  /** Milliseconds of each pass. */
  timings: {metadata: number; verify?: number}
}

/** The expectation of the HTML last worked out: one brief's, kept for the finishes of its prints (a reprint, a `--watch` rebuild). */
let prepared: {html: string; expected: PrintedExpectation} | undefined

/**
 * Work out what the brief's HTML should print (its headings, paragraphs and
 * notes: `expectationOf`, a parse of the whole document) ahead of its PDF:
 * a `--watch` rebuild sends it while the page loads and prints, so the
 * finish of its PDF does not begin with it. Pure; a finish of other HTML
 * works it out as before.
 */
export function prepareExpectation(html: string): void {
  expectationFor(html)
}

function expectationFor(html: string): PrintedExpectation {
  if (prepared?.html !== html) prepared = {html, expected: expectationOf(html)}
  return prepared.expected
}

export async function finishPrinted(job: FinishJob, onRead?: (read: PrintRead) => void): Promise<FinishResult> {
  const metadataStart = performance.now()
  // Worked out after the read, which the page waits for.
  const optionsOf = (expected: PrintedExpectation) => ({...job.options, headings: expected.headings, outline: expected.outline, readText: job.verify})
  let finished: {pdf: Uint8Array; pages: number; text?: string} | undefined
  let read = false
  // Chromium's own shape: only the objects the pass touches are read, the rest copied as written (`raw-finish.ts`).
  const raw = openRaw(job.pdf)
  if (raw) {
    try {
      if (job.read) {
        const printRead = readRaw(raw, job.read)
        read = true
        onRead?.(printRead)
      }
      finished = finishRaw(raw, job.metadata, optionsOf(expectationFor(job.html)))
    } catch (error) {
      if (!(error instanceof RawShapeError)) throw error
    }
  }
  if (!finished) {
    // Any other shape: pdf-lib parses and saves the whole document.
    const document = await loadPrinted(job.pdf)
    if (job.read && !read) onRead?.(readDocument(document, job.read))
    finished = await finishPdf(document, job.metadata, optionsOf(expectationFor(job.html)))
  }
  const expected = expectationFor(job.html)
  const {pdf, pages, text} = finished
  const result: FinishResult = {pdf, pages, timings: {metadata: performance.now() - metadataStart}}
  if (job.verify) {
    const verifyStart = performance.now()
    // The text the metadata pass read from the content streams decides a pass; anything
    // short of one (or a PDF that reader does not know) is read again with pdfjs, whose word is final.
    const quick = text === undefined ? undefined : compareText(text, expected)
    result.verified = quick?.ok ? quick : await verifyPrintedText(pdf, expected)
    result.timings.verify = performance.now() - verifyStart
  }
  return result
}
