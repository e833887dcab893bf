/**
 * Pass `markers` (numbering restarts): notes numbered again from 1 in each chapter or section ▶ one
 * sequence of keys (part two's note 1 follows part one's last note), so markers pair with the notes of
 * their own part: each marker candidate may stand for its number in any part, and the alignment of
 * markers with notes (markers.ts), which only goes forward, picks the part by the order of the text.
 */
import type {Linked, MarkerDecision} from './markers.js'
import type {NoteEntry} from './notes.js'

export interface NoteParts {
  /** Key of note `n` of part `p` is `offsets[p] + n`. */
  offsets: number[]
  /** The original numbers of each part. */
  numbers: Array<Set<number>>
}

/**
 * Split `notes` into parts where the numbering starts again at 1 (after a part of two notes or more) and
 * give each note its key as its number. Each part must count up from 1 in the order of the text; otherwise
 * (one part, or page notes out of order) every number stays as it was.
 */
export function keyNoteParts(notes: NoteEntry[]): NoteParts {
  const ordered = [...notes].sort((a, b) => a.start - b.start)
  const parts: NoteEntry[][] = []
  let previous = 0
  for (const note of ordered) {
    const part = parts.at(-1)
    if (!part || (note.number === 1 && previous >= 2 && part.length >= 2)) parts.push([note])
    else part.push(note)
    previous = note.number
  }
  // Every part must count up from 1 in the order of the text; page notes out of order are no restart.
  // Every part holds two notes or more, written in one style (a stray `${}^{1}$` after a `[1] [2]` list is no part).
  const counting = parts.every(
    (part) => part.length >= 2 && part[0].number === 1 && part.every((note, index) => note.style === ordered[0].style && (index === 0 || note.number > part[index - 1].number))
  )
  if (parts.length > 1 && !counting) return {offsets: [0], numbers: [new Set(notes.map((note) => note.number))]}
  const offsets: number[] = []
  const numbers: Array<Set<number>> = []
  let offset = 0
  for (const part of parts) {
    offsets.push(offset)
    numbers.push(new Set(part.map((note) => note.number)))
    let top = 0
    for (const note of part) top = Math.max(top, note.number)
    if (parts.length > 1) for (const note of part) note.number += offset
    offset += top
  }
  return {offsets, numbers}
}

/**
 * Each candidate once per part that has its number, as that part's key; copies of one candidate come
 * highest key first, so the forward-only alignment can never take two of them. Parts after the first
 * take no loose candidate (a number split off by a space): a stray `1` after the last marker of part one
 * would otherwise open part two.
 */
export function candidatesForParts(all: Linked[], parts: NoteParts): Linked[] {
  if (parts.offsets.length <= 1) return all
  const expanded: Linked[] = []
  for (const item of all) {
    for (let part = parts.offsets.length - 1; part >= 0; part--) {
      const number = item.candidate.number
      if (!parts.numbers[part].has(number) || (part > 0 && item.candidate.strength === 'loose')) continue
      expanded.push({owner: item.owner, candidate: {...item.candidate, number: parts.offsets[part] + number}})
    }
  }
  return expanded
}

/** One decision per place in the text: a candidate linked in one part is no unlinked marker of another. */
export function onePerPlace(decision: MarkerDecision): MarkerDecision {
  const place = (item: Linked) => `${item.owner}:${item.candidate.index}.${item.candidate.slot ?? 0}`
  const taken = new Set<string>()
  const linked = decision.linked.filter((item) => !taken.has(place(item)) && taken.add(place(item)))
  const unlinked = decision.unlinked.filter((item) => !taken.has(place(item)) && taken.add(place(item)))
  const kept = new Set(linked)
  const sequence = decision.sequence.filter((item) => linked.some((other) => kept.has(other) && place(other) === place(item) && other.candidate.number === item.candidate.number))
  return {...decision, linked, unlinked, sequence}
}

/** The number as written and its part (from 0) for a key. */
export function originalOf(parts: NoteParts, key: number): {number: number; part: number} {
  let part = 0
  while (part + 1 < parts.offsets.length && parts.offsets[part + 1] < key) part++
  return {number: key - parts.offsets[part], part}
}
