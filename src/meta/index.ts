/**
 * remark-brief metadata: YAML front matter ▶ `file.data.brief`.
 *
 * Front matter is data, never code: only YAML is read, with the `yaml`
 * package's core schema (no custom tags, no anchors exploding, nothing run).
 * A `---js`, `---javascript`, `---coffee` or any other `---<engine>` opening
 * is an error and its block is dropped from the body unread.
 */
import type {Root, RootContent, Yaml} from 'mdast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {isMap, isScalar, type Pair} from 'yaml'
import {briefOf} from './brief-data.js'
import {hostFrontMatter} from './host.js'
import {report} from './report.js'
import {parseFrontMatterYaml} from './yaml.js'
import type {BriefAuthor, BriefData, OrganizationConfig} from './types.js'

/** Read YAML front matter into `file.data.brief` and refuse front matter in any other language. */
export function remarkBriefMeta() {
  return (tree: Root, file: VFile): undefined => {
    const brief = briefOf(file, 'markdown')
    // Scraped text: the article recognizer read (and checked) its own front matter.
    if (brief.source === 'text') return
    const text = String(file.value ?? '')
    if (refuseEngineFrontMatter(tree, file, text)) return
    const node = tree.children.find((child): child is Yaml => child.type === 'yaml')
    if (node) readYaml(node, file, text, brief)
    else {
      // Astro, Docusaurus: the host parsed (and maybe stripped) the YAML before remark ran.
      const host = hostFrontMatter(file)
      if (host) readFrontMatterData(host, file, brief)
    }
  }
}

/** Front matter a host already parsed (an object, no positions): the same fields and checks as YAML. */
export function readFrontMatterData(data: Record<string, unknown>, file: VFile, brief: BriefData): void {
  const set = new Set(brief.frontMatter ?? [])
  for (const key of Object.keys(data)) {
    if (!Object.hasOwn(fields, key)) continue
    const check = fields[key]!(data[key])
    if (!check.ok) {
      report(file, `Unexpected value for \`${key}\` in front matter, expected ${check.expected}; ignored`, {ruleId: 'front-matter-type', severity: 'warning', data: {key}})
      continue
    }
    apply(brief, key, check.value)
    set.add(key === 'author' ? 'authors' : key)
  }
  brief.frontMatter = [...set]
}

/** Front matter opened with `---<engine>`: report it and drop what the parser made of it. */
function refuseEngineFrontMatter(tree: Root, file: VFile, text: string): boolean {
  const opening = /^(?:\uFEFF)?---[ \t]*([A-Za-z][\w+.-]*)[ \t]*\r?\n/.exec(text)
  if (!opening) return false
  const closing = /^(?:---|\.\.\.)[ \t]*$/m
  const rest = text.slice(opening[0].length)
  const close = closing.exec(rest)
  const end = close ? opening[0].length + close.index + close[0].length : opening[0].length
  const place = location(text)
  const position: Position = {start: place.toPoint(0)!, end: place.toPoint(end) ?? place.toPoint(text.length)!}
  const engine = opening[1]!
  const reason = /^ya?ml$/i.test(engine)
    ? `Unexpected front matter opening \`---${engine}\`, expected \`---\` alone; not read`
    : `Unexpected front matter language \`${engine}\`, expected YAML; not evaluated`
  report(file, reason, {ruleId: 'unsafe-front-matter', severity: 'error', place: position, data: {engine}})
  tree.children = tree.children.filter((child: RootContent) => (child.position?.start.offset ?? Infinity) >= end)
  return true
}

type Check = (value: unknown) => {ok: true; value: unknown} | {ok: false; expected: string}

const text: Check = (value) =>
  typeof value === 'string' && value.trim() !== ''
    ? {ok: true, value: value.trim()}
    : typeof value === 'number' && Number.isFinite(value)
      ? {ok: true, value: String(value)}
      : {ok: false, expected: 'text'}

