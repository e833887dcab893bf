/**
 * Shortcuts of src/template/typography.ts against their plain definitions:
 * `lastWord`, which finds a paragraph's last word by stepping back from the
 * end (the plain one: the last match of `/[\p{L}\p{M}\u00AD]+/gu` in the
 * whole text), and the hyphenated tokens, found only where a token starts
 * (the plain one: every match of `/\S{10,}/g`).
 */
import {describe, expect, test} from 'vitest'
import {hyphenateText, keepLastWordWhole, lastWord} from '../src/template/typography.js'

function byPattern(value: string): {start: number; end: number} | undefined {
  let last: RegExpMatchArray | undefined
  for (const match of value.matchAll(/[\p{L}\p{M}\u00AD]+/gu)) last = match
  return last && {start: last.index!, end: last.index! + last[0].length}
}

describe('lastWord', () => {
  test('the last run of letters, marks and soft hyphens, as the pattern finds it', () => {
    const cases = ['', '.', 'word', 'a word.', 'inter\u00ADnational-\u00ADly.”', 'ends 2024.', 'café\u0301 ', '𝐀𝐁 x 𝐂.', '中文。', 'a \uD835', '\uDC00b', 'x 🌍', 'Ab\u00AD']
    for (const value of cases) expect(lastWord(value), JSON.stringify(value)).toEqual(byPattern(value))
  })

  test('generated texts: the same answer both ways', () => {
    let state = 9
    const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const parts = ['a', 'Z', 'é', '\u0301', '\u00AD', ' ', '.', '”', '1', '中', '𝐀', '🌍', '\uD835', '\uDC00', '-', '\u00A0', 'ß']
    for (let index = 0; index < 20_000; index++) {
      let value = ''
      const size = Math.floor(next() * 12)
      for (let part = 0; part < size; part++) value += parts[Math.floor(next() * parts.length)]
      expect(lastWord(value), JSON.stringify(value)).toEqual(byPattern(value))
    }
  })

  test('keepLastWordWhole drops the soft hyphens of the last word only', () => {
    const block = {type: 'element' as const, tagName: 'p', properties: {}, children: [{type: 'text' as const, value: 'inter\u00ADnational co\u00ADoper\u00ADation.'}]}
    keepLastWordWhole(block)
    expect(block.children[0]!.value).toBe('inter\u00ADnational cooperation.')
  })
})

describe('hyphenateText', () => {
  test('the same tokens as `\\S{10,}` at every position', () => {
    // A stand-in hyphenator that shows which words it was handed.
    const mark = (word: string): string => word.slice(0, 5) + '\u00AD' + word.slice(5)
    let state = 3
    const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const parts = ['international', 'cooperation', 'short', 'word', ' ', ' ', '\n', '\u00A0', '-', '.', ',', 'https://example.org/internationalisation', 'Capitalisation', 'éàüöinternational']
    for (let index = 0; index < 5000; index++) {
      let value = ''
      const size = Math.floor(next() * 10)
      for (let part = 0; part < size; part++) value += parts[Math.floor(next() * parts.length)]
      expect(hyphenateText(value, mark), JSON.stringify(value)).toBe(value.replace(/\S{10,}/g, (token) => hyphenateText(token, mark)))
    }
    expect(hyphenateText('an international cooperation', mark)).toBe('an inter\u00ADnational coope\u00ADration')
  })
})
