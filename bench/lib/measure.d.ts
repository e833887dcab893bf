import type {ChildProcess} from 'node:child_process'

export interface Measurement {
  /** Wall clock, spawn to exit. */
  seconds: number
  /** Largest summed RSS of the process tree seen by the sampler. */
  peakBytes: number
  code: number
  stdout: string
  stderr: string
  samples: number
  /** User + system CPU time of the whole tree (the larger of two lower bounds, see `run`). */
  cpuSeconds: number
}
export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  interval?: number
  timeout?: number
  onSpawn?: (child: ChildProcess, started: number) => void
}
export function childrenOf(pid: number): number[]
export function processTree(root: number): number[]
export function residentBytes(pid: number): number
export function processStat(pid: number): {bytes: number; ticks: number} | undefined
export function reapedTicks(): number
export function treeBytes(pids: readonly number[]): number
export function run(command: string, args: readonly string[], options?: RunOptions): Promise<Measurement>
export function killTree(pid: number | undefined, signal?: NodeJS.Signals): void
export function median(values: readonly number[]): number
