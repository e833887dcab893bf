/**
 * Writing a file so that readers see the old file or the new one, never half
 * of either.
 */
import {randomBytes} from 'node:crypto'
import {promises as fs} from 'node:fs'
import path from 'node:path'

/**
 * Write `bytes` to `file` atomically: a temporary file in the same folder
 * (same file system, so the rename is atomic), flushed with fsync, then
 * renamed over the target. On any failure the temporary file is removed and
 * an older file at `file` is left as it was.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array | string): Promise<void> {
  const folder = path.dirname(file)
  // The random part only names the temporary file; it never reaches the output.
  const temporary = path.join(folder, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(temporary, 'wx', 0o644)
    await handle.writeFile(bytes)
    await handle.sync()
    await handle.close()
    handle = undefined
    await fs.rename(temporary, file)
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await fs.rm(temporary, {force: true}).catch(() => undefined)
    throw error
  }
  await syncFolder(folder)
}

/** Flush the folder entry so the rename survives a power cut; not every platform allows it. */
async function syncFolder(folder: string): Promise<void> {
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(folder, 'r')
    await handle.sync()
  } catch {
    // Windows and some file systems refuse fsync on folders.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}
