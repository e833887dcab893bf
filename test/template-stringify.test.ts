/**
 * `briefHtml` (the brief processor's compiler) against `hast-util-to-html`
 * with its default settings, which it must equal byte for byte: hand-made
 * trees with every kind of node and attribute, parsed HTML, generated trees,
 * and whole briefs through the processor against the same processor with
 * `rehype-stringify`.
 */
import type {Element, ElementContent, Nodes, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import rehypeStringify from 'rehype-stringify'
import {describe, expect, test} from 'vitest'
import {VFile} from 'vfile'
import {createBriefProcessor} from '../src/build/processor.js'
import {defaultTemplate} from '../src/template/defaults.js'
import {briefHtml} from '../src/template/stringify.js'

function generator(seed: number): () => number {
  let state = seed
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
}

const element = (tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element => ({type: 'element', tagName, properties, children})

describe('briefHtml', () => {
  test('hand-made trees: escaping, script and style text, attributes of every kind, void elements, svg, template, comments, raw', () => {
    const trees: Nodes[] = [
      {type: 'root', children: []},
      {type: 'text', value: 'a < b && c > d "quoted" \u00AD soft'},
      {type: 'root', children: [{type: 'doctype'}, {type: 'comment', value: ' a -- comment '}, {type: 'raw', value: '<b>raw & escaped</b>'}]},
      element('style', {}, [{type: 'text', value: 'a > b { content: "<&>" }'}]),
      element('script', {type: 'module'}, [{type: 'text', value: 'if (a < b && c) {}'}, {type: 'raw', value: '</x>&'}]),
      element('p', {className: ['a', 'b'], id: 'x"y', hidden: true, spellCheck: false, tabIndex: 0, width: Number.NaN, title: '', dataFootnoteRef: true, ariaDescribedBy: ['footnote-label'], style: 'color: red', accept: ['a', 'b'], download: '', none: null, missing: undefined} as unknown as Element['properties'], [
        {type: 'text', value: 'x & y'}
      ]),
      element('div', {}, [element('br', {}), element('img', {src: 'a.png', alt: 'An <image> & "more"'}), element('hr', {className: ['rule']})]),
      // A void element with content prints a closing tag; with empty text only it does not.
      element('br', {}, [{type: 'text', value: 'x'}]),
      element('br', {}, [{type: 'text', value: ''}]),
      element('P', {}, [{type: 'text', value: 'upper case'}]),
      // No properties, properties that all print nothing, void elements in either case.
      element('p', {}, [element('img', {}), element('IMG', {}), element('Br', {}), element('wbr', {}, [{type: 'text', value: 'x'}])]),
      element('p', {none: null, off: false, hidden: false}, [element('img', {alt: null} as unknown as Element['properties']), element('em', {className: []})]),
      element('div', {}, [
        element('svg', {viewBox: '0 0 10 10'}, [element('path', {d: 'M0 0'}), element('foreignObject', {}, [element('p', {}, [{type: 'text', value: '<'}])])])
      ]),
      {...element('template', {}), content: {type: 'root', children: [element('p', {}, [{type: 'text', value: 'inside & out'}])]}} as Element,
      {type: 'root', children: [{type: 'root', children: [{type: 'text', value: 'nested root'}]}]} as unknown as Root,
      {type: 'element', tagName: 'p', properties: {}} as unknown as Element
    ]
    for (const tree of trees) expect(briefHtml(tree)).toBe(toHtml(tree))
  })

  test('unknown nodes throw as toHtml does', () => {
    const tree = {type: 'root', children: [{type: 'mystery'}]} as unknown as Root
    expect(() => toHtml(tree)).toThrow(/unknown node/)
    expect(() => briefHtml(tree)).toThrow(/unknown node/)
  })

  test('parsed HTML: the default template and a page of mixed content', () => {
    const pages = [
      defaultTemplate,
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A &amp; B</title><style>p > a { x: "<" }</style></head><body><main><p class="a b" hidden data-x="1" tabindex="0">x<!--c--><br>y &lt; z<sup><a href="#n1" id="r1">1</a></sup></p><svg viewBox="0 0 1 1"><path d="M0"/><title>t</title></svg><ol><li><p>note &amp; more</p></li></ol><input type="checkbox" checked disabled><select><option selected value="">v</option></select><table><tr><td colspan="2">c</td></tr></table></main></body></html>'
    ]
    for (const page of pages) {
      const tree = fromHtml(page)
      expect(briefHtml(tree)).toBe(toHtml(tree))
    }
  })

  test('2,000 generated trees', () => {
    const random = generator(11)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
    const tags = ['p', 'span', 'a', 'em', 'br', 'img', 'hr', 'style', 'script', 'div', 'sup', 'li', 'svg', 'circle', 'meta', 'textarea', 'pre']
    const texts = ['plain', 'a < b', 'x & y', '"q"', '', '\u00AD', 'naïve — “quote”', '</style>', '&amp;']
    const values: unknown[] = ['v', '', true, false, 0, 2, null, ['a', 'b'], 'a"b', "a'b", 'a & b']
    const names = ['className', 'id', 'href', 'hidden', 'title', 'dataX', 'ariaLabel', 'width', 'checked', 'download', 'accept']
    function node(depth: number): ElementContent {
      const roll = random()
      if (depth > 4 || roll < 0.35) return {type: 'text', value: pick(texts)}
      if (roll < 0.4) return {type: 'comment', value: pick(texts)}
      const properties: Record<string, unknown> = {}
      for (let count = Math.floor(random() * 3); count > 0; count--) properties[pick(names)] = pick(values)
      const children: ElementContent[] = []
      for (let count = Math.floor(random() * 4); count > 0; count--) children.push(node(depth + 1))
      return element(pick(tags), properties as Element['properties'], children)
    }
    for (let index = 0; index < 2000; index++) {
      const tree: Root = {type: 'root', children: [node(0), node(0)]}
      expect(briefHtml(tree)).toBe(toHtml(tree))
    }
  })

  test('whole briefs: the processor prints what it printed with rehype-stringify', async () => {
    const inputs: Array<{format: 'text' | 'markdown'; value: string}> = [
      {
        format: 'markdown',
        value:
          '---\ntitle: A & B <test>\nauthors:\n  - name: Ana Ruiz\n---\n\n## Section\n\nA paragraph with a note[^1], *emphasis*, `code < x`, a [link](https://example.org/?a=1&b=2) and <span class="x">raw html</span>.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n[^1]: The note, with a long word: internationalization.\n'
      },
      {format: 'text', value: 'A Title for the Brief\n\nBy Ana Ruiz\n\nThe first paragraph says something about internationalization & cooperation.1\n\nNotes\n\n1. Author, "Title," 2025.\n'}
    ]
    for (const {format, value} of inputs) {
      const ours = createBriefProcessor({format})
      // The same processor with the library's compiler in place of ours.
      const library = createBriefProcessor({format})().use(rehypeStringify)
      expect(String(await ours.process(new VFile({path: 'brief.md', value})))).toBe(String(await library.process(new VFile({path: 'brief.md', value}))))
    }
  })
})
