/**
 * Where a process tree's CPU time and memory go: every sample reads
 * `utime + stime` and the resident set of each process of the tree
 * (`/proc/PID/stat`), and of each thread of the root process
 * (`/proc/PID/task/TID/stat`), and sorts them into roles: Node's main
 * thread, its worker threads (named by `thread-tag.cjs`), its other threads
 * (V8's platform threads: garbage collection, compilation; libuv's pool),
 * and Chromium's processes by their `--type` (browser, renderer, GPU,
 * utility, zygote).
 *
 * CPU per process or thread is the last value seen: a process that ends
 * between two samples loses at most one interval of its time, one that lives
 * shorter than an interval may be missed (Chromium's pages here live for
 * the whole batch).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {processTree} from './measure.js'

const ticksPerSecond = 100
const pageSize = 4096

/**
 * `utime + stime` (ticks) and resident bytes from a `stat` file; `undefined` when it is gone.
 *
 * @param {string} file
 * @returns {{ticks: number, bytes: number} | undefined}
 */
function statOf(file) {
  let text
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  // Fields after the command name, which may hold spaces: state is field 3, utime 14, stime 15, rss 24.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return {ticks: Number(fields[11]) + Number(fields[12]), bytes: Number(fields[21]) * pageSize}
}

/**
 * The role of a process other than the root, from its command line.
 *
 * @param {number} pid
 * @returns {string | undefined}
 */
function roleOf(pid) {
  let command = ''
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return 'gone'
  }
  // A process that has exited but is not yet reaped (a zombie) has an empty command line: no role to read.
  if (command.trim() === '') return undefined
  const type = /--type=([\w-]+)/.exec(command)?.[1]
  if (type === 'renderer') return 'chromium renderer'
  if (type === 'gpu-process') return 'chromium gpu'
  if (type === 'utility') return 'chromium utility (network, storage)'
  if (type === 'zygote') return 'chromium zygote'
  if (type) return `chromium ${type}`
  if (/chrom/i.test(command.split(' ')[0] ?? '')) return /^\S*(?:bash|sh)\b/.test(command) ? 'chromium wrapper script' : 'chromium browser'
  if (/(?:^|\/)(?:bash|sh) .*chrom/.test(command)) return 'chromium wrapper script'
  return `other (${command.split(' ')[0]?.split('/').pop() ?? '?'})`
}

/**
 * Thread tags written by `thread-tag.cjs`: `TID ROLE` lines.
 *
 * @param {string | undefined} file
 * @returns {Map<number, string>}
 */
function threadTags(file) {
  const tags = new Map()
  if (!file) return tags
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return tags
  }
  for (const line of text.split('\n')) {
    const [tid, ...role] = line.split(' ')
    if (tid && role.length > 0) tags.set(Number(tid), role.join(' '))
  }
  return tags
}

/**
 * Start sampling the tree under `root` every `interval` ms. `stop()` takes a
 * last sample and returns CPU seconds and peak-time memory by role.
 *
 * @param {number} root
 * @param {{interval?: number, tagFile?: string}} [options]
 */
export function sampleTree(root, options = {}) {
  /** @type {Map<string, {role: string, ticks: number}>} */
  const seen = new Map()
  let peak = {bytes: 0, byRole: /** @type {Record<string, number>} */ ({})}
  /** @type {Array<{time: number, byRole: Record<string, number>}>} */
  const memory = []
  const started = Date.now()

  const sample = () => {
    /** @type {Record<string, number>} */
    const byRole = {}
    let bytes = 0
    for (const pid of processTree(root)) {
      if (pid === root) {
        const whole = statOf(`/proc/${pid}/stat`)
        if (!whole) continue
        bytes += whole.bytes
        byRole['node (all threads)'] = (byRole['node (all threads)'] ?? 0) + whole.bytes
        /** @type {number[]} */
        let tasks = []
        try {
          tasks = readdirSync(`/proc/${pid}/task`).map(Number)
        } catch {}
        for (const tid of tasks) {
          const stat = statOf(`/proc/${pid}/task/${tid}/stat`)
          if (!stat) continue
          // Workers are named at the end (`stop`): a worker may tag itself after its last sample.
          seen.set(`t${tid}`, {role: tid === pid ? 'node main thread' : `thread ${tid}`, ticks: stat.ticks})
        }
        continue
      }
      // Read every time: Debian's `chromium` is a shell script that execs the browser, and the
      // zygote forks renderers that take their own command line a moment later (same pid, new role).
      // A zombie keeps the role it was last seen with, so its CPU stays with it.
      const role = roleOf(pid) ?? seen.get(`p${pid}`)?.role ?? 'other (exited)'
      const stat = statOf(`/proc/${pid}/stat`)
      if (!stat) continue
      seen.set(`p${pid}`, {role, ticks: stat.ticks})
      bytes += stat.bytes
      byRole[role] = (byRole[role] ?? 0) + stat.bytes
    }
    memory.push({time: Date.now() - started, byRole})
    if (bytes > peak.bytes) peak = {bytes, byRole}
  }
  const timer = setInterval(sample, options.interval ?? 200)
  sample()

  return {
    /** @returns {{cpu: Record<string, number>, peak: {bytes: number, byRole: Record<string, number>}, memory: typeof memory}} */
    stop() {
      sample()
      clearInterval(timer)
      const tags = threadTags(options.tagFile)
      /** @type {Record<string, number>} */
      const cpu = {}
      for (const {role: seenRole, ticks} of seen.values()) {
        const tid = /^thread (\d+)$/.exec(seenRole)?.[1]
        const role = tid ? tags.get(Number(tid)) ?? 'node other threads (GC, compiler, libuv)' : seenRole
        cpu[role] = (cpu[role] ?? 0) + ticks / ticksPerSecond
      }
      return {cpu, peak, memory}
    }
  }
}
