/**
 * The recognizer's cheaper ways of session 15 (issue 11) give the answers of the code before them (kept in the tests
 * as the reference): plain tests that every match of a dear pattern needs, run first (marker candidates, saved
 * pages, letter-spaced headings, `About` labels, capitals runs of one-line pages), and two patterns read word by
 * word (a catalogue's name order, a page's download links), whose letter classes cost milliseconds to compile
 * for text beyond Latin-1.
 */
import {describe, expect, it} from 'vitest'
import {groupPattern, groupStart, strongMarker, strongStart} from '../src/article/markers.js'
import {findPage, pageOpening} from '../src/article/page.js'
import {isNameWord, naturalOrder} from '../src/article/header.js'
import {downloadLinksLength} from '../src/article/index.js'
import {headingWord} from '../src/article/notes.js'
import {aboutName, asciiRepeats, splitGluedLabels} from '../src/article/regions.js'
import {capsRun, mayOpenCapsRun} from '../src/article/segment.js'
import {generatedTexts, seededRandom} from './fixtures/generated-texts.js'

/** A text of 1 to `most` pieces drawn from `pieces`. */
function texts(seed: number, count: number, pieces: string[], most = 10): string[] {
  return generatedTexts(seed, pieces, count, most, 1)
}

/** 1 to `most` words drawn from `pieces`, each after a separator drawn from `separators`. */
function phrases(seed: number, count: number, pieces: string[], separators: string[], most = 8): string[] {
  const next = seededRandom(seed)
  const found: string[] = []
  for (let round = 0; round < count; round++) {
    let value = ''
    const length = 1 + Math.floor(next() * most)
    for (let index = 0; index < length; index++) value += separators[Math.floor(next() * separators.length)] + pieces[Math.floor(next() * pieces.length)]
    found.push(value)
  }
  return found
}

describe('marker candidates: the plain tests before the alternations', () => {
  const pieces = [
    'word', ' ', '.', ',', '”', '"', '’', '»', ')', '1', '2', '12', '3–5', ',4', '<sup>', '</sup>', '<SUP>', '[', ']', '\\[', '\\]', '^',
    '$', '{', '}', '${}^{4}$', '$^{4,5}$', '[^3]', '[7](#fn7)', '[[2]](https://x.org/p#_edn2)', '<a href="#fn1">', '</a>', '<A HREF="#n">',
    '\\textsuperscript{6}', '¹', '²³', '⁻', '˒', 'km', ' 10^6^', '^9^', '–', '—', '-', ';', ':', '!', '?', 'É', '中', '\n', '\t'
  ]
  it('every text a pattern matches passes its plain test', () => {
    let strong = 0
    let group = 0
    for (const value of texts(15, 20_000, pieces, 12)) {
      const strongFound = new RegExp(strongMarker.source, strongMarker.flags.replace('g', '')).test(value)
      const groupFound = new RegExp(groupPattern.source, groupPattern.flags.replace('g', '')).test(value)
      if (strongFound) strong++
      if (groupFound) group++
      if (strongFound) expect(strongStart.test(value), JSON.stringify(value)).toBe(true)
      if (groupFound) expect(groupStart.test(value), JSON.stringify(value)).toBe(true)
    }
    // The generated texts reach both patterns often.
    expect(strong).toBeGreaterThan(2000)
    expect(group).toBeGreaterThan(500)
  })
})

describe('saved pages: the plain test before the line-anchored pattern', () => {
  const opening = /^[ \t\uFEFF]*(?:<!doctype\s+html\b[^>]*>|<html[\s>])/im
  const pieces = ['<!doctype html>', '<!DOCTYPE HTML PUBLIC>', '<html>', '<HTML lang="en">', '<html\n', '<body>', '</html>', '<p>', 'text ', '\n', ' ', '\t', '\uFEFF', '<!doctype', '<htm', 'html>']
  it('every opening the pattern finds passes the test, and findPage answers as the pattern does', () => {
    let found = 0
    for (const value of texts(16, 5000, pieces, 8)) {
      if (opening.test(value)) {
        found++
        expect(pageOpening.test(value), JSON.stringify(value)).toBe(true)
      }
      if (!pageOpening.test(value)) expect(findPage(value)).toBeUndefined()
    }
    expect(found).toBeGreaterThan(1000)
  })
})

