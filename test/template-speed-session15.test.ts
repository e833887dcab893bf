/**
 * Session 15's shortcuts in the template (tpl12), each against the plain
 * way it replaces: the same answer, and the work skipped where it cannot
 * change anything.
 */
import type {Element, Root, Text} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, test} from 'vitest'
import {setFiguresAndTables} from '../src/template/figures.js'
import {hasLongRun} from '../src/template/punctuation.js'
import {containsRaw, dropUnsafeDataUrls} from '../src/template/sanitize.js'
import {printScriptDigits} from '../src/template/script-digits.js'
import {markLanguages, printScriptDigitsAndMarkLanguages} from '../src/template/scripts.js'
import {cleanTreeText, demoteHeadings, dropControlCharacters, keepLastWordWhole, unfoldTreeLigatures} from '../src/template/typography.js'
import {composeEnclosedSigns} from '../src/template/unprintable.js'
import {generatedTexts} from './fixtures/generated-texts.js'

function generated(seed: number, parts: readonly string[], count: number, longest: number): string[] {
  return generatedTexts(seed, parts, count, longest)
}

/** A text node that counts the writes to its value. */
function countedText(value: string): {node: Text; writes: () => number} {
  let current = value
  let writes = 0
  const node = {type: 'text'} as Text
  Object.defineProperty(node, 'value', {enumerable: true, get: () => current, set: (next: string) => ((current = next), writes++)})
  return {node, writes: () => writes}
}

/** `keepLastWordWhole` as it was: the last word's soft hyphens dropped, the text rewritten whenever it holds one. */
function plainKeepLastWordWhole(value: string): string {
  let last: RegExpMatchArray | undefined
  for (const match of value.matchAll(/[\p{L}\p{M}\u00AD]+/gu)) last = match
  if (!last || !/[\p{L}\p{N}]/u.test(value)) return value
  return value.slice(0, last.index!) + last[0].replaceAll('\u00AD', '') + value.slice(last.index! + last[0].length)
}

describe('keepLastWordWhole', () => {
  test('a text whose last word is whole is not rewritten (a soft hyphen earlier in it)', () => {
    const {node, writes} = countedText('inter\u00ADnational co\u00ADoper\u00ADation, then peace.')
    const block: Element = {type: 'element', tagName: 'p', properties: {}, children: [node]}
    keepLastWordWhole(block)
    expect(node.value).toBe('inter\u00ADnational co\u00ADoper\u00ADation, then peace.')
    expect(writes()).toBe(0)
  })

  test('generated texts: the same answer as dropping the last word’s soft hyphens', () => {
    const parts = ['inter', '\u00AD', 'na', 'tion', ' ', ' ', '.', ',', '1', 'é', '\u0301', '𝐀', '中', '-', '\u00A0']
    for (const value of generated(7, parts, 20_000, 14)) {
      const block: Element = {type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value}]}
      keepLastWordWhole(block)
      expect((block.children[0] as Text).value, JSON.stringify(value)).toBe(plainKeepLastWordWhole(value))
    }
  })
})

describe('cleanTreeText: one scan for its three steps', () => {
  test('a text with nothing to clean is not written', () => {
    const {node, writes} = countedText('Plain text with “curly quotes”, an em dash — and é.')
    const tree: Element = {type: 'element', tagName: 'p', properties: {}, children: [node]}
    expect(cleanTreeText(tree)).toEqual([])
    expect(writes()).toBe(0)
  })

  test('generated trees: the same texts and findings as the three walks', () => {
    const parts = ['a', ' ', 'é', '\u0003', '\u0008', '\u007F', '\u0085', '\u009F', '\t', '\n', '\uFB01', '\uFB06', 'c', 'R', '\u20DD', '“', '中']
    const values = generated(13, parts, 4000, 10)
    const tree = (keep: boolean): Element => ({
      type: 'element',
      tagName: 'div',
      properties: {},
      children: values.map((value, index) => ({type: 'element', tagName: index % 7 === 0 ? 'style' : 'p', properties: {}, children: [{type: 'text', value}]}))
    })
    const cleaned = tree(true)
    const plain = tree(true)
    const found = cleanTreeText(cleaned)
    const plainFound = dropControlCharacters(plain)
    unfoldTreeLigatures(plain)
    composeEnclosedSigns(plain)
    expect(found).toEqual(plainFound)
    expect(cleaned).toEqual(plain)
  })
})

