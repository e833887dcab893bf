/**
 * Issue 12, the rules of the template stage on small fixtures of ours:
 * hyphenation a typesetter accepts, typographer's punctuation, control
 * characters, script runs and their faces, figures, tables, reference lists.
 * (The PDF side: test/pdf-print.test.ts.)
 */
import fs from 'node:fs'
import type {Element, Text} from 'hast'
import {select, selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {describe, expect, it, vi} from 'vitest'
import {createSmartPunctuation} from '../src/template/punctuation.js'
import {markLanguages, scriptFaces, scriptFontCss} from '../src/template/scripts.js'
import {acceptableBreaks, createHyphenators, hyphenateText, keepLastWordWhole} from '../src/template/typography.js'
import {brief} from './fixtures/template/chain.js'

const shy = '\u00AD'
const nbsp = '\u00A0'
const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/print/${name}`, import.meta.url), 'utf8')

describe('hyphenation a typesetter accepts', () => {
  const english = createHyphenators()('en')!

  it('leaves at least 4 letters before and 4 after every break', () => {
    expect(acceptableBreaks(`Unit${shy}ed`)).toBe('United')
    expect(acceptableBreaks(`glob${shy}al${shy}ly`)).toBe(`glob${shy}ally`)
    expect(acceptableBreaks(`sum${shy}moned`)).toBe('summoned')
    expect(acceptableBreaks(`re${shy}spon${shy}si${shy}ble`)).toBe(`respon${shy}sible`)
    expect(acceptableBreaks(`in${shy}ter${shy}na${shy}tion${shy}al`)).toBe(`inter${shy}na${shy}tional`)
    for (const word of hyphenateText('internationally cybersecurity implemented representatives consideration', english).split(' ')) {
      const fragments = word.split(shy)
      expect(fragments.length, word).toBeGreaterThan(1)
      expect(fragments[0]!.length, word).toBeGreaterThanOrEqual(4)
      expect(fragments.at(-1)!.length, word).toBeGreaterThanOrEqual(4)
    }
  })

  it('never breaks capitalised words, acronyms or words under 10 letters', () => {
    expect(hyphenateText('Kazakhstan UNCLOS CYBERSECURITY Washington', english)).not.toContain(shy)
    expect(hyphenateText('summit random replied', english)).not.toContain(shy)
    expect(hyphenateText('comprehensive', english)).toContain(shy)
    // 8 and 9 letters: one 4|4 or 4|5 break each, and the commonest long words of policy prose.
    expect(hyphenateText('materials expedite sharpened judgement', english)).not.toContain(shy)
    expect(hyphenateText('investments', english)).toContain(shy)
  })

  it('keeps the last word of a paragraph whole', async () => {
    const {tree} = await brief('Comprehensive considerations about international cooperation.\n')
    const text = toText(select('.brief-body p', tree)!)
    expect(text).toContain(`inter${shy}na${shy}tional`)
    expect(text.endsWith(' cooperation.')).toBe(true)
  })

  it('finds the last word however far from the end it is, however long it is', () => {
    const paragraph = (value: string): Element => ({type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value}]})
    const far = paragraph(`in${shy}ter${shy}na${shy}tional co${shy}op${shy}er${shy}a${shy}tion ${'(1), '.repeat(100)}`)
    keepLastWordWhole(far)
    expect((far.children[0] as Text).value).toBe(`in${shy}ter${shy}na${shy}tional cooperation ${'(1), '.repeat(100)}`)
    const long = paragraph(`first${shy}word ${`ab${shy}cd`.repeat(200)}.`)
    keepLastWordWhole(long)
    expect((long.children[0] as Text).value).toBe(`first${shy}word ${'abcd'.repeat(200)}.`)
  })
})

describe('typographer’s punctuation', () => {
  it('curls quotes across inline elements, makes dashes and ellipses, not in code or URLs', async () => {
    const {tree, file} = await brief(fixture('scripts.md'))
    const [first, second] = selectAll('.brief-body p', tree).map((node) => toText(node).replace(/\u00AD/g, ''))
    expect(first).toBe(
      `The Ministry’s paper on “connectivity”${nbsp}– as it calls it${nbsp}– was published in 2023… It cites 人民日报 and 习近平 in its notes; Japanese sources as 日本経済新聞 and ひらがな; Hindi as हिन्दी भाषा; Arabic as اللغة العربية. The grid added 5${nbsp}GW in a year, said J.${nbsp}R.${nbsp}Smith.`
    )
    expect(second).toContain('an “emphasised” quote')
    expect(toText(select('.brief-body code', tree)!)).toBe("x--y 'code'")
    expect(select('.brief-body a', tree)!.properties.href).toBe('https://example.org/a--b/%22q')
    expect(toText(select('.brief-body a', tree)!)).toBe('https://example.org/a--b/"q')
    // The title, as printed and as the PDF metadata takes it from `file.data.brief`.
    expect(file.data.brief?.title).toBe(`China’s “Belt and Road”${nbsp}– a primer`)
    expect(toText(select('title', tree)!)).toBe(`China’s “Belt and Road”${nbsp}– a primer`)
  })

  it('keeps units with their number and initials together', () => {
    const smart = createSmartPunctuation()
    expect(smart.text('added 5 GW and 40 per cent, said J. R. Smith')).toBe(`added 5${nbsp}GW and 40${nbsp}per cent, said J.${nbsp}R.${nbsp}Smith`)
    // `--` an en dash, `---` an em dash; a spaced dash never starts a line.
    expect(smart.text('a -- b --- c ... "q" it\'s')).toBe(`a${nbsp}– b — c … “q” it’s`)
    expect(smart.text('see www.example.org/a--b and "x"')).toBe('see www.example.org/a--b and “x”')
  })

  it('finds every mark retext would change, spaced ellipses too (pieces without one skip retext)', () => {
    const smart = createSmartPunctuation()
    expect(smart.text('wait . . . then')).toBe('wait … then')
    expect(smart.text(`wait .${nbsp}.${nbsp}. then`)).toBe('wait … then')
    expect(smart.text('x.. . y, a ---- b, no quote')).toBe('x.. . y, a ---- b, no quote')
    expect(smart.text("it's")).toBe('it’s')
  })

  it('makes an en dash before a hyphen an em dash, and writes nothing to stdout', () => {
    const smart = createSmartPunctuation()
    const log = vi.spyOn(console, 'log')
    try {
      expect(smart.text('the years 1990–-1991 and "this"')).toBe('the years 1990—1991 and “this”')
      expect(log).not.toHaveBeenCalled()
    } finally {
      log.mockRestore()
    }
  })

  it('decides quotes sentence by sentence as in the whole text, decades and elisions as at a sentence end', () => {
    const smart = createSmartPunctuation()
    expect(smart.text(`He left. 'Quoted' words, "a 'b' c." It's the '80s. et al. 'x' and "y"`)).toBe(
      'He left. ‘Quoted’ words, “a ‘b’ c.” It’s the ’80s. et al. ‘x’ and “y”'
    )
  })

  it('applies to notes as well', async () => {
    const {tree} = await brief('Text.[^1]\n\n[^1]: The "report" -- see p. 4.\n')
    expect(toText(select('section[data-footnotes] li', tree)!)).toContain(`The “report”${nbsp}– see p. 4.`)
  })
})

describe('control characters', () => {
  it('are dropped from Markdown text and metadata, each with a message', async () => {
    const {tree, file} = await brief(fixture('control.md'))
    expect(toText(select('.brief-body p', tree)!).replace(/\u00AD/g, '')).toBe('A scraped line with an end-of-text mark and a backspace too.')
    expect(file.data.brief?.title).toBe('Control characters')
    expect(file.messages.map((message) => [message.ruleId, message.source, message.reason])).toEqual([
      ['control-character', 'remark-brief', "Unexpected 1 control character in the brief's metadata, expected printable text; dropped"],
      ['control-character', 'remark-brief', 'Unexpected control character U+0003 in the text, expected printable characters; dropped'],
      ['control-character', 'remark-brief', 'Unexpected control character U+0008 in the text, expected printable characters; dropped']
    ])
    expect(file.messages[1]!.line).toBe(5)
  })

  it('are dropped from scraped text too', async () => {
    const {html} = await brief('A Title\n\nBody text with a stray\u0003 mark in it, and more words.\n', {format: 'text'})
    expect(html).not.toMatch(/[\u0000-\u0008]/)
  })
})

describe('scripts', () => {
  it('marks runs of Chinese, Japanese, Devanagari and Arabic with their language', async () => {
    const {tree} = await brief(fixture('scripts.md'))
    const spans = selectAll('.brief-body span[lang]', tree).map((node) => [node.properties.lang, toText(node), node.properties.dir ?? null])
    expect(spans).toEqual([
      ['zh', '人民日报', null],
      ['zh', '习近平', null],
      ['zh', '日本経済新聞', null],
      ['ja', 'ひらがな', null],
      ['hi', 'हिन्दी भाषा', null],
      ['ar', 'اللغة العربية', 'rtl']
    ])
  })

  it('leaves a run in the document’s own language unmarked', () => {
    const tree = {type: 'root' as const, children: [{type: 'text' as const, value: '人民日报 and more'}]}
    markLanguages(tree, 'zh-Hans')
    expect(tree.children).toHaveLength(1)
  })

  it('declares only the face slices the text uses, and none for Latin text', async () => {
    const faces = scriptFaces()
    expect(scriptFontCss('Latin, Ελληνικά, кириллица only', faces)).toBe('')
    const css = scriptFontCss('人民日报 हिन्दी العربية', faces)
    const urls = [...css.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1])
    expect(urls.some((url) => url!.includes('noto-sans-sc-'))).toBe(true)
    expect(urls).toContain('assets/fonts/noto-sans-devanagari-devanagari-400-normal.woff2')
    expect(urls).toContain('assets/fonts/noto-naskh-arabic-arabic-700-normal.woff2')
    // A few slices, not the whole font (about 100 slices a weight).
    expect(urls.filter((url) => url!.includes('noto-sans-sc-')).length).toBeLessThan(20)
    const {html} = await brief(fixture('scripts.md'))
    expect(html).toMatch(/<style>@font-face \{ font-family: 'Noto Sans SC'/)
  })

  it('declares emoji slices for pictographs, none for those the text face prints (©, ™, ‼)', () => {
    const faces = scriptFaces()
    expect(scriptFontCss('© 2025 Example™ ‼ — “quoted”', faces)).toBe('')
    const urls = [...scriptFontCss('a scale ⚖️ and a rocket 🚀', faces).matchAll(/url\(([^)]+)\)/g)].map((match) => match[1]!)
    // Noto Sans SC has some pictographs too (its slices come first in the stack; Chromium prints emoji presentation in the emoji face).
    expect(urls.filter((url) => /^assets\/fonts\/noto-emoji-\d+-(400|700)-normal\.woff2$/.test(url)).length).toBeGreaterThan(1)
  })
})

describe('figures, tables, references', () => {
  it('numbers tables with a caption and source line, keeps column alignment', async () => {
    const {tree} = await brief(fixture('scripts.md'))
    const table = select('.brief-body .brief-table', tree)!
    expect(toText(select('caption', table)!)).toBe('Table 1')
    expect(toText(select('.brief-source', table)!)).toBe('Source: Example Institute, 2024.')
    expect(selectAll('th', table).map((cell) => cell.properties.align)).toEqual(['left', 'center', 'right'])
  })

  it('makes an image alone in a paragraph a numbered figure, with the line it prints when missing', async () => {
    const {tree} = await brief(fixture('scripts.md'))
    const figure = select('.brief-body figure', tree)!
    expect(toText(select('figcaption', figure)!)).toBe('Figure 1. The corridor in 2024')
    expect(toText(select('.brief-missing', figure)!)).toBe('Figure: Map of the corridor (not included)')
  })

  it('sets a references list ragged-right, unhyphenated', async () => {
    const {tree} = await brief(fixture('scripts.md'))
    const reference = select('.brief-body p.brief-reference', tree)!
    expect(toText(reference)).toMatch(/^Smith, J\. 2020\. Long title/)
    expect(toText(reference)).not.toContain(shy)
    const css = fs.readFileSync(new URL('../templates/brief.css', import.meta.url), 'utf8')
    expect(css).toMatch(/\.brief-body p\.brief-reference \{\s*text-align: left;/)
  })
})

describe('typographer’s punctuation on large input', () => {
  it('a 100 KB word and a 300 KB paragraph stay fast (retext runs on bounded pieces; no quadratic URL pattern)', () => {
    const smart = createSmartPunctuation()
    const word = 'a'.repeat(100_000)
    const start = performance.now()
    const tree = {type: 'root' as const, children: [{type: 'text' as const, value: word}]}
    smart.tree(tree)
    expect(tree.children[0]!.value).toBe(word)
    const unit = 'Words and "more" words -- it\'s 1.5 https://example.org/a--b quoted... '
    const paragraph = {type: 'root' as const, children: [{type: 'element' as const, tagName: 'p', properties: {}, children: [{type: 'text' as const, value: unit.repeat(4000)}]}]}
    smart.tree(paragraph)
    expect((paragraph.children[0]!.children[0] as {value: string}).value.startsWith(`Words and “more” words${nbsp}– it’s 1.5 https://example.org/a--b quoted… Words`)).toBe(true)
    // Generous: seconds on a loaded two-core machine, minutes before the fix.
    expect(performance.now() - start).toBeLessThan(60_000)
  }, 120_000)
})
