/**
 * Project configuration: the schema, validation, and the merge of the
 * organization identity and defaults into a brief. Pure: no I/O (the build's
 * `loadConfig` in `src/build/config.ts` reads the file).
 */
import {createRequire} from 'node:module'
import type {ErrorObject, ValidateFunction} from 'ajv'
import {VFile} from 'vfile'
import {location} from 'vfile-location'
import type {VFileMessage} from 'vfile-message'
import {report} from './report.js'
import type {BriefData, NotePlacement, OrganizationConfig} from './types.js'

/** Per-project defaults for briefs that do not say otherwise. */
export interface BriefDefaults {
  series?: string
  /** BCP 47 language tag. */
  lang?: string
  paper?: 'A4' | 'Letter'
  /** Where notes print: `end` (default) or `page`. */
  notes?: NotePlacement
  /** Contents list: `true`, `false`, or the least number of sections that gets one (default 6). */
  contents?: boolean | number
}

/** The JSON configuration (`brief.config.json` or `brief` in package.json). */
export interface BriefConfigFile {
  /** Largest image an article may use, in bytes (default 10 MB). */
  maxImageBytes?: number
  /** A folder of shared images articles may use besides their own folder, relative to the configuration file. */
  assets?: string
  /** Time budget to read, recognize and template one article, in milliseconds (default 60000). */
  maxArticleTime?: number
  /** Memory budget (heap) to read, recognize and template one article, in MB (default 1024). */
  maxArticleMemory?: number
  organization?: OrganizationConfig
  defaults?: BriefDefaults
  /** Template (HTML) path, relative to the configuration file. */
  template?: string
  /** Stylesheet path, relative to the configuration file. */
  css?: string
  /** Options of the notes step. */
  notes?: Record<string, unknown>
  maxInputBytes?: number
}

const shortText = {type: 'string', minLength: 1, maxLength: 500}

/** JSON Schema (draft-07) of the configuration. */
export const configSchema = {
  $id: 'https://remark-brief.invalid/config.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: {type: 'string'},
    maxImageBytes: {type: 'integer', minimum: 1},
    assets: {type: 'string', minLength: 1},
    maxArticleTime: {type: 'integer', minimum: 100},
    maxArticleMemory: {type: 'integer', minimum: 32},
    organization: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: shortText,
        shortName: {type: 'string', minLength: 1, maxLength: 60},
        website: {type: 'string', pattern: '^https?://[^\\s]+$', maxLength: 2000},
        address: shortText,
        logo: {type: 'string', minLength: 1, maxLength: 1000, pattern: '\\.(png|jpe?g|svg|webp|gif)$'},
        brandColor: {type: 'string', pattern: '^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(rgb|hsl)a?\\([0-9., %]+\\))$'},
        licence: shortText
      }
    },
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: {
        series: shortText,
        lang: {type: 'string', pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$'},
        paper: {enum: ['A4', 'Letter']},
        notes: {enum: ['end', 'page']},
        contents: {anyOf: [{type: 'boolean'}, {type: 'integer', minimum: 1}]}
      }
    },
    template: {type: 'string', minLength: 1},
    css: {type: 'string', minLength: 1},
    // `"page"` / `"end"` is short for `defaults.notes`; an object holds the notes step's options.
    notes: {anyOf: [{enum: ['end', 'page']}, {type: 'object'}]},
    maxInputBytes: {type: 'integer', minimum: 1}
  }
} as const

/**
 * The schema's validator, compiled on first use: compiling costs about 150 ms
 * of CPU, which every import of the package (the unified plugins, `brief
 * --help`) paid at load although only a configuration file is ever validated.
 */
const configValidator = (() => {
  let validate: ValidateFunction | undefined
  return (): ValidateFunction => (validate ??= new (loadAjv())({allErrors: true, strict: true}).compile(configSchema))
})()

/**
 * Ajv itself, loaded on first validation too: its ~180 CommonJS modules cost
 * about 80 ms of CPU at import, which every process paid (the unified stage
 * imports this module for `mergeBrief`) although only a configuration file is
 * validated. Ajv is CommonJS, so a synchronous `require` loads it.
 */
