/**
 * The README's host snippets, run as written (issue 14: "a section per host
 * with a snippet that the tests run"). Each snippet follows a
 * `<!-- hosts-test: NAME -->` comment; it is written into a project folder
 * under test/.tmp whose `node_modules/remark-brief` links to this package
 * (its built `dist/`: run `npm run build` first); other imports resolve from
 * this repository's node_modules, as a user's own installs would.
 */
import {execFile} from 'node:child_process'
import {mkdir, readFile, rm, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const work = path.join(root, 'test/.tmp/hosts-readme')
const readme = await readFile(path.join(root, 'README.md'), 'utf8')

/** The fenced block after `<!-- hosts-test: name -->`. */
function snippet(name: string): string {
  const match = new RegExp(`<!-- hosts-test: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(readme)
  if (!match) throw new Error(`No README snippet \`${name}\``)
  return match[1]!
}

const frontMatter = '---\ntitle: Host brief\nauthors:\n  - name: A. Person\n---\n'
const body = '\n# Heading\n\nClaim.[^b] Other.[^a] Tracked.[^t]\n\n[^a]: Note a.\n\n[^b]: Note b.\n\n[^t]: See [the page](https://example.org/x?utm_source=feed&id=3).\n\n[^old]: Nothing cites this.\n'

beforeAll(async () => {
  await rm(work, {recursive: true, force: true})
  await mkdir(path.join(work, 'node_modules'), {recursive: true})
  await symlink(root, path.join(work, 'node_modules/remark-brief'), 'dir')
})

afterAll(async () => {
  await rm(work, {recursive: true, force: true})
})

describe('README host snippets', () => {
  it('has a section per host, each with its snippet (Astro: its heading)', () => {
    for (const heading of ['### remark-cli', '### MDX', '### Docusaurus', '### Eleventy', '### Astro']) expect(readme).toContain(heading)
    for (const name of ['remark-cli', 'mdx', 'docusaurus', 'eleventy']) expect(snippet(name).length).toBeGreaterThan(20)
  })

  it('remark-cli: the `.remarkrc.json` renumbers, strips tracking, keeps front matter on `-o`, reports', async () => {
    await writeFile(path.join(work, '.remarkrc.json'), snippet('remark-cli'))
    await writeFile(path.join(work, 'doc.md'), frontMatter + body)
    const {stderr} = await run(process.execPath, [path.join(root, 'node_modules/.bin/remark'), 'doc.md', '-o', '--no-color'], {cwd: work})
    const written = await readFile(path.join(work, 'doc.md'), 'utf8')
    expect(written.startsWith(frontMatter)).toBe(true)
    expect(written).toContain('Claim.[^1] Other.[^2] Tracked.[^3]')
    expect(written).toContain('[the page](https://example.org/x?id=3)')
    expect(stderr).toMatch(/doc\.md[\s\S]*warning\s+Unexpected unused note definition `old`[\s\S]*unused-note-definition/)
  })

  it('MDX: compiles, prints the messages, no front matter in the page, uncited note grouped as 4', async () => {
    await writeFile(path.join(work, 'mdx.mjs'), snippet('mdx'))
    await writeFile(path.join(work, 'example.mdx'), frontMatter + body)
    const {stdout, stderr} = await run(process.execPath, ['mdx.mjs'], {cwd: work})
    expect(stderr).toMatch(/example\.mdx\n[\s\S]*\d+:\d+-\d+:\d+\s+warning\s+Unexpected unused/)
    expect(stdout.split('\n')[0]).toBe('Host brief')
    expect(stdout).not.toContain('A. Person')
    expect(stdout).toContain('Uncited notes')
    expect(stdout).toMatch(/start: "4"/)
  })

  it('Docusaurus: the config’s plugins, as its MDX loader runs them, renumber; strict throws on a missing note', async () => {
    await writeFile(path.join(work, 'docusaurus.config.mjs'), snippet('docusaurus'))
    const config = (await import(pathToFileURL(path.join(work, 'docusaurus.config.mjs')).href)).default as {
      markdown: {remarkRehypeOptions: object}
      presets: Array<[string, {docs: {remarkPlugins: unknown[]; rehypePlugins: unknown[]}}]>
    }
    const {compile} = await import('@mdx-js/mdx')
    const {VFile} = await import('vfile')
    const remarkFrontmatter = (await import('remark-frontmatter')).default
    const options = config.presets[0]![1].docs
    const frontMatterData: Record<string, unknown> = {title: 'Host brief'}
    const file = new VFile({value: frontMatter + body, path: 'docs/notes.md', data: {frontMatter: frontMatterData}})
    // Docusaurus registers front matter syntax itself, before the user's plugins.
    const code = String(
      await compile(file, {remarkPlugins: [remarkFrontmatter, ...(options.remarkPlugins as [])], rehypePlugins: options.rehypePlugins as [], remarkRehypeOptions: config.markdown.remarkRehypeOptions})
    )
    expect(code).toContain('Note b.')
    expect(code).toContain('"Uncited notes"')
    expect((frontMatterData.briefData as {authors: unknown[]}).authors).toEqual([{name: 'A. Person'}])
    const broken = new VFile({value: 'Text.[^7]\n', path: 'docs/broken.md'})
    await expect(compile(broken, {remarkPlugins: options.remarkPlugins as []})).rejects.toThrow(/Unexpected reference to undefined note `7`/)
  })

  it('Eleventy: the adapter renders through unified, reads the page data, fails on errors', async () => {
    await writeFile(path.join(work, 'eleventy.config.mjs'), snippet('eleventy'))
    const configure = (await import(pathToFileURL(path.join(work, 'eleventy.config.mjs')).href)).default as (config: unknown) => void
    let library: {render: (content: string, data: unknown) => string} | undefined
    configure({setLibrary: (name: string, value: typeof library) => name === 'md' && (library = value)})
    // Eleventy hands over the body (front matter removed) and the page's data.
    const warn = console.warn
    const warnings: string[] = []
    console.warn = (text: string) => warnings.push(text)
    try {
      const html = library!.render(body, {title: 'Host brief', authors: [{name: 'A. Person'}], page: {inputPath: './src/notes.md'}})
      expect(html).toContain('<a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref aria-describedby="footnote-label">1</a>')
      expect(html).toMatch(/<h3 id="user-content-uncited-label" class="brief-uncited-label">Uncited notes<\/h3>\s*<ol data-uncited aria-labelledby="user-content-uncited-label" start="4">/)
      expect(warnings.join('\n')).toMatch(/src\/notes\.md\n[\s\S]*unused-note-definition/)
      expect(() => library!.render('Text.[^7]\n', {page: {inputPath: './src/broken.md'}})).toThrow('remark-brief errors in ./src/broken.md')
    } finally {
      console.warn = warn
    }
  })
})
