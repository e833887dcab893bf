/**
 * `sanitizeBody` keeps a body as it is when `keptAsItIs` proves the whole way
 * (raw HTML parsed, images reported, hast-util-sanitize's rebuild, `data:`
 * URLs dropped) would give back the same tree. The proof must never let
 * through what the whole way changes: on generated trees of safe and hostile
 * tags, properties, URLs, positions and node types, every tree it keeps is
 * the tree `sanitizeWhole` gives, with no message.
 */
import type {Element, ElementContent, Root} from 'hast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {keptAsItIs, sanitizeBody, sanitizeWhole} from '../src/template/sanitize.js'

/** The same random numbers every run (mulberry32). */
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

const tags = ['p', 'p', 'p', 'em', 'strong', 'a', 'a', 'sup', 'section', 'ol', 'ul', 'li', 'h2', 'h3', 'code', 'pre', 'blockquote', 'q', 'del', 'ins', 'img', 'img', 'span', 'figure', 'figcaption', 'div', 'table', 'tbody', 'tr', 'td', 'th', 'input', 'script', 'style', 'iframe', 'svg', 'form', 'custom-tag', '*', '', 'source', 'details', 'summary']
const urls = ['https://example.org/a', 'http://example.org/b?c=d:e', 'mailto:a@example.org', '#user-content-fn-1', 'other.html', '/a:b', 'a?b:c', 'a#b:c', 'javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'JAVASCRIPT:x', 'data:image/png;base64,AAAA', ' data:image/png;base64,AAAA', 'DATA:image/png;base64,AAAA', 'data:image/svg+xml,<svg onload=alert(1)>', 'data:text/html,x', 'file:///etc/passwd', 'irc://x', 'not a scheme:x', '', 'HTTPS://example.org']
const keys = ['href', 'href', 'src', 'src', 'cite', 'longDesc', 'action', 'srcSet', 'useMap', 'itemType', 'className', 'className', 'id', 'name', 'dataFootnoteRef', 'dataFootnoteBackref', 'dataUncited', 'dataWhatever', 'data', 'ariaDescribedBy', 'ariaLabelledBy', 'ariaLabel', 'alt', 'title', 'width', 'height', 'lang', 'dir', 'onClick', 'style', 'type', 'disabled', 'checked', 'start', 'constructor', '__proto__x']
const classNames = ['brief-call', 'brief-uncited', 'data-footnote-backref', 'language-js', 'language-', 'footnotes', 'sr-only', 'evil']

function pick<Value>(random: () => number, list: readonly Value[]): Value {
  return list[Math.floor(random() * list.length)]!
}

function value(random: () => number, key: string): unknown {
  const roll = random()
  if (key === 'className') return roll < 0.8 ? Array.from({length: 1 + Math.floor(random() * 2)}, () => pick(random, classNames)) : roll < 0.9 ? pick(random, classNames) : [true, 'brief-call']
  if (roll < 0.55) return pick(random, urls)
  if (roll < 0.7) return 'plain value'
  if (roll < 0.78) return Math.floor(random() * 100)
  if (roll < 0.86) return random() < 0.5
  if (roll < 0.9) return [pick(random, urls), 3]
  if (roll < 0.93) return null
  if (roll < 0.96) return undefined
  return {nested: 'object'}
}

function position(random: () => number): unknown {
  const roll = random()
  if (roll < 0.6) return {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 5, offset: 4}}
  if (roll < 0.8) return undefined
  if (roll < 0.85) return {start: {line: 1, column: 1}, end: {line: 1, column: 5}}
  if (roll < 0.9) return {start: {line: 0, column: 1, offset: 0}, end: {line: 1, column: 5, offset: 4}}
  if (roll < 0.95) return {start: {line: 1, column: 1, offset: 0}}
  return null
}

/** A small hast tree; `hostility` (0..1) is how often a node or property is drawn from the unsafe lists. */
function generateTree(random: () => number, hostility: number): Root {
  const safeTags = ['p', 'em', 'strong', 'a', 'sup', 'section', 'ol', 'li', 'h2', 'span', 'blockquote', 'code', 'img', 'table', 'tbody', 'tr', 'td']
  const safeKeys: Record<string, string[]> = {a: ['href', 'id', 'dataFootnoteRef', 'ariaDescribedBy'], img: ['src', 'alt'], li: ['id'], section: ['dataFootnotes', 'className'], span: ['className'], blockquote: ['cite'], code: ['className'], td: ['align']}
  const node = (depth: number): ElementContent => {
    const roll = random()
    if (depth > 3 || roll < 0.35) {
      if (random() < hostility * 0.1) return pick(random, [{type: 'comment', value: 'x'}, {type: 'raw', value: '<b onclick="x">b</b>'}, {type: 'text', value: 3}, {type: 'doctype'}]) as unknown as ElementContent
      const text: Record<string, unknown> = {type: 'text', value: 'some text'}
      if (random() < 0.7) text.position = position(random)
      if (random() < hostility * 0.05) text.data = {x: 1}
      return text as unknown as ElementContent
    }
    const hostile = random() < hostility
    const tagName = hostile ? pick(random, tags) : pick(random, safeTags)
    const properties: Record<string, unknown> = {}
    const count = Math.floor(random() * 3)
    for (let index = 0; index < count; index++) {
      const key = random() < hostility ? pick(random, keys) : pick(random, safeKeys[tagName] ?? ['id'])
      properties[key] = key === 'href' || key === 'src' || key === 'cite' ? (random() < hostility ? value(random, key) : pick(random, urls.slice(0, 6))) : value(random, key)
    }
    const element: Record<string, unknown> = {type: 'element', tagName, properties, children: Array.from({length: Math.floor(random() * 4)}, () => node(depth + 1))}
    if (random() < 0.8) element.position = position(random)
    if (random() < hostility * 0.03) element.data = {y: 2}
    if (random() < hostility * 0.02) delete element.properties
    if (random() < hostility * 0.02) element.children = 'not a list'
    return element as unknown as ElementContent
  }
  return {type: 'root', children: Array.from({length: 1 + Math.floor(random() * 4)}, () => node(0))}
}

