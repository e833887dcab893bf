/** The shape of `file.data.brief` (JSON-safe metadata of a brief) and its vfile DataMap augmentation. */
import type {Point, Position} from 'unist'

/** A person who wrote the brief, as printed in the byline. */
export interface BriefAuthor {
  name: string
  /** Job title, e.g. "Associate Fellow". */
  role?: string
  /** Institution, e.g. "VIF". */
  affiliation?: string
  /** One-paragraph "About the author" text. */
  bio?: string
  /** Degrees printed after the name (`PhD`, `MPH`), kept out of `name`. */
  credentials?: string
}

/** Text the article recognizer took out of the body as page junk, kept so nothing disappears silently. */
export interface RemovedText {
  text: string
  /** Why it was dropped, e.g. "comment form", "captcha", "site navigation". */
  reason: string
  position?: Position
}

/**
 * Everything about a brief that is not its body. JSON-safe: hosts such as
 * Astro serialise `file.data`. Filled by the article recognizer (scraped text)
 * or from YAML front matter (Markdown), then merged with the organization
 * configuration by the template stage.
 */
export interface BriefData {
  title?: string
  subtitle?: string
  /** Short title for running heads. */
  shortTitle?: string
  authors: BriefAuthor[]
  /** People the byline names as contributing (`with contributions by …`) or editing (`Edited by …`), not as authors. */
  contributors?: BriefAuthor[]
  /** The byline exactly as the source printed it, when the recognizer read one (e.g. "A, B with contributions by C"). */
  byline?: string
  /** Organization name as printed, e.g. "VIF". */
  organization?: string
  /** Publication date, ISO 8601 (YYYY-MM-DD) where known, else as written. */
  date?: string
  /** Series label, e.g. "Commentary", "Issue Brief". */
  series?: string
  /** Issue number within the series. */
  issue?: string
  summary?: string
  keyPoints?: string[]
  keywords?: string[]
  /** BCP 47 language tag; default "en". */
  lang: string
  /** Canonical URL of the article, for "Cite as". */
  url?: string
  /** Paper size for print; default "A4". */
  paper?: 'A4' | 'Letter'
  /** Where notes print: `end` (endnotes, the default) or `page` (at the foot of the page that cites them). */
  notes?: NotePlacement
  /** Contents list: `true` always, `false` never, a number: when the brief has at least that many sections. */
  contents?: boolean | number
  disclaimer?: string
  /** The title an archive record around the article gave it (often a translation), kept as the record's metadata. */
  recordTitle?: string
  /** The article's reference list (author-date entries under `References`, `Bibliography`…), one string per entry. */
  references?: string[]
  /** A list of abbreviations after the article (`PLA People's Liberation Army`), one line per entry, its label included. */
  abbreviations?: string[]
  /** The article's acknowledgements, found after its last sentence. */
  acknowledgments?: string
  /** Source lines such as "Image Source: https://…". */
  credits: string[]
  /** Page junk the recognizer dropped, with where it stood. */
  removed: RemovedText[]
  /** Which reader made the tree. */
  source: 'text' | 'markdown'
  /** Keys that YAML front matter set (they win over the configuration). */
  frontMatter?: string[]
  /** Organization details given as an object in front matter (override the configuration's). */
  organizationDetails?: OrganizationConfig
}

/** Where a brief's notes print. */
export type NotePlacement = 'end' | 'page'

/** The organization identity that a project configures once (`brief.config.json` or `brief` in package.json). */
export interface OrganizationConfig {
  name?: string
  shortName?: string
  website?: string
  address?: string
  /** Path to a logo file, relative to the configuration file. */
  logo?: string
  /** CSS colour for rules and headings, e.g. "#8a1c1c". */
  brandColor?: string
  licence?: string
}

export type {Point, Position}

declare module 'vfile' {
  interface DataMap {
    brief: BriefData
  }
}
