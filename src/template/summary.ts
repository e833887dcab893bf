/**
 * The summary and key points as printed. Both are Markdown: front matter
 * writes them so, and the recognizer takes them from the article's own
 * Markdown (paragraphs joined by a blank line, `*emphasis*`, links, an image
 * between paragraphs). Printing that as one paragraph of text showed the
 * syntax (`*Evaluating the Big Picture*`, `![…](https://…)`) in the box.
 *
 * Rendered here: paragraphs, emphasis, strong, inline code, line breaks,
 * lists, and links to `http`, `https` and `mailto` (what the article's own
 * links may be). Anything else prints as its text: headings and quotes as
 * paragraphs, raw HTML as the characters it is, and an image as its caption
 * (`Figure: <alt> (not included)`, as a refused image in the body), since a
 * summary box holds text and a remote image is never fetched. Nothing is lost.
 */
import type {Element, ElementContent, Root as HastRoot} from 'hast'
import {sanitize, type Schema} from 'hast-util-sanitize'
import type {Nodes as MdastNodes, Parents as MdastParents} from 'mdast'
import {fromMarkdown} from 'mdast-util-from-markdown'
import {toHast} from 'mdast-util-to-hast'
import {englishFigureLabels, type FigureLabels} from './figures.js'

/** What a summary may hold once rendered. */
const summarySchema: Schema = {
  tagNames: ['p', 'em', 'strong', 'code', 'br', 'ul', 'ol', 'li', 'a'],
  attributes: {a: ['href'], ol: ['start']},
  protocols: {href: ['http', 'https', 'mailto']},
  strip: []
}

/** Block nodes that print as a paragraph of their text (a heading, a quote, a table, code). */
const asParagraph = new Set(['heading', 'blockquote', 'table', 'code', 'thematicBreak', 'definition', 'footnoteDefinition'])

/** A summary (Markdown) as blocks: paragraphs and lists. */
export function summaryBlocks(markdown: string, labels: FigureLabels = englishFigureLabels): ElementContent[] {
  return plainParagraphs(markdown) ?? parsedSummaryBlocks(markdown, labels)
}

/**
 * Characters that may start Markdown syntax anywhere in a line (escapes,
 * code, emphasis, links and images, HTML and autolinks, character
 * references), tabs and control characters (line endings too: tested per line).
 */
const inlineSyntax = /[\\`*_[\]<&\u0000-\u001F\u007F]/

/** A first character that may start a block other than a paragraph, or interrupt one (indented code, heading, quote, list, break, setext underline, fence, table). */
const blockStart = /^[\s#>+\-*=~`|\d]/

/** A line that is text and nothing else to the Markdown parser. */
function isPlainLine(line: string): boolean {
  return !inlineSyntax.test(line) && !blockStart.test(line) && !/\s$/.test(line)
}

/**
 * Paragraphs of plain lines separated by blank lines (most summaries): what
 * `fromMarkdown` makes of them is one paragraph per group of lines, holding
 * the lines as written, so they are made here without the parser (on scraped
 * text the summary was the only Markdown parsed, 2% of the corpus pass;
 * test/template-summary-plain.test.ts compares both ways). `undefined` when a
 * line is not plain (or the text starts or ends with a blank line).
 */
function plainParagraphs(markdown: string): Element[] | undefined {
  const lines = markdown.split('\n')
  if (lines[0] === '' || lines.at(-1) === '') return undefined
  for (const line of lines) if (line !== '' && !isPlainLine(line)) return undefined
  const paragraphs: Element[] = []
  let offset = 0
  let start: {line: number; column: number; offset: number} | undefined
  for (const [index, line] of lines.entries()) {
    if (line !== '') start ??= {line: index + 1, column: 1, offset}
    offset += line.length
    const last = index === lines.length - 1 || lines[index + 1] === ''
    if (start && line !== '' && last) {
      const end = {line: index + 1, column: line.length + 1, offset}
      const value = markdown.slice(start.offset, offset)
      paragraphs.push({type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value, position: {start: {...start}, end: {...end}}}], position: {start, end}})
      start = undefined
    }
    offset += 1
  }
  return paragraphs
}

/** A summary through the Markdown parser, the rendering and the sanitiser. */
export function parsedSummaryBlocks(markdown: string, labels: FigureLabels = englishFigureLabels): ElementContent[] {
  const tree = fromMarkdown(markdown)
  plainBlocks(tree, labels)
  const hast = sanitize(toHast(tree) as HastRoot, summarySchema) as HastRoot
  unwrapDeadLinks(hast)
  return hast.children.filter((child): child is Element => child.type === 'element')
}

/** A link whose target the schema refused (`javascript:`, a relative path) prints as its text. */
function unwrapDeadLinks(node: HastRoot | Element): void {
  const children: Array<HastRoot['children'][number]> = []
  for (const child of node.children) {
    if (child.type === 'element') unwrapDeadLinks(child)
    if (child.type === 'element' && child.tagName === 'a' && typeof child.properties.href !== 'string') children.push(...child.children)
    else children.push(child)
  }
  node.children = children as typeof node.children
}

/** One key point (Markdown) as phrasing content for its `li`: the paragraphs' content, joined by a line break. */
export function keyPointContent(markdown: string, labels: FigureLabels = englishFigureLabels): ElementContent[] {
  const blocks = summaryBlocks(markdown, labels)
  if (!blocks.every((block) => block.type === 'element' && block.tagName === 'p')) return blocks
  return blocks.flatMap((block, index) => [...(index > 0 ? [{type: 'element', tagName: 'br', properties: {}, children: []} satisfies Element] : []), ...(block as Element).children])
}

/** Rewrite what the summary does not render as text (images as their caption, raw HTML as its characters, other blocks as paragraphs). */
function plainBlocks(node: MdastParents, labels: FigureLabels): void {
  node.children = node.children.map((child): MdastNodes => {
    if (child.type === 'image' || child.type === 'imageReference') {
      const alt = child.alt?.trim()
      return {type: 'text', value: `${labels.figure}: ${alt || labels.figure} (${labels.notIncluded})`}
    }
    if (child.type === 'html') return {type: 'text', value: child.value}
    if (asParagraph.has(child.type)) return {type: 'paragraph', children: [{type: 'text', value: textOf(child)}]}
    if ('children' in child) plainBlocks(child, labels)
    return child
  }) as typeof node.children
}

/** The text of a node, its blocks separated by a space. */
function textOf(node: MdastNodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  if (node.type === 'image' || node.type === 'imageReference') return node.alt ?? ''
  if ('children' in node) return (node.children as MdastNodes[]).map(textOf).join(node.type === 'paragraph' ? '' : ' ').trim()
  return ''
}

