/**
 * The template's second unprintable pass (over the filled page, for the
 * metadata the slots print) passes over the body's blocks, whose text the
 * first pass set: `setUnprintable`'s `done` nodes are left as they are,
 * and a brief reports what it did before, once.
 */
import type {Element, Root} from 'hast'
import {selectAll} from 'hast-util-select'
import {describe, expect, test} from 'vitest'
import {setUnprintable} from '../src/template/unprintable.js'
import {brief} from './fixtures/template/chain.js'

const paragraph = (value: string): Element => ({type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value}]})

describe('setUnprintable passes over the nodes done', () => {
  test('a done block keeps its text; the others get their boxes', () => {
    const first = paragraph('Findings \uF06E here')
    const second = paragraph('More \uF09F there')
    const tree: Root = {type: 'root', children: [first, second]}
    const found = setUnprintable(tree, new Set([first]))
    expect(found.map((item) => item.kind === 'character' && item.codePoint)).toEqual([0xf09f])
    expect(first.children).toEqual([{type: 'text', value: 'Findings \uF06E here'}])
    expect(selectAll('span.brief-unprintable-character', second).map((box) => box.properties.title)).toEqual(['U+F09F'])
  })

  test('a done text node is left too', () => {
    const tree: Root = {type: 'root', children: [{type: 'text', value: 'a \uF06E b'}]}
    expect(setUnprintable(tree, new Set(tree.children))).toEqual([])
    expect(tree.children).toEqual([{type: 'text', value: 'a \uF06E b'}])
  })

  test('in a brief, the body and the metadata are each reported once, with contents and notes', async () => {
    const markdown = '---\ntitle: "Findings \\uF06E"\ncontents: true\n---\n\n## Head \uF09F one\n\nText \uF06E with a note.[^1]\n\n## Two\n\nGarbled \ua9b2\u4400\u0d37\u1b13 word.\n\n[^1]: A note \uF0A7.\n'
    const {tree, file} = await brief(markdown)
    const boxes = selectAll('span.brief-unprintable', tree).map((box) => box.properties.title)
    expect(boxes.filter((title) => title === 'U+F06E').length).toBeGreaterThanOrEqual(2)
    expect(boxes).toContain('U+F09F')
    expect(boxes).toContain('U+F0A7')
    expect(boxes).toContain('\ua9b2\u4400\u0d37\u1b13')
    const reasons = file.messages.filter((message) => ['text-not-printed', 'garbled-text'].includes(message.ruleId ?? '')).map((message) => message.reason)
    expect(reasons.filter((reason) => reason.includes('U+F09F'))).toHaveLength(1)
    expect(reasons.filter((reason) => reason.includes('U+F0A7'))).toHaveLength(1)
    expect(reasons.filter((reason) => reason.includes('garbled'))).toHaveLength(1)
  })
})
