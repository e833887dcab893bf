/**
 * Session 16's template walks (tpl13): the tree walks of the cold pass read
 * their children by index, not with `for…of` (an iterator and a result
 * object for each child while the code is cold). Each walk runs here on a
 * tree whose children lists refuse to be iterated, and must give what it
 * gives on the same tree with plain lists.
 */
import type {Element, ElementContent, Root, RootContent, Text} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, test} from 'vitest'
import {contentsList, sectionHeadings} from '../src/template/contents.js'
import {setFiguresAndTables} from '../src/template/figures.js'
import {createSmartPunctuation} from '../src/template/punctuation.js'
import {mayRenderUrlStart} from '../src/template/quick-text.js'
import {dropUnsafeDataUrls} from '../src/template/sanitize.js'
import {scriptFaces, scriptFontCss} from '../src/template/scripts.js'
import {briefHtml} from '../src/template/stringify.js'
import {cleanTreeText, createTextHyphenators, hyphenateTree, joinNoteCalls, keepLastWordWhole, lastWord} from '../src/template/typography.js'
import {generatedTexts, seededRandom} from './fixtures/generated-texts.js'
import {noIterator} from './fixtures/refuse-iteration.js'

/** The tree with every children list (and `extra` lists) made to throw when iterated: `for…of` over one fails. */
function refuseIteration<T extends Root | Element>(tree: T): T {
  const visit = (node: Root | Element): void => {
    noIterator(node.children)
    for (let index = 0; index < node.children.length; index++) {
      const child = node.children[index]!
      if (child.type === 'element') visit(child)
    }
  }
  visit(tree)
  return tree
}

const words = ['inter', 'national', 'cooperation', 'organisation', 'peace', ' ', ' ', ' ', '. ', ', ', '“', '”', "'", '"', ' -- ', ' - ', '...', ' . . . ', 'é', 'www.example.org', 'J. R. ', '5 km', '\u0003', 'ﬁ', 'c\u20DD']

/** Generated body trees: paragraphs, emphasis, links, note calls, code, lists, a references heading, images. */
function generatedBodies(seed: number, count: number): Root[] {
  const next = seededRandom(seed)
  const texts = generatedTexts(seed, words, count * 12, 14, 1)
  let used = 0
  const text = (): Text => ({type: 'text', value: texts[used++ % texts.length]!})
  const inline = (): ElementContent => {
    const pick = next()
    if (pick < 0.5) return text()
    if (pick < 0.62) return {type: 'element', tagName: 'em', properties: {}, children: [text(), text()]}
    if (pick < 0.72) return {type: 'element', tagName: 'a', properties: {href: 'https://example.org/a'}, children: [text()]}
    if (pick < 0.8) return {type: 'element', tagName: 'code', properties: {}, children: [text()]}
    if (pick < 0.9) {
      const call: Element = {type: 'element', tagName: 'a', properties: {href: '#fn-1', dataFootnoteRef: true}, children: [{type: 'text', value: '1'}]}
      return {type: 'element', tagName: 'sup', properties: {}, children: [call]}
    }
    if (pick < 0.95) return {type: 'element', tagName: 'img', properties: {src: next() < 0.5 ? 'data:image/svg+xml;base64,AAAA' : 'https://example.org/i.png', alt: 'A chart'}, children: []}
    return {type: 'element', tagName: 'span', properties: {className: ['brief-call']}, children: [text()]}
  }
  const bodies: Root[] = []
  for (let round = 0; round < count; round++) {
    const children: RootContent[] = []
    const blocks = 1 + Math.floor(next() * 6)
    for (let block = 0; block < blocks; block++) {
      const pick = next()
      const content: ElementContent[] = []
      for (let index = Math.floor(next() * 5); index >= 0; index--) content.push(inline())
      if (pick < 0.6) children.push({type: 'element', tagName: 'p', properties: next() < 0.1 ? {className: ['brief-ragged']} : {}, children: content})
      else if (pick < 0.7) children.push({type: 'element', tagName: 'h2', properties: {}, children: [{type: 'text', value: next() < 0.5 ? 'References' : 'Findings'}]})
      else if (pick < 0.85) children.push({type: 'element', tagName: 'ul', properties: {}, children: [{type: 'element', tagName: 'li', properties: {}, children: content}]})
      else if (pick < 0.92) children.push({type: 'element', tagName: 'pre', properties: {}, children: [{type: 'element', tagName: 'code', properties: {}, children: [text()]}]})
      else children.push({type: 'text', value: '\n'})
    }
    bodies.push({type: 'root', children})
  }
  return bodies
}

