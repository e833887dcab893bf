/**
 * The real corpus (read-only), the only test that reads it: every article
 * builds to HTML and to Markdown without a crash, the recognizer loses no
 * word, and the scorer's summary figures (`npm run corpus`) are at or above
 * the ones recorded in test/corpus-ratchet.json (a ratchet: when a change
 * raises them, record the new figures with it). The corpus is the sibling `../shared/corpus` of the repository root,
 * or the folder named by `BRIEF_CORPUS`; where neither exists the suite is
 * skipped with the reason printed, so `npm test` passes on any clone.
 *
 * Failures name the file and a count, never its words: a third of the corpus
 * is held out from tuning, and its text must not be read while tuning.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {recognizeArticle} from '../src/article/index.js'
import {lostWords} from '../src/article/words.js'
import {fixBrief} from '../src/build/fix.js'
import {createBriefProcessor, formatOf} from '../src/build/processor.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const corpus = process.env.BRIEF_CORPUS ? path.resolve(process.env.BRIEF_CORPUS) : path.resolve(root, '../shared/corpus')
const present = existsSync(corpus)
const expectedPath = path.join(corpus, 'expected.json')
/** Figures where less is better; every other figure must not fall. */
const lowerIsBetter = new Set(['filesUnder90', 'falseLinksPct', 'headingsExtra', 'lostWords'])

interface Scorer {
  scoreCorpus: (options: {folder: string; expectedPath: string; set: 'all'}) => Promise<{summary: Record<string, number>}>
  formatSummary: (summary: Record<string, number>, label?: string) => string
}
const names = present ? readdirSync(corpus).filter((name) => /\.(txt|md|html?)$/i.test(name)).sort() : []

if (!present) console.log(`corpus-real: skipped, no corpus at ${corpus} (set BRIEF_CORPUS to a folder of articles to run it)`)

/** Rule ids that mean the code failed, not the article. */
const crashRules = new Set(['process-failed', 'build-failed', 'render-failed', 'fix-failed'])

describe.skipIf(!present)(`the real corpus (${corpus})`, () => {
  const read = (name: string) => readFileSync(path.join(corpus, name), 'utf8')

  it('has articles', () => {
    expect(names.length).toBeGreaterThan(0)
  })

  it('builds every article to HTML and to Markdown, with no crash and only well-formed messages', () => {
    const processors = {text: createBriefProcessor({format: 'text'}), markdown: createBriefProcessor({format: 'markdown'})}
    const failures: string[] = []
    for (const name of names) {
      try {
        const file = new VFile({path: name, value: read(name)})
        const html = String(processors[formatOf(name)].processSync(file))
        if (!html.includes('</html>')) failures.push(`${name}: no HTML document`)
        const markdown = String(fixBrief(new VFile({path: name, value: read(name)})))
        if (markdown.trim() === '') failures.push(`${name}: empty Markdown`)
        const bad = file.messages.filter((message) => crashRules.has(message.ruleId ?? '') || message.source !== 'remark-brief')
        if (bad.length > 0) failures.push(`${name}: ${bad.length} crash or foreign messages (${[...new Set(bad.map((message) => message.ruleId))].join(', ')})`)
      } catch (error) {
        failures.push(`${name}: threw ${(error as Error).name}`)
      }
    }
    expect(failures).toEqual([])
  }, 300_000)

  it('loses no word: each is in the tree, the metadata or `removed`', () => {
    const losses: string[] = []
    for (const name of names.filter((item) => formatOf(item) === 'text')) {
      const text = read(name)
      const file = new VFile({path: name, value: text})
      const tree = recognizeArticle(text, file)
      const lost = [...lostWords(text, tree, file.data.brief).values()].reduce((sum, count) => sum + count, 0)
      if (lost > 0) losses.push(`${name}: ${lost} words lost`)
    }
    expect(losses).toEqual([])
  }, 300_000)

  it.skipIf(!existsSync(expectedPath))('scores at or above the figures recorded in test/corpus-ratchet.json', async () => {
    // The scorer runs dist/ (the test set-up compiles it when stale); it is a tool in scripts/, not typed.
    const scorer = (await import(new URL('../scripts/corpus.js', import.meta.url).href)) as Scorer
    const {summary} = await scorer.scoreCorpus({folder: corpus, expectedPath, set: 'all'})
    console.log(scorer.formatSummary(summary, 'corpus ratchet'))
    const recorded = JSON.parse(readFileSync(new URL('corpus-ratchet.json', import.meta.url), 'utf8')) as {summary: Record<string, number>}
    expect(summary.built).toBe(summary.files)
    const worse = Object.entries(recorded.summary)
      .filter(([key, value]) => (lowerIsBetter.has(key) ? summary[key]! > value : summary[key]! < value))
      .map(([key, value]) => `${key}: ${summary[key]} (recorded ${value})`)
    expect(worse).toEqual([])
  }, 300_000)
})
