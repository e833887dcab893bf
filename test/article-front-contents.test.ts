/**
 * Issue 11, the front edge of converted reports (class 3): tables of
 * contents (dot leaders, roman pages, page numbers first or last, entries as
 * blocks, a list of links to the page's own headings), board lists and an
 * epigraph before the article, each on a small synthetic fixture of ours:
 * where the body starts, what was removed and why, and that no word is lost.
 */
import {readFileSync} from 'node:fs'
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {contentsRunAt, isContentsLine} from '../src/article/contents.js'
import {recognize} from './setup/recognize.js'

const fixture = (name: string) => readFileSync(new URL(`fixtures/article/front/${name}`, import.meta.url), 'utf8')

/** The body as printed: every block but the notes, headings marked. */
function blocks(tree: Root): string[] {
  return tree.children.filter((node) => node.type !== 'footnoteDefinition').map((node) => (node.type === 'heading' ? `## ${toString(node)}` : toString(node)))
}

const tokens = (value: string) => [...value.matchAll(/\S+/g)].map((match) => ({start: match.index, end: match.index + match[0].length, text: match[0]}))

describe('table-of-contents entries', () => {
  it('reads a line with dot leaders, a roman page, a plain page or an in-page link as an entry', () => {
    expect(isContentsLine('Executive Summary ........ 1')).toBe(true)
    expect(isContentsLine('Foreword . . . . iii')).toBe(true)
    expect(isContentsLine("The Pilots' Notebooks 7")).toBe(true)
    expect(isContentsLine('[The pilots](#the-pilots)')).toBe(true)
  })

  it('takes no sentence, link elsewhere or bare number for one', () => {
    expect(isContentsLine('The boards printed their first tables in 1851. They sold 12')).toBe(false)
    expect(isContentsLine('[The pilots](https://example.org/pilots)')).toBe(false)
    expect(isContentsLine('12 14')).toBe(false)
  })

  it('needs three entries whose pages never go back', () => {
    expect(contentsRunAt(tokens('Contents Introduction 1 Tables 4 Conclusion 9 Next'), 0)).toEqual({end: 7, first: 'Introduction', labelled: true})
    expect(contentsRunAt(tokens('Introduction 9 Tables 4 Conclusion 1'), 0)).toBeUndefined()
    expect(contentsRunAt(tokens('Introduction 1 Tables 4 The boards'), 0)).toBeUndefined()
  })
})