describe('printScriptDigitsAndMarkLanguages: the two walks in one', () => {
  const parts = ['a', ' ', 'CO', '₂', '¹⁶', '⁻¹', '²', 'ⁿ', 'ₓ', '中文', '漢字 ', 'かな', '한국어', 'नमस्ते', ' ', 'مرحبا', '🌍', '™', '“', '’', '—', '1', '·', '\u200C']
  const tags = ['p', 'span', 'em', 'sup', 'sub', 'code', 'kbd', 'math', 'title', 'option', 'style', 'a']
  const langs = [undefined, undefined, 'zh', 'zh-Hans', 'ar', 'ja', 'en', 'hi']
  let state = 17
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
  const texts = generated(19, parts, 20_000, 6)
  let used = 0
  function tree(depth: number): Element {
    const lang = langs[Math.floor(next() * langs.length)]
    const children: Element['children'] = []
    const size = Math.floor(next() * 5)
    for (let index = 0; index < size; index++) {
      if (depth < 4 && next() < 0.4) children.push(tree(depth + 1))
      else children.push({type: 'text', value: texts[used++ % texts.length]!})
    }
    return {type: 'element', tagName: tags[Math.floor(next() * tags.length)]!, properties: lang ? {lang} : {}, children}
  }

  test('generated trees: the same tree as printScriptDigits, then markLanguages', () => {
    for (let index = 0; index < 3000; index++) {
      const original = tree(0)
      const documentLang = langs[index % langs.length] ?? 'en'
      const both = structuredClone(original)
      printScriptDigits(original)
      markLanguages(original, documentLang)
      printScriptDigitsAndMarkLanguages(both, documentLang)
      expect(both).toEqual(original)
    }
  })
})

describe('dropUnsafeDataUrls: elements only', () => {
  test('text nodes are not visited; data URLs dropped but raster images’', () => {
    const text = {type: 'text', value: 'x'} as Text
    Object.defineProperty(text, 'children', {get: () => expect.unreachable('a text node was read for children')})
    const tree: Element = {
      type: 'element',
      tagName: 'div',
      properties: {},
      children: [
        text,
        {type: 'element', tagName: 'img', properties: {src: 'data:image/png;base64,AAAA'}, children: []},
        {type: 'element', tagName: 'img', properties: {src: ' data:image/svg+xml,<svg/>'}, children: []},
        {type: 'element', tagName: 'a', properties: {href: 'DATA:text/html,x'}, children: [{type: 'element', tagName: 'q', properties: {cite: 'data:x'}, children: [text]}]},
        {type: 'element', tagName: 'a', properties: {href: 'https://example.org/data:x'}, children: []}
      ]
    }
    dropUnsafeDataUrls(tree)
    expect(tree.children.slice(1).map((child) => (child as Element).properties)).toEqual([
      {src: 'data:image/png;base64,AAAA'},
      {},
      {},
      {href: 'https://example.org/data:x'}
    ])
    expect(((tree.children[3] as Element).children[0] as Element).properties).toEqual({})
  })
})

describe('setFiguresAndTables: no new lists for elements without images', () => {
  /** A children list that refuses to be filtered or mapped (a copy made for nothing). */
  function unmapped<T>(items: T[]): T[] {
    Object.defineProperty(items, 'filter', {value: () => expect.unreachable('children filtered')})
    Object.defineProperty(items, 'map', {value: () => expect.unreachable('children mapped')})
    return items
  }

  test('paragraphs and elements without images are neither filtered nor mapped; figures as before', () => {
    const body: Root = {
      type: 'root',
      children: [
        {type: 'element', tagName: 'p', properties: {}, children: unmapped([{type: 'text', value: 'Prose, '}, {type: 'element', tagName: 'em', properties: {}, children: unmapped([{type: 'text', value: 'no image'}])}])},
        {type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value: ' '}, {type: 'element', tagName: 'img', properties: {src: 'a.png', alt: 'Chart 1: growth'}, children: []}, {type: 'text', value: '\n'}]},
        {type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value: 'Source: the office'}]},
        {type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value: 'Inline '}, {type: 'element', tagName: 'img', properties: {src: 'b.png', alt: 'b'}, children: []}]},
        {type: 'element', tagName: 'p', properties: {}, children: [{type: 'element', tagName: 'a', properties: {href: 'x'}, children: [{type: 'element', tagName: 'img', properties: {src: 'c.png'}, children: []}]}, {type: 'text', value: 'and text'}]}
      ]
    }
    setFiguresAndTables(body)
    expect(toHtml(body)).toBe(
      '<p>Prose, <em>no image</em></p>' +
        '<figure class="brief-figure"><img src="a.png" alt="Chart 1: growth"><figcaption><span class="brief-label">Figure 1.</span> growth</figcaption><p class="brief-missing" aria-hidden="true">Figure: Chart 1: growth (not included)</p><p class="brief-source">Source: the office</p></figure>' +
        '<p>Inline <span class="brief-image"><img src="b.png" alt="b"><span class="brief-missing" aria-hidden="true">Figure: b (not included)</span></span></p>' +
        '<p><a href="x"><span class="brief-image"><img src="c.png"><span class="brief-missing" aria-hidden="true">Figure: Figure (not included)</span></span></a>and text</p>'
    )
  })
})

