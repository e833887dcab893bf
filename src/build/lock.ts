/**
 * The output folder is shared by every build that writes into it (shards, a
 * watch session, a second terminal). Each build merges its entries into the
 * manifest; the read-merge-write is held under a lock file, so two builds
 * finishing together never lose each other's entries. The lock holds the
 * writer's pid: a lock whose process is gone (a killed run) is stale and taken
 * over.
 */
import {randomBytes} from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {cacheFolder} from './cache.js'

export interface LockOptions {
  /** How long to wait for another build's lock, in milliseconds (default 10 s). */
  wait?: number
}

/** Another live build holds the folder for longer than we wait. */
export class FolderLockedError extends Error {
  constructor(
    readonly outDir: string,
    readonly pid: number
  ) {
    super(`another build is writing to ${outDir} (${pid > 0 ? `pid ${pid}` : 'its lock file holds no pid yet'})`)
  }
}

export const defaultLockWait = 10_000

export function lockPath(outDir: string): string {
  return path.join(outDir, cacheFolder, 'lock')
}

/** Run `work` holding the output folder's lock; throws `FolderLockedError` when a live build keeps it past `wait`. */
export async function withFolderLock<T>(outDir: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const file = lockPath(outDir)
  const token = `${process.pid} ${os.hostname()} ${Date.now()}-${Math.random().toString(36).slice(2)}`
  // This call's own files beside the lock, named like the build's temporary files so that the next run
  // removes them if this process is killed (src/build/write.ts `removeStaleTemporaryFiles`).
  const own = (kind: string) => path.join(path.dirname(file), `.lock-${kind}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  await fs.mkdir(path.dirname(file), {recursive: true})
  const deadline = Date.now() + (options.wait ?? defaultLockWait)
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    if (await take(file, token, own('new'))) break
    const holder = await readHolder(file)
    if (holder?.dead) {
      // A killed run's lock: take it over (the rename makes sure only one waiting build removes it).
      await removeStale(file, holder.text, own('stale'))
      continue
    }
    if (Date.now() >= deadline) throw new FolderLockedError(outDir, holder?.pid ?? 0)
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
  try {
    return await work()
  } finally {
    // Remove the lock only while it is still ours.
    const text = await fs.readFile(file, 'utf8').catch(() => '')
    if (text.trim() === token) await fs.rm(file, {force: true})
  }
}

/**
 * Create the lock with its content whole: the token goes to a file of our own,
 * which is then hard-linked into place (a link fails if the lock exists, like
 * an exclusive create). An exclusive create followed by a write left a moment
 * in which the lock existed empty; a waiting build read it as a dead holder,
 * took it over, and two builds merged at once (one manifest entry lost).
 * Where the file system has no hard links, fall back to the exclusive create;
 * the grace period in `readHolder` covers its empty moment.
 */
async function take(file: string, token: string, draft: string): Promise<boolean> {
  await fs.writeFile(draft, token + '\n')
  try {
    await fs.link(draft, file)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error
    return fs.writeFile(file, token + '\n', {flag: 'wx'}).then(
      () => true,
      (createError: NodeJS.ErrnoException) => {
        if (createError.code === 'EEXIST') return false
        throw createError
      }
    )
  } finally {
    await fs.rm(draft, {force: true})
  }
}

/** How long a lock with no readable pid counts as being written, before it is taken for a crash's leftover. */
export const unreadableLockGrace = 2_000

/** The lock's holder as read now: its pid (0 when the lock holds none) and whether it is gone. */
async function readHolder(file: string): Promise<{pid: number; text: string; dead: boolean} | undefined> {
  const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]).catch(() => [undefined, undefined])
  if (text === undefined || stat === undefined) return undefined
  const pid = Number(text.split(/\s/)[0])
  if (Number.isInteger(pid) && pid > 0) return {pid, text, dead: !isAlive(pid)}
  // No pid (a half-written lock from a crash, a hand edit): a build still writing it while it is young,
  // a dead holder once it is older than the grace.
  return {pid: 0, text, dead: Date.now() - stat.mtimeMs > unreadableLockGrace}
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function removeStale(file: string, seen: string, aside: string): Promise<void> {
  if (!(await fs.rename(file, aside).then(() => true, () => false))) return
  const text = await fs.readFile(aside, 'utf8').catch(() => '')
  // Another build took the lock between our read and the rename: give it back (a link never replaces a newer lock).
  if (text !== seen) await fs.link(aside, file).catch(() => undefined)
  await fs.rm(aside, {force: true})
}
