import fs from 'node:fs/promises'
import path from 'node:path'
import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../meta/report.js'
import {insideFolder} from './names.js'

export interface ImageCopy {
  /** Absolute source path (inside the article's folder or the assets folder). */
  from: string
  /** Path relative to the output folder. */
  to: string
}

export interface ImagePolicy {
  /** Largest image copied, in bytes (`maxImageBytes`; default {@link defaultMaxImageBytes}). */
  maxBytes?: number
  /** A folder of shared images the project trusts (`assets` in the configuration), absolute. */
  assetsDir?: string
}

/** 10 MB: a large photograph; nothing an article needs is bigger. */
export const defaultMaxImageBytes = 10 * 1024 * 1024

/**
 * Local images of a brief. An image is kept only when it is a file inside the
 * article's own folder (or the configured assets folder), after decoding, `..`
 * and symbolic links; no part of its path is hidden (`.env`, `.git/config`);
 * it is at most `maxBytes`; and its first bytes are those of an image (PNG,
 * JPEG, GIF, WebP, AVIF, BMP, ICO or SVG), whatever its name says. Its `src` is
 * rewritten to a copy next to the HTML (`<name>.files/…`), one copy per file
 * however often it is used. Anything else is never copied: its `src` is
 * removed and a message says why. Returns the copies to make (the build
 * checks the bytes again when it copies); the tree is changed in place.
 */
export async function localImages(tree: Root, file: VFile, articleDir: string, name: string, policy: ImagePolicy = {}): Promise<ImageCopy[]> {
  const images: Element[] = []
  visit(tree, 'element', (node) => {
    // `data-brief-asset`: the template's own images (the logo), served from `templateAssets()`; article HTML cannot carry it (the sanitiser drops it).
    if (node.tagName === 'img' && node.properties.src !== undefined && node.properties.dataBriefAsset === undefined) images.push(node)
  })

  const realArticleDir = await fs.realpath(articleDir).catch(() => articleDir)
  const realAssetsDir = policy.assetsDir ? await fs.realpath(policy.assetsDir).catch(() => undefined) : undefined
  const roots: ImageRoot[] = [{dir: realArticleDir, prefix: []}]
  // The assets folder's copies go under `_assets/`, apart from the article's own (an article folder may hold an `assets` folder too).
  if (realAssetsDir) roots.push({dir: realAssetsDir, prefix: ['_assets']})
  const maxBytes = policy.maxBytes ?? defaultMaxImageBytes
  const copies = new Map<string, ImageCopy>()
  const decided = new Map<string, Located>()

  for (const image of images) {
    const src = String(image.properties.src)
    let local = decided.get(src)
    if (!local) {
      local = await localImagePath(src, articleDir, realArticleDir, roots, maxBytes)
      decided.set(src, local)
    }

    if (local.ok) {
      const copy = copies.get(local.path) ?? {from: local.path, to: [`${name}.files`, ...local.relative].join('/')}
      copies.set(local.path, copy)
      image.properties.src = copy.to.split('/').map(encodeURIComponent).join('/')
    } else {
      delete image.properties.src
      image.properties.dataBriefBlocked = 'true'
      report(file, `Unexpected image \`${src.slice(0, 200)}\`, expected ${local.reason}`, {
        ruleId: local.ruleId,
        severity: 'warning',
        place: image
      })
    }
  }

  return [...copies.values()]
}

interface ImageRoot {
  /** Real path of the folder. */
  dir: string
  /** Where its files go under `<name>.files/`. */
  prefix: string[]
}

type Located = {ok: true; path: string; relative: string[]} | {ok: false; ruleId: 'image-not-local' | 'image-invalid'; reason: string}

