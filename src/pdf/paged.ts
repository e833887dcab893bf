/**
 * The paged-media pass for page-bottom notes (`notes: page`): Paged.js lays
 * the brief out in the page before Chromium prints it. Chromium alone cannot
 * put a note at the foot of the page that cites it (it ignores
 * `float: footnote`); Paged.js reads that CSS, moves each note to the foot of
 * its call's page, continues a long note on the next page, and resolves
 * `target-counter()` for the contents list.
 *
 * The only script that ever runs in the page is ours, and only for this
 * option:
 * - the document is served with a Content-Security-Policy whose `script-src`
 *   is a fresh random nonce, so no script or `on*` handler of the document
 *   runs, sanitised away or not;
 * - the page loads with JavaScript off (as every brief does); it is switched
 *   on only after the load, to run Paged.js, and off again after printing;
 * - Paged.js (the `pagedjs` package's bundle) is served from memory under
 *   the brief's synthetic origin, like the fonts: no request leaves the
 *   machine, and the request policy of `page.ts` still refuses the rest.
 */
import {randomBytes} from 'node:crypto'
import path from 'node:path'
import type {Page} from 'puppeteer-core'
import {resolveOptional} from '../optional.js'
import type {RenderAsset} from './page.js'

/** Where the engine is served, relative to the brief. */
export const pagedScriptUrl = 'assets/pagedjs/paged.min.js'

/** The engine's file, to serve from memory. */
export function pagedAsset(): RenderAsset {
  // The package exports no subpaths: find its folder through its main entry (`lib/index.cjs`).
  const entry = resolveOptional('pagedjs')
  return {url: pagedScriptUrl, path: path.join(path.dirname(entry), '..', 'dist', 'paged.min.js'), type: 'text/javascript; charset=utf-8'}
}

/** A fresh nonce per render: the article cannot know it. */
export function createNonce(): string {
  return randomBytes(18).toString('base64')
}

/**
 * The document's Content-Security-Policy for a paged render: scripts only
 * with the nonce (no inline handlers, no `eval`), no plug-ins, frames,
 * workers, forms or base URL changes. Styles, fonts and images stay as the
 * request policy allows them.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    `script-src 'nonce-${nonce}'`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "connect-src 'self'"
  ].join('; ')
}

/**
 * Run Paged.js over the loaded brief: JavaScript on, our script added with
 * the nonce, the layout awaited. JavaScript stays on until `endPagedMedia`.
 *
 * @returns
 *   Pages, and the notes Paged.js did not place on their call's page (or
 *   placed over text it had already laid out), so the build can say so.
 */
export async function runPagedMedia(page: Page, nonce: string): Promise<{pages: number; misplaced: string[]}> {
  const pages = await layOut(page, nonce)
  return {pages, misplaced: await misplacedNotes(page)}
}

async function layOut(page: Page, nonce: string): Promise<number> {
  await page.setJavaScriptEnabled(true)
  await page.evaluate(
    (src: string, nonce: string) =>
      new Promise<void>((resolve, reject) => {
        const script = document.createElement('script')
        script.nonce = nonce
        script.src = src
        script.addEventListener('load', () => resolve())
        script.addEventListener('error', () => reject(new Error(`Cannot load the paged-media engine \`${src}\``)))
        document.head.append(script)
      }),
    pagedScriptUrl,
    nonce
  )
  return page.evaluate(async () => {
    // The minified bundle names its global `PagedModule`.
    const engine = (window as unknown as {PagedModule?: {Previewer: new () => {preview(): Promise<{total: number}>}}}).PagedModule
    if (!engine) throw new Error('The paged-media engine did not start')
    const flow = await new engine.Previewer().preview()
    return flow.total
  })
}

/**
 * Numbers of the notes Paged.js placed badly, after a layout:
 * - a note whose first part is not on the page of its call, or not in the
 *   visible part of its page's notes area;
 * - the last note called on a page whose text runs under its notes (Paged.js
 *   grew the notes area over lines it had already placed: they would be
 *   hidden, lost from the PDF).
 */
async function misplacedNotes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.pagedjs_page'))
    const pageOf = (element: Element) => pages.findIndex((candidate) => candidate.contains(element))
    const notes = Array.from(document.querySelectorAll('.pagedjs_footnote_area [data-ref]'))
    const misplaced = new Set<string>()
    const lastCallOfPage = new Map<number, string>()
    for (const call of Array.from(document.querySelectorAll('[data-footnote-call]'))) {
      const reference = call.getAttribute('data-ref') ?? ''
      const note = notes.find((element) => element.getAttribute('data-ref') === reference && !element.hasAttribute('data-split-from'))
      const number = note?.getAttribute('data-brief-note') ?? reference
      const area = note?.closest('.pagedjs_footnote_area')?.getBoundingClientRect()
      const top = note?.getBoundingClientRect().top ?? 0
      const visible = area !== undefined && top >= area.top - 1 && top < area.bottom - 1
      if (!note || !visible || pageOf(note) !== pageOf(call)) misplaced.add(number)
      lastCallOfPage.set(pageOf(call), number)
    }
    pages.forEach((candidate, index) => {
      const content = candidate.querySelector('.pagedjs_page_content')
      if (!content) return
      // Paged.js lays a page's content out in columns: a line past the page's area sits in a column to the right.
      const box = content.getBoundingClientRect()
      const range = document.createRange()
      range.selectNodeContents(content)
      const hidden = Array.from(range.getClientRects()).some(
        (line) => line.height > 0 && line.width > 0 && (line.left >= box.right - 1 || (line.bottom > box.bottom + 2 && line.top < box.bottom + 400))
      )
      const last = lastCallOfPage.get(index)
      if (hidden && last) misplaced.add(last)
    })
    return [...misplaced]
  })
}

/** JavaScript off again: the pool's page goes back to its default for the next brief. */
export async function endPagedMedia(page: Page): Promise<void> {
  if (!page.isClosed()) await page.setJavaScriptEnabled(false).catch(() => undefined)
}
