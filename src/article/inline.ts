/**
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
  /** Span indices of the visible text (link text or alt). */
  label: [number, number]
}

const markdownLink = /(!?)\[([^[\]\n]{0,2000})\]\(<?([^()\s<>]{1,4000})>?(?:[ \t]+"[^"\n]{0,500}")?\)/g
const bareUrl = /\bhttps?:\/\/[^\s<>"“”‘’]+/g
const safeUrl = /^(?:https?:\/\/|mailto:)/i

/** Markdown links and images, and bare URLs, in `value`. */
export function findLinks(value: string): LinkToken[] {
  const tokens: LinkToken[] = []
  let match: RegExpExecArray | null

  markdownLink.lastIndex = 0
  while ((match = markdownLink.exec(value))) {
    const url = match[3]
    if (!safeUrl.test(url)) continue
    const labelStart = match.index + match[1].length + 1
    tokens.push({
      index: match.index,
      length: match[0].length,
      kind: match[1] ? 'image' : 'link',
      url,
      label: [labelStart, labelStart + match[2].length]
    })
  }

  bareUrl.lastIndex = 0
  while ((match = bareUrl.exec(value))) {
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
  let end = url.length
  while (end > 0) {
    const char = url.charAt(end - 1)
    if (/[.,;:!?*'"\]]/.test(char)) end--
    else if (char === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end--
    else break
  }
  return url.slice(0, end)
}

function count(value: string, char: string): number {
  let total = 0
  for (const each of value) if (each === char) total++
  return total
}

export type PositionOf = (start: number, end: number) => Position

/** Build phrasing nodes for a span, with the given link tokens and linked markers. */
export function toPhrasing(span: Span, links: LinkToken[], markers: Candidate[], place: PositionOf): PhrasingContent[] {
  const tokens: Array<{index: number; length: number; node: () => PhrasingContent}> = []
  for (const marker of markers) {
    tokens.push({index: marker.index, length: marker.length, node: () => reference(marker)})
  }
  for (const link of links) {
    tokens.push({index: link.index, length: link.length, node: () => linkNode(link)})
  }
  tokens.sort((a, b) => a.index - b.index)

  const nodes: PhrasingContent[] = []
  let cursor = 0
  for (const token of tokens) {
    if (token.index < cursor) continue
    if (token.index > cursor) nodes.push(text(cursor, token.index))
    nodes.push(token.node())
    cursor = token.index + token.length
  }
  if (cursor < span.value.length) nodes.push(text(cursor, span.value.length))
  return nodes

  function at(from: number, to: number): Position {
    const [start, end] = spanRange(span, from, to)
    return place(start, end)
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
    if (link.kind === 'image') return {type: 'image', url: link.url, alt: label, position}
    const children: PhrasingContent[] = label ? [text(link.label[0], link.label[1])] : []
    return {type: 'link', url: link.url, children: children as Link['children'], position}
  }
}
