/**
 * The six real articles in ../shared/corpus (read-only): the recognizer never
 * throws on them, loses no word, and reports what it could not pair. The
 * expected numbers come from reading the files (and SOURCES.md), not from the
 * recognizer's output.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {FootnoteDefinition, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {recognizeArticle} from '../src/article/index.js'
import {lostWords} from '../src/article/words.js'

// CI clones the repository next to a copy of shared/, as on a developer's machine.
const corpus = fileURLToPath(new URL('../../shared/corpus/', import.meta.url))

interface Expected {
  /** Labels of the linked markers, in order. */
  markers: number
  notes: number
  unlinked: number[]
  unpaired: number[]
  /** `number→expected` for every broken-note-sequence warning. */
  breaks: string[]
}

const files: Record<string, Expected> = {
  // Markers 1-55 (19 glued to a year: `end of 1961.19`); marker 55 has no note (the list stops at 54).
  '02-jams-munro-china-identity.txt': {markers: 54, notes: 54, unlinked: [55], unpaired: [], breaks: []},
  // 107 `<sup>n</sup>` markers and 107 notes spread through the report, one to one.
  '04-cyberspace-solarium-2021-report.txt': {markers: 107, notes: 107, unlinked: [], unpaired: [], breaks: []},
  // `[n]` markers and an inline `Endnotes [1] . …` list.
  '06-itif-vietnam-competition-law-comments.txt': {markers: 4, notes: 4, unlinked: [], unpaired: [], breaks: []},
  '08-itif-declining-manufacturing-births.txt': {markers: 49, notes: 49, unlinked: [], unpaired: [], breaks: []},
  // No notes list: the markers' run is reported (one no-notes-list warning, each marker at info level),
  // nothing linked. Marker 23 is split (`shipping.2 3`): its `2` fits no run, so 23 is absent.
  '10-cmsi-ship-political-commissar.txt': {
    markers: 0,
    notes: 0,
    unlinked: Array.from({length: 96}, (_, index) => index + 1).filter((number) => number !== 23),
    unpaired: [],
    breaks: []
  },
  // Notes 1-51 with note 7's number lost. SOURCES.md counts one marker in the body (`against China."15`);
  // reading the text, `nuclear war.” 18 These developments` (line 169) is a second one.
  '12-cna-pla-doctrine-key-concepts.txt': {
    markers: 2,
    notes: 50,
    unlinked: [],
    unpaired: Array.from({length: 51}, (_, index) => index + 1).filter((number) => ![7, 15, 18].includes(number)),
    breaks: ['8→7', '15→1', '18→16']
  }
}

function run(name: string) {
  const text = readFileSync(corpus + name, 'utf8')
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

describe('recognizeArticle on the real corpus', () => {
  for (const [name, expected] of Object.entries(files)) {
    describe(name, () => {
      const {text, file, tree, brief} = run(name)
      const numbers = (rule: string) =>
        file.messages.filter((message) => message.ruleId === rule).map((message) => (message as unknown as {data: {number: number}}).data.number)

      it('loses no word', () => {
        expect(Object.fromEntries(lostWords(text, tree, brief))).toEqual({})
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

  it('reads the front matter of the archived ITIF pages', () => {
    const {brief} = run('06-itif-vietnam-competition-law-comments.txt')
    expect(brief).toMatchObject({
      title: "Comments to Vietnam's Ministry of Industry and Trade Regarding the Draft Law Amending and Supplementing Competition Law",
      authors: [{name: 'Joseph V. Coniglio'}],
      date: '2026-06-20',
      organization: 'Information Technology and Innovation Foundation',
      url: 'https://itif.org/publications/2026/06/20/comments-vietnams-ministry-industry-trade-draft-law-amending-supplementing-competition-law/'
    })
    expect(brief.series).toBeUndefined()
    expect(brief.removed.map((item) => [item.reason, item.text.slice(0, 40)]).slice(1)).toEqual([
      ['title and byline repeated at the start of the page', "Comments to Vietnam's Ministry of Indust"],
      ['download links', 'Downloads Filing PDF Tệp PDF'],
      ['notes heading (its notes became footnote definitions)', 'Endnotes'],
      ['related-content teasers', 'Related October 12, 2025 Letter to the P']
    ])
  })

  it('reads `Title:`/`Author:` lines, headings-as-title, subtitles and bylines', () => {
    expect(run('02-jams-munro-china-identity.txt').brief).toMatchObject({
      title: 'China’s Identity through a Historical Lens',
      authors: [{name: 'Neil Munro, PhD'}]
    })
    const cmsi = run('10-cmsi-ship-political-commissar.txt')
    const header = cmsi.brief.removed.filter((item) => !/placeholder|disclaimer/.test(item.reason))
    expect(header.map((item) => [item.reason, item.text, item.position?.start.line])).toEqual([
      ['series line (read into file.data.brief as China Maritime Report, issue 40)', 'China Maritime Report No. 40', 5],
      ['byline repeated', 'Conor M. Kennedy', 9]
    ])
    expect(cmsi.brief).toMatchObject({
      title: 'China Maritime Report No. 40: Onboard Political Control - The Ship Political Commissar in Chinese Merchant Shipping',
      authors: [{name: 'Conor M. Kennedy'}],
      series: 'China Maritime Report',
      issue: '40',
      disclaimer: expect.stringMatching(/^Opinions, conclusions, and recommendations expressed or implied within are solely those/)
    })
    const pla = run('12-cna-pla-doctrine-key-concepts.txt').brief
    expect(pla).toMatchObject({title: "Doctrine of the Chinese People's Liberation Army", subtitle: 'KEY CONCEPTS'})
    expect(pla.authors.map((author) => author.name)).toEqual([
      'Patrick deGategono',
      'Brian Waidelich',
      'David Finkelstein',
      'Maryanne Kivlehan-Wise',
      'April Herlevi',
      'Kevin Pollpeter'
    ])
  })

  it('removes the Jekyll/kramdown/CSS scaffolding of the joined report', () => {
    const {brief, tree} = run('04-cyberspace-solarium-2021-report.txt')
    expect(brief.title).toBe('§ CYBERSPACE SOLARIUM COMMISSION - 2021 Annual Report on Implementation')
    expect(brief.date).toBe('AUGUST 2021')
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
