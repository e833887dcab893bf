/**
 * The front of an article (front matter, `Title:` lines, title, byline, date)
 * and its back (disclaimer, image credits): text that belongs in
 * `file.data.brief` rather than in the body.
 */
import {parseFrontMatterYaml} from '../meta/yaml.js'
import {readFlatYaml} from './flat-yaml.js'
import {isNarrow, narrowFirst} from './narrow.js'
import type {BriefAuthor, BriefData} from '../meta/types.js'

const roleWords =
  /\b(?:fellow|director|professor|researcher|analyst|associate|scholar|editor|chair(?:man|woman|person)?|president|officer|lecturer|advis[eo]r|consultant|manager|head|dean|coordinator|member|intern|student|vice|senior|executive|secretary|commissioner|ambassador|correspondent|expert|economist|strategist|founder|partner|principal|lead|chief|assistant|adjunct|visiting|distinguished|research)\b/i
const affiliationWords =
  /\b(?:institute|foundation|university|center|centre|council|commission|college|school|academy|society|program(?:me)?|initiative|forum|observatory|ministry|agency|department|bureau|office|corporation|association|group|trust|fund|endowment|laboratory|lab)\b/i
const degrees = /^(?:ph\.?\s?d\.?|m\.?d\.?|m\.?a\.?|m\.?sc\.?|d\.?phil\.?|j\.?d\.?|esq\.?|esquire|mba|mph|llm|ll\.?m\.?|(?:ph\.?\s?d|m\.?d)\.?\s?\/\s?mph)$/i
const honorific = /^(?:dr|prof|professor|mr|mrs|ms|mx|amb|ambassador|gen|col|lt|capt|cdr|adm|sir|dame|hon|rev)\.?$/i
const particle = /^(?:de|del|della|van|von|der|den|bin|binti|al|el|da|di|du|le|la|ibn|y|dos|das)$/i
/**
 * A name's word: `^(?:\p{Lu}C*\.?|\p{Lu}\.|\p{Ll}{1,4}\p{Lu}C*)$` (C: letters, marks, `'’-`), with the letter class
 * written once: `\p{Lu}\.` is a case of the first form, and the particle-led form (`deGaulle`) takes no full stop.
 * The class, twice in one pattern, cost its compile twice for a text beyond Latin-1.
 */
export function isNameWord(word: string): boolean {
  const match = (isNarrow(word) ? narrowNameWordForms : nameWordForms).exec(word)
  return match !== null && (match[1] !== undefined || match[2] === '')
}

