/**
 * Session 16's recognizer loops (rec14, issue 11): the loops of the cold pass that the heap profile showed
 * making iterator results read their lists by index, not with `for…of`, a spread or a destructured pair (an
 * iterator and a result object per item while the code is cold). Each runs here with iteration refused (the
 * lists it is given, or every array while it runs) and must give what it gives with iteration allowed.
 */
import {describe, expect, it} from 'vitest'
import type {Position} from 'unist'
import {toBlocks} from '../src/article/blocks.js'
import {contentsRunAt, contentsTokenKinds} from '../src/article/contents.js'
import {findLinks, toPhrasing, type Replacement} from '../src/article/inline.js'
import {junkReason} from '../src/article/junk.js'
import {findCandidates} from '../src/article/markers.js'
import {readBackChrome} from '../src/article/regions.js'
import type {Flow} from '../src/article/tree.js'
import type {BriefData} from '../src/meta/types.js'
import {capitalStartsOf, echoHeadings, listPrintingsOf, sentenceEnds} from '../src/article/segment.js'
import {spanOfRanges, splitLines, valueOfRanges} from '../src/article/source.js'
import {toDefinition} from '../src/article/tree.js'
import {generatedTexts, seededRandom} from './fixtures/generated-texts.js'
import {noIterator} from './fixtures/refuse-iteration.js'

/** `run()` with every array refusing to be iterated (`for…of`, spreads, destructuring): the prototype's iterator throws meanwhile. */
function withoutArrayIteration<T>(run: () => T): T {
  const iterator = Array.prototype[Symbol.iterator]
  Object.defineProperty(Array.prototype, Symbol.iterator, {
    configurable: true,
    writable: true,
    value() {
      throw new Error('iterated with for…of')
    }
  })
  try {
    return run()
  } finally {
    Object.defineProperty(Array.prototype, Symbol.iterator, {configurable: true, writable: true, value: iterator})
  }
}

const pieces = [
  'The', 'Then', 'Thus', 'They', 'UN', 'United Nations', 'word', 'peace', ' ', ' ', ' ', '. ', ', ', '.\n', '*', '**', '_', '“', '”',
  '12', '3', '¹', '²³', '[7](#fn7)', '[link](https://example.org/a)', 'https://example.org/b.', '![chart](c.png)', '\\*', '\\', '\u0007', 'é', '中', '𝐀bc', '𝔄', 'Ω', '\uD835', '\uDC00', 'ǅ'
]

const place = (start: number, end: number): Position => ({start: {line: 1, column: start + 1, offset: start}, end: {line: 1, column: end + 1, offset: end}})

/** Ranges cutting `text` into lines and pieces of lines, some blank. */
function rangesOf(text: string, next: () => number): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  let start = 0
  while (start < text.length) {
    const end = Math.min(text.length, start + 1 + Math.floor(next() * 40))
    ranges.push([start, end])
    start = end + Math.floor(next() * 3)
  }
  return ranges
}

describe('joinRanges reads its ranges by index', () => {
  it('gives the same span and value when the ranges and their pairs refuse iteration', () => {
    const next = seededRandom(1601)
    for (const text of generatedTexts(1601, pieces, 600, 30, 1)) {
      const ranges = rangesOf(text, next)
      const refusing = noIterator(ranges.map((pair) => noIterator([pair[0], pair[1]] as [number, number])))
      expect(spanOfRanges(text, refusing)).toEqual(spanOfRanges(text, ranges))
      expect(valueOfRanges(text, refusing)).toBe(valueOfRanges(text, ranges))
    }
  })
})

describe('toPhrasing and a definition’s positions read their lists and pairs by index', () => {
  it('gives the same phrasing when no array may be iterated', () => {
    const next = seededRandom(1602)
    let references = 0
    let emphasis = 0
    for (const text of generatedTexts(1602, pieces, 600, 30, 1)) {
      // One `*` in every text: a text without one takes `for…of` over an empty list, which is not what is tested.
      const span = spanOfRanges('*' + text, rangesOf('*' + text, next))
      const links = findLinks(span.value)
      const candidates = findCandidates(span.value, links.map((link): [number, number] => [link.index, link.index + link.length]))
      const markers = candidates.filter(() => next() < 0.6)
      const replaced: Replacement[] = candidates.filter((candidate) => !markers.includes(candidate)).map((candidate) => ({index: candidate.index, length: candidate.length, text: '¹'}))
      const plain = toPhrasing(span, links, markers, place, replaced)
      expect(withoutArrayIteration(() => toPhrasing(span, links, markers, place, replaced))).toEqual(plain)
      const note = {number: 3, start: 0, end: span.value.length, paragraphs: [span]}
      const definition = toDefinition(note as never, place)
      expect(withoutArrayIteration(() => toDefinition(note as never, place))).toEqual(definition)
      const shown = JSON.stringify(plain)
      if (shown.includes('footnoteReference')) references++
      if (shown.includes('"emphasis"') || shown.includes('"strong"')) emphasis++
    }
    // The texts reach what is tested: references, emphasis, replacements.
    expect(references).toBeGreaterThan(20)
    expect(emphasis).toBeGreaterThan(20)
  })
})

