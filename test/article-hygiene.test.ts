/**
 * Character hygiene of scraped plain text (src/article/hygiene.ts): control
 * characters from broken conversions are dropped with one message per kind;
 * layout characters (tab, form feed) are not reported.
 */
import {selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {describe, expect, test} from 'vitest'
import {brief} from './fixtures/template/chain.js'

const scraped = [
  'Control Characters in a Scrape',
  '',
  'By A. Writer',
  '',
  'The first paragraph of the article holds an end-of-text mark\u0003 and\u0003 another, which a broken conversion left behind in the middle of a sentence.',
  '',
  'A second paragraph holds a backspace\u0008 and a tab\there, and the page ends with a form feed.\f',
  ''
].join('\n')

describe('control characters in scraped text', () => {
  test('each kind is reported once with its count and first place; none reaches the page', async () => {
    const {tree, file} = await brief(scraped, {format: 'text'})
    const messages = file.messages.filter((message) => message.ruleId === 'control-character')
    expect(messages.map((message) => message.reason)).toEqual([
      'Unexpected control character U+0003 (2 times) in the text, expected printable characters; dropped (read as a space)',
      'Unexpected control character U+0008 in the text, expected printable characters; dropped (read as a space)'
    ])
    expect(messages.map((message) => [message.line, message.column])).toEqual([
      [5, 61],
      [7, 37]
    ])
    expect(messages.every((message) => message.source === 'remark-brief' && message.fatal === false)).toBe(true)
    const text = toText(selectAll('main', tree)[0]!)
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/)
    expect(text).toContain('end-of-text mark and another')
  })

  test('text without them gets no message', async () => {
    const {file} = await brief('A Title Line\n\nA plain paragraph of text with a tab\there and nothing else in it at all.\n', {format: 'text'})
    expect(file.messages.filter((message) => message.ruleId === 'control-character')).toEqual([])
  })
})
