/**
 * What a page may load while printing.
 *
 * The document and its assets are served from memory under one synthetic
 * origin; images inside the article's folder come from disk; everything else
 * is aborted and listed, so the build can report it.
 */
import {promises as fs} from 'node:fs'
import path from 'node:path'
import type {HTTPRequest, Page} from 'puppeteer-core'

/** The synthetic origin the document is served from. Never resolved: every request is intercepted. */
export const origin = 'http://brief.localhost'

/** A file the page may load, served from memory (fonts, the logo, the stylesheet). */
export interface RenderAsset {
  /** URL relative to the document, e.g. `assets/fonts/source-serif-4-latin-400-normal.woff2`. */
  url?: string
  /** Path inside `assets/` (the build's shape), used when `url` is missing: `fonts/x.woff2` ▶ `assets/fonts/x.woff2`. */
  name?: string
  /** Absolute path of the file on disk. */
  path: string
  /** Media type; guessed from the extension when missing. */
  type?: string
}

const mediaTypes: Record<string, string> = {
  '.avif': 'image/avif',
  '.css': 'text/css; charset=utf-8',
  '.gif': 'image/gif',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.otf': 'font/otf',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2'
}

const imageExtensions = new Set(['.avif', '.gif', '.jpeg', '.jpg', '.png', '.svg', '.webp'])

export function mediaTypeOf(file: string): string {
  return mediaTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** The URL the document of job `name` is served at. */
export function documentUrl(name: string): string {
  return `${origin}/${encodeURIComponent(name.replace(/[/\\]/g, '_') || 'brief')}.html`
}

/** Map of absolute asset URL ▶ asset. */
export function assetMap(assets: readonly RenderAsset[] | undefined): Map<string, RenderAsset> {
  const map = new Map<string, RenderAsset>()
  for (const asset of assets ?? []) {
    const relative = asset.url ?? (asset.name ? `assets/${asset.name}` : undefined)
    if (!relative) continue
    map.set(new URL(relative, origin + '/').href, asset)
  }
  return map
}

export interface PagePolicy {
  /** The document, served at `documentUrl(name)`. */
  html: string
  url: string
  assets: Map<string, RenderAsset>
  /** Real path of the article's folder; images may come from inside it only. */
  resourceDir?: string
  /** Requests aborted, in order, without duplicates. */
  blocked: string[]
  /** Requests answered and not yet finished. */
  pending: Set<HTTPRequest>
  /** How many requests were answered so far. */
  served: number
  /** Content-Security-Policy sent with the document (page-bottom notes: `paged.ts`). */
  csp?: string
  /**
   * Set once the page was answered anything but its document and our fonts
   * (an image, a stylesheet or logo of ours, a `data:` image): the document
   * then holds resources by URL that a document written over it would reuse
   * without asking (`reusable` in index.ts).
   */
  loadedBeyondFonts?: boolean
}

/**
 * Decide one intercepted request. Pure apart from reading the file it serves,
 * so the policy is testable without a browser.
 */
export async function decide(
  request: {url: string; resourceType: string; isNavigation: boolean; isMainFrame: boolean; isRedirect: boolean},
  policy: Pick<PagePolicy, 'html' | 'url' | 'assets' | 'resourceDir' | 'csp'>
): Promise<{action: 'respond'; status: number; contentType: string; body: string | Uint8Array; headers?: Record<string, string>} | {action: 'abort'}> {
  const url = request.url

  if (request.isRedirect) return {action: 'abort'}

  if (url === policy.url) {
    // Only the top document, never an iframe that points back at it.
    if (!request.isMainFrame) return {action: 'abort'}
    const headers: Record<string, string> = {'Cache-Control': 'no-store'}
    if (policy.csp) headers['Content-Security-Policy'] = policy.csp
    return {action: 'respond', status: 200, contentType: 'text/html; charset=utf-8', body: policy.html, headers}
  }

  // The browser's own favicon probe is not the page's doing: answer it, do not list it.
  if (url === faviconUrl) return {action: 'respond', status: 404, contentType: 'text/plain', body: ''}

  // Every other document (iframe, navigation, popup) is refused.
  if (request.isNavigation || request.resourceType === 'document') return {action: 'abort'}

  if (url.startsWith('data:')) {
    // Chromium does not usually route `data:` through interception; when it does, only images pass.
    return /^data:image\/(?:png|jpeg|gif|webp|avif|svg\+xml)[;,]/i.test(url)
      ? {action: 'respond', ...decodeDataUrl(url)}
      : {action: 'abort'}
  }

  const asset = policy.assets.get(stripFragment(url))
  if (asset) {
    try {
      const body = await fs.readFile(asset.path)
      const contentType = asset.type ?? mediaTypeOf(asset.path)
      // Our fonts: the page's memory cache keeps them for the next brief on this page, which then
      // loads them without a round trip through this handler (see `assetsKey`). Other assets (a
      // stylesheet or logo a user may edit while watching) are fetched afresh each time.
      return {action: 'respond', status: 200, contentType, body, headers: contentType.startsWith('font/') ? cacheable : {'Cache-Control': 'no-store'}}
    } catch {
      return {action: 'abort'}
    }
  }

  if (policy.resourceDir && request.resourceType === 'image' && url.startsWith(origin + '/')) {
    const file = await imageInside(policy.resourceDir, new URL(url).pathname)
    // The brief's own images: never kept, so no later brief can load them from the cache.
    if (file) return {action: 'respond', status: 200, contentType: mediaTypeOf(file), body: await fs.readFile(file), headers: {'Cache-Control': 'no-store'}}
  }

  return {action: 'abort'}
}

const faviconUrl = `${origin}/favicon.ico`

/** Headers of our own assets: kept by the browser's memory cache across the briefs a page prints. */
const cacheable = {'Cache-Control': 'public, max-age=31536000, immutable'}

/**
 * What a page's cache may hold from earlier jobs: the asset URLs and the
 * files they were served from. A job whose key differs from the previous
 * job's on the same page clears the cache first, so a brief never gets an
 * asset another job's list allowed and its own does not.
 */
export function assetsKey(assets: Map<string, RenderAsset>): string {
  return JSON.stringify([...assets].map(([url, asset]) => [url, asset.path, asset.type ?? '']).sort())
}

function stripFragment(url: string): string {
  const hash = url.indexOf('#')
  return hash === -1 ? url : url.slice(0, hash)
}

function decodeDataUrl(url: string): {status: number; contentType: string; body: Uint8Array} {
  const comma = url.indexOf(',')
  const head = url.slice(5, comma)
  const data = url.slice(comma + 1)
  const body = head.endsWith(';base64') ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data))
  return {status: 200, contentType: head.split(';')[0]!, body}
}

