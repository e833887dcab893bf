/** The processes a test started, read from /proc (Linux): browsers, their helpers, their profiles. */
import {readdirSync, readFileSync} from 'node:fs'

export interface ProcessInfo {
  pid: number
  parent: number
  /** `R`, `S`, `T` (stopped), `Z` (zombie)… */
  state: string
  command: string[]
}

/** Every process on the machine. */
export function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean)
      found.push({pid: Number(entry), parent: Number(fields[1]), state: fields[0]!, command})
    } catch {
      // Ended while we looked.
    }
  }
  return found
}

/** Live (not zombie) processes whose parent chain leads to `ancestor`. */
export function descendants(ancestor: number, all = processes()): ProcessInfo[] {
  const byPid = new Map(all.map((item) => [item.pid, item]))
  return all.filter((item) => {
    for (let parent = item.parent, hops = 0; parent > 1 && hops < 64; hops++) {
      if (parent === ancestor) return item.state !== 'Z'
      parent = byPid.get(parent)?.parent ?? 0
    }
    return false
  })
}

/** The Chromium browser processes (not its helpers) under `ancestor`, with their profile folders. */
export function browsersUnder(ancestor: number): Array<{pid: number; profile: string}> {
  return descendants(ancestor).flatMap((item) => {
    const profile = item.command.find((argument) => argument.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length)
    const helper = item.command.some((argument) => argument.startsWith('--type='))
    return profile?.includes('remark-brief-chromium-') && !helper ? [{pid: item.pid, profile}] : []
  })
}

/** Live processes anywhere whose command line names one of these profile folders. */
export function usingProfiles(profiles: readonly string[]): ProcessInfo[] {
  return processes().filter((item) => item.state !== 'Z' && item.command.some((argument) => profiles.some((profile) => argument.includes(profile))))
}

/**
 * The processes among `pids` still alive (not zombies) once they had up to
 * `timeout` ms to end. A process the kernel is still tearing down shows as
 * running with an empty command line for a moment after its parent exited;
 * one that lives past the timeout is really left behind.
 */
export async function leftAlive(pids: readonly number[], timeout = 5000): Promise<ProcessInfo[]> {
  let alive: ProcessInfo[] = []
  await until(() => (alive = processes().filter((item) => pids.includes(item.pid) && item.state !== 'Z')).length === 0, timeout)
  return alive
}

/** Whether `pid` is a live process (not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Poll `predicate` every 50 ms until it holds (true) or `timeout` ms pass (false). */
export async function until(predicate: () => boolean | Promise<boolean>, timeout = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeout
  while (!(await predicate())) {
    if (Date.now() > deadline) return false
    await sleep(50)
  }
  return true
}
