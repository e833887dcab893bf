/**
 * The post-print check: read the PDF's text layer back and make sure every
 * body paragraph and every note made it onto the page.
 */
import {fromHtml} from 'hast-util-from-html'
import {selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import type {Element, Root} from 'hast'
import {importOptional} from '../optional.js'

export interface VerifyOptions {
  /** How many opening words of each note must be found, in order; default 6. */
  noteWords?: number
}

export interface VerifyResult {
  ok: boolean
  /** What is missing, one line each: `paragraph 3 ("The protests began…"): words "Tokayev", "tariff"`. */
  missing: string[]
  /**
   * Body paragraphs lost from the print (most of their words absent), one line
   * each, only when there are any: not a box or a word read back differently
   * but text the layout left off the pages. A render with lost text fails.
   */
  lost?: string[]
  /** Counts checked, for reports. */
  checked: {paragraphs: number; notes: number}
}

/** What the HTML promises to print: body paragraphs and notes (number ▶ text). */
export interface PrintedExpectation {
  /** `h1`–`h6` text in document order (for bookmark titles). */
  headings: string[]
  /** The same headings with their level (`h2` ▶ 2): the outline the PDF should have. */
  outline: Array<{level: number; text: string}>
  paragraphs: string[]
  notes: Array<{number: number; text: string}>
}

/**
 * Read the paragraphs of `<main>` (of the whole document when there is no
 * `<main>`), outside the notes section, and the notes of
 * `section[data-footnotes]`.
 */
export function expectationOf(html: string): PrintedExpectation {
  const tree: Root = fromHtml(html)
  // A missing-image line prints only when its image did not load: not promised text.
  for (const hidden of selectAll('.brief-missing', tree)) hidden.children = []
  const notesSections = selectAll('section[data-footnotes]', tree)
  const noteParagraphs = new Set(notesSections.flatMap((section) => selectAll('p', section)))
  // A user's template may have no `<main>`: then every paragraph is body text.
  const scope = selectAll('main', tree).length > 0 ? 'main p' : 'p'
  const bodyParagraphs = selectAll(scope, tree).filter((p) => !noteParagraphs.has(p))
  // Page-bottom notes (`notes: page`) sit inside their paragraph in the HTML and print at the page foot: checked as notes.
  const pageNotes = selectAll('.brief-page-note', tree)
  const paragraphs = bodyParagraphs.map((p) => toText(withoutPageNotes(p), {whitespace: 'normal'})).filter((text) => tokens(text).length > 0)

  const notes: PrintedExpectation['notes'] = []
  for (const section of notesSections) {
    for (const list of selectAll('ol', section)) {
      const start = Number(list.properties.start ?? 1)
      let number = Number.isFinite(start) ? start : 1
      for (const item of list.children) {
        if (item.type !== 'element' || item.tagName !== 'li') continue
        notes.push({number, text: toText(withoutBackReferences(item), {whitespace: 'normal'})})
        number++
      }
    }
  }
  for (const note of pageNotes) {
    const number = Number(note.properties.dataBriefNote)
    const [, ...content] = note.children
    if (Number.isInteger(number)) notes.push({number, text: toText(withoutBackReferences({...note, children: content}), {whitespace: 'normal'})})
  }
  const headingElements = selectAll('h1, h2, h3, h4, h5, h6', tree)
  const headings = headingElements.map((heading) => toText(heading, {whitespace: 'normal'}))
  const outline = headingElements.map((heading, index) => ({level: Number(heading.tagName.slice(1)), text: headings[index]!}))
  return {headings, outline, paragraphs, notes}
}

/** A copy of a paragraph without the page-bottom notes inside it. */
function withoutPageNotes(node: Element): Element {
  return {
    ...node,
    children: node.children
      .filter((child) => !(child.type === 'element' && Array.isArray(child.properties.className) && child.properties.className.includes('brief-page-note')))
      .map((child) => (child.type === 'element' ? withoutPageNotes(child) : child))
  }
}

/** A copy of a note item without its back-reference links (`↩`), which carry no words. */
function withoutBackReferences(item: Element): Element {
  const strip = (node: Element): Element => ({
    ...node,
    children: node.children
      .filter((child) => !(child.type === 'element' && child.properties.dataFootnoteBackref !== undefined))
      .map((child) => (child.type === 'element' ? strip(child) : child))
  })
  return strip(item)
}

/**
 * Words of a text, normalised so that print artefacts do not count as loss:
 * compatibility forms (ligatures `ﬁ`, full-width digits) folded, soft
 * hyphens dropped, case folded, punctuation and spacing ignored. Apostrophes
 * separate words: a font's `’` glyph often reads back as the letter `ʼ`
 * (U+02BC). Each Han or kana character is a word of its own.
 */
export function tokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .replace(/\u00AD/g, '')
    .replace(/[\u02B9\u02BB\u02BC\u02BD\u2018\u2019\u201B']/g, ' ')
    // Chinese and Japanese break lines between any two characters: each character is a word.
    .replace(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu, ' $& ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter(Boolean)
}

/** Read every page's text with pdfjs-dist (legacy build: Node has no DOM). */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const {getDocument} = await importOptional<typeof import('pdfjs-dist/legacy/build/pdf.mjs')>('pdfjs-dist/legacy/build/pdf.mjs')
  // pdfjs may transfer (detach) the buffer it gets: give it a copy.
  const task = getDocument({data: pdf.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0})
  const document = await task.promise
  try {
    const pages: string[] = []
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number)
      const content = await page.getTextContent()
      let text = ''
      for (const item of content.items) {
        if (!('str' in item)) continue
        text += item.str + (item.hasEOL ? '\n' : '')
      }
      pages.push(text)
      page.cleanup()
    }
    return pages.join('\n')
  } finally {
    await task.destroy()
  }
}