describe('naturalOrder read word by word', () => {
  /** `naturalOrder` before: one pattern for the whole name. */
  function naturalOrderBefore(name: string): string {
    if (!name.includes(',')) return name.trim()
    const match = /^(\p{Lu}[\p{L}\p{M}'’-]+(?:\s+\p{Lu}[\p{L}\p{M}'’-]+)?),\s*(\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*)*)$/u.exec(name.trim())
    const degrees = /^(?:ph\.?\s?d\.?|m\.?d\.?|m\.?a\.?|m\.?sc\.?|d\.?phil\.?|j\.?d\.?|esq\.?|esquire|mba|mph|llm|ll\.?m\.?|(?:ph\.?\s?d|m\.?d)\.?\s?\/\s?mph)$/i
    // Roles and affiliations are read by the same patterns on both sides: names without them test the order.
    if (!match || degrees.test(match[2])) return name.trim()
    return `${match[2]} ${match[1]}`
  }
  const pieces = ['Marcinek', 'Krystyna', 'J.', 'Mary-Ann', 'O’Neil', "D'Arcy", 'É', 'Łukasz', 'Ñ', 'x', 'de', 'A', 'B.', '𝐀', '𝐀b', 'e\u0301', 'Zoë', '\uD835', ',', ', ', ' ,', '  ', ' ', '\t', '\n', '\u00A0', '.', '-', 'PhD', 'Ph.D.', '1', '中']
  it('gives the names the pattern gave', () => {
    let reordered = 0
    const names = [...texts(17, 15_000, pieces, 7), ...phrases(17, 15_000, ['Marcinek', 'Krystyna', 'Zoë', 'Łukasz', 'J.', 'Mary-Ann', 'O’Neil', '𝐀b', '𝐀', 'x', 'A', 'PhD', 'e\u0301'], [' ', ', ', ',', '  ', ' ,', '\n'], 5).map((name) => name.slice(1))]
    for (const name of names) {
      const before = naturalOrderBefore(name)
      const after = naturalOrder(name)
      expect(after, JSON.stringify(name)).toBe(before)
      if (before !== name.trim()) reordered++
    }
    expect(reordered).toBeGreaterThan(1000)
  })
})

describe('download links read word by word', () => {
  const pattern = /^Downloads(?: [\p{L}\p{M}]+){0,3}? PDF(?: [\p{L}\p{M}]+ PDF)?(?: More in This Series)? /u
  const pieces = [' ', 'PDF', 'Report', 'Filing', 'Tệp', 'More', 'in', 'This', 'Series', 'More in This Series', 'e\u0301', '𝐀', '\uD835', 'x1', '  ', '.', 'Introduction', 'PD', 'pdf']
  it('finds the length the pattern matched', () => {
    let matched = 0
    for (const rest of [...texts(18, 10_000, pieces, 12), ...phrases(18, 30_000, pieces.filter((piece) => piece !== ' '), [' ', ' ', ' ', '  ', ''], 8)]) {
      const value = 'Downloads' + rest
      const match = pattern.exec(value)
      if (match) matched++
      expect(downloadLinksLength(value), JSON.stringify(value)).toBe(match ? match[0].length : 0)
    }
    expect(downloadLinksLength('Downloads Filing PDF Tệp PDF Introduction On')).toBe('Downloads Filing PDF Tệp PDF '.length)
    expect(downloadLinksLength('Downloads Report PDF More in This Series Manufacturing')).toBe('Downloads Report PDF More in This Series '.length)
    expect(downloadLinksLength('Download PDF x')).toBe(0)
    expect(matched).toBeGreaterThan(1000)
  })
})

