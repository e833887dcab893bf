import {createHash} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import {writeAtomic} from './write.js'

/** What the build remembers about one built brief (also what the site index lists). */
export interface CacheEntry {
  /** Content hash of everything the outputs depend on. */
  key: string
  name: string
  /** Output files, relative to the output folder. */
  outputs: {html?: string; pdf?: string; md?: string; thumbnail?: string}
  title?: string
  authors: string[]
  date?: string
  pages?: number
  warnings: number
}

export interface Manifest {
  version: 1
  /** Keyed by the input path relative to the working folder, `/` separated. */
  entries: Record<string, CacheEntry>
}

export const cacheFolder = '.brief-cache'

export function manifestPath(outDir: string): string {
  return path.join(outDir, cacheFolder, 'manifest.json')
}

/** The manifest of an output folder; an empty one when missing or unreadable (then everything rebuilds). */
export async function readManifest(outDir: string): Promise<Manifest> {
  return (await readManifestChecked(outDir)).manifest
}

/**
 * The manifest and, when it was not what this build writes, why: a manifest
 * of the wrong shape (another tool, a hand edit, a torn disk) is discarded,
 * whole or entry by entry, with a warning; never fatal. Those briefs rebuild.
 */
export async function readManifestChecked(outDir: string): Promise<{manifest: Manifest; problem?: string}> {
  const empty: Manifest = {version: 1, entries: {}}
  let text: string
  try {
    text = await fs.readFile(manifestPath(outDir), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? {manifest: empty} : {manifest: empty, problem: `Cannot read the manifest (${code ?? 'unknown error'})`}
  }
  let parsed: Partial<Manifest>
  try {
    parsed = JSON.parse(text) as Partial<Manifest>
  } catch {
    return {manifest: empty, problem: 'Unexpected manifest that is not JSON'}
  }
  if (!parsed || typeof parsed !== 'object' || parsed.version !== 1 || !parsed.entries || typeof parsed.entries !== 'object' || Array.isArray(parsed.entries)) {
    return {manifest: empty, problem: 'Unexpected manifest shape (no `version: 1` and `entries` object)'}
  }
  // An entry of the wrong shape is dropped: that brief is rebuilt, the run goes on.
  const all = Object.entries(parsed.entries)
  const entries = all.filter(([, entry]) => isEntry(entry))
  const manifest = {version: 1 as const, entries: Object.fromEntries(entries)}
  const dropped = all.length - entries.length
  return dropped === 0 ? {manifest} : {manifest, problem: `Unexpected ${dropped} manifest ${dropped === 1 ? 'entry' : 'entries'} of the wrong shape`}
}

function isEntry(value: unknown): value is CacheEntry {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  const entry = value as Record<string, unknown>
  const outputs = entry.outputs as Record<string, unknown> | undefined
  return (
    typeof entry.key === 'string' &&
    // A name is a file name the build made (`outputName`): never a path, never a dot name.
    typeof entry.name === 'string' &&
    /^\w[\w.-]*$/.test(entry.name) &&
    Boolean(outputs) &&
    typeof outputs === 'object' &&
    !Array.isArray(outputs) &&
    Object.values(outputs).every((output) => typeof output === 'string' && !output.startsWith('/') && !output.split(/[\\/]/).includes('..')) &&
    Array.isArray(entry.authors) &&
    entry.authors.every((author) => typeof author === 'string') &&
    (entry.title === undefined || typeof entry.title === 'string') &&
    (entry.date === undefined || typeof entry.date === 'string') &&
    (entry.pages === undefined || typeof entry.pages === 'number') &&
    typeof entry.warnings === 'number'
  )
}

export async function writeManifest(outDir: string, manifest: Manifest, pending?: Set<string>): Promise<void> {
  await fs.mkdir(path.join(outDir, cacheFolder), {recursive: true})
  await writeAtomic(manifestPath(outDir), JSON.stringify(manifest, null, 2) + '\n', pending)
}

/** A stable hash of its parts, in order. */
export function hashParts(parts: ReadonlyArray<string | Uint8Array>): string {
  const hash = createHash('sha256')
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part
    // Length-prefixed, so ["ab", "c"] and ["a", "bc"] differ.
    hash.update(String(bytes.length) + ':')
    hash.update(bytes)
  }
  return hash.digest('hex')
}

/** Whether an entry still describes the outputs on disk for this key. */
export async function isFresh(outDir: string, entry: CacheEntry | undefined, key: string): Promise<boolean> {
  if (!entry || entry.key !== key) return false
  const outputs = Object.values(entry.outputs).filter((value): value is string => typeof value === 'string')
  const present = await Promise.all(outputs.map((output) => fs.access(path.join(outDir, output)).then(() => true, () => false)))
  return present.every(Boolean)
}
