/**
 * Text no face can print, set as a visible placeholder before print.
 *
 * Two classes of characters have no glyph worth drawing in any font:
 * - characters with no meaning outside the document they came from:
 *   private-use code points (a Word export's Symbol or Wingdings bullets,
 *   U+F06E, U+F09F), unassigned code points and noncharacters, lone
 *   surrogates, and U+FFFD (a character already lost before we got it);
 * - garbled text: one word whose letters come from two or more scripts
 *   that never share a word (Han, Balinese and Myanmar; or a script and an
 *   unassigned code point), what a
 *   conversion leaves when it reads a PDF font's glyph numbers or the wrong
 *   character map as characters.
 * Chromium would draw both as the .notdef box and write U+0000 in the PDF's
 * text layer, so search and copy meet nulls. Here each becomes an empty
 * `span.brief-unprintable` that the stylesheet draws as an outlined box (no
 * glyph, no text), the original kept in its `title` for the HTML reader,
 * and each is reported: `text-not-printed` for the characters, `garbled-text`
 * for the words (warnings: `--frail` fails the brief).
 *
 * Letters of a real script that no bundled face has (Ethiopic, Thai…) are
 * left alone: a system font or a user's stylesheet may print them, and the
 * printer's post-print check reports those that print as boxes.
 */
import type {Element, ElementContent, Root, Text} from 'hast'

/** Characters that mean nothing outside their source: private use, unassigned (noncharacters too), lone surrogates, U+FFFD. */
const meaningless = /[\p{Co}\p{Cn}\p{Cs}\uFFFD]/u

/**
 * Script families that share words: Chinese, Japanese and Korean mix Han,
 * kana, Bopomofo and Hangul in one word. Latin and Greek are left out of the
 * count (a Chinese run holds `AI`, a unit `μm` mixes Greek and Latin).
 */
const families: ReadonlyArray<{name: string; test: RegExp}> = [
  {name: 'Han', test: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Hangul}]/u},
  {name: 'Cyrillic', test: /\p{Script=Cyrillic}/u},
  {name: 'Armenian', test: /\p{Script=Armenian}/u},
  {name: 'Georgian', test: /\p{Script=Georgian}/u},
  {name: 'Hebrew', test: /\p{Script=Hebrew}/u},
  {name: 'Arabic', test: /\p{Script=Arabic}/u},
  {name: 'Syriac', test: /\p{Script=Syriac}/u},
  {name: 'Thaana', test: /\p{Script=Thaana}/u},
  {name: 'Devanagari', test: /\p{Script=Devanagari}/u},
  {name: 'Bengali', test: /\p{Script=Bengali}/u},
  {name: 'Gurmukhi', test: /\p{Script=Gurmukhi}/u},
  {name: 'Gujarati', test: /\p{Script=Gujarati}/u},
  {name: 'Oriya', test: /\p{Script=Oriya}/u},
  {name: 'Tamil', test: /\p{Script=Tamil}/u},
  {name: 'Telugu', test: /\p{Script=Telugu}/u},
  {name: 'Kannada', test: /\p{Script=Kannada}/u},
  {name: 'Malayalam', test: /\p{Script=Malayalam}/u},
  {name: 'Sinhala', test: /\p{Script=Sinhala}/u},
  {name: 'Thai', test: /\p{Script=Thai}/u},
  {name: 'Lao', test: /\p{Script=Lao}/u},
  {name: 'Tibetan', test: /\p{Script=Tibetan}/u},
  {name: 'Myanmar', test: /\p{Script=Myanmar}/u},
  {name: 'Khmer', test: /\p{Script=Khmer}/u},
  {name: 'Mongolian', test: /\p{Script=Mongolian}/u},
  {name: 'Ethiopic', test: /\p{Script=Ethiopic}/u},
  {name: 'Coptic', test: /\p{Script=Coptic}/u},
  {name: 'Balinese', test: /\p{Script=Balinese}/u},
  {name: 'Javanese', test: /\p{Script=Javanese}/u},
  {name: 'Tifinagh', test: /\p{Script=Tifinagh}/u},
  {name: 'Yi', test: /\p{Script=Yi}/u},
  {name: 'Canadian syllabics', test: /\p{Script=Canadian_Aboriginal}/u}
]

