/**
 * Properties of the notes step over generated input (fast-check): it never
 * throws, renumbering is idempotent, and the Markdown `fixBrief` writes reads
 * back as the tree it wrote.
 */
import fc from 'fast-check'
import type {Nodes, PhrasingContent, Root, RootContent} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {fixBrief} from '../src/build/fix.js'
import {remarkBriefNotes, type NotesOptions} from '../src/notes/index.js'

const label = fc.constantFrom('1', '2', '3', '7', '10', 'a', 'b', 'Note', 'note')

const options: fc.Arbitrary<NotesOptions> = fc.record(
  {dropUnused: fc.boolean(), mergeRepeated: fc.boolean(), stripTracking: fc.boolean()},
  {requiredKeys: []}
)

/** Words of a brief, with the characters Markdown treats specially. */
const briefWord = fc.oneof(
  fc.constantFrom('alpha', 'Bravo', 'charlie.', '2020', '“quoted”', 'x_y', 'a*b', '1.5', '<b>', '[x]', '\\', '#', '&amp;'),
  fc.constantFrom('https://e.org/p?utm_source=s&id=1', 'www.example.com/?fbclid=z', 'http://[::1', 'https://ok.org/.')
)

/**
 * Briefs whose words may be any string. remark itself does not round-trip
 * every string (e.g. `+@.A` is an e-mail autolink literal that it writes as
 * `<+@.A>`, which reads back as text), so only tree-level properties use these.
 */
const markdown = markdownOf(fc.oneof(briefWord, fc.string({maxLength: 6})))
/** Briefs made of brief-like words: what `fixBrief` must write stably. */
const briefMarkdown = markdownOf(briefWord)

function markdownOf(word: fc.Arbitrary<string>): fc.Arbitrary<string> {
  /** A sentence; references are glued to words, as authors write them. */
  const sentence = fc
    .array(fc.tuple(word, fc.option(label, {nil: undefined})), {minLength: 1, maxLength: 8})
    .map((parts) => parts.map(([text, note]) => (note === undefined ? text : text + '[^' + note + ']')).join(' '))
  const block = fc.oneof(
    sentence,
    sentence.map((text) => '## ' + text),
    fc.array(sentence, {minLength: 1, maxLength: 3}).map((items) => items.map((item) => '- ' + item).join('\n')),
    sentence.map((text) => '> ' + text),
    fc.tuple(label, fc.option(sentence, {nil: ''})).map(([note, text]) => '[^' + note + ']: ' + text)
  )
  return fc.array(block, {maxLength: 10}).map((blocks) => blocks.join('\n\n') + '\n')
}

/** Markdown built only from constructs remark writes back unchanged. */
const safeWord = fc.constantFrom('alpha', 'Bravo', 'charlie.', '2020', '“quoted”', 'x_y', '1.5', 'https://e.org/p?utm_source=s&id=1')
const safeSentence = fc
  .array(fc.tuple(safeWord, fc.option(label, {nil: undefined})), {minLength: 1, maxLength: 8})
  .map((parts) => parts.map(([text, note]) => (note === undefined ? text : text + '[^' + note + ']')).join(' '))
const safeMarkdown = fc
  .array(
    fc.oneof(
      safeSentence,
      safeSentence.map((text) => '## ' + text),
      fc.tuple(label, safeSentence).map(([note, text]) => '[^' + note + ']: ' + text)
    ),
    {maxLength: 10}
  )
  .map((blocks) => blocks.join('\n\n') + '\n')

