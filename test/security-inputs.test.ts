/**
 * Inputs at the edges of numbering: note numbers of 10,000 and more in
 * scraped text, and one note cited 100,000 times (remark-rehype's footer
 * spread every back link into one call and ran out of stack: reported as
 * nesting too deep, the wrong cause). No browser.
 */
import type {Root} from 'mdast'
import {toHast} from 'mdast-util-to-hast'
import {toHtml} from 'hast-util-to-html'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {recognizeArticle} from '../src/article/index.js'
import {cappedReferenceHandlers, maxBackReferences} from '../src/build/back-references.js'
import {createBriefProcessor} from '../src/build/processor.js'

describe('note numbers of 10,000 and more in scraped text', () => {
  it('a notes list numbered `10000.` and on, called with <sup>: every note and every call linked', () => {
    const count = 10_050
    const body = Array.from({length: count}, (_, index) => `Claim number ${index + 1} holds.<sup>${index + 1}</sup>`).join('\n\n')
    const notes = Array.from({length: count}, (_, index) => `${index + 1}. Source ${index + 1}, 2020.`).join('\n')
    const file = new VFile()
    const tree = recognizeArticle(`A Title\n\n${body}\n\nNotes\n\n${notes}\n`, file)
    const definitions: string[] = []
    let references = 0
    visit(tree, 'footnoteDefinition', (node) => {
      definitions.push(node.identifier)
    })
    visit(tree, 'footnoteReference', () => {
      references++
    })
    // Before: the list stopped at 9999 (four digits), notes 10000 on were text and their calls unlinked.
    expect(definitions).toHaveLength(count)
    expect(definitions.slice(-2)).toEqual(['10049', '10050'])
    expect(references).toBe(count)
    expect(file.messages.filter((message) => message.ruleId !== 'removed-text').map((message) => message.ruleId)).toEqual([])
  }, 120_000)
})

describe('one note cited very often', () => {
  const calls = (count: number): Root => ({
    type: 'root',
    children: [
      {type: 'paragraph', children: Array.from({length: count}, () => ({type: 'footnoteReference' as const, identifier: '1', label: '1'}))},
      {type: 'footnoteDefinition', identifier: '1', label: '1', children: [{type: 'paragraph', children: [{type: 'text', value: 'The note.'}]}]}
    ]
  })

  it('150,000 calls: no stack overflow, the note links back to the first 100, every call links to the note', () => {
    const count = 150_000
    // Before (remark-rehype's own handlers): RangeError, Maximum call stack size exceeded, in the footer.
    const hast = toHast(calls(count), {handlers: cappedReferenceHandlers})
    const html = toHtml(hast)
    expect(html.match(/data-footnote-backref=""/g)).toHaveLength(maxBackReferences)
    expect(html.match(/href="#user-content-fn-1"/g)).toHaveLength(count)
    // Only the calls a back link points to keep an id: no two elements share one.
    const ids = html.match(/id="user-content-fnref-1(?:-\d+)?"/g)!
    expect(ids).toHaveLength(maxBackReferences)
    expect(new Set(ids).size).toBe(maxBackReferences)
  })

  it('the brief says so once, naming the limit; a note cited 100 times is left as it was', async () => {
    const processor = createBriefProcessor({format: 'markdown'})
    for (const [count, expected] of [
      [150, ['note-back-references-capped']],
      [100, []]
    ] as const) {
      const file = new VFile({value: `# Calls\n\n${'Cited.[^a] '.repeat(count)}\n\n[^a]: The note.\n`})
      const html = String(await processor.process(file))
      expect(html.match(/data-footnote-backref=""/g)).toHaveLength(Math.min(count, maxBackReferences))
      const capped = file.messages.filter((message) => message.ruleId === 'note-back-references-capped')
      expect(capped.map((message) => message.ruleId)).toEqual(expected)
      if (count > maxBackReferences) expect(capped[0]!.reason).toBe(`Unexpected 150 calls of note \`1\`, expected at most 100; every call links to the note, the note links back to the first 100 only`)
    }
  })
})
