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
import type {JSHandle, Page} from 'puppeteer-core'
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
export async function runPagedMedia(page: Page, nonce: string): Promise<PagedLayout> {
  const engine = await layOut(page, nonce)
  return {pages: await engine.evaluate((flow) => flow.total), misplaced: await misplacedNotes(page), engine}
}

/** A paged-media layout: its pages, the notes it placed badly, and the engine's flow (its source and pages) for `layOutAgain`. */
export interface PagedLayout {
  pages: number
  misplaced: string[]
  engine: JSHandle<PagedFlow>
}

/**
 * Lay the pages out again from the engine's source, as Paged.js itself does
 * after an overflow (the same handlers, styles and note repairs): for a
 * source changed since (`mendInPage` on `pagedSource`, words printed whole).
 * The pages are new: links marked before the last print must be marked again.
 */
export async function layOutAgain(page: Page, engine: JSHandle<PagedFlow>): Promise<{pages: number; misplaced: string[]}> {
  const pages = await engine.evaluate(async (flow) => {
    flow.removePages(0)
    flow.breakToken = undefined
    flow.start()
    let rendered = await flow.render(flow.source, undefined)
    while (rendered.canceled) {
      flow.start()
      rendered = await flow.render(flow.source, flow.breakToken)
    }
    flow.rendered = true
    flow.pagesArea.style.setProperty('--pagedjs-page-count', String(flow.total))
    await flow.hooks.afterRendered.trigger(flow.pages, flow)
    return flow.total
  })
  return {pages, misplaced: await misplacedNotes(page)}
}

/** The engine's source (the brief's body, which each layout copies into pages). */
export async function pagedSource(engine: JSHandle<PagedFlow>): Promise<JSHandle<Node>> {
  return engine.evaluateHandle((flow) => flow.source)
}

/** The text under this selector prints at the page foot, not where the engine's source has it: `mendInPage` leaves it out. */
export const pagedNotesSelector = '.brief-page-note'