async function localImagePath(src: string, articleDir: string, realArticleDir: string, roots: readonly ImageRoot[], maxBytes: number): Promise<Located> {
  const expected = "a file inside the article's folder"
  const refuse = (why: string): Located => ({ok: false, ruleId: 'image-not-local', reason: `${expected} (${why})`})
  if (/^[a-z][a-z\d+.-]*:/i.test(src) || src.startsWith('//')) return refuse('remote and `file:` images are not fetched')
  if (src.startsWith('/') || src.startsWith('\\')) return refuse('absolute paths are not read')

  let decoded: string
  try {
    decoded = decodeURIComponent(src.replace(/[?#].*$/, ''))
  } catch {
    return refuse('the URL does not decode')
  }
  if (decoded.includes('\0')) return refuse('the URL does not decode')
  if (hasHiddenPart(decoded.split(/[/\\]/))) return refuse('hidden files and folders are not read')

  // Lexically inside the article's folder (or the assets folder) first, then really (symbolic links resolved).
  const lexical = path.resolve(articleDir, decoded)
  const lexicalRoots = [articleDir, realArticleDir, ...roots.slice(1).map((root) => root.dir)]
  if (!lexicalRoots.some((dir) => insideFolder(dir, path.relative(dir, lexical)))) return refuse('`..` leaves it')

  const real = await fs.realpath(path.resolve(realArticleDir, decoded)).catch(() => undefined)
  if (!real) return refuse('no such file')
  const root = roots.find((candidate) => insideFolder(candidate.dir, path.relative(candidate.dir, real)))
  if (!root) return refuse('a link points out of it')
  const relative = path.relative(root.dir, real).split(path.sep)
  if (hasHiddenPart(relative)) return refuse('hidden files and folders are not read')

  const stats = await fs.stat(real)
  if (!stats.isFile()) return refuse('not a file')
  if (stats.size > maxBytes) {
    return {ok: false, ruleId: 'image-invalid', reason: `an image of at most ${maxBytes} bytes, not ${stats.size} (raise \`maxImageBytes\` in the config)`}
  }
  const kind = imageKind(await readHead(real))
  if (!kind) return {ok: false, ruleId: 'image-invalid', reason: 'an image (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO or SVG by its bytes); not copied'}
  return {ok: true, path: real, relative: [...root.prefix, ...relative]}
}

/** A path part that starts with a dot (other than `.` and `..`, which resolve away). */
function hasHiddenPart(parts: readonly string[]): boolean {
  return parts.some((part) => part.startsWith('.') && part !== '.' && part !== '..')
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r')
  try {
    const buffer = new Uint8Array(1024)
    const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * What image format `bytes` (the start of a file) are, by their magic
 * numbers, or `undefined` for anything else. SVG is text: an XML prolog,
 * comments and a doctype may come before the `<svg` element.
 */
export function imageKind(bytes: Uint8Array): string | undefined {
  const starts = (signature: readonly number[], at = 0) => signature.every((byte, index) => bytes[at + index] === byte)
  const ascii = (text: string, at = 0) => starts([...text].map((character) => character.charCodeAt(0)), at)
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg'
  if (ascii('GIF87a') || ascii('GIF89a')) return 'gif'
  if (ascii('RIFF') && ascii('WEBP', 8)) return 'webp'
  if (ascii('ftyp', 4) && (ascii('avif', 8) || ascii('avis', 8))) return 'avif'
  if (ascii('BM') && bytes.length >= 26) return 'bmp'
  if (starts([0x00, 0x00, 0x01, 0x00])) return 'ico'
  const text = new TextDecoder('utf-8', {fatal: false}).decode(bytes)
  if (/^\uFEFF?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+svg[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) return 'svg'
  return undefined
}

/**
 * The bytes of an accepted image, read once and checked again (size and
 * magic number): the file may have changed since `localImages` looked.
 */
export async function readImageCopy(copy: ImageCopy, maxBytes = defaultMaxImageBytes): Promise<Uint8Array | undefined> {
  const bytes = await fs.readFile(copy.from)
  return bytes.length <= maxBytes && imageKind(bytes.subarray(0, 1024)) ? bytes : undefined
}
