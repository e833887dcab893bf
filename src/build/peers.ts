/**
 * The stages the build orchestrates but does not own. The PDF renderer is
 * loaded lazily, so importing the build (or the main entry) never loads
 * Puppeteer, and a run where everything is cached never starts a browser.
 */
import type {BriefConfigFile} from '../meta/config.js'

export type {PdfRenderer, RenderJob, RenderResult} from '../pdf/index.js'
export type {TemplateAsset} from '../template/assets.js'
export type PdfModule = typeof import('../pdf/index.js')

/** The project configuration as the build uses it: the checked file, paths absolute. */
export interface BriefConfig extends BriefConfigFile {
  /** Path of the configuration file, when one was found. */
  path?: string
}

/** The renderer, loaded on first use. */
export async function loadPdfModule(): Promise<PdfModule> {
  return import('../pdf/index.js')
}
