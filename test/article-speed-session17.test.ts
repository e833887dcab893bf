/**
 * Session 17's recognizer patterns (rec16, issue 11): short-value patterns with Unicode property classes read
 * in their narrow form for narrow values (Latin-1 and `‘’“”–—…`: `narrowFirst`, narrow.ts), and the one-line
 * page's caps runs read in place (`capsRunAt`). Each must answer what the pattern it replaces answers, on
 * generated values in and beyond Latin-1; and a narrow value must be answered with every property-class (`u`)
 * pattern refused.
 */
import {describe, expect, it} from 'vitest'
import {opensHeading} from '../src/article/blocks.js'
import {isInitial, isNamedQuotation, opensCapital} from '../src/article/contents.js'
import {cleanTitle, isAcronym, isCapitalsWord, isCatalogueWord, isNameWord, splitSeriesPrefix} from '../src/article/header.js'
import {opensCapitalOrLetter} from '../src/article/index.js'
import {endsWithNumber, isGluedAfter, isLowerWord, mayPrecedeGlued, mayPrecedeSpaced, startsWithNumber} from '../src/article/markers.js'
import {isNarrow, narrowFirst} from '../src/article/narrow.js'
import {capital} from '../src/article/opening.js'
import {isAcronymLike, isBylineWord, isCapitals, isFullDate, isNameToken, isSeriesWord} from '../src/article/regions.js'
import {capsRun, capsRunAt, goesOnAsHeading, isCapsHeading, opensSentence} from '../src/article/segment.js'
import {generatedTexts, seededRandom} from './fixtures/generated-texts.js'

