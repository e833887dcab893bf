/**
 * The unified stage's speed shortcuts give what the slow, exact way gives:
 * the lean notes walker and unist-util-visit, the quick text test and
 * hast-util-to-text, the apostrophe shortcut and retext-smartypants.
 */
import fc from 'fast-check'
import type {Element, ElementContent} from 'hast'
import {toText} from 'hast-util-to-text'
import type {Nodes} from 'mdast'
import {retext} from 'retext'
import retextSmartypants from 'retext-smartypants'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {eachOfType} from '../src/notes/walk.js'
import {createSmartPunctuation} from '../src/template/punctuation.js'
import {mayRenderAny, mayRenderUrlStart} from '../src/template/quick-text.js'

const parseGfm = unified().use(remarkParse).use(remarkGfm)

describe('eachOfType (notes walker)', () => {
  const markdown = fc
    .array(fc.constantFrom('Text[^1] and [^2].', '> quoted[^1]', '- item [^3]\n- two', '[^1]: Note [^2].', '[^2]: Other\n\n    more [^1]', '| a [^1] |\n|---|\n| b |', '*em [^3]*', ''), {maxLength: 12})
    .map((parts) => parts.join('\n\n'))

  it('visits the nodes unist-util-visit visits, in the same order, with the same index and parent', () => {
    fc.assert(
      fc.property(markdown, fc.constantFrom('footnoteReference', 'footnoteDefinition', 'text', 'paragraph'), (text, type) => {
        const tree = parseGfm.parse(text)
        const expected: unknown[] = []
        visit(tree, type, (node, index, parent) => {
          expected.push([node, index, parent])
        })
        const found: unknown[] = []
        eachOfType(tree as Nodes, type as 'text', (node, index, parent) => {
          found.push([node, index, parent])
        })
        expect(found).toEqual(expected)
      }),
      {numRuns: 150}
    )
  })

  it('goes on after a visitor replaces the node it is given, as unist-util-visit does', () => {
    const run = (walk: (tree: Nodes) => void) => {
      const tree = parseGfm.parse('A[^1] b[^2] c[^1].\n\n[^1]: One.\n')
      walk(tree)
      return tree
    }
    const replace = (node: {type: string}, index: number | undefined, parent: {children: unknown[]} | undefined) => {
      if (parent && index !== undefined) parent.children[index] = {type: 'text', value: `<${(node as {identifier?: string}).identifier}>`}
    }
    expect(run((tree) => eachOfType(tree, 'footnoteReference', replace))).toEqual(
      run((tree) => visit(tree, 'footnoteReference', (node, index, parent) => replace(node, index, parent)))
    )
  })
})

describe('mayRenderAny (quick text test)', () => {
  const leaf = fc.constantFrom('see ', 'http', '://', 'www', '.', 'example.org/a/long/path/that/goes/on ', ' ', '\n', 'ht', 'tp:', '//x')
  const inline = (depth: number): fc.Arbitrary<ElementContent> =>
    depth <= 0
      ? leaf.map((value) => ({type: 'text', value}))
      : fc.oneof(
          leaf.map((value): ElementContent => ({type: 'text', value})),
          fc
            .tuple(fc.constantFrom('a', 'em', 'sup', 'span', 'br', 'script', 'template', 'div'), fc.boolean(), fc.array(inline(depth - 1), {maxLength: 4}))
            .map(([tagName, hidden, children]): ElementContent => ({type: 'element', tagName, properties: hidden ? {hidden: true} : {}, children}))
        )

  it('is true whenever the rendered text holds a needle', () => {
    fc.assert(
      fc.property(fc.array(inline(3), {maxLength: 6}), (children) => {
        const paragraph: Element = {type: 'element', tagName: 'p', properties: {}, children}
        const rendered = toText(paragraph).toLowerCase()
        if (rendered.includes('://') || rendered.includes('www.')) expect(mayRenderAny(paragraph, ['://', 'www.'])).toBe(true)
      }),
      {numRuns: 400}
    )
  })
})

describe('mayRenderUrlStart (the quick text test for URL starts)', () => {
  const piece = fc.constantFrom(':', '/', '//', '.', 'w', 'W', 'ww', 'WWW', ' ', '\n', '\u00A0', '\u3000', 'İ', '\u212A', 'ẞ', 'Σ', 'a', 'http', 'www.', '://', 'x.org')
  const text = fc.array(piece, {maxLength: 12}).map((parts) => parts.join(''))

  it('gives mayRenderAny’s answer for the needles `://` and `www.`', () => {
    fc.assert(
      fc.property(fc.array(text, {minLength: 1, maxLength: 4}), fc.constantFrom('em', 'a', 'script'), (values, tagName) => {
        const children: ElementContent[] = values.map((value, index) =>
          index === 1 ? {type: 'element', tagName, properties: {}, children: [{type: 'text', value}]} : {type: 'text', value}
        )
        const paragraph: Element = {type: 'element', tagName: 'p', properties: {}, children}
        expect(mayRenderUrlStart(paragraph)).toBe(mayRenderAny(paragraph, ['://', 'www.']))
      }),
      {numRuns: 3000}
    )
    const paragraph = (value: string): Element => ({type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value}]})
    expect(mayRenderUrlStart(paragraph('see W w\nW. org'))).toBe(true)
    expect(mayRenderUrlStart(paragraph('a : / / b'))).toBe(true)
    expect(mayRenderUrlStart(paragraph('ww.x and :/ x/'))).toBe(false)
  })
})

describe('apostrophe shortcut of the quote pass', () => {
  const quotes = retext().use(retextSmartypants, {dashes: false, ellipses: false, backticks: false})
  const piece = fc.constantFrom("don't", "China's", "O'Brien", "rock'n'roll", 'word', 'Word', ' ', ', ', '(', ')', '80s', "'80s", '—', 'État', "l'État", '中文', '1.5', "'", '"')

  it('gives what retext-smartypants gives on sentences of word-internal apostrophes', () => {
    const smart = createSmartPunctuation()
    fc.assert(
      fc.property(fc.array(piece, {minLength: 1, maxLength: 12}), (parts) => {
        const sentence = parts.join('')
        // The text function runs the quote pass and then the marks (dashes, ellipses, no-break spaces):
        // compare with retext's quotes followed by the same marks on a text without straight quotes left.
        const viaRetext = smart.text(String(quotes.processSync(sentence)))
        expect(smart.text(sentence)).toBe(viaRetext)
      }),
      {numRuns: 300}
    )
  })
})
