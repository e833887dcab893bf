/**
 * Typographer's punctuation on hast: curly quotes and apostrophes, dashes,
 * ellipses (retext-smartypants, the unified collective's SmartyPants), plus
 * two rules it lacks: a spaced hyphen between words is a spaced en dash,
 * and no-break spaces before units and between initials.
 *
 * The technique is remark-smartypants' (v3), moved to hast: the text of the
 * whole tree is read as one string, so a quote opened before `<em>` and
 * closed after it pairs up; quotes do not change a string's length, so the
 * result is cut back into the text nodes; length-changing rules (dashes,
 * ellipses) then run node by node. Code, URLs and e-mail addresses are
 * masked: their characters never change.
 */
import type {Element, Root, Text} from 'hast'
import {retext} from 'retext'
import retextSmartypants from 'retext-smartypants'

/** Elements whose text is never touched: code and styles. */
const verbatim = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'math', 'svg'])

/** Elements whose text starts fresh: a quote at their start opens. */
const blocks = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'figcaption', 'caption', 'dt', 'dd', 'blockquote', 'title', 'div', 'section', 'aside', 'header', 'footer'])

/** URLs, e-mail addresses and domains written as text: kept as written. */
// Bounded repetitions: an unbounded `[\w-]+` before `\.com` backtracks quadratically on a long word.
const urlLike = /\b(?:[a-z][a-z\d+.-]{0,20}:\/\/|www\.)\S+|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,10}|\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,10}\.(?:com|org|net|gov|edu|int|mil|io|uk|in|cn|eu)\b(?:\/\S*)?/gi

/** What stays as written: URL-like tokens and long runs without a space. */
// The run is tried only where a token starts (`(?<!\S)`): the same matches, since a run of 200 is matched whole
// from its start before any URL inside it, and V8 tried `\S{200,}` at every position of the text.
const verbatimToken = new RegExp(`(?<!\\S)\\S{200,}|${urlLike.source}`, 'gi')

export type Smarten = (text: string) => string

/**
 * A function that makes one string typographic (for metadata such as the
 * title, which is no tree). One retext processor pair per call of this
 * factory: state is per processor, never per module.
 */
export function createSmartPunctuation(): {tree: (tree: Root | Element) => void; text: Smarten} {
  const quotes = retext().use(retextSmartypants, {dashes: false, ellipses: false, backticks: false})
  const marks = retext().use(retextSmartypants, {quotes: false, backticks: false, dashes: 'oldschool', ellipses: true})
  // retext's time grows faster than the text (100 KB: seconds, 1 MB: minutes): it runs on pieces
  // of at most `longestPiece` characters, cut after a sentence or at a space.
  const quote = (value: string): string =>
    inPieces(value, quoteTrigger, (piece) => bySentence(piece, (sentence) => quotesByNeighbours(sentence) ?? String(quotes.processSync(sentence))))
  // `–-` (en dash, hyphen) is an em dash to retext-smartypants too, but it gets there by dropping a
  // node, and 6.2.0 logs every drop with console.log: on stdout, where remark-cli writes the document.
  const mark = (value: string): string =>
    spacedDashes(noBreakSpaces(inPieces(value.replaceAll('–-', '—'), markTrigger, (piece) => marksByRuns(piece) ?? String(marks.processSync(piece)))))

  return {
    text: (value) => maskedApply(value, (plain) => mark(quote(plain))),
    tree(tree) {
      const texts: Text[] = []
      const values: Array<string | undefined> = []
      collect(tree, texts, values)
      const typeset = typesetTexts(values, quote, mark)
      for (let index = 0; index < texts.length; index++) texts[index]!.value = typeset[index]!
    }
  }
}

/**
 * The text nodes of a tree in order (`texts`) and their values with an
 * `undefined` where a block starts or ends (`values`): the pass reads only
 * the strings (`typesetTexts`), so the hast nodes' many shapes meet only this
 * walk and the write-back, not the optimised code of the whole pass (which
 * was compiled again after each "wrong map" deopt, ~40 ms a compile).
 */
