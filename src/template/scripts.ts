/**
 * Faces for the scripts Source Serif and Source Sans lack: Chinese (with
 * Japanese kana), Devanagari and Arabic, from @fontsource (SIL OFL 1.1).
 *
 * Noto Sans SC ships as about 100 `unicode-range` slices per weight: only the
 * `@font-face` rules whose range holds a character of the brief go into its
 * HTML, so Chromium loads and embeds only those slices (a brief with ten
 * Chinese names pulls in a few slices of ~40 KB, not a 10 MB font). The
 * package's own CSS is the source of the ranges, read once when this module
 * loads (like the default template); the plugins do no I/O per file.
 *
 * Emoji (in cited titles: `LLM-as-a-Judge🧑‍⚖️`) print in Noto Emoji's
 * monochrome slices the same way.
 *
 * Also: runs of these scripts get a `lang` (`zh`, `ja`, `ko`, `hi`, `ar`),
 * so screen readers, line breaking and glyph choice follow the script.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import type {Element, ElementContent, Root} from 'hast'
import {resolveOptional} from '../optional.js'
import {holdsScriptDigit, keepAsWritten, plainScriptRuns, splitRuns as scriptDigitRuns} from './script-digits.js'

export interface ScriptFace {
  family: string
  weight: number
  /** `assets/fonts/<file>.woff2`. */
  url: string
  /** Absolute path of the woff2 file. */
  path: string
  unicodeRange: string
  /** [low, high] code point pairs of `unicodeRange`. */
  ranges: Array<[number, number]>
}

/** Packages, the subsets kept (the numbered CJK slices, the script subset), weights. */
const scriptPackages: ReadonlyArray<{packageName: string; subsets: RegExp; weights: number[]}> = [
  {packageName: '@fontsource/noto-sans-sc', subsets: /^noto-sans-sc-\d+-/, weights: [400, 700]},
  {packageName: '@fontsource/noto-sans-devanagari', subsets: /^noto-sans-devanagari-devanagari-/, weights: [400, 700]},
  {packageName: '@fontsource/noto-naskh-arabic', subsets: /^noto-naskh-arabic-arabic-/, weights: [400, 700]},
  // Monochrome emoji (a glyph font, so the PDF embeds outlines and maps them back to the characters), in
  // about ten slices a weight that keep a ZWJ sequence's parts together (🧑‍⚖️: U+1F9D1, U+200D, U+2696, U+FE0F).
  {packageName: '@fontsource/noto-emoji', subsets: /^noto-emoji-\d+-/, weights: [400, 700]}
]

/** The families, for font stacks: after the Latin face, before the generic family. */
export const scriptFamilies = ['Noto Sans SC', 'Noto Sans Devanagari', 'Noto Naskh Arabic', 'Noto Emoji']

/** Every face of the script packages (read from their CSS once per process). */
export function scriptFaces(): ScriptFace[] {
  const faces: ScriptFace[] = []
  // A family's weights share their slices' ranges (Noto Sans SC: 9,000 a weight): each list is parsed once, half
  // the cost of this function, which every processor pays when it is made.
  const rangesOf = new Map<string, Array<[number, number]>>()
  for (const {packageName, subsets, weights} of scriptPackages) {
    // One resolution per package (not per file: 400 `require.resolve` calls took seconds on a loaded machine).
    const folder = path.dirname(resolveOptional(`${packageName}/package.json`))
    for (const weight of weights) {
      const css = readFileSync(path.join(folder, `${weight}.css`), 'utf8')
      for (const rule of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
        const body = rule[1]!
        const file = /url\(\.\/files\/([\w.-]+\.woff2)\)/.exec(body)?.[1]
        const family = /font-family:\s*'([^']+)'/.exec(body)?.[1]
        const unicodeRange = /unicode-range:\s*([^;]+);/.exec(body)?.[1]?.trim()
        if (!file || !family || !unicodeRange || !subsets.test(file)) continue
        let ranges = rangesOf.get(unicodeRange)
        if (!ranges) {
          ranges = parseRanges(unicodeRange)
          rangesOf.set(unicodeRange, ranges)
        }
        faces.push({
          family,
          weight,
          url: `assets/fonts/${file}`,
          path: path.join(folder, 'files', file),
          unicodeRange,
          ranges
        })
      }
    }
  }
  return faces
}

