/**
 * Whether hast-util-sanitize would give a tree back unchanged: then the
 * brief keeps the tree instead of the sanitiser's copy of every node,
 * property and position (20–30 ms of a cold corpus pass, and a few MB that
 * stay alive to the end; all 34 corpus bodies come back equal).
 *
 * The test mirrors `sanitize` (hast-util-sanitize 5) rule by rule and says
 * yes only where each rule keeps what it reads as it is: an allowed tag name
 * (with its required ancestor, no `required` properties to add), each
 * property allowed by the tag's or the shared list, every value of the
 * allowed types, protocols and values, unclobbered; only roots, elements and
 * texts (no comment, doctype or raw node); no `data` (the sanitiser clones
 * it); the nodes' fields in the order the sanitiser writes them; positions
 * whose points read as the copy's would; no node, property object or list met
 * twice (the copy would part them, and later passes write to them; positions
 * are only read). Anything else, or a schema it does not model (no tag list,
 * a global pattern), answers no, and the sanitiser runs as before.
 * test/template-speed-session17.test.ts holds it to the sanitiser itself on
 * generated and hostile trees.
 */
import type {Root} from 'hast'
import {defaultSchema, type Schema} from 'hast-util-sanitize'

type PropertyDefinition = NonNullable<Schema['attributes']>[string][number]

/** One tag's property list as `findDefinition` reads it: the first entry of each name, the last `data*`. */
interface Definitions {
  byName: Map<string, PropertyDefinition>
  dataDefault: PropertyDefinition | undefined
}

/** What the test reads of an allowed tag name. */
interface TagRule {
  /** Names of which one must be an ancestor (`ancestors`). */
  ancestors: readonly string[] | undefined
  /** The tag's own property list. */
  definitions: Definitions | undefined
}

/** What the test reads of a schema, looked up by name instead of searched through lists. */
export interface SanitizedTables {
  /** The tag names kept as they are: allowed, with no `required` properties to add. */
  tags: ReadonlyMap<string, TagRule>
  /** The property list shared by all tags (`*`). */
  defaults: Definitions | undefined
  protocols: ReadonlyMap<string, readonly string[]>
  clobbered: ReadonlySet<string>
}

const own = {}.hasOwnProperty

/**
 * The tables of a schema (merged over the default one, as `sanitize` does);
 * `undefined` when the schema has something the test does not model (no
 * `tagNames` list, a global or sticky pattern).
 */
export function sanitizedTables(options: Schema): SanitizedTables | undefined {
  const schema: Schema = {...defaultSchema, ...options}
  // Comments and doctypes are never kept as they are by the test (it answers no), so their options need no model.
  if (!schema.tagNames) return undefined
  const attributes = schema.attributes ?? {}
  const specific = new Map<string, Definitions>()
  let defaults: Definitions | undefined
  for (const tagName of Object.keys(attributes)) {
    const definitions = definitionsOf(attributes[tagName]!)
    if (!definitions) return undefined
    if (tagName === '*') defaults = definitions
    else specific.set(tagName, definitions)
  }
  const ancestors = schema.ancestors ?? {}
  const required = schema.required ?? {}
  const tags = new Map<string, TagRule>()
  for (const tagName of schema.tagNames) {
    if (tagName === '' || tagName === '*' || own.call(required, tagName)) continue
    tags.set(tagName, {ancestors: own.call(ancestors, tagName) ? ancestors[tagName] : undefined, definitions: specific.get(tagName)})
  }
  const protocols = new Map<string, readonly string[]>()
  for (const key of Object.keys(schema.protocols ?? {})) {
    const list = schema.protocols![key]
    if (list && list.length > 0) protocols.set(key, list)
  }
  return {tags, defaults, protocols, clobbered: new Set(schema.clobber && schema.clobberPrefix ? schema.clobber : [])}
}

function definitionsOf(list: readonly PropertyDefinition[]): Definitions | undefined {
  const byName = new Map<string, PropertyDefinition>()
  let dataDefault: PropertyDefinition | undefined
  for (const entry of list) {
    const name = typeof entry === 'string' ? entry : entry[0]
    if (typeof entry !== 'string') {
      // A global or sticky pattern changes its `lastIndex` on each test: the test would move the sanitiser's answers.
      for (const allowed of entry) if (allowed instanceof RegExp && (allowed.global || allowed.sticky)) return undefined
    }
    if (!byName.has(name)) byName.set(name, entry)
    if (name === 'data*') dataDefault = entry
  }
  return {byName, dataDefault}
}

/** `findDefinition` of hast-util-sanitize. */
function definitionOf(definitions: Definitions | undefined, key: string): PropertyDefinition | undefined {
  const found = definitions?.byName.get(key)
  if (found !== undefined) return found
  return key.length > 4 && key.slice(0, 4).toLowerCase() === 'data' ? definitions?.dataDefault : undefined
}

/**
 * Whether `sanitize(tree, schema)` (the schema the tables were made of)
 * returns a tree equal to `tree`: every field a reader reads (`type`,
 * `tagName`, `properties` and their values, `children`, `value`, `position`'s
 * points) the same, no node with a field more.
 */