/** A character of a script not in the list above (not Latin, Greek, Common or Inherited either): a family of its own. */
const otherScript = /(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Common}\p{Script=Inherited}])[\s\S]/u

/** An unassigned code point inside a word: no real text has one. */
const unassigned = /\p{Cn}/u

/**
 * A character of a word that may be garbled: not ASCII, not white space,
 * and not punctuation common to all scripts. So full-width and CJK
 * punctuation end a word (`ロシア語（русский）` is two words), a script's own
 * punctuation (Balinese, Samaritan) does not.
 */
const wordCharacter = String.raw`(?:(?![\p{ASCII}\s])(?!(?=\p{P})\p{Script=Common})[\s\S])`

/** Stretches of such words, with the spaces between them. */
const nonAsciiStretch = new RegExp(`${wordCharacter}+(?:\\s+${wordCharacter}+)*`, 'gu')

/** The script families of a word's characters (Latin, Greek, Common and Inherited not counted; unassigned code points as one). */
export function scriptFamiliesOf(word: string): string[] {
  const found = new Set<string>()
  for (const character of word) {
    const family = families.find(({test}) => test.test(character))
    if (family) found.add(family.name)
    else if (unassigned.test(character)) found.add('unassigned')
    else if (otherScript.test(character)) found.add(`U+${(character.codePointAt(0)! >> 7 << 7).toString(16).toUpperCase()} block`)
  }
  return [...found]
}

/** Whether a word mixes scripts that never share a word. */
export function isGarbledWord(word: string): boolean {
  return scriptFamiliesOf(word).length >= 2
}

/** Stretches of `text` (start, end) that hold a garbled word: the whole stretch of non-ASCII words around it. */
export function garbledStretches(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = []
  for (const match of text.matchAll(nonAsciiStretch)) {
    if (match[0].split(/\s+/).some(isGarbledWord)) found.push([match.index, match.index + match[0].length])
  }
  return found
}

/** What was set as a placeholder: a character (by code point) or a garbled stretch, with its text node's position. */
export type Unprintable =
  | {kind: 'character'; codePoint: number; count: number; position?: Text['position']}
  | {kind: 'garbled'; text: string; scripts: string[]; position?: Text['position']}

/** Elements whose text is not printed as text (no span allowed or wanted inside). */
const skipped = new Set(['script', 'style', 'title', 'textarea', 'option'])

/**
 * The test before the work: a character outside Latin, Greek, Common and
 * Inherited (every script family, unassigned, private-use and surrogate code
 * points are there) or U+FFFD. Text without one has no garbled word and no
 * meaningless character.
 */
export const outsideCommonScripts = /[^\p{Script=Latin}\p{Script=Greek}\p{Script=Common}\p{Script=Inherited}]|\uFFFD/u

/**
 * Characters outside the commonest ranges, all inside `outsideCommonScripts`'
 * complement: below U+0370 all but two Bopomofo tone marks (U+02EA, U+02EB),
 * and U+2000–U+2064 (spaces, dashes, curly quotes, the ellipsis). A plain
 * class: far quicker to scan than the script properties.
 */
const uncommonCharacter = /[^\u0000-\u02E9\u02EC-\u036F\u2000-\u2064]/

/**
 * Whether `value` may hold a garbled word or a meaningless character (false:
 * it certainly holds neither): `outsideCommonScripts`, run only on text with an
 * uncommon character. Nearly every text has a curly quote, so the earlier
 * quick test (anything from U+0370 up) sent nearly all of them to the script
 * properties (2–5% of the corpus pass).
 */
export function mayHoldUnprintableText(value: string): boolean {
  return uncommonCharacter.test(value) && outsideCommonScripts.test(value)
}

/**
 * Replace every garbled stretch and every meaningless character of the
 * tree's text with a placeholder span; return what was replaced, for the
 * caller to report. Nodes in `done` (and what they hold) are passed over:
 * text already set, where nothing since brought a new character.
 */
