/**
 * The recognizer's cheaper ways of session 15, round 2 (issue 11) give the answers of the patterns they replace or
 * stand for (kept here as the reference): the echo headings' probe read code point by code point.
 */
import {describe, expect, it} from 'vitest'
import {firstWordsAt} from '../src/article/segment.js'
import {generatedTexts} from './fixtures/generated-texts.js'

/** Texts of 1 to `most` pieces drawn from `pieces` (the same every run). */
function texts(seed: number, count: number, pieces: string[], most = 12): string[] {
  return generatedTexts(seed, pieces, count, most, 1)
}

const firstWords = /^[\p{Lu}][\p{L}\p{N}’'-]*(?: [\p{L}\p{N}’'-]+)?/u

const pieces = ['A', 'The', 'UN', 'É', 'été', 'Ж', 'жук', '中国', '𝐀', '𝐚', '𐐀', '\uD835', '\uDC00', 'x', '1', '²', '٣',
  ' ', '  ', '’', "'", '-', '.', ',', ':', '“', '\u0301', '\u00AD', 'ß', 'ǅ', 'İ', '\n', 'abcdefghij', 'Zz9', 'Abcdefghij'.repeat(5), 'b-c’d'.repeat(9)]

describe('firstWordsAt', () => {
  it('matches the pattern on the 80 code units from every offset', () => {
    let matched = 0
    let cut = 0
    for (const value of texts(7, 2500, pieces, 40)) {
      for (let at = 0; at <= value.length; at++) {
        const expected = firstWords.exec(value.slice(at, at + 80))?.[0]
        expect(firstWordsAt(value, at), JSON.stringify([value, at])).toBe(expected)
        if (expected !== undefined) matched++
        if (expected !== undefined && at + 80 < value.length && expected.length >= 78) cut++
      }
    }
    expect(matched).toBeGreaterThan(10000)
    expect(cut).toBeGreaterThan(0)
  })

  it('cuts a pair at the window edge as the pattern does', () => {
    const value = 'A' + 'b'.repeat(78) + '𝐚c'
    expect(firstWordsAt(value, 0)).toBe(firstWords.exec(value.slice(0, 80))![0])
    expect(firstWordsAt(value, 0)!.length).toBe(79)
    expect(firstWordsAt('𝐀bc d', 0)).toBe('𝐀bc d')
  })
})
