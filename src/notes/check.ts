import type {FootnoteDefinition, FootnoteReference, Link, Nodes, Parents, Root, Text} from 'mdast'
import type {Node, Position} from 'unist'
import {toString} from 'mdast-util-to-string'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {VFileMessage} from 'vfile-message'
import {report, type ReportOptions} from '../meta/report.js'
import {
  parsesAsUrl,
  stripTrackingParameters,
  textUrl,
  trackingParameters,
  trimUrlPunctuation
} from './urls.js'
import {eachLinkOrText, eachOfType} from './walk.js'

/** Configuration of the notes step; every field is JSON-serialisable. */
export interface NotesOptions {
  /** Throw the first error after checking, for hosts that swallow warnings (default: `false`). */
  strict?: boolean | null
  /** Remove definitions that nothing cites instead of keeping them as uncited (default: `false`). */
  dropUnused?: boolean | null
  /** Merge notes with the same text into the first one, so it is cited twice (default: `false`). */
  mergeRepeated?: boolean | null
  /** Remove tracking parameters (`utm_*`, `fbclid`, …) from URLs in notes (default: `false`). */
  stripTracking?: boolean | null
}

/**
 * An uncited note that is kept, as plain JSON: remark-rehype leaves uncited
 * definitions out of its HTML, so a template that prints them ("Uncited")
 * reads them from `file.data.uncitedNotes`.
 */
export interface UncitedNote {
  /** Its number after renumbering (after the cited notes). */
  number: string
  /** Its text, whitespace collapsed. */
  text: string
  position?: Position
}

declare module 'vfile' {
  interface DataMap {
    uncitedNotes: UncitedNote[]
  }
}

declare module 'mdast' {
  interface FootnoteDefinitionData {
    /** Set by remark-brief on a kept definition that nothing in the body cites. */
    uncited?: boolean
    /**
     * Set by the article recognizer on a note it already reported as
     * `unpaired-note`, so the same note is not reported twice.
     */
    unpaired?: boolean
  }
}

/** Everything one run over one file needs; made fresh per file (processors are reused). */
interface State {
  file: VFile
  options: NotesOptions
  /** Messages this run emitted, so `strict` throws only its own errors. */
  messages: VFileMessage[]
  /** First definition per normalised identifier, in document order. */
  definitions: Map<string, FootnoteDefinition>
  /** Offsets ▶ line/column, made on first use. */
  place?: ReturnType<typeof location>
  /** Each definition's text (`toString`), made once: the repeat check and the empty check both read it. */
  texts: Map<FootnoteDefinition, string>
}

/**
 * Check, merge, clean and renumber the GFM footnotes of `tree` in place:
 * identifiers and labels become "1".."n" in order of first reference (the
 * order `remark-rehype` numbers them in), definitions move to the end of the
 * root in that order, and every problem becomes a message on `file`.
 */
export function checkNotes(tree: Root, file: VFile, options: NotesOptions = {}): void {
  const state: State = {file, options, messages: [], definitions: new Map(), texts: new Map()}

  collectDefinitions(tree, state)
  findLiteralReferences(tree, state)
  unlinkMissingReferences(tree, state)

  let order = referenceOrder(tree, state.definitions)
  if (checkRepeatedContent(order, state) && options.mergeRepeated) {
    mergeRepeated(tree, order, state)
    order = referenceOrder(tree, state.definitions)
  }

  for (const reference of order.selfReferences) {
    const label = labelOf(reference)
    emit(state, 'Unexpected reference to note `' + label + '` inside its own text, expected a reference to another note', {
      ruleId: 'self-referencing-note',
      severity: 'error',
      place: reference
    })
  }

  const kept = checkUnused(order, state)
  for (const identifier of kept) {
    const definition = state.definitions.get(identifier)!
    checkEmpty(definition, state)
    checkUrls(definition, state)
  }

  renumber(tree, kept, state)
  const definitions = kept.map((identifier) => state.definitions.get(identifier)!)
  tree.children.push(...definitions)
  const uncited = definitions.filter((definition) => definition.data?.uncited)
  if (uncited.length > 0) file.data.uncitedNotes = uncited.map(uncitedNote)

  if (options.strict) {
    const error = state.messages.find((message) => message.fatal === true)
    if (error) throw error
  }
}

/**
 * Take every definition out of the tree (they return, renumbered, at the end
 * of the root). The first of several with one identifier wins, as in
 * `mdast-util-to-hast`; later ones are reported and dropped.
 */
