/**
 * Issue 11, round one's post-mortem (regions and metadata): each class of text
 * behind a wrong title, author, date or body edge on the files opened after
 * their blind score, on a small synthetic fixture of ours: the brief fields,
 * where the body starts and ends, and that no word is lost.
 */
import {readFileSync} from 'node:fs'
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {isPersonName} from '../src/article/header.js'
import {recognize} from './setup/recognize.js'

const fixture = (name: string) => readFileSync(new URL(`fixtures/article/postmortem/${name}`, import.meta.url), 'utf8')

/** The body as printed: text of every block but the notes, headings marked. */
function blocks(tree: Root): string[] {
  return tree.children.filter((node) => node.type !== 'footnoteDefinition').map((node) => (node.type === 'heading' ? `## ${toString(node)}` : toString(node)))
}

describe('metadata written as headings, and ranks before names (class 14)', () => {
  const {tree, brief, removed, lost} = recognize(fixture('metadata-headings.txt'))

  it('reads `## Author:`, `## Publisher:` and `## Publication Date:` headings into the brief', () => {
    expect(brief.authors).toEqual([{name: 'Ada Brack', role: 'Colonel', affiliation: 'KSM'}])
    expect(brief.date).toBe('2024')
    // The publisher, not the author's affiliation, is the masthead's organization.
    expect(brief.organization).toBe('Delta Service Institution, Harbourton')
    expect(removed.slice(0, 3).map(([reason]) => reason)).toEqual(Array(3).fill('metadata header (read into file.data.brief)'))
  })

  it('takes no section heading deeper than the sections after it as the title', () => {
    expect(brief.title).toBeUndefined()
    expect(blocks(tree)[0]).toBe('## About the Study')
    expect(lost).toEqual(new Map())
  })
})

describe('back sections after the article (classes 3 and 14)', () => {
  const {tree, brief, removed, lost} = recognize(fixture('back-sections.txt'))

  it('ends the body at its last sentence', () => {
    expect(blocks(tree).at(-1)).toBe("By the end of the century no harbour in the delta worked without a printed table, and the pilots had become the tables' keenest critics.")
  })

  it('reads the reference list, the abbreviations and the bio into the brief', () => {
    expect(brief.references).toEqual(['Quell, M. (1998) Silt and Statute. Harbourton: Delta Press.', "Wren, T. (2004) The Pilots' Notebooks. Coastal Review, 3(1), pp. 44–74."])
    expect(brief.abbreviations).toEqual(['HB Harbour Board', 'Abbreviations:', 'RCS Review of Coastal Studies', 'TT Tide Table'])
    expect(brief.authors).toEqual([{name: 'Ada Brack', bio: 'Ada Brack is a lecturer in maritime law at Coastal College. She writes on harbours and the law.'}])
    expect(removed).toContainEqual(['references heading (its list is file.data.brief.references)', '# References'])
    expect(removed).toContainEqual(['about-the-author heading (its text is file.data.brief.authors[].bio)', '# About the Author'])
    expect(lost).toEqual(new Map())
  })

  it('keeps the numbers of a numbered reference list that repeats or skips them (nothing lost)', () => {
    const {brief: data, lost: missing} = recognize(
      'Harbour Law\n\nThe boards borrowed the notebooks of the pilots for many years, from 1890 on.\n\nBibliography\n\n1. Quell, M. (1998) Silt and Statute.\n1. Wren, T. (2004) The Pilots.\n4) Lark, P. (2011) Tides.\n'
    )
    expect(data.references).toEqual(['1. Quell, M. (1998) Silt and Statute.', '1. Wren, T. (2004) The Pilots.', '4. Lark, P. (2011) Tides.'])
    expect(missing).toEqual(new Map())
  })

  it('reads the entries of one list alike when an invisible character opens one of them', () => {
    // U+FEFF after `1. ` makes that line no list item (a paragraph keeping its number); the next is an item.
    const {brief: data, lost: missing} = recognize(
      'Harbour Law\n\nThe boards borrowed the notebooks of the pilots for many years, from 1890 on.\n\nReferences\n\n1. \uFEFF Quell, M. (1998) Silt.\n2. Wren, T. (2004) The Pilots.\n'
    )
    expect(data.references).toEqual(['1. \uFEFF Quell, M. (1998) Silt.', '2. Wren, T. (2004) The Pilots.'])
    expect(missing).toEqual(new Map())
  })

  it('leaves a References heading followed by another section in the body', () => {
    const {brief: data, tree: body} = recognize('Harbour Law\n\nThe boards borrowed the notebooks of the pilots for many years.\n\n# References\n\nQuell, M. (1998) Silt and Statute.\n\n# Conclusion\n\nThe pilots became the keenest critics of the printed tables.\n')
    expect(data.references).toBeUndefined()
    expect(blocks(body)).toContain('## References')
  })
})