describe('listPrintingsOf reads a capital pair’s places by index', () => {
  it('finds the same printings when no array may be iterated', () => {
    let found = 0
    for (const text of generatedTexts(1603, pieces, 400, 60, 1)) {
      const plain = listPrintingsOf(text)
      const refusing = listPrintingsOf(text)
      for (const probe of ['The', 'Then peace', 'United Nations', 'UN word', 'Thus', 'word peace', 'Th']) {
        const expected = plain(probe)
        found += expected.length
        expect(withoutArrayIteration(() => refusing(probe))).toEqual(expected)
      }
    }
    expect(found).toBeGreaterThan(500)
  })

  it('finds the same inline headings when no array may be iterated (echoHeadings reads its ends and printings by index)', () => {
    // A page whose contents list is printed again as inline headings, with generated prose between (capitals in both).
    const filler = generatedTexts(1605, pieces, 40, 12, 1)
    const headings = ['Origins of the peace', 'Nations at work', 'Early days of the plan', 'Later years abroad']
    const prose = 'word peace comes slowly and then it goes away again in the night. '.repeat(5)
    let found = 0
    for (let round = 0; round < filler.length; round++) {
      let text = 'Contents ' + headings.join(' ') + ' ' + prose
      for (const heading of headings) text += filler[round] + ' It went on. ' + heading + ' Many came. ' + prose
      const ends = sentenceEnds(text)
      const expected = echoHeadings(text, ends)
      found += expected.size
      expect(withoutArrayIteration(() => echoHeadings(text, ends))).toEqual(expected)
    }
    expect(found).toBeGreaterThan(40)
  })
})

describe('capitalStartsOf finds its capitals without match arrays', () => {
  /** The way before: every match of `matchAll`. */
  function reference(value: string): Map<string, number[]> {
    const starts = new Map<string, number[]>()
    for (const match of value.matchAll(/\p{Lu}/gu)) {
      const key = value.slice(match.index, match.index + 2)
      const list = starts.get(key)
      if (list) list.push(match.index)
      else starts.set(key, [match.index])
    }
    return starts
  }

  it('gives the places of matchAll (astral capitals and lone surrogates included) and never calls it', () => {
    const matchAll = String.prototype.matchAll
    let astral = 0
    for (const text of generatedTexts(1604, pieces, 800, 40, 1)) {
      const expected = reference(text)
      if (text.includes('𝐀') || text.includes('𝔄')) astral++
      String.prototype.matchAll = () => {
        throw new Error('matchAll called')
      }
      try {
        expect(capitalStartsOf(text)()).toEqual(expected)
      } finally {
        String.prototype.matchAll = matchAll
      }
    }
    expect(astral).toBeGreaterThan(100)
  })
})

describe('the per-line tests of blocks read their pattern lists by index', () => {
  const lineStarts = [
    '1. ', '2) ', '(3) ', '[4] ', '⁵ ', '<sup>6</sup> ', '7 “', '## ', '- ', '* ', '> ', '---', 'Share on Facebook', 'Read more »', '<div class="x">',
    '<!-- c -->', '{: .note}', '[Image: missing image]', 'Related', '', '   ', 'Notes', 'Table of Contents', '<ul>', '</ul>', '$^{8}$ '
  ]
  const urls = ['https://example.org/a_(b)', 'https://example.org/(c)).', 'www.example.org/d?e=(f', 'http://x.org/g)', '[link](https://example.org/h_(i))']

  it('gives the same blocks, junk reasons and links when no array may be iterated', () => {
    const next = seededRandom(1606)
    let junk = 0
    for (const body of generatedTexts(1606, [...pieces, ...urls], 300, 20, 1)) {
      let text = ''
      for (let line = 0; line < 12; line++) text += lineStarts[Math.floor(next() * lineStarts.length)] + (next() < 0.5 ? body : '') + '\n'
      const lines = splitLines(text)
      const extra = noIterator(['share on facebook', 'Notes'])
      const blocks = toBlocks(lines, ['share on facebook', 'Notes'])
      expect(withoutArrayIteration(() => toBlocks(lines, extra))).toEqual(blocks)
      for (const line of lines) {
        const reason = junkReason(line.text, ['share on facebook', 'Notes'])
        if (reason) junk++
        expect(withoutArrayIteration(() => junkReason(line.text, extra))).toBe(reason)
      }
      const links = findLinks(text)
      expect(withoutArrayIteration(() => findLinks(text))).toEqual(links)
      // trimUrl counts a URL's parentheses without iterating it character by character.
      const iterator = String.prototype[Symbol.iterator]
      Object.defineProperty(String.prototype, Symbol.iterator, {configurable: true, writable: true, value: noIterator([])[Symbol.iterator]})
      try {
        expect(findLinks(text)).toEqual(links)
      } finally {
        Object.defineProperty(String.prototype, Symbol.iterator, {configurable: true, writable: true, value: iterator})
      }
    }
    expect(junk).toBeGreaterThan(300)
  })

  it('trims a URL’s closing parentheses as before: `)` kept while it closes a `(` inside the URL', () => {
    const found = findLinks('See https://example.org/a_(b) and (https://example.org/c). Or https://example.org/(d)). And https://x.org/e)f).')
    expect(found.map((link) => link.url)).toEqual(['https://example.org/a_(b)', 'https://example.org/c', 'https://example.org/(d)', 'https://x.org/e)f'])
  })
})

