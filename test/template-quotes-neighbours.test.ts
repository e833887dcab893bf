/**
 * The quote pass without retext (`quotesByNeighbours` in
 * src/template/punctuation.ts) against retext-smartypants itself: where it
 * answers, the answer is retext's, for every sentence of our fixture
 * (nested quotes, apostrophes, quotes across inline elements, code and URLs)
 * and for generated sentences; where it cannot tell, it says so. Then the
 * whole tree pass on the fixture, with the exact HTML.
 */
import {readFileSync} from 'node:fs'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {retext} from 'retext'
import retextSmartypants from 'retext-smartypants'
import {unified} from 'unified'
import {describe, expect, test} from 'vitest'
import {createSmartPunctuation, marksByRuns, quotesByNeighbours} from '../src/template/punctuation.js'

const fixture = readFileSync(new URL('fixtures/quotes-neighbours/article.md', import.meta.url), 'utf8')
const quotes = retext().use(retextSmartypants, {dashes: false, ellipses: false, backticks: false})
const byRetext = (sentence: string): string => String(quotes.processSync(sentence))
const marks = retext().use(retextSmartypants, {quotes: false, backticks: false, dashes: 'oldschool', ellipses: true})

/** A deterministic generator (mulberry32), so a failure can be rerun. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Sentences of words with quotes, apostrophes, brackets and punctuation around them. */
function generatedSentences(count: number, seed: number): string[] {
  const next = random(seed)
  const pick = (items: string[]): string => items[Math.floor(next() * items.length)]!
  const words = ['the', 'China', 'policy', 's', 't', 'US', 'U.S.', 'e.g.', '1990s', '80s', 'a', 'I', 'don', 'x', 'é', 'naïve', 'Mr.', 'al.', '2021', 'No.']
  const before = ['', '', '', '(', '[', '"', "'", '“', '—', '-']
  const after = ['', '', '', ',', '.', ';', ':', '?', '!', ')', ']', '"', "'", "'s", '.)', '."', ",'", '…', '-']
  const sentences: string[] = []
  while (sentences.length < count) {
    const size = 1 + Math.floor(next() * 10)
    let sentence = ''
    for (let index = 0; index < size; index++) {
      sentence += pick(before) + pick(words) + pick(after)
      sentence += index < size - 1 ? pick([' ', ' ', ' ', '\n', '  ', ' "', "' ", '" ']) : pick(['', ' ', '. ', '." '])
    }
    if (/["']/.test(sentence)) sentences.push(sentence)
  }
  return sentences
}

describe('quotesByNeighbours', () => {
  test('answers as retext-smartypants on every sentence of the fixture it decides', () => {
    const sentences = fixture.split(/\n+|(?<=[.?!] )/).filter((sentence) => /["']/.test(sentence))
    let decided = 0
    for (const sentence of sentences) {
      const fast = quotesByNeighbours(sentence)
      if (fast === undefined) continue
      decided++
      expect(fast, sentence).toBe(byRetext(sentence))
    }
    expect(decided).toBeGreaterThanOrEqual(5)
  })

  test('answers as retext-smartypants on 20,000 generated sentences', () => {
    let decided = 0
    for (const sentence of generatedSentences(20_000, 11)) {
      const fast = quotesByNeighbours(sentence)
      if (fast === undefined) continue
      decided++
      expect(fast, JSON.stringify(sentence)).toBe(byRetext(sentence))
    }
    // Both ways are exercised: the generator makes decidable and undecidable sentences.
    expect(decided).toBeGreaterThan(3000)
    expect(decided).toBeLessThan(17_000)
  })

  test('leaves to retext what its neighbours do not decide', () => {
    expect(quotesByNeighbours('a "\'quoted\' word"')).toBeUndefined() // a quote before a quote
    expect(quotesByNeighbours("end 's here")).toBeUndefined() // `'s` closes at a sentence start
    expect(quotesByNeighbours('U.S."Next')).toBeUndefined() // a full stop parse-latin may keep in its word
    expect(quotesByNeighbours('a " b')).toBeUndefined() // white space on both sides
    expect(quotesByNeighbours('café" x')).toBeUndefined() // a letter outside ASCII before it
  })

  test('decides the common cases', () => {
    expect(quotesByNeighbours('He said "yes," and China\'s (\'x\') [“y”] left.')).toBe('He said “yes,” and China’s (‘x’) [“y”] left.')
    expect(quotesByNeighbours('no quotes')).toBe('no quotes')
  })
})

describe('marksByRuns', () => {
  test('answers as retext-smartypants on 20,000 generated pieces with dashes and full stops', () => {
    const next = random(23)
    const parts = ['word', 'Word', 'U.S.', 'e.g.', 'Mr.', '2020', ' ', ' ', '\n', '.', '..', '...', '....', '-', '--', '---', '----', '—', '(', ')', ',', '?', '"', '’', '…', 'é', '\u00A0', '5']
    let decided = 0
    for (let index = 0; index < 20_000; index++) {
      let piece = ''
      const size = 1 + Math.floor(next() * 14)
      for (let part = 0; part < size; part++) piece += parts[Math.floor(next() * parts.length)]
      // As the marks pass hands pieces over: en dash before a hyphen already an em dash.
      piece = piece.replaceAll('–-', '—')
      const fast = marksByRuns(piece)
      if (fast === undefined) continue
      decided++
      expect(fast, JSON.stringify(piece)).toBe(String(marks.processSync(piece)))
    }
    expect(decided).toBeGreaterThan(15_000)
  })

  test('leaves spaced full stops to retext', () => {
    expect(marksByRuns('wait . . . for it')).toBeUndefined()
    expect(marksByRuns('end. .')).toBeUndefined()
    expect(marksByRuns('a -- b --- c ---- d... e.... f..')).toBe('a – b — c ---- d… e… f..')
  })
})

describe('the tree pass on the fixture', () => {
  test('curly quotes in text, across inline elements; code and URLs as written', () => {
    const hast = unified().use(remarkParse).use(remarkRehype).runSync(unified().use(remarkParse).parse(fixture))
    createSmartPunctuation().tree(hast)
    const html = unified().use(rehypeStringify).stringify(hast)
    expect(html.split('\n').filter(Boolean)).toEqual([
      '<p>He said “the ‘inner’ word is enough” and left.</p>',
      '<p>China’s share and the countries’ share fell; the ’80s and rock’n’roll stayed.</p>',
      '<p>A quote “opened before <em>the emphasis</em> and closed after” pairs up.</p>',
      '<p>The clause ends with a quote, “like this.” Then “another,” she wrote, “and a last one.”</p>',
      '<p>Code <code>"raw \'quotes\'"</code> and the address https://example.org/it\'s"here stay as written.</p>',
      '<p>(“Parenthesised”) and [“bracketed”] quotes, ‘single’ ones, and ‘s alone.</p>', // retext decides `, and 's`: white space before, a word after,
      '<p>“Quote at the start,” and ‘another at the start’ of a line.</p>',
      '<p>A word”joined and a digit 5’ and 1990s’ remain closing.</p>',
      '<p>The “double ‘nested’” ends; ”\'\'” and ”’” are left to retext.</p>', // retext: a quote before punctuation that no word follows closes
      '<p>Dashes\u00A0– and — and ---- stay; dots… and … and … become ellipses.</p>'
    ])
  })
})
