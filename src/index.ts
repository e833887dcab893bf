/**
 * remark-brief: the remark/rehype side of the brief pipeline.
 *
 * This entry never loads Puppeteer: site generators (Astro, MDX, Docusaurus,
 * remark-cli) use these plugins with no browser. PDF printing lives in
 * `remark-brief/pdf`.
 */
export {default, remarkBrief} from './plugin.js'
export type {RemarkBriefOptions} from './plugin.js'
export {remarkBriefArticle, recognizeArticle} from './article/index.js'
export type {ArticleOptions} from './article/index.js'
export {remarkBriefNotes, uncitedNoteHandlers} from './notes/index.js'
export type {NotesOptions} from './notes/index.js'
export {remarkBriefMeta} from './meta/index.js'
export {rehypeBriefTemplate, rehypeBriefSanitize, templateAssets} from './template/index.js'
export type {TemplateAsset, TemplateOptions} from './template/index.js'
export type {BriefAuthor, BriefData, OrganizationConfig, RemovedText} from './meta/types.js'
