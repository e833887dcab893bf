/**
 * A summary of plain lines is made without the Markdown parser
 * (src/template/summary.ts): the blocks must be the parser's, positions
 * included, for every plain line; lines with syntax still go through it.
 */
import {describe, expect, test} from 'vitest'
import {parsedSummaryBlocks, summaryBlocks} from '../src/template/summary.js'

const plainLines = [
  'The government’s plan cuts emissions by 40% by 2030, at a cost of $3 bn.',
  'A summary with "straight quotes", a colon: and a semicolon; also (brackets) and {braces}.',
  'Ends with a no-break space\u00A0',
  'Emoji 🌍 and CJK 中国 and Devanagari हिन्दी count as they are.',
  'A URL https://example.org/path?x=1 written as text, and an address a@b.org.',
  'Hyphens - and -- and a tilde ~ and a pipe | inside the line.',
  'Exclamation! Question? Full stop.',
  'x',
  'Two lines\nof one paragraph.',
  'A paragraph.\n\nAnother one,\nover two lines.\n\n\nA third after two blank lines.'
]

const syntaxLines = [
  '*Emphasis* at the start',
  'A [link](https://example.org) inside',
  '\nA blank line first',
  'A blank line last\n',
  'A list\n- interrupts',
  'A setext\n===',
  'Indented\n    continuation',
  'Blank line with spaces\n  \nthen text',
  '  indented',
  '# heading',
  '1. a list item',
  '- a list item',
  'Ends with spaces  ',
  'An escape \\* here',
  'A &amp; reference',
  'Raw <b>HTML</b>',
  'Code `x`',
  'snake_case word',
  '> a quote',
  '---',
  '=== not a heading alone',
  '',
  'tab\tinside'
]

describe('summaryBlocks', () => {
  test('a plain line: the same blocks as the parser makes, positions included', () => {
    for (const line of plainLines) expect(summaryBlocks(line), line).toEqual(parsedSummaryBlocks(line))
  })

  test('a line with Markdown syntax (or none of the plain shape) goes through the parser', () => {
    for (const line of syntaxLines) expect(summaryBlocks(line), JSON.stringify(line)).toEqual(parsedSummaryBlocks(line))
  })

  test('a plain line is one paragraph of its text', () => {
    expect(summaryBlocks('One line.')).toEqual([
      {
        type: 'element',
        tagName: 'p',
        properties: {},
        children: [{type: 'text', value: 'One line.', position: {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 10, offset: 9}}}],
        position: {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 10, offset: 9}}
      }
    ])
  })

  test('generated lines of words and punctuation: the same blocks both ways', () => {
    let state = 5
    const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const pieces = ['word', 'Word', ' ', ' ', '.', ',', '!', '?', ':', ';', '-', '(', ')', '"', "'", '’', '—', '5', '%', '$', '/', '=', '+', '#', '~', '|', '{', '}', '🌍', '中', 'é', '\u00A0', '*', '_', '[', ']', '<', '&', '`', '\\', '\n', '\n\n', '\n', '1. ', '- ', '===']
    for (let index = 0; index < 1500; index++) {
      let line = ''
      const size = 1 + Math.floor(next() * 12)
      for (let piece = 0; piece < size; piece++) line += pieces[Math.floor(next() * pieces.length)]
      expect(summaryBlocks(line), JSON.stringify(line)).toEqual(parsedSummaryBlocks(line))
    }
  })
})
