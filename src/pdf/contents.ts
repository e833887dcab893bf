/**
 * Page numbers of the contents list without a paged-media engine.
 *
 * Chromium has no `target-counter()`, so the numbers come from the PDF:
 * print once, read the page of each heading from the PDF's named
 * destinations (Chromium writes one for every link target, keyed by the
 * target's id), write the numbers into `[data-brief-page-of]` and print
 * again. The numbers sit in boxes of fixed width (`templates/contents.css`),
 * so writing them moves nothing; the pages are read again after each print
 * (`reprint.ts`, with the hyphen pass), and the loop stops as soon as they agree.
 */
import type {Page} from 'puppeteer-core'
import {importOptional} from '../optional.js'

/** The contents entries' targets (`#id`), in order; none when the brief has no contents list. */
export async function contentsTargets(page: Page): Promise<string[]> {
  return page.evaluate(targetsInPage)
}

/** `contentsTargets`' code, run in the page (self-contained: also sent inside print-ahead's call, `markAndPrintAhead`). */
export const targetsInPage = (): string[] => Array.from(document.querySelectorAll('[data-brief-page-of]'), (element) => element.getAttribute('data-brief-page-of') ?? '')

/**
 * Target ▶ the page number to print for it (blank for a heading printed
 * nowhere), from the print's destinations. Chromium names a destination by
 * the URL's fragment, a non-ASCII id percent-encoded (`section-%C3%A9t%C3%A9`):
 * both sides are compared decoded.
 */
export function contentsNumbers(targets: readonly string[], destinations: ReadonlyMap<string, number>): Record<string, string> {
  const pages = new Map<string, number>()
  for (const [name, page] of destinations) pages.set(decodeTarget(name), page)
  return Object.fromEntries(targets.map((target) => [target, String(pages.get(decodeTarget(target)) ?? '')]))
}

/** Write the numbers into the still-open page, for the next print. */
export async function writeContentsNumbers(page: Page, numbers: Record<string, string>): Promise<void> {
  await page.evaluate((numbers: Record<string, string>) => {
    for (const element of Array.from(document.querySelectorAll('[data-brief-page-of]'))) {
      const number = numbers[element.getAttribute('data-brief-page-of') ?? '']
      // A heading that printed nowhere keeps its blank.
      if (number) element.textContent = number
    }
  }, numbers)
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

export function sameNumbers(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}

/** Named destination ▶ 1-based page number, read with pdfjs-dist: for a PDF `readPrint` cannot read. */
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
