/**
 * Check (after `tree`): every word of the input is in the tree, `file.data.brief` or `removed`.
 *
 * "Nothing lost": every word of an input must be somewhere in the result —
 * the tree's text, `file.data.brief` (any string), or its `removed` list.
 *
 * A word is a maximal run of letters (with their combining marks) or a
 * maximal run of decimal digits, after Unicode NFKC normalisation (so `³`
 * counts as `3`). Words are counted with multiplicity: an input that says
 * "China" nine times needs nine in the result. A marker that became a
 * `footnoteReference` counts through its label; the tags of `<sup>n</sup>`
 * and `<a href="#fn1">` markers, `\textsuperscript`, and the in-page targets of linked ones (`[1](#_edn1)`, `[1](https://site/page#_edn1)`) are syntax, not words.
 */
import type {Nodes} from 'mdast'

const word = /[\p{L}\p{M}]+|\p{Nd}+/gu
// A note link's target on the page itself, with or without the page's address (`[3](https://site/page#fn3)`).
const markerSyntax = /<\/?sup>|<a\b[^<>]{0,2600}>|<\/a>|\\textsuperscript(?=\{)|(?<=\[\\?\[?\d{1,5}\\?\]?\])\((?:https?:\/\/[^()\s#]{1,2000})?#[^()\s]{0,200}\)|(?<=\])\(#[^()\s]{0,200}\)/gi

/** Count the words of `value`. */
export function countWords(value: string, into: Map<string, number> = new Map()): Map<string, number> {
  for (const match of value.normalize('NFKC').matchAll(word)) into.set(match[0], (into.get(match[0]) ?? 0) + 1)
  return into
}

/** Every string a tree carries: text values, URLs, titles, alt text, note labels, list numbers. */
export function treeStrings(tree: Nodes, into: string[] = []): string[] {
  const stack: Nodes[] = [tree]
  while (stack.length > 0) {
    const node = stack.pop()!
    if ('value' in node && typeof node.value === 'string') into.push(node.value)
    if ('url' in node && typeof node.url === 'string') into.push(node.url)
    if ('title' in node && typeof node.title === 'string') into.push(node.title)
    if ('alt' in node && typeof node.alt === 'string') into.push(node.alt)
    // An ordered list prints its item numbers.
    if (node.type === 'list' && node.ordered) {
      for (let index = 0; index < node.children.length; index++) into.push(String((node.start ?? 1) + index))
    }
    if ((node.type === 'footnoteReference' || node.type === 'footnoteDefinition') && node.label) into.push(node.label)
    if ('children' in node) for (const child of node.children) stack.push(child as Nodes)
  }
  return into
}

/** Every string inside a JSON-like value (e.g. `file.data.brief`). */
export function dataStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value)
  else if (Array.isArray(value)) for (const item of value) dataStrings(item, into)
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (key !== 'position') dataStrings(item, into)
  }
  return into
}

/**
 * The words of `input` missing from `tree` and `data` (with how many are
 * missing). An empty map means nothing was lost.
 */
export function lostWords(input: string, tree: Nodes, data: unknown): Map<string, number> {
  const wanted = countWords(input.replace(markerSyntax, ' '))
  const found = new Map<string, number>()
  for (const value of treeStrings(tree)) countWords(value, found)
  for (const value of dataStrings(data)) countWords(value, found)
  const lost = new Map<string, number>()
  for (const [key, count] of wanted) {
    const missing = count - (found.get(key) ?? 0)
    if (missing > 0) lost.set(key, missing)
  }
  return lost
}
