import fs from 'node:fs/promises'
import path from 'node:path'
import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../meta/report.js'
import {insideFolder} from './names.js'

export interface ImageCopy {
  /** Absolute source path (inside the article's folder). */
  from: string
  /** Path relative to the output folder. */
  to: string
}

/**
 * Local images of a brief: only files inside the article's own folder (no
 * `..`, no absolute path, no symlink out of it) are kept, and their `src` is
 * rewritten to a copy next to the HTML (`<name>.files/…`). Remote, `file:` and
 * outside images are never fetched: their `src` is removed and a message says
 * why. Returns the copies to make; the tree is changed in place.
 */
export async function localImages(tree: Root, file: VFile, articleDir: string, name: string): Promise<ImageCopy[]> {
  const images: Element[] = []
  visit(tree, 'element', (node) => {
    // `data-brief-asset`: the template's own images (the logo), served from `templateAssets()`; article HTML cannot carry it (the sanitiser drops it).
    if (node.tagName === 'img' && node.properties.src !== undefined && node.properties.dataBriefAsset === undefined) images.push(node)
  })

  const copies: ImageCopy[] = []
  const realArticleDir = await fs.realpath(articleDir).catch(() => articleDir)

  for (const image of images) {
    const src = String(image.properties.src)
    const local = await localImagePath(src, realArticleDir)

    if (local.ok) {
      const relative = path.relative(realArticleDir, local.path).split(path.sep)
      const to = [`${name}.files`, ...relative].join('/')
      copies.push({from: local.path, to})
      image.properties.src = to.split('/').map(encodeURIComponent).join('/')
    } else {
      delete image.properties.src
      image.properties.dataBriefBlocked = 'true'
      report(file, `Unexpected image \`${src.slice(0, 200)}\`, expected ${local.reason}`, {
        ruleId: 'image-not-local',
        severity: 'warning',
        place: image
      })
    }
  }

  return copies
}

type Located = {ok: true; path: string} | {ok: false; reason: string}

async function localImagePath(src: string, articleDir: string): Promise<Located> {
  const expected = "a file inside the article's folder"
  if (/^[a-z][a-z\d+.-]*:/i.test(src) || src.startsWith('//')) return {ok: false, reason: `${expected} (remote and \`file:\` images are not fetched)`}
  if (src.startsWith('/') || src.startsWith('\\')) return {ok: false, reason: `${expected} (absolute paths are not read)`}

  let decoded: string
  try {
    decoded = decodeURIComponent(src.replace(/[?#].*$/, ''))
  } catch {
    return {ok: false, reason: `${expected} (the URL does not decode)`}
  }

  const resolved = insideFolder(articleDir, decoded)
  if (!resolved) return {ok: false, reason: `${expected} (\`..\` leaves it)`}

  const real = await fs.realpath(resolved).catch(() => undefined)
  if (!real) return {ok: false, reason: `${expected} (no such file)`}
  if (!insideFolder(articleDir, path.relative(articleDir, real))) return {ok: false, reason: `${expected} (a link points out of it)`}
  const stats = await fs.stat(real)
  if (!stats.isFile()) return {ok: false, reason: `${expected} (not a file)`}
  return {ok: true, path: real}
}
