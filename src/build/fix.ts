/**
 * The logic of `brief fix`: a brief's notes renumbered and repaired, written
 * back as Markdown. Pure and synchronous; the CLI decides where the text goes
 * (Markdown in place, scraped text to a sibling `.md`).
 */
import type {Root, RootContent} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify, {type Options as StringifyOptions} from 'remark-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {stringify as stringifyYaml} from 'yaml'
import {remarkBriefArticle} from '../article/index.js'
import {briefOf} from '../meta/brief-data.js'
import type {BriefData} from '../meta/types.js'
import {remarkBriefNotes, type NotesOptions} from '../notes/index.js'
import {remarkBrief} from '../plugin.js'

export interface FixOptions extends NotesOptions {
  /** How to read the file; default: from its extension (`.md`, `.markdown`, … ▶ Markdown, else scraped text). */
  format?: 'markdown' | 'text' | null
}

/** How the Markdown is written: stable, so fixing twice changes nothing. */
const stringifyOptions: StringifyOptions = {bullet: '-', rule: '-', fences: true}

/** `BriefData` fields written to front matter, in this order (`removed` and `source` are not content). */
const frontMatterFields = [
  'title',
  'subtitle',
  'shortTitle',
  'authors',
  'byline',
  'organization',
  'date',
  'series',
  'issue',
  'summary',
  'keyPoints',
  'keywords',
  'lang',
  'url',
  'paper',
  'notes',
  'contents',
  'disclaimer',
  'credits'
] as const satisfies ReadonlyArray<keyof BriefData>

/**
 * Fix a brief's notes.
 *
 * Messages and `data.brief` land on `file` (as with `processor.process`);
 * the returned file holds the new Markdown, with the same messages and, for
 * scraped text, the extension `.md`.
 */
export function fixBrief(file: VFile, options: FixOptions = {}): VFile {
  const {format, ...notes} = options
  const text = (format ?? formatOfFile(file)) === 'text'
  const processor = text
    ? unified()
        .use(remarkBriefArticle)
        .use(remarkGfm)
        .use(remarkFrontmatter, ['yaml'])
        .use(remarkBriefNotes, notes)
        .use(remarkStringify, stringifyOptions)
    : unified()
        .use(remarkParse)
        .use(remarkGfm)
        .use(remarkFrontmatter, ['yaml'])
        .use(remarkBrief, notes)
        .use(remarkStringify, stringifyOptions)

  const tree = processor.runSync(processor.parse(file) as never, file) as Root
  if (text) addFrontMatter(tree, briefOf(file, 'text'))

  let value = String(processor.stringify(tree as never, file))
  // A recognized tree can hold what Markdown cannot say as such (a URL as
  // plain text reads back as a link): write what a Markdown reader sees, so
  // fixing the output again changes nothing.
  if (text) value = String(markdownWriter().processSync(value))

  const result = new VFile({path: file.path, cwd: file.cwd, value, data: file.data})
  result.messages = [...file.messages]
  if (text && result.path) result.extname = '.md'
  return result
}

/** Markdown in, the same Markdown as remark-stringify writes it out: no plugins, no messages. */
function markdownWriter() {
  return unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkStringify, stringifyOptions)
}

/** `.md`, `.markdown`, `.mdown`, `.mkd` are Markdown; anything else is scraped text. */
export function formatOfFile(file: VFile): 'markdown' | 'text' {
  return file.extname && /^\.(?:md|markdown|mdown|mkd)$/i.test(file.extname) ? 'markdown' : 'text'
}

/** YAML front matter from the recognized metadata; nothing when there is none. */
function addFrontMatter(tree: Root, brief: BriefData): void {
  const fields = frontMatterOf(brief)
  if (Object.keys(fields).length === 0 || tree.children[0]?.type === 'yaml') return
  const yaml = {type: 'yaml', value: stringifyYaml(fields, {lineWidth: 0}).trimEnd()} as RootContent
  tree.children.unshift(yaml)
}

/** The JSON-safe fields of `brief` worth writing: no empties, no default language. */
export function frontMatterOf(brief: BriefData): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const key of frontMatterFields) {
    const value = brief[key]
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value) && value.length === 0) continue
    if (key === 'lang' && value === 'en') continue
    fields[key] = Array.isArray(value) ? value.map((item) => (typeof item === 'object' ? withoutEmpty(item) : item)) : value
  }
  return fields
}

function withoutEmpty(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined && field !== ''))
}
