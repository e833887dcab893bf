#!/usr/bin/env node
/**
 * The unified stage alone, in one process: Markdown files in, HTML text out,
 * no browser, nothing written.
 *
 * `--pipeline plain`: remark-parse, remark-gfm, remark-rehype, rehype-stringify
 * (what any unified user starts with).
 * `--pipeline ours`: the brief processor the build uses (front matter, meta,
 * notes, template, typography), as `brief build` assembles it by default.
 * `--pipeline text`: the same for scraped text, the article recognizer first.
 * `--pipeline plain-text`: remark-parse, remark-rehype, rehype-stringify, the
 * floor the recognizer's stage is compared with on the same text.
 *
 * Usage: node bench/cases/unified.js --pipeline plain|ours|text|plain-text FILE…
 * Prints one JSON line: {files, bytes, seconds, cpuSeconds, importSeconds}: the
 * files' wall and CPU time in this process (imports and reading left out).
 */
import {readFileSync} from 'node:fs'
import {performance} from 'node:perf_hooks'
import {parseArgs} from 'node:util'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {pipeline: {type: 'string', default: 'plain'}}
})

const importStarted = performance.now()
const process_ =
  values.pipeline === 'ours' || values.pipeline === 'text'
    ? await oursProcessor(values.pipeline === 'text' ? 'text' : 'markdown')
    : await plainProcessor(values.pipeline !== 'plain-text')
const importSeconds = (performance.now() - importStarted) / 1000

const inputs = positionals.map((file) => ({path: file, value: readFileSync(file, 'utf8')}))
const started = performance.now()
const cpuStarted = process.cpuUsage()
let bytes = 0
for (const input of inputs) bytes += (await process_(input)).length
const seconds = (performance.now() - started) / 1000
// On a loaded machine wall time waits for the other processes; CPU time (this process, GC threads included) does not.
const cpu = process.cpuUsage(cpuStarted)
const cpuSeconds = (cpu.user + cpu.system) / 1e6

process.stdout.write(JSON.stringify({files: inputs.length, bytes, seconds, cpuSeconds, importSeconds}) + '\n')

/** @param {boolean} gfm */
async function plainProcessor(gfm) {
  const [{unified}, {default: remarkParse}, {default: remarkGfm}, {default: remarkRehype}, {default: rehypeStringify}] =
    await Promise.all([
      import('unified'),
      import('remark-parse'),
      import('remark-gfm'),
      import('remark-rehype'),
      import('rehype-stringify')
    ])
  const processor = (gfm ? unified().use(remarkParse).use(remarkGfm) : unified().use(remarkParse)).use(remarkRehype).use(rehypeStringify).freeze()
  /** @param {{path: string, value: string}} input */
  return async (input) => String(await processor.process(input))
}

/**
 * Our processor as the build assembles it with no configuration: the
 * template stage then uses its built-in default template and stylesheet.
 */
/** @param {'text' | 'markdown'} format */
async function oursProcessor(format) {
  const [{createBriefProcessor}, {VFile}] = await Promise.all([import('remark-brief/build'), import('vfile')])
  const processor = createBriefProcessor({format})
  /** @param {{path: string, value: string}} input */
  return async (input) => String(await processor.process(new VFile(input)))
}
