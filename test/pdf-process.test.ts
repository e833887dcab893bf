/**
 * The renderer in a process of its own (compiled with tsc): SIGINT and
 * `process.exit()` without `close()` must leave no browser process and no
 * profile behind, and SIGINT must still end the process.
 * One browser at a time.
 */
import {execFile, spawn} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, expect, test} from 'vitest'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
// Inside the project, so the compiled files find node_modules.
const build = path.join(root, 'test', '.tmp', `pdf-process-${process.pid}`)

beforeAll(async () => {
  mkdirSync(build, {recursive: true})
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  await promisify(execFile)(process.execPath, [
    tsc,
    '--outDir', build,
    '--rootDir', path.join(root, 'src'),
    '--module', 'nodenext',
    '--moduleResolution', 'nodenext',
    // Target and lib as tsconfig.json has them (lib ES2023: Array.prototype.findLast, which Node 20 has).
    '--target', 'es2022',
    '--lib', 'es2023,dom',
    '--skipLibCheck',
    '--declaration', 'false',
    path.join(root, 'src', 'pdf', 'index.ts')
  ])
  writeFileSync(path.join(build, 'package.json'), '{"type": "module"}')
  writeFileSync(
    path.join(build, 'child.js'),
    `import {createPdfRenderer} from './pdf/index.js'
const renderer = createPdfRenderer({concurrency: 1})
await renderer.render({name: 'child', html: '<!doctype html><html lang="en"><main><p>Child.</p></main></html>', metadata: {title: 'Child', authors: [], lang: 'en'}})
process.stdout.write('ready\\n')
// Told to exit: leave without close(); the renderer's exit hook must kill the browser.
process.stdin.on('data', () => process.exit(0))
`
  )
}, 120_000)

afterAll(() => {
  rmSync(build, {recursive: true, force: true})
})

interface Browser {
  pid: number
  profile: string
}

function browsersOf(parent: number): Browser[] {
  const found: Browser[] = []
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== parent) continue
      const profile = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
        .split('\0')
        .find((argument) => argument.startsWith('--user-data-dir='))
      if (profile) found.push({pid: Number(entry), profile: profile.slice('--user-data-dir='.length)})
    } catch {
      // Gone while we looked.
    }
  }
  return found
}

function readdirSafe(folder: string): string[] {
  try {
    return readdirSync(folder)
  } catch {
    return []
  }
}

function processGone(pid: number): boolean {
  try {
    return /^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

async function runChild(mode: 'signal' | 'exit'): Promise<{code: number | null; signal: NodeJS.Signals | null; browsers: Browser[]}> {
  const child = spawn(process.execPath, [path.join(build, 'child.js'), mode], {stdio: ['pipe', 'pipe', 'pipe']})
  let browsers: Browser[] = []
  const ended = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('exit', (code, signal) => resolve({code, signal})))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ready')) return
      browsers = browsersOf(child.pid!)
      if (mode === 'signal') child.kill('SIGINT')
      else child.stdin.write('exit\n')
      resolve()
    })
    child.on('exit', () => resolve())
    child.on('error', reject)
  })
  return {...(await ended), browsers}
}

test('SIGINT: the browser is killed, its profile removed, and the process still ends by the signal', async () => {
  const {signal, browsers} = await runChild('signal')
  expect(browsers).toHaveLength(1)
  expect(signal).toBe('SIGINT')
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(processGone(browsers[0]!.pid)).toBe(true)
  expect(existsSync(browsers[0]!.profile)).toBe(false)
}, 60_000)

test('process.exit() without close(): no browser left running, no profile left', async () => {
  const {code, browsers} = await runChild('exit')
  expect(browsers).toHaveLength(1)
  expect(code).toBe(0)
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(processGone(browsers[0]!.pid)).toBe(true)
  expect(existsSync(browsers[0]!.profile)).toBe(false)
}, 60_000)
