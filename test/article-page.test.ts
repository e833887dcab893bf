/**
 * Class 16: a whole web page saved as served (doctype, head, scripts, JSON-LD,
 * navigation), as `.html` or inside a `.txt`. The article is found, the
 * page's metadata is taken where it agrees with the text, the same passes run
 * on the article, every position points into the page, and nothing in the
 * page runs or is fetched.
 */
import {readFileSync} from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type {Heading, Root} from 'mdast'
import {fromHtml} from 'hast-util-from-html'
import {select} from 'hast-util-select'
import {toString} from 'mdast-util-to-string'
import {toText} from 'hast-util-to-text'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {recognizeArticle} from '../src/article/index.js'
import {findPage} from '../src/article/page.js'
import {countWords, lostWords} from '../src/article/words.js'
import {buildBatch} from '../src/build/index.js'

const page = readFileSync(new URL('fixtures/article/page/saved-page.html', import.meta.url), 'utf8')

function recognize(text: string) {
  const file = new VFile({value: text, path: 'page.html'})
  const tree = recognizeArticle(text, file)
  return {file, tree, brief: file.data.brief!}
}

function treeText(tree: Root): string {
  return toString(tree)
}

afterEach(() => {
  vi.restoreAllMocks()
  delete (globalThis as Record<string, unknown>).__briefPageRan
})

describe('findPage', () => {
  it('finds a doctype or <html> at a line start with a body or closing tag after it', () => {
    expect(findPage(page)).toEqual([0, page.trimEnd().length])
    expect(findPage('---\ntitle: x\n---\n\n<html><body><p>x</p></body></html>\n')).toEqual([18, 52])
  })

  it('leaves text that only mentions HTML alone', () => {
    expect(findPage('Use the <html> element.\n\nA paragraph.')).toBeUndefined()
    expect(findPage('<!DOCTYPE html>\nno body, no end')).toBeUndefined()
  })
})

