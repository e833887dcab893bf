/**
 * Session 14's shortcuts in the typography passes against their plain
 * definitions: `spacedDashes`, whose neighbours are tested in a callback
 * (the plain one: a lookbehind and a lookahead of letter classes, `gu`), and
 * `bySentence`, which goes from quote to quote (the plain one: every sentence
 * end matched, each sentence tested for a quote).
 */
import {describe, expect, test} from 'vitest'
import {bySentence, spacedDashes} from '../src/template/punctuation.js'
import {generatedTexts} from './fixtures/generated-texts.js'

const plainSpacedDash = /(?<=[\p{L}\p{N}.,;:!?’”)\]]) +[-–] +(?=[\p{L}\p{N}‘“(\[])/gu

function generated(seed: number, parts: readonly string[], count: number, longest: number): string[] {
  return generatedTexts(seed, parts, count, longest)
}

describe('spacedDashes', () => {
  test('the same answer as the lookbehind pattern', () => {
    const cases = ['', ' - ', 'a - b', 'a  -  b', 'a – b', 'a -b', 'a- b', '1 - 2', '. - (', '𝐀 - 𝐁', '\uD835 - \uDC00', 'a - \uD835', 'é - ‘x', '” – “', 'a - - b', 'a -  - b', 'a\u00A0- b', ' - a', 'a - ']
    for (const value of cases) expect(spacedDashes(value), JSON.stringify(value)).toBe(value.replace(plainSpacedDash, '\u00A0– '))
  })

  test('generated texts: the same answer both ways', () => {
    const parts = ['a', 'Z', '1', 'é', '中', '𝐀', '\uD835', '\uDC00', ' ', ' ', ' ', '-', '–', '—', '.', ',', '!', '’', '”', '‘', '“', '(', ')', '[', ']', '\u00A0', '\n', '%', '\u0301']
    for (const value of generated(11, parts, 40_000, 12)) expect(spacedDashes(value), JSON.stringify(value)).toBe(value.replace(plainSpacedDash, '\u00A0– '))
  })
})

/** `bySentence` as it was: every sentence end matched, each sentence tested for a quote. */
function plainBySentence(piece: string, change: (sentence: string) => string): string {
  let result = ''
  let start = 0
  for (const match of piece.matchAll(/[.?!] /g)) {
    const end = match.index + 2
    const sentence = piece.slice(start, end)
    result += /["']/.test(sentence) ? change(sentence) : sentence
    start = end
  }
  const rest = piece.slice(start)
  return result + (/["']/.test(rest) ? change(rest) : rest)
}

describe('bySentence', () => {
  // A stand-in for the quote pass that shows which stretch it was handed.
  const bracket = (sentence: string): string => `[${sentence}]`

  test('the same sentences handed over as when every sentence end is matched', () => {
    const cases = ['', '"', "a 'b' c. d. e 'f'. g", 'One. Two? "Three!" Four', '"a. b"', 'x. "', '. "y', "a.. 'b'", "'", 'no quote here. none.', '"a" "b". c']
    for (const value of cases) expect(bySentence(value, bracket), JSON.stringify(value)).toBe(plainBySentence(value, bracket))
  })

  test('generated pieces: the same answer both ways', () => {
    const parts = ['a', 'word', ' ', ' ', '.', '?', '!', '"', "'", ',', 'é', '\n', '. ', '? ', '! ', '..']
    for (const value of generated(5, parts, 40_000, 14)) expect(bySentence(value, bracket), JSON.stringify(value)).toBe(plainBySentence(value, bracket))
  })
})
