/**
 * The reprint passes' findings, foreseen before the first print.
 *
 * A brief used to print twice whenever its contents list needed page numbers
 * (always: Chromium has no `target-counter()`) or a print broke a word at a
 * page's end (`hyphen-breaks.ts`): the first print was read back, the page
 * fixed, printed again (`reprint.ts`). Both answers depend only on where the
 * pages break, and Chromium's block fragmentation breaks a multi-column box
 * the way it breaks pages (orphans, widows, `break-inside`, `break-after`,
 * margins truncated at a break): laid out once as columns the size of the
 * page's content box, each column is a page. The heading in column 3 prints
 * on page 3; a word whose letters before its soft hyphen sit in one column
 * and after it in the next is a word broken at a page's end.
 *
 * What is foreseen here is written into the page before the first print: the
 * contents numbers, and the broken words printed whole (as `mendInPage`
 * does). The first print is still read back as before and the loop goes on
 * from there (`reprintUntilSettled`): a number foreseen wrong or a word a
 * mend moved to a page's end is fixed by the next print, as it was. Foreseen
 * right (most briefs), the first print is the one the second used to be.
 * Page-bottom notes (Paged.js) are not foreseen: the engine lays its own pages.
 *
 * The layout is our code through DevTools, as the font loading is; the page's
 * own scripts stay off. The root's and body's `style` attributes are put back
 * exactly before printing.
 */
import type {Page} from 'puppeteer-core'
import {targetsInPage} from './contents.js'
import {matchKey, type PrintedLine} from './hyphen-breaks.js'
import {markLinksInPage, relativeLinkPrefix} from './links.js'
import {origin} from './page.js'

/** What the columns foretold and what was written into the page. */
export interface PrintAhead {
  /** Contents target (`#id`) ▶ foreseen page number, as written into its `[data-brief-page-of]`. */
  numbers: Record<string, string>
  /** Words broken at a foreseen page end, printed whole now. */
  mended: number
  /** Each mended word's letters (`matchKey`) and the letters before it: where the first print should show it, first on a page. */
  words: Array<{word: string; before: string}>
  /**
   * The mended text nodes and their text before, kept in the page (`undoAhead` puts them back) under this
   * name of its window (`stash`), or `undefined` when no word was mended.
   */
  originals: string | undefined
}

/**
 * The window property print-ahead keeps its mended text nodes under (`undoAhead`), until the page's next
 * print-ahead or document: one brief's nodes at most, and no call after the print to let them go.
 */
const stash = 'briefPrintAhead'

/** Words broken at page ends are foreseen on briefs of at most this many pages (columns). */
export const mendPagesAhead = 16

/** What the page's code returns: the findings, and the text nodes it changed. */
interface Foreseen {
  result?: Pick<PrintAhead, 'numbers' | 'mended' | 'words'>
  originals: Array<[Text, string]>
}

/** CSS pixels of each paper the renderer knows, for a `@page` rule without a size (96 px an inch, exact). */
export const paperSizes: Record<string, {width: number; height: number}> = {
  A4: {width: (210 * 96) / 25.4, height: (297 * 96) / 25.4},
  Letter: {width: 8.5 * 96, height: 11 * 96}
}

/**
 * Lay the brief out as page-sized columns, write the contents numbers it
 * foresees and print whole the words it foresees broken at a page's end
 * (`mendHyphens`). `undefined` when the page's `@page` rules are not in a
 * shape read here (sizes in font-relative units, `auto` margins, a first page
 * of another width, a root with margins): nothing is changed and the reprint
 * loop works as before.
 *
 * @param paper
 *   The page size when no `@page` rule sets one (`page.pdf`'s `format`).
 * @param options.fontsReady
 *   Also wait for `document.fonts.ready` at the end, in the last call, as a
 *   print does first: the caller prints next without asking again.
 */
export async function printAhead(page: Page, paper: {width: number; height: number}, options: {mendHyphens: boolean; fontsReady?: boolean}): Promise<PrintAhead | undefined> {
  // One round trip (a busy renderer answers each in turn): the findings come back by value, and the
  // mended text nodes stay in the page under `stash` (a window property our DevTools calls alone read:
  // the page's own scripts are off), not in a handle that a second call would have to read the findings from.
  // With `fontsReady`, the call also waits for `document.fonts.ready` (after every change made here), as
  // a print does first: the print that follows need not ask again.
  const result = await page.evaluate(foreseeInPage, ...foreseeArguments(paper, options))
  return aheadOf(result)
}

