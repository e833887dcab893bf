/**
 * Helpers the recognizer uses for speed give the answers of the plain code
 * they replaced (kept here as the reference): the capitals' index of a
 * one-line page (segment.ts), the loose text of title repeats (regions.ts),
 * the prose test (front.ts) and the line splitter (source.ts). Texts of our own: the one-line page fixture
 * and short strings built for the edge cases.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {isProse} from '../src/article/front.js'
import {loose} from '../src/article/regions.js'
import {capitalStartsOf, printingsOf} from '../src/article/segment.js'
import {splitLines} from '../src/article/source.js'
import {looseByCodePoint} from './fixtures/article/loose-reference.js'

const onePage = readFileSync(fileURLToPath(new URL('fixtures/article/one-line-page.txt', import.meta.url)), 'utf8')

/** Every printing of `probe`, as the pass found them before: `indexOf` from each printing on. */
function byIndexOf(value: string, probe: string): number[] {
  const found: number[] = []
  for (let at = value.indexOf(probe); at !== -1; at = value.indexOf(probe, at + 1)) found.push(at)
  return found
}

function isProseByWords(value: string): boolean {
  if (value.length < 200) return false
  const sentences = value.match(/[.!?]["”’)]?(?:\s|$)/g)?.length ?? 0
  const words = value.split(/\s+/)
  const lower = words.filter((word) => /^\p{Ll}/u.test(word)).length
  return sentences >= 2 && lower / words.length >= 0.5
}

describe('printingsOf (capitals’ index)', () => {
  it('finds every printing `indexOf` finds, overlapping ones included, on the one-line page fixture', () => {
    const starts = capitalStartsOf(onePage)
    const probes = new Set<string>()
    for (const match of onePage.matchAll(/\p{Lu}[\p{L}\p{N}’'-]*(?: [\p{L}\p{N}’'-]+)?/gu)) probes.add(match[0])
    expect(probes.size).toBeGreaterThan(20)
    for (const probe of probes) expect([...printingsOf(onePage, probe, starts)], probe).toStrictEqual(byIndexOf(onePage, probe))
  })

  it('handles overlaps, the text’s edges, astral capitals and one-letter probes', () => {
    const value = 'AAA Aa A. 𝐀𝐁 x𝐀𝐁 Ünter Üb İstanbul ends with Zz'
    const starts = capitalStartsOf(value)
    for (const probe of ['AA', 'AAA', 'Aa', 'A', 'A.', '𝐀𝐁', '𝐀', 'Ünter', 'Üb', 'İstanbul', 'Zz', 'Zzz', 'Q']) {
      expect([...printingsOf(value, probe, starts)], probe).toStrictEqual(byIndexOf(value, probe))
    }
  })
})

describe('loose', () => {
  it('gives the code-point reading’s text and places, ASCII or not', () => {
    const values = [
      onePage.slice(0, 5000),
      'The Title: A Study (2026) — of Things',
      'Café Résumé 2026',
      'ΟΔΟΣ Σ σ',
      'İstanbul I ı',
      'e\u0301t\u00E9 Cafe\u0301',
      '中国技术 Risk 框架 12',
      '𝐀𝐁𝐂 abc',
      '',
      '— … “” ’'
    ]
    for (const value of values) {
      const reference = looseByCodePoint(value)
      const {text, place} = loose(value)
      expect(text, value).toBe(reference.text)
      for (let index = 0; index < reference.map.length; index++) expect(place(index)).toBe(reference.map[index])
    }
  })
})

describe('isProse', () => {
  it('answers as the word-array reading did', () => {
    const values = [
      onePage,
      onePage.slice(0, 400),
      ' leading space then words. Another sentence here. ' + 'word '.repeat(60),
      'Title Case Words Only. Every Word Opens With A Capital. '.repeat(8),
      'ésta es una frase. otra frase aquí. '.repeat(10),
      '\u00A0nbsp opens. then words follow here. '.repeat(10),
      'lower words without any sentence end '.repeat(10)
    ]
    for (const value of values) expect(isProse(value), value.slice(0, 40)).toBe(isProseByWords(value))
  })
})

/** Lines as the character loop split them (the pass before). */
function splitByLoop(text: string, from = 0): Array<{start: number; end: number; text: string}> {
  const lines: Array<{start: number; end: number; text: string}> = []
  let start = from
  let index = from
  while (index < text.length) {
    const code = text.charCodeAt(index)
    if (code === 10 || code === 13) {
      lines.push({start, end: index, text: text.slice(start, index)})
      index += code === 13 && text.charCodeAt(index + 1) === 10 ? 2 : 1
      start = index
    } else index++
  }
  if (start < text.length || lines.length === 0) lines.push({start, end: text.length, text: text.slice(start)})
  return lines
}

describe('splitLines', () => {
  it('splits on CRLF, CR and LF as the character loop did, from any start', () => {
    const values = ['', '\n', '\r', '\r\n', 'a', 'a\n', 'a\r\nb\rc\nd', '\n\n\r\r\n\r\n\n', '\uFEFFTitle\r\n\r\nBody\r', 'x\r\r\ny', onePage]
    for (const value of values) {
      for (const from of [0, 1]) {
        if (from > value.length) continue
        expect(splitLines(value, from), JSON.stringify(value.slice(0, 30))).toStrictEqual(splitByLoop(value, from))
      }
    }
  })
})
