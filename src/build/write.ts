import {randomBytes} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

export interface WriteOptions {
  /**
   * Flush the folder after the rename; default `true`. A caller writing many
   * files into one folder passes `false` and flushes it once itself
   * (`syncFolder`) before it says they are written.
   */
  syncFolder?: boolean
}

/**
 * Write a file so readers see the old bytes or the new ones, never a part:
 * a temporary sibling, flushed to disk (fsync), then a rename, then the
 * folder flushed. On failure the temporary file is removed
 * and the old file is left as it was. `pending`, when given, holds the
 * temporary paths while they exist, so an interrupted run can remove its own
 * (and only its own: another build may be writing into the same folder).
 */
export async function writeAtomic(filePath: string, data: string | Uint8Array, pending?: Set<string>, options: WriteOptions = {}): Promise<void> {
  const temporary = temporaryPath(filePath)
  pending?.add(temporary)
  try {
    // Durable before it is visible: the bytes reach the disk before the rename, and the rename before we say done.
    const handle = await fs.open(temporary, 'wx')
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.rename(temporary, filePath)
    if (options.syncFolder !== false) await syncFolder(path.dirname(filePath))
  } catch (error) {
    await fs.rm(temporary, {force: true})
    throw error
  } finally {
    pending?.delete(temporary)
  }
}

/** A file to copy: the bytes of `from` go to `to`. */
export interface CopyItem {
  from: string
  to: string
}

/**
 * Copy files atomically, `limit` at a time, each folder flushed once at the
 * end (not after every file); a target that already holds the same bytes is
 * left alone. The template's assets are a few hundred font files: one by
 * one, with two flushes each, their copy took seconds before the first PDF.
 */
export async function copyFilesAtomic(items: readonly CopyItem[], pending?: Set<string>, limit = 8): Promise<void> {
  const folders = new Set<string>()
  let next = 0
  const copyNext = async (): Promise<void> => {
    for (let item = items[next++]; item; item = items[next++]) {
      const [bytes, existing] = await Promise.all([fs.readFile(item.from), fs.readFile(item.to).catch(() => undefined)])
      if (existing && Buffer.compare(existing, bytes) === 0) continue
      const folder = path.dirname(item.to)
      if (!folders.has(folder)) await fs.mkdir(folder, {recursive: true})
      folders.add(folder)
      await writeAtomic(item.to, bytes, pending, {syncFolder: false})
    }
  }
  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, copyNext))
  await Promise.all([...folders].map((folder) => syncFolder(folder)))
}

/**
 * Rewrite a file the user owns (`brief fix` on their Markdown): its mode is
 * kept, and a file with hard links is rewritten in place so every link still
 * shows the new text; any other file is written atomically as above.
 */
export async function writeKeepingFile(filePath: string, data: string): Promise<void> {
  const stats = await fs.stat(filePath).catch(() => undefined)
  if (stats && stats.nlink > 1) {
    const handle = await fs.open(filePath, 'r+')
    try {
      await handle.truncate(0)
      await handle.write(data, 0, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    return
  }
  const temporary = temporaryPath(filePath)
  try {
    await fs.writeFile(temporary, data, {mode: stats ? stats.mode & 0o7777 : 0o666, flag: 'wx'})
    if (stats) await fs.chmod(temporary, stats.mode & 0o7777)
    const handle = await fs.open(temporary, 'r')
    await handle.sync().finally(() => handle.close())
    await fs.rename(temporary, filePath)
    await syncFolder(path.dirname(filePath))
  } catch (error) {
    await fs.rm(temporary, {force: true})
    throw error
  }
}

/** Flush a folder's entries (the rename); some file systems refuse to open a folder for this, which is fine. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r').catch(() => undefined)
  if (!handle) return
  try {
    await handle.sync()
  } catch {
  } finally {
    await handle.close()
  }
}

/**
 * A temporary sibling named after the writing process (`.<name>.<pid>-<random>.tmp`),
 * so a later run can tell a killed run's leftovers from a live build's writes.
 */
export function temporaryPath(filePath: string): string {
  return path.join(path.dirname(filePath), `.${path.basename(filePath)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`)
}

// Also the renderer's own (`src/pdf/atomic.ts`: `.<name>.<pid>.<random>.tmp`).
const temporaryName = /^\..+\.(\d+)[.-][\da-f]{12}\.tmp$|^\.brief-write-test-(\d+)\.tmp$/

/**
 * Remove the temporary files a killed run left in the output folder (its
 * writes and its write probe): only those whose process is gone, never a
 * live build's. Returns the paths removed.
 */
export async function removeStaleTemporaryFiles(outDir: string, isAlive: (pid: number) => boolean): Promise<string[]> {
  const entries = await fs.readdir(outDir, {recursive: true, withFileTypes: true}).catch(() => [])
  const removed: string[] = []
  for (const entry of entries) {
    const match = entry.isFile() ? temporaryName.exec(entry.name) : null
    if (!match) continue
    const pid = Number(match[1] ?? match[2])
    if (pid === process.pid || isAlive(pid)) continue
    const file = path.join(entry.parentPath, entry.name)
    if (await fs.rm(file).then(() => true, () => false)) removed.push(file)
  }
  return removed
}

/** Remove the temporary files of writes that were cut short. */
export async function removeTemporaryFiles(pending: Set<string>): Promise<void> {
  await Promise.all([...pending].map((file) => fs.rm(file, {force: true})))
  pending.clear()
}
