/**
 * A contents list for long briefs: one entry per section heading (`h2` of the
 * body), each a link to its heading with a place for the page number.
 *
 * The page numbers are filled after layout, never guessed here: with the
 * paged-media engine (`notes: page`) by CSS `target-counter()` (see
 * `templates/page-notes.css`); otherwise Chromium, which has no
 * `target-counter()`, prints once, the renderer reads back the page of each
 * heading from that PDF and prints again (`src/pdf/contents.ts`). The number
 * sits in a box of fixed width, so filling it in cannot move anything.
 */
import type {Element, ElementContent, Root} from 'hast'
import {readFileSync} from 'node:fs'
import GithubSlugger from 'github-slugger'
import {toText} from 'hast-util-to-text'

/** The stylesheet added to a brief with a contents list. */
export const contentsCss = readFileSync(new URL('../../templates/contents.css', import.meta.url), 'utf8')

/** Sections a brief needs before it gets a contents list, when neither the brief nor the configuration says. */
export const defaultContentsThreshold = 6

/** The placeholder a page number prints as until it is known (same width as the number). */
export const pagePlaceholder = '\u2007'

const labels: Record<string, string> = {
  en: 'Contents',
  de: 'Inhalt',
  es: 'Índice',
  fr: 'Sommaire',
  it: 'Indice',
  nl: 'Inhoud',
  pt: 'Índice'
}

/** Whether a brief with `sections` section headings gets a contents list under setting `contents`. */
export function wantsContents(contents: boolean | number | undefined, sections: number): boolean {
  if (sections === 0 || contents === false) return false
  if (contents === true) return true
  return sections >= (contents ?? defaultContentsThreshold)
}

/**
 * Build the contents list of `body`, giving each section heading an id when
 * it has none.
 *
 * @returns
 *   `nav.brief-contents`, or `undefined` when the brief does not get one.
 */
export function contentsList(body: Root, contents: boolean | number | undefined, lang: string): Element | undefined {
  const headings = sectionHeadings(body)
  if (!wantsContents(contents, headings.length)) return undefined

  const slugger = new GithubSlugger()
  const taken = new Set<string>()
  collectIds(body, taken)
  const entries = headings.map((heading): ElementContent => {
    const title = toText(withoutNoteCalls(heading)).replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim()
    if (typeof heading.properties.id !== 'string' || heading.properties.id === '') {
      let id = 'section-' + (slugger.slug(title) || 'untitled')
      while (taken.has(id)) id = 'section-' + slugger.slug(title || 'untitled')
      taken.add(id)
      heading.properties.id = id
    }
    const target = '#' + heading.properties.id
    return element('li', {}, [
      element('a', {className: ['brief-contents-link'], href: target}, [
        element('span', {className: ['brief-contents-title']}, [{type: 'text', value: title}]),
        element('span', {className: ['brief-contents-page'], dataBriefPageOf: target}, [{type: 'text', value: pagePlaceholder}])
      ])
    ])
  })

  const label = labels[lang.split('-')[0]!.toLowerCase()] ?? labels.en!
  return element('nav', {className: ['brief-contents'], ariaLabelledBy: ['brief-contents-label'], dataBriefContents: ''}, [
    // Not a heading: the contents list has no place in the PDF's bookmarks.
    element('p', {className: ['brief-contents-label'], id: 'brief-contents-label'}, [{type: 'text', value: label}]),
    element('ol', {}, entries)
  ])
}

/** The body's section headings (`h2`), in order, at any depth. */
export function sectionHeadings(node: Root | Element, found: Element[] = []): Element[] {
  // Counted, into one list: `flatMap` made a call and a list for each element of the body (every brief asks), cold.
  const children = node.children
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type !== 'element') continue
    if (child.tagName === 'h2') found.push(child)
    else sectionHeadings(child, found)
  }
  return found
}

/** A copy of `node` without its note calls: a heading's contents entry reads "Origins", not "Origins3". */
function withoutNoteCalls(node: Element): Element {
  return {
    ...node,
    children: node.children
      .filter((child) => !(child.type === 'element' && child.tagName === 'sup' && child.children.some((call) => call.type === 'element' && call.properties?.dataFootnoteRef !== undefined)))
      .map((child) => (child.type === 'element' ? withoutNoteCalls(child) : child))
  }
}

function collectIds(node: Root | Element, ids: Set<string>): void {
  const children = node.children
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type !== 'element') continue
    if (typeof child.properties.id === 'string') ids.add(child.properties.id)
    collectIds(child, ids)
  }
}

function element(tagName: string, properties: Element['properties'], children: ElementContent[]): Element {
  return {type: 'element', tagName, properties, children}
}
