/**
 * The build as a library (no browser: `formats: ['html']`): the processor,
 * the batch result and its events, the site index.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import {selectAll} from 'hast-util-select'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {buildBatch, createBriefProcessor, isRunError, type BuildEvent} from '../src/build/public.js'
import {siteIndex} from '../src/build/site.js'
import {copyFilesAtomic} from '../src/build/write.js'
import {templateAssets} from '../src/template/assets.js'
import {project, shortArticle} from './setup/cli.js'

describe('createBriefProcessor', () => {
  it('markdown: front matter, GFM footnotes, remark-rehype’s footnote markup', async () => {
    const processor = createBriefProcessor({format: 'markdown'})
    const file = new VFile({path: 'a.md', value: '---\ntitle: T\n---\n\nText.[^x]\n\n[^x]: A note.\n'})
    const html = String(await processor.process(file))
    expect(html).toContain('data-footnote-ref')
    expect(html).toContain('data-footnotes')
    expect(html).not.toContain('title: T')
    expect(file.messages.filter((message) => message.fatal)).toEqual([])
  })

  it('text: the article recognizer reads scraped text', async () => {
    const processor = createBriefProcessor({format: 'text'})
    const file = new VFile({path: 'a.txt', value: await shortArticle('Water Security on the Upper Mekong')})
    const html = String(await processor.process(file))
    expect(file.data.brief?.title).toBe('Water Security on the Upper Mekong')
    expect(selectAll('[data-footnote-ref]', fromHtml(html))).toHaveLength(3)
  })

  it('is frozen: reused for every file, state per file', async () => {
    const processor = createBriefProcessor({format: 'markdown'})
    expect(() => processor.use(() => {})).toThrow(/frozen/)
    const first = new VFile({value: 'One.[^1]\n\n[^1]: First.\n'})
    const second = new VFile({value: 'Two.[^9]\n'})
    await processor.process(first)
    await processor.process(second)
    expect(first.messages.filter((message) => message.fatal)).toEqual([])
    expect(second.messages.map((message) => message.ruleId)).toContain('missing-note-definition')
  })
})

describe('buildBatch', () => {
  it('builds, reports events in order, and caches', async () => {
    const cwd = await project('api')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'one.txt'), await shortArticle('First brief'))
    await fs.writeFile(path.join(cwd, 'input', 'two.md'), 'Markdown text.[^1]\n\n[^1]: A note.\n')
    await fs.writeFile(path.join(cwd, 'input', 'three.txt'), await shortArticle('Second brief'))
    const events: string[] = []
    const onEvent = (event: BuildEvent) =>
      events.push(event.type === 'start' ? `start ${event.total}` : event.type === 'file-start' ? `start ${path.basename(event.input)}` : `done ${event.result.relative} ${event.result.status}`)

    const result = await buildBatch([], {cwd, formats: ['html'], concurrency: 1, onEvent})
    // One article is prepared while another prints: starts and ends interleave, each file starts before it is done.
    expect(events[0]).toBe('start 3')
    expect(events.filter((event) => event.startsWith('done')).sort()).toEqual(['done input/one.txt built', 'done input/three.txt built', 'done input/two.md built'])
    for (const name of ['one.txt', 'three.txt', 'two.md']) {
      expect(events.indexOf(`start ${name}`)).toBeLessThan(events.indexOf(`done input/${name} built`))
    }
    expect(result).toMatchObject({built: 3, unchanged: 0, failed: 0, skipped: 0})
    expect(result.files.map((file) => [file.relative, file.name, file.outputs.map((output) => path.relative(cwd, output))])).toEqual([
      ['input/one.txt', 'one', ['output/one.html']],
      ['input/three.txt', 'three', ['output/three.html']],
      ['input/two.md', 'two', ['output/two.html']]
    ])

    const again = await buildBatch(['input'], {cwd, formats: ['html']})
    expect(again).toMatchObject({built: 0, unchanged: 3, failed: 0})

    const index = fromHtml(await fs.readFile(path.join(cwd, 'output', 'index.html'), 'utf8'))
    expect(selectAll('li[data-brief] h2', index).map((heading) => (heading.children[0] as {children: Array<{value: string}>}).children[0]!.value).sort()).toEqual([
      'First brief',
      'Second brief',
      'two'
    ])
  })

  it('a run error carries one message in a file', async () => {
    const cwd = await project('api-error')
    const error = await buildBatch([], {cwd, formats: ['html'], configPath: 'nope.json'}).catch((error: unknown) => error)
    expect(isRunError(error)).toBe(true)
    if (isRunError(error)) {
      expect(error.file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([['config-invalid', true]])
    }
  })
})

describe('copyFilesAtomic', () => {
  it('copies each file, leaves a target with the same bytes alone, and leaves no temporary file', async () => {
    const cwd = await project('copy-files')
    const from = ['a.woff2', 'b.css', 'c.png'].map((name) => path.join(cwd, name))
    await Promise.all(from.map((file, index) => fs.writeFile(file, `bytes of ${index}`)))
    const to = ['fonts/a.woff2', 'b.css', 'images/deep/c.png'].map((name) => path.join(cwd, 'out', name))
    const items = from.map((file, index) => ({from: file, to: to[index]!}))
    const pending = new Set<string>()

    await copyFilesAtomic(items, pending, 2)
    expect(await Promise.all(to.map((file) => fs.readFile(file, 'utf8')))).toEqual(['bytes of 0', 'bytes of 1', 'bytes of 2'])
    expect(pending.size).toBe(0)

    // Unchanged: not rewritten (same inode); changed: replaced.
    const before = await fs.stat(to[0]!)
    await fs.writeFile(from[1]!, 'new bytes')
    await copyFilesAtomic(items, pending, 2)
    expect((await fs.stat(to[0]!)).ino).toBe(before.ino)
    expect(await fs.readFile(to[1]!, 'utf8')).toBe('new bytes')
    const left = await fs.readdir(path.join(cwd, 'out'), {recursive: true})
    expect(left.filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('a missing source fails the copy', async () => {
    const cwd = await project('copy-files-missing')
    await expect(copyFilesAtomic([{from: path.join(cwd, 'nope'), to: path.join(cwd, 'out', 'x')}])).rejects.toThrow(/ENOENT/)
  })
})

describe('buildBatch assets', () => {
  it('copies the template’s assets once for the HTML, every one of them', async () => {
    const cwd = await project('assets-once')
    await fs.mkdir(path.join(cwd, 'input'))
    for (const name of ['a', 'b', 'c', 'd']) await fs.writeFile(path.join(cwd, 'input', `${name}.md`), `# ${name}\n\nText of ${name}.\n`)
    const result = await buildBatch([], {cwd, formats: ['html'], concurrency: 3})
    expect(result).toMatchObject({built: 4, failed: 0})
    const assets = templateAssets({})
    const copied = await Promise.all(assets.map((asset) => fs.readFile(path.join(cwd, 'output', 'assets', ...asset.name.split('/')))))
    const originals = await Promise.all(assets.map((asset) => fs.readFile(asset.path)))
    expect(copied.every((bytes, index) => Buffer.compare(bytes, originals[index]!) === 0)).toBe(true)
    const left = await fs.readdir(path.join(cwd, 'output'), {recursive: true})
    expect(left.filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})

describe('siteIndex', () => {
  it('puts untrusted titles in as text, never markup', () => {
    const html = siteIndex([
      {key: 'k', name: 'x', outputs: {html: 'x.html', pdf: 'x.pdf'}, title: '<script>alert(1)</script>', authors: ['<b>Eve</b>'], warnings: 0, pages: 2}
    ])
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>')
    expect(html).toContain('&#x3C;b>Eve&#x3C;/b> · 2 pages')
    const tree = fromHtml(html)
    expect(selectAll('a', tree).map((link) => link.properties.href)).toEqual(['x.html', 'x.pdf', 'x.html'])
  })
})
