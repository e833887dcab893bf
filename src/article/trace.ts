/**
 * The recognizer's trace: every decision a pass makes (what, where, why), in
 * offsets of the text the recognizer read, so the review page can draw it and
 * tests can assert it. Kept on `file.data.recognition`, beside (not inside)
 * `file.data.brief`, because it holds the whole source text.
 */
import type {VFile} from 'vfile'

/** The named passes of the recognizer, in the order they run. */
export type PassName = 'page' | 'normalize' | 'segment' | 'regions' | 'markers' | 'notes' | 'tree'

/** What a pass decided about a stretch of the source text. */
export type DecisionKind =
  | 'removed' // page chrome dropped (its text is in brief.removed too)
  | 'metadata' // a stretch read into brief (title, byline, date, series, …): `field` names it
  | 'heading'
  | 'paragraph-split' // a boundary the segmenter made where the source had none
  | 'table'
  | 'list'
  | 'marker-linked' // a body marker paired with a note: `number` is its original number
  | 'marker-unlinked'
  | 'marker-rejected' // a candidate that stayed text (a year, the author's own [1])
  | 'note' // a note entry: `number` is its original number
  | 'note-unpaired'
  | 'region' // where a region starts and ends: `field` is front | body | notes | back

export interface Decision {
  pass: PassName
  kind: DecisionKind
  /** Offsets into `Recognition.text`, end exclusive. */
  start: number
  end: number
  /** Why, in a few words ("numbering run after the last paragraph", "share-bar link"). */
  reason: string
  /** Note number, for marker and note decisions. */
  number?: number
  /** Metadata field or region name. */
  field?: string
}

export interface Recognition {
  /** The text the offsets point into (the input as read, before any change). */
  text: string
  decisions: Decision[]
}

declare module 'vfile' {
  interface DataMap {
    recognition: Recognition
  }
}

/** The trace of `file`, started on `text` if this is the first decision. */
export function traceOf(file: VFile, text: string): Recognition {
  const existing = file.data.recognition
  if (existing && existing.text === text) return existing
  const recognition: Recognition = {text, decisions: []}
  file.data.recognition = recognition
  return recognition
}

/** Record one decision on `file`'s trace. */
export function decide(recognition: Recognition, decision: Decision): void {
  recognition.decisions.push(decision)
}