/**
 * Check that the text of `html` is in `pdf`: every body paragraph's words,
 * and every note's number followed by its opening words. One pass over the
 * PDF's text, then set and substring look-ups.
 */
export async function verifyPrintedText(pdf: Uint8Array, html: string | PrintedExpectation, options: VerifyOptions = {}): Promise<VerifyResult> {
  return compareText(await pdfText(pdf), typeof html === 'string' ? expectationOf(html) : html, options)
}

/** The comparison behind `verifyPrintedText`, on text already read. */
export function compareText(printed: string, expected: Omit<PrintedExpectation, 'headings' | 'outline'>, options: VerifyOptions = {}): VerifyResult {
  const noteWords = options.noteWords ?? 6
  // A word broken across lines by hyphenation is printed `inter-⏎national`:
  // read it both joined and as two words, since a real compound may break at its hyphen too.
  const joined = printed.replace(/[-\u2010\u00AD]\s*\n\s*/g, '')
  // A glyph with no Unicode mapping reads back as U+0000. Between two Latin
  // letters it is a ligature Chromium left unmapped (an `ff` or `ffi` formed
  // across a soft hyphen): read it as each f-ligature in turn.
  const variants = [printed, joined, ...(/\p{L}\u0000+\p{L}/u.test(joined) ? ligatureReadings(joined) : [])]
  const words = new Set([...variants.flatMap((text) => tokens(text)), ...wordsBrokenAcrossPages(printed)])
  const streams = variants.map((text) => ' ' + tokens(text).join(' ') + ' ')
  const missing: string[] = []

  // A character no font has prints as an empty box (glyph 0), read back as U+0000 too.
  // Shaped scripts (Devanagari conjuncts, Arabic ligatures) draw glyphs that stand for no single
  // character: Chromium leaves them unmapped too. Those are printed, not boxes.
  const boxes =
    printed
      .replace(/(?<=\p{Script=Latin})\u0000+(?=\p{Script=Latin})/gu, '')
      .replace(/[\u0000\s]*[\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Arabic}][\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Arabic}\p{M}\u0000\s]*/gu, ' ')
      .match(/\u0000/g)?.length ?? 0
  if (boxes > 0) missing.push(`${boxes} character${boxes === 1 ? '' : 's'} printed as empty boxes: no font has them (add a font for their script)`)

  const lost: string[] = []
  expected.paragraphs.forEach((paragraph, index) => {
    const checkable = [...new Set(tokens(paragraph))].filter((word) => isCheckable(word))
    const absent = checkable.filter((word) => !words.has(word))
    if (absent.length > 0) {
      missing.push(`paragraph ${index + 1} (“${opening(paragraph)}”): ${absent.slice(0, 10).map((word) => `“${word}”`).join(', ')}`)
    }
    if (absent.length >= minLostWords && absent.length > checkable.length / 2) lost.push(`paragraph ${index + 1} (“${opening(paragraph)}”)`)
  })

  for (const note of expected.notes) {
    const needle = ' ' + [String(note.number), ...tokens(note.text).slice(0, noteWords)].join(' ') + ' '
    if (!streams.some((stream) => stream.includes(needle))) {
      missing.push(`note ${note.number} (“${opening(note.text)}”)`)
    }
  }

  const result: VerifyResult = {ok: missing.length === 0, missing, checked: {paragraphs: expected.paragraphs.length, notes: expected.notes.length}}
  if (lost.length > 0) result.lost = lost
  return result
}

