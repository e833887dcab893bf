import type {Root as HastRoot} from 'hast'
import type {Root as MdastRoot} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified, type Processor} from 'unified'
import {remarkBriefArticle} from '../article/index.js'
import {remarkBriefMeta} from '../meta/index.js'
import type {OrganizationConfig} from '../meta/types.js'
import {remarkBriefNotes, uncitedNoteHandlers, type NotesOptions} from '../notes/index.js'
import {rehypeBriefTemplate, type TemplateOptions} from '../template/index.js'
import {rehypeBriefStringify} from '../template/stringify.js'
import {cappedReferenceHandlers, remarkReportBackReferences} from './back-references.js'

import type {InputFormat} from './input-format.js'

export {formatOf, type InputFormat} from './input-format.js'

export interface BriefProcessorOptions {
  /** `text`: scraped plain text (the article recognizer); `markdown`: Markdown with YAML front matter and GFM. */
  format: InputFormat
  /** Template HTML text (the build reads the file; plugins do no I/O). */
  template?: string
  /** Stylesheet text. */
  css?: string
  organization?: OrganizationConfig
  /** Series, language and paper for briefs that do not give them. */
  defaults?: TemplateOptions['defaults']
  notes?: NotesOptions
}

/** The frozen processor: mdast in, hast out, HTML text compiled. */
export type BriefProcessor = Processor<MdastRoot, MdastRoot, HastRoot, HastRoot, string>

/**
 * Assemble the brief pipeline once per run and freeze it, so the template is
 * parsed and the hyphenator loaded once; each article gets a fresh `VFile`.
 */
export function createBriefProcessor(options: BriefProcessorOptions): BriefProcessor {
  const reader =
    options.format === 'text'
      ? unified().use(remarkBriefArticle)
      : unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml'])

  return (reader as unknown as Processor<MdastRoot>)
    .use(remarkBriefMeta)
    .use(remarkBriefNotes, options.notes ?? {})
    .use(remarkReportBackReferences)
    // Uncited notes are kept as list items the template moves into the notes section; a note links back to its first calls only.
    .use(remarkRehype, {allowDangerousHtml: true, handlers: {...uncitedNoteHandlers, ...cappedReferenceHandlers}})
    .use(rehypeBriefTemplate, {template: options.template, css: options.css, organization: options.organization, defaults: options.defaults})
    // rehype-stringify's output (default settings), assembled without copying each level of a deep page again.
    .use(rehypeBriefStringify)
    .freeze() as unknown as BriefProcessor
}
