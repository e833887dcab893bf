/**
 * The per-article candidate finder (src/article/markers.ts): the same answers
 * as `findCandidates` for a text met again, with or without skip ranges, and
 * fresh objects on every call (callers keep candidates by identity).
 */
import {describe, expect, test} from 'vitest'
import {createCandidateFinder, findCandidates} from '../src/article/markers.js'

const texts = [
  'The party (ABC)4 says it grew in 2015)7 , as the 1990s.7 In one study,<sup>3</sup> and [12] later.',
  'Glued markers: policy.4,5 and said.”7–9 then ¹²³ and ${}^{16}$ or \\textsuperscript{8}.',
  'A link [see](https://example.org/page#fn3) and [3](#fn3) and <a href="#fn4">4</a> then text 5 The end.',
  'No markers here at all.',
  ''
]

describe('createCandidateFinder', () => {
  test('gives findCandidates’ answers, again and again, with and without skip ranges', () => {
    const find = createCandidateFinder()
    for (let round = 0; round < 3; round++) {
      for (const text of texts) {
        expect(find(text)).toEqual(findCandidates(text))
        const skip: Array<[number, number]> = [[0, 20], [40, 60]]
        expect(find(text, skip)).toEqual(findCandidates(text, skip))
      }
    }
    expect(find(texts[0]!).length).toBeGreaterThan(3)
  })

  test('hands out fresh candidates each call: a change to one does not reach the next answer', () => {
    const find = createCandidateFinder()
    const first = find(texts[0]!)
    const second = find(texts[0]!)
    expect(second).toEqual(first)
    expect(second[0]).not.toBe(first[0])
    first[0]!.number = 999
    expect(find(texts[0]!)[0]!.number).not.toBe(999)
  })
})
