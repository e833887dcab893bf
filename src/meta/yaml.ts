/**
 * Front matter YAML in linear time.
 *
 * The `yaml` package's own duplicate-key check (`uniqueKeys: true`, its
 * default) compares each new key with every earlier key of its map: quadratic,
 * so 300,000 keys (4.9 MB, under the input limit) took 34 minutes. It is
 * turned off here and the same check is made with one `Set` per map; a
 * duplicate is the same `DUPLICATE_KEY` error as before.
 */
import {isMap, isScalar, parseDocument, visit, YAMLParseError, type Document, type Range} from 'yaml'

export interface FrontMatterYamlOptions {
  /** `error`: warnings become messages of the caller; `silent`: nothing at all. */
  logLevel: 'error' | 'silent'
}

/** Parse front matter with the core schema, no custom tags and no merge keys; duplicates are an error. */
export function parseFrontMatterYaml(text: string, options: FrontMatterYamlOptions): Document.Parsed {
  const document = parseDocument(text, {schema: 'core', customTags: [], merge: false, uniqueKeys: false, logLevel: options.logLevel, prettyErrors: false})
  if (document.errors.length > 0) return document
  const duplicate = firstDuplicateKey(document)
  if (duplicate) document.errors.push(new YAMLParseError([duplicate[0], duplicate[1]], 'DUPLICATE_KEY', 'Map keys must be unique'))
  return document
}

/** The range of the first key that repeats an earlier scalar key of the same map (the yaml package's equality: same node or same value). */
function firstDuplicateKey(document: Document.Parsed): Range | undefined {
  let found: Range | undefined
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>()
      for (const pair of map.items) {
        const key: unknown = pair.key
        const identity = isScalar(key) ? key.value : key
        if (seen.has(identity)) {
          found = (isScalar(key) || isMap(key) ? key.range : undefined) ?? [0, 0, 0]
          return visit.BREAK
        }
        seen.add(identity)
      }
      return undefined
    }
  })
  return found
}
