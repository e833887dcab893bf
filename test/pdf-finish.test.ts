/**
 * The finishing pass (metadata, then the post-print text check) in the
 * renderer's worker threads (`src/pdf/finish-pool.ts`): the same bytes and
 * findings as in process, missing text still found, a failure reported and
 * the pool still working after it. No browser: the PDFs are made with pdf-lib.
 */
import {PDFDocument, StandardFonts} from 'pdf-lib'
import {afterAll, describe, expect, test} from 'vitest'
import {createFinishPool} from '../src/pdf/finish-pool.js'
import {finishPrinted, type FinishJob} from '../src/pdf/finish.js'

const pool = createFinishPool(1)
afterAll(() => pool.close())

/** A one-page PDF with these lines of text, as a stand-in for Chromium's print. */
async function pdfWith(lines: string[]): Promise<Uint8Array> {
  const document = await PDFDocument.create()
  const font = await document.embedFont(StandardFonts.Helvetica)
  const page = document.addPage([595, 842])
  lines.forEach((line, index) => page.drawText(line, {x: 50, y: 780 - index * 20, size: 12, font}))
  return document.save()
}

const html = '<!doctype html><html lang="en"><body><main><h1>Silt and Money</h1><p>Ports along the delta argue about dredging.</p><p>Nobody agreed who pays.</p></main></body></html>'

function job(pdf: Uint8Array, page = html): FinishJob {
  return {pdf, html: page, metadata: {title: 'Silt and Money', authors: ['Mara Quell'], lang: 'en'}, options: {sourceDateEpoch: 1700000000}, verify: true}
}

describe('finishing in a worker thread', () => {
  test('gives the same bytes and findings as in process', async () => {
    const pdf = await pdfWith(['Silt and Money', 'Ports along the delta argue about dredging.', 'Nobody agreed who pays.'])
    const [inWorker, inProcess] = await Promise.all([pool.finish(job(pdf)), finishPrinted(job(pdf))])
    expect(inWorker.verified).toEqual({ok: true, missing: [], checked: {paragraphs: 2, notes: 0}})
    expect(inWorker.pages).toBe(1)
    expect(Buffer.compare(Buffer.from(inWorker.pdf), Buffer.from(inProcess.pdf))).toBe(0)
    const read = await PDFDocument.load(inWorker.pdf)
    expect(read.getTitle()).toBe('Silt and Money')
    expect(read.getAuthor()).toBe('Mara Quell')
  })

  test('still finds a paragraph that did not print', async () => {
    const pdf = await pdfWith(['Silt and Money', 'Ports along the delta argue about dredging.'])
    const result = await pool.finish(job(pdf))
    expect(result.verified?.ok).toBe(false)
    expect(result.verified?.missing).toEqual(['paragraph 2 (“Nobody agreed who pays.”): “nobody”, “agreed”, “who”, “pays”'])
  })

  test('a PDF it cannot read fails that job with the reason; the next job is finished', async () => {
    await expect(pool.finish(job(new TextEncoder().encode('not a PDF at all')))).rejects.toThrow(/pdf/i)
    const pdf = await pdfWith(['Silt and Money', 'Ports along the delta argue about dredging.', 'Nobody agreed who pays.'])
    expect((await pool.finish(job(pdf))).verified?.ok).toBe(true)
  })

  test('jobs beyond the threads wait their turn, each gets its own result', async () => {
    const pdfs = await Promise.all([0, 1, 2, 3].map((index) => pdfWith(['Silt and Money', `Ports along the delta argue about dredging ${index}.`])))
    const results = await Promise.all(pdfs.map((pdf, index) => pool.finish(job(pdf, html.replace('dredging.', `dredging ${index}.`).replace('<p>Nobody agreed who pays.</p>', '')))))
    expect(results.map((result) => result.verified?.ok)).toEqual([true, true, true, true])
  })

  test('a finish prepared for its HTML (a `--watch` rebuild) gives the same bytes and findings; a finish of other HTML is checked against its own', async () => {
    const pdf = await pdfWith(['Silt and Money', 'Ports along the delta argue about dredging.', 'Nobody agreed who pays.'])
    const plain = await pool.finish(job(pdf))
    pool.prepare(html)
    const prepared = await pool.finish(job(pdf))
    expect(prepared.verified).toEqual(plain.verified)
    expect(Buffer.compare(Buffer.from(prepared.pdf), Buffer.from(plain.pdf))).toBe(0)
    // Prepared for one brief, finishing another: its own paragraphs are the ones checked (a third that did not print is missing).
    pool.prepare(html)
    const other = await pool.finish(job(pdf, html.replace('</main>', '<p>A third paragraph never printed.</p></main>')))
    expect(other.verified?.ok).toBe(false)
    expect(other.verified?.missing).toEqual([expect.stringMatching(/^paragraph 3 \(“A third paragraph never printed.”\)/)])
  })
})
