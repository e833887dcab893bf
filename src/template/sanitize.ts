/**
 * Article HTML is untrusted: raw HTML from Markdown (remark-rehype's `raw`
 * nodes) is parsed with hast-util-raw, then the whole body is cleaned with
 * hast-util-sanitize. Runs on the body only, before the template fills its
 * slots (the template's own markup is trusted, the article's is not).
 */
import type {Root} from 'hast'
import {raw} from 'hast-util-raw'
import {defaultSchema, sanitize, type Schema} from 'hast-util-sanitize'
import type {VFile} from 'vfile'

const blocked = ['script', 'style', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'frame', 'frameset', 'form', 'template', 'noscript', 'svg', 'math']

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
    ...defaultSchema.attributes,
    a: [...(defaultSchema.attributes?.a ?? []), 'dataFootnoteRef', 'dataFootnoteBackref', 'ariaDescribedBy', 'ariaLabel'],
    h2: [...(defaultSchema.attributes?.h2 ?? []), 'id'],
    section: [...(defaultSchema.attributes?.section ?? []), 'ariaLabelledBy'],
    img: [...(defaultSchema.attributes?.img ?? []), 'alt', 'title', 'width', 'height'],
    span: [['className', 'brief-call']]
  },
  clobber: [],
  protocols: {
    ...defaultSchema.protocols,
    // `src` is only allowed on `img` (and `source`) by the tag list above.
    src: ['http', 'https', 'data']
  },
  strip: [...new Set([...(defaultSchema.strip ?? []), ...blocked])]
}

/** `data:` URLs only for raster images (an SVG can carry script). */
const safeDataImage = /^data:image\/(?:png|jpe?g|gif|webp|avif);/i

/**
 * Parse raw HTML in a hast body and sanitise it.
 *
 * @returns
 *   A new tree; the input is not changed.
 */
export function sanitizeBody(tree: Root, file?: VFile): Root {
  const parsed = containsRaw(tree) ? (raw(tree, {file}) as Root) : tree
  const clean = sanitize(parsed, briefSanitizeSchema) as Root
  dropUnsafeDataUrls(clean)
  return clean
}

/** rehype plugin: parse and sanitise article HTML (use before `rehypeBriefTemplate`, or let the template do it). */
export function rehypeBriefSanitize() {
  return (tree: Root, file: VFile): Root => sanitizeBody(tree, file)
}

function containsRaw(node: {type: string; children?: unknown[]}): boolean {
  if (node.type === 'raw') return true
  return Array.isArray(node.children) && node.children.some((child) => containsRaw(child as {type: string}))
}

function dropUnsafeDataUrls(node: {type: string; tagName?: string; properties?: Record<string, unknown>; children?: unknown[]}): void {
  if (node.type === 'element' && node.properties) {
    for (const key of ['src', 'href', 'cite', 'longDesc']) {
      const value = node.properties[key]
      if (typeof value === 'string' && /^\s*data:/i.test(value) && !(key === 'src' && node.tagName === 'img' && safeDataImage.test(value.trim()))) {
        delete node.properties[key]
      }
    }
  }
  if (Array.isArray(node.children)) for (const child of node.children) dropUnsafeDataUrls(child as typeof node)
}
