/**
 * Typography on the article body (hast), before the template fills its slots:
 * soft hyphens in justified paragraph text, note calls that never start a
 * line, body headings that start at h2 (the title is the page's h1).
 */
import type {Element, ElementContent, Root, Text} from 'hast'
import {optionalRequire, PrintPackageMissingError} from '../optional.js'
import {insertAt, liangHyphenator, liangMarkers, type HyphenPatterns} from './liang.js'
import {composeSigns, keepsEnclosedSigns} from './unprintable.js'

/** Insert soft hyphens (U+00AD) in a word of letters and marks (what `hyphenateToken` hands it). */
export type Hyphenate = (word: string) => string

/** Elements whose text is never hyphenated: links (URLs), code, headings, calls, captions. */
const keepWhole = new Set(['a', 'abbr', 'code', 'pre', 'kbd', 'samp', 'var', 'sup', 'sub', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption', 'th', 'td', 'script', 'style'])

/** Blocks set ragged-right (reference lists, URL-heavy paragraphs): never hyphenated. */
const raggedClasses = new Set(['brief-reference', 'brief-ragged', 'brief-references', 'brief-missing'])

/** Whether an element has a ragged class: its class list read once, not once per class with a closure per element. */
function isRagged(node: Element): boolean {
  const value = node.properties?.className
  if (!Array.isArray(value)) return false
  for (let index = 0; index < value.length; index++) if (raggedClasses.has(value[index] as string)) return true
  return false
}

/** Only these blocks are justified (in print), so only they get hyphens. */
const hyphenatedBlocks = new Set(['p'])

/**
 * A function that finds a hyphenator per language: the `hyphen` package's
 * language packs (`hyphen/en`, `hyphen/de`, …). Each pack loads its patterns
 * once per process (the module cache); the map keeps the lookups per processor.
 */
export function createHyphenators(): (lang: string) => Hyphenate | undefined {
  const packFor = createPacks()
  const found = new Map<HyphenPack, Hyphenate | undefined>()
  return (lang) => {
    const pack = packFor(lang)
    if (!pack) return undefined
    if (!found.has(pack)) {
      // The pack's patterns looked up word by word (liang.ts); its text function only for a pack without them.
      const hyphenate = pack.patterns ? liangHyphenator(pack.patterns) : pack.hyphenateSync
      found.set(pack, hyphenate && remembered(hyphenate))
    }
    return found.get(pack)
  }
}

/** What the template reads of a `hyphen/<pack>` module. */
interface HyphenPack {
  hyphenateSync?: Hyphenate
  patterns?: HyphenPatterns
}

/** A function that finds the `hyphen` pack of a language tag, loaded once per processor. */
function createPacks(): (lang: string) => HyphenPack | undefined {
  const require = optionalRequire('hyphen/en-us')
  if (!require) throw new PrintPackageMissingError('hyphen', 'the brief template (fonts, hyphenation)')
  const packs = new Map<string, HyphenPack>()
  // Each language tag's pack, resolved once: `require.resolve` reads package scopes on every call (once per brief).
  const names = new Map<string, string | undefined>()
  return (lang) => {
    const tag = lang.toLowerCase()
    if (!names.has(tag)) names.set(tag, packName(require, tag))
    const name = names.get(tag)
    if (!name) return undefined
    let pack = packs.get(name)
    if (!pack) {
      pack = require(`hyphen/${name}`) as HyphenPack
      packs.set(name, pack)
    }
    return pack
  }
}

/** The longest token whose hyphenation a processor remembers. */
const longestRememberedToken = 80

/** The most words one processor remembers the hyphenation of (a few MB at most). */
const rememberedWords = 50_000

/**
 * Hyphenation was the largest cost of the unified stage (profile of 100
 * briefs); most words of a batch recur, so each processor remembers its
 * answers. The result is the same; the memory is per processor and bounded.
 */
function remembered(hyphenate: Hyphenate): Hyphenate {
  const answers = new Map<string, string>()
  return (word) => {
    let answer = answers.get(word)
    if (answer === undefined) {
      answer = hyphenate(word)
      if (answers.size >= rememberedWords) answers.clear()
      answers.set(word, answer)
    }
    return answer
  }
}

/** The `hyphen/<pack>` for a language tag (`en-US` ▶ `en-us`, `fr-CA` ▶ `fr`), if there is one. */
function packName(require: NodeJS.Require, lang: string): string | undefined {
  // A language tag from front matter is untrusted: only tag-shaped names reach `require`.
  if (!/^[a-z]{2,3}(?:-[a-z\d]{1,8})*$/.test(lang)) return undefined
  const primary = lang.split('-')[0]!
  const candidates = primary === 'en' && lang !== 'en-gb' ? ['en-us'] : [lang, primary]
  return candidates.find((candidate) => {
    try {
      require.resolve(`hyphen/${candidate}/index.js`)
      return true
    } catch {
      return false
    }
  })
}

/** `hyphenateText` for one language: a text in, the text with soft hyphens out. */
export type HyphenateText = (text: string) => string

/**
 * Like `createHyphenators`, but each language's function takes a whole text
 * (`hyphenateText`) and remembers its answer per token: tokens recur across a
 * batch, and the rules around the patterns (URL test, capitals, 4 and 4
 * letters) cost more than the lookup. Per processor, bounded.
 */
export function createTextHyphenators(): (lang: string) => HyphenateText | undefined {
  const packFor = createPacks()
  const found = new Map<HyphenPack, HyphenateText | undefined>()
  return (lang) => {
    const pack = packFor(lang)
    if (!pack) return undefined
    if (found.has(pack)) return found.get(pack)
    let text: HyphenateText | undefined
    const wordBreaks = wordBreaksOf(pack)
    if (wordBreaks) {
      const answers = new Map<string, string>()
      // Each token's answer remembered here, in the callback, not through `remembered` (a call less for each of the
      // corpus' 24,500 tokens). Long tokens (junk, hashes) are rare and would make the memory unbounded: not remembered.
      const token = (value: string): string => {
        if (value.length > longestRememberedToken) return hyphenateTokenWords(value, wordBreaks)
        let answer = answers.get(value)
        if (answer === undefined) {
          answer = hyphenateTokenWords(value, wordBreaks)
          if (answers.size >= rememberedWords) answers.clear()
          answers.set(value, answer)
        }
        return answer
      }
      text = (value) => value.replace(hyphenatedToken, token)
    }
    found.set(pack, text)
    return text
  }
}

/**
 * A word's final answer with a pack (its acceptable breaks), remembered: a
 * word recurs in many distinct tokens. With the pack's patterns the breaks
 * are chosen before any is inserted (`acceptableMarkers`), not inserted, split
 * and joined again, and the word is remembered once, not also by a
 * hyphenator of all its breaks.
 */
function wordBreaksOf(pack: HyphenPack): Hyphenate | undefined {
  if (pack.patterns) {
    const markersOf = liangMarkers(pack.patterns)
    return remembered((word) => insertAt(word, '\u00AD', acceptableMarkers(word, markersOf(word))))
  }
  const hyphenate = pack.hyphenateSync
  return hyphenate && remembered((word) => acceptableBreaks(hyphenate(word)))
}

/**
 * Soft hyphens in the text of paragraphs (not in links, code, headings, calls,
 * URLs written as text). `blocks`: the elements whose text is hyphenated
 * (`p`; for notes also `li`).
 */
export function hyphenateTree(tree: Root | Element, hyphenate: HyphenateText, blocks: ReadonlySet<string> = hyphenatedBlocks): void {
  walk(tree, false)

  function walk(node: Root | Element, inside: boolean): void {
    // Counted: `for…of` makes an iterator and a result object for each child in cold code (most of a one-pass run).
    const children = node.children
    for (let index = 0; index < children.length; index++) {
      const child = children[index]!
      if (child.type === 'text') {
        if (inside) child.value = hyphenate(child.value)
      } else if (child.type === 'element') {
        if (keepWhole.has(child.tagName) || isRagged(child)) continue
        const block = !inside && blocks.has(child.tagName)
        walk(child, inside || block)
        if (block) keepLastWordWhole(child)
      }
    }
  }
}

/**
 * The longest word handed to the hyphenator. The `hyphen` package's time grows
 * with the square of a word's length (a 100 KB "word" took 21 s); no real word
 * is this long, and a longer run of letters (a hash, junk) breaks anywhere
 * (`overflow-wrap` in the CSS) rather than at hyphens.
 */
const longestHyphenatedWord = 64

/**
 * Hyphenate words; leave URLs, e-mail addresses, domains, numbers alone, and
 * words a typesetter never breaks: capitalised words (names, the first word
 * of a sentence), acronyms, words under 10 letters. Breaks leave at least 4
 * letters on each side (`Unit-ed`, `sum-moned`, `global-ly` are refused).
 */
export function hyphenateText(text: string, hyphenate: Hyphenate): string {
  return text.replace(hyphenatedToken, (token) => hyphenateToken(token, hyphenate))
}

/**
 * Tokens between white space of 10 code units or more: the shortest word
 * broken has 10 letters (`[\p{L}\p{M}]{10,}` below). A word of 8 or 9
 * letters has one break leaving 4 letters a side (`mate-rials`, `expe-dite`),
 * and such words are the commonest long words of policy prose; Chromium breaks every word that overflows a line
 * and has a break that fits (first fit, no test of how loose the line would
 * be). Breaking only words of 10 letters or more lowered the share of
 * hyphenated lines on every brief measured, and brought prose dense in long
 * words (29: one 600-word paragraph) from 24% to 9% (docs/print-check.md,
 * session 7).
 */
// Tried only where a token starts (after white space or at the start): the same matches as `\S{10,}`, which V8
// tried at every position of every paragraph (a quarter quicker on the corpus' text).
const hyphenatedToken = /(?<!\S)\S{10,}/g

/** One token of `hyphenateText`: kept whole when it looks like a URL, an address or a domain. */
function hyphenateToken(token: string, hyphenate: Hyphenate): string {
  return hyphenateTokenWords(token, (word) => acceptableBreaks(hyphenate(word)))
}

/** `hyphenateToken` with each word's final answer given: `wordBreaks` is `acceptableBreaks` of the hyphenator's. */
function hyphenateTokenWords(token: string, wordBreaks: Hyphenate): string {
  return addressLike.test(token)
    ? token
    : token.replace(hyphenatedWord, (word) => (word.length > longestHyphenatedWord || capitalised.test(word) ? word : wordBreaks(word)))
}

/**
 * The patterns of the hot paths once per module: a regular expression literal
 * inside a function is a new object at each call (a literal test per token
 * took twice the time of the same pattern held once, in a cold pass over the
 * corpus' text). `hyphenatedWord` is global for `replace`, which starts at 0.
 */
const addressLike = /[:/@]|\w\.\w/
const hyphenatedWord = /[\p{L}\p{M}]{10,}/gu
const capitalised = /^\p{Lu}/u
const letterOrDigit = /[\p{L}\p{N}]/u
const softHyphens = /\u00AD/g

/**
 * Fewest letters before a break, and carried to the next line. A typesetter
 * accepts 3; 4 and 4 halve the hyphenated lines on the tune set (to 8–13%)
 * and end the ladders Chromium's first-fit breaker builds (runs ≤ 3).
 */
const shortestHead = 4
const shortestTail = 4

/**
 * The markers of `word` that `acceptableBreaks` keeps: those with at least
 * `shortestHead` code units before and `shortestTail` after. The same
 * answer: its first loop drops the markers before `shortestHead` (markers
 * rise), its second those after `length - shortestTail`, and a marker past
 * the end (the pack's quirk: an empty fragment) is among those.
 */
export function acceptableMarkers(word: string, markers: readonly number[]): number[] {
  const last = word.length - shortestTail
  const kept: number[] = []
  for (const marker of markers) if (marker >= shortestHead && marker <= last) kept.push(marker)
  return kept
}

/** A hyphenated word with the breaks that leave fewer than 3 letters on a side removed. */
export function acceptableBreaks(word: string): string {
  const fragments = word.split('\u00AD')
  while (fragments.length > 1 && fragments[0]!.length < shortestHead) fragments.splice(0, 2, fragments[0]! + fragments[1]!)
  while (fragments.length > 1 && fragments.at(-1)!.length < shortestTail) fragments.splice(-2, 2, fragments.at(-2)! + fragments.at(-1)!)
  return fragments.join('\u00AD')
}

/**
 * Remove the soft hyphens of the last word of each block: a paragraph never
 * ends on a hyphenated fragment (`ly.` alone on the last line).
 */
export function keepLastWordWhole(block: Element): void {
  const text = lastTextWithLetter(block)
  if (text) {
    const word = text.value.includes('\u00AD') ? lastWord(text.value) : undefined
    // Rewritten only when the last word itself was broken: the text rebuilt around it is a new string of the whole
    // paragraph, made for nearly every paragraph (most hold a soft hyphen somewhere) and copied flat again by the next scan.
    if (word && text.value.lastIndexOf('\u00AD', word.end - 1) >= word.start) {
      text.value = text.value.slice(0, word.start) + text.value.slice(word.start, word.end).replace(softHyphens, '') + text.value.slice(word.end)
    }
  }
}

/**
 * The last text of `node` (at any depth) holding a letter or a digit, found from the end: every text of the
 * paragraph was gathered into a list first, for the last one or two to be read.
 */
function lastTextWithLetter(node: Element): Text | undefined {
  const children = node.children
  for (let index = children.length - 1; index >= 0; index--) {
    const child = children[index]!
    if (child.type === 'text') {
      if (letterOrDigit.test(child.value)) return child
    } else if (child.type === 'element') {
      const found = lastTextWithLetter(child)
      if (found) return found
    }
  }
  return undefined
}

/** A letter, a mark or a soft hyphen: what a word of `keepLastWordWhole` is made of. */
const wordCharacter = /^[\p{L}\p{M}\u00AD]$/u

/**
 * Where the last run of letters, marks and soft hyphens is, found by
 * stepping back from the end (a paragraph's last word is a few characters
 * from its end; matching every word of a window was 1% of the corpus pass,
 * and a lookahead to the end from every word was quadratic on the long
 * paragraphs of one-line pages).
 */
export function lastWord(value: string): {start: number; end: number} | undefined {
  let end = value.length
  for (let size = wordCharacterBefore(value, end); size === 0 && end > 0; size = wordCharacterBefore(value, end)) end -= characterSizeBefore(value, end)
  if (end === 0) return undefined
  let start = end
  for (let size = wordCharacterBefore(value, start); size > 0; size = wordCharacterBefore(value, start)) start -= size
  return {start, end}
}

/** The size in code units of the word character that ends at `index` (0: none there, or not a word character). */
function wordCharacterBefore(value: string, index: number): number {
  if (index === 0) return 0
  const code = value.charCodeAt(index - 1)
  if (code < 0x80) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0
  const size = characterSizeBefore(value, index)
  return wordCharacter.test(value.slice(index - size, index)) ? size : 0
}

/** 2 when a surrogate pair ends at `index`, else 1. */
function characterSizeBefore(value: string, index: number): number {
  const code = value.charCodeAt(index - 1)
  if (code >= 0xdc00 && code <= 0xdfff && index >= 2) {
    const high = value.charCodeAt(index - 2)
    if (high >= 0xd800 && high <= 0xdbff) return 2
  }
  return 1
}

/**
 * Keep each note call with the word before it: the word (or element) and the
 * `sup` go into a `span.brief-call` (`white-space: nowrap` in the CSS).
 */
export function joinNoteCalls(tree: Root | Element): void {
  const nodes = tree.children
  for (let index = 0; index < nodes.length; index++) {
    const child = nodes[index]!
    if (child.type === 'element') joinNoteCalls(child)
  }

  const children = tree.children as ElementContent[]
  for (let index = 0; index < children.length; index++) {
    const call = children[index]!
    if (!isNoteCall(call) || index === 0) continue
    const before = children[index - 1]!
    if (before.type === 'text') {
      // A space before a call is a scraping artefact: a call sits on its word.
      const match = splitLastWord(before.value)
      if (!match) continue
      const span = callSpan([{type: 'text', value: match.word}, call])
      const replacement: ElementContent[] = match.head ? [{type: 'text', value: match.head} satisfies Text, span] : [span]
      children.splice(index - 1, 2, ...replacement)
      index = index - 2 + replacement.length
    } else if (before.type === 'element' && !isNoteCall(before) && !hasClass(before, 'brief-call')) {
      children.splice(index - 1, 2, callSpan([before, call]))
      index -= 1
    }
  }
}

/**
 * The text before its last run of non-white-space (`head`) and that run
 * (`word`), trailing white space dropped; what `/^([\s\S]*?)(\S+)\s*$/` gives,
 * found from the end (the pattern tried every position of a long text node).
 */
function splitLastWord(value: string): {head: string; word: string} | undefined {
  let end = value.length
  while (end > 0 && whiteSpace.test(value[end - 1]!)) end--
  if (end === 0) return undefined
  let start = end
  while (start > 0 && !whiteSpace.test(value[start - 1]!)) start--
  return {head: value.slice(0, start), word: value.slice(start, end)}
}

const whiteSpace = /\s/

function callSpan(children: ElementContent[]): Element {
  return {type: 'element', tagName: 'span', properties: {className: ['brief-call']}, children}
}

function isNoteCall(node: ElementContent): node is Element {
  return (
    node.type === 'element' &&
    node.tagName === 'sup' &&
    node.children.some((child) => child.type === 'element' && child.tagName === 'a' && child.properties?.dataFootnoteRef !== undefined)
  )
}

function hasClass(node: Element, name: string): boolean {
  const value = node.properties?.className
  return Array.isArray(value) && value.includes(name)
}

/** Body headings start at h2 (the title is the h1): shift all when the body has an h1. */
export function demoteHeadings(tree: Root | Element): void {
  if (!someHeading(tree, 'h1')) return
  shift(tree)

  function shift(node: Root | Element): void {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      const level = /^h([1-6])$/.exec(child.tagName)
      if (level) child.tagName = `h${Math.min(Number(level[1]) + 1, 6)}`
      shift(child)
    }
  }
}

/** Whether `node` holds an element named `name`: a counted loop, no callback made for each element of the body. */
function someHeading(node: Root | Element, name: string): boolean {
  const children = node.children
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type === 'element' && (child.tagName === name || someHeading(child, name))) return true
  }
  return false
}