describe('a publisher cover sheet before the article (class 3)', () => {
  const {tree, brief, removed, lost} = recognize(fixture('cover-sheet.txt'))

  it('takes the heading printed twice as the title, the name under its second printing as the author, the labelled date', () => {
    expect(brief.title).toBe('Tide tables and the making of harbour law')
    expect(brief.authors).toEqual([{name: 'Ada Brack'}])
    expect(brief.date).toBe('2019-03-03')
  })

  it('removes the cover, the collection title and the editor included, and starts at the introduction', () => {
    expect(blocks(tree).slice(0, 2)).toEqual(['## Introduction', expect.stringMatching(/^The first harbour boards/)])
    expect(removed.filter(([reason]) => reason.startsWith('cover sheet')).map(([, value]) => value.split('\n')[0])).toEqual([
      '# The Delta Handbook of Coastal Law',
      'Pim Steyn',
      'Publication details',
      'How to cite :- Ada Brack. 3 Mar 2019, Tide tables and the making of harbour law from: The Delta Handbook of Coastal Law Accessed on: 9 May 2021',
      '# PLEASE SCROLL DOWN FOR DOCUMENT',
      'This document may be used for research, teaching and private study purposes. Any substantial or systematic reproduction, re-distribution or re-selling in any form to anyone is expressly forbidden. The publisher gives no warranty that the contents will be complete or accurate.'
    ])
    expect(lost).toEqual(new Map())
  })

  it('is no cover when the heading is printed twice in a row', () => {
    const {brief: data} = recognize('# Harbour Law and the Pilots\n\n# Harbour Law and the Pilots\n\nAda Brack\n\nThe boards borrowed the notebooks of the pilots for many years, and the courts had to choose between them when ships ran aground in the delta.\n')
    expect(data.title).toBe('Harbour Law and the Pilots')
  })
})

describe('the known authors named again over the first bullets of a PDF page (class 3)', () => {
  const {tree, brief, removed, lost} = recognize(fixture('names-before-summary.txt'))

  it('cuts the names as a byline, not as a bio, and starts at the first bullet, not at a summary label printed after it', () => {
    expect(brief.authors).toEqual([{name: 'Ada Brack'}, {name: 'Olu Ferrant'}])
    expect(removed).toContainEqual(['byline (the known authors named again)', 'Ada Brack, Olu Ferrant'])
    expect(blocks(tree)[0]).toMatch(/^Harbour pilots kept tide tables of their own/)
    expect(lost).toEqual(new Map())
  })
})

describe('a collection whose metadata names its editors as authors (class 14)', () => {
  const {brief, removed, lost} = recognize(fixture('edited-volume.txt'))

  it('moves the names the text prints after `Edited by` from the authors to the contributors', () => {
    expect(brief.authors).toEqual([])
    expect(brief.contributors).toEqual([
      {name: 'Ada Brack', role: 'Editor'},
      {name: 'Olu Ferrant', role: 'Editor'}
    ])
    expect(removed).toContainEqual(['editors (read into file.data.brief.contributors)', 'Edited by Ada Brack and Olu Ferrant'])
    expect(lost).toEqual(new Map())
  })

  it('reads no acronym after a name as its surname', () => {
    expect(isPersonName('Olu Ferrant DELTA')).toBe(false)
    expect(isPersonName('OLU FERRANT')).toBe(true)
  })
})

describe('running heads of a PDF conversion (class 14)', () => {
  it('reads the name that follows the repeated title over a page number, twice or more, as the author', () => {
    const {brief, lost} = recognize(fixture('running-heads.txt'))
    expect(brief.authors).toEqual([{name: 'Ada Brack'}])
    expect(lost).toEqual(new Map())
  })

  it('reads no author from a single repetition', () => {
    const {brief} = recognize('---\ntitle: "Silt and Statute"\n---\n\nHarbour pilots kept tide tables of their own for two centuries, and the courts came to trust them. Silt and Statute Ada Brack 2 The boards borrowed the notebooks of the pilots and argued over which one to trust.\n')
    expect(brief.authors).toEqual([])
  })
})

describe('a web page closing with a call to action, tags, author cards and a disclaimer (class 3)', () => {
  const {tree, brief, removed, lost} = recognize(fixture('page-tail.txt'))

  it('ends the body at the last sentence and reads the disclaimer into the brief', () => {
    expect(blocks(tree).at(-1)).toMatch(/the pilots had become the tables' keenest critics\.$/)
    expect(brief.disclaimer).toBe('The opinions expressed herein are solely those of the authors and do not necessarily reflect the official views of the Institute.')
    expect(removed.map(([reason]) => reason)).toEqual([
      'front matter (read into file.data.brief: title)',
      'disclaimer label (its text is file.data.brief.disclaimer)',
      'promotion and link text after the last sentence'
    ])
    expect(lost).toEqual(new Map())
  })
})
