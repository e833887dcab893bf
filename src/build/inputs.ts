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
}

/**
 * Files, folders and globs ▶ article paths. A folder means every article in it
 * (recursively); a glob is matched as written; a plain file is taken whatever
 * its extension.
 */
export async function resolveInputs(patterns: readonly string[], cwd: string): Promise<ResolvedInputs> {
  const files = new Set<string>()
  const missing: string[] = []

  for (const pattern of patterns) {
    const found = await resolveOne(pattern, cwd)
    if (found.length === 0) missing.push(pattern)
    for (const file of found) files.add(file)
  }

  return {files: [...files].sort(), missing}
}

/**
 * Articles in a folder, recursively: by extension, skipping hidden files and
 * folders and `node_modules` (as remark-cli does). Read directly, not as a
 * glob, so any character in a file name is just a character.
 */
async function articlesIn(folder: string): Promise<string[]> {
  const extension = new RegExp(`\\.(${articleExtensions.join('|')})$`, 'i')
  const entries = await fs.readdir(folder, {recursive: true, withFileTypes: true})
  return entries
    .filter((entry) => entry.isFile() && extension.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(folder, file).split(path.sep).some((segment) => segment.startsWith('.') || segment === 'node_modules'))
}

async function resolveOne(pattern: string, cwd: string): Promise<string[]> {
  const absolute = path.resolve(cwd, pattern)
  const stats = await fs.stat(absolute).catch(() => undefined)

  if (stats?.isFile()) return [absolute]
  if (stats?.isDirectory()) return articlesIn(absolute)
  if (isDynamicPattern(pattern)) {
    return glob(pattern.replaceAll('\\', '/'), {cwd, absolute: true, ignore: ['**/node_modules/**'], onlyFiles: true})
  }
  return []
}
