import {randomBytes} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * Write a file so readers see the old bytes or the new ones, never a part:
 * a temporary sibling, flushed to disk (fsync), then a rename, then the
 * folder flushed. On failure the temporary file is removed
 * and the old file is left as it was. `pending`, when given, holds the
 * temporary paths while they exist, so an interrupted run can remove its own
 * (and only its own: another build may be writing into the same folder).
 */
export async function writeAtomic(filePath: string, data: string | Uint8Array, pending?: Set<string>): Promise<void> {
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`)
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
    await syncFolder(path.dirname(filePath))
  } catch (error) {
    await fs.rm(temporary, {force: true})
    throw error
  } finally {
    pending?.delete(temporary)
  }
}

/** Flush a folder's entries (the rename); some file systems refuse to open a folder for this, which is fine. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r').catch(() => undefined)
  if (!handle) return
  try {
    await handle.sync()
  } catch {
  } finally {
    await handle.close()
  }
}

/** Remove the temporary files of writes that were cut short. */
export async function removeTemporaryFiles(pending: Set<string>): Promise<void> {
  await Promise.all([...pending].map((file) => fs.rm(file, {force: true})))
  pending.clear()
}
