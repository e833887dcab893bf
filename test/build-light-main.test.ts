/**
 * The `brief` command's main thread drives the browser and writes files; the
 * articles are typeset in worker threads, which load the unified pipeline.
 * So importing the CLI and the build (what a cold `brief build` does on its
 * main thread) loads no remark, rehype, retext or recognizer module, and no
 * Puppeteer: each module a fresh process loads is recorded by a resolve hook.
 * The package's `remark-brief/build` entry still exports the processor.
 * Uses `dist/` (compiled by the tests' global setup).
 */
import {execFile} from 'node:child_process'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
let folder: string

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'brief-light-main-'))
})

afterAll(async () => {
  await rm(folder, {recursive: true, force: true})
})

/** The URLs of every module a fresh process loads while it imports `specifiers` in turn. */
async function loadedBy(specifiers: string[]): Promise<string[]> {
  const log = path.join(folder, `loaded-${specifiers.length}-${Date.now()}.txt`)
  await writeFile(
    path.join(folder, 'hook.mjs'),
    `import {appendFileSync} from 'node:fs'
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n')
  return resolved
}
`
  )
  const main = path.join(folder, 'main.mjs')
  // CommonJS loads too (Puppeteer is loaded with \`require\`): they do not pass through the ES module hook.
  await writeFile(
    main,
    `import Module, {register} from 'node:module'
import {appendFileSync} from 'node:fs'
import {isAbsolute} from 'node:path'
import {pathToFileURL} from 'node:url'
register(${JSON.stringify(pathToFileURL(path.join(folder, 'hook.mjs')).href)})
const load = Module._load
Module._load = function (request, parent, isMain) {
  try {
    const resolved = Module._resolveFilename(request, parent, isMain)
    if (isAbsolute(resolved)) appendFileSync(${JSON.stringify(log)}, pathToFileURL(resolved).href + '\\n')
  } catch {}
  return load.apply(this, arguments)
}
for (const specifier of ${JSON.stringify(specifiers)}) await import(specifier)
`
  )
  await run(process.execPath, [main], {cwd: root})
  return (await readFile(log, 'utf8')).trim().split('\n')
}

const pipeline = /\/node_modules\/(?:unified|remark-[\w-]+|rehype-[\w-]+|retext[\w-]*|micromark[\w-]*|mdast-util-[\w-]+|puppeteer-core|pdf-lib)\/|\/dist\/(?:article|notes|template\/index)|\/dist\/build\/(?:processor|fix)\.js/

describe('the CLI’s main thread', () => {
  it('imports the command and the build without the unified pipeline or Puppeteer', async () => {
    const loaded = await loadedBy([pathToFileURL(path.join(root, 'dist/cli/index.js')).href, pathToFileURL(path.join(root, 'dist/build/index.js')).href])
    expect(loaded.some((url) => url.endsWith('/dist/build/index.js'))).toBe(true)
    expect(loaded.filter((url) => pipeline.test(url))).toEqual([])
  })

  it('leaves `remark-brief/build` whole: it exports the processor, which loads the pipeline', async () => {
    const loaded = await loadedBy([pathToFileURL(path.join(root, 'dist/build/public.js')).href])
    expect(loaded.some((url) => /\/node_modules\/unified\//.test(url))).toBe(true)
    const build = (await import('../src/build/public.js')) as Record<string, unknown>
    expect(typeof build.createBriefProcessor).toBe('function')
    expect(typeof build.createBuildSession).toBe('function')
  })
})