/** C0 and C1 control characters but tab, line feed and carriage return (scrapes carry U+0003, U+0008…). */
const controlCharacter = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]'

/** The pattern once per module, not compiled again for every text node: `g` for `replace` and `match`, which start from 0 each time. */
const controlCharacters = new RegExp(controlCharacter, 'g')
const hasControlCharacter = new RegExp(controlCharacter)

/** A control character found in the text: which, and the text node's position. */
export interface ControlCharacter {
  codePoint: number
  count: number
  position?: Text['position']
}

/**
 * Drop control characters from every text node (they print as boxes or
 * nothing, and break the PDF text layer); return what was dropped, so the
 * caller can report it.
 */
export function dropControlCharacters(tree: Root | Element): ControlCharacter[] {
  const found: ControlCharacter[] = []
  visitTexts(tree)
  return found

  function visitTexts(node: Root | Element): void {
    for (const child of node.children) {
      if (child.type === 'element') visitTexts(child)
      else if (child.type === 'text' && hasControlCharacter.test(child.value)) {
        const counts = new Map<number, number>()
        for (const character of child.value.match(controlCharacters) ?? []) counts.set(character.codePointAt(0)!, (counts.get(character.codePointAt(0)!) ?? 0) + 1)
        for (const [codePoint, count] of counts) found.push({codePoint, count, position: child.position})
        child.value = child.value.replace(controlCharacters, '')
      }
    }
  }
}

