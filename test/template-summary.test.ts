/**
 * The summary and key points are Markdown (front matter writes them so; the
 * recognizer takes the article's own paragraphs under a Summary label): the
 * box renders paragraphs, emphasis and web links, prints an image as its
 * caption and anything else as text, never the syntax itself.
 */
import fs from 'node:fs'
import type {Element} from 'hast'
import {select, selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {describe, expect, it} from 'vitest'
import {keyPointContent, summaryBlocks} from '../src/template/summary.js'
import {brief} from './fixtures/template/chain.js'

const fixture = fs.readFileSync(new URL('fixtures/print/summary/summary.md', import.meta.url), 'utf8')

describe('the summary box renders Markdown', () => {
  it('paragraphs, emphasis, strong and web links; an image as its caption; no syntax left', async () => {
    const {tree} = await brief(fixture)
    const box = select('.brief-summary', tree)!
    const paragraphs = selectAll('p', box)
    expect(paragraphs).toHaveLength(3)
    expect(toText(select('em', paragraphs[0]!)!)).toBe('one term in emphasis')
    expect(select('a', paragraphs[0]!)?.properties.href).toBe('https://example.org/data')
    expect(toText(paragraphs[1]!)).toBe('Figure: Progress of the recommendations (not included)')
    expect(select('img', box)).toBeUndefined()
    expect(toText(select('strong', paragraphs[2]!)!)).toBe('Second finding')
    expect(toText(select('code', paragraphs[2]!)!)).toBe('code')
    const text = toText(box)
    expect(text).not.toMatch(/[*`]|\]\(|!\[/)
    // Raw HTML prints as the characters typed, never as markup.
    expect(text).toContain('<b>tag</b>')
    expect(select('b', box)).toBeUndefined()
    // A link to anything but the web or mail keeps its text, not its target.
    expect(selectAll('a', box).map((link) => link.properties.href)).toEqual(['https://example.org/data'])
    expect(text).toContain('local link')
  })

  it('key points render inline Markdown inside their items', async () => {
    const {tree} = await brief(fixture)
    const items = selectAll('.brief-key-points li', tree)
    expect(items.map((item) => toText(item))).toEqual(['A point with emphasis', 'A plain point'])
    expect(toText(select('em', items[0]!)!)).toBe('emphasis')
  })

  it('a plain summary stays one paragraph of its text', () => {
    const blocks = summaryBlocks('One sentence, with a colon: and a plain * star.') as Element[]
    expect(blocks.map((block) => block.tagName)).toEqual(['p'])
    expect(toText(blocks[0]!)).toBe('One sentence, with a colon: and a plain * star.')
  })

  it('headings and quotes in a summary print as paragraphs of their text', () => {
    const blocks = summaryBlocks('# Findings\n\n> A quoted line.') as Element[]
    expect(blocks.map((block) => [block.tagName, toText(block)])).toEqual([
      ['p', 'Findings'],
      ['p', 'A quoted line.']
    ])
  })

  it('a key point of two paragraphs keeps both, joined by a line break', () => {
    const content = keyPointContent('First part.\n\nSecond part.')
    expect(content.map((node) => (node.type === 'element' ? node.tagName : node.type === 'text' ? node.value : ''))).toEqual(['First part.', 'br', 'Second part.'])
  })
})
