/** Helpers for the tests that spawn the real `brief` binary. */
import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const bin = path.join(root, 'dist', 'cli', 'bin.js')
export const fixtures = path.join(root, 'test', 'fixtures', 'build')

export interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Run `brief …` in `cwd` and wait for it. */
export function brief(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return finished(start(args, cwd, env))
}

/** Start `brief …` without waiting (watch, SIGINT). */
export function start(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): ChildProcess & {output: {stdout: string; stderr: string}} {
  const child = spawn(process.execPath, [bin, ...args], {cwd, env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
  const output = {stdout: '', stderr: ''}
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk))
  return Object.assign(child, {output})
}

export function finished(child: ReturnType<typeof start>): Promise<Run> {
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({code, signal, ...child.output}))
  })
}

/** Resolve when `predicate` holds on the child's stderr, or reject after `timeout` ms. */
export async function waitForOutput(child: ReturnType<typeof start>, predicate: (stderr: string) => boolean, timeout = 60_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!predicate(child.output.stderr)) {
    if (Date.now() > deadline) throw new Error('Timed out; stderr so far:\n' + child.output.stderr)
    if (child.exitCode !== null) throw new Error(`Exited ${child.exitCode}; stderr:\n` + child.output.stderr)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A fresh temporary project folder. */
export async function project(name: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `brief-${name}-`))
}

/** `short.txt` with its title changed, so each copy is a different article. */
export async function shortArticle(title: string): Promise<string> {
  const text = await fs.readFile(path.join(fixtures, 'short.txt'), 'utf8')
  return text.replace(/^.*\n/, title + '\n')
}

/** Every file under a folder, relative, `/`-separated, sorted. */
export async function listFiles(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, {recursive: true, withFileTypes: true})
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort()
}