/** `U+4E00-4E3F,U+4E5?` ▶ code point pairs. */
export function parseRanges(unicodeRange: string): Array<[number, number]> {
  return unicodeRange.split(',').flatMap((part): Array<[number, number]> => {
    const [from, to] = part.trim().replace(/^u\+/i, '').split('-')
    if (!from) return []
    const low = Number.parseInt(from.replace(/\?/g, '0'), 16)
    const high = Number.parseInt((to ?? from).replace(/\?/g, 'f'), 16)
    return Number.isFinite(low) && Number.isFinite(high) ? [[low, high]] : []
  })
}

/**
 * Characters these faces are for (not Latin, digits or punctuation that the
 * text faces have). Pictographs (emoji, ⚖, ☎) and flags' regional indicators
 * are for Noto Emoji; those in the text faces' ranges (`©`, `®`, and `‼`, `™`
 * in U+2000–U+214F) declare no emoji slice: the text face prints them.
 */
export const needsScriptFace =
  /(?![\u00A9\u00AE\u2000-\u214F])[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF\p{Script=Devanagari}\p{Script=Arabic}\p{Extended_Pictographic}\p{Regional_Indicator}]/u

const scriptFaceCharacters = new RegExp(needsScriptFace.source, 'gu')

/**
 * Stretches of characters from U+02EA up (surrogates included), General
 * Punctuation (U+2000–U+206F: curly quotes, dashes, the ellipsis) left out:
 * every character of `needsScriptFace` is in one (the lowest, Bopomofo's tone
 * marks, is U+02EA); a plain class, far quicker to scan than the script
 * properties, and a curly quote in Latin text is no stretch to test.
 */
export const mayHoldScriptFace = /[^\u0000-\u02E9\u2000-\u206F]+/g

/** Whether a text has a character of `mayHoldScriptFace` at all: one test, no match objects (most texts have none). */
const mayHoldScriptFaceAnywhere = new RegExp(mayHoldScriptFace.source.slice(0, -1))

/**
 * Whether `value` has a character of `needsScriptFace` (tested only on the stretches that can hold one).
 * `exec` on the shared pattern, not `matchAll`, which copies the pattern for each text (a page has ~1,000 texts).
 */
export function hasScriptFaceCharacter(value: string): boolean {
  if (!mayHoldScriptFaceAnywhere.test(value)) return false
  mayHoldScriptFace.lastIndex = 0
  for (let match = mayHoldScriptFace.exec(value); match; match = mayHoldScriptFace.exec(value)) {
    if (needsScriptFace.test(match[0])) {
      mayHoldScriptFace.lastIndex = 0
      return true
    }
  }
  return false
}

/** Add the code points of `value`'s `needsScriptFace` characters to `points`. */
function addScriptFacePoints(value: string, points: Set<number>): void {
  if (!mayHoldScriptFaceAnywhere.test(value)) return
  mayHoldScriptFace.lastIndex = 0
  for (let stretch = mayHoldScriptFace.exec(value); stretch; stretch = mayHoldScriptFace.exec(value)) {
    scriptFaceCharacters.lastIndex = 0
    for (let character = scriptFaceCharacters.exec(stretch[0]); character; character = scriptFaceCharacters.exec(stretch[0])) {
      points.add(character[0].codePointAt(0)!)
    }
  }
}

/**
 * Whether `sorted` (ascending) holds a point in one of `ranges`. A counted
 * loop: a Noto Sans SC slice has about 90 ranges and every slice is asked, and
 * `ranges.some(([low, high]) => …)` destructured each through the iterator.
 */
function holdsAnyPointIn(sorted: readonly number[], ranges: ReadonlyArray<[number, number]>): boolean {
  for (let index = 0; index < ranges.length; index++) {
    const range = ranges[index]!
    if (holdsPointIn(sorted, range[0], range[1])) return true
  }
  return false
}

/** Whether `sorted` (ascending) holds a point in `[low, high]`: the first point ≥ `low`, by halving. */
function holdsPointIn(sorted: readonly number[], low: number, high: number): boolean {
  let from = 0
  let to = sorted.length
  while (from < to) {
    const middle = (from + to) >> 1
    if (sorted[middle]! < low) from = middle + 1
    else to = middle
  }
  return from < sorted.length && sorted[from]! <= high
}

