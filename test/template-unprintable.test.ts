/**
 * Text no face can print (src/template/unprintable.ts): private-use,
 * unassigned and lost (U+FFFD) characters, and garbled words mixing scripts
 * that never share a word, become placeholder boxes with a message each.
 * The chain only (no Chromium); the printed result is in pdf-unprintable.test.ts.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {describe, expect, test} from 'vitest'
import {codePointName, composeEnclosedSigns, garbledStretches, isGarbledWord, mayHoldUnprintableText, outsideCommonScripts, scriptFamiliesOf} from '../src/template/unprintable.js'
import {brief} from './fixtures/template/chain.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const fixture = readFileSync(path.join(root, 'test', 'fixtures', 'print', 'unprintable', 'unprintable.md'), 'utf8')

describe('garbled words: scripts that never share a word', () => {
  test.each([
    ['Javanese, Han, Malayalam, Balinese', '\ua9b2\u4400\u0d37\u1b13'],
    ['Cyrillic and Han', '\u0436\u4e8f'],
    ['Thaana and Han', '\u078a\u4718'],
    ['Han, Gujarati and a symbol', '\u3869\u0a88\u2305'],
    ['Thaana, a Balinese punctuation mark and Han (a script’s own punctuation is part of the word)', '\u078a\u1b5f\u4718'],
    ['Han between unassigned code points', '\u2455\u4e2d\u2456']
  ])('%s in one word is garbled', (_name, word) => {
    expect(isGarbledWord(word)).toBe(true)
  })

  test.each([
    ['Chinese', '中国海军'],
    ['Japanese: Han and kana', '日本語の本'],
    ['Korean with Hanja', '한국어漢字'],
    ['Russian', 'русский'],
    ['Hindi', 'हिन्दी'],
    ['Arabic', 'العربية'],
    ['Greek', 'Ελληνικά'],
    ['a unit: Greek and Latin', 'μm'],
    ['Chinese with Latin letters', '中国AI发展'],
    ['Vietnamese', 'Việt'],
    ['Thai (a script with no bundled face is still one script)', 'ภาษาไทย']
  ])('%s is not garbled', (_name, word) => {
    expect(scriptFamiliesOf(word).length).toBeLessThan(2)
    expect(isGarbledWord(word)).toBe(false)
  })

  test('CJK punctuation ends a word: Japanese beside Russian in full-width brackets is two words', () => {
    expect(garbledStretches('ロシア語（русский）')).toEqual([])
  })

  test('an unassigned code point inside a word takes the word with it; alone between spaces it is only itself', () => {
    const text = 'a (\u2455\u4e2d\u2456) and \u2455 b'
    expect(garbledStretches(text).map(([start, end]) => text.slice(start, end))).toEqual(['\u2455\u4e2d\u2456'])
  })

  test('the whole stretch of non-ASCII words around a garbled word is taken, not the English around it', () => {
    const text = 'a word (\ua9b2\u4400\u0d37\u1b13 \u0436\u4e8f) here'
    const [[start, end]] = garbledStretches(text) as [[number, number]]
    expect(text.slice(start, end)).toBe('\ua9b2\u4400\u0d37\u1b13 \u0436\u4e8f')
  })
})

describe('signs drawn with an enclosing circle', () => {
  test('a letter c or r with U+20DD is the copyright or registered sign; other letters and code stay', () => {
    const tree = {
      type: 'root' as const,
      children: [
        {type: 'text' as const, value: 'c\u20dd 2025 IEEE, Name R\u20dd, x\u20dd'},
        {type: 'element' as const, tagName: 'style', properties: {}, children: [{type: 'text' as const, value: 'c\u20dd'}]}
      ]
    }
    composeEnclosedSigns(tree)
    expect(tree.children[0]).toEqual({type: 'text', value: '© 2025 IEEE, Name ®, x\u20dd'})
    expect(tree.children[1]!.type === 'element' && tree.children[1]!.children[0]).toEqual({type: 'text', value: 'c\u20dd'})
  })

  test('in the chain: the fixture’s LaTeX footer prints the signs', async () => {
    const {tree} = await brief(fixture)
    expect(toText(selectAll('main', tree)[0]!)).toContain('© 2025 Example Press, Example ®.')
  })
})

describe('the template sets placeholders and reports them', () => {
  test('private-use and lost characters become boxes, each code point reported once per text with its count', async () => {
    const {tree, file} = await brief(fixture)
    const main = selectAll('main', tree)[0]!
    const text = toText(main)
    expect(text).not.toMatch(/[\p{Co}\uFFFD]/u)
    const boxes = selectAll('span.brief-unprintable-character', main)
    expect(boxes.map((box) => box.properties.title)).toEqual(['U+F06E', 'U+F09F', 'U+F09F', 'U+FFFD'])
    const notPrinted = file.messages.filter((message) => message.ruleId === 'text-not-printed')
    expect(notPrinted.map((message) => message.reason)).toEqual([
      expect.stringMatching(/^Unexpected character U\+F06E that no font can print .*; printed as a box$/),
      expect.stringMatching(/^Unexpected character U\+F09F \(2 times\)/),
      expect.stringMatching(/^Unexpected character U\+FFFD /)
    ])
    for (const message of notPrinted) {
      expect(message.source).toBe('remark-brief')
      expect(message.fatal).toBe(false)
      expect(message.line).toBe(5)
    }
  })

  test('a garbled stretch becomes one dashed box; real Chinese, Japanese and Russian stay text', async () => {
    const {tree, file} = await brief(fixture)
    const main = selectAll('main', tree)[0]!
    const garbled = selectAll('span.brief-garbled', main)
    expect(garbled.map((box) => box.properties.title)).toEqual(['\ua9b2\u4400\u0d37\u1b13 \u0436\u4e8f'])
    const text = toText(main)
    expect(text).toContain('(中国海军)')
    expect(text).toContain('(日本語の本)')
    expect(text).toContain('(русский)')
    expect(text).not.toContain('\u4400')
    const messages = file.messages.filter((message) => message.ruleId === 'garbled-text')
    expect(messages).toHaveLength(1)
    expect(messages[0]!.reason).toMatch(/^Unexpected garbled text `.+` \(Javanese, Han, Malayalam, Balinese, Cyrillic in one word/)
    expect(messages[0]!.reason).toMatch(/expected words in one script; printed as a box$/)
    expect(messages[0]!.line).toBe(7)
  })

  test('the metadata the template prints gets them too: a private-use character in the title is a box', async () => {
    const {tree, file} = await brief('---\ntitle: "Findings \\uF06E and more"\n---\n\nA paragraph.\n')
    const title = selectAll('h1', tree)[0]!
    expect(toText(title)).not.toMatch(/\p{Co}/u)
    expect(selectAll('span.brief-unprintable-character', title).map((box) => box.properties.title)).toEqual(['U+F06E'])
    expect(file.messages.filter((message) => message.ruleId === 'text-not-printed').map((message) => message.reason)).toEqual([
      expect.stringMatching(/^Unexpected character U\+F06E (\(2 times\) )?that no font can print/)
    ])
  })

  test('a brief with none of these gets no placeholder and no message', async () => {
    const {tree, file} = await brief('---\ntitle: Plain\n---\n\nChinese 中国, Hindi हिन्दी, Arabic العربية and a Word “quote”.\n')
    expect(selectAll('span.brief-unprintable', tree)).toEqual([])
    expect(file.messages.filter((message) => ['text-not-printed', 'garbled-text'].includes(message.ruleId ?? ''))).toEqual([])
  })
})

describe('the quick test before the word scan (mayHoldUnprintableText)', () => {
  test('every code point the exact test passes over belongs to no script family and is not meaningless', () => {
    const meaningless = /[\p{Co}\p{Cn}\p{Cs}\uFFFD]/u
    const missed: string[] = []
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const character = String.fromCodePoint(codePoint)
      if (outsideCommonScripts.test(character)) continue
      if (scriptFamiliesOf(character).length > 0 || meaningless.test(character)) missed.push(codePointName(codePoint))
    }
    expect(missed).toEqual([])
  })

  test('the quick test gives the exact test’s answer on every code point, alone and after text, and on lone and paired surrogates', () => {
    const differing: string[] = []
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const character = String.fromCodePoint(codePoint)
      for (const text of [character, `“a” – ${character} b…`]) if (mayHoldUnprintableText(text) !== outsideCommonScripts.test(text)) differing.push(codePointName(codePoint))
    }
    for (const text of ['a\uD800', '\uDC00a', '\uD800\uD800\uDC00', 'x\uD83D\uDE00y', '\uDBFF']) if (mayHoldUnprintableText(text) !== outsideCommonScripts.test(text)) differing.push(JSON.stringify(text))
    expect(differing).toEqual([])
  })

  test('text of curly quotes, dashes and Latin letters is passed over; a script, an unassigned or lost character is not', () => {
    expect(mayHoldUnprintableText('“Quoted” – text’s naïve café… ¹²')).toBe(false)
    expect(mayHoldUnprintableText('Greek μm and ΑΒΓ')).toBe(false)
    expect(mayHoldUnprintableText('中国')).toBe(true)
    expect(mayHoldUnprintableText('a \uFFFD b')).toBe(true)
    expect(mayHoldUnprintableText('a \uF06E b')).toBe(true)
    expect(mayHoldUnprintableText('a \uD800 b')).toBe(true)
  })
})
