/**
 * Front matter that is one flat list of `key: value` lines (what scrapers and
 * archives write: `title: …`, `published_date: 2026-06-30`, `authors: []`,
 * `tags: ["a", "b"]`), read without the `yaml` package: its parser costs a few
 * milliseconds per document while it is cold, more than the rest of the
 * recognizer's front matter work. Only lines whose meaning under YAML 1.2's
 * core schema is certain are read here; anything else (nesting, comments,
 * quotes with escapes, floats, anchors, a blank line…) answers `undefined`,
 * and the caller parses the document with `yaml` as before. Same answers as
 * `parseYaml` wherever this one answers (test/article-flat-yaml.test.ts).
 */

/** `key: rest`: a plain key of letters, digits, `_` and `-` at the line's start. */
const keyLine = /^([A-Za-z_][\w-]{0,99}):(?: +(.*))?$/
/** Characters YAML treats apart (tabs and controls other than the line feed, line and paragraph separators, BOM, non-characters, surrogates): left to `yaml`. */
const unusual = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/
/** A double-quoted scalar with no escape and no quote inside. */
const quoted = /^"([^"\\]*)" *$/
/** A flow sequence of such scalars: `[]`, `["a"]`, `["a", "b"]`. */
const quotedList = /^\[(?:"[^"\\]*"(?:, ?"[^"\\]*")*)?\] *$/
/** A flow sequence of plain scalars, one line: `[Policy, Full text]` (each item read by `readPlain`). */
const plainList = /^\[[^[\]{}"']+\] *$/
/** Inside a flow sequence's plain scalar: as in a block, and no empty item (`[a, , b]`, `[a,]`). */
const flowBreak = /: | #|\t|:$|^$/
/** What may open a plain scalar (YAML's indicators and white space are left to `yaml`). */
const plainStart = /^[^\s\-?:,[\]{}#&*!|>'"%@`]/
/** Inside a plain scalar: `: ` or ` #` end or break it, a tab or a final `:` is left to `yaml`. */
const plainBreak = /: | #|\t|:$/
/** Core schema tags of plain scalars other than strings: null, booleans, decimal integers, and the ones left to `yaml`. */
const nullValue = /^(?:~|[Nn]ull|NULL)$/
const boolValue = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/
const intValue = /^[-+]?[0-9]+$/
const otherNumber = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/

/** The mapping of a flat `key: value` document, or `undefined` when `yaml` must decide. */
export function readFlatYaml(text: string): Record<string, unknown> | undefined {
  if (text.length === 0 || unusual.test(text)) return undefined
  const lines = text.split('\n')
  const data: Record<string, unknown> = {}
  for (const line of lines) {
    const match = keyLine.exec(line)
    if (!match) return undefined
    const key = match[1]
    // A key that is not a plain string, or repeated (an error for `yaml`), or one objects treat apart.
    if (key === '__proto__' || Object.hasOwn(data, key) || nullValue.test(key) || boolValue.test(key)) return undefined
    // YAML trims spaces only (`trimEnd` would also take a no-break space, which YAML keeps).
    const value = readValue((match[2] ?? '').replace(/ +$/, ''))
    if (value === notFlat) return undefined
    data[key] = value
  }
  return data
}

const notFlat = Symbol('not flat')

/** One line's value (trailing spaces gone) as YAML's core schema reads it, or `notFlat`. */
function readValue(value: string): unknown {
  if (value === '') return null
  if (value.charCodeAt(0) === 34) {
    const match = quoted.exec(value)
    return match ? match[1] : notFlat
  }
  if (value.charCodeAt(0) === 91) {
    if (quotedList.test(value)) return [...value.matchAll(/"([^"\\]*)"/g)].map((item) => item[1])
    if (!plainList.test(value)) return notFlat
    const items = value.slice(1, value.lastIndexOf(']')).split(',').map((item) => readPlain(item.replace(/^ +| +$/g, ''), flowBreak))
    return items.includes(notFlat) ? notFlat : items
  }
  return readPlain(value, plainBreak)
}

/** A plain scalar as the core schema reads it (`null`, booleans, decimal integers, strings), or `notFlat`. */
function readPlain(value: string, breaks: RegExp): unknown {
  if (!plainStart.test(value) || breaks.test(value)) return notFlat
  if (nullValue.test(value)) return null
  if (boolValue.test(value)) return value[0] === 't' || value[0] === 'T'
  if (intValue.test(value)) return Number.parseInt(value, 10)
  if (otherNumber.test(value)) return notFlat
  return value
}
