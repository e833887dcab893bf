/**
 * The output folder is shared by every build that writes into it (shards, a
 * watch session, a second terminal). Each build merges its entries into the
 * manifest; the read-merge-write is held under a lock file, so two builds
 * finishing together never lose each other's entries. The lock holds the
 * writer's pid: a lock whose process is gone (a killed run) is stale and taken
 * over.
 */
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
    super(`another build is writing to ${outDir} (pid ${pid})`)
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
  await fs.mkdir(path.dirname(file), {recursive: true})
  const deadline = Date.now() + (options.wait ?? defaultLockWait)
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    const taken = await fs.writeFile(file, token + '\n', {flag: 'wx'}).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false
        throw error
      }
    )
    if (taken) break
    const holder = await readHolder(file)
    if (holder && !isAlive(holder.pid)) {
      // A killed run's lock: take it over (the rename makes sure only one waiting build removes it).
      await removeStale(file, holder.text)
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

async function readHolder(file: string): Promise<{pid: number; text: string} | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  const pid = Number(text.split(/\s/)[0])
  // Unreadable content (a half-written lock from a crash, a hand edit): treat as a dead holder.
  return {pid: Number.isInteger(pid) && pid > 0 ? pid : -1, text}
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

async function removeStale(file: string, seen: string): Promise<void> {
  const aside = `${file}.${process.pid}.stale`
  if (!(await fs.rename(file, aside).then(() => true, () => false))) return
  const text = await fs.readFile(aside, 'utf8').catch(() => '')
  // Another build took the lock between our read and the rename: give it back (a link never replaces a newer lock).
  if (text !== seen) await fs.link(aside, file).catch(() => undefined)
  await fs.rm(aside, {force: true})
}
