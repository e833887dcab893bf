import {readFile} from 'node:fs/promises'
import type {Root} from 'mdast'
import rehypeStringify from 'rehype-stringify'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {remarkBriefNotes, type NotesOptions} from '../src/notes/index.js'

/** Markdown through remark-parse + remark-gfm + the notes step + remark-stringify. */
function fix(markdown: string, options?: NotesOptions) {
  const file = new VFile(markdown)
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkFrontmatter)
    .use(remarkBriefNotes, options)
    .use(remarkStringify)
  const tree = processor.runSync(processor.parse(file), file) as Root
  return {file, tree, markdown: processor.stringify(tree, file), messages: file.messages.map(String)}
}

/** `ruleId` and severity of each message, the shape of the table. */
function rules(file: VFile) {
  return file.messages.map((message) => [
    message.ruleId,
    message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info'
  ])
}

describe('renumbering', () => {
  it('numbers notes in order of first reference and moves definitions to the end', () => {
    const {markdown, messages} = fix(
      ['Alpha.[^b] Bravo.[^a]', '', '[^a]: Note a.', '', 'Charlie.[^b]', '', '[^b]: Note b.', ''].join('\n')
    )
    expect(markdown).toBe(['Alpha.[^1] Bravo.[^2]', '', 'Charlie.[^1]', '', '[^1]: Note b.', '', '[^2]: Note a.', ''].join('\n'))
    expect(messages).toEqual([
      '1:7-1:11: Unexpected note labels out of reference order, expected `1`…`2`; renumbered `b` → `1`, `a` → `2`'
    ])
  })

  it('gives a note cited twice one number and remark-rehype one back-link per citation', () => {
    const file = new VFile('One.[^x] Two.[^y] Three.[^x]\n\n[^y]: Why.\n[^x]: Ex.\n')
    const html = String(
      unified()
        .use(remarkParse)
        .use(remarkGfm)
        .use(remarkBriefNotes)
        .use(remarkRehype)
        .use(rehypeStringify)
        .processSync(file)
    )
    expect(html).toContain('<a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref aria-describedby="footnote-label">1</a>')
    expect(html).toContain('<a href="#user-content-fn-1" id="user-content-fnref-1-2" data-footnote-ref aria-describedby="footnote-label">1</a>')
    expect(html).toContain('<li id="user-content-fn-1">\n<p>Ex. <a href="#user-content-fnref-1" data-footnote-backref="" aria-label="Back to reference 1" class="data-footnote-backref">↩</a> <a href="#user-content-fnref-1-2"')
    expect(html.indexOf('id="user-content-fn-1"')).toBeLessThan(html.indexOf('id="user-content-fn-2"'))
  })

  it('numbers notes cited only inside other notes after the body’s, as remark-rehype does', () => {
    const {markdown, file} = fix('Body.[^c] More.[^a]\n\n[^a]: See also.[^b]\n\n[^b]: Bee.\n\n[^c]: See.[^b]\n')
    expect(markdown).toBe('Body.[^1] More.[^2]\n\n[^1]: See.[^3]\n\n[^2]: See also.[^3]\n\n[^3]: Bee.\n')
    expect(rules(file)).toEqual([['renumbered-notes', 'info']])
  })

  it('leaves labels already in order alone and says nothing', () => {
    const {markdown, messages} = fix('A.[^1] B.[^2]\n\n[^1]: One.\n\n[^2]: Two.\n')
    expect(markdown).toBe('A.[^1] B.[^2]\n\n[^1]: One.\n\n[^2]: Two.\n')
    expect(messages).toEqual([])
  })

  it('moves definitions nested in block quotes and lists to the end of the root', () => {
    const {tree} = fix('> Quote.[^q]\n>\n> [^q]: In a quote.\n\n- Item.[^i]\n\n  [^i]: In an item.\n')
    expect(tree.children.map((node) => node.type)).toEqual(['blockquote', 'list', 'footnoteDefinition', 'footnoteDefinition'])
    expect(tree.children.slice(2).map((node) => node.type === 'footnoteDefinition' && node.identifier)).toEqual(['1', '2'])
  })

  it('matches labels as CommonMark does (case-insensitive)', () => {
    const {markdown, messages} = fix('A.[^Note]\n\n[^NOTE]: Text.\n')
    expect(markdown).toBe('A.[^1]\n\n[^1]: Text.\n')
    expect(messages).toEqual(['1:3-1:10: Unexpected note labels out of reference order, expected `1`…`1`; renumbered `NOTE` → `1`'])
  })
})