function collectDefinitions(tree: Root, state: State): void {
  const found: Array<[Parents, FootnoteDefinition]> = []

  eachOfType(tree, 'footnoteDefinition', function (node, _, parent) {
    if (parent) found.push([parent, node])
  })

  for (const [parent, node] of found) {
    parent.children.splice(parent.children.indexOf(node as never), 1)
    const identifier = normalizeIdentifier(node.identifier)
    const first = state.definitions.get(identifier)

    if (first) {
      const label = labelOf(node)
      const cause = new VFileMessage('First definition of note `' + labelOf(first) + '`, which is kept', {
        place: first.position,
        ruleId: 'duplicate-note-definition',
        source: 'remark-brief'
      })
      emit(
        state,
        'Unexpected second definition of note `' +
          label +
          '`, expected unique labels; the first definition' +
          (first.position ? ' (line ' + first.position.start.line + ')' : '') +
          ' is kept and this one is dropped',
        {
          ruleId: 'duplicate-note-definition',
          severity: 'error',
          place: node,
          cause,
          data: {label, dropped: toString(node)}
        }
      )
    } else {
      state.definitions.set(identifier, node)
    }
  }
}

/**
 * GFM parses `[^7]` as a reference only when `[^7]:` is defined; otherwise it
 * stays text. Report those (a `[^x]` whose definition exists was escaped on
 * purpose, so it is left alone).
 */
function findLiteralReferences(tree: Root, state: State): void {
  const literal = /\[\^([^\s[\]]+)\]/g

  for (const root of roots(tree, state)) {
    eachOfType(root, 'text', function (node) {
      // Every match holds `[^`: most texts have none, and `matchAll` copies the pattern for each text it is given.
      if (!node.value.includes('[^')) return
      for (const match of node.value.matchAll(literal)) {
        if (state.definitions.has(normalizeIdentifier(match[1]))) continue
        emit(state, 'Unexpected reference to undefined note `' + match[1] + '`, expected a definition (`[^' + match[1] + ']: …`)', {
          ruleId: 'missing-note-definition',
          severity: 'error',
          place: placeInText(node, match.index, match[0].length, state)
        })
      }
    })
  }
}

/**
 * A `footnoteReference` node without definition (made by a tool, not by GFM)
 * would print as a link to nowhere: report it and turn it back into the text
 * an author would have typed.
 */
function unlinkMissingReferences(tree: Root, state: State): void {
  for (const root of roots(tree, state)) {
    eachOfType(root, 'footnoteReference', function (node, index, parent) {
      if (state.definitions.has(normalizeIdentifier(node.identifier)) || !parent || index === undefined) return
      const label = labelOf(node)
      emit(state, 'Unexpected reference to undefined note `' + label + '`, expected a definition (`[^' + label + ']: …`)', {
        ruleId: 'missing-note-definition',
        severity: 'error',
        place: node
      })
      const text: Text = {type: 'text', value: '[^' + label + ']'}
      if (node.position) text.position = node.position
      parent.children[index] = text
    })
  }
}

interface Order {
  /** Normalised identifiers, in the order notes are first cited. */
  identifiers: string[]
  /** Identifiers the body does not reach (kept at the end, in document order). */
  uncited: Set<string>
  selfReferences: FootnoteReference[]
}

/**
 * The order `mdast-util-to-hast` numbers notes in: body references first, in
 * document order; then references inside notes, note by note, appended as
 * they are met. Uncited definitions follow in document order.
 */
function referenceOrder(tree: Root, definitions: Map<string, FootnoteDefinition>): Order {
  const order: Order = {identifiers: [], uncited: new Set(), selfReferences: []}
  const seen = new Set<string>()

  eachOfType(tree, 'footnoteReference', cite)
  drain(0)

  // Whatever the body does not reach, directly or through notes, is uncited;
  // so is a note cited only by an uncited one (dropping the one orphans the other).
  const cited = order.identifiers.length
  for (const identifier of definitions.keys()) {
    if (seen.has(identifier)) continue
    const from = order.identifiers.length
    seen.add(identifier)
    order.identifiers.push(identifier)
    drain(from)
  }
  for (const identifier of order.identifiers.slice(cited)) order.uncited.add(identifier)

  return order

  function drain(from: number): void {
    for (let index = from; index < order.identifiers.length; index++) {
      const own = order.identifiers[index]
      eachOfType(definitions.get(own)!, 'footnoteReference', function (node) {
        if (normalizeIdentifier(node.identifier) === own) order.selfReferences.push(node)
        else cite(node)
      })
    }
  }

  function cite(node: FootnoteReference): void {
    const identifier = normalizeIdentifier(node.identifier)
    if (seen.has(identifier) || !definitions.has(identifier)) return
    seen.add(identifier)
    order.identifiers.push(identifier)
  }
}

