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
import {createRequire} from 'node:module'
import path from 'node:path'
import type {Page} from 'puppeteer-core'
import type {RenderAsset} from './page.js'

/** Where the engine is served, relative to the brief. */
export const pagedScriptUrl = 'assets/pagedjs/paged.min.js'

/** The engine's file, to serve from memory. */
export function pagedAsset(): RenderAsset {
  // The package exports no subpaths: find its folder through its main entry (`lib/index.cjs`).
  const entry = createRequire(import.meta.url).resolve('pagedjs')
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

/** Layouts at most: the first, then one per round of notes kept with their call. */
const maxLayouts = 3

/**
 * Run Paged.js over the loaded brief: JavaScript on, our script added with
 * the nonce, the layout awaited. JavaScript stays on until `endPagedMedia`.
 *
 * Paged.js may send a note whole to the next page while its call stays
 * behind (when not one line of it fits below the call). Each such note is
 * then marked `data-brief-keep` (CSS: `footnote-policy: line`, so the call's
 * line goes to the next page with its note) and the brief is laid out again
 * from a fresh load (`reload`).
 *
 * @returns
 *   Pages, layouts run, and the notes still not on their call's page (none,
 *   unless three layouts could not place them).
 */
export async function runPagedMedia(page: Page, nonce: string, reload: () => Promise<void>): Promise<{pages: number; layouts: number; misplaced: string[]}> {
  const kept = new Set<string>()
  for (let layouts = 1; ; layouts++) {
    const pages = await layOut(page, nonce, [...kept])
    const misplaced = await misplacedNotes(page)
    if (misplaced.length === 0 || layouts >= maxLayouts || misplaced.every((note) => kept.has(note))) return {pages, layouts, misplaced}
    for (const note of misplaced) kept.add(note)
    await page.setJavaScriptEnabled(false)
    await reload()
  }
}

async function layOut(page: Page, nonce: string, kept: string[]): Promise<number> {
  await page.setJavaScriptEnabled(true)
  await page.evaluate(
    (src: string, nonce: string, kept: string[]) =>
      new Promise<void>((resolve, reject) => {
        for (const note of Array.from(document.querySelectorAll('.brief-page-note[data-brief-note]'))) {
          if (kept.includes(note.getAttribute('data-brief-note') ?? '')) note.setAttribute('data-brief-keep', '')
        }
        const script = document.createElement('script')
        script.nonce = nonce
        script.src = src
        script.addEventListener('load', () => resolve())
        script.addEventListener('error', () => reject(new Error(`Cannot load the paged-media engine \`${src}\``)))
        document.head.append(script)
      }),
    pagedScriptUrl,
    nonce,
    kept
  )
  return page.evaluate(async () => {
    // The minified bundle names its global `PagedModule`.
    const engine = (window as unknown as {PagedModule?: {Previewer: new () => {preview(): Promise<{total: number}>}}}).PagedModule
    if (!engine) throw new Error('The paged-media engine did not start')
    const flow = await new engine.Previewer().preview()
    return flow.total
  })
}

/** Numbers of the notes whose first part is not on the page of their call, after a layout. */
async function misplacedNotes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll('.pagedjs_page'))
    const pageOf = (element: Element) => pages.findIndex((candidate) => candidate.contains(element))
    const misplaced: string[] = []
    for (const call of Array.from(document.querySelectorAll('[data-footnote-call]'))) {
      const reference = call.getAttribute('data-ref') ?? ''
      const note = Array.from(document.querySelectorAll('.pagedjs_footnote_area [data-ref]')).find(
        (element) => element.getAttribute('data-ref') === reference && !element.hasAttribute('data-split-from')
      )
      if (!note || pageOf(note) !== pageOf(call)) misplaced.push(note?.getAttribute('data-brief-note') ?? call.getAttribute('data-ref') ?? '')
    }
    return misplaced
  })
}

/** JavaScript off again: the pool's page goes back to its default for the next brief. */
export async function endPagedMedia(page: Page): Promise<void> {
  if (!page.isClosed()) await page.setJavaScriptEnabled(false).catch(() => undefined)
}
