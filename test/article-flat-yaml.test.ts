/**
 * The flat front matter reader (src/article/flat-yaml.ts) against the `yaml`
 * package it stands in for: wherever it answers, the answer is the one
 * `parseFrontMatterYaml` + `toJS` gives; where YAML could mean something else,
 * it declines. Our fixtures' front matter, then every pairing of a set of
 * tricky values and keys.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {readFlatYaml} from '../src/article/flat-yaml.js'
import {parseYaml} from '../src/article/header.js'
import {parseFrontMatterYaml} from '../src/meta/yaml.js'

/** What `parseYaml` answered before the flat reader: the `yaml` package alone. */
function byYaml(value: string): Record<string, unknown> | undefined {
  try {
    const document = parseFrontMatterYaml(value, {logLevel: 'silent'})
    if (document.errors.length > 0) return undefined
    const data: unknown = document.toJS({maxAliasCount: 100})
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function frontMatterOf(fixture: string): string {
  const text = readFileSync(fileURLToPath(new URL(`fixtures/article/${fixture}`, import.meta.url)), 'utf8')
  const lines = text.split('\n')
  const close = lines.indexOf('---', 1)
  return lines.slice(1, close).join('\n')
}

describe('readFlatYaml', () => {
  it('reads our fixtures’ scraper front matter as `yaml` does', () => {
    for (const fixture of ['front-matter.txt', 'archive-record.txt', 'jekyll-residue.txt']) {
      const value = frontMatterOf(fixture)
      const flat = readFlatYaml(value)
      expect(flat, fixture).toBeDefined()
      expect(flat).toStrictEqual(byYaml(value))
      expect(parseYaml(value)).toStrictEqual(byYaml(value))
    }
  })

  it('reads a scraper record: strings, dates, integers, booleans, empty values and lists', () => {
    const value = [
      'institution: Example Institute',
      'content_type: article',
      'english_title: "Harbour Dredging: A Brief"',
      'chinese_title: ',
      'published_date: 2026-06-30',
      'source_url: https://example.org/a?b=c#d',
      'authors: []',
      'topic_tags: ["港口", "trade"]',
      'categories: [Policy, Full text]',
      'score: 6',
      'has_children: true',
      'nav_order: 9790400'
    ].join('\n')
    expect(readFlatYaml(value)).toStrictEqual({
      institution: 'Example Institute',
      content_type: 'article',
      english_title: 'Harbour Dredging: A Brief',
      chinese_title: null,
      published_date: '2026-06-30',
      source_url: 'https://example.org/a?b=c#d',
      authors: [],
      topic_tags: ['港口', 'trade'],
      categories: ['Policy', 'Full text'],
      score: 6,
      has_children: true,
      nav_order: 9_790_400
    })
    expect(readFlatYaml(value)).toStrictEqual(byYaml(value))
  })

  it('declines nesting, comments, blank lines, tabs, duplicates and indicators', () => {
    for (const value of [
      'a: 1\n  b: 2',
      'a: 1\n\nb: 2',
      '# comment\na: 1',
      'a: 1 # comment',
      'a:\tb',
      'a: 1\na: 2',
      'a: &x 1',
      'a: *x',
      'a: !!str 1',
      "a: 'quoted'",
      'a: "esc\\"aped"',
      'a: |',
      'a: [b: c]',
      'a: [b, , c]',
      'a: {}',
      'a: b: c',
      '__proto__: x',
      'true: x',
      'a: 1.5',
      'a: 0x1F',
      'a: .inf',
      'a: -1',
      ''
    ]) {
      expect(readFlatYaml(value), value).toBeUndefined()
    }
  })

  it('answers as `yaml` does on every pairing of tricky keys and values', () => {
    const keys = ['a', 'title', 'has_children', 'x-y', '_k', 'Null', 'TRUE', 'k9', 'a b', '1a']
    const values = [
      '', ' ', '  ', 'plain', 'two words', 'trailing  ', 'no\u00A0break\u00A0', '~', 'null', 'Null', 'NULL', 'nULL',
      'true', 'True', 'TRUE', 'tRUE', 'false', 'yes', 'no', 'on', 'off', 'y', '0', '007', '+12', '-12', '12345678901234567890',
      '0o17', '0x1f', '1.5', '.5', '5.', '1e3', '1E-3', '.inf', '-.Inf', '.nan', '.NaN', '2026-06-30', '2026-06-30T10:00:00Z',
      '12:30', '1_000', 'a:b', 'a: b', 'a :b', 'a #b', 'a#b', 'ends:', 'http://x.org/a:b', '§ Title', '中文 标题',
      'emoji 🙂', '"q"', '""', '"a b" ', '"a\\nb"', '"a"b"', '"unterminated', "'s'", "it's", '[]', '[ ]', '["a"]',
      '["a", "b"]', '["a","b"]', '["a" , "b"]', '[a]', '["a", b]', '{}', '{a: 1}', '-x', '- x', '?x', '? x', ':x', ',x',
      '[x', ']x', 'x]', 'x, y', 'x [y]', '{x', '}x', '#x', '&x', '*x', '!x', '|', '>', '|-', '%x', '@x', '`x', 'a\tb',
      'a\u0085b', 'a\u2028b', '\uFEFFa', '<b>x</b>', 'a | b', 'a > b', 'a - b', 'a ? b', '100%', '$1', 'C ', '---', '...',
      '[a, b]', '[a,b]', '[ a , b ]', '[a, , b]', '[a,]', '[,a]', '[1, true, null, ~, 1.5]', '[a: b]', '[a:b]', '[a #b]', '[a#b]',
      '[Centre for X, Full text]', '[a\u00A0, b]', '[ ]', '[-a]', '[a, [b]]', '[a, {b}]', "[it's]", '[a, "b"]', '[a]b', '[a] ', '[%a]'
    ]
    let answered = 0
    for (const key of keys) {
      for (const value of values) {
        for (const line of [`${key}: ${value}`, `${key}:${value}`]) {
          const document = `first: one\n${line}\nlast: "two"`
          const flat = readFlatYaml(document)
          if (flat === undefined) continue
          answered++
          expect(flat, JSON.stringify(document)).toStrictEqual(byYaml(document))
        }
      }
    }
    // The reader is no stub that declines everything.
    expect(answered).toBeGreaterThan(300)
  })
})
