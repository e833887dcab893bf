/**
 * Pass `tree`: flows (body blocks, as spans) and note entries ▶ mdast with positions.
 *
 * Flows (body blocks, still as spans) ▶ mdast nodes. Pure: the caller has
 * already decided which marker candidates are references.
 */
import type {
  Blockquote,
  FootnoteDefinition,
  Heading,
  List,
  ListItem,
  Paragraph,
  RootContent,
  ThematicBreak
} from 'mdast'
import type {Position} from 'unist'
import type {LinkToken, Replacement} from './inline.js'
import {findLinks, toPhrasing} from './inline.js'
import type {Candidate, CandidateFinder} from './markers.js'
import {findCandidates as findAll} from './markers.js'
import type {NoteEntry} from './notes.js'
import type {Span} from './source.js'
import {spanRange} from './source.js'

/** A body block before it becomes mdast. */
export type Flow =
  | {type: 'paragraph'; span: Span}
  | {type: 'heading'; level: number; span: Span}
  | {type: 'list'; ordered: boolean; start?: number; spread: boolean; items: Span[]; from: number; to: number}
  | {type: 'quote'; span: Span; from: number; to: number}
  | {type: 'break'; from: number; to: number}

/** Text that may carry note markers: its links, its candidates, and the candidates chosen as references. */
export interface Marked {
  span: Span
  links: LinkToken[]
  candidates: Candidate[]
  markers: Candidate[]
  /** Unlinked markers printed in another form (`text`: superscript digits, or empty when removed). */
  replaced: Replacement[]
}

export type Place = (start: number, end: number) => Position

/** The marker-bearing texts of `flows`, in document order (one per paragraph, heading, quote or list item). */
export function markFlows(flows: Flow[], findCandidates: CandidateFinder = findAll): Marked[] {
  const marked: Marked[] = []
  for (const flow of flows) {
    if (flow.type === 'paragraph' || flow.type === 'heading' || flow.type === 'quote') marked.push(mark(flow.span, findCandidates))
    if (flow.type === 'list') for (const item of flow.items) marked.push(mark(item, findCandidates))
  }
  return marked
}

function mark(span: Span, findCandidates: CandidateFinder): Marked {
  const links = findLinks(span.value)
  const skip = links.map((link): [number, number] => [link.index, link.index + link.length])
  return {span, links, candidates: findCandidates(span.value, skip), markers: [], replaced: []}
}

/** mdast for `flows`; `marked` is what `markFlows(flows)` returned, with `markers` filled in. */
export function toFlowContent(flows: Flow[], marked: Marked[], place: Place): RootContent[] {
  let cursor = 0
  const children: RootContent[] = []
  const paragraph = (span: Span): Paragraph => {
    const item = marked[cursor++]
    return {type: 'paragraph', children: toPhrasing(item.span, item.links, item.markers, place, item.replaced), position: spanPosition(span, place)}
  }

  for (const flow of flows) {
    if (flow.type === 'paragraph') {
      children.push(paragraph(flow.span))
    } else if (flow.type === 'heading') {
      const depth = Math.max(2, Math.min(6, flow.level)) as Heading['depth']
      const {children: content, position} = paragraph(flow.span)
      children.push({type: 'heading', depth, children: content, position} satisfies Heading)
    } else if (flow.type === 'quote') {
      children.push({type: 'blockquote', children: [paragraph(flow.span)], position: place(flow.from, flow.to)} satisfies Blockquote)
    } else if (flow.type === 'list') {
      const items: ListItem[] = flow.items.map((span) => ({
        type: 'listItem',
        spread: false,
        children: [paragraph(span)],
        position: spanPosition(span, place)
      }))
      const list: List = {type: 'list', ordered: flow.ordered, spread: flow.spread, children: items, position: place(flow.from, flow.to)}
      if (flow.ordered) list.start = flow.start ?? 1
      children.push(list)
    } else {
      children.push({type: 'thematicBreak', position: place(flow.from, flow.to)} satisfies ThematicBreak)
    }
  }
  return children
}

/** A note entry as a GFM footnote definition labelled with its original number. */
export function toDefinition(note: NoteEntry, place: Place): FootnoteDefinition {
  const label = String(note.number)
  const children: Paragraph[] = note.paragraphs
    .filter((span) => span.value.length > 0)
    .map((span) => ({type: 'paragraph', children: toPhrasing(span, findLinks(span.value), [], place), position: spanPosition(span, place)}))
  return {type: 'footnoteDefinition', identifier: label, label, children, position: place(note.start, note.end)}
}

function spanPosition(span: Span, place: Place): Position {
  // Read by index: a spread iterates the pair (an iterator and its results per block, cold).
  const range = spanRange(span, 0, span.value.length)
  return place(range[0], range[1])
}