describe('validation', () => {
  it('reports a reference GFM left as text because its definition is missing', () => {
    const {file, messages, markdown} = fix('Alpha.[^1] Bravo [^7] charlie.\n\n[^1]: One.\n')
    expect(messages).toEqual(['1:18-1:22: Unexpected reference to undefined note `7`, expected a definition (`[^7]: …`)'])
    expect(rules(file)).toEqual([['missing-note-definition', 'error']])
    expect(file.messages[0].source).toBe('remark-brief')
    expect(markdown).toBe('Alpha.[^1] Bravo \\[^7] charlie.\n\n[^1]: One.\n')
  })

  it('leaves an escaped `\\[^1]` alone when note 1 exists', () => {
    expect(fix('A.[^1] \\[^1]\n\n[^1]: One.\n').messages).toEqual([])
  })

  it('turns a reference node without definition (from a tool) back into text', () => {
    const file = new VFile()
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [
            {type: 'text', value: 'Claim.'},
            {
              type: 'footnoteReference',
              identifier: '4',
              label: '4',
              position: {start: {line: 3, column: 7, offset: 20}, end: {line: 3, column: 8, offset: 21}}
            }
          ]
        }
      ]
    }
    remarkBriefNotes()(tree, file)
    expect(file.messages.map(String)).toEqual(['3:7-3:8: Unexpected reference to undefined note `4`, expected a definition (`[^4]: …`)'])
    expect(tree.children[0]).toMatchObject({children: [{type: 'text', value: 'Claim.'}, {type: 'text', value: '[^4]'}]})
  })

  it('reports a second definition of a label, keeps the first and points at both', () => {
    const {file, markdown} = fix('A.[^1]\n\n[^1]: First.\n\n[^1]: Second.\n')
    expect(file.messages.map(String)).toEqual([
      '5:1-5:14: Unexpected second definition of note `1`, expected unique labels; the first definition (line 3) is kept and this one is dropped'
    ])
    expect(rules(file)).toEqual([['duplicate-note-definition', 'error']])
    const cause = file.messages[0].cause as {place?: {start: {line: number}}}
    expect(cause.place?.start.line).toBe(3)
    expect(markdown).toBe('A.[^1]\n\n[^1]: First.\n')
  })

  it('reports a note that cites itself', () => {
    const {file} = fix('A.[^1]\n\n[^1]: See note.[^1]\n')
    expect(file.messages.map(String)).toEqual([
      '3:16-3:20: Unexpected reference to note `1` inside its own text, expected a reference to another note'
    ])
    expect(rules(file)).toEqual([['self-referencing-note', 'error']])
  })

  it('keeps an unused definition as uncited after the cited ones', () => {
    const {file, tree, markdown} = fix('A.[^1]\n\n[^9]: Nobody cites me.\n\n[^1]: One.\n')
    expect(file.messages.map(String)).toEqual([
      '3:1-3:23: Unexpected unused note definition `9`, expected a reference to it (kept as uncited)',
      '3:1-3:23: Unexpected note labels out of reference order, expected `1`…`2`; renumbered `9` → `2`'
    ])
    expect(rules(file)).toEqual([
      ['unused-note-definition', 'warning'],
      ['renumbered-notes', 'info']
    ])
    expect(markdown).toBe('A.[^1]\n\n[^1]: One.\n\n[^2]: Nobody cites me.\n')
    expect(tree.children[2]).toMatchObject({type: 'footnoteDefinition', identifier: '2', data: {uncited: true}})
    expect(file.data.uncitedNotes).toEqual([
      {number: '2', text: 'Nobody cites me.', position: {start: {line: 3, column: 1, offset: 8}, end: {line: 3, column: 23, offset: 30}}}
    ])
  })

  it('drops an unused definition with `dropUnused`', () => {
    const {file, markdown} = fix('A.[^1]\n\n[^9]: Nobody cites me.\n\n[^1]: One.\n', {dropUnused: true})
    expect(file.messages.map(String)).toEqual([
      '3:1-3:23: Unexpected unused note definition `9`, expected a reference to it (dropped)'
    ])
    expect(markdown).toBe('A.[^1]\n\n[^1]: One.\n')
    expect(file.data.uncitedNotes).toBeUndefined()
  })

  it('reports an empty definition', () => {
    const {file} = fix('A.[^1] B.[^2]\n\n[^1]:\n\n[^2]: Two.\n')
    expect(file.messages.map(String)).toEqual(['3:1-3:6: Unexpected empty note definition `1`, expected citation text'])
    expect(rules(file)).toEqual([['empty-note-definition', 'warning']])
  })

  it('reports notes with the same text, pointing at the first', () => {
    const {file, markdown} = fix('A.[^1] B.[^2] C.[^3]\n\n[^1]: Smith, 2020.\n\n[^2]: Jones.\n\n[^3]: Smith,  2020\n')
    expect(file.messages.map(String)).toEqual([
      '7:1-7:19: Unexpected note `3` with the same text as note `1`, expected one note cited twice'
    ])
    expect(rules(file)).toEqual([['repeated-note-content', 'warning']])
    expect((file.messages[0].cause as {place?: {start: {line: number}}}).place?.start.line).toBe(3)
    expect(markdown).toBe('A.[^1] B.[^2] C.[^3]\n\n[^1]: Smith, 2020.\n\n[^2]: Jones.\n\n[^3]: Smith,  2020\n')
  })

  it('does not take “Ibid.” notes for repeated citations, and never merges them', () => {
    const input = 'A.[^1] B.[^2] C.[^3] D.[^4]\n\n[^1]: Smith, 2020.\n\n[^2]: Ibid.\n\n[^3]: Jones, 2021.\n\n[^4]: Ibid.\n'
    const {file, markdown} = fix(input, {mergeRepeated: true})
    expect(file.messages).toEqual([])
    expect(markdown).toBe(input)
    expect(fix('A.[^1] B.[^2]\n\n[^1]: Id. at 4.\n\n[^2]: Id. at 4.\n').messages).toEqual([])
  })

  it('merges notes with the same text with `mergeRepeated`', () => {
    const {file, markdown} = fix('A.[^1] B.[^2] C.[^3]\n\n[^1]: Smith, 2020.\n\n[^2]: Smith, 2020.\n\n[^3]: Jones.\n', {
      mergeRepeated: true
    })
    expect(markdown).toBe('A.[^1] B.[^1] C.[^2]\n\n[^1]: Smith, 2020.\n\n[^2]: Jones.\n')
    expect(rules(file)).toEqual([
      ['repeated-note-content', 'warning'],
      ['renumbered-notes', 'info']
    ])
    expect(file.messages[0].reason).toBe('Unexpected note `2` with the same text as note `1`, expected one note cited twice (merged)')
    expect(file.messages[1].reason).toBe('Unexpected note labels out of reference order, expected `1`…`2`; renumbered `3` → `2`')
  })

  it('reports a URL in a note that does not parse', () => {
    const {file} = fix('A.[^1]\n\n[^1]: See [the site](https://exa%20mple.com/) and <http://[::1>.\n')
    expect(file.messages.map(String)).toEqual([
      '3:11-3:46: Unexpected URL `https://exa%20mple.com/` in note `1` that does not parse, expected a valid absolute URL',
      '3:51-3:64: Unexpected URL `http://[::1` in note `1` that does not parse, expected a valid absolute URL'
    ])
    expect(rules(file)).toEqual([
      ['bad-note-url', 'warning'],
      ['bad-note-url', 'warning']
    ])
  })

  it('ignores relative URLs and URLs outside notes', () => {
    expect(fix('[x](http://[::1) A.[^1]\n\n[^1]: See [below](#part-2) and [home](/).\n').messages).toEqual([])
  })

  it('reports tracking parameters as info and strips them with `stripTracking`', () => {
    const input = 'A.[^1]\n\n[^1]: Source, https://example.com/a?utm_source=x&id=3&fbclid=abc#top.\n'
    const plain = fix(input)
    expect(plain.file.messages.map(String)).toEqual([
      '3:15-3:69: Unexpected tracking parameters `utm_source`, `fbclid` in a URL in note `1`, expected a clean URL'
    ])
    expect(rules(plain.file)).toEqual([['tracking-parameters', 'info']])
    // remark-stringify writes a literal autolink in angle brackets.
    expect(plain.markdown).toBe('A.[^1]\n\n[^1]: Source, <https://example.com/a?utm_source=x&id=3&fbclid=abc#top>.\n')

    const stripped = fix(input, {stripTracking: true})
    expect(stripped.markdown).toBe('A.[^1]\n\n[^1]: Source, <https://example.com/a?id=3#top>.\n')
    expect(stripped.file.messages[0].reason).toMatch(/\(removed\)$/)
  })

  it('checks and strips URLs left as text when no autolink syntax ran', () => {
    const file = new VFile('A.[^1]\n\n[^1]: See www.example.com/?gclid=1, then stop.\n')
    const processor = unified().use(remarkParse).use(remarkBriefNotes, {stripTracking: true}).use(remarkStringify)
    const output = String(processor.processSync(file))
    expect(output).toBe('A.[^1]\n\n[^1]: See www.example.com/, then stop.\n')
    expect(file.messages.map(String)).toEqual([
      '3:11-3:35: Unexpected tracking parameter `gclid` in a URL in note `1`, expected a clean URL (removed)'
    ])
  })

  it('sets `fatal` on errors without throwing, and throws with `strict`', () => {
    expect(() => fix('A [^7].\n')).not.toThrow()
    expect(fix('A [^7].\n').file.messages[0].fatal).toBe(true)
    expect(() => fix('A [^7].\n', {strict: true})).toThrow('Unexpected reference to undefined note `7`')
    expect(() => fix('A.[^1]\n\n[^2]: Two.\n[^1]: One.\n', {strict: true})).not.toThrow()
  })

  it('puts a position on every message and `source: remark-brief`', () => {
    const {file} = fix(
      'A.[^1] [^x] B.[^3] C.[^4]\n\n[^4]: Dup.\n\n[^3]: See [^3] <http://[::1> https://a.b/?utm_medium=m\n\n[^1]: Dup.\n\n[^1]: Again.\n\n[^5]:\n'
    )
    expect(new Set(file.messages.map((message) => message.ruleId))).toEqual(
      new Set([
        'missing-note-definition',
        'duplicate-note-definition',
        'self-referencing-note',
        'unused-note-definition',
        'empty-note-definition',
        'repeated-note-content',
        'bad-note-url',
        'tracking-parameters',
        'renumbered-notes'
      ])
    )
    for (const message of file.messages) {
      expect(message.place, message.reason).toBeDefined()
      expect(message.source).toBe('remark-brief')
    }
  })
})

