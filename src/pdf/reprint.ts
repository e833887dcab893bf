/**
 * The prints after the first one, in one loop: words broken at a page's end
 * or in a long hyphen run (`hyphen-breaks.ts`) and the contents list's page
 * numbers (`contents.ts`) are both read from the last print and both fixed
 * in the still-open page before one more print. Separately, a brief with a
 * contents list and a mended word printed three times or more (mend, print,
 * read, write the numbers, print); together, usually twice.
 *
 * Each print is read once, with pdf-lib from its content streams
 * (`print-read.ts`); pdfjs only for a PDF that reader does not know.
 */
import type {Page} from 'puppeteer-core'
import {contentsNumbers, contentsTargets, destinationPages, sameNumbers, writeContentsNumbers} from './contents.js'
import {brokenWords, maxPrints as hyphenPrints, mendInPage, printedLines} from './hyphen-breaks.js'
import {readPrint} from './print-read.js'

/**
 * Prints at most this many times in all (the first print included): the
 * hyphen pass's prints, then one more for contents numbers a last mended
 * word may have moved.
 */
export const maxPrints = hyphenPrints + 1

/**
 * Print again until no word needs mending (`mendHyphens`; at most
 * `hyphenPrints` prints mend) and the contents numbers equal their headings'
 * pages in the last print, or `maxPrints` prints were made.
 *
 * @param page
 *   The loaded brief, printed once as `pdf`.
 * @param print
 *   Prints the page again.
 * @returns
 *   The last PDF, how many prints it took and how many words were printed whole.
 */
export async function reprintUntilSettled(page: Page, pdf: Uint8Array, print: () => Promise<Uint8Array>, options: {mendHyphens: boolean}): Promise<{pdf: Uint8Array; prints: number; mended: number}> {
  const targets = await contentsTargets(page)
  let prints = 1
  let mended = 0
  let written: Record<string, string> = {}
  for (;;) {
    const mending = options.mendHyphens && prints < hyphenPrints
    if ((!mending && targets.length === 0) || prints >= maxPrints) return {pdf, prints, mended}
    const read = await readPrint(pdf, {lines: mending, destinations: targets.length > 0})
    let count = 0
    if (mending) count = await mendInPage(page, brokenWords(read.pages ?? (await printedLines(pdf))))
    mended += count
    let numbers: Record<string, string> | undefined
    if (targets.length > 0) {
      const wanted = contentsNumbers(targets, read.destinations ?? (await destinationPages(pdf)))
      if (!sameNumbers(wanted, written)) numbers = wanted
    }
    if (count === 0 && !numbers) return {pdf, prints, mended}
    if (numbers) {
      await writeContentsNumbers(page, numbers)
      written = numbers
    }
    pdf = await print()
    prints++
  }
}
