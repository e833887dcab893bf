/**
 * `printScriptDigits`: Unicode super- and subscripts become `sup`/`sub`
 * elements with plain digits, except where text is kept as written.
 */
import type {Element, Root} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {h} from 'hastscript'
import {describe, expect, test} from 'vitest'
import {plainScriptText, printScriptDigits} from '../src/template/script-digits.js'

function printed(tree: Root | Element): string {
  printScriptDigits(tree)
  return toHtml(tree)
}

describe('printScriptDigits', () => {
  test('a run of superscripts becomes one sup; subscripts a sub', () => {
    expect(printed(h(null, [h('p', 'data.¹⁶ and CO₂ in km⁻²')]))).toBe(
      '<p>data.<sup class="brief-script-digits">16</sup> and CO<sub class="brief-script-digits">2</sub> in km<sup class="brief-script-digits">−2</sup></p>'
    )
  })

  test('¹ ² ³ (Latin-1) count as superscripts too, joined with the others', () => {
    expect(printed(h(null, [h('p', 'claim.¹²⁵')]))).toBe('<p>claim.<sup class="brief-script-digits">125</sup></p>')
  })

  test('text with none is left as it was, nested elements are walked', () => {
    expect(printed(h(null, [h('p', ['Plain 16 and ', h('em', 'H₂O')])]))).toBe('<p>Plain 16 and <em>H<sub class="brief-script-digits">2</sub>O</em></p>')
  })

  test('code keeps its characters; inside a sup or sub they are written plain', () => {
    expect(printed(h(null, [h('p', [h('code', 'x²'), ' ', h('sup', '²'), h('sub', 'a₂')])]))).toBe('<p><code>x²</code> <sup>2</sup><sub>a2</sub></p>')
  })

  test('plainScriptText uses the compatibility forms', () => {
    expect(plainScriptText('⁽¹⁾')).toBe('(1)')
    expect(plainScriptText('₁₀')).toBe('10')
  })
})
