/**
 * The light install and the optional printing packages (issue 14, item 1).
 *
 * A project folder is laid out as installs leave it: `node_modules` links to
 * every package of this repository except the printing ones, and
 * `node_modules/remark-brief` is a copy of the built package (so its own
 * look-ups cannot reach this repository's node_modules). Then:
 * - alone (`npm install remark-brief`): the plugins work, loading no
 *   printing package, and every printing entry fails naming the install;
 * - with `remark-brief-print` laid out as pnpm does (its dependencies in its
 *   own `node_modules`, not beside remark-brief): printing modules are found
 *   through it.
 * Uses `dist/`: run `npm run build` first.
 */
import {execFile} from 'node:child_process'
import {cp, mkdir, readdir, rm, symlink, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const printing = ['@fontsource', '@mozilla', 'hyphen', 'linkedom', 'pagedjs', 'pdf-lib', 'pdfjs-dist', 'puppeteer-core', 'remark-brief', 'remark-brief-print']
const printingScoped = ['@fontsource/noto-emoji', '@fontsource/noto-naskh-arabic', '@fontsource/noto-sans-devanagari', '@fontsource/noto-sans-sc', '@fontsource/source-sans-3', '@fontsource/source-serif-4', '@mozilla/readability', 'hyphen', 'linkedom', 'pagedjs', 'pdf-lib', 'pdfjs-dist', 'puppeteer-core']
let project: string

const savedPage = '<!doctype html>\n<html><head><title>A Page</title></head><body><nav>Home</nav><article><h1>A Page</h1><p>The text of the article, long enough to be read as one by any reader of pages.</p></article></body></html>\n'

/** Run an ES module in the project folder; its standard output. */
async function script(code: string): Promise<{out: string}> {
  await writeFile(path.join(project, 'main.mjs'), code)
  const {stdout} = await run(process.execPath, ['main.mjs'], {cwd: project})
  return {out: stdout}
}

beforeAll(async () => {
  project = path.join(os.tmpdir(), `brief-light-${process.pid}`)
  await rm(project, {recursive: true, force: true})
  const modules = path.join(project, 'node_modules')
  await mkdir(modules, {recursive: true})
  for (const name of await readdir(path.join(root, 'node_modules'))) {
    if (name.startsWith('.') || printing.includes(name)) continue
    await symlink(path.join(root, 'node_modules', name), path.join(modules, name), 'dir')
  }
  for (const scope of ['@fontsource', '@mozilla']) await mkdir(path.join(modules, scope), {recursive: true})
  const copy = path.join(modules, 'remark-brief')
  await mkdir(copy)
  for (const part of ['package.json', 'dist', 'templates']) await cp(path.join(root, part), path.join(copy, part), {recursive: true})
  await writeFile(path.join(project, 'page.html'), savedPage)
})

afterAll(async () => {
  await rm(project, {recursive: true, force: true})
})

describe('remark-brief alone', () => {
  // No printing package is installed at all, so loading one would throw: the run itself is the check.
  it('the plugins run with no printing package installed', async () => {
    const {out} = await script(`
      import {remark} from 'remark'
      import remarkBrief from 'remark-brief'
      import remarkBriefNotes from 'remark-brief/notes'
      import remarkBriefArticle from 'remark-brief/article'
      const file = await remark().use(remarkBrief).process('---\\ntitle: T\\n---\\n\\nA.[^b] B.[^a]\\n\\n[^a]: a\\n\\n[^b]: b\\n')
      console.log(String(file))
      console.log(typeof remarkBriefNotes, typeof remarkBriefArticle)
    `)
    expect(out).toContain('---\ntitle: T\n---')
    expect(out).toContain('A.[^1] B.[^2]')
    expect(out).toContain('function function')
    const {out: missing} = await script(`try { await import('puppeteer-core') } catch (error) { console.log(error.code) }`)
    expect(missing.trim()).toBe('ERR_MODULE_NOT_FOUND')
  })

  it('`remark-brief/pdf` and `remark-brief/build`’s printer fail with the install command', async () => {
    const {out} = await script(`
      for (const entry of ['remark-brief/pdf']) {
        try { await import(entry); console.log('loaded', entry) } catch (error) { console.log(error.code, error.message) }
      }
      const {templateAssets} = await import('remark-brief')
      try { templateAssets() } catch (error) { console.log(error.code, error.message) }
    `)
    expect(out).toMatch(/ERR_REMARK_BRIEF_PRINT_MISSING Cannot find `(?:puppeteer-core|pdf-lib)`: printing needs remark-brief-print, install it with: npm install remark-brief-print/)
    expect(out).toMatch(/ERR_REMARK_BRIEF_PRINT_MISSING Cannot find `@fontsource\/[\w-]+\/files\/[\w.-]+`: the brief template \(fonts, hyphenation\) needs remark-brief-print/)
  })

  it('a saved web page is read as text, with a warning that names the install', async () => {
    const {out} = await script(`
      import {readFile} from 'node:fs/promises'
      import {unified} from 'unified'
      import remarkStringify from 'remark-stringify'
      import remarkBriefArticle from 'remark-brief/article'
      import {VFile} from 'vfile'
      const file = new VFile({path: 'page.html', value: await readFile('page.html', 'utf8')})
      await unified().use(remarkBriefArticle).use(remarkStringify).process(file)
      for (const message of file.messages) console.log(message.ruleId, message.fatal, message.reason)
    `)
    expect(out).toMatch(/web-page-reader-missing false Unexpected whole web page \(HTML document\) with no page reader installed, expected remark-brief-print to read its article \(`npm install remark-brief-print`\); read as text/)
  })
})

describe('with remark-brief-print laid out as pnpm does', () => {
  beforeAll(async () => {
    const print = path.join(project, 'node_modules/remark-brief-print')
    await cp(path.join(root, 'packages/print'), print, {recursive: true})
    await mkdir(path.join(print, 'node_modules/@fontsource'), {recursive: true})
    await mkdir(path.join(print, 'node_modules/@mozilla'), {recursive: true})
    for (const name of printingScoped) await symlink(path.join(root, 'node_modules', name), path.join(print, 'node_modules', name), 'dir')
  })

  it('the printer, the template and the page reader load through remark-brief-print', async () => {
    const {out} = await script(`
      import {readFile} from 'node:fs/promises'
      import {unified} from 'unified'
      import remarkStringify from 'remark-stringify'
      import {remarkBriefArticle, templateAssets} from 'remark-brief'
      import {VFile} from 'vfile'
      const pdf = await import('remark-brief/pdf')
      console.log('pdf', typeof pdf.createPdfRenderer)
      console.log('assets', templateAssets().filter((asset) => asset.url.endsWith('.woff2')).length > 10)
      const file = new VFile({path: 'page.html', value: await readFile('page.html', 'utf8')})
      const markdown = String(await unified().use(remarkBriefArticle).use(remarkStringify).process(file))
      console.log('rules', file.messages.map((message) => message.ruleId).join(' '))
      console.log('nav', markdown.includes('Home'))
      const {buildBrief} = await import('remark-brief-print')
      console.log('build', typeof buildBrief)
    `)
    expect(out).toContain('pdf function')
    expect(out).toContain('assets true')
    expect(out).toMatch(/rules .*web-page/)
    expect(out).not.toContain('web-page-reader-missing')
    expect(out).toContain('nav false')
    expect(out).toContain('build function')
  })
})