const list: Check = (value) => {
  const items = typeof value === 'string' ? [value] : value
  return Array.isArray(items) && items.every((item) => typeof item === 'string' || typeof item === 'number')
    ? {ok: true, value: items.map((item) => String(item).trim()).filter(Boolean)}
    : {ok: false, expected: 'a list of texts'}
}

const url: Check = (value) =>
  typeof value === 'string' && /^https?:\/\/\S+$/i.test(value.trim()) ? {ok: true, value: value.trim()} : {ok: false, expected: 'an `http:` or `https:` URL'}

const lang: Check = (value) =>
  typeof value === 'string' && /^[A-Za-z]{2,3}(?:-[A-Za-z\d]{1,8})*$/.test(value.trim())
    ? {ok: true, value: value.trim()}
    : {ok: false, expected: 'a BCP 47 language tag such as `en`'}

const paper: Check = (value) => {
  const match = typeof value === 'string' ? ['A4', 'Letter'].find((size) => size.toLowerCase() === value.trim().toLowerCase()) : undefined
  return match ? {ok: true, value: match} : {ok: false, expected: '`A4` or `Letter`'}
}

const notes: Check = (value) =>
  value === 'page' || value === 'end' ? {ok: true, value} : {ok: false, expected: '`page` or `end`'}

const contents: Check = (value) =>
  typeof value === 'boolean' || (Number.isInteger(value) && (value as number) >= 1)
    ? {ok: true, value}
    : {ok: false, expected: '`true`, `false` or a number of sections'}

const authorKeys = ['name', 'role', 'affiliation', 'bio'] as const

const author = (value: unknown): BriefAuthor | undefined => {
  if (typeof value === 'string' && value.trim()) return {name: value.trim()}
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
  const record = value as Record<string, unknown>
  if (typeof record.name !== 'string' || !record.name.trim()) return undefined
  const result: BriefAuthor = {name: record.name.trim()}
  for (const key of authorKeys) {
    const field = record[key]
    if (key !== 'name' && typeof field === 'string' && field.trim()) result[key] = field.trim()
    else if (key !== 'name' && field !== undefined && field !== null) return undefined
  }
  return result
}

const authors: Check = (value) => {
  const items = Array.isArray(value) ? value : [value]
  const people = items.map(author)
  return people.every(Boolean) && people.length > 0
    ? {ok: true, value: people}
    : {ok: false, expected: 'a name, `{name, role, affiliation, bio}`, or a list of them'}
}

const organizationKeys = ['name', 'shortName', 'website', 'address', 'logo', 'brandColor', 'licence'] as const

const organization: Check = (value) => {
  if (typeof value === 'string' && value.trim()) return {ok: true, value: value.trim()}
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>
    const known = Object.keys(record).every((key) => (organizationKeys as readonly string[]).includes(key) && typeof record[key] === 'string')
    // A logo is a file: front matter (untrusted) may not point the build at one.
    if (known && typeof record.name === 'string' && !('logo' in record)) return {ok: true, value: record}
  }
  return {ok: false, expected: 'a name or `{name, shortName, website, address, brandColor, licence}`'}
}

/** The front matter keys we read, and how each is checked. */
const fields: Record<string, Check> = {
  title: text,
  subtitle: text,
  shortTitle: text,
  authors,
  author: authors,
  organization,
  date: text,
  series: text,
  issue: text,
  summary: text,
  keyPoints: list,
  keywords: list,
  lang,
  url,
  paper,
  notes,
  contents,
  disclaimer: text,
  credits: list
}

