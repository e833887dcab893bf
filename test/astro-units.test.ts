/**
 * The integration's pure parts, without Astro: where a page's PDF goes, how
 * message lines move back to the file on disk, the recorder on a unified
 * pipeline, and the message store across builds.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import rehypeStringify from 'rehype-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import brief from '../src/astro/index.js'
import {pdfTarget, remarkBriefRecord, type BuildState} from '../src/astro/record.js'
import {collectReports, lineShift} from '../src/astro/report.js'
import remarkBrief from '../src/plugin.js'
import {project} from './setup/cli.js'

const pagesDir = '/site/src/pages'

describe('pdfTarget', () => {
  it('a page: its path under src/pages plus .pdf', () => {
    expect(pdfTarget('/site/src/pages/posts/kaz.md', {pagesDir})).toBe('posts/kaz.pdf')
    expect(pdfTarget('/site/src/pages/index.md', {pagesDir})).toBe('index.pdf')
  })

  it('MDX, or a file outside src/pages without `pdfPath`: no PDF, and why', () => {
    expect(pdfTarget('/site/src/pages/essay.mdx', {pagesDir})).toEqual({reason: expect.stringMatching(/not Markdown/)})
    expect(pdfTarget('/site/src/content/notes/a.md', {pagesDir})).toEqual({reason: expect.stringMatching(/outside `src\/pages`.*`pdfPath`/)})
  })

  it('`pdfPath` places collection entries; a path leaving the output folder is refused', () => {
    const pdfPath = (source: string) => (source.includes('/content/') ? `notes/${path.basename(source, '.md')}.pdf` : undefined)
    expect(pdfTarget('/site/src/content/notes/a.md', {pagesDir, pdfPath})).toBe('notes/a.pdf')
    expect(pdfTarget('/site/src/pages/b.md', {pagesDir, pdfPath})).toBe('b.pdf')
    for (const bad of ['../a.pdf', 'x/../../a.pdf', 'a.html', 'a\\..\\b.pdf']) {
      expect(pdfTarget('/site/src/content/a.md', {pagesDir, pdfPath: () => bad})).toEqual({reason: expect.stringMatching(/Unexpected PDF path/)})
    }
  })
})

describe('lineShift', () => {
  it('a collection body without its front matter: the lines above it', () => {
    expect(lineShift('---\ntitle: A\n---\n\nBody.[^1]\n', 'Body.[^1]')).toBe(4)
  })

  it('a page (front matter blanked, same lines) or text not found: 0', () => {
    expect(lineShift('---\ntitle: A\n---\nBody.\n', '   \n        \n   \nBody.\n')).toBe(0)
    expect(lineShift('Body.\n', 'Body.\n')).toBe(0)
    expect(lineShift('Body.\n', '')).toBe(0)
  })
})

describe('the recorder', () => {
  it('records messages and the text remark saw, and gives a page that asks for a brief its PDF URL', async () => {
    const state: BuildState = {files: new Map(), selected: new Set(), pagesDir, base: '/docs/'}
    const processor = unified().use(remarkParse).use(remarkGfm).use(remarkBrief).use(remarkBriefRecord, {state}).use(remarkRehype).use(rehypeStringify)
    const frontmatter: Record<string, unknown> = {title: 'Kaz', brief: true}
    const text = 'Text.[^b] More.[^a]\n\n[^a]: A.\n[^b]: B.\n'
    const file = new VFile({path: '/site/src/pages/posts/kaz.md', value: text, data: {astro: {frontmatter}}})
    await processor.process(file)

    expect(frontmatter.briefPdf).toBe('/docs/posts/kaz.pdf')
    const rendered = state.files.get('/site/src/pages/posts/kaz.md')!
    expect(rendered.pdf).toBe('posts/kaz.pdf')
    // The file's value is now the HTML; the recorder kept the Markdown for the line shift.
    expect(rendered.text).toBe(text)
    expect(rendered.file.messages.map((message) => message.ruleId)).toEqual(['renumbered-notes'])
  })

  it('a page that does not ask gets no link', async () => {
    const state: BuildState = {files: new Map(), selected: new Set(), pagesDir, base: '/'}
    const frontmatter: Record<string, unknown> = {title: 'Plain'}
    const file = new VFile({path: '/site/src/pages/plain.md', value: 'Text.\n', data: {astro: {frontmatter}}})
    await unified().use(remarkParse).use(remarkBriefRecord, {state}).use(remarkRehype).use(rehypeStringify).process(file)
    expect(frontmatter.briefPdf).toBeUndefined()
    expect(state.files.get('/site/src/pages/plain.md')?.pdf).toBeUndefined()
  })
})

describe('collectReports', () => {
  it('moves lines back, keeps messages of files not rendered again while they are unchanged, and forgets changed ones', async () => {
    const root = await project('astro-store')
    const source = path.join(root, 'src', 'content', 'notes', 'a.md')
    await fs.mkdir(path.dirname(source), {recursive: true})
    const onDisk = '---\ntitle: A\n---\n\nA claim.[^9]\n'
    await fs.writeFile(source, onDisk)
    const store = path.join(root, 'cache', 'messages.json')

    const body = 'A claim.[^9]'
    const file = new VFile({path: source, value: body})
    const state: BuildState = {files: new Map(), selected: new Set(), pagesDir: path.join(root, 'src', 'pages'), base: '/'}
    await unified().use(remarkParse).use(remarkGfm).use(remarkBrief).use(remarkBriefRecord, {state}).use(remarkRehype).use(rehypeStringify).process(file)

    const first = await collectReports(state.files.values(), root, store)
    const lines = (reports: typeof first) => reports.flatMap((report) => report.file.messages.map((message) => `${report.file.path}:${message.line}:${message.column} ${message.ruleId} ${message.fatal}`))
    expect(lines(first)).toEqual(['src/content/notes/a.md:5:9 missing-note-definition true'])

    // Next build: Astro skips the unchanged entry; its error is still reported.
    expect(lines(await collectReports([], root, store))).toEqual(['src/content/notes/a.md:5:9 missing-note-definition true'])

    // Changed on disk (and so rendered again, or gone): the old messages are not reported.
    await fs.writeFile(source, onDisk + '\n[^9]: Now defined.\n')
    expect(lines(await collectReports([], root, store))).toEqual([])
  })
})

describe('brief()', () => {
  it('is an Astro integration that adds its plugins unless the config took them for its own processor', async () => {
    const added: unknown[] = []
    const setup = async (integration: ReturnType<typeof brief>) =>
      integration.hooks['astro:config:setup']!({
        config: {root: new URL('file:///site/'), srcDir: new URL('file:///site/src/'), cacheDir: new URL('file:///site/node_modules/.astro/'), base: '/'},
        command: 'build',
        updateConfig: (config) => added.push(config),
        logger: {info() {}, warn() {}, error() {}}
      })

    const plain = brief()
    expect(plain.name).toBe('remark-brief')
    await setup(plain)
    expect(added).toHaveLength(1)
    expect(added[0]).toMatchObject({markdown: {remarkPlugins: [[remarkBrief, {}], [remarkBriefRecord, expect.anything()]]}})

    const own = brief()
    expect(own.remarkPlugins).toHaveLength(2)
    await setup(own)
    expect(added).toHaveLength(1)
  })
})
