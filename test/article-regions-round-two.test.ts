/**
 * Issue 11, round two's post-mortem (body start and end, and a report's
 * front): each class of text behind a wrong body edge, title, author or date
 * on the files of the second holdout, on a small synthetic fixture of ours.
 */
import {readFileSync} from 'node:fs'
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {recognize} from './setup/recognize.js'

const fixture = (name: string) => readFileSync(new URL(`fixtures/article/round-two/${name}`, import.meta.url), 'utf8')

/** The body as printed: text of every block but the notes, headings marked. */
function blocks(tree: Root): string[] {
  return tree.children.filter((node) => node.type !== 'footnoteDefinition').map((node) => (node.type === 'heading' ? `## ${toString(node)}` : toString(node)))
}

describe('a converted report: cover date, credits, contents, references and footnotes (classes 3 and 14)', () => {
  const {tree, brief, removed, lost} = recognize(fixture('report-pdf.txt'))

  it('reads a date line over the title as the date, and the title under it', () => {
    expect(brief.title).toBe('Tide Tables and the Harbour Courts')
    expect(brief.date).toBe('2024-03')
  })

  it('reads the credits list: those credited as authors are the authors, the others contributors', () => {
    expect(brief.authors).toEqual([{name: 'Ada Brack'}, {name: 'Tomas Wren'}])
    expect(brief.contributors).toEqual([{name: 'Mara Quell', role: 'Principal Investigator'}])
    expect(removed).toContainEqual(['credits list (read into file.data.brief.authors and contributors)', 'Dr. Mara Quell Principal Investigator\nDr. Ada Brack Author\nTomas Wren Co-author'])
  })

  it('ends the table of contents where its block runs into the first heading, which opens the body', () => {
    const body = blocks(tree)
    expect(body[0]).toBe('## Introduction')
    expect(body[1]).toMatch(/^The harbour boards of the delta printed/)
    expect(removed.map(([reason]) => reason)).toContain('table of contents')
  })

  it('ends the body before a `References` line over a hard-wrapped list, and keeps the footnotes under their label', () => {
    expect(blocks(tree).at(-1)).toBe("By the end of the century no harbour in the delta worked without a printed table, and the pilots had\nbecome the tables' keenest critics.")
    expect(brief.references).toHaveLength(1)
    expect(brief.references?.[0]).toMatch(/^Quell, M\. \(1998\)/)
    const notes = tree.children.filter((node) => node.type === 'footnoteDefinition')
    expect(notes.map((node) => node.label)).toEqual(['1', '2'])
    expect(lost).toEqual(new Map())
  })
})

describe('a report cover before its contents list, with the title read as a heading (classes 3 and 13)', () => {
  const {tree, brief, removed, lost} = recognize(fixture('report-cover.txt'))

  it('removes the cover blocks and the contents list above the summary heading', () => {
    const body = blocks(tree)
    const text = [brief.summary ?? '', ...body.filter((block) => !block.startsWith('## '))].join('\n').trim()
    expect(text).not.toMatch(/web version|DELTA HARBOUR BOARD|Mara Quell|Video|CONTENTS/)
    expect(text.startsWith('The harbour boards of the delta printed')).toBe(true)
    expect(removed.map(([reason]) => reason)).toContain('front matter before the article (links, captions, citation and access statements)')
    expect(brief.date).toBe('2024-05')
    expect(lost).toEqual(new Map())
  })
})

describe('an abstract heading under the title opens the body (classes 3 and 14)', () => {
  const {tree, brief} = recognize(fixture('report-abstract.txt'))

  it('keeps the short abstract paragraphs as the start of the article', () => {
    const text = [brief.summary ?? '', ...blocks(tree).filter((block) => !block.startsWith('## '))].join('\n').trim()
    expect(text).toMatch(/^The harbour boards of the delta printed/)
    expect(brief.title).toBe('Tide Tables and the Harbour Courts')
  })
})

describe('a journal page whose abstract label is glued to its text by a dash (class 3)', () => {
  const {tree, brief, removed, lost} = recognize(fixture('journal-abstract.txt'))

  it('cuts the page head, the title and the author line up to `Abstract—`, which heads the text after it', () => {
    const body = blocks(tree)
    const first = body.findIndex((block) => !block.startsWith('## '))
    expect(body[first - 1]).toBe('## Abstract')
    expect(body[first]).toMatch(/^The harbour boards of the delta printed their first tide tables/)
    expect(removed.map(([reason]) => reason)).toContain('front matter before the summary (imprint, contents, series boilerplate)')
    expect(brief.title).toBe('Tide Tables and the Harbour Courts: Evidence, Pilots, and Print')
    expect(lost).toEqual(new Map())
  })
})

describe('lists closing a report after its last paragraph of prose (class 3)', () => {
  it('removes the glossary and the names under their headings: the body ends at its last sentence', () => {
    const {tree, removed, lost} = recognize(fixture('report-tail.txt'))
    expect(blocks(tree).at(-1)).toBe("By the end of the century no harbour in the delta worked without a printed table, and the pilots had become the tables' keenest critics.")
    expect(removed).toContainEqual(['lists after the article (names, roles, glossary)', 'STAFF\nAda Brack\nLior Venn\nLEGAL ADVISORS\nSera Holt, General Counsel\nPRODUCTION STAFF\nIvo Lund, Editor'])
    expect(lost).toEqual(new Map())
  })

  it('keeps a short closing list of fewer lines in the body', () => {
    const {tree} = recognize('Harbour Law\n\nThe boards borrowed the notebooks of the pilots for many years, and the tables they printed were read in court.\n\nWhat the boards printed:\nTide tables\nChannel depths\nPilot fees\n')
    expect(blocks(tree).at(-1)).toBe('What the boards printed:\nTide tables\nChannel depths\nPilot fees')
  })
})
