/**
 * The word-by-word Liang lookup (src/template/liang.ts) against the `hyphen`
 * package's own `hyphenateSync`, on the words the template hands it: runs of
 * 8 or more letters and marks. Same patterns, so the same breaks, for
 * generated words, every exception the packs list, and odd cases (a lower
 * case longer than the word, marks, letters outside the BMP, names of
 * object properties).
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from 'vitest'
import {insertAt, liangHyphenator, liangMarkers, type HyphenPatterns} from '../src/template/liang.js'
import {acceptableBreaks, acceptableMarkers} from '../src/template/typography.js'

const require = createRequire(import.meta.url)
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

/** A deterministic generator (mulberry32), so a failure can be rerun. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Word-like strings of `letters`: syllables of consonant clusters and vowels, 8–24 letters. */
function generatedWords(count: number, seed: number, consonants: string[], vowels: string[]): string[] {
  const next = random(seed)
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!
  const words: string[] = []
  while (words.length < count) {
    let word = ''
    const length = 8 + Math.floor(next() * 17)
    while (word.length < length) word += (next() < 0.8 ? pick(consonants) : '') + pick(vowels) + (next() < 0.4 ? pick(consonants) : '')
    words.push(word)
  }
  return words
}

const latinConsonants = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'qu', 'r', 's', 't', 'v', 'w', 'x', 'z', 'ch', 'sh', 'th', 'st', 'tr', 'pr', 'ng', 'ck', 'ss', 'tt', 'ph', 'gr', 'sch', 'ß']
const latinVowels = ['a', 'e', 'i', 'o', 'u', 'y', 'ou', 'ea', 'io', 'ie', 'ä', 'ö', 'ü', 'é', 'è', 'ê', 'ai']
const cyrillicConsonants = ['б', 'в', 'г', 'д', 'ж', 'з', 'к', 'л', 'м', 'н', 'п', 'р', 'с', 'т', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'ст', 'пр', 'й', 'ь', 'ъ']
const cyrillicVowels = ['а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'ё']

/** Every run of 8+ letters and marks in the repository's own test fixtures. */
function fixtureWords(): string[] {
  const words = new Set<string>()
  const visit = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name)
      if (statSync(file).isDirectory()) visit(file)
      else if (/\.(?:md|txt|html)$/.test(name)) for (const word of readFileSync(file, 'utf8').match(/[\p{L}\p{M}]{8,64}/gu) ?? []) words.add(word)
    }
  }
  visit(path.join(root, 'test', 'fixtures'))
  return [...words]
}

const oddWords = [
  'İstanbulization', // lower case one code unit longer than the word
  'cafe\u0301teria', // a combining mark
  'naïvetéisms',
  '𝐬𝐮𝐩𝐞𝐫𝐜𝐚𝐥𝐢𝐟𝐫𝐚𝐠𝐢𝐥𝐢𝐬𝐭𝐢𝐜', // letters outside the BMP (surrogate pairs)
  'iPhonesque',
  'REPRESENTATIVES',
  'constructor',
  'hasOwnProperty',
  'toLocaleString',
  'valueOf'.padEnd(9, 'x'),
  'associate',
  'Associates',
  'declination'
]

describe('the Liang lookup gives the package’s breaks', () => {
  test.each(['en-us', 'en-gb', 'de', 'fr', 'ru'])('%s', (name) => {
    const pack = require(`hyphen/${name}`) as {hyphenateSync: (text: string) => string; patterns: HyphenPatterns}
    const lookup = liangHyphenator(pack.patterns)
    const words = [
      ...oddWords,
      ...Object.keys(pack.patterns[2] ?? {}),
      ...fixtureWords(),
      ...generatedWords(6000, 20261202, latinConsonants, latinVowels),
      ...generatedWords(name === 'ru' ? 6000 : 200, 7, cyrillicConsonants, cyrillicVowels)
    ]
    const differing = words.filter((word) => lookup(word) !== pack.hyphenateSync(word))
    expect(differing).toEqual([])
    // The comparison is not empty: most long words do break.
    expect(words.filter((word) => lookup(word).includes('\u00AD')).length).toBeGreaterThan(words.length / 3)
  })
})

describe('the 4-and-4 breaks chosen before inserting give acceptableBreaks’ answer', () => {
  test.each(['en-us', 'en-gb', 'de', 'fr', 'ru'])('%s', (name) => {
    const pack = require(`hyphen/${name}`) as {hyphenateSync: (text: string) => string; patterns: HyphenPatterns}
    const markersOf = liangMarkers(pack.patterns)
    const words = [...oddWords, ...Object.keys(pack.patterns[2] ?? {}), ...fixtureWords(), ...generatedWords(3000, 20261203, latinConsonants, latinVowels), ...generatedWords(name === 'ru' ? 3000 : 100, 9, cyrillicConsonants, cyrillicVowels)]
    const differing = words.filter((word) => insertAt(word, '\u00AD', acceptableMarkers(word, markersOf(word))) !== acceptableBreaks(pack.hyphenateSync(word)))
    expect(differing).toEqual([])
    expect(words.filter((word) => acceptableBreaks(pack.hyphenateSync(word)).includes('\u00AD')).length).toBeGreaterThan(words.length / 4)
  })
})
