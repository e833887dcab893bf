/**
 * The prints after the first one, in one loop: words broken at a page's end
 * or in a long hyphen run (`hyphen-breaks.ts`) and the contents list's page
 * numbers (`contents.ts`) are both read from the last print and both fixed
 * in the still-open page before one more print. Separately, a brief with a
 * contents list and a mended word printed three times or more (mend, print,
 * read, write the numbers, print); together, usually twice.
 *
 * Each print is read once, with pdf-lib from its content streams
 * (`print-read.ts`; the renderer reads in its finish worker, which finishes
 * the print from the same parse); pdfjs only for a PDF that reader does not know.
 */
import type {Page} from 'puppeteer-core'
import {contentsNumbers, contentsTargets, destinationPages, sameNumbers, writeContentsNumbers} from './contents.js'
import {brokenWords, maxPrints as hyphenPrints, mendInPage, printedLines} from './hyphen-breaks.js'
import {layOutAgain, pagedNotesSelector, pagedSource, type PagedLayout} from './paged.js'
import {aheadHeld, undoAhead, type PrintAhead} from './print-ahead.js'
import type {PrintRead, PrintWant} from './print-read.js'

/** Reads a print for a reprint pass. */
export type ReadPrint = (pdf: Uint8Array, want: PrintWant) => Promise<PrintRead>

/** In this thread: pdf-lib loaded here only when asked (the renderer reads in its finish worker). */
const readHere: ReadPrint = async (pdf, want) => (await import('./print-read.js')).readPrint(pdf, want)

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
 * @param options.ahead
 *   What `printAhead` wrote into the page before the first print: its
 *   numbers count as written (foreseen right, no print more) and its words as mended.
 * @param options.targets
 *   The page's `contentsTargets`, when asked before the print (a round trip less after it).
 * @param options.read
 *   Reads a print (`readPrint` by default); the renderer's reads each print in
 *   its finish worker and finishes it from the same parse.
 * @returns
 *   The last PDF, how many prints it took and how many words were printed whole.
 */
export async function reprintUntilSettled(page: Page, pdf: Uint8Array, print: () => Promise<Uint8Array>, options: {mendHyphens: boolean; ahead?: PrintAhead; read?: ReadPrint; targets?: string[]}): Promise<{pdf: Uint8Array; prints: number; mended: number}> {
  const targets = options.targets ?? (await contentsTargets(page))
  const {ahead} = options
  const readPrint = options.read ?? readHere
  let prints = 1
  // A print the foreseen words had to be taken back from counts toward no budget: the loop then runs as without them.
  let undone = 0
  let mended = ahead?.mended ?? 0
  let written: Record<string, string> = ahead?.numbers ?? {}
  for (;;) {
    const mending = options.mendHyphens && prints - undone < hyphenPrints
    if ((!mending && targets.length === 0) || prints - undone >= maxPrints) return {pdf, prints, mended}
    const checkAhead = prints === 1 && ahead !== undefined && ahead.mended > 0
    const read = await readPrint(pdf, {lines: mending || checkAhead, destinations: targets.length > 0})
    const lines = mending || checkAhead ? (read.pages ?? (await printedLines(pdf))) : []
    if (checkAhead && !aheadHeld(ahead, lines)) {
      await undoAhead(page, ahead)
      mended -= ahead.mended
      pdf = await print()
      prints++
      undone++
      continue
    }
    let count = 0
    if (mending) count = await mendInPage(page, brokenWords(lines))
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

/**
 * The hyphen pass for a paged-media layout (page-bottom notes): the words a
 * print broke at a page's end (its last line of text, above the notes) or in
 * a long hyphen run are printed whole in the engine's source, the engine
 * lays the pages out again (`layOutAgain`: notes go with their calls again)
 * and the page is printed again; at most `hyphenPrints` prints in all. A
 * layout that would misplace a note the last print had on its call's page
 * is not printed: the last print stands (the page then shows that layout,
 * which no output shows).
 * Paged.js resolves the contents numbers itself on each layout.
 *
 * @param print
 *   Prints the page again (marking its links anew: the pages are new).
 * @returns
 *   The last PDF, prints and words mended, and the notes the last layout placed badly.
 */
export async function reprintPaged(page: Page, pdf: Uint8Array, print: () => Promise<Uint8Array>, layout: PagedLayout): Promise<{pdf: Uint8Array; prints: number; mended: number; misplaced: string[]}> {
  let prints = 1
  let mended = 0
  let misplaced = layout.misplaced
  const source = await pagedSource(layout.engine)
  try {
    while (prints < hyphenPrints) {
      const read = await readHere(pdf, {lines: true, destinations: false})
      const words = brokenWords(read.pages ?? (await printedLines(pdf)), {bodyPageEnds: true})
      const count = await mendInPage(page, words, {root: source, skip: pagedNotesSelector, anyBreak: true})
      if (count === 0) break
      const relaid = await layOutAgain(page, layout.engine)
      // Notes come first: a layout that places a note worse than the last print did is not printed.
      if (relaid.misplaced.some((note) => !misplaced.includes(note))) break
      mended += count
      misplaced = relaid.misplaced
      pdf = await print()
      prints++
    }
  } finally {
    await source.dispose()
  }
  return {pdf, prints, mended, misplaced}
}
