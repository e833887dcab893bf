/**
 * `remark-brief/astro`: an Astro integration.
 *
 * ```js
 * import brief from 'remark-brief/astro'
 * export default defineConfig({integrations: [brief()]})
 * ```
 *
 * It adds remark-brief to the Markdown (and MDX) pipeline, prints every
 * file's messages at the end of the build in the remark-cli form, fails the
 * build when any file has an error (content collections included), and
 * prints a PDF brief for each page that asks for one (`brief: true` in its
 * front matter, or the `pdf` globs), at the page's path plus `.pdf`, linked
 * from the page as `frontmatter.briefPdf`. The printer is loaded only when a
 * page asks for a PDF.
 */
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {glob} from 'tinyglobby'
import type {VFile} from 'vfile'
import {reporter} from 'vfile-reporter'
import {displayFile} from '../cli/escape.js'
import {rehypeBriefUncitedNotes, uncitedNoteHandlers} from '../notes/index.js'
import remarkBrief, {type RemarkBriefOptions} from '../plugin.js'
import {printBriefs} from './print.js'
import {remarkBriefRecord, type BuildState} from './record.js'
import {collectReports} from './report.js'

export interface BriefAstroOptions {
  /** Options of the remark-brief plugin (`stripTracking`, `dropUnused`, …); `strict` is not needed: the integration fails the build. */
  notes?: RemarkBriefOptions
  /**
   * Pages to print as PDF briefs besides those with `brief: true` in their
   * front matter: globs relative to the project root (`src/pages/posts/**\/*.md`).
   */
  pdf?: string | string[]
  /**
   * Where a source file's PDF goes, relative to the output folder
   * (`posts/kaz.pdf`), for files outside `src/pages` (content collections,
   * whose routes are the site's own); `undefined` for the default.
   */
  pdfPath?: (source: string) => string | undefined
  /** Fail the build on warnings too, like `remark --frail`; default `false`. */
  frail?: boolean
  /** Browser binary for printing; default: the printer's discovery (`PUPPETEER_EXECUTABLE_PATH`, system paths). */
  executablePath?: string
  /** Render timeout per brief, in milliseconds. */
  timeout?: number
}

/** What the integration gives a config that builds its own processor (Astro 7's `unified({…})`). */
export interface BriefAstroIntegration extends AstroIntegration {
  /** remark-brief and the recorder, for `unified({remarkPlugins})`. */
  remarkPlugins: unknown[]
  /** For `unified({remarkRehype})`: uncited notes kept as list items. */
  remarkRehype: {handlers: typeof uncitedNoteHandlers}
  /** For `unified({rehypePlugins})`: uncited notes gathered as a labelled group after the cited ones. */
  rehypePlugins: unknown[]
}

/** The integration. */
export default function brief(options: BriefAstroOptions = {}): BriefAstroIntegration {
  const state: BuildState = {files: new Map(), selected: new Set(), pagesDir: '', base: '/', pdfPath: options.pdfPath}
  const remarkPlugins: unknown[] = [[remarkBrief, options.notes ?? {}], [remarkBriefRecord, {state}]]
  const remarkRehype = {handlers: uncitedNoteHandlers}
  const rehypePlugins: unknown[] = [rehypeBriefUncitedNotes]
  let root = process.cwd()
  let cacheDir = path.join(root, 'node_modules', '.astro')
  // Set when the config reads `remarkPlugins` for a processor of its own (Astro 7's `unified({…})`): then the integration does not add them again.
  let pluginsTaken = false

  return {
    name: 'remark-brief',
    get remarkPlugins() {
      pluginsTaken = true
      return remarkPlugins
    },
    remarkRehype,
    rehypePlugins,
    hooks: {
      async 'astro:config:setup'({config, command, updateConfig, logger}) {
        root = fileURLToPath(config.root)
        cacheDir = fileURLToPath(config.cacheDir)
        state.files.clear()
        state.pagesDir = path.join(fileURLToPath(config.srcDir), 'pages')
        state.base = config.base ?? '/'
        const patterns = typeof options.pdf === 'string' ? [options.pdf] : (options.pdf ?? [])
        state.selected = new Set(patterns.length > 0 ? await glob(patterns, {cwd: root, absolute: true}) : [])
        state.onRecord =
          command === 'dev'
            ? (rendered) => {
                if (rendered.file.messages.length > 0) logger.warn('\n' + reporter([displayFile(rendered.file)], {quiet: true}))
              }
            : undefined
        if (!pluginsTaken) updateConfig({markdown: {remarkPlugins: remarkPlugins as never, remarkRehype: remarkRehype as never, rehypePlugins: rehypePlugins as never}})
      },
      async 'astro:build:done'({dir, logger}) {
        const reports = await collectReports(state.files.values(), root, path.join(cacheDir, 'remark-brief', 'messages.json'))
        const failing = (files: VFile[]) => files.filter((file) => file.messages.some((message) => message.fatal === true || (options.frail && message.fatal === false)))

        let bad = failing(reports.map((item) => item.file))
        const wanted = reports.filter((item) => item.pdf)
        // A run that stops the printing (no print packages, a bad brief.config.json) still prints every message first.
        let stopped: unknown
        if (bad.length === 0 && wanted.length > 0) {
          try {
            const printed = await printBriefs(wanted, {root, outDir: fileURLToPath(dir), cacheDir: path.join(cacheDir, 'remark-brief', 'pdf'), executablePath: options.executablePath, timeout: options.timeout})
            logger.info(`${printed} PDF brief(s) written`)
          } catch (error) {
            stopped = error
          }
          bad = failing(reports.map((item) => item.file))
        }

        const text = reporter(reports.map((item) => displayFile(item.file)), {quiet: true, color: Boolean(process.stderr.isTTY)})
        if (text) process.stderr.write(text + '\n')
        if (stopped) throw stopped
        if (bad.length > 0) {
          const names = bad.map((file) => file.path).join(', ')
          throw new Error(`remark-brief: ${bad.length} file(s) with ${options.frail ? 'errors or warnings' : 'errors'}: ${names} (messages above)`)
        }
      }
    }
  }
}

/** The part of Astro's config the integration reads (no dependency on `astro` for its types). */
interface AstroConfigPart {
  root: URL
  srcDir: URL
  cacheDir: URL
  base?: string
  markdown?: unknown
}

interface AstroLogger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/** The shape of an Astro integration, as far as this one uses it. */
export interface AstroIntegration {
  name: string
  hooks: {
    'astro:config:setup'?: (options: {
      config: AstroConfigPart
      command: 'dev' | 'build' | 'preview' | 'sync'
      updateConfig: (config: Record<string, unknown>) => unknown
      logger: AstroLogger
    }) => void | Promise<void>
    'astro:build:done'?: (options: {dir: URL; logger: AstroLogger}) => void | Promise<void>
  }
}