const nameWordForms = /^(?:(\p{Lu})|\p{Ll}{1,4}\p{Lu})[\p{L}\p{M}'’-]*(\.?)$/u
/** `nameWordForms` for a narrow value (narrow.ts): the same groups. */
const narrowNameWordForms = /^(?:([A-ZÀ-ÖØ-Þ])|[a-zµß-öø-ÿ]{1,4}[A-ZÀ-ÖØ-Þ])[A-Za-zªµºÀ-ÖØ-öø-ÿ'’-]*(\.?)$/

/** Whether `value` reads as a person's name: 2-5 capitalised words, initials and particles allowed. */
export function isPersonName(value: string): boolean {
  const words = value.trim().split(/\s+/)
  let index = 0
  while (index < words.length - 2 && honorific.test(words[index])) index++
  const rest = words.slice(index)
  if (rest.length < 2 || rest.length > 5) return false
  if (!rest.every((word) => isNameWord(word) || particle.test(word))) return false
  // An acronym after names in mixed case is an organization (`Doug Strub NBR`), not a surname; a name all in capitals is still one.
  const capitals = rest.filter((word) => /^\p{Lu}{2,}$/u.test(word)).length
  if (capitals > 0 && capitals < rest.length) return false
  return isNameWord(rest[0]) && isNameWord(rest.at(-1)!) && !roleWords.test(value) && !affiliationWords.test(value)
}

/** A short name in capitals and digits (`VIF`, `CSIS`, `G20`): an organization after the names. */
export const isAcronym = narrowFirst(() => /^\p{Lu}[\p{Lu}\d&-]{1,9}$/u, /^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ\d&-]{1,9}$/)

/**
 * Parse a byline: `Dr Pravesh Kumar Gupta, Associate Fellow, VIF`,
 * `By Jane Doe and John Roe`, `A, B with contributions by C, D`. Every part
 * must be a name, a role, a degree or an affiliation, else it is no byline.
 */
export function parseByline(line: string): {authors: BriefAuthor[]; organization?: string; contributors?: BriefAuthor[]} | undefined {
  let value = line.trim().replace(/^(?:by|authors?)\s*:?\s+/i, '')
  if (value.length === 0 || value.length > 300 || /[!?:;]$/.test(value)) return undefined
  if (/\d/.test(value)) return undefined
  // `Edited by A and B`: editors, not authors.
  const edited = /^edited by\s+/i.exec(value)
  if (edited) {
    const names = parseByline(value.slice(edited[0].length))
    return names ? {authors: [], organization: names.organization, contributors: names.authors.map((author) => ({...author, role: 'Editor'}))} : undefined
  }
  // `Name (Role, Institution)`.
  const bracket = /^([^()]+?)\s*\(([^()]+)\)$/.exec(value)
  if (bracket) {
    const names = parseByline(bracket[1])
    if (!names || names.authors.length !== 1) return undefined
    const [role, ...rest] = bracket[2].split(/\s*,\s*/)
    const author = names.authors[0]
    if (roleWords.test(role)) author.role ??= role
    else rest.unshift(role)
    if (rest.length > 0) author.affiliation ??= rest.join(', ')
    return names
  }

  const authors: BriefAuthor[] = []
  let organization: string | undefined
  let contributor = false
  const parts = value.split(/\s*,\s*|\s+(?:and|&)\s+|\s+(?=with contributions? (?:by|from)\s)/i)
  for (const raw of parts) {
    let part = raw.trim()
    if (!part) return undefined
    const contribution = /^with contributions? (?:by|from)\s+/i.exec(part)
    if (contribution) {
      contributor = true
      part = part.slice(contribution[0].length)
    }
    const last = authors.at(-1)
    if (isPersonName(part)) {
      const ranked = splitRank(part)
      const author: BriefAuthor = ranked ? {name: ranked.name, role: ranked.rank} : {name: part}
      authors.push(contributor ? {...author, role: 'Contributor'} : author)
    } else if (last && degrees.test(part)) {
      last.credentials = last.credentials ? `${last.credentials}, ${part}` : part
    } else if (last && !last.role && roleWords.test(part) && part.split(/\s+/).length <= 8) {
      last.role = part
    } else if (authors.length > 0 && (isAcronym(part) || (affiliationWords.test(part) && part.split(/\s+/).length <= 8))) {
      organization ??= part
      for (const author of authors) author.affiliation ??= part
    } else {
      return undefined
    }
  }
  const named = authors.filter((author) => author.role !== 'Contributor')
  const contributors = authors.filter((author) => author.role === 'Contributor')
  if (named.length === 0) return undefined
  return contributors.length > 0 ? {authors: named, organization, contributors} : {authors: named, organization}
}

/** Military and service ranks, words every army's and navy's bylines use. */
const rankWord = /^(?:brigadier|general|colonel|major|lieutenant|captain|commander|admiral|marshal|commodore|sergeant|brig|gen|col|maj|lt|capt|cdr|cmdr|adm|air|vice|rear|wing|group|flight|lieutenant-general|major-general|lt-gen|maj-gen)\.?$/i
const coreRank = /^(?:brigadier|general|colonel|major|lieutenant|captain|commander|admiral|marshal|commodore|sergeant|brig|gen|col|maj|lt|capt|cdr|cmdr|adm|lieutenant-general|major-general|lt-gen|maj-gen)\.?$/i

/** `Brigadier General Sanjay Kannoth` ▶ the rank (a role) and the name, when two name words or more remain. */
export function splitRank(value: string): {rank: string; name: string} | undefined {
  const words = value.trim().split(/\s+/)
  let count = 0
  while (count < words.length && rankWord.test(words[count])) count++
  while (count > 0 && !coreRank.test(words[count - 1])) count--
  if (count === 0 || words.length - count < 2) return undefined
  return {rank: words.slice(0, count).join(' '), name: words.slice(count).join(' ')}
}

/** `Marcinek, Krystyna` (a catalogue's order) ▶ `Krystyna Marcinek`; other names unchanged. */
export function naturalOrder(name: string): string {
  // The catalogue's order needs its comma: without one the pattern is not even tried.
  if (!name.includes(',')) return name.trim()
  const trimmed = name.trim()
  // `^(Surname(?:\s+Surname)?),\s*(Given(?:\s+Given)*)$` read word by word: neither part holds a comma, so the first
  // comma parts them; one word pattern, not that pattern's eight letter classes (its compile was most of its cost).
  const comma = trimmed.indexOf(',')
  const surname = trimmed.slice(0, comma)
  const given = trimmed.slice(comma + 1).trimStart()
  const surnameWords = surname.split(/\s+/)
  if (surnameWords.length > 2 || !surnameWords.every((word) => isSurnameWord(word)) || !given.split(/\s+/).every((word) => isCatalogueWord(word))) return trimmed
  if (degrees.test(given) || roleWords.test(given) || affiliationWords.test(given)) return trimmed
  return `${given} ${surname}`
}

/** A given name's word in a catalogue's order: a capital, then letters, marks, `'’.-` (`J.`, `Mary-Ann`). */
export const isCatalogueWord = narrowFirst(() => /^\p{Lu}[\p{L}\p{M}'’.-]*$/u, /^[A-ZÀ-ÖØ-Þ][A-Za-zªµºÀ-ÖØ-öø-ÿ'’.-]*$/)

/** A surname's word: an `isCatalogueWord` word without full stops and of two code points or more. */
function isSurnameWord(word: string): boolean {
  return isCatalogueWord(word) && !word.includes('.') && (word.length > 2 || (word.length === 2 && word.codePointAt(0)! <= 0xffff))
}

/** Glyphs before a narrow title's first letter or digit (narrow.ts; a wider title reads the pattern's property classes). */
const narrowTitleGlyphs = /^[\s§¶•›»|#*~–—-]+(?=[A-Za-zªµºÀ-ÖØ-öø-ÿ]|[0-9²³¹¼-¾])/

/** A leading site glyph or bullet in a title (`§ Title`, `» Title`) is no part of it. */
export function cleanTitle(title: string): string {
  return title.replace(isNarrow(title) ? narrowTitleGlyphs : /^[\s§¶•›»|#*~–—-]+(?=\p{L}|\p{N})/u, '').trim()
}

const journalLine = /^(\p{Lu}[\p{L}\p{M}&.,' -]{3,80}?)\s*\((\d{4})\)\s*,?\s*(\d{1,4})(?:\s*\((\d{1,3})\))?\s*[,:]\s*(\d{1,5}\s*[–—-]\s*\d{1,5})$/u

/** `International Studies Review (2009) 11, 523–551`: journal, year, volume and pages. */
export function parseJournalLine(line: string): {series: string; date: string; issue: string} | undefined {
  // No `(2009)` in the line: no journal line (the plain test first; the letter classes cost more, even to compile).
  if (!yearInParentheses.test(line)) return undefined
  const match = journalLine.exec(line.trim())
  if (!match) return undefined
  const issue = match[4] ? `${match[3]}(${match[4]}), ${match[5]}` : `${match[3]}, ${match[5]}`
  return {series: match[1].trim(), date: match[2], issue}
}

/** A year in parentheses (`(2009)`): journal and cover-sheet citation lines both hold one. */
const yearInParentheses = /\(\d{4}\)/

const citationLine =
  /(\p{Lu}[\p{L}\p{M}'’-]+),\s*(\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*)*)\s*\((\d{4})\)\s*['‘"“]([^'’"”]{8,300})['’"”]\s*,\s*([^,]{3,80}),\s*(\d{1,4}\s*:\s*\d{1,4})/u

const citationLineAt = new RegExp(citationLine.source, 'uy')

/**
 * A publisher's cover-sheet citation (`Ball, Desmond(1993) 'Title', Journal,
 * 3: 1, 44 — 74 …`): author, year, title, journal and volume.
 */
export function parseCitationLine(line: string): {author: string; date: string; title: string; series: string; issue: string} | undefined {
  // Only a citation starting in the first 41 characters counts: tried at those starts alone (the
  // leftmost match, as a search finds it), not searched for through a one-line page's whole text.
  let match: RegExpExecArray | null = null
  if (!yearInParentheses.test(line)) return undefined
  for (let start = 0; start <= 40 && start <= line.length && !match; start++) {
    citationLineAt.lastIndex = start
    match = citationLineAt.exec(line)
  }
  if (!match || match.index > 40) return undefined
  return {author: `${match[2]} ${match[1]}`, date: match[3], title: match[4].trim(), series: match[5].trim(), issue: match[6].replace(/\s+/g, '')}
}

const seriesPrefix =
  /^(\p{Lu}[^:\n]{0,80}?\b(?:Report|Brief|Paper|Commentary|Analysis|Series|Monograph|Study|Note|Perspective|Insight|Update))\s+(?:No\.?|Number|Nr\.?|#)\s*(\d{1,4})\s*:\s+(\S.{5,})$/u
/** `seriesPrefix` for a narrow title (narrow.ts): the same groups. */
const narrowSeriesPrefix =
  /^([A-ZÀ-ÖØ-Þ][^:\n]{0,80}?\b(?:Report|Brief|Paper|Commentary|Analysis|Series|Monograph|Study|Note|Perspective|Insight|Update))\s+(?:No\.?|Number|Nr\.?|#)\s*(\d{1,4})\s*:\s+(\S.{5,})$/

/** `China Maritime Report No. 40: Onboard …` ▶ series, issue and the title proper. */
export function splitSeriesPrefix(title: string): {series: string; issue: string; title: string} | undefined {
  const value = title.trim()
  const match = (isNarrow(value) ? narrowSeriesPrefix : seriesPrefix).exec(value)
  return match ? {series: match[1], issue: match[2], title: match[3]} : undefined
}

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
// Full names and the usual short forms (`Aug`, `Sept.`).
const monthName = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?'

// Compiled once (a pattern built per call was compiled, or looked up, on every line asked).
const monthDayYear = new RegExp(`^${monthName}\\s+(\\d{1,2}),?\\s+(\\d{4})$`, 'i')
const dayMonthYear = new RegExp(`^(\\d{1,2})\\s+${monthName},?\\s+(\\d{4})$`, 'i')
const monthYear = new RegExp(`^${monthName},?\\s+(\\d{4})$`, 'i')

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/** A line that is only a date: `June 20, 2026`, `20 June 2026`, `2026-06-20`, `AUGUST 2021`: ISO (`2021-08` for a month and year). */
export function parseDateLine(line: string): string | undefined {
  const value = line.trim()
  // Every form ends with a digit (the year or the day): any other line is tried no further.
  if (!isDigit(value.charCodeAt(value.length - 1))) return undefined
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (match) return value
  match = monthDayYear.exec(value)
  if (match) return iso(match[3], match[1], match[2])
  match = dayMonthYear.exec(value)
  if (match) return iso(match[3], match[2], match[1])
  // A month and year (`AUGUST 2021`): ISO year and month, which the template prints as `August 2021`.
  match = monthYear.exec(value)
  if (match) return isoMonth(match[2], match[1])
  // `07-27-2022`: month first, as US sites write it.
  match = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(value)
  if (match && Number(match[1]) <= 12 && Number(match[2]) <= 31) return `${match[3]}-${match[1].padStart(2, '0')}-${match[2].padStart(2, '0')}`
  return undefined
}

/** `2021`, `Aug` ▶ `2021-08`. */
export function isoMonth(year: string, month: string): string {
  const number = months.findIndex((name) => name.startsWith(month.toLowerCase().slice(0, 3))) + 1
  return `${year}-${String(number).padStart(2, '0')}`
}

function iso(year: string, month: string, day: string): string {
  const number = months.findIndex((name) => name.startsWith(month.toLowerCase().slice(0, 3))) + 1
  return `${year}-${String(number).padStart(2, '0')}-${day.padStart(2, '0')}`
}

const seriesLine =
  /^(\p{Lu}[^\n]{0,80}?\b(?:Report|Brief|Paper|Commentary|Analysis|Series|Monograph|Study|Studies|Note|Perspective|Insight|Update))\s+(?:No\.?|Number|Nr\.?|#)\s*(\d{1,4})$/u

/** `China Maritime Report No. 40` ▶ series and issue number. */
export function parseSeriesLine(line: string): {series: string; issue: string} | undefined {
  const match = seriesLine.exec(line.trim())
  return match ? {series: match[1], issue: match[2]} : undefined
}

const keyValueLine = /^(title|subtitle|author|authors|by|date|published|publication date|source|url|series|organi[sz]ation|institution|publisher)\s*:\s*(\S.*)$/i

/** `Title: …`/`Author: …` lines that open some scraped files; `undefined` unless every line is one. */
export function parseKeyValueHeader(lines: string[]): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = []
  for (const line of lines) {
    const match = keyValueLine.exec(line.trim())
    if (!match) return undefined
    pairs.push([match[1].toLowerCase(), match[2].trim()])
  }
  return pairs.length > 0 ? pairs : undefined
}

/** Put `key: value` metadata (from front matter or `Title:` lines) into the brief. Returns the keys it used. */
export function applyMetadata(brief: BriefData, data: Record<string, unknown>): string[] {
  const used: string[] = []
  const text = (key: string): string | undefined => {
    const value = data[key]
    if (typeof value === 'string' && value.trim()) return value.trim()
    if (typeof value === 'number' || value instanceof Date) return value instanceof Date ? value.toISOString().slice(0, 10) : String(value)
    return undefined
  }
  const take = (keys: string[], apply: (value: string) => void) => {
    for (const key of keys) {
      const value = text(key)
      if (value !== undefined) {
        apply(value)
        used.push(key)
        return
      }
    }
  }

  take(['english_title', 'title'], (value) => (brief.title ??= cleanTitle(value)))
  take(['subtitle'], (value) => (brief.subtitle ??= value))
  take(['published_date', 'date', 'published', 'publication date'], (value) => (brief.date ??= value))
  take(['source_url', 'url', 'canonical', 'source'], (value) => {
    if (/^https?:\/\//i.test(value)) brief.url ??= value
  })
  take(['institution', 'organization', 'organisation'], (value) => (brief.organization ??= value))
  // The publisher is the masthead's organization, even where a byline read an author's affiliation first.
  take(['publisher'], (value) => {
    if (brief.organization === undefined || brief.authors.some((author) => author.affiliation === brief.organization)) brief.organization = value
  })
  take(['series'], (value) => (brief.series ??= value))
  take(['summary', 'description', 'abstract'], (value) => (brief.summary ??= value))
  take(['lang', 'language'], (value) => {
    if (/^[a-z]{2,3}(?:-[A-Za-z\d]{2,8})*$/.test(value)) brief.lang = value
  })

  const authors = data.authors ?? data.author ?? data.by
  const names = (Array.isArray(authors) ? authors : [authors]).filter((name): name is string => typeof name === 'string' && name.trim() !== '')
  // A user name (`atripp`) or the organization's own name is no author: the text's byline may say who is.
  const people = names.map((name) => naturalOrder(name)).filter((name) => /\s/.test(name) && name !== brief.organization)
  if (people.length > 0 && brief.authors.length === 0) {
    for (const name of people) {
      const byline = parseByline(name)
      if (byline) brief.authors.push(...byline.authors)
      else brief.authors.push({name: name.trim()})
    }
    used.push(data.authors !== undefined ? 'authors' : data.author !== undefined ? 'author' : 'by')
  }

  const keywords = data.keywords
  if (Array.isArray(keywords)) {
    const list = keywords.filter((item): item is string => typeof item === 'string')
    if (list.length > 0) {
      brief.keywords = list
      used.push('keywords')
    }
  }
  return used
}

/** Parse YAML safely (no custom tags, no code): `undefined` when it is not a mapping. */
export function parseYaml(value: string): Record<string, unknown> | undefined {
  // Flat `key: value` front matter (most scraped pages') is read without waking the `yaml` parser.
  const flat = readFlatYaml(value)
  if (flat) return flat
  try {
    // Linear time whatever the key count; an error (a duplicate key included) reads as no front matter.
    const document = parseFrontMatterYaml(value, {logLevel: 'silent'})
    if (document.errors.length > 0) return undefined
    const data: unknown = document.toJS({maxAliasCount: 100})
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

const disclaimerText =
  /individual scholastic articulation|do(?:es)? not necessarily (?:represent|reflect)|views (?:expressed|are those)|(?:opinions|conclusions).{0,80}expressed|solely those of the authors?|the authors? certif|^\(?disclaimer\b/i

export function isDisclaimer(value: string): boolean {
  return value.length < 3000 && disclaimerText.test(value)
}

const creditLine = /^(?:image|photo|picture|cover|featured image|graphic|illustration|map|figure)s?\s*(?:source|credit|courtesy)s?\s*:|^(?:photo|image) by\s|^source of image\s*:/i

export function isCredit(value: string): boolean {
  return value.length < 1000 && creditLine.test(value.trim())
}

/** A word in capitals (`KEY`, `CONCEPTS`). */
export const isCapitalsWord = narrowFirst(() => /^\p{Lu}[\p{Lu}’'-]+$/u, /^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ’'-]+$/)

/**
 * A cover's title run over two lines in two type styles (`Doctrine of the Army` / `KEY CONCEPTS`): a
 * subtitle of one to three words in capitals under a title in mixed case is the title's second line,
 * joined as `Title: Key Concepts`. A longer or mixed-case subtitle stays a subtitle.
 */
export function joinCapitalsSubtitle(title: string, subtitle: string): string | undefined {
  const words = subtitle.trim().split(/\s+/)
  if (words.length > 3 || !words.every((word) => isCapitalsWord(word)) || !/\p{Ll}/u.test(title) || /[:.!?]$/.test(title)) return undefined
  const titleCase = words.map((word) => word.charAt(0) + word.slice(1).toLowerCase()).join(' ')
  return `${title.trim()}: ${titleCase}`
}

/**
 * A title opened by a label for the page's own form (`Full Text: Concept Note for X`) that the text
 * itself explains (`the full text of the Concept Note for X is reproduced here`): the work's title
 * is the part after the label. `looseText` is the text in lower-case letters and digits only.
 */
export function titleAfterLabel(title: string, looseText: string | (() => string)): string | undefined {
  const match = /^([^:]{3,30}):\s+(\S.{8,})$/u.exec(title.trim())
  if (!match) return undefined
  // The loose text of the whole article is made only for a labelled title (most have none).
  if (typeof looseText === 'function') looseText = looseText()
  const loose = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
  const [label, rest] = [loose(match[1]), loose(match[2])]
  return looseText.includes(`${label}of${rest}`) || looseText.includes(`${label}ofthe${rest}`) ? match[2].trim() : undefined
}
