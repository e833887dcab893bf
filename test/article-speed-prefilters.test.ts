/**
 * The recognizer's cheap tests before its costly patterns (session 9, issue 11) give the answers of the
 * code before them (kept here as the reference): a line is a date only if it ends with a digit, a
 * journal or cover-sheet citation line only if it holds a year in parentheses, a text has links only if
 * it holds `[` or `http`; the one-line page's sentence ends are found once for both readers. Texts of
 * our own: the one-line page fixture and strings built for the edge cases. Inline notes numbered bare
 * (`2026. 5 Government …`) are found with one pattern for every number, as the pattern per number found them.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {parseCitationLine, parseDateLine, parseJournalLine} from '../src/article/header.js'
import {findLinks} from '../src/article/inline.js'
import {entryPattern, findEntry} from '../src/article/notes.js'
import {sentenceEnds} from '../src/article/segment.js'

const onePage = readFileSync(fileURLToPath(new URL('fixtures/article/one-line-page.txt', import.meta.url)), 'utf8')

const monthName = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?'

/** `parseDateLine` before: the patterns built on every call, tried on every line. */
function parseDateLineBefore(line: string): string | undefined {
  const value = line.trim()
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (match) return value
  const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
  const number = (month: string) => String(months.findIndex((name) => name.startsWith(month.toLowerCase().slice(0, 3))) + 1).padStart(2, '0')
  match = new RegExp(`^${monthName}\\s+(\\d{1,2}),?\\s+(\\d{4})$`, 'i').exec(value)
  if (match) return `${match[3]}-${number(match[1])}-${match[2].padStart(2, '0')}`
  match = new RegExp(`^(\\d{1,2})\\s+${monthName},?\\s+(\\d{4})$`, 'i').exec(value)
  if (match) return `${match[3]}-${number(match[2])}-${match[1].padStart(2, '0')}`
  match = new RegExp(`^${monthName},?\\s+(\\d{4})$`, 'i').exec(value)
  if (match) return `${match[2]}-${number(match[1])}`
  match = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(value)
  if (match && Number(match[1]) <= 12 && Number(match[2]) <= 31) return `${match[3]}-${match[1].padStart(2, '0')}-${match[2].padStart(2, '0')}`
  return undefined
}

/** Lines near dates: every form, with the endings and spacing that must and must not count. */
function dateLikeLines(): string[] {
  const days = ['1', '09', '20', '31']
  const months = ['June', 'JUNE', 'Sept.', 'sep', 'Aug', 'december', 'Dec.']
  const years = ['2021', '1999']
  const lines: string[] = ['', ' ', '2026-06-20', ' 2026-06-20 ', '2026-6-20', '07-27-2022', '13-01-2022', '7-4-2022.', 'June', '2021', 'Published June 20, 2026']
  for (const month of months) {
    for (const year of years) {
      lines.push(`${month} ${year}`, `${month}, ${year}`, `${month}  ${year}`, `${month} ${year}.`, `${month} ${year})`)
      for (const day of days) lines.push(`${month} ${day}, ${year}`, `${month} ${day} ${year}`, `${day} ${month} ${year}`, `${day} ${month}, ${year}`, `${month} ${day}, ${year}.`, `${month} ${day}, ${year}\u00a0`, `\t${day} ${month} ${year} `)
    }
  }
  return lines
}

