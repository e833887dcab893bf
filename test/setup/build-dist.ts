/**
 * Vitest global setup: the CLI tests spawn the real `dist/cli/bin.js`, so
 * compile `src/` once per test run when `dist/` is missing or older than a
 * source file. A failed compile (another room's work in progress) is printed
 * and the existing `dist/` is used.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

function newest(folder: string): number {
  let latest = 0
  for (const entry of fs.readdirSync(folder, {withFileTypes: true, recursive: true})) {
    if (entry.isFile() && entry.name.endsWith('.ts')) {
      latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
    }
  }
  return latest
}

export default function setup(): void {
  const bin = path.join(root, 'dist', 'cli', 'bin.js')
  const built = fs.existsSync(bin) ? fs.statSync(bin).mtimeMs : 0
  if (built > 0 && built >= newest(path.join(root, 'src'))) return
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {cwd: root, stdio: 'pipe'})
  } catch (error) {
    const output = (error as {stdout?: Buffer}).stdout?.toString() ?? String(error)
    console.warn('test/setup/build-dist: tsc reported errors; using dist/ as it is\n' + output.slice(0, 2000))
  }
  // tsc may leave an old bin.js untouched when its source did not change: mark the build as fresh.
  if (fs.existsSync(bin)) fs.utimesSync(bin, new Date(), new Date())
}