/**
 * The real path of the image at URL path `urlPath` when it lies inside
 * `resourceDir` (after resolving `..` and symlinks) and is an image file;
 * `undefined` otherwise.
 */
export async function imageInside(resourceDir: string, urlPath: string): Promise<string | undefined> {
  let relative: string
  try {
    relative = decodeURIComponent(urlPath).replace(/^\/+/, '')
  } catch {
    return undefined
  }
  if (!relative || relative.includes('\0') || relative.split(/[/\\]/).includes('..')) return undefined
  if (!imageExtensions.has(path.extname(relative).toLowerCase())) return undefined

  try {
    const root = await fs.realpath(resourceDir)
    const real = await fs.realpath(path.join(root, relative))
    if (!real.startsWith(root + path.sep)) return undefined
    const stat = await fs.stat(real)
    return stat.isFile() ? real : undefined
  } catch {
    return undefined
  }
}

/**
 * Set up a page for one job: JavaScript off, print media, interception on,
 * and the policy above. Returns a function that removes the job's handlers.
 */
export async function applyPolicy(page: Page, policy: PagePolicy): Promise<() => void> {
  // Requests the page's memory cache answered (our assets, from an earlier brief): never intercepted.
  const fromCache = new WeakSet<HTTPRequest>()
  const onRequest = (request: HTTPRequest) => {
    void handle(request, page, policy, fromCache)
  }
  const onCached = (request: HTTPRequest) => {
    fromCache.add(request)
  }
  const onDone = (request: HTTPRequest) => {
    policy.pending.delete(request)
  }
  page.on('request', onRequest)
  page.on('requestservedfromcache', onCached)
  page.on('requestfinished', onDone)
  page.on('requestfailed', onDone)
  return () => {
    page.off('request', onRequest)
    page.off('requestservedfromcache', onCached)
    page.off('requestfinished', onDone)
    page.off('requestfailed', onDone)
  }
}

async function handle(request: HTTPRequest, page: Page, policy: PagePolicy, fromCache: WeakSet<HTTPRequest>): Promise<void> {
  // Puppeteer reports a cache hit right after its request event.
  await Promise.resolve()
  if (fromCache.has(request)) {
    // Only our assets are cacheable, and a page's cache holds only the current asset list's
    // (`assetsKey`); anything else would be a leak: report it like a refused request.
    if (!policy.assets.has(stripFragment(request.url())) && !policy.blocked.includes(request.url())) policy.blocked.push(request.url())
    return
  }
  const frame = request.frame()
  const verdict = await decide(
    {
      url: request.url(),
      resourceType: request.resourceType(),
      isNavigation: request.isNavigationRequest() && request.url() !== policy.url,
      isMainFrame: !frame || frame === page.mainFrame(),
      isRedirect: request.redirectChain().length > 0
    },
    policy
  )
  try {
    if (verdict.action === 'respond') {
      policy.pending.add(request)
      policy.served++
      // The favicon is the browser's own probe (a tab's icon), not the document's resource.
      const url = request.url()
      if (url !== policy.url && url !== faviconUrl && !(verdict.contentType.startsWith('font/') && policy.assets.has(stripFragment(url)))) policy.loadedBeyondFonts = true
      await request.respond({status: verdict.status, contentType: verdict.contentType, body: verdict.body as string | Uint8Array, headers: verdict.headers})
    } else {
      const url = request.url()
      if (!policy.blocked.includes(url)) policy.blocked.push(url)
      // A refused navigation (meta refresh, a link target) must not commit
      // Chromium's error page over the brief: `aborted` cancels it quietly.
      await request.abort(request.isNavigationRequest() ? 'aborted' : 'blockedbyclient')
    }
  } catch {
    // The page went away (timeout, crash): nothing left to answer.
    policy.pending.delete(request)
  }
}