function loadAjv(): typeof import('ajv').Ajv {
  return (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv
}

/** What each kind of schema failure expects, in words. */
const expectations: Record<string, string> = {
  'organization.website': 'an `http:` or `https:` URL',
  'organization.logo': 'a path to a .png, .jpg, .svg, .webp or .gif file',
  'organization.brandColor': 'a CSS colour such as `#8a1c1c`',
  'defaults.lang': 'a BCP 47 language tag such as `en` or `fr-CA`',
  'defaults.paper': '`A4` or `Letter`',
  'defaults.notes': '`end` or `page`',
  'defaults.contents': '`true`, `false` or a number of sections',
  notes: '`end`, `page` or an object of notes options'
}

/**
 * Check a parsed configuration against the schema.
 *
 * @param value
 *   Parsed JSON.
 * @param path
 *   File the value came from, named in messages.
 * @param text
 *   The file's text (optional), to place messages on the key.
 * @returns
 *   The configuration (`undefined` when invalid) and one message per bad key.
 */
export function validateConfig(value: unknown, path: string, text?: string): {config?: BriefConfigFile; messages: VFileMessage[]} {
  const file = new VFile({path, value: text})
  const validate = configValidator()
  if (validate(value)) return {config: notePlacementAsDefault(value as BriefConfigFile), messages: []}
  const seen = new Set<string>()
  for (const error of validate.errors ?? []) {
    const key = keyOf(error)
    if (seen.has(key)) continue
    seen.add(key)
    report(file, describe(error, key, path), {ruleId: 'config-invalid', severity: 'error', place: placeOf(text, key), data: {key}})
  }
  return {messages: file.messages}
}

/** `notes: "page"` ▶ `defaults.notes: "page"`, so the rest of the build sees one shape. */
function notePlacementAsDefault(config: BriefConfigFile): BriefConfigFile {
  const placement = config.notes as unknown
  if (placement !== 'page' && placement !== 'end') return config
  const {notes: _placement, ...rest} = config
  return {...rest, defaults: {...config.defaults, notes: placement}}
}

function keyOf(error: ErrorObject): string {
  const base = error.instancePath.split('/').slice(1).join('.')
  const extra = error.keyword === 'additionalProperties' ? String((error.params as {additionalProperty: string}).additionalProperty) : ''
  return [base, extra].filter(Boolean).join('.') || '(root)'
}

function describe(error: ErrorObject, key: string, path: string): string {
  if (error.keyword === 'additionalProperties') return `Unexpected unknown key \`${key}\` in \`${path}\`, expected one of the documented keys`
  const expected =
    expectations[key] ??
    (error.keyword === 'type'
      ? `a value of type ${String((error.params as {type: string}).type)}`
      : error.keyword === 'enum'
        ? `one of ${((error.params as {allowedValues: unknown[]}).allowedValues ?? []).map((value) => `\`${String(value)}\``).join(', ')}`
        : String(error.message))
  return `Unexpected value for \`${key}\` in \`${path}\`, expected ${expected}`
}

function placeOf(text: string | undefined, key: string) {
  if (!text) return undefined
  const last = key.split('.').pop()!
  const offset = text.indexOf(JSON.stringify(last))
  if (offset < 0) return undefined
  const place = location(text)
  const start = place.toPoint(offset)
  const end = place.toPoint(offset + JSON.stringify(last).length)
  return start && end ? {start, end} : undefined
}

/** The template's view of a brief: the brief, its organization identity, and the defaults applied. */
export interface ResolvedBrief {
  brief: BriefData
  organization: OrganizationConfig
}

/**
 * Merge the configuration into a brief.
 *
 * Organization identity: front matter > configuration > recognized byline.
 * Series, language, paper, notes, contents: front matter > recognized > configuration defaults > built-in (`en`, `A4`, `end`).
 *
 * @returns
 *   New objects; the inputs are not changed.
 */
export function mergeBrief(brief: BriefData, organization: OrganizationConfig = {}, defaults: BriefDefaults = {}): ResolvedBrief {
  const fromFrontMatter = new Set(brief.frontMatter ?? [])
  const merged: BriefData = {...brief}
  const identity: OrganizationConfig = {...organization, ...(brief.organizationDetails ?? {})}

  if (fromFrontMatter.has('organization') && brief.organization) identity.name = brief.organization
  else if (organization.name) merged.organization = organization.name
  if (!identity.name && merged.organization) identity.name = merged.organization
  if (identity.name) merged.organization = identity.name

  if (!merged.series && defaults.series) merged.series = defaults.series
  if (!fromFrontMatter.has('lang') && defaults.lang && (!brief.lang || brief.lang === 'en')) merged.lang = defaults.lang
  merged.lang ||= 'en'
  merged.paper ??= defaults.paper ?? 'A4'
  merged.notes ??= defaults.notes ?? 'end'
  merged.contents ??= defaults.contents
  return {brief: merged, organization: identity}
}
