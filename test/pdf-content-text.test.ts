/**
 * The text of a Chromium PDF read from its content streams (`content-text.ts`),
 * the post-print check's first reader: what it reads, and every shape it
 * leaves to pdfjs (`undefined`). The real printed brief is compared with
 * pdfjs in `pdf-render.test.ts`.
 */
import {describe, expect, test} from 'vitest'
import {parseToUnicode, showText} from '../src/pdf/content-text.js'

const cmap = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfchar
<0001> <0020>
<0003> <2010>
<0081> <00660066>
endbfchar
2 beginbfrange
<0010> <0012> <0061>
<0020> <0021> [<0078> <0079>]
endbfrange
endcmap`

const fonts = new Map([['/F1', parseToUnicode(cmap)]])

describe('ToUnicode maps', () => {
  test('single codes, ranges that count up, ranges with a list, ligatures as several letters', () => {
    const map = parseToUnicode(cmap)!
    expect([1, 3, 0x81, 0x10, 0x11, 0x12, 0x20, 0x21].map((code) => map.get(code))).toEqual([' ', '\u2010', 'ff', 'a', 'b', 'c', 'x', 'y'])
    expect(map.get(0x13)).toBeUndefined()
  })

  test('codes of another length: not read here', () => {
    expect(parseToUnicode('1 beginbfchar\n<01> <0041>\nendbfchar')).toBeUndefined()
  })
})

describe('content streams', () => {
  test('glyphs as Chromium writes them, a line break where the baseline moves', () => {
    const stream = [
      'BT /F1 12 Tf 1 0 0 -1 10 100 Tm <0010> Tj 6 0 Td <0011> Tj 6 0 Td <0001> Tj ET',
      // Same baseline, another text object: the same line.
      'BT /F1 12 Tf 1 0 0 -1 40 100 Tm [<0012> -20 <0081>] TJ ET',
      // A marked-content dictionary with a hex string of its own is no text.
      '/Span <</ActualText <FEFF00AD>>> BDC EMC',
      // A superscript 5 units up: a line of its own.
      'BT /F1 8 Tf 1 0 0 -1 60 95 Tm <0020> Tj ET',
      'BT /F1 12 Tf 1 0 0 -1 10 114 Tm <0021> Tj ET'
    ].join('\n')
    expect(showText(stream, fonts)).toBe('ab cff\nx\ny')
  })

  test('a code the map does not name: left to pdfjs', () => {
    expect(showText('BT /F1 12 Tf 1 0 0 -1 0 0 Tm <0013> Tj ET', fonts)).toBeUndefined()
  })

  test('a literal string, a font not on the page, a font without a map, an inline image: left to pdfjs', () => {
    expect(showText('BT /F1 12 Tf (abc) Tj ET', fonts)).toBeUndefined()
    expect(showText('BT /F9 12 Tf <0010> Tj ET', fonts)).toBeUndefined()
    expect(showText('BT /F2 12 Tf <0010> Tj ET', new Map([['/F2', undefined]]))).toBeUndefined()
    expect(showText('BI /W 1 /H 1 ID x EI', fonts)).toBeUndefined()
  })

  test('graphics without text read as nothing', () => {
    expect(showText('q 1 0 0 1 0 0 cm 0 0 10 10 re f Q % a comment', fonts)).toBe('')
  })
})