/** Each gated test and the pattern test it replaces (the pattern as it stood before the gate). */
const gated: Array<[string, (value: string) => boolean, (value: string) => boolean]> = [
  ['isBylineWord', isBylineWord, (value) => /^(?:\p{Lu}[\p{L}\p{M}'’.-]*,?|\p{Ll}{1,4}|and|&|,)$/u.test(value)],
  ['isFullDate', isFullDate, (value) => /\d{1,2},?\s+\d{4}$|^\d{1,2}\s+\p{L}/u.test(value)],
  ['isSeriesWord', isSeriesWord, (value) => /^\p{Lu}[\p{L}-]*$/u.test(value)],
  ['isCapitals', isCapitals, (value) => /^\p{Lu}+$/u.test(value)],
  ['isAcronymLike', isAcronymLike, (value) => /^[\p{Lu}\d&|-]{2,}[,:]?$/u.test(value)],
  ['isAcronym', isAcronym, (value) => /^\p{Lu}[\p{Lu}\d&-]{1,9}$/u.test(value)],
  ['isCatalogueWord', isCatalogueWord, (value) => /^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(value)],
  ['isCapitalsWord', isCapitalsWord, (value) => /^\p{Lu}[\p{Lu}’'-]+$/u.test(value)],
  ['isGluedAfter', isGluedAfter, (value) => /[\p{L}\p{M}%)][.,;:!?]?[”"’»]?[.,;:!?]?$/u.test(value)],
  ['mayPrecedeSpaced', mayPrecedeSpaced, (value) => /[\p{L}\p{M}\d%)\]”"’'»]/u.test(value)],
  ['mayPrecedeGlued', mayPrecedeGlued, (value) => /[\p{L}\p{M}%)\]”"’'»]/u.test(value)],
  ['isCapsHeading', isCapsHeading, (value) => /\p{Lu}{2}/u.test(value) && value.replace(/[^\p{L}]/gu, '').length >= 4],
  ['isNameToken', isNameToken, (value) => /^\p{Lu}[\p{Ll}\p{M}'’-]*\.?$|^\p{Lu}\.$/u.test(value)],
  ['isNameWord', isNameWord, (value) => {
    const match = /^(?:(\p{Lu})|\p{Ll}{1,4}\p{Lu})[\p{L}\p{M}'’-]*(\.?)$/u.exec(value)
    return match !== null && (match[1] !== undefined || match[2] === '')
  }],
  ['capital', capital, (value) => /^\p{Lu}[\p{L}’'-]*$/u.test(value)],
  ['endsWithNumber', endsWithNumber, (value) => /\p{N}$/u.test(value)],
  ['startsWithNumber', startsWithNumber, (value) => /^\p{N}/u.test(value)],
  ['isLowerWord', isLowerWord, (value) => /^\p{Lu}?\p{Ll}{2,}$/u.test(value)],
  ['opensSentence', opensSentence, (value) => /^ [“"‘(]?\p{Lu}/u.test(value)],
  ['isInitial', isInitial, (value) => /^\p{Lu}\.$/u.test(value)],
  ['opensCapital', opensCapital, (value) => /^[\p{Lu}]/u.test(value)],
  ['opensHeading', opensHeading, (value) => /^[\p{Lu}\p{N}“"‘]/u.test(value)],
  ['opensCapitalOrLetter', opensCapitalOrLetter, (value) => /^[\p{Lu}\p{Lo}]/u.test(value)],
  ['goesOnAsHeading', goesOnAsHeading, (value) => /^ ?(?:[\p{Lu}\p{N}.]|$)/u.test(value)],
  ['isNamedQuotation', isNamedQuotation, (value) => /^\p{Lu}[\p{L}\p{M}.' -]{1,60}:\s*[“"‘][^“”"]{10,}[”"’]$/u.test(value)]
]

/** Values made slot by slot, one of each slot's choices (most of them shaped like what the pattern matches). */
function slotted(seed: number, slots: ReadonlyArray<readonly string[]>, count: number): string[] {
  const next = seededRandom(seed)
  return Array.from({length: count}, () => slots.map((choices) => choices[Math.floor(next() * choices.length)]).join(''))
}

const wideOrNarrow = ['', '', '', 'É', 'é', 'ª', '²', '’', '—', 'ā', '中', '\u0301', '𝐀', '\n']
const titleSlots = [['', ' ', '§ ', '» ', '•', '›', '|', '#', '*~', '–', '—', '- '], wideOrNarrow, ['Title', 'É', 'é', '²', '½', 'ª', '中', '\u0301', '𝐀', ' ', ''], wideOrNarrow]
const seriesSlots = [
  ['China Maritime', 'Élan', 'études', 'Ōtsuka', 'A', '×', 'Øresund', '中国', '𝐀sia'],
  wideOrNarrow,
  [' Report', ' Brief', ' Paper', 'Report', ' Study', ' Notes'],
  [' No. ', ' No.', ' #', ' Number ', ' Nr. ', ': '],
  ['40', '7', '12345', ''],
  [': ', ':', ' : ', ' '],
  ['Onboard the ship', 'Über alles', 'é', 'Short', '中文标题很长', '𝐀𝐁𝐂𝐃𝐄𝐅'],
  wideOrNarrow
]
const quotationSlots = [
  ['Xi Jinping', 'Émile', 'J. O’Neil', 'ñandú', 'Ōe', 'X', 'Ab'],
  wideOrNarrow,
  [': ', ':', ' : ', ''],
  ['“', '"', '‘', '”'],
  ['The people don’t have', 'are one and the same', 'short', 'É'.repeat(12), '中'.repeat(12)],
  wideOrNarrow,
  ['”', '"', '’', '“', '']
]

/** Functions that read a narrow form inside (a replacement, match groups): each against the code it replaced. */
const narrowInside: Array<[string, (value: string) => unknown, (value: string) => unknown, ReadonlyArray<readonly string[]>]> = [
  ['cleanTitle', cleanTitle, (value) => value.replace(/^[\s§¶•›»|#*~–—-]+(?=\p{L}|\p{N})/u, '').trim(), titleSlots],
  ['splitSeriesPrefix', splitSeriesPrefix, (value) => {
    const match = /^(\p{Lu}[^:\n]{0,80}?\b(?:Report|Brief|Paper|Commentary|Analysis|Series|Monograph|Study|Note|Perspective|Insight|Update))\s+(?:No\.?|Number|Nr\.?|#)\s*(\d{1,4})\s*:\s+(\S.{5,})$/u.exec(value.trim())
    return match ? {series: match[1], issue: match[2], title: match[3]} : undefined
  }, seriesSlots],
  ['isNamedQuotation', isNamedQuotation, (value) => /^\p{Lu}[\p{L}\p{M}.' -]{1,60}:\s*[“"‘][^“”"]{10,}[”"’]$/u.test(value), quotationSlots]
]

/** Every Latin-1 code unit and `‘’“”–—…` (narrow), and what the classes hold beyond: letters, marks, digits, spaces, astral and lone surrogates. */
const narrowPieces = [...Array.from({length: 256}, (_, code) => String.fromCharCode(code)), '‘', '’', '“', '”', '–', '—', '…']
const widePieces = ['ǅ', 'Ω', 'ω', 'Ā', 'ā', '\u0301', '٣', '⁴', '\u2009', '中', '𝐀', '𝐚', '\uD835', '\uDC00', 'ſ', 'K', '‚', '„']
const wordPieces = ['A', 'Z', 'M', 'É', 'Ø', 'Þ', 'a', 'z', 'q', 'é', 'ß', 'ÿ', 'µ', 'ª', 'and', '&', ',', '.', '-', "'", '’', '|', ':', '%', ')', ']', '"', '1', '2', '0', '9', '²', '½', ' ', '  ', ' ', 'June', ' 2026']

function values(seed: number, wide: boolean): string[] {
  const pieces = wide ? [...wordPieces, ...narrowPieces, ...widePieces] : [...wordPieces, ...narrowPieces]
  return generatedTexts(seed, pieces, 6000, 7)
}

/** `run()` with every `u`-flag pattern refusing to run: what it answers, it answered with no property class compiled. */
function withoutUnicodePatterns<T>(run: () => T): T {
  const exec = RegExp.prototype.exec
  const test = RegExp.prototype.test
  const replace = RegExp.prototype[Symbol.replace]
  const refuse = (pattern: RegExp) => {
    if (pattern.unicode) throw new Error(`property-class pattern run: /${pattern.source}/${pattern.flags}`)
  }
  RegExp.prototype.exec = function (this: RegExp, value: string) {
    refuse(this)
    return exec.call(this, value)
  }
  RegExp.prototype.test = function (this: RegExp, value: string) {
    refuse(this)
    return test.call(this, value)
  }
  RegExp.prototype[Symbol.replace] = function (this: RegExp, value: string, replacement: string) {
    refuse(this)
    return Reflect.apply(replace, this, [value, replacement]) as string
  } as typeof replace
  try {
    return run()
  } finally {
    RegExp.prototype.exec = exec
    RegExp.prototype.test = test
    RegExp.prototype[Symbol.replace] = replace
  }
}

describe('narrowFirst: short-value patterns in their narrow form', () => {
  it('tells narrow values from others', () => {
    expect(isNarrow('')).toBe(true)
    expect(isNarrow('Smith, J.-P. & Co|1:2\u007F')).toBe(true)
    expect(isNarrow('José Müller’s “Þing” – ÿ…')).toBe(true)
    expect(isNarrow('Ā')).toBe(false)
    expect(isNarrow('\u0301')).toBe(false)
    expect(isNarrow('𝐀')).toBe(false)
  })

  it('picks the form by the value, and makes the pattern on the first wider value only', () => {
    let made = 0
    const decided = narrowFirst(() => {
      made++
      return /^\p{L}+$/u
    }, /^x$/)
    expect(decided('x')).toBe(true)
    expect(decided('abc')).toBe(false)
    expect(made).toBe(0)
    expect(decided('abcĀ')).toBe(true)
    expect(decided('Ā1')).toBe(false)
    expect(made).toBe(1)
  })

  for (const [name, gate, reference] of gated) {
    it(`${name} answers as its pattern, on narrow values and beyond`, () => {
      for (const value of [...values(17, false), ...values(1717, true)]) expect([value, gate(value)]).toEqual([value, reference(value)])
    })

    it(`${name} answers a narrow value with no property-class pattern run`, () => {
      const narrow = values(171, false)
      const expected = narrow.map((value) => reference(value))
      expect(withoutUnicodePatterns(() => narrow.map((value) => gate(value)))).toEqual(expected)
    })
  }
})

describe('narrow forms inside replacements and match groups', () => {
  for (const [name, found, reference, slots] of narrowInside) {
    it(`${name} gives what the code it replaced gives`, () => {
      const made = slotted(1718, slots, 6000)
      // The slots make values the pattern matches and values it does not.
      expect(new Set(made.map((value) => JSON.stringify(reference(value)) === JSON.stringify(reference('')))).size).toBe(2)
      for (const value of made) expect([value, found(value)]).toEqual([value, reference(value)])
    })

    it(`${name} reads a narrow value with no property-class pattern run`, () => {
      const narrow = slotted(1719, slots.map((choices) => choices.filter((choice) => isNarrow(choice))), 3000)
      const expected = narrow.map((value) => reference(value))
      expect(withoutUnicodePatterns(() => narrow.map((value) => found(value)))).toEqual(expected)
    })
  }
})

describe('capsRunAt: the caps run read in place', () => {
  const pieces = ['KEY FINDINGS', 'TRADE', 'AND', 'OF', 'US', 'G20', 'A', '&', '12.', '3', 'O’NEIL', "AI'S", 'X-RAY', 'NOTE:', ' ', ' ', '  ', '\n', 'The', 'Trade', 'grew', 'J.S', '. ', '“', 'É', 'Éric', 'ÉTAT', 'ω', '𝐀', '𝐀b', '\uD835', '\uDC00', 'x'.repeat(40), 'Q'.repeat(60), 'W'.repeat(190)]

  it('matches what the 200-unit slice matches, at every offset', () => {
    const next = seededRandom(1716)
    for (const text of generatedTexts(16, pieces, 500, 40, 5)) {
      for (let at = 0; at < text.length; at += 1 + Math.floor(next() * 3)) {
        const expected = capsRun.exec(text.slice(at, at + 200))
        const found = capsRunAt(text, at)
        expect([text, at, found?.[0], found?.[1]]).toEqual([text, at, expected?.[0], expected?.[1]])
      }
    }
  })

  it('takes the slice for a run that reaches the end of the 200 units', () => {
    // In place the run and its lookahead end past the 200 units (a match); in the slice the lookahead has no room (none).
    const inPlace = new RegExp(capsRun.source.slice(1), 'uy')
    for (const size of [90, 97, 99]) {
      const text = 'Text. ' + 'ABCDEFGHIJ '.repeat(9) + 'W'.repeat(size) + ' Tail goes on with words.'
      inPlace.lastIndex = 6
      expect(inPlace.exec(text)?.[0].length).toBe(99 + size + 1)
      expect(capsRunAt(text, 6)?.[0]).toBe(capsRun.exec(text.slice(6, 206))?.[0])
    }
    expect(capsRun.exec(('Text. ' + 'ABCDEFGHIJ '.repeat(9) + 'W'.repeat(99) + ' Tail').slice(6, 206))).toBeNull()
  })
})