/** `run` on a copy of each generated body with plain lists and on one that refuses iteration: the same tree after, and the same answer. */
function sameWithoutIteration(run: (tree: Root) => unknown, count = 400): void {
  for (const body of generatedBodies(16, count)) {
    const plain = structuredClone(body)
    const refusing = refuseIteration(structuredClone(body))
    const answer = run(plain)
    expect(run(refusing)).toEqual(answer)
    expect(toHtml(refusing)).toBe(toHtml(plain))
  }
}

/** `keepLastWordWhole` as it was: every text of the block gathered, the last one with a letter or digit rewritten. */
function gatheredKeepLastWordWhole(block: Element): void {
  const texts: Text[] = []
  const gather = (node: Element): void => {
    for (const child of node.children) {
      if (child.type === 'text') texts.push(child)
      else if (child.type === 'element') gather(child)
    }
  }
  gather(block)
  for (let index = texts.length - 1; index >= 0; index--) {
    const text = texts[index]!
    if (!/[\p{L}\p{N}]/u.test(text.value)) continue
    const word = text.value.includes('\u00AD') ? lastWord(text.value) : undefined
    if (word && text.value.lastIndexOf('\u00AD', word.end - 1) >= word.start) {
      text.value = text.value.slice(0, word.start) + text.value.slice(word.start, word.end).replaceAll('\u00AD', '') + text.value.slice(word.end)
    }
    return
  }
}

describe('keepLastWordWhole: the last text found from the end', () => {
  test('generated blocks: the same as gathering every text first', () => {
    const parts = ['inter', '\u00AD', 'na', 'tion', ' ', '.', ',', '1', 'é', '中', '-', '\u00A0', '']
    const texts = generatedTexts(1616, parts, 30_000, 8)
    const next = seededRandom(1616)
    let used = 0
    for (let round = 0; round < 4_000; round++) {
      const content = (depth: number): ElementContent[] => {
        const children: ElementContent[] = []
        for (let index = Math.floor(next() * 4); index >= 0; index--) {
          if (depth < 3 && next() < 0.3) children.push({type: 'element', tagName: next() < 0.5 ? 'em' : 'a', properties: {}, children: content(depth + 1)})
          else children.push({type: 'text', value: texts[used++ % texts.length]!})
        }
        return children
      }
      const block: Element = {type: 'element', tagName: 'p', properties: {}, children: content(0)}
      const expected = structuredClone(block)
      gatheredKeepLastWordWhole(expected)
      keepLastWordWhole(block)
      expect(block).toEqual(expected)
    }
  })

  test('an element before the last word is not read', () => {
    let reads = 0
    const first: Element = {type: 'element', tagName: 'em', properties: {}, children: []}
    const inner: ElementContent[] = [{type: 'text', value: 'Opening words'}]
    Object.defineProperty(first, 'children', {enumerable: true, get: () => (reads++, inner)})
    const last: Text = {type: 'text', value: ' and then inter\u00ADnational.'}
    const block: Element = {type: 'element', tagName: 'p', properties: {}, children: [first, {type: 'text', value: ' middle '}, last]}
    keepLastWordWhole(block)
    expect(last.value).toBe(' and then international.')
    expect(reads).toBe(0)
  })
})

