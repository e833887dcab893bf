/**
 * Hyphenated line ends a typesetter would not pass, mended after printing.
 *
 * Chromium breaks lines and pages itself and cannot be asked for
 * `hyphenate-limit-last` (no hyphenated last word of a page) or
 * `hyphenate-limit-lines` (no long ladders of hyphenated lines). The printed
 * PDF shows where it broke: read its lines back, find the words broken at a
 * page's last line and the word that makes a fourth hyphenated line in a
 * row, take the soft hyphens out of just those words in the still-open page,
 * and print again. A mended word moves whole to the next line, which may move
 * a later page break: the read-back runs again on each print, at most
 * `maxPrints` prints in all (`reprint.ts`, one loop with the contents numbers). Page scripts stay off: this is our code through
 * DevTools, as the font loading and the contents numbers are.
 */
import type {JSHandle, Page} from 'puppeteer-core'
import {importOptional} from '../optional.js'

/** Prints at most this many times for the hyphen pass (the first print included); `reprint.ts` runs the loop. */
export const maxPrints = 3

/** Consecutive hyphenated line ends allowed; the next one is mended. */
export const longestRun = 3

/** A physical line of a printed page. */
export interface PrintedLine {
  text: string
  /** Baseline, PDF units from the page's foot. */
  y: number
  /** Font size in PDF units. */
  size: number
}

/** A word to print whole: the letters before the break (with the line's end before them) and after it. */
export interface BrokenWord {
  /** Letters and digits of the line up to the break, its last ones the word's head. */
  before: string
  /** The word's first letters on the next line. */
  tail: string
  /** Why: `page-end` or `run`. */
  reason: 'page-end' | 'run'
}

/**
 * Letters only, case-folded: what the PDF and the DOM agree on. Spaces,
 * quotes and dashes may read back otherwise, a quote glyph as a modifier
 * letter (`ʼ`, so modifier letters go too), and note calls' digits sit on a
 * raised baseline of their own.
 */
export function matchKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^\p{Lu}\p{Ll}\p{Lt}\p{Lo}]+/gu, '')
    .toLowerCase()
}

/** How many letters of the line before the break identify the place in the document. */
const contextLetters = 48
/** Fewer letters than this before the break cannot identify the place: the word is left alone. */
const minimumContext = 10

/**
 * A line that ends by breaking a word: a letter, then a hyphen (`-`, U+2010,
 * U+2011 or the soft hyphen's own glyph: which one Chromium's text layer
 * names depends on the font's maps, and the Paged.js pages give U+2011).
 */
const breaksWord = /\p{L}[-\u2010\u2011\u00AD]$/u

/**
 * The words to print whole, from the lines of each page (top to bottom):
 * each line that ends a page in a broken word (its tail on one of the next
 * page's first lines: running heads come first), and the fourth line of a
 * run of hyphenated line ends. Which candidates are real word breaks (a soft
 * hyphen, not a compound's own hyphen) the DOM decides (`mendInPage`).
 */
export function brokenWords(pages: readonly PrintedLine[][], options: {bodyPageEnds?: boolean} = {}): BrokenWord[] {
  const found: BrokenWord[] = []
  // With page-bottom notes a page's last lines are its notes: its text ends on the last line in the body's size.
  const bodySize = options.bodyPageEnds ? commonestSize(pages) : undefined
  const pageEndLines = (lines: readonly PrintedLine[]) => (bodySize === undefined ? lines : lines.filter((line) => Math.abs(line.size - bodySize) < 0.1))
  pages.forEach((lines, index) => {
    // Runs: consecutive lines of one size, each a line-space below the last, each breaking a word.
    let run = 0
    for (let at = 0; at < lines.length; at++) {
      const line = lines[at]!
      const previous = lines[at - 1]
      const sameBlock = previous !== undefined && Math.abs(previous.size - line.size) < 0.1 && previous.y - line.y > 0 && previous.y - line.y < line.size * 2
      run = breaksWord.test(line.text) ? (sameBlock ? run + 1 : 1) : 0
      const next = lines[at + 1]
      if (run > longestRun && next) {
        const word = candidate(line, [next], 'run')
        if (word) found.push(word)
        run = 0
      }
    }
    // Page ends: any of the page's last lines (page furniture may follow the text) whose word goes on overleaf.
    const following = pages[index + 1]
    if (!following) return
    // Lines in the body's size have no furniture among them: the text's last line ends the page, the next page's first goes on.
    const ends = bodySize === undefined ? lines.slice(-3) : pageEndLines(lines).slice(-1)
    const starts = bodySize === undefined ? following.slice(0, 4) : pageEndLines(following).slice(0, 2)
    for (const line of ends) {
      if (!breaksWord.test(line.text)) continue
      const word = candidate(line, starts, 'page-end')
      if (word) found.push(word)
    }
  })
  return found
}