/**
 * The `@font-face` rules a text needs: each face whose range holds one of
 * its CJK, Devanagari or Arabic characters. Empty for a Latin-only brief.
 *
 * The text may come in pieces (a page's text nodes), read as their
 * concatenation without making it whole: a brief's text is 20–240 K
 * characters, and that one string, flattened for the scan, was a large
 * allocation per brief (fresh memory); the pieces are scanned in chunks of
 * at most `chunkLength` characters instead.
 */
export function scriptFontCss(text: string | readonly string[], faces: readonly ScriptFace[]): string {
  const points = new Set<number>()
  // The property classes are slow to scan: they only run on the stretches that can hold such a character.
  if (typeof text === 'string') addScriptFacePoints(text, points)
  else {
    // Pieces joined into chunks small enough for the young generation: a few scans a brief, not one per text.
    let chunk = ''
    for (let index = 0; index < text.length; index++) {
      const piece = text[index]!
      if (chunk.length + piece.length > chunkLength && chunk.length > 0) {
        addScriptFacePoints(chunk, points)
        // A surrogate pair split between two chunks is one character of the concatenation (each half alone is none).
        chunk = isHighSurrogate(chunk.charCodeAt(chunk.length - 1)) ? chunk.charAt(chunk.length - 1) : ''
      }
      chunk += piece
    }
    addScriptFacePoints(chunk, points)
  }
  if (points.size === 0) return ''
  const sorted = [...points].sort((a, b) => a - b)
  // The weights of a family share their slices: each slice's ranges are searched once.
  const used = new Map<string, boolean>()
  const holds = (face: ScriptFace): boolean => {
    let found = used.get(face.unicodeRange)
    if (found === undefined) {
      found = holdsAnyPointIn(sorted, face.ranges)
      used.set(face.unicodeRange, found)
    }
    return found
  }
  return faces
    .filter(holds)
    .map(
      (face) =>
        `@font-face { font-family: '${face.family}'; font-style: normal; font-display: block; font-weight: ${face.weight}; src: url(${face.url}) format('woff2'); unicode-range: ${face.unicodeRange}; }`
    )
    .join('\n')
}

/** Characters of a chunk of pieces: at most 64 KB two-byte, under V8's large-object size (fresh memory, slow to take). */
const chunkLength = 32_768

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

/** A script and the language tag its runs get. */
const scriptLanguages: ReadonlyArray<{lang: string; test: RegExp}> = [
  {lang: 'ja', test: /[\p{Script=Hiragana}\p{Script=Katakana}]/u},
  {lang: 'ko', test: /\p{Script=Hangul}/u},
  {lang: 'zh', test: /[\p{Script=Han}\p{Script=Bopomofo}]/u},
  {lang: 'hi', test: /\p{Script=Devanagari}/u},
  {lang: 'ar', test: /\p{Script=Arabic}/u}
]

/** A run of one of those scripts, with the spaces, digits and CJK punctuation inside it. */
const scriptRun =
  /(?:[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]+(?:[\s\d·・]+[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]+)*)|(?:\p{Script=Devanagari}+(?:[\s\u200C\u200D]+\p{Script=Devanagari}+)*)|(?:\p{Script=Arabic}+(?:\s+\p{Script=Arabic}+)*)/gu

/** Elements whose text is not wrapped (the span would not be allowed, or is not text). */
const noSpans = new Set(['title', 'style', 'script', 'code', 'pre', 'textarea', 'option'])

/**
 * Wrap runs of CJK, Devanagari and Arabic text in `span[lang]` (Arabic also
 * `dir="rtl"`), unless the run is already in that language (the brief's own).
 */
