/**
 * Links in the PDF (printer invariant 4: links to the internal origin never
 * reach the PDF; relative links stay relative or become text).
 *
 * Chromium makes a link annotation of every `<a href>`, with the URL resolved
 * against the document's. The document is served from a synthetic origin
 * (`http://brief.localhost`), so a relative link in a brief (`other.html`,
 * `../data/table.csv`) would print as `http://brief.localhost/other.html`: a
 * loopback name that means nothing to a reader and, clicked, asks their
 * machine. So before printing, every link that resolves to that origin (and
 * is not a same-document `#fragment`, which Chromium makes an internal jump)
 * gets a numbered placeholder; after printing, each placeholder annotation
 * gets back the reference as the brief wrote it, relative (a PDF reader
 * resolves it against the PDF's own location, which is the HTML's), or is
 * removed (the text stays) when it is not a plain relative path.
 */
import type {Page} from 'puppeteer-core'
import {origin} from './page.js'

/** Placeholder URLs of relative links, numbered in document order. */
export const relativeLinkPrefix = `${origin}/.brief-relative-link/`

/**
 * In the loaded page (through DevTools: the page's own scripts stay off),
 * give each link to the internal origin a placeholder URL. Returns the hrefs
 * as written, by placeholder number.
 */
export async function markRelativeLinks(page: Page): Promise<string[]> {
  return page.evaluate(markLinksInPage, origin, relativeLinkPrefix)
}

/**
 * `markRelativeLinks`' code, run in the page (self-contained: it is sent as
 * its source, alone or inside print-ahead's call, `markAndPrintAhead`).
 */
export const markLinksInPage = (internalOrigin: string, prefix: string): string[] => {
  const written: string[] = []
  for (const link of Array.from(document.querySelectorAll('a[href], area[href]'))) {
    const href = link.getAttribute('href') ?? ''
    let resolved: URL
    try {
      resolved = new URL(href, document.baseURI)
    } catch {
      link.removeAttribute('href')
      continue
    }
    if (resolved.origin !== internalOrigin) continue
    // A jump inside this document: Chromium makes it a destination, never a URL.
    if (/^[\s]*#/.test(href)) continue
    link.setAttribute('href', prefix + written.length)
    written.push(href)
  }
  return written
}

/**
 * The reference a relative link keeps in the PDF: the href as written, when
 * it is a path relative to the document (no scheme, not starting with `/`
 * or `\`), in 7-bit ASCII (a PDF URI must be); `undefined` when it must
 * become text.
 */
export function relativeReference(href: string): string | undefined {
  // What a URL parser ignores: tabs and line breaks anywhere, controls and spaces at the ends.
  // eslint-disable-next-line no-control-regex
  const text = href.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')
  if (!text || /^[a-z][a-z\d+.-]*:/i.test(text) || /^[/\\]/.test(text)) return undefined
  let encoded = ''
  for (const character of text) {
    if (/^[\u0021-\u007E]$/.test(character)) encoded += character
    else {
      try {
        encoded += encodeURIComponent(character)
      } catch {
        // A lone surrogate.
        encoded += '%EF%BF%BD'
      }
    }
  }
  return encoded
}

/** Schemes a link in the PDF may use; anything else (`javascript:`, `file:`, `data:`…) becomes text. */
const webSchemes = /^(?:https?|mailto):/i

/**
 * The URI a link annotation keeps in the PDF, or `undefined` when the link
 * must become text: placeholders get their relative reference back (see
 * `markRelativeLinks`); a web URL stays unless its host is the internal
 * origin's (whatever the scheme or port); any other scheme goes. A link the
 * article wrote to another host, `localhost` included, is the article's own
 * web link and stays, like any other.
 */
export function pdfLinkTarget(uri: string, relativeLinks: readonly string[] = []): string | undefined {
  const text = uri.trim()
  if (text.startsWith(relativeLinkPrefix)) {
    const index = text.slice(relativeLinkPrefix.length)
    const written = /^\d+$/.test(index) ? relativeLinks[Number(index)] : undefined
    return written === undefined ? undefined : relativeReference(written)
  }
  if (!webSchemes.test(text)) return undefined
  if (/^mailto:/i.test(text)) return text
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  return isInternalHost(url.hostname) ? undefined : text
}

const internalHost = new URL(origin).hostname

/** Whether `hostname` is the synthetic origin's host (`brief.localhost`, any case, a trailing dot). */
export function isInternalHost(hostname: string): boolean {
  return hostname.toLowerCase().replace(/\.$/, '') === internalHost
}
