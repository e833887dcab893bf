/**
 * What counts as page junk: text a scraper picked up from the web page around
 * the article (comment forms, captchas, navigation, markup). Each pattern
 * matches a whole trimmed line and names why it goes.
 */

interface JunkPattern {
  test: RegExp
  reason: string
}

const junkLines: JunkPattern[] = [
  {test: /^(?:post|add|leave|write) (?:a )?(?:new )?(?:comment|reply)s?$/i, reason: 'comment form'},
  {test: /^the content of this field is kept private and will not be shown publicly\.?$/i, reason: 'comment form'},
  {test: /^(?:your )?(?:name|e-?mail(?: address)?|comments?|website|homepage|subject)\s*:?\s*\*?$/i, reason: 'comment form'},
  {test: /^\d{1,3}\s*[-+×x*]\s*\d{1,3}\s*=\s*\??$/i, reason: 'captcha question'},
  {test: /^solve this simple math problem\b/i, reason: 'captcha instruction'},
  {
    test: /^(?:contact us|home|about us|privacy policy|terms of (?:use|service)|subscribe|sign up|log ?in|share(?: this)?|print|e-?mail|tweet|facebook|twitter|linkedin|whatsapp|skip to (?:main )?content|back to top)$/i,
    reason: 'site navigation'
  },
  {test: /^(?:read )?more\s*(?:>>|»|›)$/i, reason: 'read-more link text'},
  {
    test: /^(?:more on this topic|related(?: articles| content| posts| research| publications)?|editors[’'] recommendations|you may also like|recommended(?: reading)?)$/i,
    reason: 'related-content teaser'
  },
  {test: /^\[image: missing image\]$/i, reason: 'missing image placeholder'},
  {test: /^\{:[^{}]*\}$/, reason: 'kramdown attribute'},
  {test: /^\{%-?\s[^{}]*-?%\}$/, reason: 'template tag (Liquid)'},
  {test: /^(?:[-*+]|\d{1,2}\.)\s+toc$/i, reason: 'table-of-contents placeholder'},
  {test: /^(?:<\/?[a-z][a-z\d-]*(?:\s[^<>]*)?\/?>\s*)+$/i, reason: 'HTML markup'},
  {test: /^<!--.*-->$/, reason: 'HTML comment'}
]

/** Why a line is junk, or `undefined` when it is not. */
export function junkReason(line: string, extra: readonly string[] = []): string | undefined {
  const trimmed = line.trim()
  if (trimmed.length === 0 || trimmed.length > 400) return undefined
  // Counted loops: `for…of` made an iterator result per pattern for every line while cold.
  for (let index = 0; index < junkLines.length; index++) if (junkLines[index].test.test(trimmed)) return junkLines[index].reason
  const lower = trimmed.toLowerCase()
  for (let index = 0; index < extra.length; index++) if (extra[index].trim().toLowerCase() === lower) return 'configured junk'
  return undefined
}

/** Multi-line HTML that never belongs to an article: where it opens, what closes it, and why it goes. */
export const junkRegions: Array<{open: RegExp; close: RegExp; reason: string}> = [
  {open: /^\s*<style\b/i, close: /<\/style\s*>/i, reason: 'style sheet'},
  {open: /^\s*<script\b/i, close: /<\/script\s*>/i, reason: 'script'},
  {open: /^\s*<!--/, close: /-->/, reason: 'HTML comment'},
  {open: /^\s*<(?:ul|ol|nav|table|form|select)\b/i, close: /<\/(?:ul|ol|nav|table|form|select)\s*>\s*$/i, reason: 'HTML markup'}
]

/**
 * Related-content teasers glued to the end of a one-line page: "Related",
 * "Editors’ Recommendations" or "More on This Topic", followed by dated
 * teaser titles or nothing. Returns where the teasers start, or -1.
 */
export function teaserStart(value: string): number {
  const pattern =
    /(?:^|\s)(?:Editors[’'] Recommendations|Related|More on This Topic)(?=\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}|Related|More on This Topic)\b|\s*$)/g
  const match = pattern.exec(value)
  if (!match) return -1
  return match.index + (match[0].length - match[0].trimStart().length)
}

/** A trailing "More >>" link text left from a teaser. */
export const readMoreSuffix = /\s*\b(?:Read )?More\s*(?:>>|»|›)\s*$/i
