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

/**
 * Parse raw HTML in a hast body and sanitise it.
 *
 * @returns
 *   The clean tree: a new one, or the input itself when sanitising would
 *   not change it (then the input is what the caller goes on to change).
 */
export function sanitizeBody(tree: Root, file?: VFile): Root {
  // Most bodies (every scraped text's) hold nothing to parse, report, remove or rewrite: proven so by one walk that
  // allocates nothing, they are kept as they are, instead of four walks and a copy of every node (the same tree).
  return keptAsItIs(tree) ? tree : sanitizeWhole(tree, file)
}

/** `sanitizeBody` the whole way: raw HTML parsed, images reported, the tree rebuilt by the schema, `data:` URLs dropped. */
export function sanitizeWhole(tree: Root, file?: VFile): Root {
  const parsed = containsRaw(tree) ? parseRaw(tree, file) : tree
  if (file) reportBlockedImages(parsed, file)
  const clean = sanitize(parsed, briefSanitizeSchema) as Root
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
  for (const child of node.children) if (child.type === 'element') eachElement(child, callback)
}

/**
 * Images the schema will strip the source of (`file:`, `javascript:`, SVG or
 * other non-image `data:` URLs) are reported, so none disappears silently.
 * Remote `http(s)` images pass here; the build reports and blocks them.
 */
function reportBlockedImages(tree: Root, file: VFile): void {
  walk(tree, undefined)

  function walk(node: Root | Element, parent: Root | Element | undefined): void {
    if (node.type === 'element' && isBlockedImage(node.tagName, node.properties)) {
      const src = String(node.properties.src).trim()
      const shown = src.length > 200 ? src.slice(0, 199) + '…' : src
      report(file, `Unexpected image \`${shown}\`, expected a file inside the article's folder (\`${schemeOf(src)}:\` URLs are never loaded); removed`, {
        ruleId: 'image-not-local',
        severity: 'warning',
        place: node.position ?? parent?.position
      })
    }
    for (const child of node.children) if (child.type === 'element') walk(child, node)
  }
}

