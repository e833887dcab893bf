import {randomBytes} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * Write a file so readers see the old bytes or the new ones, never a part:
 * a temporary sibling, then a rename. On failure the temporary file is removed
 * and the old file is left as it was. `pending`, when given, holds the
 * temporary paths while they exist, so an interrupted run can remove its own
 * (and only its own: another build may be writing into the same folder).
 */
export async function writeAtomic(filePath: string, data: string | Uint8Array, pending?: Set<string>): Promise<void> {
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`)
  pending?.add(temporary)
  try {
    await fs.writeFile(temporary, data)
    await fs.rename(temporary, filePath)
  } catch (error) {
    await fs.rm(temporary, {force: true})
    throw error
  } finally {
    pending?.delete(temporary)
  }
}

/** Remove the temporary files of writes that were cut short. */
export async function removeTemporaryFiles(pending: Set<string>): Promise<void> {
  await Promise.all([...pending].map((file) => fs.rm(file, {force: true})))
  pending.clear()
}
