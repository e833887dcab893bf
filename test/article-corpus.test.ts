/**
 * The recognizer on small synthetic articles of ours, one per shape of real
 * scraped text (test/fixtures/article/classes/): it never throws, loses no
 * word, links what it should and reports what it could not pair. The
 * expected numbers come from reading the fixtures, not from the recognizer's
 * output. The real corpus runs only in test/corpus-real.test.ts.
 */
import {readdirSync, readFileSync} from 'node:fs'
import type {FootnoteDefinition, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {recognizeArticle} from '../src/article/index.js'
import {lostWords} from '../src/article/words.js'

const folder = new URL('fixtures/article/classes/', import.meta.url)

interface Expected {
  /** How many markers became footnote references. */
  markers: number
  notes: number
  unlinked: number[]
  unpaired: number[]
  /** `number→expected` for every broken-note-sequence warning. */
  breaks: string[]
}

const files: Record<string, Expected> = {
  // Markers 1-5, marker 3 glued to a year (`end of 1961.3`); marker 5 has no note (the list stops at 4).
  'glued-year.txt': {markers: 4, notes: 4, unlinked: [5], unpaired: [], breaks: []},
  // No notes list: every marker candidate is reported, nothing linked.
  'no-notes-list.txt': {markers: 0, notes: 0, unlinked: [1, 2, 3, 4, 5], unpaired: [], breaks: []},
  // Notes 1-6 with note 3's number lost: the paragraph after note 2, a citation of its own where the list
  // skips 3, is note 3 (info `unnumbered-note`); the body cites only 4 (quote-glued) and 5 (after a
  // closing quote and a space), so the first body marker breaks the sequence (4, expected 1).
  'lost-number.txt': {markers: 2, notes: 6, unlinked: [], unpaired: [1, 2, 3, 6], breaks: ['4→1']},
  // `[n] .` markers and an inline `Endnotes [1] . …` list on one line.
  'one-line-page.txt': {markers: 3, notes: 3, unlinked: [], unpaired: [], breaks: []},
  // `<sup>n</sup>` markers and `<sup>n</sup>.` notes, one to one, across a joined page.
  'kramdown-report.txt': {markers: 3, notes: 3, unlinked: [], unpaired: [], breaks: []},
  // Two `<table>` blocks between paragraphs: content, so no junk removed but the notes heading.
  'html-table.txt': {markers: 2, notes: 2, unlinked: [], unpaired: [], breaks: []},
  'series-report.txt': {markers: 0, notes: 0, unlinked: [], unpaired: [], breaks: []},
  'pla-authors.txt': {markers: 0, notes: 0, unlinked: [], unpaired: [], breaks: []}
}

function run(name: string) {
  const text = readFileSync(new URL(name, folder), 'utf8')
  const file = new VFile({value: text})
  const tree = recognizeArticle(text, file)
  return {text, file, tree, brief: file.data.brief!}
}

function count(tree: Root, type: string): number {
  let total = 0
  visit(tree, type, () => {
    total++
  })
  return total
}

describe('recognizeArticle on corpus-shaped fixtures', () => {
  it('has an expectation for every fixture in the folder', () => {
    expect(readdirSync(folder).filter((name) => name.endsWith('.txt')).sort()).toEqual(Object.keys(files).sort())
  })

  for (const [name, expected] of Object.entries(files)) {
    describe(name, () => {
      const {text, file, tree, brief} = run(name)
      const numbers = (rule: string) =>
        file.messages.filter((message) => message.ruleId === rule).map((message) => (message as unknown as {data: {number: number}}).data.number)

      it('loses no word', () => {
        // Table markup is syntax: its cells' text is what must survive.
        const words = text.replace(/<\/?(?:table|thead|tbody|tr|td|th|a)\b[^>]*>/g, ' ').replaceAll('&amp;', '&')
        expect(Object.fromEntries(lostWords(words, tree, brief))).toEqual({})
      })

      it('links the markers and notes it should', () => {
        expect(count(tree, 'footnoteReference')).toBe(expected.markers)
        expect(tree.children.filter((node) => node.type === 'footnoteDefinition')).toHaveLength(expected.notes)
      })

      it('reports every marker and note it could not pair', () => {
        expect(numbers('unlinked-marker').sort((a, b) => a - b)).toEqual(expected.unlinked)
        expect(numbers('unpaired-note')).toEqual(expected.unpaired)
        const breaks = file.messages
          .filter((message) => message.ruleId === 'broken-note-sequence')
          .map((message) => {
            const data = (message as unknown as {data: {number: number; expected: number}}).data
            return `${data.number}→${data.expected}`
          })
        expect(breaks).toEqual(expected.breaks)
        const known = new Set(['removed-text', 'unlinked-marker', 'unpaired-note', 'broken-note-sequence', 'one-line-page', 'no-notes-list', 'unnumbered-note'])
        expect(file.messages.filter((message) => !known.has(message.ruleId!))).toEqual([])
      })

      it('keeps every position inside the input and every message placed', () => {
        visit(tree, (node) => {
          const position = node.position!
          expect(position, node.type).toBeDefined()
          expect(position.start.offset).toBeGreaterThanOrEqual(0)
          expect(position.end.offset).toBeLessThanOrEqual(text.length)
          expect(position.start.offset).toBeLessThanOrEqual(position.end.offset!)
        })
        for (const item of brief.removed) {
          expect(text.slice(item.position!.start.offset, item.position!.end.offset), item.reason).toContain(item.text)
        }
        for (const message of file.messages) {
          expect(message.source).toBe('remark-brief')
          expect(message.place, message.reason).toBeDefined()
        }
      })

      it('labels definitions with their original numbers', () => {
        const labels = tree.children
          .filter((node): node is FootnoteDefinition => node.type === 'footnoteDefinition')
          .map((node) => Number(node.label))
        expect(labels).toEqual([...labels].sort((a, b) => a - b))
        expect(new Set(labels).size).toBe(labels.length)
      })
    })
  }

  it('reads the front matter of an archived one-line page and drops the page chrome on its line', () => {
    const {brief} = run('one-line-page.txt')
    expect(brief).toMatchObject({
      title: 'Comments to the Example Ministry Regarding the Draft Platform Law',
      authors: [{name: 'Jane Q. Doe'}],
      date: '2026-06-20',
      organization: 'Example Innovation Institute',
      url: 'https://example.org/publications/2026/06/20/comments-draft-platform-law/'
    })
    expect(brief.series).toBeUndefined()
    // Class 4: the archive record around the article (a title and summary in another language, the
    // "English Source Material" heading) is not printed; then the page chrome on the one line.
    expect(brief.removed.map((item) => [item.reason, item.text.slice(0, 40)]).slice(1)).toEqual([
      ['archive record: heading in another language', '# 关于平台法草案的意见'],
      ['archive record: heading in another language', '## 中文摘要'],
      ['archive record: summary in another language', '本文是对草案的评论摘要。'],
      ['archive record: heading around the source text', '## English Source Material'],
      ['title and byline repeated at the start of the page', 'Comments to the Example Ministry Regardi'],
      ['download links', 'Downloads Filing PDF Tệp PDF'],
      ['notes heading (its notes became footnote definitions)', 'Endnotes'],
      ['related-content teasers', 'Related October 12, 2025 Letter to the A']
    ])
  })

  it('reads `Title:`/`Author:` lines, series lines, headings-as-title, subtitles and bylines', () => {
    expect(run('glued-year.txt').brief).toMatchObject({
      title: 'Harbours and Memory in the Northern Provinces',
      // Class 14: a degree after the name is the author's credentials, not part of the name.
      authors: [{name: 'Anna Example', credentials: 'PhD'}]
    })
    const report = run('series-report.txt')
    const header = report.brief.removed.filter((item) => !/metadata header/.test(item.reason))
    expect(header.map((item) => [item.reason, item.text, item.position?.start.line])).toEqual([
      ['series line (read into file.data.brief as Example Maritime Report, issue 7)', 'Example Maritime Report No. 7', 4]
    ])
    expect(report.brief).toMatchObject({
      // Class 14: the series and number before the title go to `series` and `issue`, not into the title.
      title: 'Crews Ashore - The Port Officer in Coastal Shipping',
      authors: [{name: 'Conan Q. Example'}],
      series: 'Example Maritime Report',
      issue: '7',
      disclaimer: expect.stringMatching(/^Opinions, conclusions, and recommendations expressed or implied within are solely those/)
    })
    const doctrine = run('pla-authors.txt').brief
    expect(doctrine).toMatchObject({title: 'Doctrine of an Example Army: Key Concepts'})
    expect(doctrine.authors.map((author) => author.name)).toEqual([
      'Patrick Example',
      'Brian Sample',
      'David Placeholder',
      'Mary Fictional-Wise',
      'April Example',
      'Kevin Sample'
    ])
  })

  it('removes the Jekyll/kramdown/CSS scaffolding of a joined report', () => {
    const {brief, tree} = run('kramdown-report.txt')
    // Class 13: the site glyph `§ ` before the title is residue, not part of the title.
    expect(brief.title).toBe('EXAMPLE COMMISSION - 2021 Annual Report on Implementation')
    expect(brief.date).toBe('2021-08')
    const reasons = new Set(brief.removed.map((item) => item.reason))
    for (const reason of ['style sheet', 'kramdown attribute', 'front matter of a page joined into this file', 'HTML markup']) {
      expect(reasons).toContain(reason)
    }
    let html = 0
    visit(tree, 'text', (node) => {
      if (/<\/?(?:style|div|iframe|ul|li)\b/.test(node.value)) html++
    })
    expect(html).toBe(0)
  })
})