describe('contents runs tried at every token: a token with no page ahead decided from the kinds (rec15)', () => {
  /** `contentsRunAt` before, for the title-first and page-first readings: every try reads the patterns and the words. */
  const pageNumber = /^(?:\d{1,3}|[ivxlc]{1,6})$/
  const pieces = ['Introduction ', 'Tables ', 'the ', 'and ', 'Contents ', 'CONTENTS ', 'Table of contents ', 'table ', 'contents: ', '1 ', '4 ', '12 ', '9 ', 'iv ', 'xii ', 'ii ', '…… ', '.... ', '. ', 'Conclusion. ', '“Quoted ', '(Aside) ', 'Policy ', 'war ', 'Dr. ', 'A. ', 'x ', '1234 ', '2.3 ', 'IV. ', 'Chapter ', 'ÉTAT ', 'état ']

  const tokensOf = (text: string) => [...text.matchAll(/\S+/g)].map((match) => ({start: match.index, end: match.index + match[0].length, text: match[0]}))

  it('gives what the full reading gives at every token of generated fronts', () => {
    let runs = 0
    let decided = 0
    for (const text of generatedTexts(1516, pieces, 400, 120, 1)) {
      const tokens = tokensOf(text)
      const kinds = contentsTokenKinds(tokens)
      for (let index = 0; index <= tokens.length; index++) {
        // Without kinds the function reads every token's text: the reading before this change.
        const full = contentsRunAt(tokens, index)
        expect(contentsRunAt(tokens, index, kinds), `${index} in ${text}`).toEqual(full)
        if (full) runs++
        if (index < tokens.length && !pageNumber.test(tokens[index].text)) decided++
      }
    }
    expect(runs).toBeGreaterThan(50)
    expect(decided).toBeGreaterThan(10_000)
  })

  it('runs no pattern where no page follows within the reach of a title', () => {
    const tokens = tokensOf('Policy and a war Introduction ' + 'word '.repeat(20) + 'Tables 4 Conclusion 9 Notes 12')
    const kinds = contentsTokenKinds(tokens)
    const {test, exec} = RegExp.prototype
    const refuse = () => {
      throw new Error('a pattern ran')
    }
    RegExp.prototype.test = refuse
    RegExp.prototype.exec = refuse
    try {
      for (let index = 0; index < 5; index++) expect(contentsRunAt(tokens, index, kinds)).toBeUndefined()
    } finally {
      RegExp.prototype.test = test
      RegExp.prototype.exec = exec
    }
    expect(contentsRunAt(tokens, 25, kinds)).toEqual({end: 31, first: 'Tables', labelled: false})
  })
})

describe('back chrome: the boundary read only where a label can open (rec15)', () => {
  /** `readBackChrome` on `text` as one paragraph: what it drops and marks, and the authors it reads. */
  function back(text: string) {
    const flows: Flow[] = [{type: 'paragraph', span: spanOfRanges(text, [[0, text.length]])}]
    const brief = {authors: [{name: 'Jane Doe'}], removed: []} as unknown as BriefData
    const drops: string[] = []
    readBackChrome(flows, 0, {brief, drop: (start, end, reason) => drops.push(`${start}-${end} ${reason}`), mark: (field, start, end) => drops.push(`${field} ${start}-${end}`)})
    return {drops, authors: brief.authors}
  }

  it('runs no numeral pattern for the lower-case words before an unlabelled token, and still finds the bio after a sentence end', () => {
    // No word opens with a back label's letter (`A`, `a`, `T`, `R`): no token here is labelled.
    const prose = 'the policy was made in haste so the war went on for many years. '.repeat(120)
    const text = prose + 'Jane Doe is senior fellow with the institute; she writes on trade policy.'
    const expected = back(text)
    expect(expected.drops[0]).toBe(`${prose.length}-${text.length} about the author after the article`)
    expect(expected.authors[0].bio).toMatch(/^Jane Doe is senior fellow/)
    const {test} = RegExp.prototype
    RegExp.prototype.test = function (this: RegExp, value: string) {
      if (this.source === '^(?:[ivxlc]+|\\d+)$') throw new Error('the boundary pattern ran')
      return test.call(this, value)
    }
    try {
      expect(back(text)).toEqual(expected)
    } finally {
      RegExp.prototype.test = test
    }
  })
})
