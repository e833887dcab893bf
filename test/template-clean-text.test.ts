/**
 * `cleanTreeText` is `dropControlCharacters`, `unfoldTreeLigatures` and
 * `composeEnclosedSigns` in one walk: the same tree and the same findings as
 * the three in turn, on generated trees with control characters, ligatures,
 * enclosed signs, and elements whose text the sign pass leaves alone.
 */
import type {Element, ElementContent, Root} from 'hast'
import {describe, expect, it} from 'vitest'
import {cleanTreeText, dropControlCharacters, unfoldTreeLigatures} from '../src/template/typography.js'
import {composeEnclosedSigns} from '../src/template/unprintable.js'

function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

const pieces = ['word ', 'c\u20DD 2025', 'R\u20DD', 'x\u20DD', '\u0003', '\u0008\u0008', '\u007F', '\u0085', '\uFB01ne', 'e\uFB00ect', '\t\n', '©', 'plain text', '\u20DD']
const tags = ['p', 'em', 'span', 'title', 'script', 'style', 'textarea', 'option', 'code', 'a']

function generate(random: () => number): Root {
  const node = (depth: number): ElementContent => {
    if (depth > 3 || random() < 0.45) {
      let value = ''
      for (let count = 1 + Math.floor(random() * 4); count > 0; count--) value += pieces[Math.floor(random() * pieces.length)]
      return {type: 'text', value, position: {start: {line: 1, column: 1 + depth, offset: depth}, end: {line: 1, column: 9, offset: 8}}}
    }
    const element: Element = {type: 'element', tagName: tags[Math.floor(random() * tags.length)]!, properties: {}, children: []}
    for (let count = Math.floor(random() * 4); count > 0; count--) element.children.push(node(depth + 1))
    return element
  }
  return {type: 'root', children: Array.from({length: 1 + Math.floor(random() * 4)}, () => node(0))}
}

describe('cleanTreeText', () => {
  it('gives the tree and the findings of the three passes in turn (3,000 generated trees)', () => {
    const random = createRandom(31)
    for (let index = 0; index < 3000; index++) {
      const tree = generate(random)
      const apart = structuredClone(tree)
      const foundApart = dropControlCharacters(apart)
      unfoldTreeLigatures(apart)
      composeEnclosedSigns(apart)
      const found = cleanTreeText(tree)
      expect(tree).toEqual(apart)
      expect(found).toEqual(foundApart)
    }
  })

  it('composes signs outside title, script and the like only', () => {
    const tree: Root = {type: 'root', children: [{type: 'text', value: 'c\u20DD \u0003\uFB01'}, {type: 'element', tagName: 'title', properties: {}, children: [{type: 'text', value: 'R\u20DD\uFB02'}]}]}
    expect(cleanTreeText(tree).map((found) => found.codePoint)).toEqual([3])
    expect(tree.children).toEqual([{type: 'text', value: '© fi'}, {type: 'element', tagName: 'title', properties: {}, children: [{type: 'text', value: 'R\u20DDfl'}]}])
  })
})
