/**
 * In a site (no brief template), the uncited notes that `uncitedNoteHandlers`
 * leaves where their definitions were would show as stray lists above the
 * footnotes. This rehype plugin gathers them into one labelled group after
 * the cited notes, inside remark-rehype's footnotes section, each item with
 * its real number (`value`), so note 4 reads "4." however the page is styled.
 */
import type {Element, ElementContent, Root, RootContent} from 'hast'

export interface UncitedGroupOptions {
  /** The group's heading (default `Uncited notes`). */
  label?: string
  /** Prefix of the heading's `id`, as remark-rehype's `clobberPrefix` (default `user-content-`). */
  clobberPrefix?: string
}

/**
 * Move `ol[data-uncited]` lists into one labelled group after the cited notes.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   Transform.
 */
export function rehypeBriefUncitedNotes(options?: UncitedGroupOptions | null) {
  const label = options?.label ?? 'Uncited notes'
  const prefix = options?.clobberPrefix ?? 'user-content-'

  return function (tree: Root): undefined {
    const items = takeUncitedItems(tree)
    if (items.length === 0) return
    const labelId = prefix + 'uncited-label'
    const first = Number(items[0]!.properties.value)
    const group: ElementContent[] = [
      {type: 'element', tagName: 'h3', properties: {id: labelId, className: ['brief-uncited-label']}, children: [{type: 'text', value: label}]},
      {type: 'text', value: '\n'},
      {
        type: 'element',
        tagName: 'ol',
        properties: {dataUncited: true, ariaLabelledBy: [labelId], ...(Number.isFinite(first) ? {start: first} : {})},
        children: items.flatMap((item): ElementContent[] => [{type: 'text', value: '\n'}, item]).concat({type: 'text', value: '\n'})
      },
      {type: 'text', value: '\n'}
    ]
    const section = tree.children.find(isFootnotesSection)
    if (section) section.children.push(...group)
    else tree.children.push({type: 'element', tagName: 'section', properties: {dataFootnotes: true, className: ['footnotes']}, children: group})
  }
}

/** Remove every `ol[data-uncited]` (at any depth outside the footnotes section) and return its items, numbered. */
function takeUncitedItems(parent: Root | Element): Element[] {
  const items: Element[] = []
  const kept: RootContent[] = []
  for (const child of parent.children) {
    if (child.type === 'element' && child.tagName === 'ol' && child.properties.dataUncited !== undefined) {
      let number = Number(child.properties.start ?? Number.NaN)
      for (const item of child.children) {
        if (item.type !== 'element' || item.tagName !== 'li') continue
        if (Number.isFinite(number)) (item.properties as Record<string, unknown>).value = number++
        items.push(item)
      }
      continue
    }
    if (child.type === 'element' && !isFootnotesSection(child)) items.push(...takeUncitedItems(child))
    kept.push(child)
  }
  parent.children = kept as typeof parent.children
  return items
}

function isFootnotesSection(node: RootContent): node is Element {
  return node.type === 'element' && node.tagName === 'section' && node.properties.dataFootnotes !== undefined
}