/**
 * The links marked (`markRelativeLinks`), the contents list's targets read
 * (`contentsTargets`) and `printAhead`, in that order, in one DevTools call:
 * two turns of a busy renderer less before the print. The same code as the
 * three calls (each one's page function, sent as its source), in the same
 * order: a template's CSS that selects on `href` still sees the marked links
 * in print-ahead's layout, and the links are marked when the pages are not
 * read ahead (`ahead` is then `undefined`).
 */
export async function markAndPrintAhead(page: Page, paper: {width: number; height: number}, options: {mendHyphens: boolean; fontsReady?: boolean}): Promise<{relativeLinks: string[]; targets: string[]; ahead: PrintAhead | undefined}> {
  const links: [internalOrigin: string, prefix: string] = [origin, relativeLinkPrefix]
  const {relativeLinks, targets, result} = await page.evaluate(markAndForeseeInPage, links, foreseeArguments(paper, options))
  return {relativeLinks, targets, ahead: aheadOf(result)}
}

type ForeseeArguments = [paper: {width: number; height: number}, mendHyphens: boolean, mendPagesAhead: number, fontsReady: boolean, stash: string]

function foreseeArguments(paper: {width: number; height: number}, options: {mendHyphens: boolean; fontsReady?: boolean}): ForeseeArguments {
  return [paper, options.mendHyphens, mendPagesAhead, options.fontsReady === true, stash]
}

function aheadOf(result: Foreseen['result']): PrintAhead | undefined {
  if (!result) return undefined
  return {...result, originals: result.mended > 0 ? stash : undefined}
}

/**
 * `printAhead`'s code, run in the page (self-contained: it is sent as its
 * source, alone or after the links' and the targets', `markAndPrintAhead`).
 */
