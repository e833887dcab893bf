/**
 * The quick scan before the script-face tests (src/template/scripts.ts):
 * every character that needs a script face lies in a stretch the scan finds,
 * so leaving the rest out changes no answer.
 */
import {describe, expect, test} from 'vitest'
import {mayHoldScriptFace, needsScriptFace} from '../src/template/scripts.js'

describe('stretches that may need a script face', () => {
  test('every code point that needs a script face is inside a stretch; General Punctuation is not', () => {
    const missed: string[] = []
    const stretch = new RegExp(`^${mayHoldScriptFace.source}$`)
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const character = String.fromCodePoint(codePoint)
      if (needsScriptFace.test(character) && !stretch.test(character)) missed.push(codePoint.toString(16))
    }
    expect(missed).toEqual([])
    expect(stretch.test('\u2019')).toBe(false)
    expect(stretch.test('\u4e2d')).toBe(true)
  })
})