export function isSanitized(tree: Root, tables: SanitizedTables): boolean {
  const root = tree as unknown as Record<string, unknown>
  if (root.type !== 'root' || !fieldsKept(root, rootFields)) return false
  // Nodes, property objects and lists met: one met twice would be two after the sanitiser's copy (later passes write to them).
  const seen = new Set<unknown>()
  const stack: string[] = []
  return childrenKept(root.children)

  function childrenKept(children: unknown): boolean {
    if (!Array.isArray(children)) return false
    // A list with children is known by them; an empty one by itself.
    if (children.length === 0) {
      if (seen.has(children)) return false
      seen.add(children)
      return true
    }
    // Counted: `for…of` makes an iterator and a result object for each child in cold code.
    for (let index = 0; index < children.length; index++) {
      const child = children[index] as Record<string, unknown> | null
      if (typeof child !== 'object' || child === null || seen.has(child)) return false
      seen.add(child)
      const type = child.type
      if (type === 'text') {
        if (typeof child.value !== 'string' || !fieldsKept(child, textFields)) return false
      } else if (type !== 'element' || !elementKept(child)) return false
    }
    return true
  }

  function elementKept(element: Record<string, unknown>): boolean {
    const tagName = element.tagName
    const rule = typeof tagName === 'string' ? tables.tags.get(tagName) : undefined
    if (!rule || !fieldsKept(element, elementFields)) return false
    if (rule.ancestors && !rule.ancestors.some((name) => stack.includes(name))) return false
    if (!propertiesKept(rule.definitions, element.properties)) return false
    stack.push(tagName as string)
    const kept = childrenKept(element.children)
    stack.pop()
    return kept
  }

  function propertiesKept(specific: Definitions | undefined, properties: unknown): boolean {
    if (typeof properties !== 'object' || properties === null || seen.has(properties) || Object.getPrototypeOf(properties) !== Object.prototype) return false
    seen.add(properties)
    const values = properties as Record<string, unknown>
    for (const key in values) {
      if (!own.call(values, key) || tables.clobbered.has(key)) return false
      const value = values[key]
      if (Array.isArray(value)) {
        if (seen.has(value)) return false
        seen.add(value)
      }
      // `properties`: the tag's definition first; a list it allows stays (its refused items dropped), a refused
      // primitive is tried with the shared one.
      const definition = definitionOf(specific, key)
      if (definition) {
        if (propertyKept(definition, key, value)) continue
        if (Array.isArray(value)) return false
      }
      if (!propertyKept(definitionOf(tables.defaults, key), key, value)) return false
    }
    return true
  }

  /** Whether `propertyValue` returns the value as it is (a list: every item kept). */
  function propertyKept(definition: PropertyDefinition | undefined, key: string, value: unknown): boolean {
    // `propertyValue` tests the definition's truth: an entry `''` is none.
    if (!definition) return false
    if (!Array.isArray(value)) return primitiveKept(definition, key, value)
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index]
      // `propertyValueMany` keeps numbers and strings only (a `true` in a list is dropped).
      if ((typeof item !== 'number' && typeof item !== 'string') || !primitiveKept(definition, key, item)) return false
    }
    return true
  }

  /** `propertyValuePrimitive` answering the value itself (keys that clobber were refused before). */
  function primitiveKept(definition: PropertyDefinition, key: string, value: unknown): boolean {
    if (typeof value !== 'boolean' && typeof value !== 'number' && typeof value !== 'string') return false
    if (!protocolKept(key, value)) return false
    if (typeof definition === 'object' && definition.length > 1) {
      for (let index = 1; index < definition.length; index++) {
        const allowed = definition[index]
        if (allowed && typeof allowed === 'object' && 'flags' in allowed) {
          if (allowed.test(String(value))) return true
        } else if (allowed === value) return true
      }
      return false
    }
    return true
  }

  /** `safeProtocol` of hast-util-sanitize. */
  function protocolKept(key: string, value: boolean | number | string): boolean {
    const protocols = tables.protocols.get(key)
    if (!protocols) return true
    const url = String(value)
    const colon = url.indexOf(':')
    const questionMark = url.indexOf('?')
    const numberSign = url.indexOf('#')
    const slash = url.indexOf('/')
    if (colon < 0 || (slash > -1 && colon > slash) || (questionMark > -1 && colon > questionMark) || (numberSign > -1 && colon > numberSign)) {
      return true
    }
    for (let index = 0; index < protocols.length; index++) {
      const protocol = protocols[index]!
      if (colon === protocol.length && url.slice(0, protocol.length) === protocol) return true
    }
    return false
  }
}

/** The fields the sanitiser writes, in its order; `position` last and optional (no `data`: refused). */
const rootFields = ['type', 'children', 'position']
const elementFields = ['type', 'tagName', 'properties', 'children', 'position']
const textFields = ['type', 'value', 'position']

/**
 * Whether the node's enumerable fields are `fields` in order (the last,
 * `position`, optional) and its position reads as the sanitiser's copy
 * (`unist-util-position`) would: no field, or two points of positive line
 * and column and an offset that is a number over -1 or none.
 */
function fieldsKept(node: Record<string, unknown>, fields: readonly string[]): boolean {
  let index = 0
  for (const key in node) {
    if (key !== fields[index]) return false
    index++
  }
  if (index < fields.length - 1) return false
  if (index === fields.length - 1) return true
  const position = node.position as {start?: unknown; end?: unknown} | undefined
  // A `position` field that is `undefined` is one the copy does not have.
  return typeof position === 'object' && position !== null && pointKept(position.start) && pointKept(position.end)
}

function pointKept(point: unknown): boolean {
  if (typeof point !== 'object' || point === null) return false
  const {line, column, offset} = point as Record<string, unknown>
  return typeof line === 'number' && line > 0 && typeof column === 'number' && column > 0 && (offset === undefined || (typeof offset === 'number' && offset > -1))
}