async function layOut(page: Page, nonce: string): Promise<JSHandle<PagedFlow>> {
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
  return page.evaluateHandle(async (continuedShare: number, maxStretchShare: number) => {
    // The minified bundle names its global `PagedModule`.
    const engine = (window as unknown as {PagedModule?: PagedModule}).PagedModule
    if (!engine) throw new Error('The paged-media engine did not start')
    const footnotes = engine.registeredHandlers.find((handler) => typeof handler.prototype.moveFootnote === 'function')
    if (!footnotes) throw new Error('The paged-media engine has no footnote handler')
    // Chromium's layout unit: boxes are placed in 1/64 px.
    const layoutUnit = 1 / 64
    // Less than the gap Paged.js leaves before the overflow's columns (`--pagedjs-column-gap-offset`, 1000 px).
    const overflowGap = 100
    keepNotesWithTheirCalls(footnotes.prototype as FootnoteHandler, continuedShare, maxStretchShare)
    keepLinesOffTheNotes(footnotes.prototype as FootnoteHandler)
    return new engine.Previewer().preview()

    /**
     * A third repair: no body line left where it cannot print. The engine
     * finds a page's end against the text area it measured when the page
     * began, and cuts the text there; cut short, the last paragraph is laid
     * out anew (the engine's hyphen at the cut, `text-wrap: pretty`, `widows`)
     * and may take a line or two more, which the columns then push past the
     * page (the overflow column, printed nowhere), or the notes area grown
     * since may cover them. After each page, while its text area holds such
     * lines, the page is cut again where the engine's own overflow test finds
     * them against the area as it is now, and the next page starts there.
     */
    function keepLinesOffTheNotes(handler: FootnoteHandler): void {
      const after = handler.afterPageLayout
      handler.afterPageLayout = function (this: FootnoteHandler, pageElement: Element, page: PagedPage, breakToken: BreakToken | undefined, chunker: {source: Node}) {
        after.call(this, pageElement, page, breakToken, chunker)
        const layout = page.layoutMethod
        // The document's last page has no next page to take the lines (left reported by `misplacedNotes`).
        if (!breakToken?.node || !layout || !page.wrapper) return
        for (let cut = 0; cut < 3 && hidesLines(page.area); cut++) {
          const overflow = layout.findOverflow(page.wrapper, page.area.getBoundingClientRect())
          if (!overflow) return
          const token = cutInTheEnginesCut(overflow, breakToken) ?? layout.createBreakToken(overflow, page.wrapper, chunker.source)
          if (!token?.node || !isBefore(token, breakToken)) return
          const letter = token.offset && token.node.textContent ? token.node.textContent.charAt(token.offset) : undefined
          const removed = layout.removeOverflow(overflow, letter)
          // Notes called in the lines cut go with them (the engine's own hook for a cut).
          void layout.hooks?.afterOverflowRemoved.trigger(removed, page.wrapper, layout)
          breakToken.node = token.node
          breakToken.offset = token.offset
        }
      }
    }

    /**
     * The source position of a cut inside the text the engine itself cut
     * (the page's last text, a tail of the source text ending where the
     * engine resumes, its hyphen after it): the engine's own mapping
     * (`createBreakToken`) looks that text up whole in the source and, with
     * the hyphen added, finds nothing.
     */
    function cutInTheEnginesCut(overflow: Range, engineCut: BreakToken): BreakToken | undefined {
      const rendered = overflow.startContainer
      const source = engineCut.node
      if (rendered.nodeType !== Node.TEXT_NODE || source?.nodeType !== Node.TEXT_NODE) return undefined
      const end = engineCut.offset ?? 0
      const sourceText = source.textContent ?? ''
      const text = rendered.textContent ?? ''
      for (const candidate of [text, text.replace(/\u2011$/, '')]) {
        const start = end - candidate.length
        if (start >= 0 && overflow.startOffset <= candidate.length && sourceText.slice(start, end) === candidate) return {node: source, offset: start + overflow.startOffset}
      }
      return undefined
    }

    /** Does the page's text area hold a line past its bottom (under the notes) or in the overflow's columns to the right? */
    function hidesLines(content: Element): boolean {
      const box = content.getBoundingClientRect()
      const range = document.createRange()
      range.selectNodeContents(content)
      return Array.from(range.getClientRects()).some(
        (line) => line.height > 0 && line.width > 0 && (line.left >= box.right - 1 || (line.bottom > box.bottom + 2 && line.top < box.bottom + 400))
      )
    }

    /** Is `token` earlier in the engine's source than `than`? (A cut only ever moves a page's end back.) */
    function isBefore(token: BreakToken, than: BreakToken): boolean {
      if (!than.node || token.node === than.node) return (token.offset ?? 0) < (than.offset ?? 0)
      return Boolean(token.node!.compareDocumentPosition(than.node) & Node.DOCUMENT_POSITION_FOLLOWING)
    }

    /**
     * Two repairs to Paged.js 0.4.3's footnote placement (`footnote-policy:
     * auto`), made on its handler before the layout:
     * - with no room below a call for even the notes area, the engine sends
     *   the note to the next page and leaves its call behind; instead the
     *   call's line goes to the next page with its note (the engine's own
     *   `footnote-policy: line` move, for this case only), when the call is
     *   on the page (not in the overflow Paged.js lays out beside it) and the
     *   notes area grows by at most `stretchShare` of the page;
     * - a note continued from the page before takes as much of the page as it
     *   needs, even more than the page (the rest is then lost under it);
     *   instead it takes at most `continuedShare` of the page and continues
     *   again on the next.
     */
    function keepNotesWithTheirCalls(handler: FootnoteHandler, share: number, stretchShare: number): void {
      const move = handler.moveFootnote
      handler.moveFootnote = function (this: FootnoteHandler, node: Element, pageArea: HTMLElement, needsNoteCall: boolean) {
        const deferred = this.needsLayout.length
        move.call(this, node, pageArea, needsNoteCall)
        const content = pageArea.querySelector('.pagedjs_page_content')
        const noteArea = pageArea.querySelector('.pagedjs_footnote_area')
        if (!content || !noteArea) return
        const areaTop = content.getBoundingClientRect().top
        const areaBottom = noteArea.getBoundingClientRect().bottom
        if (needsNoteCall && (this.needsLayout.length > deferred || startsBelow(node, noteArea, areaBottom - areaTop))) {
          const call = pageArea.querySelector(`[data-footnote-call="${node.getAttribute('data-ref') ?? ''}"]`)
          const line = call?.previousSibling ?? call
          if (!call || !line) return
          // A call past the page's area is not on this page: Paged.js lays the overflow out in
          // columns a wide gap (1000 px) to the right and breaks before it by itself. (A call
          // ending a justified line may start right at the area's edge: that one is on the page.)
          const callBox = call.getBoundingClientRect()
          const contentBox = content.getBoundingClientRect()
          if (callBox.left > contentBox.right + overflowGap || callBox.top >= contentBox.bottom) return
          const range = document.createRange()
          range.setStartBefore(line)
          range.setEndAfter(call)
          const callTop = range.getBoundingClientRect().top
          // A call on the page's first line stays: moving its line would leave the page empty.
          if (callTop - areaTop < 2) return
          // The notes area may grow over a few lines, never over the page: past the cap the engine's own placement stands.
          if (noteArea.getBoundingClientRect().top - callTop > (areaBottom - areaTop) * stretchShare) return
          const inner = noteArea.querySelector<HTMLElement>('.pagedjs_footnote_inner_content')
          if (!inner) return
          if (this.needsLayout.length > deferred) {
            const note = this.needsLayout.pop()?.firstChild
            if (note instanceof Element) inner.append(note)
          }
          noteArea.querySelector('.pagedjs_footnote_content')?.classList.remove('pagedjs_footnote_empty')
          inner.style.removeProperty('height')
          // Cover the call's line: the layout breaks before it, and the engine drops this note with the line.
          pageArea.style.setProperty('--pagedjs-footnotes-height', `${Math.ceil(areaBottom - callTop)}px`)
          return
        }
        if (!needsNoteCall) {
          const limit = Math.floor((areaBottom - areaTop) * share)
          const height = Number.parseFloat(pageArea.style.getPropertyValue('--pagedjs-footnotes-height'))
          if (height > limit) pageArea.style.setProperty('--pagedjs-footnotes-height', `${limit}px`)
        }
      }
    }

    /**
     * Does the note not fit whole below its call, while being short enough to
     * go whole to the next page with its call's line (at most a third of the
     * page)? Left to itself the engine would cut such a note after a line or
     * none, and move it whole to the next page, away from its call. Longer
     * notes start here and continue overleaf.
     *
     * Where the engine cut the notes short of their area (an explicit height
     * on the inner box, the room left above the call), it lays them out in
     * columns of exactly that height and moves on whatever passes it, by any
     * fraction of a pixel: the test there is to the layout's own precision.
     * Elsewhere the area is the engine's whole-pixel measure of the notes, so
     * a note up to a pixel past its bottom still prints whole.
     */
    function startsBelow(note: Element, noteArea: Element, pageHeight: number): boolean {
      if (!noteArea.contains(note)) return false
      const box = note.getBoundingClientRect()
      if (box.height > pageHeight / 3) return false
      const inner = noteArea.querySelector<HTMLElement>('.pagedjs_footnote_inner_content')
      const cutAt = inner?.style.height ? inner.getBoundingClientRect().bottom : Number.POSITIVE_INFINITY
      return box.bottom > cutAt + layoutUnit || box.bottom > noteArea.getBoundingClientRect().bottom + 1
    }
  }, continuedNoteShare, maxNoteStretchShare)
}

