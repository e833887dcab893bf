/**
 * A cold `brief build` launches Chromium as soon as Puppeteer is loaded: the
 * renderer module (`src/pdf/index.ts`, which the build imports) loads no
 * pdf-lib, no Markdown parser and no HTML parser with it. The hyphen pass
 * loads while Chromium starts (`warm()`); the metadata pass, the checker and
 * the read-back of the prints (pdf-lib) only in the finish worker. `remark-brief/pdf` (`public.ts`) still
 * exports all of them. Each module a fresh process loads is recorded by a
 * resolve hook. Uses `dist/` (compiled by the tests' global setup).
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
  folder = await mkdtemp(path.join(os.tmpdir(), 'brief-light-renderer-'))
})

afterAll(async () => {
  await rm(folder, {recursive: true, force: true})
})

/** The URLs of every module a fresh process loads while it runs `body` (an ES module's text, after a hook is registered). */
async function loadedBy(name: string, body: string): Promise<string[]> {
  const log = path.join(folder, `${name}.txt`)
  await writeFile(log, '')
  const hook = path.join(folder, `${name}-hook.mjs`)
  await writeFile(
    hook,
    `import {appendFileSync} from 'node:fs'
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n')
  return resolved
}
`
  )
  const main = path.join(folder, `${name}.mjs`)
  // CommonJS loads too (Puppeteer is loaded with \`require\`): they do not pass through the ES module hook.
  await writeFile(
    main,
    `import Module, {register} from 'node:module'
import {appendFileSync} from 'node:fs'
import {isAbsolute} from 'node:path'
import {pathToFileURL} from 'node:url'
register(${JSON.stringify(pathToFileURL(hook).href)})
const load = Module._load
Module._load = function (request, parent, isMain) {
  try {
    const resolved = Module._resolveFilename(request, parent, isMain)
    if (isAbsolute(resolved)) appendFileSync(${JSON.stringify(log)}, pathToFileURL(resolved).href + '\\n')
  } catch {}
  return load.apply(this, arguments)
}
${body}
`
  )
  await run(process.execPath, [main], {cwd: root, timeout: 120_000})
  return (await readFile(log, 'utf8')).trim().split('\n')
}

const distUrl = (file: string) => pathToFileURL(path.join(root, 'dist', file)).href
/** What the main thread need not load before Chromium starts: pdf-lib, the Markdown and HTML parsers of the metadata pass and the checker, the hyphen pass. */
const heavy = /\/node_modules\/(?:pdf-lib|pdfjs-dist|parse5|micromark[\w-]*|mdast-util-from-markdown|hast-util-from-html|hast-util-select|hyphen)\/|\/dist\/pdf\/(?:metadata|verify|reprint|print-read|content-text|finish)\.js/

describe('the renderer module', () => {
  it('loads Puppeteer and none of pdf-lib, the parsers or the hyphen pass, made or not', async () => {
    const loaded = await loadedBy(
      'renderer',
      `const {createPdfRenderer} = await import(${JSON.stringify(distUrl('pdf/index.js'))})
const renderer = createPdfRenderer({concurrency: 1})
await renderer.close()`
    )
    expect(loaded.some((url) => /\/node_modules\/puppeteer-core\//.test(url))).toBe(true)
    expect(loaded.filter((url) => heavy.test(url))).toEqual([])
  })

  it('prints, reads the print back (the hyphen pass) and finishes it with none of pdf-lib or the readers on the main thread: the finish worker reads', async () => {
    const job = {
      name: 'light',
      html: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Light</title><style>@page {size: A4; margin: 20mm}</style></head><body><h1>Light</h1><p>One paragraph, read back.</p></body></html>',
      metadata: {title: 'Light', authors: [], lang: 'en'}
    }
    const loaded = await loadedBy(
      'rendered',
      `const {createPdfRenderer} = await import(${JSON.stringify(distUrl('pdf/index.js'))})
const renderer = createPdfRenderer({concurrency: 1})
try {
  const result = await renderer.render(${JSON.stringify(job)})
  if (!result.verified?.ok || result.hyphens?.prints !== 1) throw new Error('unexpected render ' + JSON.stringify(result.hyphens))
} finally {
  await renderer.close()
}`
    )
    expect(loaded.some((url) => url.endsWith('/dist/pdf/reprint.js'))).toBe(true)
    expect(loaded.filter((url) => /\/node_modules\/(?:pdf-lib|pdfjs-dist)\/|\/dist\/pdf\/(?:metadata|verify|print-read|content-text|finish)\.js/.test(url))).toEqual([])
  }, 120_000)

  it('is what the build loads (`loadPdfModule`)', async () => {
    const loaded = await loadedBy('peers', `await (await import(${JSON.stringify(distUrl('build/peers.js'))})).loadPdfModule()`)
    expect(loaded.some((url) => url.endsWith('/dist/pdf/index.js'))).toBe(true)
    expect(loaded.filter((url) => heavy.test(url))).toEqual([])
  })

  it('`remark-brief/pdf` still exports the renderer, the metadata pass and the checker', async () => {
    const packageJson = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {exports: Record<string, {default: string}>}
    const entry = packageJson.exports['./pdf']!.default
    const pdf = (await import(pathToFileURL(path.join(root, entry)).href)) as Record<string, unknown>
    for (const name of ['createPdfRenderer', 'findBrowser', 'writeFileAtomic', 'setPdfMetadata', 'parseBriefDate', 'epochDate', 'verifyPrintedText', 'compareText', 'expectationOf', 'pdfText', 'tokens', 'decide', 'renderTimedOut']) {
      expect(typeof pdf[name], name).not.toBe('undefined')
    }
    expect(pdf.parseBriefDate).toBeTypeOf('function')
  })
})
