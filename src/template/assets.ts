/**
 * The files the default stylesheet refers to by relative URL (`assets/…`):
 * the fonts, and the organization's logo when one is configured. The build
 * copies them next to the HTML; the PDF renderer serves them from memory.
 */
import path from 'node:path'
import {resolveOptional} from '../optional.js'
import {defaultCss} from './defaults.js'
import {scriptFaces} from './scripts.js'

export interface TemplateAsset {
  /** URL as the HTML and CSS use it, e.g. `assets/fonts/source-serif-4-latin-400-normal.woff2`. */
  url: string
  /** The same path inside `assets/` (for copiers that want it), e.g. `fonts/….woff2`. */
  name: string
  /** Absolute path of the file on disk. */
  path: string
  /** Media type, e.g. `font/woff2`. */
  type: string
}

export interface TemplateAssetsOptions {
  /** Absolute path of the logo (as `loadConfig` resolves it), served as `assets/logo.<ext>`. */
  logo?: string
}

const fontPackages: ReadonlyArray<[prefix: string, packageName: string]> = [
  ['source-serif-4-', '@fontsource/source-serif-4'],
  ['source-sans-3-', '@fontsource/source-sans-3']
]

const mediaTypes: Record<string, string> = {
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.gif': 'image/gif'
}

/** Every file the default CSS refers to, plus the logo. */
export function templateAssets(options: TemplateAssetsOptions = {}): TemplateAsset[] {
  const assets = fontUrls(defaultCss).map((url): TemplateAsset => {
    const file = url.slice('assets/fonts/'.length)
    const match = fontPackages.find(([prefix]) => file.startsWith(prefix))
    if (!match) throw new Error(`Unexpected font \`${file}\` in the default stylesheet, expected a @fontsource file`)
    return {url, name: url.slice('assets/'.length), path: resolveOptional(`${match[1]}/files/${file}`), type: 'font/woff2'}
  })

  // The CJK, Devanagari and Arabic slices: a brief's HTML names only those it needs.
  for (const face of scriptFaces()) assets.push({url: face.url, name: face.url.slice('assets/'.length), path: face.path, type: 'font/woff2'})

  if (options.logo) {
    const url = logoUrl(options.logo)
    if (url) assets.push({url, name: url.slice('assets/'.length), path: options.logo, type: mediaTypes[path.extname(options.logo).toLowerCase()]!})
  }

  return assets
}

/** The URL the template gives a logo file: `assets/logo.<ext>`, or nothing for a type we do not serve. */
export function logoUrl(logo: string): string | undefined {
  const extension = path.extname(logo).toLowerCase()
  return extension !== '.woff2' && extension in mediaTypes ? `assets/logo${extension}` : undefined
}

/** The distinct `assets/fonts/*.woff2` URLs in a stylesheet, in order. */
export function fontUrls(css: string): string[] {
  const urls = [...css.matchAll(/url\(\s*['"]?(assets\/fonts\/[\w.-]+\.woff2)['"]?\s*\)/g)].map((match) => match[1]!)
  return [...new Set(urls)]
}