function collect(node: Root | Element, texts: Text[], values: Array<string | undefined>): void {
  // Counted: `for…of` makes an iterator and a result object for each child in cold code.
  const children = node.children
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type === 'text') {
      texts.push(child)
      values.push(child.value)
    } else if (child.type === 'element') {
      if (verbatim.has(child.tagName)) continue
      if (blocks.has(child.tagName)) values.push(undefined)
      collect(child, texts, values)
      if (blocks.has(child.tagName)) values.push(undefined)
    }
  }
}

/**
 * The typeset value of each text of `values` (in order, blocks left out):
 * the quote pass on all of them joined (a block is a space), cut back into
 * each text, then the marks pass text by text.
 */
function typesetTexts(values: ReadonlyArray<string | undefined>, quote: Smarten, mark: Smarten): string[] {
  // Whether each text may hold a URL-like stretch, tested once: the quote pass changes only `'` and `"`,
  // which none of the tests reads (a run, `://`, `@`, `www.`, a domain's end), so the answer holds after it too.
  const mayHold = values.map((value) => value !== undefined && mayHoldVerbatim.test(value))
  // Counted loops: `entries()` with destructuring cost 7 ms of the corpus' cold pass, run by the interpreter.
  let all = ''
  for (let position = 0; position < values.length; position++) {
    const value = values[position]
    all += value === undefined ? ' ' : mask(value, mayHold[position])
  }
  const quoted = quote(all)
  const typeset: string[] = []
  let index = 0
  for (let position = 0; position < values.length; position++) {
    const value = values[position]
    if (value === undefined) {
      index += 1
      continue
    }
    const end = index + value.length
    // Masked stretches (URLs) come back as written; the rest takes the quotes.
    typeset.push(maskedApply(restoreMasked(value, quoted.slice(index, end), mayHold[position]), mark, mayHold[position]))
    index = end
  }
  return typeset
}

/** The most characters handed to retext at once. */
const longestPiece = 2000

/**
 * What each retext pass can change (parse-latin is lossless: a piece without
 * these characters comes back as it went in, so it never goes to retext,
 * where parsing it was most of the template stage's time). Quotes: a straight
 * `"` or `'`. Marks: `--` and `---` (an en dash before a hyphen is
 * made an em dash first), three dot runs in a row with or without parse-latin's white space between them.
 */
