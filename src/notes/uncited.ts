/**
 * remark-rehype drops a footnote definition that nothing cites, so its text
 * would vanish from the HTML and the PDF. This handler keeps such a note (the
 * notes step marks it `data.uncited`) as a list item carrying
 * `data-uncited` and its real number (`start`); the brief template moves it
 * into the notes section after the cited notes, where its number already
 * belongs. In a site, `rehypeBriefUncitedNotes` (uncited-group.ts) does the
 * same as a labelled group.
 */
import type {ElementContent} from 'hast'
import type {FootnoteDefinition} from 'mdast'
import type {Handler, State} from 'mdast-util-to-hast'

/** `remark-rehype` handlers: `.use(remarkRehype, {handlers: uncitedNoteHandlers})`. */
export const uncitedNoteHandlers: Record<string, Handler> = {
  footnoteDefinition(state: State, node: FootnoteDefinition) {
    // Cited notes are printed by remark-rehype's own footer.
    if (!node.data?.uncited) return undefined
    const prefix = state.options.clobberPrefix ?? 'user-content-'
    const children = state.all(node) as ElementContent[]
    const marker: ElementContent = {
      type: 'element',
      tagName: 'span',
      properties: {className: ['brief-uncited']},
      children: [{type: 'text', value: '(uncited)'}]
    }
    const last = children.findLast((child) => child.type === 'element' && child.tagName === 'p')
    if (last && last.type === 'element') last.children.push({type: 'text', value: ' '}, marker)
    else children.push(marker)
    const item: ElementContent = {
      type: 'element',
      tagName: 'li',
      properties: {id: prefix + 'fn-' + node.identifier},
      children: state.wrap(children, true)
    }
    state.patch(node, item)
    // A list of its own: sanitisers (GitHub's schema) drop an `li` outside a list. `start`: its real number, not "1.".
    const number = /^[1-9]\d{0,5}$/.test(node.identifier) ? Number(node.identifier) : undefined
    return {type: 'element', tagName: 'ol', properties: {dataUncited: true, ...(number === undefined ? {} : {start: number})}, children: [item]}
  }
}