/**
 * The most of a page the repair may add to the notes area when it moves a
 * call's line to the next page with its note (a line or two, as a rule):
 * beyond it the engine's own placement stands (the note on the next page,
 * reported), rather than notes covering the page's text.
 */
const maxNoteStretchShare = 0.25

/** The most of a page a note continued from the page before may take (the rest continues again). */
const continuedNoteShare = 0.6

/** What `layOut` uses of the engine's bundle (`pagedjs`'s `PagedModule` global). */
interface PagedModule {
  Previewer: new () => {preview(): Promise<PagedFlow>}
  registeredHandlers: Array<{prototype: Partial<FootnoteHandler>}>
}

/** Paged.js 0.4.3's chunker (what `preview()` resolves to), as far as `layOutAgain` uses it. */
export interface PagedFlow {
  total: number
  source: DocumentFragment
  pages: unknown[]
  pagesArea: HTMLElement
  breakToken: unknown
  rendered: boolean
  hooks: {afterRendered: {trigger(...args: unknown[]): Promise<unknown>}}
  removePages(fromIndex: number): void
  start(): void
  render(source: DocumentFragment, startAt: unknown): Promise<{canceled?: boolean}>
}

/** Paged.js 0.4.3's footnote handler, as far as `keepNotesWithTheirCalls` and `keepLinesOffTheNotes` use it. */
interface FootnoteHandler {
  needsLayout: Array<DocumentFragment | HTMLElement>
  moveFootnote(node: Element, pageArea: HTMLElement, needsNoteCall: boolean): void
  afterPageLayout(pageElement: Element, page: PagedPage, breakToken: BreakToken | undefined, chunker: {source: Node}): void
}

