/**
 * The stages the build orchestrates but does not own, loaded lazily: the PDF
 * renderer (`src/pdf`), the config loader (`src/build/config.ts`) and the
 * template assets (`src/template/assets.ts`).
 *
 * TODO(build room): while a peer module has not landed, it is loaded through a
 * computed specifier so this package still compiles; each loader switches to a
 * plain typed import once the module exists.
 */
import type {VFile} from 'vfile'
import type {NotesOptions} from '../notes/index.js'
import type {OrganizationConfig} from '../meta/types.js'

export type {PdfRenderer, RenderJob, RenderResult} from '../pdf/index.js'
export type PdfModule = typeof import('../pdf/index.js')

/** What the build needs from the project configuration. */
export interface BriefConfig {
  organization?: OrganizationConfig
  /** Absolute path of a user template (HTML). */
  template?: string
  /** Absolute path of a user stylesheet. */
  css?: string
  notes?: NotesOptions
  /** Largest article accepted, in bytes. */
  maxInputBytes?: number
  /** Path of the configuration file, when one was found. */
  path?: string
  [key: string]: unknown
}

/** A file the template needs next to the HTML: copied to `<out>/assets/<name>`. */
export interface TemplateAsset {
  /** Path inside `assets/`, e.g. `fonts/source-serif-4.woff2`. */
  name: string
  /** Absolute source path. */
  path: string
}

const specifier = (path: string) => path

/** The renderer, loaded on first use so the main entry never loads Puppeteer. */
export async function loadPdfModule(): Promise<PdfModule> {
  return import('../pdf/index.js')
}

export async function loadConfigLoader(): Promise<((options: {cwd: string; configPath?: string}) => unknown) | undefined> {
  try {
    const module = (await import(specifier('./config.js'))) as {loadConfig?: (options: {cwd: string; configPath?: string}) => unknown}
    return module.loadConfig
  } catch (error) {
    if (isMissingModule(error)) return undefined
    throw error
  }
}

export async function loadTemplateAssets(): Promise<(() => unknown) | undefined> {
  try {
    const module = (await import(specifier('../template/assets.js'))) as {templateAssets?: () => unknown}
    return module.templateAssets
  } catch (error) {
    if (isMissingModule(error)) return undefined
    throw error
  }
}

export function isMissingModule(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND')
}
