/**
 * What goes into each named slot of a template (`data-slot="…"`), built as
 * hast from the brief's data. Text is always a text node: markup in metadata
 * (a `<script>` in a title) stays text.
 */
import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import type {BriefAuthor, BriefData, OrganizationConfig} from '../meta/types.js'
import {logoUrl} from './assets.js'
import {labelsFor} from './labels.js'
import {keyPointContent, summaryBlocks} from './summary.js'

/** Everything a slot builder may use. */
export interface SlotContext {
  brief: BriefData
  organization: OrganizationConfig
  /** The article body (sanitised, typeset), without its notes. */
  body: ElementContent[]
  /** remark-rehype's footnote section, when there are notes. */
  notes?: Element
  /** The contents list (`nav.brief-contents`), for long briefs. */
  contents?: Element
  /** The stylesheet, in pieces printed one after another (the `style` slot's texts). */
  css: readonly string[]
  /** `@font-face` rules of the CJK, Devanagari and Arabic slices this brief's text needs. */
  scriptCss: string
  pageStyle: string
  /** The processor's date formatters (made once, not for every date). */
  dateFormatters?: DateFormatters
}

export type SlotBuilder = (context: SlotContext) => ElementContent[]

/** The slots of the default template. */
export const slotBuilders: Record<string, SlotBuilder> = {
  // Never empty: a page without a `<title>` fails accessibility checks.
  'document-title': ({brief, organization}) =>
    texts([brief.title, organization.shortName ?? organization.name ?? brief.organization].filter(Boolean).join(' | ') || 'Brief'),
  style: ({css}) => css.flatMap(texts),
  'script-fonts': ({scriptCss}) => texts(scriptCss),
  'page-style': ({pageStyle}) => texts(pageStyle),
  masthead,
  organization: ({organization}) => organizationName(organization),
  series: ({brief}) => texts(brief.series),
  issue: ({brief}) => texts(brief.issue),
  date: ({brief, dateFormatters}) => (brief.date ? [dateElement(brief.date, brief.lang, dateFormatters)] : []),
  title: ({brief}) => texts(brief.title),
  subtitle: ({brief}) => texts(brief.subtitle),
  authors,
  summary,
  'key-points': ({brief}) => keyPointList(brief),
  body: ({body}) => body,
  notes: ({notes}) => (notes ? [notes] : []),
  contents: ({contents}) => (contents ? [contents] : []),
  // Back sections the recognizer read out of the body (author-date references, an abbreviations list, thanks): printed, never lost.
  references: ({brief}) => labelledList(labelsFor(brief.lang).references, brief.references, 'brief-reference-list'),
  abbreviations: ({brief}) => labelledList(labelsFor(brief.lang).abbreviations, brief.abbreviations, 'brief-abbreviation-list'),
  acknowledgments: ({brief}) => (brief.acknowledgments ? [h('h2', labelsFor(brief.lang).acknowledgments), h('p', brief.acknowledgments)] : []),
  about,
  credits: ({brief}) => (brief.credits.length > 0 ? [h('ul', brief.credits.map((line) => h('li', linkify(line))))] : []),
  disclaimer: ({brief}) => (brief.disclaimer ? [h('p', brief.disclaimer)] : []),
  cite,
  colophon
}

function texts(value: string | undefined): ElementContent[] {
  return value ? [{type: 'text', value}] : []
}

function masthead({brief, organization, dateFormatters}: SlotContext): ElementContent[] {
  const name = organizationName(organization)
  const line: ElementContent[] = []
  if (brief.series) line.push(h('span.brief-series', brief.series))
  const numberAndDate: ElementContent[] = []
  if (brief.issue) numberAndDate.push(h('span.brief-issue', `${labelsFor(brief.lang).number} ${brief.issue}`))
  if (brief.date) {
    if (numberAndDate.length > 0) numberAndDate.push({type: 'text', value: ' · '})
    numberAndDate.push(dateElement(brief.date, brief.lang, dateFormatters))
  }
  if (numberAndDate.length > 0) line.push(h('span.brief-issue-date', numberAndDate))
  if (name.length === 0 && line.length === 0) return []
  return [...(name.length > 0 ? [h('p.brief-organization', name)] : []), ...(line.length > 0 ? [h('p.brief-issue-line', line)] : [])]
}

