/**
 * The recognizer's cheaper ways of session 14 (issue 11) give the answers of the code before them (kept in the tests,
 * `loose` in fixtures/article/loose-reference.ts, as the reference): `loose` filters and lower-cases a text with letters beyond ASCII by one
 * replacement and one `toLowerCase` (code point by code point only where a `Σ` could read its
 * neighbours), its places found on demand; a span keeps its input offsets as runs (a line is one run), not one offset per character; a block's text and
 * line texts are made once per block and input.
 */
import {describe, expect, it} from 'vitest'
import type {Block} from '../src/article/blocks.js'
import {lineText, textOf} from '../src/article/matter.js'
import {loose, titleRepeats} from '../src/article/regions.js'
import {contentsTokenKinds} from '../src/article/contents.js'
import {isProse} from '../src/article/front.js'
import {looseByCodePoint} from './fixtures/article/loose-reference.js'
import {holdsSpecial, joinSpans, sliceSpan, spanOffset, spanOfRanges, spanRange, valueOfRanges, type Span} from '../src/article/source.js'

/** Every character's input offset, read through `spanOffset`. */
const offsetsOf = (span: Span) => Array.from({length: span.value.length}, (_, index) => spanOffset(span, index))

/** A small deterministic generator (the same texts every run). */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

/** Pieces the texts are made of: ASCII, accents (composed and not), final sigma, Turkish I, Kelvin, astral letters, marks, lone surrogates. */
const pieces = [
  'The ', 'ÉCOLE ', 'e\u0301', 'ΟΔΟΣ', 'Σ', 'σ ', 'ς', 'İstanbul', 'ı', 'K', 'ß', 'ẞ', 'ﬁ', '𝐀𝐁', '𐐀', '\uD800', '\uDC00', '²', '٣',
  ' — ', '“quoted”', ', ', '.', '\n', 'Ǆ', 'ǅ', 'Ⅻ', '中国', 'Ωmega', '̈', 'ΑΣ.', 'x\u00A0y', '123', '-'
]

describe('loose (letters beyond ASCII)', () => {
  it('gives the text and every place the code point walk gave', () => {
    const next = random(14)
    for (let round = 0; round < 3000; round++) {
      let value = ''
      const count = 1 + Math.floor(next() * 12)
      for (let index = 0; index < count; index++) value += pieces[Math.floor(next() * pieces.length)]
      const before = looseByCodePoint(value)
      const after = loose(value)
      expect(after.text, JSON.stringify(value)).toBe(before.text)
      for (let index = 0; index < before.map.length; index++) expect(after.place(index)).toBe(before.map[index])
    }
  })

  it('keeps the final sigma of each word as the walk did (lower case by code point)', () => {
    expect(loose('ΟΔΟΣ ΑΣ').text).toBe(looseByCodePoint('ΟΔΟΣ ΑΣ').text)
    expect(loose('ΟΔΟΣ ΑΣ').text).toBe('οδοσασ')
  })
})

describe('title repeats found by one search', () => {
  /** `titleRepeats` before: both texts made loose, the title's loose text searched in the page's. */
  function repeatsBefore(value: string, title: string, limit: number): Array<[number, number]> {
    const wanted = loose(title).text
    if (wanted.length < 12) return []
    const {text, place} = loose(value.slice(0, limit))
    const found: Array<[number, number]> = []
    for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + wanted.length)) found.push([place(at), place(at + wanted.length - 1) + 1])
    return found
  }

  it('finds every repeat the loose texts gave, at the same places', () => {
    const next = random(3)
    const titles = ['China’s Strategic Culture', 'The U.S.-Japan Alliance: 2030', 'AI and the Job Market', 'Réseaux et pouvoir', 'Über Grenzen hinweg denken', 'KEY CONCEPTS OF THE ARMY', 'Fusion hype 2.0']
    let found = 0
    const glue = [' ', '  ', '\n', '-', '’', '“', '', '.', ' — ', '\u00a0', '|', 'ſ', 'K']
    for (let round = 0; round < 1500; round++) {
      const title = titles[Math.floor(next() * titles.length)]
      let value = ''
      const count = 1 + Math.floor(next() * 8)
      for (let index = 0; index < count; index++) {
        const kind = next()
        if (kind < 0.4) {
          // The title again, its words glued or spaced otherwise, in either case.
          const words = title.split(' ').map((word) => (next() < 0.3 ? word.toUpperCase() : next() < 0.2 ? word.toLowerCase() : word))
          value += words.map((word) => word + glue[Math.floor(next() * glue.length)]).join('')
        } else if (kind < 0.5) value += title.slice(0, Math.floor(next() * title.length))
        else value += pieces[Math.floor(next() * pieces.length)] + ' some words between 42 '
      }
      const limit = Math.floor(next() * (value.length + 10))
      const before = repeatsBefore(value, title, limit)
      expect(titleRepeats(value, title, limit), JSON.stringify([value, title, limit])).toEqual(before)
      if (before.length > 0) found++
    }
    // A third of the rounds or more hold a repeat: the search is tested on finds, not only on misses.
    expect(found).toBeGreaterThan(400)
  })
})

