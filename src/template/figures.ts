/**
 * Figures, tables and reference lists in the body, as a publication sets
 * them: numbered captions above, a source line below, a refused or missing
 * image printed as its caption (`Figure: <alt> (not included)`, shown by the
 * CSS only when the image did not load), reference lists ragged-right.
 */
import type {Element, ElementContent, Root, RootContent} from 'hast'
import {h} from 'hastscript'
import {toText} from 'hast-util-to-text'
import {mayRenderUrlStart} from './quick-text.js'

/** Labels the template prints (English; the figure and table words of the brief's language when known). */
export interface FigureLabels {
  figure: string
  table: string
  notIncluded: string
}

export const englishFigureLabels: FigureLabels = {figure: 'Figure', table: 'Table', notIncluded: 'not included'}

/** A paragraph that is a source or note line under a figure or table. */
const sourceLine = /^\s*(?:sources?|notes?|data)\s*:/i

/** A paragraph that is a figure's or table's own title (`Table 2: …`, `Figure 1. …`). */
const titleLine = /^\s*(?:table|exhibit|figure|fig\.|chart|map)\s*\d+[a-z]?\s*[.:–—-]?\s*/i

/** Headings of reference lists (words every site uses). */
const referencesHeading = /^\s*(?:references|bibliography|works cited|sources|further reading|literature|selected bibliography)\s*:?\s*$/i

/** A URL long enough to stretch a justified line. */
const longUrl = /\b(?:https?:\/\/|www\.)\S{30,}/i

/** Number figures and tables, attach source lines, mark reference lists. */
export function setFiguresAndTables(body: Root, labels: FigureLabels = englishFigureLabels): void {
  const counters = {figure: 0, table: 0}
  body.children = transformChildren(body.children, counters, labels) as Root['children']
  markReferences(body)
}

function transformChildren(children: RootContent[], counters: {figure: number; table: number}, labels: FigureLabels): RootContent[] {
  // A new list only from the first figure or table on (the children before it as they are): most elements have
  // neither and keep their own list, not a copy made child by child (an array for each element of the body).
  let result: RootContent[] | undefined
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type !== 'element') {
      result?.push(child)
      continue
    }
    // The element after this one is looked for only by a figure or a table (its source line): most elements are neither.
    const image = child.tagName === 'p' ? loneImage(child) : undefined
    if (image) {
      result ??= children.slice(0, index)
      const figure = imageFigure(image, ++counters.figure, labels)
      const next = nextElement(children, index)
      if (next && isSourceLine(next.node)) {
        figure.children.push(sourceParagraph(next.node))
        index = next.index
      }
      result.push(figure)
    } else if (child.tagName === 'figure') {
      result ??= children.slice(0, index)
      numberFigure(child, ++counters.figure, labels)
      const next = nextElement(children, index)
      if (next && isSourceLine(next.node)) {
        child.children.push(sourceParagraph(next.node))
        index = next.index
      }
      result.push(child)
    } else if (child.tagName === 'table') {
      result ??= children.slice(0, index)
      const number = ++counters.table
      // A title paragraph just before the table becomes its caption.
      const previous = result.length > 0 ? lastElement(result) : undefined
      let title: ElementContent[] = []
      if (previous && previous.node.tagName === 'p' && titleLine.test(toText(previous.node)) && toText(previous.node).length < 300) {
        title = stripTitlePrefix(previous.node.children)
        result.splice(previous.index, 1)
      }
      child.children.unshift(h('caption', captionContent(labels.table, number, title)))
      const wrapper = h('div.brief-table', [child])
      const next = nextElement(children, index)
      if (next && isSourceLine(next.node)) {
        wrapper.children.push(sourceParagraph(next.node))
        index = next.index
      }
      result.push(wrapper)
    } else {
      if (child.tagName !== 'pre' && child.tagName !== 'code') {
        child.children = transformChildren(child.children as RootContent[], counters, labels) as ElementContent[]
        wrapInlineImages(child, labels)
      }
      result?.push(child)
    }
  }
  return result ?? children
}

function nextElement(children: RootContent[], index: number): {node: Element; index: number} | undefined {
  for (let at = index + 1; at < children.length; at++) {
    const child = children[at]!
    if (child.type === 'element') return {node: child, index: at}
    if (child.type === 'text' && child.value.trim() !== '') return undefined
  }
  return undefined
}

function lastElement(nodes: RootContent[]): {node: Element; index: number} | undefined {
  for (let at = nodes.length - 1; at >= 0; at--) {
    const node = nodes[at]!
    if (node.type === 'element') return {node, index: at}
    if (node.type === 'text' && node.value.trim() !== '') return undefined
  }
  return undefined
}

/** The image of a paragraph holding only an image (or a link around one). */
function loneImage(paragraph: Element): Element | undefined {
  const only = onlyContent(paragraph)
  if (!only) return undefined
  if (only.tagName === 'img') return only
  if (only.tagName === 'a') {
    const inner = onlyContent(only)
    if (inner && inner.tagName === 'img') return inner
  }
  return undefined
}

