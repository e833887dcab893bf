/**
 * The template's quick test for superscript and subscript characters (one
 * character class, docs/bench.md "Unified stage speed, session 11") against
 * the two run patterns it stands for, on every code point up to U+21FF.
 */
import {describe, expect, test} from 'vitest'
import {holdsScriptDigit} from '../src/template/script-digits.js'

describe('prefilters of the template', () => {
  test('a superscript or subscript character, as the two run patterns find one', () => {
    const byPatterns = (value: string) => /[\u00B9\u00B2\u00B3\u2070\u2071\u2074-\u207F]+|[\u2080-\u208E\u2090-\u209C]+/.test(value)
    for (let code = 0; code < 0x2200; code++) {
      const value = `a${String.fromCharCode(code)}b`
      expect(holdsScriptDigit(value), code.toString(16)).toBe(byPatterns(value))
    }
  })
})