/** The size most lines are set in: the body's. */
function commonestSize(pages: readonly PrintedLine[][]): number | undefined {
  const counts = new Map<number, number>()
  for (const line of pages.flat()) {
    const size = Math.round(line.size * 10) / 10
    counts.set(size, (counts.get(size) ?? 0) + 1)
  }
  let best: number | undefined
  for (const [size, count] of counts) if (best === undefined || count > counts.get(best)!) best = size
  return best
}

/** The word broken at the end of `line` if one of `next` lines may carry its tail; the DOM tells which, if any. */
function candidate(line: PrintedLine, next: readonly PrintedLine[], reason: BrokenWord['reason']): BrokenWord | undefined {
  const before = matchKey(line.text).slice(-contextLetters)
  if (before.length < minimumContext) return undefined
  const tails = next.map((following) => /^[\p{L}\p{M}]+/u.exec(following.text.trim())?.[0]).filter((tail): tail is string => Boolean(tail))
  if (tails.length === 0) return undefined
  // Several possible tails: the DOM search tries each (joined by `|`).
  return {before, tail: tails.map(matchKey).join('|'), reason}
}

/**
 * Text items grouped into lines, top to bottom: an item joins a line when its
 * baseline is within 0.45 of the larger size of the line's (a note call's
 * raised digits belong to their line), and the line's baseline is its
 * largest item's.
 */
export function linesOf(items: ReadonlyArray<{x: number; y: number; text: string; size: number}>): PrintedLine[] {
  const lines: Array<{y: number; size: number; parts: Array<{x: number; text: string}>}> = []
  for (const item of [...items].sort((a, b) => b.y - a.y)) {
    const line = lines.at(-1)
    if (line && Math.abs(line.y - item.y) < 0.45 * Math.max(line.size, item.size)) {
      line.parts.push(item)
      if (item.size > line.size) Object.assign(line, {y: item.y, size: item.size})
    } else lines.push({y: item.y, size: item.size, parts: [item]})
  }
  return lines.map((line) => ({
    y: line.y,
    size: line.size,
    text: line.parts
      .sort((a, b) => a.x - b.x)
      .map((part) => part.text)
      .join('')
      .trimEnd()
  }))
}

/** The lines of each page of a PDF, read with pdfjs-dist: text items grouped by baseline, top to bottom. For a PDF `readPrint` (`print-read.ts`) cannot read, and for the tests, which check our reader with another. */
export async function printedLines(pdf: Uint8Array): Promise<PrintedLine[][]> {
  const {getDocument} = await importOptional<typeof import('pdfjs-dist/legacy/build/pdf.mjs')>('pdfjs-dist/legacy/build/pdf.mjs')
  const task = getDocument({data: pdf.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0})
  const document = await task.promise
  try {
    const pages: PrintedLine[][] = []
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number)
      const content = await page.getTextContent()
      const items: Array<{x: number; y: number; text: string; size: number}> = []
      for (const item of content.items) {
        if (!('str' in item) || !item.str) continue
        items.push({x: item.transform[4], y: item.transform[5], text: item.str, size: Math.hypot(item.transform[2], item.transform[3])})
      }
      pages.push(linesOf(items))
      page.cleanup()
    }
    return pages
  } finally {
    await task.destroy()
  }
}