/** Whether an element is an image whose source the build never loads (`file:`, `javascript:`, SVG or other non-image `data:`). */
function isBlockedImage(tagName: string, properties: Record<string, unknown>): boolean {
  if (tagName !== 'img' || typeof properties.src !== 'string') return false
  const src = properties.src.trim()
  const scheme = schemeOf(src)
  return !(!scheme || scheme === 'http' || scheme === 'https' || (scheme === 'data' && safeDataImage.test(src)))
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

function containsRaw(node: {type: string; children?: unknown[]}): boolean {
  if (node.type === 'raw') return true
  return Array.isArray(node.children) && node.children.some((child) => containsRaw(child as {type: string}))
}

/** The URL properties a `data:` value is dropped from (one list for the module, not one per element). */
const urlProperties = ['src', 'href', 'cite', 'longDesc'] as const

function dropUnsafeDataUrls(node: {type: string; tagName?: string; properties?: Record<string, unknown>; children?: unknown[]}): void {
  if (node.type === 'element' && node.properties) {
    for (const key of urlProperties) if (isUnsafeDataUrl(node.tagName, key, node.properties[key])) delete node.properties[key]
  }
  if (Array.isArray(node.children)) for (const child of node.children) dropUnsafeDataUrls(child as typeof node)
}

/** A `data:` URL but an image's raster one: what `dropUnsafeDataUrls` drops. */
function isUnsafeDataUrl(tagName: string | undefined, key: string, value: unknown): boolean {
  return typeof value === 'string' && /^\s*data:/i.test(value) && !(key === 'src' && tagName === 'img' && safeDataImage.test(value.trim()))
}

type Definition = NonNullable<Schema['attributes']>[string][number]

/** The schema's lists as sets and maps, for `sanitizesToItself`. */
const tagNames = new Set(briefSanitizeSchema.tagNames ?? [])
const ancestorsOf = new Map(Object.entries(briefSanitizeSchema.ancestors ?? {}))
const requiredOf = new Set(Object.keys(briefSanitizeSchema.required ?? {}))
const attributesOf = new Map(Object.entries(briefSanitizeSchema.attributes ?? {}))
const anyElement = attributesOf.get('*')
const protocolsOf = new Map(Object.entries(briefSanitizeSchema.protocols ?? {}))
const clobber = briefSanitizeSchema.clobber ?? []
const clobberPrefix = briefSanitizeSchema.clobberPrefix

/**
 * Whether `sanitizeBody` would give back a tree equal to `tree` (and report
 * nothing): no raw HTML to parse, no image to report, nothing the schema
 * removes or rewrites, no `data:` URL to drop. For the schema, the steps of
 * hast-util-sanitize (5.0: `element`, `properties`, `propertyValue`,
 * `safeProtocol`, `findDefinition`, `patch`), each node asked whether it
 * would be kept with every property as it is. Anything else (a comment, a
 * doctype, a raw node, a tag or property the schema drops, a URL it rejects,
 * a value it filters, `data` it would copy, a position it would drop)
 * answers no, and the tree goes the whole way.
 * test/template-sanitize-itself.test.ts holds the two to the same trees.
 */
export function keptAsItIs(tree: Root): boolean {
  const root = tree as unknown as Record<string, unknown>
  return root.type === 'root' && root.data === undefined && positionKept(root.position) && childrenKept(root.children, [])
}

function childrenKept(children: unknown, stack: string[]): boolean {
  if (!Array.isArray(children)) return false
  for (let index = 0; index < children.length; index++) {
    const child: unknown = children[index]
    if (child === null || typeof child !== 'object') return false
    const unsafe = child as Record<string, unknown>
    if (unsafe.data !== undefined || !positionKept(unsafe.position)) return false
    if (unsafe.type === 'text') {
      if (typeof unsafe.value !== 'string') return false
    } else if (unsafe.type !== 'element' || !elementKept(unsafe, stack)) return false
  }
  return true
}

function elementKept(element: Record<string, unknown>, stack: string[]): boolean {
  const name = element.tagName
  if (typeof name !== 'string' || name === '' || name === '*' || !tagNames.has(name)) return false
  const ancestors = ancestorsOf.get(name)
  if (ancestors && !ancestors.some((ancestor) => stack.includes(ancestor))) return false
  // A required property would be added.
  if (requiredOf.has(name)) return false
  if (!propertiesKept(element.properties, name)) return false
  const properties = element.properties as Record<string, unknown>
  if (isBlockedImage(name, properties)) return false
  for (const key of urlProperties) if (isUnsafeDataUrl(name, key, properties[key])) return false
  stack.push(name)
  const kept = childrenKept(element.children, stack)
  stack.pop()
  return kept
}

/** `patch` rebuilds a position from its points, and drops one without both (or with an offset it would not copy). */
function positionKept(place: unknown): boolean {
  if (place === undefined) return true
  if (place === null || typeof place !== 'object') return false
  return pointKept((place as Record<string, unknown>).start) && pointKept((place as Record<string, unknown>).end)
}

function pointKept(point: unknown): boolean {
  if (point === null || typeof point !== 'object') return false
  const {line, column, offset} = point as Record<string, unknown>
  return typeof line === 'number' && line > 0 && typeof column === 'number' && column > 0 && typeof offset === 'number' && offset > -1
}

/**
 * How `propertiesKept` decides a property of an element. `any`: a name alone
 * (any value) in the element's list, or in `*` when the element's list lacks
 * it, no protocols, not clobbered; `protocol`: the same, for a property with
 * protocols (`href`, `src`, `cite`, `longDesc`); `other` (an allow list, a
 * property the schema drops, a clobbered one): `propertyKept`.
 */
type Rule = 'any' | 'protocol' | 'other'

/** Each element name's properties' rules, found as they are met (a few dozen pairs). */
const rules = new Map<string, Map<string, Rule>>()

function ruleOf(tagName: string, key: string): Rule {
  let rulesOfTag = rules.get(tagName)
  if (!rulesOfTag) rules.set(tagName, (rulesOfTag = new Map()))
  let rule = rulesOfTag.get(key)
  if (rule === undefined) {
    const definition = findDefinition(attributesOf.get(tagName), key) ?? findDefinition(anyElement, key)
    const anyValue = definition !== undefined && (typeof definition === 'string' || definition.length <= 1)
    rule = !anyValue || clobber.includes(key) ? 'other' : protocolsOf.get(key)?.length ? 'protocol' : 'any'
    rulesOfTag.set(key, rule)
  }
  return rule
}

function propertiesKept(properties: unknown, tagName: string): boolean {
  if (properties === null || typeof properties !== 'object') return false
  const values = properties as Record<string, unknown>
  for (const key in values) {
    // `sanitize` copies own properties only: an inherited one would be lost.
    if (!Object.hasOwn(values, key)) return false
    const value = values[key]
    const rule = ruleOf(tagName, key)
    if (rule === 'other') {
      if (!propertyKept(tagName, key, value)) return false
    } else if (Array.isArray(value)) {
      // `propertyValueMany` keeps strings and numbers (with a safe protocol).
      for (const item of value) {
        if (typeof item !== 'string' && typeof item !== 'number') return false
        if (rule === 'protocol' && !safeProtocol(key, item)) return false
      }
    } else {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false
      if (rule === 'protocol' && !safeProtocol(key, value)) return false
    }
  }
  return true
}

/** Whether `properties` of hast-util-sanitize keeps `value` as it is: its steps, for the rules `ruleOf` leaves to them. */
function propertyKept(tagName: string, key: string, value: unknown): boolean {
  let safe = propertyValue(findDefinition(attributesOf.get(tagName), key), key, value)
  if (safe === null || safe === undefined) safe = propertyValue(findDefinition(anyElement, key), key, value)
  if (safe === null || safe === undefined) return false
  if (!Array.isArray(safe)) return safe === value
  return Array.isArray(value) && safe.length === value.length && safe.every((item, index) => item === value[index])
}

function propertyValue(definition: Definition | undefined, key: string, value: unknown): unknown {
  if (!definition) return undefined
  if (!Array.isArray(value)) return propertyValuePrimitive(definition, key, value)
  const result: unknown[] = []
  for (const item of value) {
    const safe = propertyValuePrimitive(definition, key, item)
    if (typeof safe === 'number' || typeof safe === 'string') result.push(safe)
  }
  return result
}

function propertyValuePrimitive(definition: Definition, key: string, value: unknown): unknown {
  if (typeof value !== 'boolean' && typeof value !== 'number' && typeof value !== 'string') return undefined
  if (!safeProtocol(key, value)) return undefined
  // One name alone allows every value; a name and values is an allow list.
  if (typeof definition === 'object' && definition.length > 1) {
    let ok = false
    for (let index = 1; index < definition.length; index++) {
      const allowed = definition[index]
      if (allowed && typeof allowed === 'object' && 'flags' in allowed) {
        if (allowed.test(String(value))) {
          ok = true
          break
        }
      } else if (allowed === value) {
        ok = true
        break
      }
    }
    if (!ok) return undefined
  }
  return clobber.includes(key) && clobberPrefix ? clobberPrefix + String(value) : value
}

function safeProtocol(key: string, value: string | number | boolean): boolean {
  const protocols = protocolsOf.get(key)
  if (!protocols || protocols.length === 0) return true
  const url = String(value)
  const colon = url.indexOf(':')
  const questionMark = url.indexOf('?')
  const numberSign = url.indexOf('#')
  const slash = url.indexOf('/')
  if (colon < 0 || (slash > -1 && colon > slash) || (questionMark > -1 && colon > questionMark) || (numberSign > -1 && colon > numberSign)) return true
  return protocols.some((protocol) => colon === protocol.length && url.slice(0, protocol.length) === protocol)
}

function findDefinition(definitions: readonly Definition[] | undefined, key: string): Definition | undefined {
  let dataDefault: Definition | undefined
  if (definitions) {
    for (const entry of definitions) {
      const name = typeof entry === 'string' ? entry : entry[0]
      if (name === key) return entry
      if (name === 'data*') dataDefault = entry
    }
  }
  if (key.length > 4 && key.slice(0, 4).toLowerCase() === 'data') return dataDefault
  return undefined
}
