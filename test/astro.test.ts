/**
 * `remark-brief/astro` in a real Astro 5 project (issue 14's "Done when").
 *
 * The package is packed (`npm pack`, and `packages/print` too when the tree
 * has it) and installed with `astro@5` and `@astrojs/mdx@4` into a fresh
 * project in a temporary folder, which every case shares; then `astro build`
 * runs with the integration, as a user's site would.
 *
 * Needs: the npm registry (about 330 packages, 1–3 minutes on first
 * install), Node 20 (Astro 5; Astro 7 needs Node 22.12), a Chromium the
 * printer finds (Debian's `chromium`), and `dist/` compiled (the global
 * setup does it). One browser: the site's build prints both briefs with it.
 */
import {spawn} from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {root} from './setup/cli.js'

const fixtures = path.join(root, 'test', 'fixtures', 'astro')
const minutes = 60_000

interface Run {
  code: number | null
  /** stdout and stderr together, in the order they came (Astro logs to both). */
  output: string
}

function run(command: string, args: readonly string[], cwd: string, timeout: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1', PUPPETEER_SKIP_DOWNLOAD: '1', npm_config_update_notifier: 'false'},
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, output})
    })
  })
}

/** `npm pack` a folder into `destination`; the tarball's path. */
async function pack(folder: string, destination: string): Promise<string> {
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', destination], folder, 5 * minutes)
  if (packed.code !== 0) throw new Error(`npm pack in ${folder} failed:\n${packed.output}`)
  return path.join(destination, packed.output.trim().split('\n').pop()!)
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false)
}

/** Each page's text, as pdfjs reads it back; soft hyphens and line-end hyphens taken out. */
async function pdfText(file: string): Promise<string> {
  const {getDocument} = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const document = await getDocument({data: new Uint8Array(await fs.readFile(file)), isEvalSupported: false, disableFontFace: true, verbosity: 0}).promise
  let text = ''
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent()
    text += content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('') + '\n'
  }
  await document.destroy()
  return text.replaceAll('\u00AD', '').replace(/-\n/g, '').replace(/\s+/g, ' ')
}

let temporary: string
let site: string
let build: Run

beforeAll(async () => {
  temporary = await fs.mkdtemp(path.join(os.tmpdir(), 'brief-astro-'))
  const packs = path.join(temporary, 'packs')
  await fs.mkdir(packs)
  const tarballs = [await pack(root, packs)]
  // After the split (issue 14), printing comes from the companion package in the same tree.
  const print = path.join(root, 'packages', 'print')
  if (await exists(path.join(print, 'package.json'))) tarballs.push(await pack(print, packs))

  site = path.join(temporary, 'site')
  await fs.cp(path.join(fixtures, 'site'), site, {recursive: true})
  await fs.writeFile(path.join(site, 'package.json'), JSON.stringify({name: 'astro-brief-site', private: true, type: 'module'}, null, 2) + '\n')
  const install = await run('npm', ['install', '--no-audit', '--no-fund', 'astro@5', '@astrojs/mdx@4', ...tarballs], site, 10 * minutes)
  if (install.code !== 0) throw new Error(`npm install failed:\n${install.output.slice(-4000)}`)

  build = await run(process.execPath, [path.join(site, 'node_modules', 'astro', 'astro.js'), 'build'], site, 5 * minutes)
}, 20 * minutes)

afterAll(async () => {
  if (temporary) await fs.rm(temporary, {recursive: true, force: true})
})