/**
 * Take the soft hyphens out of each word found in the page's text (or in
 * `where.root`, the paged-media engine's source, leaving out the text under
 * `where.skip`, its notes, which print elsewhere): the
 * place where the letters before the break and one of the tails follow each
 * other (letters and digits only), and a soft hyphen sits at the break.
 * Returns how many words were mended.
 */
export async function mendInPage(page: Page, words: readonly BrokenWord[], where: {root?: JSHandle<Node>; skip?: string; anyBreak?: boolean} = {}): Promise<number> {
  if (words.length === 0) return 0
  return page.evaluate((targets: Array<{before: string; tail: string}>, root: Node | undefined, skip: string, anyBreak: boolean) => {
    const walker = document.createTreeWalker(root ?? document.body, NodeFilter.SHOW_TEXT)
    const nodes: Text[] = []
    // Kept characters (letters, as `matchKey` keeps them), folded, and where each one is: node index and offset.
    let flat = ''
    const nodeAt: number[] = []
    const offsetAt: number[] = []
    const letter = /[\p{Lu}\p{Ll}\p{Lt}\p{Lo}]/u
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const parent = node.parentElement
      if (parent && parent.closest(skip) !== null) continue
      const index = nodes.push(node) - 1
      const data = node.data
      for (let offset = 0; offset < data.length; offset++) {
        const character = data[offset]!
        if (!letter.test(character)) continue
        const folded = character.normalize('NFKC').toLowerCase()
        for (const unit of folded) {
          if (!letter.test(unit)) continue
          flat += unit
          nodeAt.push(index)
          offsetAt.push(offset)
        }
      }
    }
    // Words to mend as node index ▶ [start, end) ranges, applied last so the offsets above stay true.
    const edits = new Map<number, Array<[number, number]>>()
    const inWord = /[\p{L}\p{M}\u00AD]/u
    for (const target of targets) {
      let done = false
      for (const tail of target.tail.split('|')) {
        if (!tail || done) continue
        const needle = target.before + tail
        for (let from = flat.indexOf(needle); from !== -1 && !done; from = flat.indexOf(needle, from + 1)) {
          const last = from + target.before.length - 1
          const index = nodeAt[last]!
          const data = nodes[index]!.data
          // The break must be a soft hyphen right after the head's last letter, in the same text node
          // (with `anyBreak`, any soft hyphen of the word: the paged-media engine splits a word at a page's
          // end a letter or so off its soft hyphen, and draws its own hyphen).
          if (nodeAt[last + 1] !== index) continue
          if (!anyBreak && data.slice(offsetAt[last]! + 1, offsetAt[last + 1]!) !== '\u00AD') continue
          let start = offsetAt[last]!
          let end = start + 1
          while (start > 0 && inWord.test(data[start - 1]!)) start--
          while (end < data.length && inWord.test(data[end]!)) end++
          if (!data.slice(start, end).includes('\u00AD')) continue
          const ranges = edits.get(index) ?? []
          if (!ranges.some(([s]) => s === start)) ranges.push([start, end])
          edits.set(index, ranges)
          done = true
        }
      }
    }
    let mended = 0
    for (const [index, ranges] of edits) {
      const node = nodes[index]!
      let data = node.data
      // From the last range back, so earlier offsets stay true.
      for (const [start, end] of ranges.sort((a, b) => b[0] - a[0])) {
        data = data.slice(0, start) + data.slice(start, end).replace(/\u00AD/g, '') + data.slice(end)
        mended++
      }
      node.data = data
    }
    return mended
  }, words.map(({before, tail}) => ({before, tail})), where.root, ['style, script, head', where.skip].filter(Boolean).join(', '), where.anyBreak ?? false)
}