/** Page-level settings that hold for every job: set once per page. */
export async function preparePage(page: Page): Promise<void> {
  await page.setJavaScriptEnabled(false)
  await page.setRequestInterception(true)
  await page.setBypassServiceWorker(true)
  await page.emulateMediaType('print')
  await showWindow(page, false)
}

/** Each pool page's window (its own browser context's), by page, and whether it is shown: hidden but for page-bottom notes. */
const windows = new WeakMap<Page, {id: string; shown: boolean}>()

/**
 * Hide (minimise) or show a page's window. A shown page paints every change
 * on screen: the load, the font swaps, print-ahead's column layout, the
 * reprints' edits, none of which any output shows (the print paints for
 * itself; the thumbnail is drawn from the PDF, `thumbnail.ts`). A hidden
 * page paints nothing; it is shown only for page-bottom notes (Paged.js lays
 * out in animation frames, which a hidden page never runs).
 * Printing, layout and loading are the same hidden or shown. A window
 * already in the state asked costs no call (each is a browser round trip,
 * and showing one paints it). Through the page's own DevTools session and
 * the browser's: a second session on the page made its next document lose
 * the print media emulation. A browser whose windows cannot be minimised is
 * left as it is.
 */
export async function showWindow(page: Page, shown: boolean): Promise<void> {
  let window = windows.get(page)
  if (window === undefined) {
    if (shown) return
    const id = await page.windowId().catch(() => undefined)
    if (id === undefined) return
    window = {id, shown: true}
    windows.set(page, window)
  }
  if (window.shown === shown) return
  window.shown = shown
  const showing = page.browser().setWindowBounds(window.id, {windowState: shown ? 'normal' : 'minimized'})
  if (shown) await showing
  else await showing.catch(() => windows.delete(page))
}

/**
 * Throw the page's layout away and lay it out again from scratch, once every
 * font it prints with has loaded. Chromium lays a brief out first with a
 * fallback font and again as each web font swaps in; which layouts happened
 * in between depends on timing (a busy machine, a font from the memory cache
 * or from the request handler), and the relayout after a swap is not always
 * the layout a fresh start gives: a note call's `vertical-align: super`
 * baseline came out 7/64 px apart in the PDFs of the same brief printed at
 * once on two pages. A fresh layout depends only on the document and its
 * fonts, so every print of a brief gives the same bytes. Costs one layout.
 */
export async function layoutAfresh(page: Page): Promise<void> {
  await page.evaluate(() => {
    const root = document.documentElement
    const hadStyle = root.hasAttribute('style')
    const display = root.style.getPropertyValue('display')
    const priority = root.style.getPropertyPriority('display')
    // `display: none` on the root drops every layout object; reading a size makes the change happen now.
    root.style.setProperty('display', 'none', 'important')
    void root.offsetHeight
    if (display) root.style.setProperty('display', display, priority)
    else root.style.removeProperty('display')
    if (!hadStyle) root.removeAttribute('style')
    void root.offsetHeight
  })
}

/**
 * The document as served with its layout held: a style element right after
 * `<head>` that keeps the root `display: none` until `releaseLayout`, so the
 * page lays nothing out while it loads (no layout with a fallback font, no
 * relayout as each face swaps in) and lays the brief out once, with every
 * font it prints with already in (`loadEveryFontFace` in index.ts loads them
 * whether laid out or not). `token` names the element (random per job, so no
 * document can name it). `undefined` when the document has no `<head>` tag:
 * then it is loaded as it is and `layoutAfresh` gives the fresh layout.
 */
export function holdLayout(html: string, token: string): string | undefined {
  const head = /<head(?=[\s>/])[^>]*>/i.exec(html)
  if (!head) return undefined
  const end = head.index + head[0].length
  return `${html.slice(0, end)}<style data-brief-hold="${token}">html{display:none!important}</style>${html.slice(end)}`
}

/**
 * Remove `holdLayout`'s style and lay the brief out, now. When the hold did
 * not take (no such element, or the root was laid out all the same), the
 * layout is thrown away and made afresh instead, as `layoutAfresh` does: the
 * print never depends on how loading went.
 */
export async function releaseLayout(page: Page, token: string): Promise<void> {
  const held = await page.evaluate((token) => {
    const root = document.documentElement
    let hold: Element | undefined
    for (const element of Array.from(document.querySelectorAll('style[data-brief-hold]'))) {
      if (element.getAttribute('data-brief-hold') === token) hold = element
    }
    const wasHeld = hold !== undefined && getComputedStyle(root).display === 'none'
    hold?.remove()
    // Reading a size makes the layout happen now.
    void root.offsetHeight
    return wasHeld
  }, token)
  if (!held) await layoutAfresh(page)
}