/**
 * The one child of `node` that is not blank text, if it is an element
 * (`undefined`: none, two or more, or a text). Counted, not filtered into a
 * new list: every paragraph of the body is asked.
 */
function onlyContent(node: Element): Element | undefined {
  let only: ElementContent | undefined
  const children = node.children
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type === 'text' && child.value.trim() === '') continue
    if (only) return undefined
    only = child
  }
  return only?.type === 'element' ? only : undefined
}

function imageFigure(image: Element, number: number, labels: FigureLabels): Element {
  const alt = String(image.properties.alt ?? '').trim()
  const title = String(image.properties.title ?? '').trim()
  const caption = title || alt
  const children: ElementContent[] = [image]
  if (caption) children.push(h('figcaption', captionContent(labels.figure, number, stripTitlePrefix([{type: 'text', value: caption}]))))
  children.push(missingNote(alt || title, labels, 'p'))
  return h('figure.brief-figure', children)
}

/** A `<figure>` written in the article's HTML: number its caption, add the missing-image line. */
function numberFigure(figure: Element, number: number, labels: FigureLabels): void {
  const caption = figure.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption')
  if (caption) caption.children = captionContent(labels.figure, number, stripTitlePrefix(caption.children))
  const image = figure.children.find((child): child is Element => child.type === 'element' && child.tagName === 'img')
  if (image) figure.children.push(missingNote(String(image.properties.alt ?? '').trim() || (caption ? toText(caption) : ''), labels, 'p'))
}

/** `Figure 3.` in the label colour, then the caption text. */
function captionContent(label: string, number: number, title: ElementContent[]): ElementContent[] {
  const hasTitle = title.some((node) => node.type !== 'text' || node.value.trim() !== '')
  return [h('span.brief-label', `${label} ${number}${hasTitle ? '.' : ''}`), ...(hasTitle ? [{type: 'text' as const, value: ' '}, ...title] : [])]
}

/** A caption without its own `Table 2:` prefix (the template numbers it). */
function stripTitlePrefix(children: ElementContent[]): ElementContent[] {
  const copy = structuredClone(children)
  const first = copy[0]
  if (first?.type === 'text') first.value = first.value.replace(titleLine, '')
  return copy
}

function isSourceLine(node: Element): boolean {
  return node.tagName === 'p' && sourceLine.test(toText(node)) && toText(node).length < 600
}

function sourceParagraph(paragraph: Element): Element {
  return {...paragraph, properties: {...paragraph.properties, className: ['brief-source']}}
}

/** The line a refused or missing image prints instead (hidden by the CSS while the image loads). */
function missingNote(alt: string, labels: FigureLabels, tagName: 'p' | 'span'): Element {
  const text = `${labels.figure}: ${alt || labels.figure} (${labels.notIncluded})`
  return h(`${tagName}.brief-missing`, {ariaHidden: 'true'}, text)
}

/** An image inside running text: a span holding the image and its missing-image line. */
function wrapInlineImages(node: Element, labels: FigureLabels): void {
  // A new list only for an element with such an image (every element of the body is asked; few hold one).
  if (!hasInlineImage(node.children)) return
  node.children = node.children.map((child) =>
    isInlineImage(child) ? h('span.brief-image', [child, missingNote(String(child.properties.alt ?? '').trim(), labels, 'span')]) : child
  )
}

/** Whether a child is an inline image: a counted loop (`some` made a call per child of every element, cold). */
function hasInlineImage(children: readonly ElementContent[]): boolean {
  for (let index = 0; index < children.length; index++) if (isInlineImage(children[index]!)) return true
  return false
}

function isInlineImage(child: ElementContent): child is Element {
  return child.type === 'element' && child.tagName === 'img' && child.properties.dataBriefAsset === undefined
}

/**
 * Reference lists are set ragged-right with a hanging indent: the items
 * after a References / Bibliography heading, and any paragraph carrying a
 * long URL (justified, its line would stretch into gaps).
 */
function markReferences(body: Root): void {
  let level = 0
  const children = body.children
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type !== 'element') continue
    const heading = /^h([1-6])$/.exec(child.tagName)
    if (heading) {
      const depth = Number(heading[1])
      if (referencesHeading.test(toText(child))) level = depth
      else if (level > 0 && depth <= level) level = 0
      continue
    }
    if (level > 0) {
      if (child.tagName === 'p') addClass(child, 'brief-reference')
      else if (child.tagName === 'ol' || child.tagName === 'ul') addClass(child, 'brief-references')
    } else if (child.tagName === 'p' && mayRenderUrlStart(child) && isUrlHeavy(toText(child))) addClass(child, 'brief-ragged')
  }
}

/** A paragraph that is mostly a long URL (a citation line): a long prose paragraph with one link stays justified. */
function isUrlHeavy(text: string): boolean {
  if (!longUrl.test(text)) return false
  const urlLength = [...text.matchAll(/\b(?:https?:\/\/|www\.)\S+/gi)].reduce((sum, match) => sum + match[0].length, 0)
  return text.length < 400 || urlLength >= text.length * 0.2
}

function addClass(node: Element, name: string): void {
  const current = node.properties.className
  node.properties.className = [...(Array.isArray(current) ? current.map(String) : []), name]
}