/** Report notes whose text repeats an earlier note's; whether any did. */
function checkRepeatedContent(order: Order, state: State): boolean {
  const firstByText = new Map<string, string>()
  let found = false

  for (const identifier of order.identifiers) {
    const definition = state.definitions.get(identifier)!
    const key = contentKey(definition, state)
    if (key === '') continue
    const first = firstByText.get(key)
    if (first === undefined) {
      firstByText.set(key, identifier)
      continue
    }
    found = true
    const original = state.definitions.get(first)!
    const cause = new VFileMessage('Note `' + labelOf(original) + '` has the same text', {
      place: original.position,
      ruleId: 'repeated-note-content',
      source: 'remark-brief'
    })
    emit(
      state,
      'Unexpected note `' +
        labelOf(definition) +
        '` with the same text as note `' +
        labelOf(original) +
        '`, expected one note cited twice' +
        (state.options.mergeRepeated ? ' (merged)' : ''),
      {
        ruleId: 'repeated-note-content',
        severity: 'warning',
        place: definition,
        cause,
        data: {label: labelOf(definition), sameAs: labelOf(original)}
      }
    )
  }

  return found
}

/** Point references of a repeated note at its first occurrence and drop the repeat. */
function mergeRepeated(tree: Root, order: Order, state: State): void {
  const target = new Map<string, string>()
  const firstByText = new Map<string, string>()

  for (const identifier of order.identifiers) {
    const key = contentKey(state.definitions.get(identifier)!, state)
    if (key === '') continue
    const first = firstByText.get(key)
    if (first === undefined) firstByText.set(key, identifier)
    else target.set(identifier, first)
  }

  for (const root of roots(tree, state)) {
    eachOfType(root, 'footnoteReference', function (node) {
      const into = target.get(normalizeIdentifier(node.identifier))
      if (into === undefined) return
      const kept = state.definitions.get(into)!
      node.identifier = kept.identifier
      node.label = labelOf(kept)
    })
  }

  for (const identifier of target.keys()) state.definitions.delete(identifier)
}

/** Report uncited definitions; the identifiers to keep, in final order. */
function checkUnused(order: Order, state: State): string[] {
  const kept: string[] = []

  for (const identifier of order.identifiers) {
    const definition = state.definitions.get(identifier)!
    if (!order.uncited.has(identifier)) {
      // A tree checked before (processors and trees get reused) may carry an old mark.
      if (definition.data?.uncited) delete definition.data.uncited
      kept.push(identifier)
      continue
    }
    if (!definition.data?.unpaired) emit(
      state,
      'Unexpected unused note definition `' +
        labelOf(definition) +
        '`, expected a reference to it' +
        (state.options.dropUnused ? ' (dropped)' : ' (kept as uncited)'),
      {ruleId: 'unused-note-definition', severity: 'warning', place: definition, data: {label: labelOf(definition)}}
    )
    if (!state.options.dropUnused) {
      definition.data = {...definition.data, uncited: true}
      kept.push(identifier)
    }
  }

  if (state.options.dropUnused) {
    for (const identifier of order.uncited) state.definitions.delete(identifier)
  }

  return kept
}

function checkEmpty(definition: FootnoteDefinition, state: State): void {
  if (textOf(definition, state).trim() !== '') return
  emit(state, 'Unexpected empty note definition `' + labelOf(definition) + '`, expected citation text', {
    ruleId: 'empty-note-definition',
    severity: 'warning',
    place: definition
  })
}

/** URLs in a note: links, and URLs left as plain text where no autolink syntax ran. */
function checkUrls(definition: FootnoteDefinition, state: State): void {
  const label = labelOf(definition)

  eachLinkOrText(definition, function (node) {
    if (node.type === 'link') {
      checkUrl(node.url, node, label, state)
      if (state.options.stripTracking) stripLink(node)
    } else {
      // Every match holds `://` or `www.` (any case): most texts have neither, and `matchAll` copies the pattern.
      if (!node.value.includes('://') && !wwwDot.test(node.value)) return
      let value = node.value
      for (const match of node.value.matchAll(textUrl)) {
        const url = trimUrlPunctuation(match[0])
        checkUrl(/^www\./i.test(url) ? 'http://' + url : url, placeInText(node, match.index, url.length, state), label, state)
        if (state.options.stripTracking) value = value.replace(url, stripTrackingParameters(url))
      }
      node.value = value
    }
  })
}

/** What `textUrl`'s `www.` alternative needs (case-insensitive, as `textUrl`). */
const wwwDot = /www\./i