/**
 * `dropControlCharacters`, then `unfoldTreeLigatures`, then
 * `composeEnclosedSigns`, in one walk of the tree instead of three: each
 * text node takes the three in that order, and none reads another node.
 * Returns what `dropControlCharacters` does.
 */
export function cleanTreeText(tree: Root | Element): ControlCharacter[] {
  const found: ControlCharacter[] = []
  visitTexts(tree, false)
  return found

  function visitTexts(node: Root | Element, keepSigns: boolean): void {
    const children = node.children
    for (let index = 0; index < children.length; index++) {
      const child = children[index]!
      if (child.type === 'element') visitTexts(child, keepSigns || keepsEnclosedSigns(child.tagName))
      else if (child.type === 'text' && cleanable.test(child.value)) {
        if (hasControlCharacter.test(child.value)) {
          const counts = new Map<number, number>()
          for (const character of child.value.match(controlCharacters) ?? []) counts.set(character.codePointAt(0)!, (counts.get(character.codePointAt(0)!) ?? 0) + 1)
          for (const [codePoint, count] of counts) found.push({codePoint, count, position: child.position})
          child.value = child.value.replace(controlCharacters, '')
        }
        child.value = unfoldLigatures(child.value)
        if (!keepSigns) child.value = composeSigns(child.value)
      }
    }
  }
}