describe('remark-brief/astro in an Astro 5 site', () => {
  it('builds, exit 0', () => {
    expect(build.output).toContain('[build] Complete!')
    expect(build.code, build.output).toBe(0)
  })

  it('renumbers the page’s footnotes in first-citation order', async () => {
    const html = await fs.readFile(path.join(site, 'dist', 'posts', 'kaz', 'index.html'), 'utf8')
    // `[^b]` is cited first: it becomes note 1, `[^a]` note 2; the uncited `[^old]` is kept as 3.
    const calls = [...html.matchAll(/id="user-content-fnref-([^"]+)"/g)].map((match) => match[1])
    expect(calls).toEqual(['1', '2'])
    const footnotes = html.slice(html.indexOf('<section data-footnotes'))
    const notes = [...footnotes.matchAll(/<li id="user-content-fn-([^"]+)">\s*<p>([^<]*)/g)].map((match) => [match[1], match[2]!.trim()])
    expect(notes.slice(0, 2)).toEqual([
      ['1', 'Treaty text, article 4.'],
      ['2', 'Ministry of Water, Annual Report, 2021.']
    ])
    expect(html).toMatch(/<li id="user-content-fn-3"[^>]*>\s*<p>A note nothing cites\./)
    // …in a labelled group after the cited notes, with its real number, not a stray "1." above them.
    expect(html).toMatch(/<h3[^>]*>Uncited notes<\/h3>\s*<ol[^>]*data-uncited[^>]*start="3"[^>]*>\s*<li id="user-content-fn-3"/)
    expect(html.indexOf('Uncited notes')).toBeGreaterThan(html.indexOf('id="user-content-fn-2"'))
    expect(html).not.toMatch(/fn-[ab]"/)
  })

  it('renumbers MDX pages and content-collection entries too', async () => {
    const essay = await fs.readFile(path.join(site, 'dist', 'essay', 'index.html'), 'utf8')
    expect([...essay.matchAll(/id="user-content-fn-([^"]+)"/g)].map((match) => match[1])).toEqual(['1', '2'])
    expect(essay).toMatch(/id="user-content-fn-1">\s*<p>Second source\./)
    const notes = await fs.readFile(path.join(site, 'dist', 'notes', 'index.html'), 'utf8')
    expect(notes).toMatch(/id="user-content-fn-1">\s*<p>Survey of the lower river/)
  })

  it('prints every file’s messages at the end, file then line:col, at the lines of the file on disk', () => {
    const lines = build.output.split('\n')
    const after = (file: string) => lines.slice(lines.indexOf(file) + 1)
    expect(lines).toContain('src/pages/posts/kaz.md')
    // `[^old]: …` is line 14 of kaz.md.
    expect(after('src/pages/posts/kaz.md').find((line) => line.includes('unused-note-definition'))).toMatch(/^14:1-14:\d+ +warning +Unexpected unused note definition `old`/)
    // A collection entry: Astro gives remark the body without its front matter; the line is still the file's (9, not 5).
    expect(lines).toContain('src/content/notes/delta.md')
    expect(after('src/content/notes/delta.md').find((line) => line.includes('unused-note-definition'))).toMatch(/^9:1-9:\d+ +warning +Unexpected unused note definition `spare`/)
    expect(build.output).toMatch(/\d+ messages? \(⚠ 2 warnings\)/)
  })

  it('prints the briefs that were asked for as PDFs at the page’s path, linked from the page', async () => {
    // `brief: true` in front matter, and the `pdf` glob of the integration's options.
    const kaz = path.join(site, 'dist', 'posts', 'kaz.pdf')
    const annual = path.join(site, 'dist', 'reports', 'annual.pdf')
    expect(await exists(kaz)).toBe(true)
    expect(await exists(annual)).toBe(true)
    expect(await exists(path.join(site, 'dist', 'essay.pdf'))).toBe(false)
    // Nothing else of the brief build lands in the site: no index page, thumbnails, fonts or cache.
    expect((await fs.readdir(path.join(site, 'dist'))).sort()).toEqual(['essay', 'notes', 'posts', 'reports'])
    expect((await fs.readdir(path.join(site, 'dist', 'posts'))).sort()).toEqual(['kaz', 'kaz.pdf'])

    const text = await pdfText(kaz)
    expect(text).toContain('Steppe Water Accords')
    expect(text).toContain('Ada Lane')
    expect(text).toContain('The basin treaty was signed in spring.')
    expect(text).toContain('Ministry of Water, Annual Report, 2021.')
    expect(await pdfText(annual)).toContain('Harvest exports doubled along the northern corridor.')

    const page = await fs.readFile(path.join(site, 'dist', 'posts', 'kaz', 'index.html'), 'utf8')
    expect(page).toContain('<a class="brief-pdf" href="/posts/kaz.pdf">')
  })

  it('without the print packages, a page asking for a brief fails the build with the command that installs them', async () => {
    // Hidden for one build: the printer's browser driver and, after the package split, the print package itself.
    const hidden = ['puppeteer-core', 'remark-brief-print'].map((name) => path.join(site, 'node_modules', name))
    const present: string[] = []
    for (const folder of hidden) if (await exists(folder)) present.push(folder)
    for (const folder of present) await fs.rename(folder, folder + '.hidden')
    try {
      const missing = await run(process.execPath, [path.join(site, 'node_modules', 'astro', 'astro.js'), 'build'], site, 5 * minutes)
      expect(missing.code, missing.output).not.toBe(0)
      expect(missing.output).toContain('npm install remark-brief-print')
      // The messages are printed all the same.
      expect(missing.output.split('\n')).toContain('src/pages/posts/kaz.md')
    } finally {
      for (const folder of present) await fs.rename(folder + '.hidden', folder)
    }
  }, 10 * minutes)

  it('fails the build on a missing note definition, naming every file with an error (page and collection entry)', async () => {
    await fs.cp(path.join(fixtures, 'broken'), site, {recursive: true})
    const broken = await run(process.execPath, [path.join(site, 'node_modules', 'astro', 'astro.js'), 'build'], site, 5 * minutes)
    const lines = broken.output.split('\n')
    expect(broken.code, broken.output).not.toBe(0)
    const errorOf = (file: string) => lines.slice(lines.indexOf(file) + 1).find((line) => line.includes('missing-note-definition'))
    expect(lines).toContain('src/pages/broken.md')
    expect(errorOf('src/pages/broken.md')).toMatch(/^5:24-5:28 +error +Unexpected reference to undefined note `7`/)
    expect(lines).toContain('src/content/notes/lost.md')
    expect(errorOf('src/content/notes/lost.md')).toMatch(/^5:33-5:37 +error +Unexpected reference to undefined note `9`/)
    expect(broken.output).toMatch(/remark-brief: 2 file\(s\) with errors: src\/content\/notes\/lost\.md, src\/pages\/broken\.md/)

    // Astro does not render an unchanged collection entry again: the next build still fails on it.
    await fs.rm(path.join(site, 'src', 'pages', 'broken.md'))
    const again = await run(process.execPath, [path.join(site, 'node_modules', 'astro', 'astro.js'), 'build'], site, 5 * minutes)
    expect(again.code, again.output).not.toBe(0)
    expect(again.output).toMatch(/remark-brief: 1 file\(s\) with errors: src\/content\/notes\/lost\.md/)
  }, 10 * minutes)

  it('is the README’s Astro example', async () => {
    const readme = await fs.readFile(path.join(root, 'README.md'), 'utf8')
    expect(readme).toContain(await fs.readFile(path.join(fixtures, 'site', 'astro.config.mjs'), 'utf8'))
  })
})
