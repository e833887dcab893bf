/**
 * Whole-process measurement: wall clock from spawn to exit, the peak of the
 * summed resident set of the process and all its descendants (Chromium runs
 * as a tree of processes), and the CPU time (user + system) of that tree, all
 * sampled from /proc.
 */
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {performance} from 'node:perf_hooks'

const pageSize = 4096
/** Clock ticks per second of /proc/PID/stat's times (`getconf CLK_TCK`: 100 on Linux). */
const ticksPerSecond = 100

/**
 * @typedef Measurement
 * @property {number} seconds
 *   Wall clock, spawn to exit.
 * @property {number} peakBytes
 *   Largest summed RSS of the process tree seen by the sampler (0 where /proc is missing).
 * @property {number} code
 *   Exit code (signals map to 128 + n).
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} samples
 *   How many times the tree was sampled.
 * @property {number} cpuSeconds
 *   User + system CPU time of the whole tree (see `run`).
 */

/**
 * @typedef RunOptions
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]
 * @property {number} [interval=20]
 *   Milliseconds between memory samples.
 * @property {number} [timeout=600000]
 *   Kill the tree after this many milliseconds.
 * @property {(child: import('node:child_process').ChildProcess, started: number) => void} [onSpawn]
 *   Called right after spawning, e.g. to drive a watch process.
 */

/**
 * Direct children of one process: `/proc/PID/task/TID/children` lists the
 * children each thread forked, so all threads are read (Chromium forks from
 * several).
 *
 * @param {number} pid
 * @returns {number[]}
 */
export function childrenOf(pid) {
  /** @type {number[]} */
  const result = []
  let tasks
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return result
  }
  for (const task of tasks) {
    let text = ''
    try {
      text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
    } catch {
      continue
    }
    for (const id of text.split(' ')) if (id.trim()) result.push(Number(id))
  }
  return result
}

/**
 * The process and all its descendants.
 *
 * @param {number} root
 * @returns {number[]}
 */
export function processTree(root) {
  const seen = [root]
  for (let index = 0; index < seen.length; index++) {
    for (const child of childrenOf(seen[index])) if (!seen.includes(child)) seen.push(child)
  }
  return seen
}

/**
 * Resident set of one process in bytes (0 once it is gone).
 *
 * @param {number} pid
 */
export function residentBytes(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')
    return Number(fields[1]) * pageSize
  } catch {
    return 0
  }
}

/**
 * Resident set (bytes) and CPU time so far (user + system, clock ticks) of one
 * process, from /proc/PID/stat; undefined once it is gone.
 *
 * @param {number} pid
 * @returns {{bytes: number, ticks: number} | undefined}
 */
export function processStat(pid) {
  let text
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last `)`.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  // Fields 3.. of proc(5): utime is 14, stime 15, rss 24 (in pages).
  return {ticks: Number(fields[11]) + Number(fields[12]), bytes: Number(fields[21]) * pageSize}
}

/**
 * CPU time (user + system, clock ticks) of the children this process has
 * waited for, with their own waited-for descendants: fields 16 and 17 of
 * /proc/self/stat.
 */
export function reapedTicks() {
  try {
    const text = readFileSync('/proc/self/stat', 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return Number(fields[13]) + Number(fields[14])
  } catch {
    return 0
  }
}

/**
 * Summed resident set of a set of processes.
 *
 * @param {readonly number[]} pids
 */
export function treeBytes(pids) {
  let total = 0
  for (const pid of pids) total += residentBytes(pid)
  return total
}

/**
 * Run a command to completion, timing it and sampling its tree's memory and
 * CPU time. The tree is re-walked every fifth sample (new Chromium processes
 * show up within ~100 ms); /proc/PID/stat of each member is read on every
 * sample, which keeps the sampler's own cost small on a 2-core machine.
 *
 * CPU time is counted two ways, each a lower bound of the truth, and the
 * larger is kept: the sum of each process's own last-seen user + system time
 * (misses the last sample interval of each process, and processes that lived
 * less than a walk), and the time of the children this (bench) process
 * reaped while the command ran (exact for the command and every process it
 * and its descendants waited for, but misses orphans reaped by init, such as
 * Chromium helpers killed with their process group).
 *
 * @param {string} command
 * @param {readonly string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<Measurement>}
 */
export function run(command, args, options = {}) {
  const interval = options.interval ?? 20
  const timeout = options.timeout ?? 600_000

  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    let peakBytes = 0
    let samples = 0
    /** @type {number[]} */
    let members = []
    /** @type {Map<number, number>} CPU ticks last seen per process of the tree. */
    const ticks = new Map()
    const reapedBefore = reapedTicks()

    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))

    const sample = () => {
      if (child.pid === undefined) return
      if (samples % 5 === 0) members = processTree(child.pid)
      samples++
      let bytes = 0
      for (const pid of members) {
        const stat = processStat(pid)
        if (!stat) continue
        bytes += stat.bytes
        ticks.set(pid, stat.ticks)
      }
      if (bytes > peakBytes) peakBytes = bytes
    }

    const sampler = setInterval(sample, interval)
    const killer = setTimeout(() => killTree(child.pid), timeout)
    if (options.onSpawn) options.onSpawn(child, started)

    child.on('error', (error) => {
      clearInterval(sampler)
      clearTimeout(killer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000
      clearInterval(sampler)
      clearTimeout(killer)
      let sampledTicks = 0
      for (const value of ticks.values()) sampledTicks += value
      const cpuSeconds = Math.max(sampledTicks, reapedTicks() - reapedBefore) / ticksPerSecond
      resolve({
        seconds,
        peakBytes,
        code: code ?? 128 + signalNumber(signal),
        stdout,
        stderr,
        samples,
        cpuSeconds
      })
    })
  })
}

/**
 * End a process and every descendant it left (a killed Node parent does not
 * take Chromium with it).
 *
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} [signal='SIGTERM']
 */
export function killTree(pid, signal = 'SIGTERM') {
  if (pid === undefined) return
  const members = processTree(pid)
  for (const member of members.reverse()) {
    try {
      process.kill(member, signal)
    } catch {
      // Already gone.
    }
  }
}

/** @param {NodeJS.Signals | null} signal */
function signalNumber(signal) {
  if (signal === 'SIGKILL') return 9
  if (signal === 'SIGTERM') return 15
  if (signal === 'SIGINT') return 2
  return 0
}

/**
 * Median of a list of numbers (mean of the two middle ones when even).
 *
 * @param {readonly number[]} values
 */
export function median(values) {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
