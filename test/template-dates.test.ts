/**
 * `formatDate` with the processor's formatters (src/template/slots.ts): a
 * formatter is made once per style and locale and reused, and the answers are
 * the same as with none kept.
 */
import {describe, expect, test} from 'vitest'
import {formatDate, type DateFormatters} from '../src/template/slots.js'

describe('formatDate keeps its formatters per style and locale', () => {
  test('the same answers with kept formatters as without, in any order', () => {
    const formatters: DateFormatters = new Map()
    const cases: Array<[string, string]> = [
      ['2022-01-10', 'en'],
      ['2021-08', 'en'],
      ['2022-01-10', 'fr'],
      ['2021-08', 'fr'],
      ['2022-01-10', 'en'],
      ['2021-08', 'de'],
      ['2022-01-10', 'not a locale!'],
      ['2021-08', 'not a locale!'],
      ['March 2020', 'en'],
      ['2021-08', 'en']
    ]
    for (const [date, lang] of cases) expect(formatDate(date, lang, formatters)).toBe(formatDate(date, lang))
    expect(formatDate('2022-01-10', 'en', formatters)).toBe('10 January 2022')
    expect(formatDate('2021-08', 'en', formatters)).toBe('August 2021')
    expect(formatDate('2022-01-10', 'fr', formatters)).toBe('10 janvier 2022')
    // A refused locale falls back to British English, and is remembered as refused.
    expect(formatDate('2022-01-10', 'not a locale!', formatters)).toBe('10 January 2022')
    expect(formatters.get('day not a locale!')).toBeNull()
  })

  test('one formatter per style and locale, reused', () => {
    const formatters: DateFormatters = new Map()
    formatDate('2022-01-10', 'en', formatters)
    const made = formatters.get('day en')
    formatDate('2023-05-02', 'en', formatters)
    expect(formatters.get('day en')).toBe(made)
    expect([...formatters.keys()]).toEqual(['day en'])
    formatDate('2023-05', 'en', formatters)
    expect([...formatters.keys()]).toEqual(['day en', 'month en'])
  })
})
