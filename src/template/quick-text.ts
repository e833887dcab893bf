/**
 * Cheap tests on the text of a hast element that tell when an exact but slow
 * reading (`hast-util-to-text`, the CSS rendering rules) can be skipped.
 * `hast-util-to-text` on every paragraph was a tenth of the template stage on
 * the corpus, to find the few paragraphs that are mostly a URL.
 */
import type {Element, ElementContent} from 'hast'

/** Inline elements whose text `hast-util-to-text` always renders (no hidden or non-rendered ones). */
const renderedInline = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr'
])

/**
 * Whether the rendered text of `node` may contain `needle` (lower case, no
 * white space): false only when it certainly does not. Rendering only drops
 * white space, adds line breaks and hides elements; with no element that can
 * be hidden, the text nodes joined without white space hold every stretch
 * without white space of the rendered text.
 */
export function mayRenderAny(node: Element, needles: readonly string[]): boolean {
  const parts: string[] = []
  if (!collectPlain(node.children, parts)) return true
  const joined = parts.join('').replace(/\s+/g, '').toLowerCase()
  return needles.some((needle) => joined.includes(needle))
}

/**
 * Whether `node`'s rendered text may hold `://` or `www.` (what every long URL
 * of figures.ts holds): `mayRenderAny(node, ['://', 'www.'])` without building the lowered text
 * with its white space removed (a copy of every paragraph, 2% of the corpus
 * pass): the needles' characters with white space allowed between them, `W`
 * or `w`. Exact: no other character lowercases to `:`, `/`, `.` or `w`, and
 * none to white space or to nothing.
 */
export function mayRenderUrlStart(node: Element): boolean {
  const parts: string[] = []
  if (!collectPlain(node.children, parts)) return true
  return urlStartSpread.test(parts.join(''))
}

const urlStartSpread = /:\s*\/\s*\/|[wW]\s*[wW]\s*[wW]\s*\./

/** Push the text of `children` to `parts`; false when an element could be hidden or rendered as a block. */
function collectPlain(children: readonly ElementContent[], parts: string[]): boolean {
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type === 'text') parts.push(child.value)
    else if (child.type === 'element') {
      if (!renderedInline.has(child.tagName) || child.properties?.hidden) return false
      if (!collectPlain(child.children, parts)) return false
    }
  }
  return true
}
