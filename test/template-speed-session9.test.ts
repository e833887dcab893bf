/**
 * Session 9's shortcuts in the template (docs/bench.md, "Template-side speed,
 * session 9") against the plain ways they replace:
 * - `cloneTree` (the template copied for each brief) against `structuredClone`;
 * - the text hyphenator's remembered word answers against `hyphenateText`
 *   with the pack's hyphenator, brief after brief through one processor;
 * - `scriptFaces`' shared range lists against `parseRanges` of each face, and
 *   `scriptFontCss` against the per-range search it had (`ranges.some`).
 */
import {fromHtml} from 'hast-util-from-html'
import {describe, expect, test} from 'vitest'
import {cloneTree} from '../src/template/clone.js'
import {defaultTemplate} from '../src/template/defaults.js'
import {parseRanges, scriptFaces, scriptFontCss, type ScriptFace} from '../src/template/scripts.js'
import {createHyphenators, createTextHyphenators, hyphenateText} from '../src/template/typography.js'

function generator(seed: number): () => number {
  let state = seed
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
}

describe('cloneTree', () => {
  test('the default template and a template with every kind of value: the same copy as structuredClone, sharing nothing', () => {
    const trees = [
      fromHtml(defaultTemplate),
      fromHtml('<!doctype html><html lang="en"><body><p class="a b" hidden data-x="1" tabindex="0">x<!--c--><br></p><svg viewBox="0 0 1 1"><path d="M0"/></svg></body></html>'),
      {type: 'root', children: [{type: 'element', tagName: 'p', properties: {value: undefined, on: true, size: 2, none: null, list: ['a', 1]}, children: []}], data: {nested: {deep: [[1], {}]}}}
    ]
    for (const tree of trees) {
      const copy = cloneTree(tree)
      expect(copy).toStrictEqual(structuredClone(tree))
      // Nothing shared: filling the copy never touches the template.
      const originals = new Set<object>()
      collectObjects(tree, originals)
      const copies = new Set<object>()
      collectObjects(copy, copies)
      for (const object of copies) expect(originals.has(object)).toBe(false)
    }
  })
})

function collectObjects(value: unknown, found: Set<object>): void {
  if (value === null || typeof value !== 'object') return
  found.add(value)
  for (const item of Array.isArray(value) ? value : Object.values(value)) collectObjects(item, found)
}

describe('text hyphenator', () => {
  test('remembered answers, brief after brief: the same text as hyphenateText with the pack', () => {
    const pack = createHyphenators()('en')!
    const textFor = createTextHyphenators()('en')!
    const next = generator(11)
    const parts = ['international', 'cooperation', 'internationalisation', 'interoperability', 'infrastructure', 'Capitalisation', 'responsibilities', 'counterintelligence', 'telecommunications', 'short', ' ', ' ', '\n', '-', '.', '”', 'https://example.org/internationalisation', 'éàüöinternational', 'infrastructure-cooperation', 'a'.repeat(70), 'x'.repeat(90)]
    for (let index = 0; index < 3000; index++) {
      let value = ''
      const size = Math.floor(next() * 14)
      for (let part = 0; part < size; part++) value += parts[Math.floor(next() * parts.length)]
      expect(textFor(value), JSON.stringify(value)).toBe(hyphenateText(value, pack))
    }
    // Read by hand: breaks with 4 letters a side at least; a capitalised word and a URL kept whole.
    expect(textFor('the internationalisation of infrastructure, Internationalisation at https://example.org/internationalisation')).toBe(
      'the inter\u00ADna\u00ADtion\u00ADal\u00ADi\u00ADsa\u00ADtion of infra\u00ADstruc\u00ADture, Internationalisation at https://example.org/internationalisation'
    )
  })
})

describe('script faces', () => {
  const faces = scriptFaces()

  test('each face holds the ranges parseRanges reads from its own unicode-range', () => {
    expect(faces.length).toBeGreaterThan(100)
    for (const face of faces) expect(face.ranges, face.url).toEqual(parseRanges(face.unicodeRange))
  })

  test('scriptFontCss: the faces the per-range search picked, for generated texts', () => {
    // Faces are picked at all: a Han character needs a Noto Sans SC slice in both weights; Latin text none.
    expect(scriptFontCss('中', faces).match(/@font-face/g)).toHaveLength(2)
    expect(scriptFontCss('Latin “text” — €', faces)).toBe('')
    const samples = ['中', '文', '国', '𠀀', '日本', 'カ', '한', 'हि', 'ع', '🧑', '⚖', '🇫🇷', 'a', ' ', '€', '☐', '·']
    const next = generator(5)
    for (let index = 0; index < 300; index++) {
      let text = ''
      const size = Math.floor(next() * 6)
      for (let part = 0; part < size; part++) text += samples[Math.floor(next() * samples.length)]
      expect(scriptFontCss(text, faces), JSON.stringify(text)).toBe(bySome(text, faces))
    }
  })
})

/** What scriptFontCss returned before its counted loop: each face whose ranges hold a point, by `ranges.some`. */
function bySome(text: string, faces: readonly ScriptFace[]): string {
  const needs = /(?![\u00A9\u00AE\u2000-\u214F])[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF\p{Script=Devanagari}\p{Script=Arabic}\p{Extended_Pictographic}\p{Regional_Indicator}]/gu
  const points = [...text.matchAll(needs)].map((match) => match[0].codePointAt(0)!)
  return faces
    .filter((face) => face.ranges.some(([low, high]) => points.some((point) => point >= low && point <= high)))
    .map(
      (face) =>
        `@font-face { font-family: '${face.family}'; font-style: normal; font-display: block; font-weight: ${face.weight}; src: url(${face.url}) format('woff2'); unicode-range: ${face.unicodeRange}; }`
    )
    .join('\n')
}
