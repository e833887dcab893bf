/**
 * Session 14's shortcuts in the template (docs/bench.md, "Template-side
 * speed, session 14") against the plain ways they replace:
 * - `scriptFontCss` of a page's texts in pieces (scanned in chunks, never
 *   joined whole) against the same texts joined, surrogate pairs split
 *   between pieces and between chunks included;
 * - `hasScriptFaceCharacter` (`markLanguages`' test of each text, now `exec`
 *   on the shared patterns) against the `matchAll` test it had.
 */
import {describe, expect, test} from 'vitest'
import {hasScriptFaceCharacter, needsScriptFace, scriptFaces, scriptFontCss} from '../src/template/scripts.js'

function generator(seed: number): () => number {
  let state = seed
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
}

const samples = ['中', '文', '𠀀', '日本', 'カ', '한', 'हि', 'ع', '🧑', '⚖️', '🇫🇷', '🚀', 'a', ' ', '€', '“', '—', '·', '\uD83D', '\uDE80', '\uD840', '\uDC00', 'Latin text ', '\n']

/** A text of 0–8 samples. */
function sampleText(next: () => number): string {
  let text = ''
  const size = Math.floor(next() * 9)
  for (let part = 0; part < size; part++) text += samples[Math.floor(next() * samples.length)]
  return text
}

describe('scriptFontCss in pieces', () => {
  const faces = scriptFaces()

  test('a pair split between two pieces is the character of the joined text; each half alone is none', () => {
    const joined = scriptFontCss('a 🚀 b', faces)
    expect(joined).not.toBe('')
    expect(scriptFontCss(['a \uD83D', '\uDE80 b'], faces)).toBe(joined)
    expect(scriptFontCss(['a \uD83D', '', '', '\uDE80 b'], faces)).toBe(joined)
    expect(scriptFontCss(['a \uD83D', 'x', '\uDE80 b'], faces)).toBe('')
    expect(scriptFontCss(['\uDE80 b', 'a \uD83D'], faces)).toBe('')
  })

  test('a pair split where one chunk of pieces ends and the next begins (32,768 characters) is still one character', () => {
    const filler = 'a'.repeat(32_767)
    expect(scriptFontCss([filler + '\uD83D', '\uDE80 b'], faces)).toBe(scriptFontCss('🚀', faces))
    expect(scriptFontCss([filler, '\uD83D', '\uDE80'], faces)).toBe(scriptFontCss('🚀', faces))
    expect(scriptFontCss([filler + '\uD83D', 'x', '\uDE80'], faces)).toBe('')
    // Long lists of long pieces: chunks end everywhere.
    const next = generator(32)
    for (let index = 0; index < 40; index++) {
      const pieces: string[] = []
      for (let piece = 0; piece < 12; piece++) {
        const size = Math.floor(next() * 9000)
        pieces.push('b'.repeat(size) + sampleText(next))
      }
      expect(scriptFontCss(pieces, faces)).toBe(scriptFontCss(pieces.join(''), faces))
    }
  })

  test('the same rules as the pieces joined, for 3,000 generated lists (pieces cut anywhere, pairs too)', () => {
    const next = generator(14)
    for (let index = 0; index < 3000; index++) {
      const text = sampleText(next) + sampleText(next)
      const pieces: string[] = []
      let start = 0
      while (start < text.length) {
        const end = Math.min(text.length, start + Math.floor(next() * 4))
        pieces.push(text.slice(start, end))
        start = end
      }
      if (next() < 0.3) pieces.push(JSON.stringify({title: sampleText(next)}))
      expect(scriptFontCss(pieces, faces), JSON.stringify(pieces)).toBe(scriptFontCss(pieces.join(''), faces))
    }
  })
})

describe('hasScriptFaceCharacter', () => {
  test('the answer of the matchAll test it had, for 5,000 generated texts, between calls that leave the shared patterns mid-text', () => {
    const stretches = /[^\u0000-\u02E9\u2000-\u206F]+/g
    const byMatchAll = (value: string) => [...value.matchAll(stretches)].some(([stretch]) => needsScriptFace.test(stretch))
    const faces = scriptFaces()
    const next = generator(41)
    expect(hasScriptFaceCharacter('Latin “text” — €')).toBe(false)
    expect(hasScriptFaceCharacter('€ then 中')).toBe(true)
    for (let index = 0; index < 5000; index++) {
      const text = sampleText(next) + sampleText(next)
      expect(hasScriptFaceCharacter(text), JSON.stringify(text)).toBe(byMatchAll(text))
      // A first stretch with a script character returns early: the next call must still read its text from the start.
      if (next() < 0.2) scriptFontCss(sampleText(next), faces)
    }
  })
})
