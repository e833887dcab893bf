import path from 'node:path'
import {VFile} from 'vfile'
import {localImages} from './images.js'
import {defaultMaxInputBytes, failWith, loadStage, missingInput, readArticle, relativeKey, type OutputFormat} from './index.js'
import {resolveInputs} from './inputs.js'
import {outputName} from './names.js'
import {fixBrief} from './fix.js'
import type {BriefConfig} from './peers.js'
import {createBriefProcessor, formatOf} from './processor.js'
import {writeAtomic} from './write.js'

export interface CheckOptions {
  cwd?: string
  configPath?: string
  maxInputBytes?: number
}

/**
 * Validate articles without a browser: read, run the unified stage, check
 * images. Returns one file per input with its messages (a missing input is a
 * file with one error).
 */
export async function checkBatch(inputs: readonly string[], options: CheckOptions = {}): Promise<VFile[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const formats: OutputFormat[] = ['html']
  const stage = await loadStage(cwd, options, formats, '')
  const resolved = await resolveInputs(inputs.length > 0 ? inputs : ['input'], cwd)
  const files = resolved.missing.map((pattern) => missingInput(cwd, pattern).file)

  for (const input of resolved.files) {
    const file = new VFile({path: relativeKey(cwd, input), cwd})
    files.push(file)
    const bytes = await readArticle(input, file, options.maxInputBytes ?? stage.config.maxInputBytes ?? defaultMaxInputBytes)
    if (!bytes) continue
    file.value = new TextDecoder('utf-8').decode(bytes)
    const format = formatOf(input)
    stage.processors[format] ??= createBriefProcessor({format, template: stage.templateText, css: stage.cssText, organization: stage.config.organization, defaults: stage.config.defaults, notes: stage.config.notes})
    const processor = stage.processors[format]!
    try {
      const tree = await processor.run(processor.parse(file), file)
      await localImages(tree, file, path.dirname(input), outputName(input))
    } catch (error) {
      failWith(file, error, 'process-failed')
    }
  }

  return files
}

export interface FixResult {
  file: VFile
  /** Where the fixed Markdown went (absolute), when written. */
  written?: string
}

/**
 * `brief fix`: renumber and repair notes with the notes room's `fixBrief`;
 * Markdown is rewritten in place, scraped text gets a sibling `.md`.
 */
export async function fixFiles(inputs: readonly string[], options: CheckOptions = {}): Promise<FixResult[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const stage = await loadStage(cwd, options, ['md'], '')
  const config: BriefConfig = stage.config
  const resolved = await resolveInputs(inputs.length > 0 ? inputs : ['input'], cwd)
  const results: FixResult[] = resolved.missing.map((pattern) => ({file: missingInput(cwd, pattern).file}))

  for (const input of resolved.files) {
    const file = new VFile({path: relativeKey(cwd, input), cwd})
    results.push({file})
    const bytes = await readArticle(input, file, options.maxInputBytes ?? config.maxInputBytes ?? defaultMaxInputBytes)
    if (!bytes) continue
    file.value = new TextDecoder('utf-8').decode(bytes)
    try {
      const markdown = String(fixBrief(file, config.notes ?? {}).value)
      if (file.messages.some((message) => message.fatal === true)) continue
      const target = formatOf(input) === 'markdown' ? input : input.replace(/\.[^./\\]*$/, '') + '.md'
      await writeAtomic(target, markdown)
      results[results.length - 1]!.written = target
    } catch (error) {
      failWith(file, error, 'fix-failed')
    }
  }

  return results
}