describe('span offsets copied in runs', () => {
  /** The offsets as the per-character copy made them. */
  function offsetsBefore(text: string, ranges: Array<[number, number]>): number[] {
    const offsets: number[] = []
    const space = (code: number) => code === 32 || code === 9 || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x200b) || code === 0x3000
    const control = (code: number) => (code < 32 && code !== 9 && code !== 10) || (code >= 0x7f && code <= 0x9f)
    const punctuation = (code: number) => (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126)
    let end = ranges.length > 0 ? ranges[0][0] : 0
    for (const [rangeStart, rangeEnd] of ranges) {
      let start = rangeStart
      let stop = rangeEnd
      while (start < stop && space(text.charCodeAt(start))) start++
      while (stop > start && space(text.charCodeAt(stop - 1))) stop--
      if (start === stop) continue
      if (offsets.length > 0) offsets.push(end)
      for (let index = start; index < stop; index++) {
        const code = text.charCodeAt(index)
        if (code === 92 && index + 1 < stop && punctuation(text.charCodeAt(index + 1))) {
          offsets.push(index + 1)
          index++
        } else offsets.push(index)
        void control
      }
      end = stop
    }
    return offsets
  }

  it('points every character at the input as the copy one by one did', () => {
    const next = random(7)
    const line = 'A line \\* with an escape\u0003 and a control, ~ 60 characters.  '
    for (const size of [3, 40, 2000, 20_000]) {
      const text = Array.from({length: size}, () => line.slice(0, 10 + Math.floor(next() * 50))).join('\n')
      const ranges: Array<[number, number]> = []
      for (let start = 0; start < text.length; ) {
        const end = Math.min(text.length, start + 1 + Math.floor(next() * 120))
        ranges.push([start, end])
        start = end + Math.floor(next() * 3)
      }
      const span = spanOfRanges(text, ranges)
      expect(offsetsOf(span)).toEqual(offsetsBefore(text, ranges))
      expect(span.value).toBe(valueOfRanges(text, ranges))
    }
  })

  it('reads a long input the same way', () => {
    const text = 'word '.repeat(230_000) + 'end \\. of it'
    const ranges: Array<[number, number]> = [
      [0, 10],
      [1_100_000, text.length]
    ]
    expect(offsetsOf(spanOfRanges(text, ranges))).toEqual(offsetsBefore(text, ranges))
  })

  /** A span as before: one offset per character. */
  interface Flat {
    value: string
    offsets: number[]
    end: number
  }
  const flatSlice = (span: Flat, start: number, end: number): Flat => {
    const from = Math.max(0, Math.min(start, span.value.length))
    const to = Math.max(from, Math.min(end, span.value.length))
    return {value: span.value.slice(from, to), offsets: span.offsets.slice(from, to), end: to >= span.value.length ? span.end : span.offsets[to]}
  }
  const flatRange = (span: Flat, from: number, to: number): [number, number] => {
    const start = from >= span.value.length ? span.end : span.offsets[from]
    const end = to > from ? (to >= span.value.length ? span.end : span.offsets[to - 1] + 1) : start
    return [start, Math.max(start, end)]
  }
  const flatJoin = (parts: Flat[]): Flat => {
    const kept = parts.filter((part) => part.value.length > 0)
    if (kept.length === 0) return parts[0] ?? {value: '', offsets: [], end: 0}
    const offsets: number[] = []
    let value = ''
    for (const [index, part] of kept.entries()) {
      if (index > 0) {
        value += ' '
        offsets.push(part.offsets[0])
      }
      value += part.value
      offsets.push(...part.offsets)
    }
    return {value, offsets, end: kept.at(-1)!.end}
  }

  it('slices, ranges and joins as the offset per character did', () => {
    const next = random(21)
    const text = Array.from({length: 400}, (_, index) => (index % 7 === 0 ? '  \\* esc\u0002ape ' : 'line of text ') + index).join('\n')
    const lines = text.split('\n')
    let at = 0
    const ranges: Array<[number, number]> = lines.map((line) => {
      const range: [number, number] = [at, at + line.length]
      at += line.length + 1
      return range
    })
    for (let round = 0; round < 300; round++) {
      const from = Math.floor(next() * ranges.length)
      const chosen = ranges.slice(from, from + 1 + Math.floor(next() * 20))
      let span = spanOfRanges(text, chosen)
      let flat: Flat = {value: span.value, offsets: offsetsBefore(text, chosen), end: span.end}
      for (let depth = 0; depth < 3; depth++) {
        const start = Math.floor(next() * (span.value.length + 4)) - 2
        const end = start + Math.floor(next() * (span.value.length + 4))
        span = sliceSpan(span, start, end)
        flat = flatSlice(flat, start, end)
        expect(span.value).toBe(flat.value)
        expect(offsetsOf(span)).toEqual(flat.offsets)
        expect(span.end).toBe(flat.end)
        const a = Math.floor(next() * (span.value.length + 2))
        const b = a + Math.floor(next() * (span.value.length + 2))
        expect(spanRange(span, a, b)).toEqual(flatRange(flat, a, b))
      }
      const other = sliceSpan(spanOfRanges(text, ranges.slice(0, 3)), 2, 30)
      const joined = joinSpans([span, sliceSpan(span, 0, 0), other, span])
      const flatOther = flatSlice({value: spanOfRanges(text, ranges.slice(0, 3)).value, offsets: offsetsBefore(text, ranges.slice(0, 3)), end: spanOfRanges(text, ranges.slice(0, 3)).end}, 2, 30)
      const flatJoined = flatJoin([flat, flatSlice(flat, 0, 0), flatOther, flat])
      expect(joined.value).toBe(flatJoined.value)
      expect(offsetsOf(joined)).toEqual(flatJoined.offsets)
      expect(joined.end).toBe(flatJoined.end)
    }
  })
})

