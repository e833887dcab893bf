#!/usr/bin/env node
/**
 * The unified stage alone, in one process: Markdown files in, HTML text out,
 * no browser, nothing written.
 *
 * `--pipeline plain`: remark-parse, remark-gfm, remark-rehype, rehype-stringify
 * (what any unified user starts with).
 * `--pipeline ours`: the brief processor the build uses (front matter, meta,
 * notes, template, typography), as `brief build` assembles it by default.
 *
 * Usage: node bench/cases/unified.js --pipeline plain|ours FILE.md…
 * Prints one JSON line: {files, bytes, seconds, importSeconds}.
 */
import {readFileSync} from 'node:fs'
import {performance} from 'node:perf_hooks'
import {parseArgs} from 'node:util'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {pipeline: {type: 'string', default: 'plain'}}
})

const importStarted = performance.now()
const process_ = values.pipeline === 'ours' ? await oursProcessor() : await plainProcessor()
const importSeconds = (performance.now() - importStarted) / 1000

const inputs = positionals.map((file) => ({path: file, value: readFileSync(file, 'utf8')}))
const started = performance.now()
let bytes = 0
for (const input of inputs) bytes += (await process_(input)).length
const seconds = (performance.now() - started) / 1000

process.stdout.write(JSON.stringify({files: inputs.length, bytes, seconds, importSeconds}) + '\n')

async function plainProcessor() {
  const [{unified}, {default: remarkParse}, {default: remarkGfm}, {default: remarkRehype}, {default: rehypeStringify}] =
    await Promise.all([
      import('unified'),
      import('remark-parse'),
      import('remark-gfm'),
      import('remark-rehype'),
      import('rehype-stringify')
    ])
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify).freeze()
  /** @param {{path: string, value: string}} input */
  return async (input) => String(await processor.process(input))
}

/**
 * Our processor as the build assembles it with no configuration: the
 * template stage then uses its built-in default template and stylesheet.
 */
async function oursProcessor() {
  const [{createBriefProcessor}, {VFile}] = await Promise.all([import('remark-brief/build'), import('vfile')])
  const processor = createBriefProcessor({format: 'markdown'})
  /** @param {{path: string, value: string}} input */
  return async (input) => String(await processor.process(new VFile(input)))
}