/** mdast made by a tool: references and definitions anywhere, labels missing or odd. */
const phrasing: fc.Arbitrary<PhrasingContent> = fc.oneof(
  fc.string({maxLength: 8}).map((value): PhrasingContent => ({type: 'text', value})),
  label.map((identifier): PhrasingContent => ({type: 'footnoteReference', identifier, label: identifier})),
  label.map((identifier): PhrasingContent => ({type: 'footnoteReference', identifier})),
  fc.constantFrom('https://a.b/?gclid=1', 'http://[', 'relative').map(
    (url): PhrasingContent => ({type: 'link', url, children: [{type: 'text', value: url}]})
  )
)
const paragraph = fc.array(phrasing, {maxLength: 5}).map((children): RootContent => ({type: 'paragraph', children}))
const tree: fc.Arbitrary<Root> = fc
  .array(
    fc.oneof(
      paragraph,
      fc.tuple(label, fc.array(paragraph, {maxLength: 2})).map(
        ([identifier, children]): RootContent => ({type: 'footnoteDefinition', identifier, label: identifier, children: children as never})
      ),
      fc.array(paragraph, {maxLength: 2}).map((children): RootContent => ({type: 'blockquote', children: children as never}))
    ),
    {maxLength: 8}
  )
  .map((children) => ({type: 'root', children}))

function notes(root: Root, settings: NotesOptions = {}): VFile {
  const file = new VFile()
  remarkBriefNotes(settings)(root, file)
  return file
}

const gfmProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml'])

/** Drop positions and plugin data: what Markdown cannot carry. */
function bare(node: Nodes): unknown {
  const {position: _position, data: _data, ...rest} = node as Nodes & {children?: Nodes[]}
  return 'children' in rest && Array.isArray(rest.children) ? {...rest, children: rest.children.map(bare)} : rest
}

describe('notes properties', () => {
  it('renumbering twice equals renumbering once (generated mdast)', () => {
    fc.assert(
      fc.property(tree, options, (input, settings) => {
        // fast-check may hand the same object to a re-run while shrinking: never mutate it.
        const root = structuredClone(input)
        notes(root, settings)
        const once = structuredClone(root)
        notes(root, settings)
        expect(root).toEqual(once)
      }),
      {numRuns: 300}
    )
  })

  it('renumbering twice equals renumbering once (generated Markdown)', () => {
    fc.assert(
      fc.property(markdown, options, (value, settings) => {
        const root = gfmProcessor.parse(value)
        notes(root, settings)
        const once = structuredClone(root)
        notes(root, settings)
        expect(root).toEqual(once)
      }),
      {numRuns: 300}
    )
  })

  it('never throws on generated mdast or Markdown, and labels end up 1..n', () => {
    fc.assert(
      fc.property(fc.oneof(tree, markdown.map((value) => gfmProcessor.parse(value))), options, (input, settings) => {
        const root = structuredClone(input)
        expect(() => notes(root, settings)).not.toThrow()
        const definitions = root.children.filter((node) => node.type === 'footnoteDefinition')
        expect(definitions.map((node) => node.identifier)).toEqual(definitions.map((_, index) => String(index + 1)))
      }),
      {numRuns: 300}
    )
  })

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 200}), (value) => {
        expect(() => fixBrief(new VFile({path: 'x.md', value}))).not.toThrow()
      }),
      {numRuns: 200}
    )
  })

  it('Markdown written by fixBrief parses back to the tree it wrote (modulo positions)', () => {
    const written = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkBriefNotes).use(remarkStringify, {bullet: '-', rule: '-', fences: true})
    fc.assert(
      fc.property(safeMarkdown, (value) => {
        const file = new VFile({path: 'x.md', value})
        const output = String(fixBrief(file))
        const expected = written.runSync(written.parse(value), new VFile(value)) as Root
        expect(String(written.stringify(expected))).toBe(output)
        expect(bare(gfmProcessor.parse(output))).toEqual(bare(expected))
      }),
      {numRuns: 300}
    )
  })

  it('fixBrief is idempotent on generated Markdown', () => {
    fc.assert(
      fc.property(briefMarkdown, options, (value, settings) => {
        const once = String(fixBrief(new VFile({path: 'x.md', value}), settings))
        expect(String(fixBrief(new VFile({path: 'x.md', value: once}), settings))).toBe(once)
      }),
      {numRuns: 300}
    )
  })
})
