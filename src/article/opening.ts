/**
 * Pass `regions` (opening): the start of the first body paragraph once the page chrome before it is cut ▶
 * promotion boxes closed by a call-to-action link (`… Learn More`) removed, and a section heading run into
 * the first sentence (`The Stakes for Ports The port of …`) split off as a heading.
 *
 * Both only where the page chrome was already cut (a title or byline found before), and both read only the
 * first few thousand characters: linear in the text.
 */
import type {Span} from './source.js'
import {sliceSpan, spanRange, trimSpan} from './source.js'
import type {Flow} from './tree.js'
import {narrowFirst} from './narrow.js'

/** Link texts every site closes a promotion box with. */
const callToAction = /(?<=[.!?]["”’)]?\s+)(?:Learn|Read|Find out|See|Discover) [Mm]ore(?=\s+[“"‘]?\p{Lu})/gu
/** A capitalised word (`States`, `China’s`, `Xi-led`). */
export const capital = narrowFirst(() => /^\p{Lu}[\p{L}’'-]*$/u, /^[A-ZÀ-ÖØ-Þ][A-Za-zªµºÀ-ÖØ-öø-ÿ’'-]*$/)

/** How far into the paragraph promotion boxes may stand, and how long one box may be. */
const promotionReach = 3000
const boxSize = 1200

/** Short words a Title Case heading leaves in lower case. */
const minorWords = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'for', 'in', 'on', 'to', 'at', 'by', 'with', 'from', 'against', 'as', 'into', 'over', 'vs', 'nor', 'but', 'about', 'after', 'before', 'between', 'under', 'within', 'without', 'through'])

export interface OpeningContext {
  drop: (start: number, end: number, reason: string) => void
  mark: (field: string, start: number, end: number, reason: string) => void
}

/**
 * The opening of the article at `flows[index]` (a paragraph whose page chrome was cut): promotion boxes
 * ending with a call-to-action link go, then a Title Case run before the first sentence becomes a heading.
 */
export function readOpening(flows: Flow[], index: number, context: OpeningContext): void {
  const flow = flows[index]
  if (flow?.type !== 'paragraph') return
  let {span} = flow
  const boxes = promotionEnd(span.value)
  if (boxes > 0) {
    const [start, end] = spanRange(span, 0, boxes)
    context.drop(start, end, 'promotion boxes before the article (each closed by a call-to-action link)')
    span = trimSpan(sliceSpan(span, boxes, span.value.length))
    const [bodyStart] = spanRange(span, 0, 0)
    context.mark('body', bodyStart, bodyStart, 'the first sentence of the article after the promotion boxes')
  }
  const heading = openingHeadingLength(span.value)
  const replaced: Flow[] =
    heading > 0
      ? [
          {type: 'heading', level: 2, span: trimSpan(sliceSpan(span, 0, heading))},
          {type: 'paragraph', span: trimSpan(sliceSpan(span, heading, span.value.length))}
        ]
      : [{type: 'paragraph', span}]
  if (boxes > 0 || heading > 0) flows.splice(index, 1, ...replaced)
}

/**
 * Where promotion boxes at the start end: after the last call-to-action link (`Learn More`) that follows
 * a sentence end within `promotionReach`, each box (the text since the start or since the link before)
 * shorter than `boxSize`. 0 when the paragraph does not open with such boxes.
 */
export function promotionEnd(value: string): number {
  let end = 0
  callToAction.lastIndex = 0
  for (let match = callToAction.exec(value); match && match.index < promotionReach; match = callToAction.exec(value)) {
    if (match.index - end > boxSize) break
    end = match.index + match[0].length
  }
  return end
}

/**
 * A Title Case heading run into the first sentence (`A Growing Challenge There is …`): its length, or 0.
 * The heading is four or more words, capitalised but for short words, with no punctuation; the sentence
 * starts at its last capitalised word before the first lower-case word (only short words between), or at
 * the capitalised word right before a word that carries punctuation (`The U.S. economy`).
 */
export function openingHeadingLength(value: string): number {
  const words = /(?:\S+\s+){0,20}/y.exec(value)?.[0].split(/\s+/).filter(Boolean) ?? []
  let stop = 0
  while (stop < words.length && (capital(words[stop]) || minorWords.has(words[stop]))) stop++
  if (stop >= words.length || stop < 4) return 0
  let start = -1
  if (/^\p{Ll}/u.test(words[stop])) {
    // `… Risks Achieving a greater`: back over short words to the capitalised word that opens the sentence.
    let at = stop - 1
    while (at > 0 && minorWords.has(words[at])) at--
    if (capital(words[at])) start = at
  } else if (/^\p{Lu}/u.test(words[stop]) && capital(words[stop - 1])) {
    // `… Sector The U.S. economy`: the word before the punctuated one opens the sentence.
    start = stop - 1
  }
  // Four words at least, three of them capitalised: `As the United States retreats` opens a sentence.
  if (start < 4) return 0
  const heading = words.slice(0, start)
  const capitals = heading.filter(capital).length
  if (minorWords.has(heading.at(-1)!) || capitals < 3) return 0
  // The heading's length in `value`: its words and the spaces between them.
  let length = 0
  for (const word of heading) length = value.indexOf(word, length) + word.length
  return length
}
