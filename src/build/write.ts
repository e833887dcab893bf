import {randomBytes} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * Write a file so readers see the old bytes or the new ones, never a part:
 * a temporary sibling, then a rename. On failure the temporary file is removed
 * and the old file is left as it was.
 */
export async function writeAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await fs.writeFile(temporary, data)
    await fs.rename(temporary, filePath)
  } catch (error) {
    await fs.rm(temporary, {force: true})
    throw error
  }
}

/** Remove temporary files left in a folder by an interrupted write. */
export async function removeTemporaryFiles(folder: string): Promise<void> {
  let names: string[]
  try {
    names = await fs.readdir(folder)
  } catch {
    return
  }
  await Promise.all(
    names.filter((name) => /^\..+\.[\da-f]{12}\.tmp$/.test(name)).map((name) => fs.rm(path.join(folder, name), {force: true}))
  )
}
