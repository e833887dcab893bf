/**
 * The `notes: page` and `contents` options without a browser: where the
 * option comes from (front matter, configuration, command line), what the
 * template makes of it (notes next to their calls, a contents list), and the
 * messages for bad values. The printed result is tested in
 * test/pdf-page-notes.test.ts.
 */
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toHtml} from 'hast-util-to-html'
import {toText} from 'hast-util-to-text'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {createBriefProcessor} from '../src/build/processor.js'
import {emptyBrief} from '../src/meta/brief-data.js'
import {mergeBrief, validateConfig} from '../src/meta/config.js'
import {contentsList, wantsContents} from '../src/template/contents.js'
import {placeNotesInText} from '../src/template/page-notes.js'

function run(markdown: string, defaults = {}): {html: string; tree: Root; file: VFile} {
  const file = new VFile({path: 'brief.md', value: markdown})
  const processor = createBriefProcessor({format: 'markdown', defaults})
  const tree = processor.runSync(processor.parse(file), file) as Root
  return {html: processor.stringify(tree, file), tree: fromHtml(processor.stringify(tree, file)), file}
}

const article = `---
title: Notes
notes: page
---

## Origins

The first claim.[^b] The second claim.[^a]

Again the first.[^b]

[^a]: Note about the second claim.

    With a second paragraph.

[^b]: Note about the first claim.

[^c]: A note nobody cites.
`

describe('notes: page in the template', () => {
  it('moves each cited note right after its first call, numbered as the call', () => {
    const {tree} = run(article)
    const notes = selectAll('.brief-page-note', tree)
    expect(notes.map((note) => [note.properties.dataBriefNote, toText(select('.brief-page-note-number', note)!)])).toEqual([
      ['1', '1'],
      ['2', '2']
    ])
    // Each note follows its call's `span.brief-call` (or `sup`) in the same paragraph.
    const paragraph = selectAll('main p', tree).find((p) => toText(p).startsWith('The first claim'))!
    const order = paragraph.children.filter((child): child is Element => child.type === 'element').map((child) => (child.properties.className as string[] | undefined)?.join(' '))
    expect(order).toEqual(['brief-call', 'brief-page-note', 'brief-call', 'brief-page-note'])
  })

  it('links both ways: the call to the note number, the note back to the call', () => {
    const {tree} = run(article)
    const first = select('.brief-page-note[data-brief-note="1"]', tree)!
    expect(select('.brief-page-note-number', first)!.properties.id).toBe('user-content-fn-1')
    expect(select('a[data-footnote-backref]', first)!.properties.href).toBe('#user-content-fnref-1')
    const calls = selectAll('a[data-footnote-ref]', tree).map((call) => call.properties.href)
    expect(calls).toEqual(['#user-content-fn-1', '#user-content-fn-2', '#user-content-fn-1'])
  })

  it('writes a note’s paragraphs as spans (valid inside the text’s paragraph), the first running on', () => {
    const {tree} = run(article)
    const second = select('.brief-page-note[data-brief-note="2"]', tree)!
    expect(selectAll('p', second)).toEqual([])
    expect(selectAll('[data-note-block="p"]', second).map((block) => [toText(block).replace(/\u00AD/g, '').slice(0, 20), block.properties.dataNoteLead])).toEqual([
      ['Note about the secon', ''],
      ['With a second paragr', undefined]
    ])
  })

  it('keeps uncited notes as endnotes, and adds the page-notes stylesheet', () => {
    const {tree, html} = run(article)
    const section = select('section[data-footnotes]', tree)!
    const items = selectAll('li', section).map((item) => toText(item).trim().replace(/\u00AD/g, ''))
    expect(items).toHaveLength(1)
    expect(items[0]).toMatch(/^A note nobody cites\./)
    expect(html).toContain('float: footnote')
  })

  it('leaves endnotes alone by default', () => {
    const {tree, html} = run(article.replace('notes: page\n', ''))
    expect(selectAll('.brief-page-note', tree)).toEqual([])
    expect(selectAll('section[data-footnotes] li', tree)).toHaveLength(3)
    expect(html).not.toContain('float: footnote')
  })

  it('takes the configuration’s default when the front matter does not say', () => {
    const {tree, file} = run(article.replace('notes: page\n', ''), {notes: 'page'})
    expect(file.data.brief?.notes).toBe('page')
    expect(selectAll('.brief-page-note', tree)).toHaveLength(2)
    // Front matter wins over the configuration.
    expect(run(article.replace('notes: page', 'notes: end'), {notes: 'page'}).file.data.brief?.notes).toBe('end')
  })

  it('returns no section when every note moved, and drops the calls’ reference to its label', () => {
    const body = fromHtml('<p>Text<sup><a href="#fn-1" id="fnref-1" data-footnote-ref aria-describedby="footnote-label">1</a></sup>.</p>', {fragment: true})
    const notes = fromHtml('<section data-footnotes><h2 id="footnote-label">Notes</h2><ol><li id="fn-1"><p>Only note.</p></li></ol></section>', {fragment: true}).children[0] as Element
    expect(placeNotesInText(body, notes)).toBeUndefined()
    expect(toHtml(body)).toBe(
      '<p>Text<sup><a href="#fn-1" id="fnref-1" data-footnote-ref="">1</a></sup><span class="brief-page-note" data-brief-note="1"><span class="brief-page-note-number" id="fn-1">1</span> <span data-note-block="p" data-note-lead="">Only note.</span></span>.</p>'
    )
  })
})