/** Where Paged.js 0.4.3 resumes the layout: a node of its source, and an offset in its text. */
interface BreakToken {
  node?: Node
  offset?: number
}

/** A page of Paged.js 0.4.3, as far as `keepLinesOffTheNotes` uses it: its text area, the wrapper holding its text, its layout. */
interface PagedPage {
  area: HTMLElement
  wrapper?: HTMLElement
  layoutMethod?: {
    hooks?: {afterOverflowRemoved: {trigger(...args: unknown[]): unknown}}
    findOverflow(rendered: Element, bounds: DOMRect): Range | undefined
    createBreakToken(overflow: Range, rendered: Element, source: Node): BreakToken | undefined
    removeOverflow(overflow: Range, breakLetter: string | undefined): DocumentFragment
  }
}

/**
 * Numbers of the notes Paged.js placed badly, after a layout:
 * - a note whose first part is not on the page of its call, or not in the
 *   visible part of its page's notes area;
 * - the last note called on a page whose text runs under its notes or into
 *   the overflow column beside it (lines `keepLinesOffTheNotes` could not
 *   move: they would be hidden, lost from the PDF).
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

/**
 * Paged.js names each page-bottom note `note-<UUID>` with a UUID of its own
 * making (the clock and `Math.random`), and Chromium prints every id a link
 * points to as a named destination: the same brief printed twice gave two
 * different PDFs. Before each print the notes are named again in document
 * order (`note-1`, `note-2` …; a note split over two pages keeps one name),
 * and the calls' links follow, so the bytes depend on the brief alone.
 */
export async function nameNotesInOrder(page: Page): Promise<void> {
  await page.evaluate(() => {
    const names = new Map<string, string>()
    for (const note of Array.from(document.querySelectorAll('[id^="note-"]'))) {
      let name = names.get(note.id)
      if (name === undefined) {
        name = `note-${names.size + 1}`
        names.set(note.id, name)
      }
      note.id = name
    }
    for (const link of Array.from(document.querySelectorAll('a[href^="#note-"]'))) {
      const name = names.get(link.getAttribute('href')!.slice(1))
      if (name !== undefined) link.setAttribute('href', `#${name}`)
    }
  })
}

/** JavaScript off again: the pool's page goes back to its default for the next brief. */
export async function endPagedMedia(page: Page): Promise<void> {
  if (!page.isClosed()) await page.setJavaScriptEnabled(false).catch(() => undefined)
}
