/**
 * Page-bottom notes (`notes: page`): each cited note moves from the notes
 * section into the text, right after its first call, as a
 * `span.brief-page-note`. `templates/page-notes.css` floats that span to the
 * foot of the page (`float: footnote`), which the paged-media engine the
 * printer runs for this option (Paged.js, `src/pdf/paged.ts`) lays out.
 *
 * The printed number is the text's own: the call stays as remark-rehype made
 * it, and the note prints the call's text as its number, so no engine counter
 * is ever shown. Links go both ways: the call points at the note's number
 * (which takes the note's old id), the note's `↑` back at the call.
 */
import type {Element, ElementContent, Root} from 'hast'
import {readFileSync} from 'node:fs'
import {toText} from 'hast-util-to-text'

/** The stylesheet added to a brief with page-bottom notes. */
export const pageNotesCss = readFileSync(new URL('../../templates/page-notes.css', import.meta.url), 'utf8')

/** Elements that may stand inside a paragraph; anything else in a note is rewritten as a `span`. */
const phrasing = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'img', 'ins', 'kbd', 'mark',
  'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr'
])

/**
 * Move every cited note next to its first call.
 *
 * @param body
 *   The article body (sanitised, typeset), without its notes section.
 * @param notes
 *   The notes section (`section[data-footnotes]`), uncited notes included.
 * @returns
 *   The notes section holding only the notes no call cites (they still print
 *   at the end), or `undefined` when every note moved.
 */
export function placeNotesInText(body: Root, notes: Element): Element | undefined {
  const list = notes.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol')
  if (!list) return notes
  const firstCalls = firstCallsByTarget(body)
  const kept: ElementContent[] = []

  for (const item of list.children) {
    const id = item.type === 'element' && item.tagName === 'li' ? item.properties?.id : undefined
    const call = typeof id === 'string' ? firstCalls.get('#' + id) : undefined
    if (!call || item.type !== 'element') {
      kept.push(item)
      continue
    }
    const note = pageNote(item, call.anchor)
    call.parent.children.splice(call.parent.children.indexOf(call.after) + 1, 0, note)
  }

  list.children = kept
  const remaining = kept.some((child) => child.type === 'element')
  if (!remaining) dropLabelReferences(body)
  return remaining ? notes : undefined
}

interface FirstCall {
  /** The call's `a[data-footnote-ref]`. */
  anchor: Element
  /** The element the note goes after: the call's `sup`, or the `span.brief-call` that keeps it with its word. */
  after: Element
  parent: Root | Element
}

/** The first call of each note, by its link target (`#user-content-fn-1`), in document order. */
function firstCallsByTarget(body: Root): Map<string, FirstCall> {
  const calls = new Map<string, FirstCall>()
  walk(body, [])
  return calls

  function walk(node: Root | Element, ancestors: Array<Root | Element>): void {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      if (child.tagName === 'a' && child.properties?.dataFootnoteRef !== undefined && typeof child.properties.href === 'string') {
        if (!calls.has(child.properties.href)) calls.set(child.properties.href, {anchor: child, ...placeAfter([...ancestors, node])})
        continue
      }
      // A note never goes inside another page note (notes that cite notes keep their link only).
      if (hasClass(child, 'brief-page-note')) continue
      walk(child, [...ancestors, node])
    }
  }
}

/** Where a note goes, given the call's ancestors (nearest last): after its `sup`, or after the `span.brief-call` around it. */
function placeAfter(ancestors: Array<Root | Element>): {after: Element; parent: Root | Element} {
  let index = ancestors.length - 1
  let after = ancestors[index] as Element
  if (ancestors[index - 1] && hasClass(ancestors[index - 1] as Element, 'brief-call')) {
    index--
    after = ancestors[index] as Element
  }
  return {after, parent: ancestors[index - 1]!}
}

/** A note as an inline span: its number (which takes the note's id), then its content with blocks rewritten as spans. */
function pageNote(item: Element, call: Element): Element {
  const number = toText(call).trim()
  return {
    type: 'element',
    tagName: 'span',
    // `data-brief-note`: Paged.js takes `data-note` for itself.
    properties: {className: ['brief-page-note'], dataBriefNote: number},
    children: [
      {type: 'element', tagName: 'span', properties: {className: ['brief-page-note-number'], id: item.properties.id}, children: [{type: 'text', value: number}]},
      {type: 'text', value: ' '},
      ...item.children.flatMap((child) => (child.type === 'text' && child.value.trim() === '' ? [] : [asPhrasing(child)])).map(leadOn)
    ]
  }
}

/** The note's first paragraph runs on after its number (`data-note-lead`; Paged.js rewrites `+` selectors). */
function leadOn(node: ElementContent, index: number): ElementContent {
  return index === 0 && node.type === 'element' && node.properties.dataNoteBlock === 'p' ? {...node, properties: {...node.properties, dataNoteLead: ''}} : node
}

/** A block inside a note (`p`, `ul`, `blockquote`…) as a `span` that CSS sets as that block (`data-note-block`). */
function asPhrasing(node: ElementContent): ElementContent {
  if (node.type !== 'element') return node
  const children = node.children.map(asPhrasing)
  if (phrasing.has(node.tagName)) return {...node, children}
  return {...node, tagName: 'span', properties: {...node.properties, dataNoteBlock: node.tagName}, children}
}

/** Calls say `aria-describedby="footnote-label"`: with no notes section left, that label is gone. */
function dropLabelReferences(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue
    if (child.properties?.dataFootnoteRef !== undefined) delete child.properties.ariaDescribedBy
    dropLabelReferences(child)
  }
}

function hasClass(node: Element, name: string): boolean {
  const classes = node.properties?.className
  return Array.isArray(classes) && classes.includes(name)
}
