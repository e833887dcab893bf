/**
 * Article HTML is untrusted: raw HTML from Markdown (remark-rehype's `raw`
 * nodes) is parsed with hast-util-raw, then the whole body is cleaned with
 * hast-util-sanitize. Runs on the body only, before the template fills its
 * slots (the template's own markup is trusted, the article's is not).
 */
import type {Element, Root} from 'hast'
import {raw} from 'hast-util-raw'
import {defaultSchema, sanitize, type Schema} from 'hast-util-sanitize'
import type {VFile} from 'vfile'
import {report} from '../meta/report.js'
import {isSanitized, sanitizedTables} from './sanitized.js'

const blocked = ['script', 'style', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'frame', 'frameset', 'form', 'template', 'noscript', 'svg', 'math']

/**
 * URL-bearing attributes GitHub's schema allows without a protocol check:
 * `action` and `useMap` on every element, `srcSet` on `source` (a tracking
 * pixel in the HTML brief), `itemType` on `div`, `longDesc` on `img`. None is
 * needed in a brief; all are dropped. What remains that holds a URL: `href` on
 * `a` (`http`, `https`, `mailto`), `src` on `img` (a file of the article, or
 * `http(s)` and raster `data:` which the build refuses and reports), and
 * `cite` on `blockquote`, `q`, `del`, `ins` (`http`, `https`; never fetched).
 */
const urlAttributes = new Set(['action', 'useMap', 'srcSet', 'itemType', 'longDesc'])

const withoutUrls = (list: NonNullable<Schema['attributes']>[string] | undefined) =>
  (list ?? []).filter((attribute) => !urlAttributes.has(typeof attribute === 'string' ? attribute : attribute[0]!))

/** Attributes that name an id: raw HTML's are prefixed (`article-`), so an article never takes an id the notes use. */
const idAttributes = ['id', 'name', 'ariaDescribedBy', 'ariaLabelledBy'] as const

/**
 * GitHub's schema (what rehype-sanitize uses by default), plus:
 * figures and captions; the footnote markup remark-rehype makes
 * (`data-footnote-ref`, `section[data-footnotes]`, `data-footnote-backref`,
 * ids already prefixed by remark-rehype, so not clobbered twice);
 * `data:` only for image sources; the contents of `script`/`style` dropped.
 */
export const briefSanitizeSchema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption', 'span'].filter((name) => !blocked.includes(name)),
  attributes: {
    ...Object.fromEntries(Object.entries(defaultSchema.attributes ?? {}).map(([tag, list]) => [tag, withoutUrls(list)])),
    a: [...withoutUrls(defaultSchema.attributes?.a), 'dataFootnoteRef', 'dataFootnoteBackref', 'ariaDescribedBy', 'ariaLabel'],
    h2: [...(defaultSchema.attributes?.h2 ?? []), 'id'],
    section: [...(defaultSchema.attributes?.section ?? []), 'ariaLabelledBy'],
    img: [...withoutUrls(defaultSchema.attributes?.img), 'alt', 'title', 'width', 'height'],
    // `ol[data-uncited]`: notes no call cites (notes/uncited.ts), moved into the notes list.
    ol: [...(defaultSchema.attributes?.ol ?? []), 'dataUncited'],
    span: [['className', 'brief-call', 'brief-uncited']]
  },
  clobber: [],
  protocols: {
    ...defaultSchema.protocols,
    // What the documentation promises: web and mail links only (GitHub's schema also lets `irc:`, `ircs:`, `xmpp:` through).
    href: ['http', 'https', 'mailto'],
    // `src` is only allowed on `img` by the attribute lists above.
    src: ['http', 'https', 'data']
  },
  strip: [...new Set([...(defaultSchema.strip ?? []), ...blocked])]
}

/** `data:` URLs only for raster images (an SVG can carry script). */
const safeDataImage = /^data:image\/(?:png|jpe?g|gif|webp|avif);/i

/** The schema's tables for `isSanitized` (`undefined`: a schema it does not model, always sanitised). */
const briefSanitizedTables = sanitizedTables(briefSanitizeSchema)

/**
 * Parse raw HTML in a hast body and sanitise it.
 *
 * @returns
 *   A safe tree: the input itself when hast-util-sanitize would return an
 *   equal copy of it (`isSanitized`: our recognizer's and remark-rehype's
 *   bodies are), else the sanitiser's new tree, the input not changed.
 */
export function sanitizeBody(tree: Root, file?: VFile): Root {
  const parsed = containsRaw(tree) ? parseRaw(tree, file) : tree
  if (file) reportBlockedImages(parsed, file)
  const clean = briefSanitizedTables && isSanitized(parsed, briefSanitizedTables) ? parsed : (sanitize(parsed, briefSanitizeSchema) as Root)
  dropUnsafeDataUrls(clean)
  return clean
}

/** rehype plugin: parse and sanitise article HTML (use before `rehypeBriefTemplate`, or let the template do it). */
export function rehypeBriefSanitize() {
  return (tree: Root, file: VFile): Root => sanitizeBody(tree, file)
}

