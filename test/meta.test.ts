import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import remarkStringify from 'remark-stringify'
import rehypeStringify from 'rehype-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {emptyBrief} from '../src/meta/brief-data.js'
import {remarkBriefMeta} from '../src/meta/index.js'
import {brief} from './fixtures/template/chain.js'

/** Markdown ▶ meta only; the file keeps data and messages. */
async function meta(value: string, file = new VFile({value})) {
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkBriefMeta)
  const tree = await processor.run(processor.parse(file), file)
  return {file, tree}
}

describe('remarkBriefMeta: YAML front matter ▶ file.data.brief', () => {
  it('reads every documented field', async () => {
    const {file} = await meta(
      [
        '---',
        'title: A title',
        'subtitle: A subtitle',
        'shortTitle: Short',
        'authors:',
        '  - Jane Roe',
        '  - {name: John Doe, role: Fellow, affiliation: EI, bio: John writes.}',
        'organization: {name: Example Institute, shortName: EI, website: "https://example.org"}',
        'date: 2024-03-05',
        'series: Issue Brief',
        'issue: 7',
        'summary: In short.',
        'keyPoints: [One, Two]',
        'keywords: [water, energy]',
        'lang: fr',
        'url: https://example.org/7',
        'paper: letter',
        'disclaimer: Views are our own.',
        'credits: "Image: Someone"',
        '---',
        '',
        'Body.'
      ].join('\n')
    )
    expect(file.messages).toEqual([])
    expect(file.data.brief).toMatchObject({
      title: 'A title',
      subtitle: 'A subtitle',
      shortTitle: 'Short',
      authors: [{name: 'Jane Roe'}, {name: 'John Doe', role: 'Fellow', affiliation: 'EI', bio: 'John writes.'}],
      organization: 'Example Institute',
      organizationDetails: {name: 'Example Institute', shortName: 'EI', website: 'https://example.org'},
      date: '2024-03-05',
      series: 'Issue Brief',
      issue: '7',
      summary: 'In short.',
      keyPoints: ['One', 'Two'],
      keywords: ['water', 'energy'],
      lang: 'fr',
      url: 'https://example.org/7',
      paper: 'Letter',
      disclaimer: 'Views are our own.',
      credits: ['Image: Someone']
    })
  })

  it('a wrong type is a warning naming the key at its place, the rest is read', async () => {
    const {file} = await meta(['---', 'title: Fine', 'authors: 42', 'url: javascript:alert(1)', 'keyPoints: {a: 1}', '---', '', 'Body.'].join('\n'))
    expect(file.data.brief?.title).toBe('Fine')
    expect(file.data.brief?.url).toBeUndefined()
    expect(file.data.brief?.authors).toEqual([])
    expect(file.messages.map((message) => [message.ruleId, message.fatal, message.line, message.column, (message as {data?: {key: string}}).data?.key])).toEqual([
      ['front-matter-type', false, 3, 1, 'authors'],
      ['front-matter-type', false, 4, 1, 'url'],
      ['front-matter-type', false, 5, 1, 'keyPoints']
    ])
    expect(file.messages[0]!.reason).toMatch(/^Unexpected value for `authors` in front matter, expected /)
  })

  it('invalid YAML is one error, nothing read, nothing thrown', async () => {
    const {file} = await meta('---\ntitle: [unclosed\n---\n\nBody.\n')
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([['front-matter-invalid', true]])
    expect(file.data.brief?.title).toBeUndefined()
  })

  it('YAML tags that other loaders run are not run (core schema, no custom tags)', async () => {
    const {file} = await meta('---\ntitle: !!js/function "function () { return 1 }"\n---\n\nBody.\n')
    // The unknown tag is ignored: the value is the plain string, never a function.
    expect(file.data.brief?.title).toBe('function () { return 1 }')
    expect(file.messages.map((message) => [message.ruleId, message.fatal, message.line, message.column])).toEqual([['front-matter-tag', false, 2, 8]])
    expect(file.messages[0]!.reason).toMatch(/^Unexpected YAML tag in front matter \(Unresolved tag: tag:yaml.org,2002:js\/function/)
  })

  it('an alias bomb is one error, not expanded, nothing thrown', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]']
    for (const [index, name] of [...'bcdefgh'].entries()) {
      const previous = 'abcdefgh'[index]
      levels.push(`${name}: &${name} [${Array.from({length: 9}, () => '*' + previous).join(', ')}]`)
    }
    const {file} = await meta(['---', ...levels, 'title: *h', '---', '', 'Body.'].join('\n'))
    expect(file.messages.map((message) => [message.ruleId, message.fatal, message.line])).toEqual([['front-matter-invalid', true, 1]])
    expect(file.messages[0]!.reason).toMatch(/^Unexpected YAML aliases that expand too far/)
    expect(file.data.brief?.title).toBeUndefined()
  })

  it('keys named after Object.prototype are not fields and pollute nothing', async () => {
    const {file} = await meta('---\ntitle: T\n__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\ntoString: x\nauthors: [{name: A, __proto__: {isAdmin: true}}]\n---\n\nBody.\n')
    expect(file.messages).toEqual([])
    expect(file.data.brief).toMatchObject({title: 'T', authors: [{name: 'A'}]})
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    expect(Object.getPrototypeOf(file.data.brief!.authors[0])).toBe(Object.prototype)
  })

  for (const engine of ['javascript', 'js', 'coffee', 'toml']) {
    it(`\`---${engine}\` front matter is an error and is never evaluated`, async () => {
      const marker = path.join(os.tmpdir(), `remark-brief-meta-${engine}-${process.pid}`)
      fs.rmSync(marker, {force: true})
      const code = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'pwned'); ({title: 'Evil'})`
      const {file, tree} = await meta(`---${engine}\n${code}\n---\n\nBody text.\n`)
      expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([['unsafe-front-matter', true]])
      expect(file.messages[0]!.reason).toBe(`Unexpected front matter language \`${engine}\`, expected YAML; not evaluated`)
      expect(file.messages[0]!.place).toMatchObject({start: {line: 1, column: 1}, end: {line: 3}})
      expect(fs.existsSync(marker)).toBe(false)
      expect(file.data.brief?.title).toBeUndefined()
      // The code is not printed as body text either.
      expect(unified().use(remarkStringify).stringify(tree as never)).toBe('Body text.\n')
    })
  }

  it('the yaml node does not print in the HTML body', async () => {
    const file = new VFile({value: '---\ntitle: Secret-ish title\nseries: Memo\n---\n\nOnly this.\n'})
    const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkBriefMeta).use(remarkRehype).use(rehypeStringify)
    expect(String(await processor.process(file))).toBe('<p>Only this.</p>')
  })

  it('markup in metadata stays text in the whole brief', async () => {
    const {html, tree} = await brief('---\ntitle: "<script>alert(1)</script>"\nauthors: ["<img src=x onerror=alert(1)>"]\n---\n\nBody.\n')
    expect(html).not.toMatch(/<script|<img src="?x/i)
    expect(html).toContain('<h1 class="brief-title">&#x3C;script>alert(1)&#x3C;/script></h1>')
    expect(JSON.stringify(tree)).not.toContain('"tagName":"script"')
  })

  it('keeps what the article recognizer set unless front matter says otherwise', async () => {
    const file = new VFile({value: '---\nseries: Commentary\n---\n\nBody.\n'})
    file.data.brief = {...emptyBrief('markdown'), title: 'From the recognizer', organization: 'VIF', series: 'Article'}
    await meta('', file)
    expect(file.data.brief).toMatchObject({title: 'From the recognizer', organization: 'VIF', series: 'Commentary', frontMatter: ['series']})
  })

  it('leaves scraped text to the recognizer', async () => {
    const file = new VFile({value: '---js\nx\n---\n'})
    file.data.brief = emptyBrief('text')
    await meta('', file)
    expect(file.messages).toEqual([])
  })

  it('a logo in front matter (a file path from an untrusted article) is refused', async () => {
    const {file} = await meta('---\norganization: {name: X, logo: /etc/passwd}\n---\n\nBody.\n')
    expect(file.data.brief?.organizationDetails).toBeUndefined()
    expect(file.messages.map((message) => message.ruleId)).toEqual(['front-matter-type'])
  })
})