function organizationName(organization: OrganizationConfig): ElementContent[] {
  if (!organization.name && !organization.shortName) return []
  const logo = organization.logo ? logoUrl(organization.logo) : undefined
  const short = organization.shortName ?? organization.name!
  const result: ElementContent[] = []
  // `data-brief-asset`: a file of the template (copied by the build), not an article image.
  if (logo) result.push(h('img.brief-logo', {src: logo, alt: organization.name ?? short, dataBriefAsset: 'logo'}))
  const words: ElementContent[] = [h('span.brief-organization-name', short)]
  if (organization.name && organization.shortName && organization.name !== organization.shortName) {
    words.push(h('span.brief-organization-long', organization.name))
  }
  result.push(h('span.brief-organization-words', words))
  return result
}

function authors({brief}: SlotContext): ElementContent[] {
  if (brief.authors.length === 0) return brief.byline ? [h('p.brief-byline', brief.byline)] : []
  return brief.authors.map((author) => {
    const parts: ElementContent[] = [h('span.brief-author-name', author.name)]
    if (author.role) parts.push({type: 'text', value: ', '}, h('span.brief-author-role', author.role))
    if (author.affiliation) parts.push({type: 'text', value: ', '}, h('span.brief-author-affiliation', author.affiliation))
    return h('p.brief-author', parts)
  })
}

function summary({brief}: SlotContext): ElementContent[] {
  const labels = labelsFor(brief.lang)
  const points = keyPointList(brief)
  if (!brief.summary && points.length === 0) return []
  return [
    h('h2', brief.summary ? labels.summary : labels.keyPoints),
    // Markdown (front matter, or the article's own paragraphs under a Summary label): rendered, not printed as syntax.
    ...(brief.summary ? summaryBlocks(brief.summary) : []),
    ...(brief.summary && points.length > 0 ? [h('h3.brief-key-points-label', labels.keyPoints)] : []),
    ...points
  ]
}

function labelledList(label: string, entries: readonly string[] | undefined, className: string): ElementContent[] {
  if (!entries || entries.length === 0) return []
  return [h('h2', label), h('ul', {className: [className]}, entries.map((entry) => h('li', entry)))]
}

function keyPointList(brief: BriefData): ElementContent[] {
  const points = brief.keyPoints ?? []
  return points.length > 0 ? [h('ul.brief-key-points', points.map((point) => h('li', keyPointContent(point))))] : []
}

function about({brief}: SlotContext): ElementContent[] {
  const withBio = brief.authors.filter((author): author is BriefAuthor & {bio: string} => Boolean(author.bio))
  if (withBio.length === 0) return []
  return [
    h('h2', withBio.length === 1 ? labelsFor(brief.lang).aboutAuthor : labelsFor(brief.lang).aboutAuthors),
    ...withBio.map((author) =>
      author.bio.startsWith(author.name) ? h('p', author.bio) : h('p', [h('strong', author.name), {type: 'text', value: ': '}, author.bio])
    )
  ]
}