describe('setFiguresAndTables: a new children list only where a figure or a table is', () => {
  test('an element without either keeps its own list; one with a table gets a new one', () => {
    const paragraph: Element = {type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value: 'Text.'}]}
    const section: Element = {type: 'element', tagName: 'section', properties: {}, children: [paragraph, {type: 'text', value: '\n'}]}
    const table: Element = {type: 'element', tagName: 'table', properties: {}, children: []}
    const withTable: Element = {type: 'element', tagName: 'div', properties: {}, children: [{type: 'text', value: '\n'}, table]}
    const body: Root = {type: 'root', children: [section, withTable]}
    const sectionChildren = section.children
    const tableParentChildren = withTable.children
    const bodyChildren = body.children
    setFiguresAndTables(body)
    expect(section.children).toBe(sectionChildren)
    expect(body.children).toBe(bodyChildren)
    expect(withTable.children).not.toBe(tableParentChildren)
    expect(toHtml(body)).toBe('<section><p>Text.</p>\n</section><div>\n<div class="brief-table"><table><caption><span class="brief-label">Table 1</span></caption></table></div></div>')
  })
})

describe('contents: section headings into one list', () => {
  /** `sectionHeadings` as it was: `flatMap` at every level. */
  const flatMapped = (node: Root | Element): Element[] =>
    node.children.flatMap((child) => (child.type !== 'element' ? [] : child.tagName === 'h2' ? [child] : flatMapped(child)))

  test('generated bodies: the same headings, in order, without flatMap or for…of', () => {
    for (const body of generatedBodies(1617, 400)) {
      const section: Element = {type: 'element', tagName: 'section', properties: {}, children: [{type: 'element', tagName: 'h2', properties: {id: 'own'}, children: [{type: 'text', value: 'Inner'}]}, ...(body.children as ElementContent[])]}
      body.children.push(section, {type: 'element', tagName: 'h2', properties: {}, children: [{type: 'text', value: 'Last'}]})
      const expected = flatMapped(body)
      const refusing = refuseIteration(body)
      const noFlatMap = (node: Root | Element): void => {
        Object.defineProperty(node.children, 'flatMap', {configurable: true, value: () => {
          throw new Error('flatMap')
        }})
        for (let index = 0; index < node.children.length; index++) {
          const child = node.children[index]!
          if (child.type === 'element') noFlatMap(child)
        }
      }
      noFlatMap(refusing)
      const found = sectionHeadings(refusing)
      expect(found).toHaveLength(expected.length)
      for (let index = 0; index < found.length; index++) expect(found[index]).toBe(expected[index])
      const plain = structuredClone(body)
      expect(contentsList(refusing, true, 'en')).toEqual(contentsList(plain, true, 'en'))
    }
  })
})

describe('template walks without for…of', () => {
  test('hyphenateTree (and keepLastWordWhole, isRagged)', () => {
    const hyphenate = createTextHyphenators()('en')!
    sameWithoutIteration((tree) => hyphenateTree(tree, hyphenate))
    const block = refuseIteration<Element>({type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value: 'inter\u00ADnational'}]})
    keepLastWordWhole(block)
    expect((block.children[0] as Text).value).toBe('international')
  })

  test('joinNoteCalls', () => {
    sameWithoutIteration((tree) => joinNoteCalls(tree))
  })

  test('cleanTreeText', () => {
    sameWithoutIteration((tree) => cleanTreeText(tree))
  })

  test('the punctuation pass', () => {
    const punctuation = createSmartPunctuation()
    sameWithoutIteration((tree) => punctuation.tree(tree), 150)
  })

  test('setFiguresAndTables and mayRenderUrlStart', () => {
    sameWithoutIteration((tree) => setFiguresAndTables(tree))
    const paragraph: Element = {type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value: 'See www.'}, {type: 'element', tagName: 'em', properties: {}, children: [{type: 'text', value: 'example.org'}]}]}
    expect(mayRenderUrlStart(refuseIteration(paragraph))).toBe(true)
  })

  test('dropUnsafeDataUrls', () => {
    sameWithoutIteration((tree) => dropUnsafeDataUrls(tree))
  })

  test('briefHtml: the text of toHtml', () => {
    sameWithoutIteration((tree) => {
      const html = briefHtml(tree)
      expect(html).toBe(toHtml(tree))
      return html
    })
  })

  test('scriptFontCss of a list of texts', () => {
    const faces = scriptFaces()
    const texts = ['Plain text ', '中文', ' and हिन्दी', '', 'عربى']
    expect(scriptFontCss(noIterator([...texts]), faces)).toBe(scriptFontCss(texts.join(''), faces))
  })
})
