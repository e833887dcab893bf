/**
 * Front matter a host parsed before remark ran. Astro strips the YAML from
 * the text and hands the parsed object in `file.data.astro.frontmatter`;
 * Docusaurus parses it into `file.data.frontMatter`; vfile-matter into
 * `file.data.matter`. The brief reads it from there when the tree has no
 * `yaml` node, and writes the brief data back beside it (`briefData`), where
 * the host's pages read front matter.
 */
import type {VFile} from 'vfile'

/** The key the brief data is written under in a host's front matter (`brief` is the user's own: `brief: true` asks for a PDF). */
export const hostBriefKey = 'briefData'

/** The host front matter objects of a file: Astro's, Docusaurus', vfile-matter's, those that are plain objects. */
export function hostFrontMatters(file: VFile): Array<Record<string, unknown>> {
  const data = file.data as Record<string, unknown>
  const astro = data.astro as {frontmatter?: unknown} | undefined
  return [astro?.frontmatter, data.frontMatter, data.matter].filter(isRecord)
}

/**
 * The first host front matter, with dates as `YYYY-MM-DD` text (hosts parse
 * YAML dates into `Date` objects; the brief keeps dates as written text).
 */
export function hostFrontMatter(file: VFile): Record<string, unknown> | undefined {
  const found = hostFrontMatters(file)[0]
  if (!found) return undefined
  return Object.fromEntries(
    Object.entries(found).map(([key, value]) => [key, value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value])
  )
}

/** Write the brief data (a JSON copy) into every host front matter of the file. */
export function shareBriefWithHost(file: VFile): void {
  const brief = file.data.brief
  if (!brief) return
  for (const frontMatter of hostFrontMatters(file)) frontMatter[hostBriefKey] = JSON.parse(JSON.stringify(brief)) as unknown
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}
