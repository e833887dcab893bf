/**
 * `hasLongRun` (src/template/punctuation.ts), the loop that replaced
 * `(?:^|\s)\S{200}` before the URL masks: the same answer as the pattern on
 * every kind of white space and on generated texts around the limit.
 */
import {describe, expect, test} from 'vitest'
import {hasLongRun} from '../src/template/punctuation.js'

const pattern = /\S{200}/

describe('hasLongRun is \\S{200}', () => {
  test('every white space of JavaScript breaks a run, nothing else does', () => {
    for (let code = 0; code < 0x10000; code++) {
      const character = String.fromCharCode(code)
      const text = 'a'.repeat(100) + character + 'a'.repeat(100)
      expect(hasLongRun(text), `U+${code.toString(16)}`).toBe(pattern.test(text))
    }
  })

  test('generated texts with runs of 150–250 code units, surrogate pairs included', () => {
    let state = 7
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const pieces = ['a', 'é', '𝐚', '-', '“', ' ', '\u00A0', '\n', '\u3000']
    for (let round = 0; round < 2000; round++) {
      let text = ''
      const length = 150 + Math.floor(next() * 400)
      while (text.length < length) text += next() < 0.995 ? pieces[Math.floor(next() * 5)] : pieces[5 + Math.floor(next() * 4)]
      expect(hasLongRun(text)).toBe(pattern.test(text))
    }
    expect(hasLongRun('x'.repeat(199))).toBe(false)
    expect(hasLongRun('x'.repeat(200))).toBe(true)
    expect(hasLongRun(' '.repeat(50) + 'x'.repeat(200) + ' ')).toBe(true)
  })
})