/**
 * Parse raw HTML, prefixing the ids it brings (`id`, `name`, `aria-*by`) with
 * `article-`: the Markdown's own elements (footnote calls and notes,
 * `user-content-fn-1`) are marked first with a property raw HTML cannot guess,
 * so only they keep their ids. The input tree is left as it was.
 */
function parseRaw(tree: Root, file: VFile | undefined): Root {
  const marker = `dataBriefOwn${Math.random().toString(36).slice(2, 12)}`
  eachElement(tree, (element) => {
    element.properties[marker] = true
  })
  let parsed: Root
  try {
    parsed = raw(tree, {file}) as Root
  } finally {
    eachElement(tree, (element) => {
      delete element.properties[marker]
    })
  }
  eachElement(parsed, (element) => {
    if (element.properties[marker] !== undefined) {
      delete element.properties[marker]
      return
    }
    const properties: Record<string, unknown> = element.properties
    for (const key of idAttributes) {
      const value = properties[key]
      if (typeof value === 'string') properties[key] = `article-${value}`
      else if (Array.isArray(value)) properties[key] = value.map((item) => `article-${String(item)}`)
    }
  })
  return parsed
}

function eachElement(node: Root | Element, callback: (element: Element) => void): void {
  if (node.type === 'element') callback(node)
  const children = node.children
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type === 'element') eachElement(child, callback)
  }
}

/**
 * Images the schema will strip the source of (`file:`, `javascript:`, SVG or
 * other non-image `data:` URLs) are reported, so none disappears silently.
 * Remote `http(s)` images pass here; the build reports and blocks them.
 */
function reportBlockedImages(tree: Root, file: VFile): void {
  walk(tree, undefined)

  function walk(node: Root | Element, parent: Root | Element | undefined): void {
    if (node.type === 'element' && node.tagName === 'img' && typeof node.properties.src === 'string') {
      const src = node.properties.src.trim()
      const scheme = schemeOf(src)
      const allowed = !scheme || scheme === 'http' || scheme === 'https' || (scheme === 'data' && safeDataImage.test(src))
      if (!allowed) {
        const shown = src.length > 200 ? src.slice(0, 199) + '…' : src
        report(file, `Unexpected image \`${shown}\`, expected a file inside the article's folder (\`${scheme}:\` URLs are never loaded); removed`, {
          ruleId: 'image-not-local',
          severity: 'warning',
          place: node.position ?? parent?.position
        })
      }
    }
    const children = node.children
    for (let index = 0; index < children.length; index++) {
      const child = children[index]!
      if (child.type === 'element') walk(child, node)
    }
  }
}

/**
 * The scheme of a URL as hast-util-sanitize sees it: whatever comes before a
 * colon that precedes any `/`, `?` or `#` (so `not a scheme:x` is one, and is
 * stripped); `undefined` for a relative URL.
 */
function schemeOf(url: string): string | undefined {
  const colon = url.indexOf(':')
  if (colon < 0) return undefined
  for (const character of ['/', '?', '#']) {
    const index = url.indexOf(character)
    if (index > -1 && index < colon) return undefined
  }
  return url.slice(0, colon).toLowerCase()
}

/**
 * Whether the tree holds a `raw` node. A counted loop that calls itself only
 * for nodes with children: it walks every body to the end (most hold no raw
 * HTML), where `some` made a callback for each element and was called for
 * each text.
 */
export function containsRaw(node: {type: string; children?: unknown[]}): boolean {
  if (node.type === 'raw') return true
  const children = node.children
  if (!Array.isArray(children)) return false
  for (let index = 0; index < children.length; index++) {
    const child = children[index] as {type: string; children?: unknown[]}
    if (child.type === 'raw' || (Array.isArray(child.children) && containsRaw(child))) return true
  }
  return false
}

/**
 * Remove the `data:` URLs of the sanitised tree but raster images'. Only
 * elements are visited (a call for each text node too, to find it has no
 * properties and no children, was half the calls), and each element's
 * properties are listed (`for…in`, most have none or a class) instead of
 * four lookups of absent names on objects of many shapes: a third of the
 * time over the corpus' sanitised bodies, cold.
 */
export function dropUnsafeDataUrls(node: Root | Element): void {
  // Counted: `for…of` makes an iterator and a result object for each child in cold code.
  const children = node.children
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type !== 'element') continue
    const properties: Record<string, unknown> = child.properties
    for (const key in properties) {
      if (key !== 'src' && key !== 'href' && key !== 'cite' && key !== 'longDesc') continue
      const value = properties[key]
      if (typeof value === 'string' && dataUrl.test(value) && !(key === 'src' && child.tagName === 'img' && safeDataImage.test(value.trim()))) {
        delete properties[key]
      }
    }
    dropUnsafeDataUrls(child)
  }
}

/** A `data:` URL, white space before it allowed (held once: a literal in the loop is a new object for each URL). */
const dataUrl = /^\s*data:/i
