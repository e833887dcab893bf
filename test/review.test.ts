/**
 * The recognition review page (`brief check --review`): the source with the
 * recognizer's decisions drawn on it, as a self-contained page. Read back as
 * HTML here; test/review-browser.test.ts runs axe-core on it in Chromium.
 */
import {readFileSync} from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {describe, expect, it} from 'vitest'
import {main} from '../src/cli/index.js'
import {reviewDocument} from '../src/review/index.js'

const article = readFileSync(new URL('fixtures/review/article.txt', import.meta.url), 'utf8')
const page = readFileSync(new URL('fixtures/article/page/saved-page.html', import.meta.url), 'utf8')

function review(value: string, name = 'article.txt'): Root {
  return fromHtml(reviewDocument(value, {path: name, format: 'text'}).html)
}

/** The text of `pre.source` without the tags the page adds: the source as it was read. */
function sourceText(tree: Root): string {
  const pre = structuredClone(select('pre.source', tree)!)
  const strip = (node: Element) => {
    node.children = node.children.filter((child) => !(child.type === 'element' && (child.properties.className as string[] | undefined)?.includes('tag')))
    for (const child of node.children) if (child.type === 'element') strip(child)
  }
  strip(pre)
  return toText(pre, {whitespace: 'pre'})
}

const marks = (tree: Root, kind: string) => selectAll(`pre.source span.mark.${kind}`, tree).map((node) => toText(node))

describe('the review page', () => {
  const tree = review(article)

  it('shows the whole source, escaped: markup in the article is text, nothing runs', () => {
    expect(sourceText(tree)).toBe(article)
    expect(selectAll('script', tree)).toEqual([])
    expect(sourceText(tree)).toContain('<script>alert("review")</script>')
  })

  it('is self-contained: inline CSS, no script, links only inside the page', () => {
    const html = reviewDocument(article, {path: 'article.txt', format: 'text'}).html
    expect(selectAll('style', tree)).toHaveLength(1)
    expect(selectAll('link, img, iframe, object', tree)).toEqual([])
    const hrefs = selectAll('a[href]', tree).map((node) => String(node.properties.href))
    expect(hrefs.length).toBeGreaterThan(0)
    for (const href of hrefs) expect(href).toMatch(/^#/)
    expect(html).not.toMatch(/\son[a-z]+=/i)
  })

  it('links each marker to its note and each note back, in one colour', () => {
    expect(marks(tree, 'linked')).toEqual(['1', '2', '3'])
    for (const number of ['1', '2', '3']) {
      const link = select(`pre.source span.mark.linked a[href="#note-${number}"]`, tree)
      expect(link && toText(link)).toBe(number)
      const note = select(`#note-${number}`, tree)!
      expect(note.properties.href).toBe(`#ref-${number}`)
      expect(select(`#ref-${number}`, tree)).toBeDefined()
    }
    expect(marks(tree, 'note').map((text) => text.slice(0, 12))).toEqual(['1. Example R', '2. L. Sample', '3. Example R'])
  })

  it('shows the unlinked marker and the unpaired note in the other colour', () => {
    expect(marks(tree, 'unlinked')).toEqual(['4'])
    expect(marks(tree, 'unpaired')).toEqual(['5. A note that nothing in the text cites.'])
    const tags = selectAll('pre.source .tag.unpaired', tree).map((node) => toText(node))
    // Notes are renumbered in citing order: the uncited `5.` prints as note 4.
    expect(tags).toEqual(['unpaired note, printed as 4: no marker points to it'])
  })

  it('strikes removed chrome through with its reason, and marks headings, the table and the metadata', () => {
    const removed = marks(tree, 'removed')
    expect(removed).toContain('Contact Us')
    expect(removed).toContain('<script>alert("review")</script>')
    const reasons = selectAll('pre.source .tag.removed', tree).map((node) => toText(node))
    expect(reasons.every((reason) => reason.startsWith('removed: '))).toBe(true)
    expect(marks(tree, 'heading')).toEqual(['Why the Treaties Disagree'])
    expect(marks(tree, 'table').join('')).toContain('<td>First dam</td>')
    expect(marks(tree, 'meta')).toEqual(expect.arrayContaining(['Water Rights on a Shared River', 'Omar Example']))
    const facts = selectAll('dl.facts dd', tree).map((node) => toText(node))
    expect(facts).toEqual(expect.arrayContaining(['Water Rights on a Shared River', 'Omar Example']))
  })

  it('counts what it drew', () => {
    const figures = Object.fromEntries(selectAll('ul.legend li', tree).map((node) => {
      const text = toText(node)
      return [text.replace(/^\d+\s*/, ''), Number.parseInt(text, 10)]
    }))
    expect(figures).toMatchObject({'markers linked': 3, notes: 3, 'markers not linked': 1, 'notes no marker points to': 1, tables: 1, headings: 1})
  })

  it('marks where it split paragraphs the source did not separate', () => {
    const long = 'The river carries less water each decade, and the three governments have agreed on nothing since the last treaty was signed, which leaves the dams to be run by whoever holds the water first, season after season, without a rule.'
    const text = `A title\n\n${long}\n${long.replace('The river', 'The lake')}\n`
    const drawn = review(text)
    const splits = selectAll('pre.source .tag.split', drawn)
    expect(splits.map((node) => toText(node))).toEqual(['¶ split: paragraph split here'])
    // The tag stands right before the second paragraph's first words.
    const after = sourceText(drawn)
    expect(after).toBe(text)
    const html = reviewDocument(text, {path: 'lake.txt', format: 'text'}).html
    expect(html).toMatch(/¶ split: paragraph split here<\/span>The lake carries/)
  })

  it('draws a saved web page on its own markup, the page’s chrome struck through', () => {
    const drawn = review(page, 'grid.html')
    expect(sourceText(drawn)).toBe(page)
    expect(marks(drawn, 'linked')).toEqual(['1', '2', '3'])
    expect(marks(drawn, 'removed').some((text) => text.includes('Subscribe to our newsletter'))).toBe(true)
    expect(selectAll('pre.source .tag.meta', drawn).map((node) => toText(node))).toEqual(
      expect.arrayContaining(['metadata: page · title: meta citation_title, agrees with the text'])
    )
  })
})

describe('brief check --review', () => {
  it('writes <name>.review.html into the output folder and still reports', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'brief-review-'))
    try {
      await fs.mkdir(path.join(folder, 'input'))
      await fs.writeFile(path.join(folder, 'input', 'rivers.txt'), article)
      let stderr = ''
      const io = {
        cwd: folder,
        stdout: {write: () => true, isTTY: false},
        stderr: {write: (chunk: string) => ((stderr += chunk), true), isTTY: false}
      }
      const code = await main(['check', '--review', 'input'], io as never)
      expect(code).toBe(0)
      expect(stderr).toContain(`review: ${path.join('output', 'rivers.review.html')}`)
      expect(stderr).toContain('unlinked-marker')
      const html = await fs.readFile(path.join(folder, 'output', 'rivers.review.html'), 'utf8')
      expect(html).toMatch(/^<!doctype html><html lang="en">/)
      expect(html).toContain('Recognition review: Water Rights on a Shared River')
    } finally {
      await fs.rm(folder, {recursive: true, force: true})
    }
  })
})
