/**
 * The recognizer and the notes step together: a scraped note that no marker
 * points to is reported once (`unpaired-note`), not again as
 * `unused-note-definition`, and is still kept.
 */
import {readFileSync} from 'node:fs'
import type {Root} from 'mdast'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {remarkBriefArticle} from '../src/article/index.js'
import {remarkBriefNotes} from '../src/notes/index.js'

const fixture = (name: string) => readFileSync(new URL(`fixtures/article/classes/${name}`, import.meta.url), 'utf8')

function run(text: string) {
  const processor = unified().use(remarkBriefArticle).use(remarkBriefNotes)
  const file = new VFile({value: text})
  const tree = processor.runSync(processor.parse(file) as Root, file) as Root
  const count = (ruleId: string) => file.messages.filter((message) => message.ruleId === ruleId).length
  return {tree, file, count}
}

describe('recognizer + notes messages', () => {
  it('reports an unpaired scraped note once, and keeps it', () => {
    const text = 'Title\n\nA sentence with a note.1\n\nNotes\n\n1. First source.\n2. Second source, never cited.\n'
    const {tree, count} = run(text)
    expect(count('unpaired-note')).toBe(1)
    expect(count('unused-note-definition')).toBe(0)
    expect(tree.children.filter((node) => node.type === 'footnoteDefinition')).toHaveLength(2)
  })

  it('a notes list the body barely cites (notes 1, 2, 3 and 6 of 6): each unpaired note reported once', () => {
    const {count} = run(fixture('lost-number.txt'))
    expect(count('unpaired-note')).toBe(4)
    expect(count('unused-note-definition')).toBe(0)
  })
})