describe('notes and contents: options and messages', () => {
  it('reads `notes` and `contents` from front matter, and reports bad values', () => {
    const {file} = run('---\nnotes: side\ncontents: many\n---\n\nText.\n')
    expect(file.messages.map((message) => [message.ruleId, message.reason])).toEqual([
      ['front-matter-type', 'Unexpected value for `notes` in front matter, expected `page` or `end`; ignored'],
      ['front-matter-type', 'Unexpected value for `contents` in front matter, expected `true`, `false` or a number of sections; ignored']
    ])
    expect(file.data.brief?.notes).toBe('end')
  })

  it('accepts `notes: "page"` in the configuration as short for `defaults.notes`', () => {
    expect(validateConfig({notes: 'page'}, 'brief.config.json')).toEqual({config: {defaults: {notes: 'page'}}, messages: []})
    expect(validateConfig({defaults: {notes: 'page', contents: 4}}, 'brief.config.json').messages).toEqual([])
    expect(validateConfig({notes: {dropUnused: true}}, 'brief.config.json').config).toEqual({notes: {dropUnused: true}})
  })

  it('rejects other placements in the configuration, naming the key', () => {
    const reasons = (value: unknown) => validateConfig(value, 'brief.config.json').messages.map((message) => message.reason)
    expect(reasons({defaults: {notes: 'side'}})).toEqual(['Unexpected value for `defaults.notes` in `brief.config.json`, expected `end` or `page`'])
    expect(reasons({defaults: {contents: 0}})).toEqual(['Unexpected value for `defaults.contents` in `brief.config.json`, expected `true`, `false` or a number of sections'])
  })

  it('merges front matter > configuration > built-in (`end`)', () => {
    expect(mergeBrief(emptyBrief('markdown')).brief.notes).toBe('end')
    expect(mergeBrief(emptyBrief('markdown'), {}, {notes: 'page'}).brief.notes).toBe('page')
    expect(mergeBrief({...emptyBrief('markdown'), notes: 'end'}, {}, {notes: 'page'}).brief.notes).toBe('end')
  })
})

describe('contents list', () => {
  it('is added from 6 sections on, or as the brief says', () => {
    expect([wantsContents(undefined, 5), wantsContents(undefined, 6), wantsContents(true, 1), wantsContents(false, 20), wantsContents(3, 3), wantsContents(true, 0)]).toEqual([
      false,
      true,
      true,
      false,
      true,
      false
    ])
  })

  it('lists the section headings with links, ids and a blank page number per entry', () => {
    const body = fromHtml('<h2>Origins<sup><a data-footnote-ref href="#fn-1">1</a></sup></h2><p>x</p><h2 id="own">Findings</h2><h3>Detail</h3><h2>Origins</h2>', {fragment: true})
    const nav = contentsList(body, true, 'en')!
    expect(selectAll('h2', body).map((heading) => heading.properties.id)).toEqual(['section-origins', 'own', 'section-origins-1'])
    expect(selectAll('a.brief-contents-link', nav).map((link) => [link.properties.href, toText(select('.brief-contents-title', link)!)])).toEqual([
      ['#section-origins', 'Origins'],
      ['#own', 'Findings'],
      ['#section-origins-1', 'Origins']
    ])
    expect(selectAll('[data-brief-page-of]', nav).map((page) => page.properties.dataBriefPageOf)).toEqual(['#section-origins', '#own', '#section-origins-1'])
    // The label is no heading: the contents list stays out of the bookmarks.
    expect(selectAll('h1, h2, h3, h4, h5, h6', nav)).toEqual([])
  })

  it('goes in the template’s contents slot', () => {
    const sections = Array.from({length: 6}, (_, index) => `## Section ${index + 1}\n\nText ${index + 1}.\n`).join('\n')
    const {tree} = run(`---\ntitle: Long\n---\n\n${sections}`)
    const slot = select('.brief-contents-slot', tree)!
    expect(selectAll('.brief-contents li', slot)).toHaveLength(6)
    expect(select('.brief-contents-slot', run(`---\ntitle: Short\ncontents: false\n---\n\n${sections}`).tree)).toBeUndefined()
  })
})
