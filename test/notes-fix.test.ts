import {readdirSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {fixBrief, formatOfFile, frontMatterOf} from '../src/build/fix.js'
import {emptyBrief} from '../src/meta/brief-data.js'

const seedText = new URL('../input/vif-kazakhstan-protests-chinese-article.txt', import.meta.url)
const seedMarkdown = new URL('fixtures/notes/seed/input.md', import.meta.url)

describe('fixBrief on Markdown', () => {
  it('renumbers notes, keeps the front matter and returns the new text', () => {
    const file = new VFile({path: 'brief.md', value: '---\ntitle: A brief\n---\n\nB.[^b] A.[^a]\n\n[^a]: Note a.\n[^b]: Note b.\n'})
    const result = fixBrief(file)
    expect(String(result)).toBe('---\ntitle: A brief\n---\n\nB.[^1] A.[^2]\n\n[^1]: Note b.\n\n[^2]: Note a.\n')
    expect(result.path).toBe('brief.md')
    expect(String(file)).toBe('---\ntitle: A brief\n---\n\nB.[^b] A.[^a]\n\n[^a]: Note a.\n[^b]: Note b.\n')
    // The messages land on the input file too: the CLI checks `file.messages`.
    expect(file.messages.map((message) => message.ruleId)).toEqual(['renumbered-notes'])
    expect(result.messages.map((message) => message.ruleId)).toEqual(['renumbered-notes'])
  })

  it('passes notes options through (`mergeRepeated`)', () => {
    const file = new VFile({path: 'brief.md', value: 'A.[^1] B.[^2]\n\n[^1]: Same.\n\n[^2]: Same.\n'})
    expect(String(fixBrief(file, {mergeRepeated: true}))).toBe('A.[^1] B.[^1]\n\n[^1]: Same.\n')
  })

  it('is idempotent: fixing the output again changes nothing', () => {
    const once = fixBrief(new VFile({path: 'x.md', value: '* b[^z]\n* a[^y]\n\n[^y]: *Why*.\n[^z]: Zed, <https://e.org/?utm_source=s>.\n'}))
    const twice = fixBrief(new VFile({path: 'x.md', value: String(once)}))
    expect(String(once)).toBe('- b[^1]\n- a[^2]\n\n[^1]: Zed, <https://e.org/?utm_source=s>.\n\n[^2]: *Why*.\n')
    expect(String(twice)).toBe(String(once))
  })

  it('is idempotent on the seed as Markdown and keeps its 14 notes', async () => {
    const value = await readFile(seedMarkdown, 'utf8')
    const once = fixBrief(new VFile({path: 'seed.md', value}))
    expect(String(fixBrief(new VFile({path: 'seed.md', value: String(once)})))).toBe(String(once))
    expect(String(once).match(/^\[\^\d+\]:/gm)).toHaveLength(14)
    expect(once.messages.filter((message) => message.ruleId === 'repeated-note-content')).toHaveLength(1)
  })

  it('reports errors without throwing, and throws with `strict`', () => {
    const file = new VFile({path: 'x.md', value: 'A [^7].\n'})
    expect(String(fixBrief(file))).toBe('A \\[^7].\n')
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([['missing-note-definition', true]])
    expect(() => fixBrief(new VFile({path: 'x.md', value: 'A [^7].\n'}), {strict: true})).toThrow(/undefined note `7`/)
  })
})

describe('fixBrief on scraped text', () => {
  it('writes Markdown with YAML front matter next to the text', async () => {
    const file = new VFile({path: 'input/seed.txt', value: await readFile(seedText, 'utf8')})
    const result = fixBrief(file)
    expect(result.path).toBe('input/seed.md')
    expect(String(result)).toMatch(/^---\ntitle: Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity\n/)
    expect(String(result).split('\n---\n')[1]).not.toContain('Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity')
  })

  it('is idempotent: the Markdown written for the seed fixes to itself', async () => {
    const once = fixBrief(new VFile({path: 'seed.txt', value: await readFile(seedText, 'utf8')}))
    const twice = fixBrief(new VFile({path: 'seed.md', value: String(once)}))
    expect(String(twice)).toBe(String(once))
  })

  it('the seed: 14 notes as GFM footnotes, one repeated note (14 repeats 11), no error', async () => {
    const file = new VFile({path: 'seed.txt', value: await readFile(seedText, 'utf8')})
    const result = String(fixBrief(file))
    expect(result.match(/^\[\^\d+\]:/gm)).toEqual(['[^1]:', '[^2]:', '[^3]:', '[^4]:', '[^5]:', '[^6]:', '[^7]:', '[^8]:', '[^9]:', '[^10]:', '[^11]:', '[^12]:', '[^13]:', '[^14]:'])
    expect(result).toContain('relevant accounts have also got banned.[^14]')
    expect(result).toMatch(/^authors:\n {2}- name: Dr Pravesh Kumar Gupta\n {4}role: Associate Fellow\n {4}affiliation: VIF$/m)
    expect(file.messages.filter((message) => message.fatal === true).map(String)).toEqual([])
    expect(file.messages.filter((message) => message.ruleId === 'repeated-note-content').map((message) => message.reason)).toEqual([
      'Unexpected note `14` with the same text as note `11`, expected one note cited twice'
    ])
  })
})

describe('fixBrief on corpus-shaped fixtures', () => {
  const folder = new URL('fixtures/article/classes/', import.meta.url)
  const names = readdirSync(folder).filter((name) => name.endsWith('.txt'))

  it('has fixtures to fix', () => {
    expect(names.length).toBeGreaterThan(4)
  })

  for (const name of names) {
    it(name + ': never throws, labels 1..n, and fixing the output changes nothing', async () => {
      const file = new VFile({path: name, value: await readFile(new URL(name, folder), 'utf8')})
      const once = fixBrief(file)
      const labels = (String(once).match(/^\[\^(\d+)\]:/gm) ?? []).map((line) => line.slice(2, -2))
      expect(labels).toEqual(labels.map((_, index) => String(index + 1)))
      const twice = fixBrief(new VFile({path: once.path, value: String(once)}))
      expect(String(twice)).toBe(String(once))
    })
  }
})

describe('helpers', () => {
  it('reads the format from the extension', () => {
    expect(formatOfFile(new VFile({path: 'a.md'}))).toBe('markdown')
    expect(formatOfFile(new VFile({path: 'a.MARKDOWN'}))).toBe('markdown')
    expect(formatOfFile(new VFile({path: 'a.txt'}))).toBe('text')
    expect(formatOfFile(new VFile())).toBe('text')
  })

  it('writes the content fields of `file.data.brief`, not junk, defaults or empties', () => {
    const brief = {
      ...emptyBrief('text'),
      title: 'T',
      authors: [{name: 'N', role: 'R', affiliation: undefined}],
      disclaimer: 'D',
      credits: ['Image Source: https://x.org/i.jpg'],
      removed: [{text: 'Contact Us', reason: 'site navigation'}]
    }
    expect(frontMatterOf(brief)).toEqual({
      title: 'T',
      authors: [{name: 'N', role: 'R'}],
      disclaimer: 'D',
      credits: ['Image Source: https://x.org/i.jpg']
    })
  })
})