describe('demoteHeadings: the h1 search without a callback per element', () => {
  /** A children list whose `some` refuses to run. */
  function noSome<T>(items: T[]): T[] {
    Object.defineProperty(items, 'some', {value: () => expect.unreachable('children searched with a callback')})
    return items
  }

  test('an h1 anywhere shifts every heading; none, none shifted', () => {
    const withH1: Root = {
      type: 'root',
      children: noSome([
        {type: 'element', tagName: 'section', properties: {}, children: noSome([{type: 'element', tagName: 'h2', properties: {}, children: []}])},
        {type: 'element', tagName: 'div', properties: {}, children: noSome([{type: 'element', tagName: 'h1', properties: {}, children: []}, {type: 'element', tagName: 'h6', properties: {}, children: []}])}
      ])
    }
    demoteHeadings(withH1)
    expect(toHtml(withH1)).toBe('<section><h3></h3></section><div><h2></h2><h6></h6></div>')
    const without: Root = {type: 'root', children: noSome([{type: 'element', tagName: 'div', properties: {}, children: noSome([{type: 'element', tagName: 'h2', properties: {}, children: []}])}])}
    demoteHeadings(without)
    expect(toHtml(without)).toBe('<div><h2></h2></div>')
  })
})

describe('containsRaw: a counted walk', () => {
  test('finds a raw node at any depth, without some() callbacks', () => {
    const list = <T,>(items: T[]): T[] => Object.defineProperty(items, 'some', {value: () => expect.unreachable('children searched with a callback')})
    const tree = (inner: {type: string; value?: string}): Root =>
      ({type: 'root', children: list([{type: 'text', value: 'a'}, {type: 'element', tagName: 'p', properties: {}, children: list([{type: 'element', tagName: 'em', properties: {}, children: list([inner])}])}])}) as Root
    expect(containsRaw(tree({type: 'text', value: 'b'}))).toBe(false)
    expect(containsRaw(tree({type: 'raw', value: '<b>'}))).toBe(true)
    expect(containsRaw({type: 'raw'})).toBe(true)
    expect(containsRaw({type: 'root', children: []})).toBe(false)
  })
})

describe('hasLongRun: blocks with a space first', () => {
  test('the same answer as \\S{200} on generated texts around block edges', () => {
    const pattern = /\S{200}/
    let state = 23
    const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const pieces = ['a', 'é', '𝐚', '-', '“', ' ', '\u00A0', '\n', '\u3000', '\t']
    for (let round = 0; round < 4000; round++) {
      let text = ''
      const length = Math.floor(next() * 700)
      const spaces = next() < 0.5 ? 0.02 : 0.004
      while (text.length < length) text += next() >= spaces ? pieces[Math.floor(next() * 5)] : pieces[5 + Math.floor(next() * 5)]
      expect(hasLongRun(text), JSON.stringify(text)).toBe(pattern.test(text))
    }
    for (const at of [0, 1, 99, 100, 101, 199, 200, 201, 300]) {
      const text = 'a b '.repeat(at / 4) + 'x'.repeat(200) + ' c d'.repeat(60)
      expect(hasLongRun(text), String(at)).toBe(true)
      expect(hasLongRun(text.replace('x'.repeat(200), 'x'.repeat(199))), String(at)).toBe(false)
    }
  })

  test('prose is decided without the pattern', () => {
    const text = 'Some words of prose, '.repeat(50)
    const test = RegExp.prototype.test
    let calls = 0
    RegExp.prototype.test = function (this: RegExp, value: string) {
      calls++
      return test.call(this, value)
    }
    try {
      expect(hasLongRun(text)).toBe(false)
    } finally {
      RegExp.prototype.test = test
    }
    expect(calls).toBe(0)
  })
})
