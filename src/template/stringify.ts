/**
 * The brief's HTML text: `hast-util-to-html` with its default settings (what
 * `rehype-stringify` does with no options), byte for byte, but assembled in
 * one pass into one list of pieces.
 *
 * Why: `toHtml` joins each element's children into a string, then the
 * element's tags and that string into another, at every level; a brief is
 * deep (html ▶ body ▶ main ▶ section ▶ p ▶ span ▶ a …) and carries ~55 KB
 * of stylesheet, so each byte of the page was copied a dozen times, some of
 * it as large strings that go straight to the old generation. That was
 * 200–300 ms of the corpus' 34 files (more than plain unified's whole
 * stringify, at 2.6× its bytes), and ~60 ms this way.
 *
 * What it does not rewrite: every decision that needs the HTML rules (which
 * characters to escape, how an attribute prints, void elements, SVG and
 * `template` content, comments, doctypes) is still `toHtml`'s, called on the
 * piece: an opening tag is `toHtml` of the element without its children, a
 * text with `<` or `&` is `toHtml` of the text, an `svg` or `template`
 * subtree (another schema) or any other node is `toHtml` of the node.
 */
import type {Element, Nodes, Parents, Root} from 'hast'
import {toHtml} from 'hast-util-to-html'
import type {Plugin} from 'unified'

const noChildren: Element['children'] = []

/** The HTML text of a tree, exactly `toHtml(tree)`. */
export function briefHtml(tree: Nodes): string {
  const pieces: string[] = []
  add(tree, undefined)
  return pieces.join('')

  function add(node: Nodes, parent: Parents | undefined): void {
    switch (node.type) {
      case 'root': {
        // Counted loops: `for…of` makes an iterator and a result object for each child in cold code.
        const children = node.children ?? noChildren
        for (let index = 0; index < children.length; index++) add(children[index]!, node)
        return
      }
      // A raw node prints as text (escaped) unless `allowDangerousHtml`, which the default settings leave off.
      case 'raw':
      case 'text': {
        const value = node.value
        // `toHtml` prints the text of `script` and `style` as it is and escapes only `<` and `&` elsewhere.
        const verbatim = parent?.type === 'element' && (parent.tagName === 'script' || parent.tagName === 'style')
        pieces.push(verbatim || (!value.includes('<') && !value.includes('&')) ? value : toHtml({type: 'text', value}))
        return
      }
      case 'element': {
        // `svg` switches to the SVG schema for its subtree; `template` prints its `content`: both `toHtml`'s.
        if (node.tagName === 'svg' || node.tagName === 'template') {
          pieces.push(toHtml(node))
          return
        }
        const closing = '</' + node.tagName + '>'
        // A void element (`br`, `img`, `meta` …) prints no closing tag, unless it has content.
        const isVoid = isVoidElement(node.tagName)
        // Most elements (`p`, `em`, `li` …) have no properties: their opening tag needs no attribute rules.
        if (hasNoProperties(node)) pieces.push('<' + node.tagName + '>')
        else pieces.push(openingTag(node, isVoid, closing))
        const contentStart = pieces.length
        const children = node.children ?? noChildren
        for (let index = 0; index < children.length; index++) add(children[index]!, node)
        if (!isVoid || hasContent(pieces, contentStart)) pieces.push(closing)
        return
      }
      default: {
        // Doctype, comment, and what `toHtml` refuses (it throws on unknown nodes): as `toHtml` prints them.
        pieces.push(toHtml(node))
      }
    }
  }
}

/**
 * Opening tags already printed, by tag name and properties: three in four of a corpus' tags with attributes
 * repeat (the template's own elements in every brief, the note calls' `span.brief-call`). An opening tag is
 * `toHtml`'s of the tag name and the properties alone (the settings are its defaults). Bounded: cleared when full.
 */
const openingTags = new Map<string, string>()
const rememberedOpeningTags = 10_000

function openingTag(node: Element, isVoid: boolean, closing: string): string {
  const key = propertiesKey(node)
  let tag = key === undefined ? undefined : openingTags.get(key)
  if (tag === undefined) {
    const tags = toHtml({type: 'element', tagName: node.tagName, properties: node.properties, children: noChildren})
    tag = isVoid ? tags : tags.slice(0, -closing.length)
    if (key !== undefined) {
      if (openingTags.size >= rememberedOpeningTags) openingTags.clear()
      openingTags.set(key, tag)
    }
  }
  return tag
}

/**
 * The tag name and the properties as `toHtml` reads them (`for…in`, in order), as JSON (one text per distinct
 * element); `undefined` (not remembered) when a value is other than a string, a boolean or a list of strings.
 */
function propertiesKey(node: Element): string | undefined {
  const entries: unknown[] = [node.tagName]
  for (const name in node.properties) {
    const value = node.properties[name]
    if (typeof value !== 'string' && typeof value !== 'boolean' && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) return undefined
    entries.push(name, value)
  }
  return JSON.stringify(entries)
}

/** Whether `toHtml` prints a tag name as a void element, asked once per tag name (the answer depends on the name alone). */
const voidByTagName = new Map<string, boolean>()

function isVoidElement(tagName: string): boolean {
  let isVoid = voidByTagName.get(tagName)
  if (isVoid === undefined) {
    isVoid = !toHtml({type: 'element', tagName, properties: {}, children: noChildren}).endsWith('</' + tagName + '>')
    voidByTagName.set(tagName, isVoid)
  }
  return isVoid
}

function hasNoProperties(node: Element): boolean {
  // `for…in` as `toHtml` reads them: an inherited or a `null` property is still asked about there.
  for (const _ in node.properties) return false
  return true
}

function hasContent(pieces: readonly string[], start: number): boolean {
  for (let index = start; index < pieces.length; index++) if (pieces[index] !== '') return true
  return false
}

/** `rehype-stringify` with no options, through `briefHtml`. */
export const rehypeBriefStringify: Plugin<[], Root, string> = function () {
  this.compiler = (tree) => briefHtml(tree as Root)
}
