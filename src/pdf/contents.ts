/**
 * Page numbers of the contents list without a paged-media engine.
 *
 * Chromium has no `target-counter()`, so the numbers come from the PDF:
 * print once, read the page of each heading from the PDF's named
 * destinations (Chromium writes one for every link target, keyed by the
 * target's id), write the numbers into `[data-brief-page-of]` and print
 * again. The numbers sit in boxes of fixed width (`templates/contents.css`),
 * so writing them moves nothing; the pages are read again after each print,
 * and the loop stops as soon as they agree.
 */
import type {Page} from 'puppeteer-core'
import {importOptional} from '../optional.js'

/** Prints at most this many times in all (the first print included). */
const maxPrints = 3

/**
 * Fill in the contents list's page numbers.
 *
 * @param page
 *   The loaded brief, printed once as `pdf`.
 * @param print
 *   Prints the page again.
 * @returns
 *   The PDF whose contents numbers equal its headings' pages (the last print
 *   when they never settle), and how many prints it took.
 */
export async function fillContentsPages(page: Page, pdf: Uint8Array, print: () => Promise<Uint8Array>): Promise<{pdf: Uint8Array; prints: number}> {
  const targets = await page.evaluate(() => Array.from(document.querySelectorAll('[data-brief-page-of]'), (element) => element.getAttribute('data-brief-page-of') ?? ''))
  if (targets.length === 0) return {pdf, prints: 1}

  let written: Record<string, string> = {}
  let prints = 1
  for (;;) {
    const pages = await destinationPages(pdf)
    const wanted = Object.fromEntries(targets.map((target) => [target, String(pages.get(decodeTarget(target)) ?? '')]))
    if (sameNumbers(wanted, written) || prints >= maxPrints) return {pdf, prints}
    await page.evaluate((numbers: Record<string, string>) => {
      for (const element of Array.from(document.querySelectorAll('[data-brief-page-of]'))) {
        const number = numbers[element.getAttribute('data-brief-page-of') ?? '']
        // A heading that printed nowhere keeps its blank.
        if (number) element.textContent = number
      }
    }, wanted)
    written = wanted
    pdf = await print()
    prints++
  }
}

/** `#section-origins` ▶ `section-origins`. */
function decodeTarget(target: string): string {
  const id = target.replace(/^#/, '')
  try {
    return decodeURIComponent(id)
  } catch {
    return id
  }
}

function sameNumbers(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}

/** Named destination ▶ 1-based page number, read with pdfjs-dist. */
export async function destinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  const {getDocument} = await importOptional<typeof import('pdfjs-dist/legacy/build/pdf.mjs')>('pdfjs-dist/legacy/build/pdf.mjs')
  const task = getDocument({data: pdf.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0})
  const document = await task.promise
  try {
    const destinations = (await document.getDestinations()) as Record<string, unknown[] | null>
    const pages = new Map<string, number>()
    for (const [name, destination] of Object.entries(destinations)) {
      const reference = destination?.[0]
      if (reference && typeof reference === 'object') pages.set(name, (await document.getPageIndex(reference as {num: number; gen: number})) + 1)
      else if (typeof reference === 'number') pages.set(name, reference + 1)
    }
    return pages
  } finally {
    await task.destroy()
  }
}
