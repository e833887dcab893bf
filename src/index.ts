/**
 * remark-brief: the remark/rehype side of the brief pipeline.
 *
 * This entry never loads Puppeteer: site generators (Astro, MDX, Docusaurus,
 * remark-cli) use these plugins with no browser. PDF printing lives in
 * `remark-brief/pdf`, whose packages come with `remark-brief-print`.
 */
export {default, remarkBrief} from './plugin.js'
export type {RemarkBriefOptions} from './plugin.js'
export {remarkBriefArticle, recognizeArticle} from './article/index.js'
export type {ArticleOptions} from './article/index.js'
export {rehypeBriefUncitedNotes, remarkBriefNotes, uncitedNoteHandlers} from './notes/index.js'
export type {UncitedGroupOptions} from './notes/index.js'
export type {NotesOptions, UncitedNote} from './notes/index.js'
export {remarkBriefMeta, hostBriefKey} from './meta/index.js'
export type {BriefConfigFile, BriefDefaults, ResolvedBrief} from './meta/config.js'
export {rehypeBriefTemplate, rehypeBriefSanitize, templateAssets} from './template/index.js'
export type {TemplateAsset, TemplateOptions} from './template/index.js'
export type {BriefAuthor, BriefData, OrganizationConfig, RemovedText} from './meta/types.js'
export {PrintPackageMissingError, printInstall, printPackage} from './optional.js'
