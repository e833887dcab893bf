/**
 * The remark step the integration adds after remark-brief: it records each
 * rendered file (its messages, the page's PDF target) in the build's state,
 * because Astro drops `file.messages`, and gives the page its PDF's URL as
 * `frontmatter.briefPdf`.
 */
import path from 'node:path'
import type {Root} from 'mdast'
import type {VFile} from 'vfile'

/** One rendered Markdown or MDX file, as the end-of-build report needs it. */
export interface RenderedFile {
  /** Absolute source path. */
  source: string
  /** The file Astro rendered: its messages (positions in Astro's text). */
  file: VFile
  /** The text remark parsed (Astro's, maybe without the front matter): the file's value becomes the HTML later. */
  text: string
  /** Where its brief prints, relative to the output folder (`posts/kaz.pdf`), when it asked for one. */
  pdf?: string
  /** Why it asked for a brief but gets none (MDX, no route). */
  noPdf?: string
}

/** What one build shares between the remark step and the integration's hooks. */
export interface BuildState {
  /** Rendered files by absolute path; a re-render (dev) replaces the entry. */
  files: Map<string, RenderedFile>
  /** Absolute paths the `pdf` globs matched. */
  selected: Set<string>
  /** `src/pages`, absolute. */
  pagesDir: string
  /** The site's `base` (`/`, `/docs/`). */
  base: string
  /** The `pdfPath` option. */
  pdfPath?: (source: string) => string | undefined
  /** Called with each recorded file (dev mode prints at once). */
  onRecord?: (rendered: RenderedFile) => void
}

interface AstroData {
  frontmatter?: Record<string, unknown>
}

/** The recorder, as a remark plugin bound to one build's state. */
export function remarkBriefRecord(options: {state: BuildState}) {
  const {state} = options
  return function (_tree: Root, file: VFile): undefined {
    if (!file.path) return
    const source = path.resolve(file.cwd, file.path)
    const frontmatter = (file.data.astro as AstroData | undefined)?.frontmatter
    const rendered: RenderedFile = {source, file, text: String(file.value ?? '')}
    if (frontmatter?.brief === true || state.selected.has(source)) {
      const target = pdfTarget(source, state)
      if (typeof target === 'string') {
        rendered.pdf = target
        if (frontmatter) frontmatter.briefPdf = joinUrl(state.base, target)
      } else rendered.noPdf = target.reason
    }
    state.files.set(source, rendered)
    state.onRecord?.(rendered)
  }
}

/**
 * Where a source's brief prints: `src/pages/posts/kaz.md` ▶ `posts/kaz.pdf`;
 * elsewhere (content collections) only through the `pdfPath` option, since
 * the route is the site's own.
 */
export function pdfTarget(source: string, state: Pick<BuildState, 'pagesDir' | 'pdfPath'>): string | {reason: string} {
  if (!/\.(md|markdown)$/i.test(source)) {
    return {reason: 'Unexpected brief asked of a file that is not Markdown (`.md`), expected a Markdown page: MDX is not printed'}
  }
  const chosen = state.pdfPath?.(source)
  if (chosen !== undefined) return safeTarget(chosen) ?? {reason: `Unexpected PDF path \`${chosen}\` from \`pdfPath\`, expected a relative path inside the output folder ending in \`.pdf\``}
  const relative = path.relative(state.pagesDir, source)
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return {reason: 'Unexpected brief asked of a file outside `src/pages`, expected a `pdfPath` option that gives its PDF a path'}
  }
  return relative.split(path.sep).join('/').replace(/\.[^./]+$/, '') + '.pdf'
}

/** A `/` separated path inside the output folder ending in `.pdf`, or nothing. */
export function safeTarget(value: string): string | undefined {
  const clean = value.replace(/^\/+/, '')
  const parts = clean.split('/')
  if (!clean.endsWith('.pdf') || parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\'))) return undefined
  return clean
}

function joinUrl(base: string, target: string): string {
  return (base.endsWith('/') ? base : base + '/') + target.split('/').map(encodeURIComponent).join('/')
}
