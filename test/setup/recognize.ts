/**
 * The recognizer on a string, with what the article tests assert: the tree,
 * the brief data, what was removed (reason, text) and any word lost.
 */
import type {FootnoteDefinition, Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {recognizeArticle} from '../../src/article/index.js'
import {lostWords} from '../../src/article/words.js'

export function recognize(text: string) {
  const file = new VFile({value: text})
  const tree = recognizeArticle(text, file)
  const brief = file.data.brief!
  return {file, tree, brief, removed: brief.removed.map((item) => [item.reason, item.text]), lost: lostWords(text, tree, brief)}
}

/** Each linked marker as `label: the two words right before it`. */
export function linked(tree: Root): string[] {
  const found: string[] = []
  visit(tree, 'footnoteReference', (node, index, parent) => {
    const before = (parent!.children as Nodes[])
      .slice(0, index)
      .map((item) => toString(item))
      .join('')
      .trimEnd()
    found.push(`${node.label}: ${before.split(/\s+/).slice(-2).join(' ')}`)
  })
  return found
}

/** Each note as `[label, text]`, in tree order. */
export function notes(tree: Root): Array<[string, string]> {
  return tree.children
    .filter((node): node is FootnoteDefinition => node.type === 'footnoteDefinition')
    .map((node) => [node.label!, toString(node)])
}
