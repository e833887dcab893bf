/**
 * URL checks for note text: does a URL parse, and which query parameters are
 * click trackers. String surgery rather than `URL#href`, so a cleaned URL
 * keeps its original spelling (no added slash, no re-encoding).
 */

/** Query keys that identify a click or a campaign, not the page. */
const trackingKey =
  /^(?:utm_[a-z\d_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|li_fat_id|oly_anon_id|oly_enc_id|vero_id|rb_clickid|_ga|_gl)$/i

/** Has a scheme (`https:`, `mailto:`) or is protocol-relative: meant to be absolute. */
export function looksAbsolute(url: string): boolean {
  return /^[a-z][a-z\d+.-]*:/i.test(url) || url.startsWith('//')
}

/** Whether an absolute URL parses (relative URLs are not this check's business). */
export function parsesAsUrl(url: string): boolean {
  if (!looksAbsolute(url)) return true
  try {
    new URL(url.startsWith('//') ? 'https:' + url : url)
    return true
  } catch {
    return false
  }
}

/** The tracking parameter names in a URL's query, in order. */
export function trackingParameters(url: string): string[] {
  return queryPairs(url).pairs.map(pairKey).filter((key) => trackingKey.test(key))
}

/** The URL without its tracking parameters; everything else as written. */
export function stripTrackingParameters(url: string): string {
  const {base, pairs, hash} = queryPairs(url)
  const kept = pairs.filter((pair) => !trackingKey.test(pairKey(pair)))
  if (kept.length === pairs.length) return url
  return base + (kept.length > 0 ? '?' + kept.join('&') : '') + hash
}

function queryPairs(url: string): {base: string; pairs: string[]; hash: string} {
  const hashStart = url.indexOf('#')
  const hash = hashStart === -1 ? '' : url.slice(hashStart)
  const beforeHash = hashStart === -1 ? url : url.slice(0, hashStart)
  const queryStart = beforeHash.indexOf('?')
  if (queryStart === -1) return {base: beforeHash, pairs: [], hash}
  const pairs = beforeHash
    .slice(queryStart + 1)
    .split('&')
    .filter((pair) => pair !== '')
  return {base: beforeHash.slice(0, queryStart), pairs, hash}
}

function pairKey(pair: string): string {
  const key = pair.split('=')[0]
  try {
    return decodeURIComponent(key)
  } catch {
    return key
  }
}

/** URLs written as plain text (no link node), e.g. where no autolink syntax ran. */
export const textUrl = /\b(?:https?:\/\/|www\.)[^\s<>]+/gi

/** Trailing sentence punctuation is rarely part of a URL written in prose. */
export function trimUrlPunctuation(url: string): string {
  return url.replace(/[.,;:!?'"’”)\]]+$/, '')
}
