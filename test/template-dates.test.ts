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
    formatDate('2022-01-10', 'fr', formatters)
    const made = formatters.get('day fr')
    formatDate('2023-05-02', 'fr', formatters)
    expect(formatters.get('day fr')).toBe(made)
    expect([...formatters.keys()]).toEqual(['day fr'])
    formatDate('2023-05', 'fr', formatters)
    expect([...formatters.keys()]).toEqual(['day fr', 'month fr'])
  })

  test('British English without a formatter: what Intl writes, every day of nine years', () => {
    const formatters: DateFormatters = new Map()
    const day = new Intl.DateTimeFormat('en-GB', {dateStyle: 'long', timeZone: 'UTC'})
    const month = new Intl.DateTimeFormat('en-GB', {month: 'long', year: 'numeric', timeZone: 'UTC'})
    for (const year of [1000, 1899, 1900, 1999, 2000, 2024, 2025, 2100, 9999]) {
      for (let time = Date.UTC(year, 0, 1); new Date(time).getUTCFullYear() === year; time += 86_400_000) {
        const iso = new Date(time).toISOString().slice(0, 10)
        for (const lang of ['en', 'en-GB']) {
          expect(formatDate(iso, lang, formatters)).toBe(day.format(new Date(time)))
          expect(formatDate(iso.slice(0, 7), lang, formatters)).toBe(month.format(new Date(time)))
        }
      }
    }
    // No formatter was made (making the first one loads ICU's locale data).
    expect(formatters.size).toBe(0)
    // Years outside 1000–9999 still go to Intl.
    expect(formatDate('0999-05-02', 'en', formatters)).toBe(day.format(new Date(Date.UTC(999, 4, 2))))
    expect(formatters.size).toBe(1)
  })
})
