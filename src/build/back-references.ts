/**
 * A note cited thousands of times: remark-rehype's footer links the note back
 * to every call and spreads those links into one `push(...links)`, which runs
 * out of stack at about 100,000 calls (reported as nesting too deep, the wrong
 * cause) and makes a footer of megabytes before that. Every call still links
 * to its note; the note links back to its first `maxBackReferences` calls
 * only, and the brief says so.
 */
import type {Element} from 'hast'
import type {FootnoteReference, Root} from 'mdast'
import {defaultHandlers, type Handler, type State} from 'mdast-util-to-hast'
import type {VFile} from 'vfile'
import {report} from '../meta/report.js'
import {eachOfType} from '../notes/walk.js'

/** Back links printed under one note, at most. */
export const maxBackReferences = 100

/** `remark-rehype` handler: calls past the cap get no back link (and no id a back link would need). */
export const cappedReferenceHandlers: Record<string, Handler> = {
  footnoteReference(state: State, node: FootnoteReference) {
    const id = String(node.identifier).toUpperCase()
    const before = state.footnoteCounts.get(id) ?? 0
    const sup = defaultHandlers.footnoteReference(state, node) as Element
    if (before < maxBackReferences) return sup
    // Keep the count at the cap, so the footer makes `maxBackReferences` back links, not one per call.
    state.footnoteCounts.set(id, before)
    const link = sup.children[0]
    if (link?.type === 'element') delete link.properties.id
    return sup
  }
}

/** remark plugin: one warning per note cited more often than the footer links back. */
export function remarkReportBackReferences() {
  return (tree: Root, file: VFile) => {
    const calls = new Map<string, {count: number; node: FootnoteReference}>()
    // The notes step's lean walk: unist-util-visit's closure per node was 1% of the corpus pass.
    eachOfType(tree, 'footnoteReference', (node) => {
      const seen = calls.get(node.identifier)
      if (seen) seen.count++
      else calls.set(node.identifier, {count: 1, node})
    })
    for (const [identifier, {count, node}] of calls) {
      if (count <= maxBackReferences) continue
      report(
        file,
        `Unexpected ${count} calls of note \`${identifier}\`, expected at most ${maxBackReferences}; every call links to the note, the note links back to the first ${maxBackReferences} only`,
        {ruleId: 'note-back-references-capped', severity: 'warning', place: node}
      )
    }
  }
}
