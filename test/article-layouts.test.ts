/**
 * Marker and notes-list layouts the corpus's tune files do not exercise (issue 11, round two): one small
 * fixture of ours per class (test/fixtures/article/layouts/<class>.txt). Each test states the markers that
 * must be linked (label and the word right before it) and the notes (label and first words), read from the
 * fixture, not from the recognizer.
 */
import {readFileSync} from 'node:fs'
import type {FootnoteDefinition, Heading, Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {recognize} from './setup/recognize.js'

function run(name: string) {
  const text = readFileSync(new URL(`fixtures/article/layouts/${name}.txt`, import.meta.url), 'utf8')
  return {text, ...recognize(text)}
}

/** Each linked marker as `label: the word right before it` (`,` between the notes of one marker). */
function linked(tree: Root): string[] {
  const found: string[] = []
  visit(tree, 'footnoteReference', (node, index, parent) => {
    const before = (parent!.children as Nodes[]).slice(0, index).map((item) => (item.type === 'footnoteReference' ? `[${item.label}]` : toString(item))).join('').trimEnd()
    found.push(`${node.label}: ${before.split(/\s+/).at(-1)}`)
  })
  return found
}

/** Each note as `label: its first three words`. */
function notes(tree: Root): string[] {
  return tree.children
    .filter((node): node is FootnoteDefinition => node.type === 'footnoteDefinition')
    .map((node) => `${node.label}: ${toString(node).split(/\s+/).slice(0, 3).join(' ')}`)
}

function headings(tree: Root): string[] {
  return tree.children.filter((node): node is Heading => node.type === 'heading').map((node) => toString(node))
}

describe('markers citing several notes', () => {
  it('links each note of `<sup>1,2</sup>`, `[3–5]` (4 inside the range), `.6,7` and `”8, 9`, printed with commas', () => {
    const {tree, file, lost} = run('multi-markers')
    expect(linked(tree)).toEqual([
      '1: council.', '2: council.[1],', '3: tariffs', '4: [3],', '5: [3],[4],',
      '6: twice.', '7: twice.[6],', '8: spring.”', '9: spring.”[8],'
    ])
    expect(notes(tree).map((note) => note.split(':')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
    // `¹˒²` after 9 goes back, in another style than the document's: an author's own numbering, kept as text.
    expect(toString(tree.children[0]).endsWith('Cable vessels followed.¹˒²')).toBe(true)
    expect(file.messages.filter((message) => message.ruleId !== 'removed-text')).toEqual([])
    expect(Object.fromEntries(lost)).toEqual({})
  })
})

describe('notes lists in other layouts', () => {
  const four = (first: string, second: string, third: string, fourth: string) => [`1: ${first}`, `2: ${second}`, `3: ${third}`, `4: ${fourth}`]

  it('`(1) …` entries under a letter-spaced `N O T E S` heading', () => {
    const {tree, removed, lost} = run('notes-numbering')
    expect(linked(tree)).toEqual(four('costs.', 'slowly.', 'plan.', 'market.'))
    expect(notes(tree)).toEqual(four('Omar Diallo, “Rising', 'Lena Park, “Slow', 'Ivo Brandt, “Delayed', 'Ada Mensah, “Common'))
    expect(removed).toContainEqual(['notes heading (its notes became footnote definitions)', 'N O T E S'])
    expect(Object.fromEntries(lost)).toEqual({})
  })

  it('each number alone on its line, the note on the next (after a blank line too)', () => {
    const {tree, lost} = run('notes-number-alone')
    expect(linked(tree)).toEqual(['1: coast.', '2: third.', '3: agency.'])
    expect(notes(tree)).toEqual(['1: Omar Diallo, “Coastal', '2: Lena Park, “Quota', '3: Ivo Brandt, “A'])
    expect(Object.fromEntries(lost)).toEqual({})
  })

  it('a notes list run on one line after its heading', () => {
    const {tree, lost} = run('notes-one-line')
    expect(linked(tree)).toEqual(four('continents.', 'few.', 'premiums.', 'routes.'))
    expect(notes(tree)).toEqual(four('Omar Diallo, “Data', 'Lena Park, “Repair', 'Ivo Brandt, “Premiums,”', 'Ada Mensah, “Route'))
    expect(toString(tree.children.at(-1)!)).toBe('Ada Mensah, “Route Maps,” Ocean Governance, 2020.')
    expect(Object.fromEntries(lost)).toEqual({})
  })

  it('bare-numbered entries (`1 Author …`) without a heading, counting from 1 and cited by the body', () => {
    const {tree, lost} = run('notes-bare-no-heading')
    expect(linked(tree)).toEqual(four('years.', 'rights.', 'them.', 'sales.'))
    expect(notes(tree)).toEqual(four('Omar Diallo, “Dry', 'Lena Park, “Selling', 'Ivo Brandt, “Urban', 'Ada Mensah, “Courts'))
    expect(Object.fromEntries(lost)).toEqual({})
  })
})

describe('markers split off by a space', () => {
  it('before the sentence punctuation (`assembly 1.`, `decade 2,`), where the notes sequence confirms them', () => {
    const {tree, lost} = run('marker-before-punctuation')
    expect(linked(tree)).toEqual(['1: assembly', '2: decade', '3: suppliers', '4: region'])
    expect(notes(tree)).toHaveLength(4)
    expect(Object.fromEntries(lost)).toEqual({})
  })
})

describe('markers in the forms converters leave', () => {
  it('escaped brackets (`\\[1\\]`, a Markdown converter’s), in the text and the notes list', () => {
    const {tree, lost} = run('marker-escaped-brackets')
    expect(linked(tree)).toEqual(['1: drought.', '2: donors.', '3: year.'])
    expect(notes(tree)).toEqual(['1: Omar Diallo, “Drought', '2: Lena Park, “Donor', '3: Ivo Brandt, “Grant'])
    expect(Object.fromEntries(lost)).toEqual({})
  })

  it('numbers linked to a note on the page by its full address (`[[1]](https://site/page#_ftn1)`); other links stay links', () => {
    const {tree, lost} = run('marker-page-links')
    expect(linked(tree)).toEqual(['1: faster.', '2: cannot.', '3: proposed.'])
    expect(notes(tree)).toEqual(['1: Omar Diallo, “Charging', '2: Lena Park, “Small', '3: Ivo Brandt, “A'])
    const links: string[] = []
    visit(tree, 'link', (node) => {
      links.push(node.url)
    })
    expect(links).toEqual(['https://www.example.org/report-2024'])
    expect(Object.fromEntries(lost)).toEqual({})
  })

  it('HTML anchors left in the text (`<sup><a href="#_ftn1">[1]</a></sup>`, `<a href="#fn2">2</a>`), and notes opened by one', () => {
    const {tree, lost} = run('marker-html-anchors')
    expect(linked(tree)).toEqual(['1: districts.', '2: inflation.', '3: disagreed.'])
    expect(notes(tree)).toEqual(['1: Omar Diallo, “Postponed', '2: Lena Park, “Inflation', '3: Ivo Brandt, “Engineers'])
    expect(Object.fromEntries(lost)).toEqual({})
  })

  it('digits glued to a word where a PDF lost the superscript (`authority1 has`), a bare caret (`navy’s.^2`), notes as `1.Author`', () => {
    const {tree, lost} = run('marker-glued-word')
    expect(linked(tree)).toEqual(['1: authority', '2: navy’s.', '3: builders', '4: letter'])
    expect(notes(tree)).toEqual(['1: Omar Diallo, “Cutter', '2: Lena Park, “Navy', '3: Ivo Brandt, “Shipbuilders', '4: Ada Mensah, “A'])
    // `by 3 per cent` is a count, not a marker.
    expect(toString(tree.children[0])).toContain('grew by 3 per cent')
    expect(Object.fromEntries(lost)).toEqual({})
  })
})

describe('headings on one-line pages', () => {
  it('sentence-case headings that the page’s contents list prints again become headings', () => {
    const {tree, lost, brief} = run('toc-echo-headings')
    expect(headings(tree)).toEqual(['How the ports lost their freight', 'A compromise with many open questions', 'Budgets after the reform'])
    // The contents list printed after the last sentence is no heading and no text: it goes to removed (closing.ts).
    expect(toString(tree.children.at(-1)!)).toMatch(/authority found budget for\.$/)
    expect(brief.removed.map((item) => item.text)).toContain('Contents How the ports lost their freight A compromise with many open questions Budgets after the reform Share this page')
    expect(Object.fromEntries(lost)).toEqual({})
  })
})
