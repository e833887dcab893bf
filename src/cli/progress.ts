import path from 'node:path'
import {displayFile, escapeControls} from './escape.js'
import cliProgress from 'cli-progress'
import {reporter} from 'vfile-reporter'
import type {BatchResult, BuildEvent, FileResult} from '../build/index.js'

export interface Output {
  write(text: string): void
  isTTY: boolean
}

export interface ProgressOptions {
  quiet: boolean
  /** Show info messages too (what the recognizer removed, …). */
  verbose: boolean
  cwd: string
}

/**
 * Progress of a batch: a bar on a terminal (done/total, current file,
 * elapsed), one plain line per file otherwise, nothing but errors with `-q`.
 * Messages print in vfile-reporter form as each file finishes.
 */
export function createProgress(stream: Output, options: ProgressOptions) {
  let bar: cliProgress.SingleBar | undefined
  let done = 0

  function onEvent(event: BuildEvent): void {
    if (event.type === 'start') {
      done = 0
      if (stream.isTTY && !options.quiet && event.total > 0) {
        bar = new cliProgress.SingleBar(
          {
            format: '{bar} {value}/{total} | {duration_formatted} | {file}',
            stream: stream as unknown as NodeJS.WritableStream,
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 10
          },
          cliProgress.Presets.shades_classic
        )
        bar.start(event.total, 0, {file: ''})
      }
      return
    }

    if (event.type === 'file-start') {
      bar?.update(done, {file: escapeControls(path.relative(options.cwd, event.input))})
      return
    }

    done++
    const text = fileReport(event.result)
    if (bar) {
      // Messages go above the bar: clear its line, print, redraw.
      if (text) {
        stream.write('\r\u001B[2K' + text)
      }
      bar.update(done)
    } else if (text) {
      stream.write(text)
    }
  }

  function fileReport(result: FileResult): string {
    const shown =
      options.verbose && !options.quiet
        ? reporter([displayFile(result.file)], {color: stream.isTTY, quiet: true})
        : withoutInfo(result, stream.isTTY, options.quiet)
    if (options.quiet) return shown ? shown + '\n' : ''
    const line = statusLine(result, options.cwd)
    return line + '\n' + (shown ? shown + '\n' : '')
  }

  function finish(result: BatchResult): void {
    bar?.stop()
    bar = undefined
    // The run's own messages (output folder, skipped links) go with the summary; errors even when quiet.
    const run = runReport(result, stream.isTTY, options.quiet)
    if (run) stream.write(run + '\n')
    if (options.quiet) return
    stream.write(summaryLine(result) + '\n')
  }

  function stop(): void {
    bar?.stop()
    bar = undefined
  }

  return {onEvent, finish, stop}
}

/** The run's messages about the output folder and inputs, in vfile-reporter form ('' when none). */
export function runReport(result: BatchResult, color: boolean, quiet: boolean): string {
  const kept = result.run.messages.filter((message) => message.fatal === true || (!quiet && message.fatal === false) || (!quiet && message.ruleId === 'output-leftovers-removed'))
  if (kept.length === 0) return ''
  const copy = Object.assign(Object.create(Object.getPrototypeOf(result.run)) as typeof result.run, result.run, {messages: kept})
  return reporter([displayFile(copy)], {color, quiet: true})
}

/** The file's errors and warnings only (infos such as removed junk are for `check` and `--verbose`). */
function withoutInfo(result: FileResult, color: boolean, quiet: boolean): string {
  const kept = result.file.messages.filter((message) => message.fatal === true || (!quiet && message.fatal === false))
  if (kept.length === 0) return ''
  const copy = Object.assign(Object.create(Object.getPrototypeOf(result.file)) as typeof result.file, result.file, {messages: kept})
  return reporter([displayFile(copy)], {color, quiet: true})
}

export function statusLine(result: FileResult, cwd: string): string {
  const input = escapeControls(result.file.path)
  if (result.status === 'failed') return `✖ ${input} failed`
  if (result.status === 'unchanged') return `- ${input} unchanged`
  const outputs = result.outputs.filter((output) => !output.endsWith('.png')).map((output) => escapeControls(path.relative(cwd, output)))
  const pages = result.pages === undefined ? '' : `${result.pages} ${result.pages === 1 ? 'page' : 'pages'}, `
  return `✔ ${input} → ${outputs.join(', ')} (${pages}${formatTime(result.time)})`
}

export function summaryLine(result: BatchResult): string {
  const parts = [
    `${result.built} built`,
    `${result.unchanged} unchanged`,
    `${result.failed} failed`,
    `${result.warnings} ${result.warnings === 1 ? 'warning' : 'warnings'}`
  ]
  if (result.skipped > 0) parts.push(`${result.skipped} in other shards`)
  return `${parts.join(', ')} (${formatTime(result.time)})`
}

export function formatTime(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`
}