describe('keptAsItIs', () => {
  it('keeps only trees that sanitizeWhole gives back unchanged and without a message (6,000 generated trees)', () => {
    const random = createRandom(20261203)
    let kept = 0
    let sameButNotKept = 0
    for (let index = 0; index < 6000; index++) {
      const tree = generateTree(random, [0, 0.05, 0.3, 1][index % 4]!)
      const copy = structuredClone(tree)
      const file = new VFile()
      let whole: Root
      try {
        whole = sanitizeWhole(structuredClone(tree), file)
      } catch {
        // hast-util-raw refuses some malformed trees around a raw node: never one kept as it is.
        expect(keptAsItIs(tree)).toBe(false)
        continue
      }
      if (keptAsItIs(tree)) {
        kept++
        // Equal but for keys whose value is `undefined` (a `position: undefined` the rebuild leaves out).
        expect(whole).toEqual(copy)
        expect(file.messages).toEqual([])
        expect(sanitizeBody(tree, new VFile())).toBe(tree)
      } else if (file.messages.length === 0 && JSON.stringify(whole) === JSON.stringify(copy)) sameButNotKept++
    }
    // Both answers are exercised, and most clean trees are recognised as such.
    expect(kept).toBeGreaterThan(500)
    expect(kept).toBeLessThan(5500)
    expect(sameButNotKept).toBeLessThan(kept)
  })

  it('keeps a Markdown body without raw HTML as it is, and rebuilds one with a hostile link, image or raw HTML', () => {
    const body = (markdown: string) => unified().use(remarkParse).use(remarkGfm).use(remarkRehype, {allowDangerousHtml: true}).runSync(unified().use(remarkParse).use(remarkGfm).parse(markdown)) as Root
    const clean = body('# Title\n\nSome *text* with a [link](https://example.org/) and a note.[^1]\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n[^1]: The note.\n')
    expect(keptAsItIs(clean)).toBe(true)
    expect(sanitizeBody(clean)).toBe(clean)
    for (const markdown of ['[x](javascript:alert(1))', '[x](JAVASCRIPT:alert(1))', '[x](data:text/html,x)', '![x](file:///etc/passwd)', '![x](data:image/svg+xml,x)', '![x](DATA:image/png;base64,AAAA)', 'a <b onclick="x">b</b>', '<script>alert(1)</script>', '[x](irc://evil)', '<!-- comment -->']) {
      const tree = body(markdown)
      expect([markdown, keptAsItIs(tree)]).toEqual([markdown, false])
      expect(sanitizeBody(tree)).not.toBe(tree)
    }
  })

  it('never keeps an element the schema does not allow, nor a property it drops', () => {
    const element = (tagName: string, properties: Record<string, unknown> = {}): Root => ({type: 'root', children: [{type: 'element', tagName, properties, children: []} as Element]})
    for (const tagName of ['script', 'style', 'iframe', 'svg', 'form', 'input', 'template', 'math', 'object', 'custom', 'td', 'tr']) expect([tagName, keptAsItIs(element(tagName))]).toEqual([tagName, false])
    for (const properties of [{onClick: 'x'}, {style: 'x'}, {action: 'x'}, {className: ['evil']}, {src: 'x.png'}, {href: 'javascript:x'}, {id: null}, {id: {}}, {dataFootnoteRef: [true]}]) {
      expect([properties, keptAsItIs(element('a', properties))]).toEqual([properties, false])
    }
    expect(keptAsItIs(element('a', {href: 'https://example.org/', id: 'x', dataFootnoteRef: true, ariaDescribedBy: ['footnote-label']}))).toBe(true)
    expect(keptAsItIs(element('img', {src: 'figure.png', alt: 'x'}))).toBe(true)
    expect(keptAsItIs(element('img', {src: 'data:image/png;base64,AAAA'}))).toBe(true)
    expect(keptAsItIs(element('img', {src: ' data:image/png;base64,AAAA'}))).toBe(false)
  })
})
