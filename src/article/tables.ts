/**
 * Pass `tables` (part of segment): `<table>` markup in scraped text is
 * content, not page junk ▶ GFM `table` nodes (the mdast of remark-gfm), each
 * cell's text with its place in the input. Markup is parsed as data (hast),
 * never run; cells keep their text only.
 */
import type {Element, ElementContent} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toText} from 'hast-util-to-text'
import type {RootContent, Table, TableCell, TableRow} from 'mdast'
import type {Position} from 'unist'

/** One `<table>…</table>` of the input, `[start, end)`, with its rows of cells. */
export interface FoundTable {
  start: number
  end: number
  rows: Array<Array<{text: string; start: number; end: number; header: boolean}>>
  /** Set when a block of the text was found inside it: only such tables replace their markup. */
  taken?: boolean
}

/** Tables that start a line of `text` (after spaces) and close with `</table>`. */
export function findTables(text: string): FoundTable[] {
  const found: FoundTable[] = []
  // Most texts have no table: one scan for the tag's name, before the line-anchored pattern tries every line.
  if (!/<table/i.test(text)) return found
  const open = /^[ \t]*<table\b[^>]*>/gim
  for (let match = open.exec(text); match; match = open.exec(text)) {
    const start = match.index + match[0].length - match[0].trimStart().length
    // Nested tables: the table ends where its own depth returns to zero.
    let depth = 0
    let end = -1
    const tags = /<(\/?)table\b[^>]*>/gi
    tags.lastIndex = start
    for (let tag = tags.exec(text); tag; tag = tags.exec(text)) {
      depth += tag[1] ? -1 : 1
      if (depth === 0) {
        end = tag.index + tag[0].length
        break
      }
    }
    if (end < 0) break
    const rows = readRows(text.slice(start, end), start)
    if (rows.length > 0) found.push({start, end, rows})
    open.lastIndex = end
  }
  return found
}

/** Whether `[start, end)` lies inside one of `tables` (that table is then `taken`). */
export function insideTable(tables: readonly FoundTable[], start: number, end: number): boolean {
  const table = tables.find((item) => start >= item.start && end <= item.end)
  if (table) table.taken = true
  return Boolean(table)
}

/** The mdast `table` of a found table; `place` turns input offsets into a position. */
export function toTable(table: FoundTable, place: (start: number, end: number) => Position): Table {
  const width = Math.max(...table.rows.map((row) => row.length))
  const children: TableRow[] = table.rows.map((row) => {
    const cells: TableCell[] = row.map((cell) => ({
      type: 'tableCell',
      children: cell.text ? [{type: 'text', value: cell.text, position: place(cell.start, cell.end)}] : [],
      position: place(cell.start, cell.end)
    }))
    // GFM rows have the same number of cells: pad short rows (colspan, missing cells).
    const last = row.at(-1)?.end ?? table.start
    while (cells.length < width) cells.push({type: 'tableCell', children: [], position: place(last, last)})
    const first = row[0]?.start ?? table.start
    return {type: 'tableRow', children: cells, position: place(first, last)}
  })
  return {type: 'table', align: Array.from({length: width}, () => null), children, position: place(table.start, table.end)}
}

/**
 * Put each table among `children` (body nodes in input order, then notes):
 * before the first body node that starts after it.
 */
export function insertTables(children: RootContent[], tables: readonly FoundTable[], place: (start: number, end: number) => Position): RootContent[] {
  const result = [...children]
  for (const table of tables.filter((item) => item.taken)) {
    let index = result.findIndex((node) => node.type === 'footnoteDefinition' || (node.position?.start.offset ?? 0) > table.start)
    if (index < 0) index = result.length
    result.splice(index, 0, toTable(table, place))
  }
  return result
}

function readRows(markup: string, offset: number): FoundTable['rows'] {
  const tree = fromHtml(markup, {fragment: true})
  const rows: FoundTable['rows'] = []
  const walk = (nodes: ElementContent[], inHead: boolean) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue
      if (node.tagName === 'tr') rows.push(cellsOf(node, inHead, offset))
      // A nested table is one cell's text, not rows of this one.
      else if (node.tagName !== 'table' || rows.length === 0) walk(node.children, inHead || node.tagName === 'thead')
    }
  }
  walk(tree.children as ElementContent[], false)
  return rows.filter((row) => row.length > 0)
}

function cellsOf(row: Element, inHead: boolean, offset: number): FoundTable['rows'][number] {
  return row.children
    .filter((cell): cell is Element => cell.type === 'element' && (cell.tagName === 'td' || cell.tagName === 'th'))
    .flatMap((cell) => {
      const first = cell.children[0]?.position?.start.offset ?? cell.position?.start.offset ?? 0
      const last = cell.children.at(-1)?.position?.end.offset ?? cell.position?.end.offset ?? first
      const read = {
        text: toText(cell, {whitespace: 'normal'}).replace(/\s+/g, ' ').trim(),
        start: offset + first,
        end: offset + last,
        header: inHead || cell.tagName === 'th'
      }
      // A cell spanning columns keeps the next cells in their own columns: empty cells fill the span.
      const span = Math.min(Math.max(Number.parseInt(String(cell.properties.colSpan ?? 1), 10) || 1, 1), 50)
      return [read, ...Array.from({length: span - 1}, () => ({...read, text: '', start: read.end}))]
    })
}
