/**
 * Class 11: `<table>` markup in scraped text is content. It becomes a GFM
 * table (remark-gfm's mdast), printed as a table in HTML and Markdown, and
 * none of it is listed as removed junk.
 */
import {readFileSync} from 'node:fs'
import type {Root, Table} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {recognizeArticle} from '../src/article/index.js'
import {findTables} from '../src/article/tables.js'
import {lostWords} from '../src/article/words.js'
import {fixBrief} from '../src/build/fix.js'
import {createBriefProcessor} from '../src/build/processor.js'

const text = readFileSync(new URL('fixtures/article/classes/html-table.txt', import.meta.url), 'utf8')

function recognize(value: string) {
  const file = new VFile({value})
  const tree = recognizeArticle(value, file)
  return {file, tree, brief: file.data.brief!}
}

const cells = (table: Table) => table.children.map((row) => row.children.map((cell) => toString(cell)))
const tablesOf = (tree: Root) => tree.children.filter((node): node is Table => node.type === 'table')

describe('HTML tables in scraped text', () => {
  it('become GFM tables in their place, cell text as text (links and entities read, spans and short rows filled)', () => {
    const {tree} = recognize(text)
    expect(tree.children.map((node) => node.type)).toEqual(['paragraph', 'table', 'paragraph', 'table', 'footnoteDefinition', 'footnoteDefinition'])
    const [minerals, ports] = tablesOf(tree)
    expect(cells(minerals!)).toEqual([
      ['Mineral', '2020', '2024'],
      ['Cobalt', '1,200', '2,950'],
      ['Lithium & brine', '310', '1,045'],
      // `colspan="2"`: the figure stays in its 2024 column.
      ['Rare earths (not reported before 2024)', '', '88']
    ])
    expect(minerals!.align).toEqual([null, null, null])
    expect(cells(ports!)).toEqual([
      ['Port', 'Share'],
      ['North Bay', '61%'],
      ['South Point', '39%']
    ])
  })

  it('lists none of the table as removed, loses no word, and places every cell on its text', () => {
    const {tree, brief} = recognize(text)
    expect(brief.removed.map((item) => item.reason)).toEqual(['notes heading (its notes became footnote definitions)'])
    expect(Object.fromEntries(lostWords(text.replace(/<[^>]+>/g, ' ').replace('&amp;', '&'), tree, brief))).toEqual({})
    const cobalt = tablesOf(tree)[0]!.children[1]!.children[0]!
    expect(text.slice(cobalt.position!.start.offset, cobalt.position!.end.offset)).toBe('Cobalt')
    expect(cobalt.position!.start.line).toBe(11)
  })

  it('prints as a table in the HTML and as a GFM table in the Markdown', () => {
    const file = new VFile({value: text, path: 'minerals.txt'})
    const html = String(createBriefProcessor({format: 'text'}).processSync(file)).replace(/\u00AD/g, '')
    // The template numbers tables (a caption before the head): issue 12's figures and tables.
    expect(html).toMatch(/<table>(?:<caption>.*?<\/caption>)?\s*<thead>\s*<tr>\s*<th>Mineral<\/th>/s)
    expect(html).toMatch(/<td>North Bay<\/td>\s*<td>61%<\/td>/)
    expect(html).not.toContain('data-table')
    const markdown = String(fixBrief(new VFile({value: text, path: 'minerals.txt'})))
    expect(markdown).toContain('| Port        | Share |\n| ----------- | ----- |\n| North Bay   | 61%   |')
  })

  it('leaves markup that is not a table block alone, and an unclosed table to the junk rules', () => {
    expect(findTables('A sentence about <table> tags.\n')).toEqual([])
    expect(findTables('<table><tr><td>never closed\n')).toEqual([])
    const {tree} = recognize('Title\n\nText before.\n\n<table><tr><td>a</td></tr>\n\nText after.\n')
    expect(tablesOf(tree)).toEqual([])
  })

  it('keeps a table nested in a cell as that cell’s text', () => {
    const [table] = findTables('<table><tr><td>outer</td><td><table><tr><td>inner</td></tr></table></td></tr></table>\n')
    expect(table!.rows.map((row) => row.map((cell) => cell.text))).toEqual([['outer', 'inner']])
  })
})