const foreseeInPage = async (...[paper, mendHyphens, mendPagesAhead, fontsReady, stash]: ForeseeArguments): Promise<Foreseen['result']> => {
  const foresee = (): Foreseen => {
    const none: Foreseen = {originals: []}
    const pixelsPer: Record<string, number> = {px: 1, in: 96, cm: 96 / 2.54, mm: 96 / 25.4, q: 96 / 101.6, pt: 96 / 72, pc: 16}
    /** An absolute length in CSS pixels; `undefined` for anything else (`auto`, `em`, percentages). */
    const pixels = (value: string): number | undefined => {
      const match = /^(-?[\d.]+)([a-z]*)$/i.exec(value.trim())
      if (!match) return undefined
      const number = Number(match[1])
      if (match[2] === '' && number === 0) return 0
      const unit = pixelsPer[match[2]!.toLowerCase()]
      return unit === undefined || !Number.isFinite(number) ? undefined : number * unit
    }
    // Named sizes in millimetres (CSS Paged Media) and inches.
    const named: Record<string, [number, number]> = {
      a5: [148 * (96 / 25.4), 210 * (96 / 25.4)],
      a4: [210 * (96 / 25.4), 297 * (96 / 25.4)],
      a3: [297 * (96 / 25.4), 420 * (96 / 25.4)],
      b5: [176 * (96 / 25.4), 250 * (96 / 25.4)],
      b4: [250 * (96 / 25.4), 353 * (96 / 25.4)],
      letter: [8.5 * 96, 11 * 96],
      legal: [8.5 * 96, 14 * 96],
      ledger: [11 * 96, 17 * 96]
    }
    const sizeOf = (value: string): [number, number] | undefined => {
      const words = value.trim().toLowerCase().split(/\s+/).filter(Boolean)
      if (words.length === 0) return [paper.width, paper.height]
      let size: [number, number] | undefined
      let orientation: string | undefined
      const lengths: number[] = []
      for (const word of words) {
        if (word === 'landscape' || word === 'portrait') orientation = word
        else if (named[word]) size = named[word]
        else if (word === 'auto') size = [paper.width, paper.height]
        else {
          const length = pixels(word)
          if (length === undefined) return undefined
          lengths.push(length)
        }
      }
      if (lengths.length > 0) {
        if (size) return undefined
        size = [lengths[0]!, lengths[1] ?? lengths[0]!]
      }
      size ??= [paper.width, paper.height]
      if (orientation === 'landscape' && size[0] < size[1]) return [size[1], size[0]]
      if (orientation === 'portrait' && size[0] > size[1]) return [size[1], size[0]]
      return size
    }

    // The `@page` rules, later ones winning: every page's, and the first page's on top.
    const sides = ['top', 'right', 'bottom', 'left'] as const
    const every: Record<string, string> = {size: ''}
    const first: Record<string, string> = {}
    for (const sheet of Array.from(document.styleSheets)) {
      let rules: CSSRuleList
      try {
        rules = sheet.cssRules
      } catch {
        continue
      }
      for (const rule of Array.from(rules)) {
        if (!(rule instanceof CSSPageRule)) continue
        const target = rule.selectorText === '' ? every : rule.selectorText === ':first' ? first : undefined
        // Named or `:left`/`:right` pages: not read here.
        if (!target) return none
        for (const property of ['size', ...sides.map((side) => `margin-${side}`)]) {
          const value = rule.style.getPropertyValue(property)
          if (value) target[property] = value
        }
      }
    }
    const size = sizeOf(every.size!)
    // A page size other than the paper's: Chromium's print layout then differs from the columns' (seen with A5 on A4 paper).
    if (!size || first.size || Math.abs(size[0] - paper.width) > 1 || Math.abs(size[1] - paper.height) > 1) return none
    const margin = (rule: Record<string, string>, side: string) => pixels(rule[`margin-${side}`] ?? every[`margin-${side}`] ?? '0')
    const [top, right, bottom, left] = sides.map((side) => margin(every, side))
    const [firstTop, firstRight, firstBottom, firstLeft] = sides.map((side) => margin(first, side))
    if ([top, right, bottom, left, firstTop, firstRight, firstBottom, firstLeft].some((value) => value === undefined)) return none
    const width = size[0] - left! - right!
    const height = size[1] - top! - bottom!
    const firstHeight = size[1] - firstTop! - firstBottom!
    if (firstLeft !== left || firstRight !== right || width <= 0 || height <= 0 || firstHeight <= 0) return none

    const root = document.documentElement
    const body = document.body
    if (!body) return none
    const rootStyle = getComputedStyle(root)
    const boxOf = (style: CSSStyleDeclaration) => sides.flatMap((side) => [style.getPropertyValue(`margin-${side}`), style.getPropertyValue(`padding-${side}`), style.getPropertyValue(`border-${side}-width`)])
    // The root's box is the page area in print; a root with margins, padding or borders of its own is not foreseen.
    if (boxOf(rootStyle).some((value) => Number.parseFloat(value) !== 0) || rootStyle.display !== 'block' || getComputedStyle(body).display !== 'block') return none

    const rootAttribute = root.getAttribute('style')
    const bodyAttribute = body.getAttribute('style')
    const bodyTop = Number.parseFloat(getComputedStyle(body).marginTop) || 0
    // Each column a page's content box; the first page is taller by what its margins give: the body starts that much higher.
    root.style.setProperty('columns', `${width}px`, 'important')
    root.style.setProperty('column-gap', '0px', 'important')
    root.style.setProperty('column-fill', 'auto', 'important')
    root.style.setProperty('width', `${width}px`, 'important')
    root.style.setProperty('height', `${height}px`, 'important')
    root.style.setProperty('box-sizing', 'content-box', 'important')
    body.style.setProperty('margin-top', `${bodyTop - (firstHeight - height)}px`, 'important')

    // A box's left edge may sit a rounding error before its column's.
    const pageAt = (left: number) => Math.floor((left + 0.1) / width) + 1
    // Contents numbers: the page of each target.
    const numbers: Record<string, string> = {}
    for (const element of Array.from(document.querySelectorAll('[data-brief-page-of]'))) {
      const target = element.getAttribute('data-brief-page-of') ?? ''
      let id = target.replace(/^#/, '')
      try {
        id = decodeURIComponent(id)
      } catch {}
      const heading = document.getElementById(id)
      const box = heading?.getBoundingClientRect()
      // A heading laid out nowhere (hidden) keeps its blank, as a print gives it.
      numbers[target] = box && (box.width > 0 || box.height > 0) ? String(pageAt(box.left)) : ''
    }

    // Words broken at a page's end: the letter before a soft hyphen in one column, the one after it in the next.
    const edits: Array<[Text, number, number]> = []
    // The columns drift from the print's pages over a long brief (a line here, a line there): a word foreseen
    // wrong costs a print more (`undoAhead`), so words are foreseen only on briefs of a few pages. Numbers cost nothing when wrong.
    if (mendHyphens && body.getClientRects().length <= mendPagesAhead) {
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT)
      const range = document.createRange()
      const letter = /\p{L}/u
      const inWord = /[\p{L}\p{M}\u00AD]/u
      // A letter's own box: the range of the letter after a soft hyphen also has the hyphen's box at the line's end, first.
      const letterPage = (node: Text, at: number, which: 'first' | 'last'): number | undefined => {
        range.setStart(node, at)
        range.setEnd(node, at + 1)
        const boxes = Array.from(range.getClientRects()).filter((rect) => rect.width > 0)
        const box = which === 'first' ? boxes[0] : boxes.at(-1)
        return box && pageAt(box.left)
      }
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const data = node.data
        if (!data.includes('\u00AD') || node.parentElement?.closest('style, script, head')) continue
        range.selectNodeContents(node)
        const rects = Array.from(range.getClientRects())
        if (rects.length < 2 || rects.every((rect) => pageAt(rect.left) === pageAt(rects[0]!.left))) continue
        for (let at = data.indexOf('\u00AD'); at !== -1; at = data.indexOf('\u00AD', at + 1)) {
          if (at === 0 || at + 1 >= data.length || !letter.test(data[at - 1]!) || !letter.test(data[at + 1]!)) continue
          const before = letterPage(node, at - 1, 'first')
          const after = letterPage(node, at + 1, 'last')
          if (before === undefined || after === undefined || after <= before) continue
          let start = at
          let end = at + 1
          while (start > 0 && inWord.test(data[start - 1]!)) start--
          while (end < data.length && inWord.test(data[end]!)) end++
          edits.push([node, start, end])
        }
      }
    }

    // The page exactly as it was, then the words printed whole (from each node's last word back).
    if (rootAttribute === null) root.removeAttribute('style')
    else root.setAttribute('style', rootAttribute)
    if (bodyAttribute === null) body.removeAttribute('style')
    else body.setAttribute('style', bodyAttribute)
    const originals = new Map<Text, string>()
    const words: Array<{word: string; before: string}> = []
    const key = (text: string) => text.normalize('NFKC').replace(/[^\p{Lu}\p{Ll}\p{Lt}\p{Lo}]+/gu, '').toLowerCase()
    for (const [node, start, end] of edits.reverse()) {
      if (!originals.has(node)) originals.set(node, node.data)
      words.push({word: key(node.data.slice(start, end)), before: key(node.data.slice(Math.max(0, start - 40), start)).slice(-10)})
      node.data = node.data.slice(0, start) + node.data.slice(start, end).replace(/\u00AD/g, '') + node.data.slice(end)
    }
    for (const element of Array.from(document.querySelectorAll('[data-brief-page-of]'))) {
      const number = numbers[element.getAttribute('data-brief-page-of') ?? '']
      if (number) element.textContent = number
    }
    return {result: {numbers, mended: edits.length, words}, originals: [...originals]}
  }
  const foreseen = foresee()
  // The last job's nodes, if any, let go; this one's kept only when a word was mended.
  delete (window as unknown as Record<string, unknown>)[stash]
  if (foreseen.originals.length > 0) Object.defineProperty(window, stash, {value: foreseen.originals, configurable: true})
  // Through the prototype: `<img name="fonts">` would shadow `document.fonts`.
  if (fontsReady) await (Object.getOwnPropertyDescriptor(Document.prototype, 'fonts')?.get?.call(document) as FontFaceSet | undefined)?.ready
  return foreseen.result
}

