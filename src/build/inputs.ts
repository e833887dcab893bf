import fs from 'node:fs/promises'
import path from 'node:path'
import {glob, isDynamicPattern} from 'tinyglobby'

/** Extensions the build reads: scraped text, Markdown, and web pages saved as served. */
export const articleExtensions = ['txt', 'text', 'md', 'markdown', 'html', 'htm']

/** A saved page inside the output folder is the build's own output (a brief, `index.html`), never an input. */
export function isOwnOutput(file: string, outDir: string): boolean {
  const relative = path.relative(outDir, file)
  return /\.html?$/i.test(file) && relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

export interface ResolvedInputs {
  /** Absolute paths, sorted, without duplicates. */
  files: string[]
  /** Arguments that named nothing (a missing file, an empty glob). */
  missing: string[]
  /**
   * Symbolic links met by a folder walk or a glob (to an article or a
   * folder): not followed, so an input folder never reaches outside itself;
   * the build reports each one. A link named on the command line is read.
   */
  links: string[]
}

/**
 * Files, folders and globs ▶ article paths. A folder means every article in it
 * (recursively); a glob is matched as written; a plain file is taken whatever
 * its extension.
 */
export async function resolveInputs(patterns: readonly string[], cwd: string): Promise<ResolvedInputs> {
  const files = new Set<string>()
  const missing: string[] = []
  const links = new Set<string>()

  for (const pattern of patterns) {
    const found = await resolveOne(pattern, cwd)
    if (found.files.length === 0 && found.links.length === 0) missing.push(pattern)
    for (const file of found.files) files.add(file)
    for (const link of found.links) links.add(link)
  }

  return {files: [...files].sort(), missing, links: [...links].sort()}
}

interface Found {
  files: string[]
  links: string[]
}

/**
 * Articles in a folder, recursively: by extension, skipping hidden files and
 * folders and `node_modules` (as remark-cli does). Read directly, not as a
 * glob, so any character in a file name is just a character.
 */
async function articlesIn(folder: string): Promise<Found> {
  // `readdir` never descends into a linked folder; links are listed as links.
  const entries = await fs.readdir(folder, {recursive: true, withFileTypes: true})
  const visible = (file: string) => !path.relative(folder, file).split(path.sep).some((segment) => segment.startsWith('.') || segment === 'node_modules')
  const files = entries
    .filter((entry) => entry.isFile() && isArticleName(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(visible)
  const linked = entries.filter((entry) => entry.isSymbolicLink()).map((entry) => path.join(entry.parentPath, entry.name)).filter(visible)
  return {files, links: await articleLinks(linked)}
}

function isArticleName(name: string): boolean {
  return new RegExp(`\\.(${articleExtensions.join('|')})$`, 'i').test(name)
}

// The literal folders a glob starts from (`input/a` of a glob `input/a/<any>/x.md`).
function staticBase(pattern: string): string {
  const segments = pattern.split('/')
  const literal: string[] = []
  for (const segment of segments.slice(0, -1)) {
    if (isDynamicPattern(segment)) break
    literal.push(segment)
  }
  return literal.join('/') || '.'
}

/** The first symbolic link on the way from `base` down to `file` (the file itself included), if any. */
async function firstLink(base: string, file: string): Promise<string | undefined> {
  const relative = path.relative(base, file)
  if (relative.startsWith('..') || path.isAbsolute(relative)) return (await fs.lstat(file).catch(() => undefined))?.isSymbolicLink() ? file : undefined
  let current = base
  for (const segment of relative.split(path.sep)) {
    current = path.join(current, segment)
    if ((await fs.lstat(current).catch(() => undefined))?.isSymbolicLink()) return current
  }
  return undefined
}

/** The links worth a word: those to an article or a folder (a linked image beside an article is no input). */
async function articleLinks(links: readonly string[]): Promise<string[]> {
  const kept: string[] = []
  for (const link of links) {
    const target = await fs.stat(link).catch(() => undefined)
    if (isArticleName(link) || target?.isDirectory()) kept.push(link)
  }
  return kept
}

async function resolveOne(pattern: string, cwd: string): Promise<Found> {
  const absolute = path.resolve(cwd, pattern)
  const stats = await fs.stat(absolute).catch(() => undefined)

  // Named on the command line: read, link or not (the person running `brief` chose it).
  if (stats?.isFile()) return {files: [absolute], links: []}
  if (stats?.isDirectory()) return articlesIn(absolute)
  if (isDynamicPattern(pattern)) {
    const slashed = pattern.replaceAll('\\', '/')
    const matched = await glob(slashed, {cwd, absolute: true, ignore: ['**/node_modules/**'], onlyFiles: true})
    // What the pattern names literally (`input/` of `input/**/*.md`) is the user's; links below it are met, not named.
    const base = path.resolve(cwd, staticBase(slashed))
    const files: string[] = []
    const links = new Set<string>()
    for (const file of matched) {
      const link = await firstLink(base, file)
      if (link) links.add(link)
      else files.push(file)
    }
    return {files, links: await articleLinks([...links])}
  }
  return {files: [], links: []}
}