export function setUnprintable(tree: Root | Element, done?: ReadonlySet<unknown>): Unprintable[] {
  const found: Unprintable[] = []
  walk(tree)
  return found

  function walk(node: Root | Element): void {
    // A new children array only where a text is split: most elements keep theirs (no garbage per element).
    let children: Array<Root['children'][number]> | undefined
    for (let index = 0; index < node.children.length; index++) {
      const child = node.children[index]!
      if (done?.has(child)) children?.push(child)
      else if (child.type === 'element') {
        if (!skipped.has(child.tagName)) walk(child)
        children?.push(child)
      } else if (child.type === 'text' && mayHoldUnprintableText(child.value)) {
        const parts = split(child)
        if (children || parts.length !== 1 || parts[0] !== child) {
          children ??= node.children.slice(0, index)
          children.push(...parts)
        }
      } else children?.push(child)
    }
    if (children) node.children = children as typeof node.children
  }

  function split(text: Text): ElementContent[] {
    const value = text.value
    const cuts: Array<{start: number; end: number; garbled: boolean}> = garbledStretches(value).map(([start, end]) => ({start, end, garbled: true}))
    for (const match of value.matchAll(new RegExp(meaningless.source, 'gu'))) {
      const start = match.index
      if (!cuts.some((cut) => cut.start <= start && start < cut.end)) cuts.push({start, end: start + match[0].length, garbled: false})
    }
    if (cuts.length === 0) return [text]
    cuts.sort((a, b) => a.start - b.start)
    const result: ElementContent[] = []
    const counts = new Map<number, number>()
    let last = 0
    for (const cut of cuts) {
      if (cut.start > last) result.push({type: 'text', value: value.slice(last, cut.start)})
      const original = value.slice(cut.start, cut.end)
      if (cut.garbled) {
        found.push({kind: 'garbled', text: original, scripts: original.split(/\s+/).flatMap(scriptFamiliesOf).filter((name, index, all) => all.indexOf(name) === index), position: text.position})
        result.push(placeholder(original, 'brief-garbled'))
      } else {
        const codePoint = original.codePointAt(0)!
        counts.set(codePoint, (counts.get(codePoint) ?? 0) + 1)
        result.push(placeholder(codePointName(codePoint), 'brief-unprintable-character'))
      }
      last = cut.end
    }
    if (last < value.length) result.push({type: 'text', value: value.slice(last)})
    for (const [codePoint, count] of counts) found.push({kind: 'character', codePoint, count, position: text.position})
    return result
  }
}

/** `U+F09F`. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * A span drawn as a box by the stylesheet (an inline border, so a line
 * never breaks around it); what it stands for is in its `title`, not in the
 * text layer. It holds a word joiner (drawn as nothing): the box parts the
 * letters on either side in the PDF's text, and the joiner parts them in the
 * HTML's (`Gr□nwald` is two fragments, not a word `Grnwald` that the
 * printer's check would miss).
 */
function placeholder(title: string, kind: string): Element {
  return {type: 'element', tagName: 'span', properties: {className: ['brief-unprintable', kind], title}, children: [{type: 'text', value: '\u2060'}]}
}

/**
 * The copyright and registered signs as a PDF made by LaTeX hands them to a
 * text extractor: the letter, then U+20DD COMBINING ENCLOSING CIRCLE
 * (`c⃝ 2025 IEEE`). No text face has the enclosing mark, so it prints as a
 * box beside the letter; the sign it stands for is in every face.
 */
const enclosedSign = /([cCrR])\u20DD/g

/** `c⃝` ▶ `©`, `R⃝` ▶ `®`, in every text node. */
export function composeEnclosedSigns(tree: Root | Element): void {
  for (const child of tree.children) {
    if (child.type === 'element') {
      if (!skipped.has(child.tagName)) composeEnclosedSigns(child)
    } else if (child.type === 'text') child.value = composeSigns(child.value)
  }
}

/** `composeEnclosedSigns` of one text. */
export function composeSigns(value: string): string {
  return value.includes('\u20DD') ? value.replace(enclosedSign, (_whole, letter: string) => (letter.toLowerCase() === 'c' ? '©' : '®')) : value
}

/** Whether `composeEnclosedSigns` leaves an element's text alone. */
export function keepsEnclosedSigns(tagName: string): boolean {
  return skipped.has(tagName)
}