function checkUrl(url: string, place: Node | Position | undefined, label: string, state: State): void {
  if (!parsesAsUrl(url)) {
    emit(state, 'Unexpected URL `' + url + '` in note `' + label + '` that does not parse, expected a valid absolute URL', {
      ruleId: 'bad-note-url',
      severity: 'warning',
      place,
      data: {label, url}
    })
    return
  }

  const parameters = trackingParameters(url)
  if (parameters.length === 0) return
  emit(
    state,
    'Unexpected tracking parameter' +
      (parameters.length > 1 ? 's' : '') +
      ' ' +
      parameters.map((name) => '`' + name + '`').join(', ') +
      ' in a URL in note `' +
      label +
      '`, expected a clean URL' +
      (state.options.stripTracking ? ' (removed)' : ''),
    {ruleId: 'tracking-parameters', severity: 'info', place, data: {label, url, parameters}}
  )
}

/** Clean a link's URL, and its text when the text is the URL (an autolink). */
function stripLink(node: Link): void {
  const clean = stripTrackingParameters(node.url)
  if (clean === node.url) return
  for (const child of node.children) {
    if (child.type !== 'text' || !node.url.endsWith(child.value)) continue
    // `www.x.com` links to `http://www.x.com`: keep the text's shorter form.
    const prefix = node.url.slice(0, node.url.length - child.value.length)
    if (clean.startsWith(prefix)) child.value = clean.slice(prefix.length)
  }
  node.url = clean
}

/** Give every kept note its number, references and definitions alike. */
function renumber(tree: Root, kept: string[], state: State): void {
  const numberOf = new Map(kept.map((identifier, index) => [identifier, String(index + 1)]))
  const changes: Record<string, string> = {}
  let place: Node | undefined

  for (const root of roots(tree, state)) {
    eachOfType(root, 'footnoteReference', function (node) {
      const next = numberOf.get(normalizeIdentifier(node.identifier))
      if (next === undefined) return
      if (labelOf(node) !== next) place ||= node
      node.identifier = next
      node.label = next
    })
  }

  for (const identifier of kept) {
    const definition = state.definitions.get(identifier)!
    const next = numberOf.get(identifier)!
    const previous = labelOf(definition)
    if (previous !== next) {
      changes[previous] = next
      place ||= definition
    }
    definition.identifier = next
    definition.label = next
  }

  const pairs = Object.entries(changes)
  if (pairs.length === 0) return
  emit(
    state,
    'Unexpected note labels out of reference order, expected `1`…`' +
      kept.length +
      '`; renumbered ' +
      pairs.map(([from, to]) => '`' + from + '` → `' + to + '`').join(', '),
    {ruleId: 'renumbered-notes', severity: 'info', place, data: {renumbered: changes}}
  )
}

/** A kept uncited note as JSON, for templates (remark-rehype drops it). */
function uncitedNote(definition: FootnoteDefinition): UncitedNote {
  const note: UncitedNote = {number: definition.identifier, text: toString(definition).replace(/\s+/g, ' ').trim()}
  if (definition.position) note.position = definition.position
  return note
}

/** The body and the (detached) definitions: everything that can hold a reference. */
function roots(tree: Root, state: State): Nodes[] {
  return [tree, ...state.definitions.values()]
}

/** Where a substring of a text node starts, exactly when the source allows it. */
function placeInText(node: Text, index: number, length: number, state: State): Position | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  const source = state.file.value === undefined ? undefined : String(state.file.value)
  if (start === undefined || end === undefined || source === undefined || source.slice(start, end) !== node.value) {
    return node.position
  }
  state.place ||= location(state.file)
  const from = state.place.toPoint(start + index)
  const to = state.place.toPoint(start + index + length)
  return from && to ? {start: from, end: to} : node.position
}

function emit(state: State, reason: string, options: ReportOptions): void {
  state.messages.push(report(state.file, reason, options))
}

/** The label as the author wrote it. */
function labelOf(node: FootnoteReference | FootnoteDefinition): string {
  return node.label ?? node.identifier
}

/**
 * The comparison key for note text: whitespace and a final period do not
 * count. Empty for notes that mean something only where they stand: “Ibid.”
 * repeats the note before it, so two of them are not the same citation, and
 * merging them would change what they cite.
 */
function contentKey(definition: FootnoteDefinition, state: State): string {
  const key = textOf(definition, state).replace(/\s+/g, ' ').trim().replace(/\.$/, '')
  return /^(?:ibid|ibidem|id|idem|op\.? ?cit|loc\.? ?cit)\b/i.test(key) ? '' : key
}

/**
 * A definition's text, made once a run: between the repeat check and the
 * empty check nothing changes a note's text (merging renames references,
 * which have none; the URL check runs on each note after its empty check).
 */
function textOf(definition: FootnoteDefinition, state: State): string {
  let text = state.texts.get(definition)
  if (text === undefined) {
    text = toString(definition)
    state.texts.set(definition, text)
  }
  return text
}

/** As `micromark-util-normalize-identifier`: how CommonMark matches labels. */
export function normalizeIdentifier(value: string): string {
  return value.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase()
}