describe('block texts made once', () => {
  it('answers as the join did, for each input apart', () => {
    const first = 'Title line\nSecond \\* line  \nthird'
    const second = 'Other text\nmore of it here\nand on'
    const block = {type: 'paragraph', start: 0, end: 30, ranges: [[0, 10], [11, 26], [27, 32]], lines: []} as unknown as Block
    for (const text of [first, second, first]) {
      expect(textOf(text, block)).toBe(valueOfRanges(text, block.ranges).trim())
      for (const line of [0, 1, 2, 3]) expect(lineText(text, block, line)).toBe(block.ranges[line] ? valueOfRanges(text, [block.ranges[line]]).trim() : '')
    }
  })
})

describe('contents token kinds read from the first code unit first', () => {
  it('marks page numbers and leaders as both patterns did', () => {
    const pageNumber = /^(?:\d{1,3}|[ivxlc]{1,6})$/
    const leader = /^(?:\.{2,}|…+|[.…]+)$/
    const words = ['1', '12', '123', '1234', 'iv', 'xii', 'IV', 'ix.', 'vii', 'cliii', 'lxxxviii', 'civic', 'in', 'is', 'x', '..', '.', '…', '……', '. .', '.…', '…x', '0', '007', '٣', '¹', 'Contents', 'table', '.5', 'v1', 'c', 'l', 'ⅰ']
    const next = random(11)
    const tokens = Array.from({length: 3000}, (_, index) => {
      const a = words[Math.floor(next() * words.length)]
      const text = next() < 0.3 ? a + words[Math.floor(next() * words.length)] : a
      return {start: index * 10, end: index * 10 + text.length, text}
    })
    const kinds = contentsTokenKinds(tokens)
    for (const [index, token] of tokens.entries()) expect(kinds[index], token.text).toBe((pageNumber.test(token.text) ? 1 : 0) | (leader.test(token.text) ? 2 : 0))
  })
})

describe('isProse with ASCII letters read from their code', () => {
  /** `isProse` before: every word's first letter tested by the `\\p{Ll}` class. */
  function isProseBefore(value: string): boolean {
    if (value.length < 200) return false
    const lowerAt = (index: number) => {
      const pattern = /\p{Ll}/uy
      pattern.lastIndex = index
      return pattern.test(value)
    }
    const sentences = [...value.matchAll(/[.!?]["”’)]?(?:\s|$)/g)].length
    const words = value.split(/\s+/).length
    let lower = lowerAt(0) ? 1 : 0
    for (let index = 0; index < value.length; index++) if (/\s/.test(value[index]) && lowerAt(index + 1)) lower++
    return sentences >= 2 && lower / words >= 0.5
  }

  it('answers as the class did on generated paragraphs', () => {
    const next = random(5)
    const words = ['the', 'The', 'état', 'État', 'ßtraße', 'über', 'Über', 'ǅemal', 'ﬁnal', '42', '“quoted', '(aside)', 'and.', 'end!', 'why?', 'ok.”', 'σοφία', 'Σοφία', '𝐚lpha', 'i.e.', '-', 'x']
    let prose = 0
    for (let round = 0; round < 1500; round++) {
      let value = ''
      const count = 30 + Math.floor(next() * 80)
      for (let index = 0; index < count; index++) value += words[Math.floor(next() * words.length)] + (next() < 0.1 ? '  ' : next() < 0.05 ? '\n' : ' ')
      expect(isProse(value), value).toBe(isProseBefore(value))
      if (isProseBefore(value)) prose++
    }
    expect(prose).toBeGreaterThan(100)
  })
})

describe('one search for control characters and escapes', () => {
  it('holdsSpecial finds every character the control-character report looks for', () => {
    const reported = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/
    for (let code = 0; code < 0x3000; code++) {
      const text = `plain text ${String.fromCharCode(code)} around it`
      if (reported.test(text)) expect(holdsSpecial(text), code.toString(16)).toBe(true)
      expect(holdsSpecial(text)).toBe(code === 92 || reported.test(text) || code === 0x0c || code === 0x0d)
    }
  })
})
