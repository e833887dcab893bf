/**
 * Pass `tree` (phrasing): a span and the decided markers ▶ mdast phrasing nodes with positions.
 *
 * Span ▶ phrasing content: text, `link` (bare URLs and Markdown links),
 * `image` (Markdown images) and `footnoteReference` for the markers that were
 * linked. Only http(s) and mailto URLs become links; anything else stays text.
 */
import type {FootnoteReference, Image, Link, PhrasingContent, Text} from 'mdast'
import type {Position} from 'unist'
import type {Span} from './source.js'
import {spanRange} from './source.js'
import type {Candidate} from './markers.js'

export interface LinkToken {
  index: number
  length: number
  kind: 'link' | 'image'
  url: string
  title?: string
  /** Span indices of the visible text (link text or alt). */
  label: [number, number]
}

const markdownLink = /(!?)\[([^[\]\n]{0,2000})\]\(<?([^()\s<>]{1,4000})>?(?:[ \t]+"([^"\n]{0,500})")?\)/g
const bareUrl = /\bhttps?:\/\/[^\s<>"“”‘’]+/g
const safeUrl = /^(?:https?:\/\/|mailto:)/i
const noteLink = /\[\\?\[?\d{1,5}\\?\]?\]\(https?:\/\/[^()\s#]{1,2000}#[^()\s]{0,200}\)/g

/** Markdown links and images, and bare URLs, in `value`. */
export function findLinks(value: string): LinkToken[] {
  // Every link holds `[` or `http`: most texts have neither, and no pattern needs running.
  const bracket = value.includes('[')
  const http = value.includes('http')
  if (!bracket && !http) return []
  const tokens: LinkToken[] = []
  // `matchAll` works on a copy of each pattern: the module's patterns stay untouched.
  if (bracket) for (const match of value.matchAll(markdownLink)) {
    const url = match[3]
    if (!safeUrl.test(url) || (/^\\?\[?\d{1,5}\\?\]?$/.test(match[2]) && url.includes('#') && !match[1])) continue
    const labelStart = match.index + match[1].length + 1
    tokens.push({
      index: match.index,
      length: match[0].length,
      kind: match[1] ? 'image' : 'link',
      url,
      title: match[4],
      label: [labelStart, labelStart + match[2].length]
    })
  }

  // A number linked to a note on the page (`[3](https://site/page#fn3)`, `[[3]](…#_edn3)`) is a marker, no link.
  const notes = !bracket || !http ? [] : [...value.matchAll(noteLink)].map((match): [number, number] => [match.index, match.index + match[0].length])
  if (http) for (const match of value.matchAll(bareUrl)) {
    if (notes.some(([start, end]) => match.index >= start && match.index < end)) continue
    const url = trimUrl(match[0])
    tokens.push({index: match.index, length: url.length, kind: 'link', url, label: [match.index, match.index + url.length]})
  }

  // A URL inside a Markdown link belongs to the link: keep the earliest token.
  tokens.sort((a, b) => a.index - b.index)
  let cursor = 0
  return tokens.filter((token) => {
    if (token.index < cursor) return false
    cursor = token.index + token.length
    return true
  })
}

/** Drop sentence punctuation that ends a URL, keeping a `)` that closes a `(` inside it. */
function trimUrl(url: string): string {
  // Counted by `indexOf`: `for…of` over the URL made a string and an iterator result per character while cold.
  let opens = 0
  let closes = 0
  for (let at = url.indexOf('('); at !== -1; at = url.indexOf('(', at + 1)) opens++
  for (let at = url.indexOf(')'); at !== -1; at = url.indexOf(')', at + 1)) closes++
  let end = url.length
  while (end > 0) {
    const char = url.charAt(end - 1)
    if (/[.,;:!?*'"\]]/.test(char)) end--
    else if (char === ')' && opens < closes) {
      end--
      closes--
    } else break
  }
  return url.slice(0, end)
}

export type PositionOf = (start: number, end: number) => Position

/** A stretch printed as other text: an unlinked marker normalized (`$^{16}$` ▶ `¹⁶`) or removed (`''`). */
export interface Replacement {
  index: number
  length: number
  text: string
}

const superscriptDigits = '⁰¹²³⁴⁵⁶⁷⁸⁹'

/** `16` ▶ `¹⁶`: the one visible form of a marker that points at no note. */
export function toSuperscript(number: number): string {
  let result = ''
  for (const digit of String(number)) result += superscriptDigits.charAt(Number(digit))
  return result
}

const emphasisPattern =
  /\*\*(?=[^\s*])([^*\n]{1,2000}?)\*\*|(?<![\p{L}\p{N}*])\*(?=[^\s*])([^*\n]{1,2000}?)\*(?![\p{L}\p{N}*])|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]{1,2000}?)_(?![\p{L}\p{N}_])/gu

interface Token {
  index: number
  length: number
  /** For emphasis: the span indices of its content. */
  inner?: [number, number]
  /** A later member of a marker citing several notes (its place in it): printed after a comma (`¹,²`). */
  slot?: number
  node: (children: PhrasingContent[]) => PhrasingContent
}

/**
 * Build phrasing nodes for a span, with the given link tokens and linked
 * markers; `*emphasis*`, `_emphasis_` and `**strong**` wrap them when they
 * do not cut through one.
 */
export function toPhrasing(span: Span, links: LinkToken[], markers: Candidate[], place: PositionOf, replaced: Replacement[] = []): PhrasingContent[] {
  const atoms: Token[] = []
  // Counted loops and `slice`, not `for…of` and a spread: an iterator result per item while the code is cold (every paragraph).
  for (let index = 0; index < replaced.length; index++) {
    const item = replaced[index]
    atoms.push({index: item.index, length: item.length, node: () => ({type: 'text', value: item.text, position: at(item.index, item.index + item.length)})})
  }
  for (let index = 0; index < markers.length; index++) {
    const marker = markers[index]
    atoms.push({index: marker.index, length: marker.length, slot: marker.slot, node: () => reference(marker)})
  }
  for (let index = 0; index < links.length; index++) {
    const link = links[index]
    atoms.push({index: link.index, length: link.length, node: () => linkNode(link)})
  }
  atoms.sort((a, b) => a.index - b.index || (a.slot ?? 0) - (b.slot ?? 0))

  const tokens: Token[] = atoms.slice()
  let atom = 0
  // Every emphasis holds `*` or `_`: a text with neither is not searched (nor the pattern compiled for it).
  const emphasized = span.value.includes('*') || span.value.includes('_') ? span.value.matchAll(emphasisPattern) : []
  for (const match of emphasized) {
    const start = match.index
    const end = start + match[0].length
    const marker = match[1] === undefined ? 1 : 2
    while (atom < atoms.length && atoms[atom].index + atoms[atom].length <= start) atom++
    // Skip emphasis that would cut a link or marker in two.
    let cuts = false
    for (let index = atom; index < atoms.length && atoms[index].index < end; index++) {
      const item = atoms[index]
      if (item.index < start + marker || item.index + item.length > end - marker) cuts = true
    }
    if (cuts) continue
    const strong = marker === 2
    tokens.push({
      index: start,
      length: end - start,
      inner: [start + marker, end - marker],
      node: (children) =>
        strong
          ? {type: 'strong', children, position: at(start, end)}
          : {type: 'emphasis', children, position: at(start, end)}
    })
  }
  // Outer tokens first when two start together.
  tokens.sort((a, b) => a.index - b.index || (a.slot !== undefined && b.slot !== undefined ? a.slot - b.slot : b.length - a.length))

  let next = 0
  return build(0, span.value.length)

  /** Nodes for `[from, to)`, taking tokens in order from `next`. */
  function build(from: number, to: number): PhrasingContent[] {
    const nodes: PhrasingContent[] = []
    let cursor = from
    while (next < tokens.length && tokens[next].index < to) {
      const token = tokens[next++]
      if (token.index < cursor) continue
      if (token.index > cursor) nodes.push(text(cursor, token.index))
      // The separator of a several-note marker (`,`, `–`) is inside the member: print a comma between notes.
      if ((token.slot ?? 0) > 0 && nodes.at(-1)?.type === 'footnoteReference') nodes.push({type: 'text', value: ',', position: at(token.index, token.index + token.length)})
      const children = token.inner ? build(token.inner[0], token.inner[1]) : []
      nodes.push(token.node(children))
      cursor = token.index + token.length
    }
    if (cursor < to) nodes.push(text(cursor, to))
    return nodes
  }

  function at(from: number, to: number): Position {
    // Read by index: destructuring iterates the pair (an iterator and two results per node, cold).
    const range = spanRange(span, from, to)
    return place(range[0], range[1])
  }

  function text(from: number, to: number): Text {
    return {type: 'text', value: span.value.slice(from, to), position: at(from, to)}
  }

  function reference(marker: Candidate): FootnoteReference {
    const label = String(marker.number)
    return {type: 'footnoteReference', identifier: label, label, position: at(marker.index, marker.index + marker.length)}
  }

  function linkNode(link: LinkToken): Link | Image {
    const position = at(link.index, link.index + link.length)
    const label = span.value.slice(link.label[0], link.label[1])
    const title = link.title ?? null
    if (link.kind === 'image') return {type: 'image', url: link.url, title, alt: label, position}
    const children: PhrasingContent[] = label ? [text(link.label[0], link.label[1])] : []
    return {type: 'link', url: link.url, title, children: children as Link['children'], position}
  }
}