/**
 * A paragraph is lost when more than half of its checkable words, and at
 * least this many, are absent from the print: a word or two that reads back
 * differently (a superscript glued to a word, a ligature) is a warning, a
 * paragraph the layout dropped is a failed render.
 */
const minLostWords = 3

/**
 * A word hyphenated at the foot of a page continues after the running head
 * and folio of the next: join each line-final fragment (`identi-`) with the
 * first word of each of the next few lines.
 */
function wordsBrokenAcrossPages(printed: string): string[] {
  const lines = printed.split('\n')
  const joined: string[] = []
  lines.forEach((line, index) => {
    const head = /([\p{L}\p{M}]+)[-\u2010\u00AD]\s*$/u.exec(line)?.[1]
    if (!head) return
    for (const next of lines.slice(index + 2, index + 6)) {
      const tail = /^\s*([\p{L}\p{M}]+)/u.exec(next)?.[1]
      if (tail) joined.push(...tokens(head + tail))
    }
  })
  return joined
}

/** The f-ligatures whose glyphs Chromium may leave without a Unicode mapping. */
const fLigatures = ['ff', 'ffi', 'ffl', 'fi', 'fl']

/** The text with every in-word U+0000 read as each f-ligature (one reading per ligature). */
function ligatureReadings(text: string): string[] {
  return fLigatures.map((ligature) => text.replace(/(?<=\p{L})\u0000+(?=\p{L})/gu, ligature))
}

const ideographic = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u

/**
 * Scripts whose printed text reads back one character for one: Latin, Greek,
 * Cyrillic, Armenian, Georgian, Hebrew, Han, kana, Hangul, and digits. Shaped
 * scripts (Arabic, Indic, Myanmar, Thai, Tibetan…) come back as glyph runs in
 * visual order, ligatures unmapped, that need not match the source.
 */
const readsBack = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Georgian}\p{Script=Hebrew}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{N}\p{M}]+$/u

/** Whether a word says something about loss: not a lone letter (`a`, the `s` of `’s`), and in a script that reads back. */
function isCheckable(word: string): boolean {
  return (word.length > 1 || ideographic.test(word)) && readsBack.test(word)
}

function opening(text: string): string {
  const words = text.trim().split(/\s+/)
  return words.slice(0, 8).join(' ') + (words.length > 8 ? '…' : '')
}

/** Error code of a render whose post-print check found body text lost (`VerifyResult.lost`): printing it again gives the same pages. */
export const textLost = 'ERR_TEXT_LOST'

/** The error that fails a render with lost body text, naming the first paragraphs lost. */
export function textLostError(name: string, lost: string[]): Error {
  const named = lost.slice(0, 3).join(', ') + (lost.length > 3 ? ` and ${lost.length - 3} more` : '')
  return Object.assign(new Error(`Cannot render \`${name}\` to PDF: unexpected body text lost from the print (${named}), expected every body paragraph on a page; no PDF written`), {code: textLost})
}
