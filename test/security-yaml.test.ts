/**
 * Front matter that attacks the YAML reader itself, in both readers
 * (Markdown through the remark plugin and the build, scraped text through the
 * recognizer): an alias bomb, keys named after `Object.prototype`, and
 * language-specific tags. No browser: the HTML build only.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import remarkBrief, {recognizeArticle} from '../src/index.js'
import {buildBatch, type BatchResult} from '../src/build/index.js'
import {parseYaml} from '../src/article/header.js'

const fixtures = fileURLToPath(new URL('fixtures/security/yaml/', import.meta.url))

let folder: string
let pwned: string
let batch: BatchResult
const sources = new Map<string, string>()

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-yaml-'))
  pwned = path.join(folder, 'PWNED')
  await fs.mkdir(path.join(folder, 'input'))
  for (const name of await fs.readdir(fixtures)) {
    const text = (await fs.readFile(path.join(fixtures, name), 'utf8')).replaceAll('{{PWNED}}', pwned)
    sources.set(name, text)
    // Each attack as Markdown and as scraped text.
    await fs.writeFile(path.join(folder, 'input', name), text)
    await fs.writeFile(path.join(folder, 'input', name.replace(/\.md$/, '.txt')), text)
  }
  batch = await buildBatch(['input'], {cwd: folder, out: 'output', formats: ['html']})
})

afterAll(async () => {
  if (folder) await fs.rm(folder, {recursive: true, force: true})
})

/** The default plugin as a host (remark-cli, Astro) runs it: must not throw. */
function runPlugin(text: string): VFile {
  const file = new VFile({value: text})
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkBrief)
  processor.runSync(processor.parse(file), file)
  return file
}

function resultOf(name: string) {
  const found = batch.files.find((result) => path.basename(result.input) === name)
  if (!found) throw new Error(`No result for ${name}`)
  return found
}

const crashRules = ['process-failed', 'build-failed']

describe('a YAML alias bomb', () => {
  it('the plugin reports it (front-matter-invalid) and does not throw', () => {
    const file = runPlugin(sources.get('alias-bomb.md')!)
    const messages = file.messages.filter((message) => message.ruleId === 'front-matter-invalid')
    expect(messages).toHaveLength(1)
    expect(messages[0]!.fatal).toBe(true)
    expect(messages[0]!.reason).toMatch(/^Unexpected .*alias/i)
    expect(messages[0]!.place).toBeDefined()
    expect(file.data.brief?.title).toBeUndefined()
  })

  it('the build fails that brief with that message, never a crash rule; the text reader does not expand it either', () => {
    const markdown = resultOf('alias-bomb.md')
    expect(markdown.file.messages.map((message) => message.ruleId)).toEqual(['front-matter-invalid'])
    const text = resultOf('alias-bomb.txt')
    expect(text.file.messages.filter((message) => crashRules.includes(message.ruleId ?? ''))).toEqual([])
    expect(JSON.stringify(text.file.data.brief ?? {}).length).toBeLessThan(10_000)
  })
})

describe('keys named after Object.prototype', () => {
  it('are ignored: no throw, no pollution, the real keys read', () => {
    const file = runPlugin(sources.get('hostile-keys.md')!)
    expect(file.messages.filter((message) => message.fatal)).toEqual([])
    expect(file.data.brief?.title).toBe('Hostile keys')
    expect(file.data.brief?.authors).toEqual([{name: 'A. Author'}])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })

  it('build both readers without a crash rule', () => {
    for (const name of ['hostile-keys.md', 'hostile-keys.txt']) {
      const result = resultOf(name)
      expect(result.file.messages.filter((message) => crashRules.includes(message.ruleId ?? '')), name).toEqual([])
      expect(result.status, name).toBe('built')
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('language tags (`!!js/function`, `!!python/object/apply`)', () => {
  it('are never resolved: nothing runs, nothing crashes', async () => {
    const file = runPlugin(sources.get('tags.md')!)
    expect(file.messages.filter((message) => message.fatal)).toEqual([])
    for (const name of ['tags.md', 'tags.txt']) {
      expect(resultOf(name).file.messages.filter((message) => crashRules.includes(message.ruleId ?? '')), name).toEqual([])
    }
    await expect(fs.access(pwned)).rejects.toThrow()
  })

  it('neither reader writes process warnings (a plugin speaks through messages only)', async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error) => void warnings.push(warning.message)
    process.on('warning', onWarning)
    try {
      const text = sources.get('tags.md')!
      runPlugin(text)
      recognizeArticle(text, new VFile({value: text}))
      // `process.emitWarning` delivers on a later tick: wait for it.
      await new Promise((resolve) => setTimeout(resolve, 20))
    } finally {
      process.off('warning', onWarning)
    }
    expect(warnings).toEqual([])
  })
})

describe('front matter with many keys (the yaml package compares each key with every earlier one)', () => {
  /** `count` distinct keys after a real title: 200,000 keys are about 3 MB, under the 5 MB input limit. */
  const manyKeys = (count: number, extra = '') => {
    const lines = ['---', 'title: Many keys']
    for (let index = 0; index < count; index++) lines.push(`key${index}: value ${index}`)
    return [...lines, extra, '---', '', 'Body text.', ''].join('\n')
  }

  // Quadratic before: 200k keys took minutes (300k: 34 minutes); linear now, so well within the test's time.
  it('200,000 keys are read in linear time by the plugin: the title is read, no error', () => {
    const file = runPlugin(manyKeys(200_000))
    expect(file.messages.filter((message) => message.fatal)).toEqual([])
    expect(file.data.brief?.title).toBe('Many keys')
    // Most of the time is the Markdown parser reading 3 MB; 150 s leaves room for two busy cores, and is far below the minutes quadratic took.
  }, 150_000)

  // The text reader reads at most 500 lines of front matter; its YAML reader is the same function.
  it('200,000 keys are read in linear time by the text reader\'s YAML reader too', () => {
    const yaml = manyKeys(200_000).split('\n---\n')[0]!.slice(4)
    expect(parseYaml(yaml)?.title).toBe('Many keys')
  })

  it('a duplicate key is still an error (front-matter-invalid, DUPLICATE_KEY), at the second key', () => {
    const file = runPlugin(manyKeys(1000, 'key500: again'))
    const messages = file.messages.filter((message) => message.ruleId === 'front-matter-invalid')
    expect(messages.map((message) => message.reason)).toEqual([
      'Unexpected invalid YAML in front matter (DUPLICATE_KEY), expected YAML data; not read'
    ])
    expect(messages[0]!.line).toBe(1003)
    const nested = runPlugin('---\ntitle: T\nauthors:\n  name: A\n  name: B\n---\n\nBody.\n')
    expect(nested.messages.map((message) => message.ruleId)).toContain('front-matter-invalid')
  })
})