describe('a saved web page', () => {
  it('reads the article: paragraphs, the section heading, markers linked to their notes', () => {
    const {tree} = recognize(page)
    const headings = tree.children.filter((node): node is Heading => node.type === 'heading').map((node) => [node.depth, toString(node)])
    expect(headings).toEqual([[2, 'What the winter of 2024 showed']])
    const paragraphs = tree.children.filter((node) => node.type === 'paragraph').map((node) => toString(node).slice(0, 30))
    expect(paragraphs).toEqual(['Electricity demand in cold reg', 'Batteries change the arithmeti', 'During the January cold snap, ', 'The figures are small next to '])
    let references = 0
    visit(tree, 'footnoteReference', () => {
      references++
    })
    expect(references).toBe(3)
    const notes = tree.children.filter((node) => node.type === 'footnoteDefinition').map((node) => toString(node))
    expect(notes).toEqual([
      'International Example Agency, Winter Peaks Report (2023), 14.',
      'J. Sample, “Paying for Duration,” Energy Examples Journal 12 (2024): 3–19.',
      'North Grid, Cold Snap Review, January 2024.'
    ])
  })

  it('takes title, authors and date from the metadata that agrees with the text, not the rest', () => {
    const {brief, file} = recognize(page)
    expect(brief.title).toBe('Grid Storage and the Winter Peak')
    // `citation_author` gives `Doe, Jane`; the byline says Jane Doe. `author` (the institute's staff) is not in the text.
    expect(brief.authors).toEqual([{name: 'Jane Doe'}, {name: 'Richard Roe'}])
    expect(brief.date).toBe('2025-03-14')
    // JSON-LD's publisher is named in the page's header and footer.
    expect(brief.organization).toBe('Example Energy Institute')
    const taken = file.data.recognition!.decisions.filter((decision) => decision.pass === 'page' && decision.kind === 'metadata')
    expect(taken.map((decision) => [decision.field, decision.reason])).toEqual([
      ['title', 'meta citation_title, agrees with the text'],
      ['authors', 'meta citation_author, agrees with the text'],
      ['date', 'JSON-LD datePublished, agrees with the text'],
      ['organization', 'JSON-LD publisher, agrees with the text']
    ])
    for (const decision of taken) expect(page.slice(decision.start, decision.end)).toMatch(/^<(meta|script)/)
  })

  it('does not take metadata the text contradicts', () => {
    const changed = page
      .replace('content="Grid Storage and the Winter Peak">', 'content="A Title the Page Never Shows">')
      .replaceAll('Grid Storage and the Winter Peak', 'A Title the Page Never Shows')
      .replace('<h1>A Title the Page Never Shows</h1>', '<h1>Storage for Cold Evenings</h1>')
      .replace('"datePublished": "2025-03-14"', '"datePublished": "2019-01-01"')
      .replace('content="2025-03-14T09:00:00Z"', 'content="2019-01-01T00:00:00Z"')
    const {brief} = recognize(changed)
    expect(brief.title).not.toBe('A Title the Page Never Shows')
    expect(brief.date).not.toBe('2019-01-01')
  })

  it('drops navigation, related links, footer, head and scripts into `removed`, and prints none of it', () => {
    const {tree, brief, file} = recognize(page)
    const text = treeText(tree)
    for (const chrome of ['Donate', 'Related research', 'Subscribe to our newsletter', 'All rights reserved', 'globalThis', 'font-family']) {
      expect(text).not.toContain(chrome)
    }
    const reasons = brief.removed.map((item) => item.reason)
    expect(reasons).toContain('page chrome outside the article')
    expect(reasons).toContain('page head (its title and metadata are read where they agree with the text)')
    expect(reasons).toContain('script of the page (never run)')
    // Related links and the footer stand together after the article: one stretch.
    expect(brief.removed.find((item) => item.text.startsWith('Related research'))?.text).toBe(
      'Related research Heat pumps in cold climates Gas turbines on standby © 2025 Example Energy Institute. All rights reserved. Subscribe to our newsletter'
    )
    expect(file.messages.find((message) => message.ruleId === 'web-page')).toMatchObject({fatal: undefined, source: 'remark-brief', line: 1, column: 1})
  })

  it('loses no visible word of the page', () => {
    const {tree, brief} = recognize(page)
    const visible = toText(select('body', fromHtml(page))!) + ' ' + toText(select('title', fromHtml(page))!)
    const wanted = countWords(visible)
    // lostWords over the visible text, not the markup (tag and attribute names are not words of the article).
    expect(Object.fromEntries(lostWords(visible, tree, brief))).toEqual({})
    expect(wanted.size).toBeGreaterThan(100)
  })

  it('points every node and message into the page itself', () => {
    const {tree, file} = recognize(page)
    visit(tree, (node) => {
      const position = node.position!
      expect(position.start.offset!).toBeGreaterThanOrEqual(0)
      expect(position.end.offset!).toBeLessThanOrEqual(page.length)
    })
    const heading = tree.children.find((node) => node.type === 'heading')!
    expect(page.slice(heading.position!.start.offset, heading.position!.end.offset)).toContain('What the winter of 2024 showed')
    const first = tree.children.find((node) => node.type === 'paragraph')!
    expect(page.slice(first.position!.start.offset, first.position!.start.offset! + 30)).toBe('Electricity demand in cold reg')
    expect(first.position!.start.line).toBe(page.slice(0, page.indexOf('Electricity demand')).split('\n').length)
    for (const message of file.messages) expect(message.line, message.reason).toBeGreaterThan(0)
  })

  it('reads a page saved inside a .txt after an archive record', () => {
    const text = '---\ninstitution: Example Energy Institute\nsource_url: https://example.org/grid-storage\n---\n\n' + page
    const {tree, brief} = recognize(text)
    expect(brief.url).toBe('https://example.org/grid-storage')
    expect(brief.title).toBe('Grid Storage and the Winter Peak')
    expect(tree.children.filter((node) => node.type === 'footnoteDefinition')).toHaveLength(3)
    const first = tree.children.find((node) => node.type === 'paragraph')!
    expect(text.slice(first.position!.start.offset, first.position!.start.offset! + 11)).toBe('Electricity')
  })

  it('runs nothing in the page and fetches nothing', () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(() => {
      throw new Error('fetch called')
    })
    const hostile = page.replace('</body>', '<img src="x" onerror="globalThis.__briefPageRan = 1"><iframe src="https://example.org/frame"></iframe><script src="https://example.org/x.js"></script></body>')
    const {tree} = recognize(hostile)
    expect((globalThis as Record<string, unknown>).__briefPageRan).toBeUndefined()
    expect(fetch).not.toHaveBeenCalled()
    expect(treeText(tree)).not.toContain('__briefPageRan')
  })
})

describe('.html inputs in the build', () => {
  it('a folder with a saved page builds it to a brief, and never reads the build’s own HTML output back', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'brief-page-'))
    try {
      await fs.mkdir(path.join(folder, 'input'))
      await fs.writeFile(path.join(folder, 'input', 'grid.html'), page)
      const first = await buildBatch(['.'], {cwd: folder, out: 'output', formats: ['html']})
      expect(first.files.map((result) => [path.basename(result.input), result.status])).toEqual([['grid.html', 'built']])
      const html = await fs.readFile(path.join(folder, 'output', 'grid.html'), 'utf8')
      expect(html).toContain('Grid Storage and the Winter Peak')
      expect(html).not.toContain('Subscribe to our newsletter')
      // Built again from `.`: output/grid.html and output/index.html are not inputs.
      const second = await buildBatch(['.'], {cwd: folder, out: 'output', formats: ['html']})
      expect(second.files.map((result) => path.basename(result.input))).toEqual(['grid.html'])
    } finally {
      await fs.rm(folder, {recursive: true, force: true})
    }
  })
})