const quoteTrigger = /["']/
// parse-latin's white space (`whiteSpace` in its expressions.js) between the dots.
const markTrigger = /--|\.[\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\.[\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*\./

/** Apply `change` to the pieces of `value` that hold a `trigger`; pieces of at most `longestPiece` characters, cut after a sentence end or a space. */
function inPieces(value: string, trigger: RegExp, change: Smarten): string {
  if (!trigger.test(value)) return value
  let result = ''
  let start = 0
  while (start < value.length) {
    let end = Math.min(value.length, start + longestPiece)
    if (end < value.length) {
      const window = value.slice(start, end)
      const sentence = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '))
      const space = window.lastIndexOf(' ')
      const cut = sentence > longestPiece / 2 ? sentence + 2 : space > 0 ? space + 1 : window.length
      end = start + cut
    }
    const piece = value.slice(start, end)
    result += trigger.test(piece) ? change(piece) : piece
    start = end
  }
  return result
}

/**
 * The quote pass without retext, for a sentence whose every straight quote
 * sits where retext-smartypants' answer follows from the characters beside
 * it (`undefined` when one does not: that sentence goes to retext). parse-latin
 * keeps every character, so only the quotes change. The cases, with the rule
 * of retext-smartypants 6.2 (`quotesDefault`) that decides each:
 * - after an ASCII letter or digit, not before another quote: closing (the
 *   node before it is a word, or a text node when parse-latin keeps the quote
 *   inside its word, `don't`; the rules before that one need a quote next, or
 *   close too);
 * - after white space, the start, `(` or `[`, before an ASCII letter:
 *   opening (white space or punctuation before, a word after), except `'s`,
 *   which closes where parse-latin starts a sentence at the quote;
 * - after `.,;:!?)]`, before white space or the end: closing (nothing or
 *   white space after it, wherever parse-latin puts the sentence end).
 * Four sentences in five of the corpus' quoted ones take this way, where
 * parse-latin and the visit of retext-smartypants were most of the quote
 * pass (test/template-quotes-fast.test.ts compares both ways).
 */
export function quotesByNeighbours(sentence: string): string | undefined {
  let result = ''
  let last = 0
  for (let index = nextQuote(sentence, 0); index >= 0; index = nextQuote(sentence, index + 1)) {
    const double = sentence.charCodeAt(index) === 34
    const before = sentence.charCodeAt(index - 1)
    const after = sentence.charCodeAt(index + 1)
    let opens: boolean
    if (isAsciiLetter(before) || isAsciiDigit(before)) {
      if (after === 34 || after === 39) return undefined
      opens = false
    } else if ((Number.isNaN(before) || isSpace(before) || before === 40 || before === 91) && isAsciiLetter(after)) {
      if (!double && after === 115) return undefined
      opens = true
    } else if (closesAfter(before) && (Number.isNaN(after) || isSpace(after))) {
      opens = false
    } else return undefined
    result += sentence.slice(last, index) + (double ? (opens ? '“' : '”') : opens ? '‘' : '’')
    last = index + 1
  }
  return result + sentence.slice(last)
}

/** The next straight quote at or after `from` (-1: none). */
function nextQuote(value: string, from: number): number {
  const double = value.indexOf('"', from)
  const single = value.indexOf("'", from)
  return double < 0 ? single : single < 0 ? double : Math.min(double, single)
}

/** Space, tab, line feed: parse-latin's white space in every case here. */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/** `.,;:!?)]`: punctuation after which a quote before white space closes. */
function closesAfter(code: number): boolean {
  return code === 46 || code === 44 || code === 59 || code === 58 || code === 33 || code === 63 || code === 41 || code === 93
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

/** A full stop, parse-latin's white space, a full stop: a spaced ellipsis (`. . .`), which retext decides from the nodes around it. */
const spacedFullStops = /\.[\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+\./

/** Runs of hyphens, and of three full stops or more. */
const markRun = /-+|\.{3,}/g

/**
 * The marks pass without retext, for a piece with no spaced full stops
 * (`undefined`: it goes to retext). parse-latin makes one punctuation node of
 * a run of the same mark, and retext-smartypants 6.2 decides these by the
 * node's own value: a run of three full stops or more is `…`
 * (`ellipsesUnspaced`), two hyphens an en dash and three an em dash
 * (`dashesOldschool`; its en dash before a hyphen was made an em dash before).
 * Only the spaced ellipsis looks at the nodes before it. Compared with retext
 * on the corpus' pieces and generated ones (test/template-quotes-neighbours.test.ts).
 */
export function marksByRuns(piece: string): string | undefined {
  if (spacedFullStops.test(piece)) return undefined
  return piece.replace(markRun, (run) => (run.charCodeAt(0) === 46 ? '…' : run.length === 2 ? '–' : run.length === 3 ? '—' : run))
}

/**
 * Apply the quote pass sentence by sentence, only to sentences with a straight
 * quote (on real text nearly every 2,000-character piece holds an apostrophe;
 * 15% of the corpus' sentences do). retext-smartypants decides each quote by
 * its neighbours in parse-latin's sentence (previous, next, the node after
 * next), and parse-latin ends a sentence at `. ` anyway, so a cut there
 * changes nothing, except where parse-latin joins the two sentences (a
 * lower-case or digit start, an abbreviation such as `al.`): then, whole, a
 * quote opening the second one sees white space before it, and the word
 * ending the first one takes the full stop (`'80s.`). Cut, both read as at a
 * true sentence end, which is the right reading for an elision or a decade
 * (`'s`, `'80s` ▶ ’s, ’80s). Dashes and ellipses are not cut (`. . .` would be).
 */
export function bySentence(piece: string, change: Smarten): string {
  // From quote to quote: the sentence around each is found by searching back and on for a sentence end, and the
  // sentences between (85% of them) are copied whole, not matched, sliced and tested one by one.
  let result = ''
  let done = 0
  for (let quote = nextQuote(piece, 0); quote >= 0; quote = done < piece.length ? nextQuote(piece, done) : -1) {
    const start = sentenceStartBefore(piece, quote)
    const end = sentenceEndAfter(piece, quote)
    result += piece.slice(done, start) + change(piece.slice(start, end))
    done = end
  }
  return done === 0 ? piece : result + piece.slice(done)
}

/**
 * Where the sentence holding `index` starts: after the last `. `, `? ` or `! `
 * before it (`/[.?!] /g`' matches: they never overlap, as the
 * second character is a space), or at 0. `index` is a quote, never a space.
 */
function sentenceStartBefore(value: string, index: number): number {
  const end = Math.max(value.lastIndexOf('. ', index - 1), value.lastIndexOf('? ', index - 1), value.lastIndexOf('! ', index - 1))
  return end < 0 ? 0 : end + 2
}

/** Where the sentence holding `index` ends: after the first `. `, `? ` or `! ` from it, or at the end. */
function sentenceEndAfter(value: string, index: number): number {
  let end = value.length
  for (const mark of sentenceMarks) {
    const found = value.indexOf(mark, index)
    if (found >= 0 && found + 2 < end) end = found + 2
  }
  return end
}

const sentenceMarks = ['. ', '? ', '! ']

/** Runs of 200+ characters without a space (hashes, junk): nothing to typeset there. */
const longRun = /(?<!\S)\S{200,}/g

/**
 * A run of 200 characters without a space, tried only where a run starts (the
 * text's start or after a space): the same matches as `\S{200}`, which V8 tried
 * at every position (6% of the corpus case, on the long paragraphs of one-line pages).
 */
const longRunStart = /(?:^|\s)\S{200}/

/**
 * Whether `value` holds a run of 200 code units without white space (what
 * `\S{200}` finds). A pattern, not a loop over the characters: in one pass
 * over a corpus a loop runs mostly before V8 compiles it, slower than the
 * pattern's compiled scan. But a run of 200 holds a whole block of 100 that
 * starts at a multiple of 100, so where every such block has a space (prose:
 * a few characters in) there is none, found with `indexOf` a block at a time,
 * not by scanning every character; the pattern decides the rest.
 */
export function hasLongRun(value: string): boolean {
  for (let start = 0; start < value.length; start += runBlock) {
    const space = value.indexOf(' ', start)
    if (space < 0 || space >= start + runBlock) return longRunStart.test(value)
  }
  return false
}

/** Half the shortest long run. */
const runBlock = 100

/**
 * A cheap test that `verbatimToken` cannot match: each of its alternatives
 * holds one of these (a run of 200, `://`, `www.`, `@`, a top-level domain),
 * so text without them skips the long alternation (a scan of up to 64
 * characters at every position, a tenth of the template stage on the corpus).
 */
const mayHoldVerbatim = {
  // Separate scans: one alternation of them cost as much as the pattern it guards.
  test: (value: string): boolean =>
    value.includes('://') || value.includes('@') || webHost.test(value) || topLevelDomain.test(value) || (value.length >= 200 && hasLongRun(value))
}

// Held once per module: a regular expression literal in a function is a new object at each call (every text node here).
const webHost = /www\./i
const topLevelDomain = /\.(?:com|org|net|gov|edu|int|mil|io|uk|in|cn|eu)\b/i

/** The text with URL-like stretches and long runs replaced by letters of the same length (so quotes near them pair). */
function mask(value: string, mayHold = mayHoldVerbatim.test(value)): string {
  if (!mayHold) return value
  return value.replace(longRun, (match) => 'A'.repeat(match.length)).replace(urlLike, (match) => 'A'.repeat(match.length))
}

/** `original` with the processed characters of `processed` everywhere outside URL-like stretches. */
function restoreMasked(original: string, processed: string, mayHold = mayHoldVerbatim.test(original)): string {
  if (!mayHold) return processed
  let result = ''
  let last = 0
  for (const match of original.matchAll(verbatimToken)) {
    result += processed.slice(last, match.index) + match[0]
    last = match.index + match[0].length
  }
  return result + processed.slice(last)
}

/** Apply `change` to the stretches of `value` outside URL-like tokens. */
function maskedApply(value: string, change: Smarten, mayHold = mayHoldVerbatim.test(value)): string {
  if (!mayHold) return change(value)
  let result = ''
  let last = 0
  for (const match of value.matchAll(verbatimToken)) {
    result += change(value.slice(last, match.index)) + match[0]
    last = match.index + match[0].length
  }
  return result + change(value.slice(last))
}

/** ` - ` between words (a typed dash) ▶ ` – ` (spaced en dash, with a no-break space before it). */
export function spacedDashes(value: string): string {
  // The rule needs a space before the dash: most text has none.
  if (!value.includes(' -') && !value.includes(' –')) return value
  return value.replace(spacedDash, (dash, index: number) =>
    dashNeighbour(codePointBefore(value, index), dashBefore) && dashNeighbour(value.codePointAt(index + dash.length), dashAfter) ? '\u00A0– ' : dash
  )
}

/**
 * The dash with its spaces; the characters on either side are tested in the
 * callback. The same matches as `(?<=[\p{L}\p{N}.,;:!?’”)\]]) +[-–] +(?=[\p{L}\p{N}‘“(\[])`
 * with `gu`, whose lookbehind ran at every position of a text (2% of the
 * corpus pass, on long paragraphs with a spaced dash): a match can only start
 * at the first space of a run (the lookbehind refuses a space), where this
 * one starts too, and a refused run holds no other start (a space or a dash
 * before each of its positions). Greedy spaces leave the lookahead the
 * character after the last one, as here.
 */
const spacedDash = / +[-–] +/g
const dashBefore = /^[\p{L}\p{N}.,;:!?’”)\]]$/u
const dashAfter = /^[\p{L}\p{N}‘“(\[]$/u

/** The code point that ends at `index` (what a lookbehind of one character reads), or `undefined` at the start. */
function codePointBefore(value: string, index: number): number | undefined {
  if (index === 0) return undefined
  const low = value.charCodeAt(index - 1)
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = value.charCodeAt(index - 2)
    if (high >= 0xd800 && high <= 0xdbff) return value.codePointAt(index - 2)
  }
  return low
}

/** Whether a code point is in a dash neighbour's class (ASCII letters and digits without the pattern). */
function dashNeighbour(codePoint: number | undefined, neighbours: RegExp): boolean {
  if (codePoint === undefined) return false
  if ((codePoint >= 97 && codePoint <= 122) || (codePoint >= 65 && codePoint <= 90) || (codePoint >= 48 && codePoint <= 57)) return true
  return neighbours.test(String.fromCodePoint(codePoint))
}

/** Units of measure that never start a line away from their number. */
const units = /(?<=\d) (?=(?:%|per ?cent|km|kg|mm|cm|m|g|t|kt|Mt|Gt|ha|kW|MW|GW|TW|kWh|MWh|GWh|TWh|bn|billion|million|trillion|°C|°F|USD|EUR|GBP)\b)/g

const digitSpace = /\d /
const initials = /\b(\p{Lu}\.) (?=\p{Lu}[.\p{Ll}])/gu

function noBreakSpaces(value: string): string {
  // Each rule runs only where its space can be: `units` after a digit (its lookbehind would run at every position), initials after `. `.
  const withUnits = digitSpace.test(value) ? value.replace(units, '\u00A0') : value
  // Initials: `J. R. Tolkien` keeps `J. R.` together and with the name.
  return withUnits.includes('. ') ? withUnits.replace(initials, '$1\u00A0') : withUnits
}