export function markLanguages(tree: Root | Element, documentLang: string): void {
  const primary = documentLang.toLowerCase().split('-')[0]
  walk(tree, primary)

  function walk(node: Root | Element, lang: string | undefined): void {
    // A new children array only where a text is split into runs: most elements keep theirs (no garbage per element).
    let children: Array<Root['children'][number]> | undefined
    for (let index = 0; index < node.children.length; index++) {
      const child = node.children[index]!
      if (child.type === 'element') {
        if (!noSpans.has(child.tagName)) {
          const own = child.properties?.lang
          walk(child, typeof own === 'string' ? own.toLowerCase().split('-')[0] : lang)
        }
        children?.push(child)
      } else if (child.type === 'text' && hasScriptFaceCharacter(child.value)) {
        children ??= node.children.slice(0, index)
        children.push(...splitRuns(child.value, lang))
      } else children?.push(child)
    }
    if (children) node.children = children as typeof node.children
  }
}

/**
 * Any character that `printScriptDigits` or `markLanguages` acts on: the
 * superscripts and subscripts (`¹ ² ³`, U+2070–U+209C) and `mayHoldScriptFace`'s
 * class (from U+02EA up, General Punctuation left out). One scan of a text
 * for both passes; most texts hold none.
 */
const digitOrScriptFace = /[\u00B2\u00B3\u00B9\u02EA-\u1FFF\u2070-\uFFFF]/

/** What `printScriptDigits` does in an element: split runs out, write them plain (inside `sup`, `sub`), or nothing. */
type Digits = 'off' | 'split' | 'plain'

/**
 * `printScriptDigits(tree)` then `markLanguages(tree, documentLang)`, in one
 * walk: the same elements skipped by each, the same nodes made. The `sup` and
 * `sub` made for a run hold digits, signs and Latin letters only, where
 * `markLanguages` finds nothing, so they are not walked again.
 */
export function printScriptDigitsAndMarkLanguages(tree: Root | Element, documentLang: string): void {
  walk(tree, 'split', true, documentLang.toLowerCase().split('-')[0])

  function walk(node: Root | Element, digits: Digits, marking: boolean, lang: string | undefined): void {
    // A new children array only where a text is split: most elements keep theirs.
    let children: Array<Root['children'][number]> | undefined
    for (let index = 0; index < node.children.length; index++) {
      const child = node.children[index]!
      if (child.type === 'element') {
        const tagName = child.tagName
        const childDigits =
          digits === 'off' || keepAsWritten.has(tagName) ? 'off' : digits === 'plain' || tagName === 'sup' || tagName === 'sub' ? 'plain' : 'split'
        const childMarking = marking && !noSpans.has(tagName)
        if (childMarking) {
          const own = child.properties?.lang
          walk(child, childDigits, true, typeof own === 'string' ? own.toLowerCase().split('-')[0] : lang)
        } else if (childDigits !== 'off') walk(child, childDigits, false, lang)
        children?.push(child)
      } else if (child.type === 'text' && digitOrScriptFace.test(child.value)) {
        let parts: ElementContent[] | undefined
        if (digits !== 'off' && holdsScriptDigit(child.value)) {
          if (digits === 'split') parts = scriptDigitRuns(child)
          else child.value = plainScriptRuns(child.value)
        }
        if (marking) {
          if (parts) {
            const marked: ElementContent[] = []
            for (const part of parts) {
              if (part.type === 'text' && hasScriptFaceCharacter(part.value)) marked.push(...splitRuns(part.value, lang))
              else marked.push(part)
            }
            parts = marked
          } else if (hasScriptFaceCharacter(child.value)) parts = splitRuns(child.value, lang)
        }
        if (parts) {
          children ??= node.children.slice(0, index)
          children.push(...parts)
        } else children?.push(child)
      } else children?.push(child)
    }
    if (children) node.children = children as typeof node.children
  }
}

function splitRuns(value: string, current: string | undefined): ElementContent[] {
  const result: ElementContent[] = []
  let last = 0
  for (const match of value.matchAll(scriptRun)) {
    const lang = scriptLanguages.find(({test}) => test.test(match[0]))?.lang
    if (!lang || lang === current) continue
    if (match.index > last) result.push({type: 'text', value: value.slice(last, match.index)})
    const properties: Record<string, string> = lang === 'ar' ? {lang, dir: 'rtl'} : {lang}
    result.push({type: 'element', tagName: 'span', properties, children: [{type: 'text', value: match[0]}]})
    last = match.index + match[0].length
  }
  if (last < value.length) result.push({type: 'text', value: value.slice(last)})
  return result
}
