/**
 * Marker and notes-list layouts the corpus's tune files do not exercise (issue 11, round two): one small
 * fixture of ours per class (test/fixtures/article/layouts/<class>.txt). Each test states the markers that
 * must be linked (label and the word right before it) and the notes (label and first words), read from the
 * fixture, not from the recognizer.
 */
import {readFileSync} from 'node:fs'
import type {FootnoteDefinition, Heading, Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {recognize} from './setup/recognize.js'

function run(name: string) {
  const text = readFileSync(new URL(`fixtures/article/layouts/${name}.txt`, import.meta.url), 'utf8')
  return {text, ...recognize(text)}
}

/** Each linked marker as `label: the word right before it` (`,` between the notes of one marker). */
function linked(tree: Root): string[] {
  const found: string[] = []
  visit(tree, 'footnoteReference', (node, index, parent) => {
    const before = (parent!.children as Nodes[]).slice(0, index).map((item) => (item.type === 'footnoteReference' ? `[${item.label}]` : toString(item))).join('').trimEnd()
    found.push(`${node.label}: ${before.split(/\s+/).at(-1)}`)
  })
  return found
}

/** Each note as `label: its first three words`. */
function notes(tree: Root): string[] {
  return tree.children
    .filter((node): node is FootnoteDefinition => node.type === 'footnoteDefinition')
    .map((node) => `${node.label}: ${toString(node).split(/\s+/).slice(0, 3).join(' ')}`)
}

function headings(tree: Root): string[] {
  return tree.children.filter((node): node is Heading => node.type === 'heading').map((node) => toString(node))
}

describe('markers citing several notes', () => {
  it('links each note of `<sup>1,2</sup>`, `[3–5]` (4 inside the range), `.6,7` and `”8, 9`, printed with commas', () => {
    const {tree, file, lost} = run('multi-markers')
    expect(linked(tree)).toEqual([
      '1: council.', '2: council.[1],', '3: tariffs', '4: [3],', '5: [3],[4],',
      '6: twice.', '7: twice.[6],', '8: spring.”', '9: spring.”[8],'
    ])
    expect(notes(tree).map((note) => note.split(':')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
    // `¹˒²` after 9 goes back, in another style than the document's: an author's own numbering, kept as text.
    expect(toString(tree.children[0]).endsWith('Cable vessels followed.¹˒²')).toBe(true)
    expect(file.messages.filter((message) => message.ruleId !== 'removed-text')).toEqual([])
    expect(Object.fromEntries(lost)).toEqual({})
  })
})