function readYaml(node: Yaml, file: VFile, source: string, brief: BriefData): void {
  const start = valueOffset(node, source)
  const place = location(source)
  const at = (range?: [number, number, number?] | null): Position | undefined => {
    if (!range || start === undefined) return node.position
    const from = place.toPoint(start + range[0])
    const to = place.toPoint(start + range[1])
    return from && to ? {start: from, end: to} : node.position
  }

  // `logLevel: 'error'`: warnings become messages below, not process warnings. Linear time whatever the key count.
  const document = parseFrontMatterYaml(node.value, {logLevel: 'error'})
  if (document.errors.length > 0) {
    const error = document.errors[0]!
    report(file, `Unexpected invalid YAML in front matter (${error.code}), expected YAML data; not read`, {
      ruleId: 'front-matter-invalid',
      severity: 'error',
      place: at([error.pos[0], error.pos[1]])
    })
    return
  }
  for (const warning of document.warnings) {
    report(file, `Unexpected YAML ${warning.code === 'TAG_RESOLVE_FAILED' ? 'tag' : 'construct'} in front matter (${warning.message.split('\n')[0]}), expected plain data; read as plain data`, {
      ruleId: 'front-matter-tag',
      severity: 'warning',
      place: at([warning.pos[0], warning.pos[1]])
    })
  }
  if (document.contents === null) return
  if (!isMap(document.contents)) {
    report(file, 'Unexpected front matter that is not a map of keys, expected `key: value` lines', {
      ruleId: 'front-matter-invalid',
      severity: 'warning',
      place: node
    })
    return
  }

  let data: Record<string, unknown>
  try {
    // An alias bomb (“billion laughs”) stops here instead of filling memory.
    data = document.toJS({maxAliasCount: 100}) as Record<string, unknown>
  } catch (error) {
    report(file, `Unexpected YAML aliases that expand too far in front matter (${(error as Error).message}), expected plain data; not read`, {
      ruleId: 'front-matter-invalid',
      severity: 'error',
      place: node
    })
    return
  }
  const set = new Set(brief.frontMatter ?? [])
  for (const pair of document.contents.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined
    // `Object.hasOwn`: keys such as `constructor` or `__proto__` are not fields.
    if (key === undefined || !Object.hasOwn(fields, key)) continue
    const check = fields[key]!(Object.hasOwn(data, key) ? data[key] : undefined)
    const range = (isScalar(pair.key) ? pair.key.range : undefined) ?? undefined
    if (!check.ok) {
      report(file, `Unexpected value for \`${key}\` in front matter, expected ${check.expected}; ignored`, {
        ruleId: 'front-matter-type',
        severity: 'warning',
        place: at(range as [number, number] | undefined),
        data: {key}
      })
      continue
    }
    apply(brief, key, check.value)
    set.add(key === 'author' ? 'authors' : key)
  }
  brief.frontMatter = [...set]
}

function apply(brief: BriefData, key: string, value: unknown): void {
  switch (key) {
    case 'author':
    case 'authors':
      brief.authors = value as BriefAuthor[]
      break
    case 'organization':
      if (typeof value === 'string') brief.organization = value
      else {
        const details = value as OrganizationConfig
        brief.organization = details.name
        brief.organizationDetails = details
      }
      break
    case 'keyPoints':
    case 'keywords':
    case 'credits':
      brief[key] = value as string[]
      break
    case 'paper':
      brief.paper = value as 'A4' | 'Letter'
      break
    default:
      ;(brief as unknown as Record<string, unknown>)[key] = value
  }
}

/** Offset in the file where the YAML text (after the `---` line) starts. */
function valueOffset(node: Yaml, source: string): number | undefined {
  const offset = node.position?.start.offset
  if (offset === undefined) return undefined
  const newline = source.indexOf('\n', offset)
  return newline < 0 ? undefined : newline + 1
}

export {briefOf, emptyBrief} from './brief-data.js'
export {hostBriefKey, hostFrontMatter, shareBriefWithHost} from './host.js'
export {report} from './report.js'
export {mergeBrief, validateConfig, configSchema} from './config.js'
export type {BriefConfigFile, BriefDefaults, ResolvedBrief} from './config.js'
export default remarkBriefMeta