/** `markAndPrintAhead`'s page function: the three page functions' sources, called in order in one function. */
const markAndForeseeInPage = new Function(
  'links',
  'ahead',
  `return (async () => {
  const relativeLinks = (${markLinksInPage})(...links)
  const targets = (${targetsInPage})()
  const result = await (${foreseeInPage})(...ahead)
  return {relativeLinks, targets, result}
})()`
) as (links: [internalOrigin: string, prefix: string], ahead: ForeseeArguments) => Promise<{relativeLinks: string[]; targets: string[]; result: Foreseen['result']}>

/**
 * Whether the first print shows each foreseen word where the columns put
 * it: first on one of a page's first lines, the letters before it on one of
 * the last lines of the page before. Not so (the columns broke a page
 * elsewhere than the print did), the words go back (`undoAhead`) and the
 * page is printed again: the mends are then the read-back's, as before.
 */
export function aheadHeld(ahead: PrintAhead, pages: readonly PrintedLine[][]): boolean {
  return ahead.words.every(({word, before}) =>
    pages.some(
      (lines, index) =>
        index > 0 &&
        lines.slice(0, 4).some((line) => matchKey(line.text).startsWith(word)) &&
        pages[index - 1]!.slice(-3).some((line) => matchKey(line.text).endsWith(before))
    )
  )
}

/** Put back the soft hyphens `printAhead` took out (the text nodes as they were). */
export async function undoAhead(page: Page, ahead: PrintAhead): Promise<void> {
  if (ahead.originals === undefined) return
  await page.evaluate((stash) => {
    for (const [node, data] of ((window as unknown as Record<string, Array<[Text, string]> | undefined>)[stash] ?? [])) node.data = data
  }, ahead.originals)
}
