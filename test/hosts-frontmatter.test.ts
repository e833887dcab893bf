/**
 * Front matter in every host (issue 14, item 2), the rc-file entries
 * (`remark-brief/notes`, `remark-brief/article`) and uncited notes in a site
 * page. remark-cli is spawned for real in a project folder whose
 * `node_modules/remark-brief` links to this package (its built `dist/`:
 * run `npm run build` first), as a user's install would be.
 */
import {execFile} from 'node:child_process'
import {mkdir, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {compile} from '@mdx-js/mdx'
import rehypeStringify from 'rehype-stringify'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import remarkBrief, {rehypeBriefUncitedNotes, remarkBriefNotes, uncitedNoteHandlers} from '../src/index.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const work = path.join(root, 'test/.tmp/hosts-frontmatter')
const remarkBin = path.join(root, 'node_modules/.bin/remark')

const frontMatter = '---\ntitle: Front matter test\nauthors:\n  - name: A. Person\n    role: Fellow\ndate: 2026-11-30\n---\n'
const page = frontMatter + '\n# Heading\n\nClaim.[^b] Other.[^a]\n\n[^a]: Note a.\n\n[^b]: Note b.\n'

beforeAll(async () => {
  await rm(work, {recursive: true, force: true})
  await mkdir(path.join(work, 'node_modules'), {recursive: true})
  await symlink(root, path.join(work, 'node_modules/remark-brief'), 'dir')
})

afterAll(async () => {
  await rm(work, {recursive: true, force: true})
})

/** Run remark-cli in a fresh folder with this rc and these files; the files as written afterwards. */
async function remarkCli(name: string, rc: unknown, files: Record<string, string>, args: string[]) {
  const folder = path.join(work, name)
  await mkdir(folder, {recursive: true})
  await symlink(path.join(work, 'node_modules'), path.join(folder, 'node_modules'), 'dir')
  await writeFile(path.join(folder, '.remarkrc.json'), JSON.stringify(rc))
  for (const [file, value] of Object.entries(files)) await writeFile(path.join(folder, file), value)
  const result = await run(process.execPath, [remarkBin, ...args], {cwd: folder}).catch((error: {stdout: string; stderr: string; code: number}) => error)
  const written: Record<string, string> = {}
  for (const file of Object.keys(files)) written[file] = await readFile(path.join(folder, file), 'utf8')
  return {stderr: result.stderr, code: 'code' in result ? result.code : 0, written}
}

describe('remark-cli with `.remarkrc.json`', () => {
  it('`remark-brief`: `-o` keeps YAML front matter byte for byte and renumbers the notes', async () => {
    const {written, stderr, code} = await remarkCli('default', {plugins: ['remark-brief']}, {'doc.md': page}, ['doc.md', '-o'])
    expect(code).toBe(0)
    expect(written['doc.md']!.startsWith(frontMatter)).toBe(true)
    expect(written['doc.md']).toContain('Claim.[^1] Other.[^2]')
    expect(written['doc.md']).toContain('[^1]: Note b.')
    expect(stderr).toMatch(/renumbered-notes/)
  })

  it('`remark-brief/notes` alone keeps front matter too, and takes JSON options', async () => {
    const text = frontMatter + '\nCited.[^a]\n\n[^a]: Note.\n\n[^z]: Unused.\n'
    const {written} = await remarkCli('notes', {plugins: [['remark-brief/notes', {dropUnused: true}]]}, {'doc.md': text}, ['doc.md', '-o'])
    expect(written['doc.md']).toBe(frontMatter + '\nCited.[^1]\n\n[^1]: Note.\n')
  })

  it('with remark-frontmatter named first, registers nothing twice (same output)', async () => {
    const {written} = await remarkCli('both', {plugins: ['remark-frontmatter', 'remark-brief']}, {'doc.md': page}, ['doc.md', '-o'])
    expect(written['doc.md']!.startsWith(frontMatter)).toBe(true)
    expect(written['doc.md']!.match(/^---$/gm)).toHaveLength(2)
  })

  it('`remark-brief/article` as the parser reads scraped text into Markdown with linked notes', async () => {
    const scraped = 'A Title For The Brief\n\nBy Jane Roe\n\nThe first claim is made here.1 A second one follows.2\n\nNotes\n\n1. First source, 2020.\n2. Second source, 2021.\n'
    const {stderr, code} = await remarkCli('article', {plugins: ['remark-brief/article', 'remark-brief']}, {'a.txt': scraped}, [
      'a.txt',
      '--ext',
      'txt',
      '-o',
      'out.md'
    ])
    expect(code).toBe(0)
    const out = await readFile(path.join(work, 'article', 'out.md'), 'utf8')
    expect(out).toContain('here.[^1]')
    expect(out).toContain('[^2]: Second source, 2021.')
    expect(stderr).not.toMatch(/error/)
  })
})

describe('MDX (@mdx-js/mdx) with no remark-frontmatter', () => {
  it('does not print the front matter and reads it into `file.data.brief`', async () => {
    const file = await compile(new VFile({value: page, path: 'doc.mdx'}), {remarkPlugins: [remarkBrief]})
    const code = String(file)
    expect(code).not.toContain('Front matter test')
    expect(code).not.toContain('A. Person')
    expect(code).toContain('Note b.')
    expect(file.data.brief?.title).toBe('Front matter test')
    expect(file.data.brief?.authors).toEqual([{name: 'A. Person', role: 'Fellow'}])
    expect(file.data.brief?.date).toBe('2026-11-30')
  })

  it('the check can fail: without remark-brief, MDX prints the front matter as text', async () => {
    const code = String(await compile(page, {remarkPlugins: [remarkGfm]}))
    expect(code).toContain('Front matter test')
  })
})

describe('front matter a host parsed before remark ran', () => {
  // Astro blanks the YAML with spaces (pages) and hands the parsed object over; YAML dates arrive as `Date`.
  const blanked = page.replace(frontMatter, frontMatter.replace(/[^\n]/g, ' '))

  it('Astro: reads `file.data.astro.frontmatter`, writes `briefData` back, leaves `brief: true` alone', () => {
    const astroFrontMatter: Record<string, unknown> = {title: 'From Astro', authors: [{name: 'B. Writer'}], date: new Date('2026-10-01T00:00:00Z'), brief: true}
    const file = new VFile({value: blanked, path: 'src/pages/kaz.md', data: {astro: {frontmatter: astroFrontMatter}}})
    const processor = unified().use(remarkParse).use(remarkBrief).use(remarkRehype).use(rehypeStringify)
    const html = String(processor.processSync(file))
    expect(file.data.brief?.title).toBe('From Astro')
    expect(file.data.brief?.date).toBe('2026-10-01')
    expect(astroFrontMatter.brief).toBe(true)
    const shared = astroFrontMatter.briefData as {title: string; authors: unknown[]}
    expect(shared.title).toBe('From Astro')
    expect(shared.authors).toEqual([{name: 'B. Writer'}])
    expect(html).toContain('href="#user-content-fn-1"')
  })

  it('Docusaurus: a `yaml` node is read as written; `file.data.frontMatter` gets `briefData`', () => {
    const docusaurusFrontMatter: Record<string, unknown> = {title: 'Front matter test', sidebar_position: 2}
    const file = new VFile({value: page, path: 'docs/notes.md', data: {frontMatter: docusaurusFrontMatter}})
    unified().use(remarkParse).use(remarkFrontmatter).use(remarkBrief).use(remarkStringify).processSync(file)
    expect(file.data.brief?.authors).toEqual([{name: 'A. Person', role: 'Fellow'}])
    expect((docusaurusFrontMatter.briefData as {title: string}).title).toBe('Front matter test')
    expect(docusaurusFrontMatter.sidebar_position).toBe(2)
  })

  it('reports a host value of the wrong type like a YAML one', () => {
    const file = new VFile({value: 'Text.\n', data: {astro: {frontmatter: {title: ['not', 'text']}}}})
    unified().use(remarkParse).use(remarkBrief).use(remarkStringify).processSync(file)
    expect(file.messages.map((message) => message.ruleId)).toContain('front-matter-type')
    expect(file.data.brief?.title).toBeUndefined()
  })
})

describe('uncited notes in a site page', () => {
  const text = 'Claim.[^a] More.[^b] Again.[^c]\n\n[^a]: A.\n\n[^old]: Nothing cites this.\n\n[^b]: B.\n\n[^c]: C.\n'

  function html(withGroup: boolean) {
    const processor = unified()
      .use(remarkParse)
      .use(remarkBriefNotes)
      .use(remarkRehype, {handlers: uncitedNoteHandlers})
    if (withGroup) processor.use(rehypeBriefUncitedNotes)
    return String(processor.use(rehypeStringify).processSync(text))
  }

  it('`uncitedNoteHandlers` alone: the stray list carries the real number (start="4")', () => {
    expect(html(false)).toMatch(/<ol data-uncited start="4">/)
  })

  it('`rehypeBriefUncitedNotes`: one labelled group after the cited notes, inside the footnotes section, numbered 4', () => {
    const page = html(true)
    const section = page.slice(page.indexOf('<section data-footnotes'))
    expect(page.indexOf('<section data-footnotes')).toBeGreaterThan(page.indexOf('Again.'))
    expect(page.slice(0, page.indexOf('<section data-footnotes'))).not.toContain('data-uncited')
    expect(section.indexOf('C.')).toBeLessThan(section.indexOf('<h3 id="user-content-uncited-label" class="brief-uncited-label">Uncited notes</h3>'))
    expect(section).toMatch(/<ol data-uncited aria-labelledby="user-content-uncited-label" start="4">\s*<li id="user-content-fn-4" value="4">/)
    expect(section).toContain('Nothing cites this. <span class="brief-uncited">(uncited)</span>')
  })

  it('makes the footnotes section when nothing is cited', () => {
    const processor = unified().use(remarkParse).use(remarkBriefNotes).use(remarkRehype, {handlers: uncitedNoteHandlers}).use(rehypeBriefUncitedNotes).use(rehypeStringify)
    const page = String(processor.processSync('No calls.\n\n[^x]: Lonely.\n'))
    expect(page).toMatch(/<section data-footnotes class="footnotes"><h3[^>]*>Uncited notes<\/h3>\s*<ol data-uncited[^>]*start="1">\s*<li id="user-content-fn-1" value="1">/)
  })
})