describe('the seed article as Markdown', () => {
  it('reports exactly one repeated note (14 repeats 11) and no error', async () => {
    const input = await readFile(new URL('fixtures/notes/seed/input.md', import.meta.url), 'utf8')
    const {file, tree} = fix(input)
    expect(file.messages.filter((message) => message.fatal === true)).toEqual([])
    const repeated = file.messages.filter((message) => message.ruleId === 'repeated-note-content')
    expect(repeated.map(String)).toEqual([
      '55:1-55:176: Unexpected note `14` with the same text as note `11`, expected one note cited twice'
    ])
    expect(rules(file)).toEqual([
      ['repeated-note-content', 'warning'],
      ['tracking-parameters', 'info']
    ])
    const definitions = tree.children.filter((node) => node.type === 'footnoteDefinition')
    expect(definitions.map((node) => node.identifier)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14'])
  })

  it('with `mergeRepeated`, cites note 11 twice and has 13 notes', async () => {
    const input = await readFile(new URL('fixtures/notes/seed/input.md', import.meta.url), 'utf8')
    const {markdown} = fix(input, {mergeRepeated: true})
    expect(markdown).toContain('relevant accounts have also got banned.[^11]')
    expect(markdown).toContain('[^13]: ‘Kazakhstan, called “eager to return to China”')
    expect(markdown).not.toContain('[^14]')
  })
})

describe('state per file', () => {
  it('gives two files through one processor independent results', () => {
    const processor = unified().use(remarkParse).use(remarkGfm).use(remarkBriefNotes).use(remarkStringify).freeze()
    const first = new VFile('B.[^b] A.[^a]\n\n[^a]: A.\n\n[^b]: B.\n')
    const second = new VFile('Only [^z].\n')
    expect(String(processor.processSync(first))).toBe('B.[^1] A.[^2]\n\n[^1]: B.\n\n[^2]: A.\n')
    expect(String(processor.processSync(second))).toBe('Only \\[^z].\n')
    expect(first.messages.map((message) => message.ruleId)).toEqual(['renumbered-notes'])
    expect(second.messages.map((message) => message.ruleId)).toEqual(['missing-note-definition'])
  })
})

describe('the readme example (docs/notes.md)', () => {
  it('gives the documented Markdown and messages', async () => {
    const docs = await readFile(new URL('../docs/notes.md', import.meta.url), 'utf8')
    const [input, output] = [...docs.matchAll(/```markdown\n([\s\S]*?)```/g)].map((match) => match[1])
    const {markdown, file} = fix(input, {stripTracking: true})
    expect(markdown).toBe(output)
    expect(file.messages.map(String).sort()).toEqual([
      '10:1-10:25: Unexpected unused note definition `old`, expected a reference to it (kept as uncited)',
      '3:38-3:48: Unexpected note labels out of reference order, expected `1`…`3`; renumbered `summons` → `1`, `deleted` → `2`, `old` → `3`',
      '6:61-6:128: Unexpected tracking parameter `utm_source` in a URL in note `deleted`, expected a clean URL (removed)'
    ])
  })
})