describe('letter-spaced headings: two spaced code points first', () => {
  /** `headingWord` before: the letter pattern after the first space test only. */
  function headingWordBefore(value: string): string {
    const bare = value.replace(/^#+\s*/, '').replace(/^([*_]{1,2})(.+)\1$/, '$2').trim()
    return (bare.charCodeAt(1) === 0x20 || bare.charCodeAt(2) === 0x20) && /^(?:\p{L} ){2,}\p{L}\s*:?$/u.test(bare) ? bare.replace(/ /g, '') : bare
  }
  const pieces = ['N', 'O', 'T', 'E', 'S', ' ', '  ', 'Σ', '𝐀', '\uD835', 'é', 'e\u0301', ':', '## ', '**', '_', '1', 'A New', '\t', '\u00A0']
  it('reads every heading as before', () => {
    let spaced = 0
    for (const value of texts(19, 30_000, pieces, 10)) {
      const before = headingWordBefore(value)
      expect(headingWord(value), JSON.stringify(value)).toBe(before)
      if (before.length > 0 && !before.includes(' ') && value.includes(' ')) spaced++
    }
    expect(spaced).toBeGreaterThan(500)
  })
})

describe('`About` labels and capitals runs: the code-unit tests', () => {
  it('aboutName answers as `^About [\\p{Lu}]`', () => {
    const pieces = ['About', ' ', 'the', 'The', 'É', 'é', '𝐀', '\uD835', 'a', 'z', 'Z', '1', 'Authors', '']
    for (const label of texts(20, 5000, pieces, 4)) expect(aboutName(label), JSON.stringify(label)).toBe(/^About [\p{Lu}]/u.test(label))
    expect(aboutName('About Mara Quell')).toBe(true)
    expect(aboutName('About the Authors')).toBe(false)
  })

  it('a capitals run never starts where the test rules it out', () => {
    const pieces = ['THE', 'The', 'US', 'A', 'a', '&', '12', '1.', ' ', '  ', 'OF', 'Then', 'É', 'É.', 'Ñ', '𝐀', '\uD835', '’', "'", '-', ':', 'x', 'Tx', 'PLA', 'AND', 'Ab', '\t']
    let runs = 0
    for (const value of [...texts(21, 5000, pieces, 12), ...phrases(21, 10_000, pieces.filter((piece) => piece !== ' '), [' ', ' ', '  ', '\t', ''], 10)]) {
      for (let at = 0; at < value.length; at++) {
        const found = capsRun.exec(value.slice(at, at + 200))
        if (found) runs++
        if (found) expect(mayOpenCapsRun(value, at), JSON.stringify([value, at])).toBe(true)
      }
    }
    expect(runs).toBeGreaterThan(1000)
  })
})

describe('loose texts: non-letters removed one by one', () => {
  it('removing each non-letter gives what removing their runs gave', () => {
    const pieces = ['The ', 'ÉCOLE', 'e\u0301', 'Σ', '𝐀𝐁', '\uD800', '\uDC00', '²', '٣', ' — ', '“q”', ', ', '.', '\n', 'İ', '中国', '  ', '\t', '123', '-', '\u00A0']
    for (const value of texts(22, 5000, pieces, 12)) expect(value.replace(/[^\p{L}\p{N}]/gu, ''), JSON.stringify(value)).toBe(value.replace(/[^\p{L}\p{N}]+/gu, ''))
  })
})

describe('title repeats in ASCII text: one walk per start, no pattern per title', () => {
  /** `titleRepeats`' search before: a case-insensitive pattern of the title's letters, anything else between. */
  function repeatsBefore(value: string, wanted: string): Array<[number, number]> {
    const pattern = new RegExp(wanted.split('').join('[^A-Za-z0-9]*'), 'gi')
    const found: Array<[number, number]> = []
    for (let match = pattern.exec(value); match; match = pattern.exec(value)) found.push([match.index, match.index + match[0].length])
    return found
  }
  it('finds the places the pattern found', () => {
    const titles = ['thepoliticsofx', 'chinasstrategicculture', '2023annualreport', 'aaaaaaaaaaaaa', 'abab12abab12ab']
    const pieces = ['The Politics of X', 'the-politics-OF-x', 'THE POLITICS OF ', 'China’s Strategic Culture', 'CHINAS STRATEGIC', '2023 Annual Report', '2023 annual', 'aaaaaa', 'a-a-a-a', 'Ab ab 12 ', 'AB AB 12 ab', 'The', 'the', 'THE', ' ', 'Politics', 'of', 'X', 'x', '-', '’', 'China', "China's", 'Strategic', 'Culture', '2023', 'Annual', 'Report', 'a', 'A', 'aa', 'ab', 'AB', '12', '\n', 'ſ', 'K', '\u00A0', '.', ':', 'é', 'Z', '中']
    let places = 0
    for (const [index, value] of texts(23, 6000, pieces, 16).entries()) {
      const wanted = titles[index % titles.length]
      const before = repeatsBefore(value, wanted)
      places += before.length
      expect(asciiRepeats(value, wanted), JSON.stringify([value, wanted])).toEqual(before)
    }
    expect(places).toBeGreaterThan(300)
  })
})

describe('name words: the letter class once', () => {
  it('answers as the three-form pattern', () => {
    const before = /^(?:\p{Lu}[\p{L}\p{M}'’-]*\.?|\p{Lu}\.|\p{Ll}{1,4}\p{Lu}[\p{L}\p{M}'’-]*)$/u
    const pieces = ['A', 'b', 'de', 'Gaulle', 'van', 'É', 'é', 'e\u0301', '𝐀', '\uD835', '.', '..', "'", '’', '-', 'x', 'MC', 'mc', 'Ñ', '1', ' ', '中', 'ǅ']
    let names = 0
    for (const word of texts(24, 30_000, pieces, 5)) {
      const expected = before.test(word)
      if (expected) names++
      expect(isNameWord(word), JSON.stringify(word)).toBe(expected)
    }
    expect(names).toBeGreaterThan(2000)
  })
})

describe('glued summary labels: tried only on tokens opening with A or S', () => {
  it('splits the tokens the pattern on every token split', () => {
    const gluedLabel = /^(?:Abstract|ABSTRACT|Summary|SUMMARY|Synopsis|SYNOPSIS)[—–](?=[\p{Lu}“"‘])/u
    const pieces = ['Abstract', 'ABSTRACT', 'Summary', 'SUMMARY', 'Synopsis', 'SYNOPSIS', 'abstract', '—', '–', '-', 'Demand', 'demand', '“', 'É', 'x', 'A', 'S']
    let labels = 0
    for (const text of texts(25, 20_000, pieces, 4)) {
      const tokens = [{start: 10, end: 10 + text.length, text}]
      const label = gluedLabel.exec(text)
      const expected = label
        ? [{start: 10, end: 10 + label[0].length - 1, text: label[0].slice(0, -1)}, {start: 10 + label[0].length, end: 10 + text.length, text: text.slice(label[0].length)}]
        : tokens
      if (label) labels++
      expect(splitGluedLabels(tokens), JSON.stringify(text)).toEqual(expected)
    }
    expect(labels).toBeGreaterThan(200)
  })
})