/**
 * Any character one of the three steps of `cleanTreeText` changes (a control
 * character, a Latin ligature, the enclosing circle): one scan of a text for
 * the three (most texts hold none), not three.
 */
const cleanable = new RegExp(controlCharacter.slice(0, -1) + '\\u20DD\\uFB00-\\uFB06]')

/**
 * Latin ligature characters (U+FB00–U+FB06: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ), which PDF
 * conversions leave in the text. Written as their letters: our faces have no
 * such code points (the browser would borrow a system face for them, another
 * look and not the same on every machine), the words hyphenate and read back
 * whole, and the faces still set their own ligatures.
 */
const latinLigatures = /[\uFB00-\uFB06]/g
const hasLatinLigature = /[\uFB00-\uFB06]/

/** `value` with each Latin ligature character written as its letters (`ﬁ` → `fi`). */
export function unfoldLigatures(value: string): string {
  return hasLatinLigature.test(value) ? value.replace(latinLigatures, (ligature) => ligature.normalize('NFKC')) : value
}

/** Unfold Latin ligature characters in every text node of `tree` (see `unfoldLigatures`). */
export function unfoldTreeLigatures(tree: Root | Element): void {
  for (const child of tree.children) {
    if (child.type === 'element') unfoldTreeLigatures(child)
    else if (child.type === 'text') child.value = unfoldLigatures(child.value)
  }
}

/** A metadata string without control characters. */
export function withoutControlCharacters(value: string): string {
  return value.replace(controlCharacters, '')
}
