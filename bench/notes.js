/**
 * Benchmark: what the notes step adds to a plain unified pipeline.
 *
 * remark-parse + remark-gfm + remark-rehype + rehype-stringify over 100
 * generated Markdown briefs, in one process, with and without
 * `remarkBriefNotes`; several rounds, medians and their ratio printed.
 * Target: ratio ≤ 1.5. Not a test: numbers depend on the machine.
 *
 * Run `npm run build` first (this imports from `dist/`), then
 * `node bench/notes.js [rounds]`.
 */
import {performance} from 'node:perf_hooks'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {remarkBriefNotes} from '../dist/notes/index.js'

const rounds = Number(process.argv[2]) || 9
const briefs = Array.from({length: 100}, (_, index) => brief(index))

const without = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify).freeze()
const withNotes = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkBriefNotes, {stripTracking: true})
  .use(remarkRehype)
  .use(rehypeStringify)
  .freeze()

// Warm up both (JIT), then alternate which goes first so neither gets the warmer cache.
timeAll(without)
timeAll(withNotes)

const baseline = []
const plugin = []
for (let round = 0; round < rounds; round++) {
  if (round % 2 === 0) {
    baseline.push(timeAll(without))
    plugin.push(timeAll(withNotes))
  } else {
    plugin.push(timeAll(withNotes))
    baseline.push(timeAll(without))
  }
}

// The step alone, on trees parsed beforehand (cloning is not timed).
const parsed = briefs.map((value) => without.parse(value))
const transform = remarkBriefNotes({stripTracking: true})
const alone = []
for (let round = 0; round < rounds; round++) {
  const trees = parsed.map((tree) => structuredClone(tree))
  const start = performance.now()
  for (const tree of trees) transform(tree, new VFile())
  alone.push(performance.now() - start)
}

const baselineMedian = median(baseline)
const pluginMedian = median(plugin)
const characters = briefs.reduce((sum, value) => sum + value.length, 0)
console.log('briefs: %d (%d KiB of Markdown), rounds: %d', briefs.length, Math.round(characters / 1024), rounds)
console.log('without remarkBriefNotes: median %s ms', baselineMedian.toFixed(1))
console.log('with remarkBriefNotes:    median %s ms', pluginMedian.toFixed(1))
console.log('ratio: %s (target ≤ 1.5)', (pluginMedian / baselineMedian).toFixed(3))
console.log('the notes step alone:     median %s ms (%s of the plain pipeline)', median(alone).toFixed(1), (median(alone) / baselineMedian).toFixed(3))

/** Milliseconds to process every brief once. */
function timeAll(processor) {
  const start = performance.now()
  for (const value of briefs) processor.processSync(new VFile(value))
  return performance.now() - start
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * A brief like the seed: front sections, ~12 paragraphs with glued
 * references (some cited twice, out of order), and a notes list with URLs
 * (some with tracking parameters), one repeated, one unused.
 */
function brief(seed) {
  const random = generator(seed + 1)
  const noteCount = 10 + Math.floor(random() * 15)
  const words = ['policy', 'border', 'ministry', 'statement', 'region', 'trade', 'protest', 'ambassador', 'article', 'sovereignty']
  const sentence = () =>
    Array.from({length: 8 + Math.floor(random() * 14)}, () => words[Math.floor(random() * words.length)]).join(' ') + '.'
  const paragraphs = []
  let cited = 0

  for (let index = 0; index < 12; index++) {
    if (index % 4 === 0) paragraphs.push('## Section ' + (index / 4 + 1))
    const sentences = Array.from({length: 4 + Math.floor(random() * 4)}, () => {
      const text = sentence()
      if (random() < 0.35 && cited < noteCount) return text + '[^n' + (noteCount - cited++) + ']'
      if (random() < 0.05 && cited > 0) return text + '[^n' + noteCount + ']'
      return text
    })
    paragraphs.push(sentences.join(' '))
  }

  const notes = Array.from({length: noteCount + 1}, (_, index) => {
    const number = index + 1
    const query = number % 5 === 0 ? '?utm_source=feed&id=' + number : ''
    const title = number === 3 ? 'Same source, 2020' : 'Author ' + number + ', “Title ' + number + '”, 2020'
    return '[^n' + number + ']: ' + title + '. https://example.org/news/' + seed + '/' + number + query
  })
  notes.push('[^n' + (noteCount + 2) + ']: Same source, 2020. https://example.org/news/' + seed + '/3')

  return paragraphs.join('\n\n') + '\n\n' + notes.join('\n\n') + '\n'
}

/** Small deterministic PRNG (mulberry32), so every run measures the same briefs. */
function generator(seed) {
  let state = seed >>> 0
  return function () {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}