/** “Cite as”: authors, “title”, series and number, organization, date, URL. */
function cite({brief, organization, dateFormatters}: SlotContext): ElementContent[] {
  if (!brief.title) return []
  const labels = labelsFor(brief.lang)
  const names = brief.authors.map((author) => author.name)
  const who = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${labels.and} ${names.at(-1)}` : (names[0] ?? brief.byline)
  const series = [brief.series, brief.issue ? `${labels.number} ${brief.issue}` : undefined].filter(Boolean).join(' ')
  const parts = [who, `“${brief.title.replace(/“/g, '‘').replace(/”/g, '’')}”`, series, organization.name ?? brief.organization, brief.date ? formatDate(brief.date, brief.lang, dateFormatters) : undefined].filter(
    (part): part is string => Boolean(part)
  )
  const content: ElementContent[] = [{type: 'text', value: parts.join(', ') + (brief.url ? ', ' : '.')}]
  if (brief.url) content.push(h('a', {href: brief.url}, brief.url), {type: 'text', value: '.'})
  return [h('h2', labels.citeAs), h('p', content)]
}

function colophon({brief, organization}: SlotContext): ElementContent[] {
  const name = organization.name ?? brief.organization
  const lines: ElementContent[] = []
  if (name) lines.push(h('p.brief-colophon-name', name))
  if (organization.address) lines.push(h('p.brief-colophon-address', organization.address))
  if (organization.website && /^https?:\/\//i.test(organization.website)) {
    lines.push(h('p.brief-colophon-website', h('a', {href: organization.website}, organization.website.replace(/^https?:\/\/|\/$/gi, ''))))
  }
  if (organization.licence) lines.push(h('p.brief-colophon-licence', organization.licence))
  return lines
}

/** A line of text with its `http(s)` URLs as links. */
export function linkify(line: string): ElementContent[] {
  const result: ElementContent[] = []
  let last = 0
  for (const match of line.matchAll(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/gi)) {
    if (match.index > last) result.push({type: 'text', value: line.slice(last, match.index)})
    result.push(h('a', {href: match[0]}, match[0]))
    last = match.index + match[0].length
  }
  if (last < line.length) result.push({type: 'text', value: line.slice(last)})
  return result
}

function dateElement(date: string, lang: string, formatters: DateFormatters | undefined): Element {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(date)
  return h('time', iso ? {dateTime: date} : {}, formatDate(date, lang, formatters))
}

/** Date formatters by style and locale (`null`: the locale was refused), kept per processor: making one is the slow part. */
export type DateFormatters = Map<string, Intl.DateTimeFormat | null>

/** The most formatters kept (each language tag of a batch makes two). */
const keptFormatters = 256

/** `2022-01-10` ▶ “10 January 2022”, `2021-08` ▶ “August 2021” (in the brief's language); other dates as written. */
export function formatDate(date: string, lang: string, formatters: DateFormatters = new Map()): string {
  // A month and year (`2021-08`) ▶ “August 2021”.
  const monthOnly = /^\d{4}-(?:0[1-9]|1[0-2])$/.test(date)
  if (!monthOnly && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return date
  const value = new Date(`${monthOnly ? `${date}-01` : date}T00:00:00Z`)
  if (Number.isNaN(value.getTime())) return date
  if ((lang === 'en' || lang === 'en-GB') && value.getUTCFullYear() >= 1000 && value.getUTCFullYear() <= 9999) return britishDate(value, monthOnly)
  for (const locale of [lang, 'en-GB']) {
    const key = `${monthOnly ? 'month' : 'day'} ${locale}`
    let formatter = formatters.get(key)
    if (formatter === undefined) {
      const style: Intl.DateTimeFormatOptions = monthOnly ? {month: 'long', year: 'numeric'} : {dateStyle: 'long'}
      try {
        formatter = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {...style, timeZone: 'UTC'})
      } catch {
        formatter = null
      }
      if (formatters.size >= keptFormatters) formatters.clear()
      formatters.set(key, formatter)
    }
    if (formatter) {
      try {
        return formatter.format(value)
      } catch {}
    }
  }
  return date
}

const britishMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * What `Intl.DateTimeFormat('en-GB', {dateStyle: 'long'})` (or month and year)
 * writes, for the commonest language: the first formatter of a process loads
 * ICU's locale data (about 70 ms, the largest part of a brief's template in
 * a one-file run). Years from 1000 to 9999 (the caller's test);
 * test/template-dates.test.ts compares it with Intl on every day of several years.
 */
function britishDate(value: Date, monthOnly: boolean): string {
  const year = value.getUTCFullYear()
  const month = britishMonths[value.getUTCMonth()]!
  return monthOnly ? `${month} ${year}` : `${value.getUTCDate()} ${month} ${year}`
}