describe('a table of contents before the body', () => {
  it('removes entry lines with dot leaders and roman pages under a Contents label', () => {
    const {tree, removed, lost} = recognize(fixture('contents-lines.txt'))
    expect(blocks(tree).slice(0, 2)).toEqual(['## Executive Summary', expect.stringMatching(/^The harbour boards of the delta printed/)])
    expect(removed).toContainEqual(['table of contents', expect.stringMatching(/^Contents\nForeword \.+ iii\n/)])
    expect(lost).toEqual(new Map())
  })

  it('removes entries printed as blocks of their own (a heading per entry)', () => {
    const {tree, removed, lost} = recognize(fixture('contents-blocks.txt'))
    expect(blocks(tree).slice(0, 2)).toEqual(['## Introduction', expect.stringMatching(/^The tables began as copies/)])
    expect(removed.filter(([reason]) => reason === 'table of contents').map(([, text]) => text)).toEqual(['Table of Contents', 'Introduction 3', "The Pilots' Notebooks 7", 'Conclusion 12'])
    expect(lost).toEqual(new Map())
  })

  it('cuts a run of entries with roman and arabic pages from a one-line page, with no other evidence', () => {
    const {tree, removed, lost} = recognize(fixture('contents-roman.txt'))
    expect(blocks(tree).slice(0, 2)).toEqual(['## Introduction', expect.stringMatching(/^The tables began as copies/)])
    expect(removed).toContainEqual(['table of contents', "Foreword iii Acknowledgments v Introduction 1 The Pilots' Notebooks 4 The Printed Averages 9 Conclusion 14"])
    expect(lost).toEqual(new Map())
  })

  it('on a one-line report, removes the imprint before the contents and the running head and chapter bio after them, up to the first chapter', () => {
    const {tree, brief, removed, lost} = recognize(fixture('contents-page-first.txt'))
    expect(blocks(tree)[0]).toMatch(/^T he pilots of the delta kept notebooks/)
    expect(brief.authors).toEqual([])
    const reasons = removed.map(([reason]) => reason)
    expect(reasons).toContain('front matter before the table of contents (imprint, boards, series boilerplate)')
    expect(reasons).toContain('front matter between the table of contents and the first chapter')
    expect(removed).toContainEqual(['title of the first chapter, repeated', 'The Pilots and Their Notebooks Mara Quell 3 THE PILOTS AND THEIR NOTEBOOKS'])
    expect(lost).toEqual(new Map())
  })

  it('removes a list of links to the page’s own headings, and the editor’s note before it', () => {
    const {tree, removed, lost} = recognize(fixture('contents-links.txt'))
    expect(blocks(tree).slice(0, 3)).toEqual(['## Background', '## The pilots', 'The pilots of the delta kept notebooks of the tides for generations before any board printed a table.'])
    expect(removed.filter(([reason]) => reason === 'table of contents')).toHaveLength(4)
    expect(removed.filter(([reason]) => reason.startsWith('front matter before the table of contents'))).toHaveLength(2)
    expect(lost).toEqual(new Map())
  })

  it('keeps a summary that opens the body before the contents', () => {
    const {tree} = recognize('Tide Tables\n\nSummary\n\nThe boards printed tide tables for half a century before the pilots trusted them, and this report asks why the trust came so slowly to the delta.\n\nContents\nSummary 1\nIntroduction 3\nConclusion 9\n\nIntroduction\n\nThe tables began as copies of the pilots’ own notebooks, gathered by the boards over two decades and printed as averages.\n')
    expect(blocks(tree).join('\n')).toMatch(/The boards printed tide tables for half a century/)
  })
})

describe('a board list and an epigraph before the article', () => {
  it('removes a block of name lines (roles after commas, labels among them) once the authors are known', () => {
    const {tree, brief, removed, lost} = recognize(fixture('board-list.txt'))
    expect(brief.authors).toEqual([{name: 'Ada Brack'}])
    expect(blocks(tree)[0]).toMatch(/^The harbour boards of the delta printed/)
    expect(removed).toContainEqual(['board or staff list before the article', 'Harbour Institute\nBoard of Trustees\nMara Quell, Chair\nTom Wren, Treasurer\nIna Holt, Secretary\nOla Fenn\nPer Dahl'])
    expect(lost).toEqual(new Map())
  })

  it('removes a quotation standing over the opening heading, and keeps the heading', () => {
    const {tree, removed, lost} = recognize(fixture('epigraph.txt'))
    expect(blocks(tree).slice(0, 2)).toEqual(['## Introduction', expect.stringMatching(/^These words open the harbour board/)])
    expect(removed).toContainEqual(['epigraph before the article (a quotation over its opening heading)', 'Mara Quell: "A table is only as good as the pilot who reads it."'])
    expect(lost).toEqual(new Map())
  })
})

describe('a month and year as the date', () => {
  it('is read as ISO year and month, its line listed, and printed as the month and year', async () => {
    const {brief, removed, lost} = recognize('Tide Tables and the Delta Harbours\nAda Brack\nMARCH 2024\n\nThe harbour boards of the delta printed their first tide tables in 1851, and the pilots distrusted them for half a century.\n')
    expect(brief.date).toBe('2024-03')
    expect(removed).toContainEqual(['date line (read into file.data.brief.date as 2024-03)', 'MARCH 2024'])
    expect(lost).toEqual(new Map())
    const {formatDate} = await import('../src/template/slots.js')
    expect(formatDate('2024-03', 'en')).toBe('March 2024')
    expect(formatDate('2024-13', 'en')).toBe('2024-13')
  })
})