const journalPattern = /^(\p{Lu}[\p{L}\p{M}&.,' -]{3,80}?)\s*\((\d{4})\)\s*,?\s*(\d{1,4})(?:\s*\((\d{1,3})\))?\s*[,:]\s*(\d{1,5}\s*[–—-]\s*\d{1,5})$/u

describe('parseDateLine (a date ends with a digit)', () => {
  it('answers as the patterns built per call did, on every form and its near misses', () => {
    const lines = dateLikeLines()
    expect(lines.filter((line) => parseDateLine(line) !== undefined).length).toBeGreaterThan(100)
    for (const line of lines) expect(parseDateLine(line), JSON.stringify(line)).toBe(parseDateLineBefore(line))
  })
})

describe('journal and cover-sheet citation lines (a year in parentheses)', () => {
  const lines = [
    'International Studies Review (2009) 11, 523–551',
    'Security Studies (2019) 28(3): 401-431',
    'International Studies Review 2009 11, 523–551',
    'International Studies Review (09) 11, 523–551',
    'Kuznar, Lawrence A (2017) ‘Strategic culture and its uses’, Journal of Strategic Studies, 40: 1–25',
    'Lin, Mei (2019) "Confucianism and the party", Asian Affairs, 12:3',
    'Lin, Mei 2019 "Confucianism and the party", Asian Affairs, 12:3',
    'A paragraph of running text (2019) that cites a year and goes on without any journal shape at all.',
    ''
  ]
  it('reads the same lines as the patterns alone', () => {
    for (const line of lines) {
      const journal = journalPattern.exec(line.trim())
      expect(parseJournalLine(line) !== undefined, line).toBe(journal !== null)
    }
    expect(parseJournalLine(lines[0])).toEqual({series: 'International Studies Review', date: '2009', issue: '11, 523–551'})
    expect(parseCitationLine(lines[4])?.date).toBe('2017')
    expect(parseCitationLine(lines[5])?.author).toBe('Mei Lin')
    // Without a year in parentheses neither pattern can match: no answer, as before.
    for (const line of lines.filter((item) => !/\(\d{4}\)/.test(item))) {
      expect(parseJournalLine(line), line).toBeUndefined()
      expect(parseCitationLine(line), line).toBeUndefined()
    }
  })
})

describe('findLinks (a link holds `[` or `http`)', () => {
  it('finds nothing in a text without either, and every link in texts with them', () => {
    expect(findLinks('Plain prose, 12 numbers and (parentheses) but no link at all.')).toEqual([])
    expect(findLinks('See https://example.org/page. And [the report](https://example.org/r "Title") too.').map((link) => link.url)).toEqual([
      'https://example.org/page',
      'https://example.org/r'
    ])
    expect(findLinks('A note [3](https://example.org/page#fn3) and [a](mailto:x@example.org).').map((link) => link.url)).toEqual(['mailto:x@example.org'])
    expect(findLinks('Only a bracket [1] here.')).toEqual([])
  })
})

/** Sentence ends as both readers found them before, each with its own scan. */
function sentenceEndsBefore(value: string): number[] {
  const shortWords = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'no', 'vol', 'inc', 'jr', 'sr', 'prof', 'gen', 'col', 'lt', 'rep', 'sen', 'gov', 'co', 'corp', 'ltd', 'vs', 'etc', 'al', 'fig', 'pp', 'p', 'e.g', 'i.e'])
  const isAbbreviation = (dot: number) => {
    if (value.charAt(dot) !== '.') return false
    let start = dot
    while (start > 0 && /[\p{L}.]/u.test(value.charAt(start - 1))) start--
    const word = value.slice(start, dot).toLowerCase()
    return word.length === 1 || shortWords.has(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)
  }
  const ends: number[] = []
  for (const match of value.matchAll(/[.!?]["”’)]?(?:\d{1,3}|\[\d{1,3}\])?\s+(?=[“"‘(]?\p{Lu})/gu)) if (!isAbbreviation(match.index)) ends.push(match.index + match[0].length)
  return ends
}

describe('sentenceEnds (found once per one-line page)', () => {
  it('gives the ends the two scans gave, abbreviations and initials left out', () => {
    const samples = [onePage, 'Dr. Smith met Mr. Jones. They spoke. J. R. R. Tolkien wrote. The U.S. Army left.3 “Then” it ended! (Really) Yes? No.[4] End', '']
    for (const value of samples) expect(sentenceEnds(value)).toStrictEqual(sentenceEndsBefore(value))
    expect(sentenceEnds(onePage).length).toBeGreaterThan(10)
  })
})

describe('findEntry (bare inline notes: one pattern for every number)', () => {
  it('finds the entry the pattern built for its number finds, from every cursor', () => {
    const pieces = ['Notes 1 Author, Title, 2019. ', '2 Second, “Report,” 2020. ', 'on 5 March 2020, ', '05 Zero. ', 'item 15 Things. ', '3 Third. 4\tFourth (2021). ', '12 Twelve.) ', '7 lower case. ', '8  Spaced. ', '6 “Quoted,” 2018. ', '9 \n Line. ', '10 Ten ']
    const texts = [pieces.join(''), pieces.slice().reverse().join(''), pieces.map((piece, index) => (index % 2 ? piece.toUpperCase() : piece)).join('… ')]
    let found = 0
    for (const value of texts) {
      for (let number = 1; number <= 16; number++) {
        for (let cursor = 0; cursor <= value.length; cursor += 7) {
          const pattern = entryPattern('bare', number)
          pattern.lastIndex = cursor
          const expected = pattern.exec(value)
          const actual = findEntry(value, 'bare', number, cursor)
          expect(actual?.index, `${number} from ${cursor}`).toBe(expected?.index)
          expect(actual?.[0], `${number} from ${cursor}`).toBe(expected?.[0])
          if (expected) found++
        }
      }
    }
    expect(found).toBeGreaterThan(100)
  })
})
