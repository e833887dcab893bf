/**
 * The `brief` command: `build`, `check`, `fix`. Exit codes: 0 success, 1 a
 * brief failed (or, with `--frail`, warned), 2 bad usage, 130 interrupted.
 */
import fs from 'node:fs'
import path from 'node:path'
import {Command, CommanderError, InvalidArgumentError, Option} from 'commander'
import {reporter} from 'vfile-reporter'
import type {VFile} from 'vfile'
import type {BatchResult, BuildSession, FixResult, OutputFormat} from '../build/index.js'
import {parseShard, type Shard} from '../build/shard.js'
import {createProgress, formatTime, summaryLine, type Output} from './progress.js'
import {displayFile, escapeControls} from './escape.js'
import {startEarly, type EarlyStart} from './early-printer.js'

/**
 * The build (unified, every plugin) is imported when a command runs, not
 * with the CLI: `brief --help` stays light, and a cold `brief build` starts
 * the browser before it spends its time importing (`early-printer.ts`).
 */
const loadBuild = () => import('../build/index.js')

export interface CliIo {
  stdout: Output
  stderr: Output
  cwd: string
  /** Install SIGINT handling (the real binary does; tests calling `main` do not). */
  signals?: boolean
}

interface CommonOptions {
  config?: string
  debug?: boolean
  quiet?: boolean
  frail?: boolean
  verbose?: boolean
  maxInputBytes?: number
  maxArticleTime?: number
  maxArticleMemory?: number
}

interface BuildCommandOptions extends CommonOptions {
  out: string
  format: OutputFormat[]
  concurrency?: number
  shard?: Shard
  watch?: boolean
  force?: boolean
  notes?: 'end' | 'page'
  renderTimeout?: number
  hangTimeout?: number
  /** `--no-mend-hyphens` sets it false; commander makes it true otherwise. */
  mendHyphens?: boolean
}

interface CheckCommandOptions extends CommonOptions {
  json?: boolean
  review?: boolean
  out?: string
}

export const exitCodes = {ok: 0, failed: 1, usage: 2, interrupted: 130} as const

/** Run the CLI on `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = exitCodes.ok
  const program = createProgram(io, (code) => {
    exitCode = code
  })

  if (argv.length === 0) {
    io.stderr.write(program.helpInformation())
    return exitCodes.usage
  }

  try {
    await program.parseAsync([...argv], {from: 'user'})
  } catch (error) {
    if (error instanceof CommanderError) {
      const done = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)
      return done ? exitCodes.ok : exitCodes.usage
    }
    io.stderr.write(unexpected(error, argv.includes('--debug')))
    return exitCodes.failed
  }

  return exitCode
}

function createProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('brief')
    .description('Turn think-tank articles (scraped text or Markdown) into typeset PDF and HTML policy briefs.')
    .version(readVersion(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text)
    })

  program
    .command('build')
    .description('build briefs (PDF and HTML) from articles; default input: input/')
    .argument('[inputs...]', 'files, folders or globs')
    .option('-o, --out <dir>', 'output folder', 'output')
    .addOption(new Option('-f, --format <list>', 'outputs to write, comma-separated: pdf, html, md').default(['pdf', 'html'], 'pdf,html').argParser(parseFormats))
    .option('-c, --config <file>', 'configuration file (default: brief.config.json or "brief" in package.json)')
    .option('--concurrency <n>', 'pages printed at once (default: the number of cores)', parsePositive)
    .option('--shard <i/n>', 'build only share i of n (stable per file path)', parseShardOption)
    .option('-w, --watch', 'rebuild when an article, the template or the config changes')
    .option('--force', 'rebuild even when the cache says unchanged')
    .addOption(new Option('--notes <placement>', "where notes print when a brief's front matter does not say: end (endnotes) or page (page-bottom)").choices(['end', 'page']))
    .option('--frail', 'exit 1 on warnings too')
    .option('--max-input-bytes <n>', 'largest article accepted, in bytes (default 5242880)', parsePositive)
    .option('--max-article-time <ms>', 'time to read and typeset one article before it fails alone (default 60000)', parsePositive)
    .option('--max-article-memory <mb>', 'heap to read and typeset one article before it fails alone (default 1024)', parsePositive)
    .option('--render-timeout <ms>', 'time to print one brief before it fails alone (default 30000)', parsePositive)
    .option('--hang-timeout <ms>', 'time the browser may stop answering before it is replaced (default 10000)', parsePositive)
    .option('--no-mend-hyphens', 'print each brief once: do not print again to mend words broken at a page end or in a run of more than 3 hyphenated lines (faster)')
    .option('-q, --quiet', 'print errors only')
    .option('--verbose', 'print info messages too (removed page junk, …)')
    .option('--debug', 'print stack traces')
    .action(async (inputs: string[], options: BuildCommandOptions) => {
      setExit(await buildCommand(inputs, options, io))
    })

  program
    .command('check')
    .description('validate articles without printing: messages as file:line:col level message rule source')
    .argument('[files...]', 'files, folders or globs')
    .option('--json', 'print the messages as JSON on stdout')
    .option('--review', 'also write <name>.review.html: the source with what the recognizer decided drawn on it')
    .option('-o, --out <dir>', 'folder for the review pages', 'output')
    .option('-c, --config <file>', 'configuration file')
    .option('--frail', 'exit 1 on warnings too')
    .option('--max-input-bytes <n>', 'largest article accepted, in bytes', parsePositive)
    .option('--max-article-time <ms>', 'time to check one article (default 60000)', parsePositive)
    .option('--max-article-memory <mb>', 'heap to check one article (default 1024)', parsePositive)
    .option('-q, --quiet', 'print errors only')
    .option('--debug', 'print stack traces')
    .action(async (inputs: string[], options: CheckCommandOptions) => {
      setExit(await checkCommand(inputs, options, io))
    })

  program
    .command('fix')
    .description('renumber and repair notes: Markdown rewritten in place, .txt written to a sibling .md')
    .argument('[files...]', 'files, folders or globs')
    .option('-c, --config <file>', 'configuration file')
    .option('--max-input-bytes <n>', 'largest article accepted, in bytes', parsePositive)
    .option('-q, --quiet', 'print errors only')
    .option('--debug', 'print stack traces')
    .action(async (inputs: string[], options: CommonOptions) => {
      setExit(await fixCommand(inputs, options, io))
    })

  for (const command of program.commands) {
    command.exitOverride().showHelpAfterError().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text)
    })
  }

  return program
}

async function buildCommand(inputs: string[], options: BuildCommandOptions, io: CliIo): Promise<number> {
  const controller = new AbortController()
  const progress = createProgress(io.stderr, {quiet: Boolean(options.quiet), verbose: Boolean(options.verbose), cwd: io.cwd})
  let session: BuildSession | undefined
  let interrupted = false

  const onSignal = () => {
    if (interrupted) process.exit(exitCodes.interrupted)
    interrupted = true
    // Work torn down under the build (the browser killed mid-print) may now fail anywhere, even where
    // nothing awaits it: say so in a line, and let the close below finish and exit 130 (not 1).
    const afterInterrupt = (error: unknown) => io.stderr.write(`(while closing) ${error instanceof Error ? error.message : String(error)}\n`)
    process.on('uncaughtException', afterInterrupt)
    process.on('unhandledRejection', afterInterrupt)
    controller.abort()
    progress.stop()
    io.stderr.write('\nInterrupted: closing the browser\n')
    if (!session) process.exit(exitCodes.interrupted)
    // The renderer kills the browser on the signal itself; give the clean close a few seconds at most.
    setTimeout(() => process.exit(exitCodes.interrupted), 5000).unref()
    void session.close().finally(() => process.exit(exitCodes.interrupted))
  }
  if (io.signals) {
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    // A closed terminal (SSH dropped): close the browser and its profile the same way.
    process.on('SIGHUP', onSignal)
  }

  // Started before the build is imported when the build is certain to need them (the worker, the browser); the session takes them over.
  let early: EarlyStart | undefined
  let isRunError: ((error: unknown) => error is {file: VFile}) | undefined
  let debugStack: ((message: VFile['messages'][number]) => string | undefined) | undefined
  try {
    early = await startEarly({
      cwd: io.cwd,
      out: options.out,
      inputs,
      formats: options.format,
      force: options.force,
      concurrency: options.concurrency,
      timeout: options.renderTimeout,
      hangTimeout: options.hangTimeout,
      mendHyphens: options.mendHyphens,
      maxArticleTime: options.maxArticleTime,
      maxArticleMemory: options.maxArticleMemory
    })
    const build = await loadBuild()
    ;({isRunError, debugStack} = build)
    session = await build.createBuildSession({
      renderer: early.renderer,
      articlePool: early.articlePool,
      cwd: io.cwd,
      out: options.out,
      formats: options.format,
      configPath: options.config,
      concurrency: options.concurrency,
      shard: options.shard,
      force: options.force,
      notes: options.notes,
      maxInputBytes: options.maxInputBytes,
      maxArticleTime: options.maxArticleTime,
      maxArticleMemory: options.maxArticleMemory,
      timeout: options.renderTimeout,
      hangTimeout: options.hangTimeout,
      mendHyphens: options.mendHyphens,
      signal: controller.signal,
      onEvent: progress.onEvent
    })

    const result = await session.build(inputs)
    progress.finish(result)
    if (interrupted) return exitCodes.interrupted
    if (options.debug) writeCauses(result, io, build.debugStack)

    if (options.watch) {
      const {watchBuild} = await import('./watch.js')
      // A brief the first build printed, rehearsed before watching (`WatchOptions.rehearse`).
      const rehearse = result.files.find((file) => file.status === 'built' && file.outputs.some((output) => output.endsWith('.pdf')))?.input
      return await watchBuild(session, inputs, {io, quiet: Boolean(options.quiet), signal: controller.signal, out: options.out, rehearse})
    }

    return batchExit(result, Boolean(options.frail))
  } catch (error) {
    progress.stop()
    // Interrupted: the browser and workers were closed under the build, which may then fail in any way; the exit says why.
    if (interrupted) return exitCodes.interrupted
    if (isRunError?.(error)) {
      io.stderr.write(reporter([displayFile(error.file)], {color: io.stderr.isTTY}) + '\n')
      if (options.debug && debugStack) writeFileCauses(error.file, io, debugStack)
      return exitCodes.failed
    }
    throw error
  } finally {
    // A session closes the early renderer and workers with its own; without one (a bad config), they are closed here.
    if (!options.watch || !interrupted) await (session ? session.close() : early?.close())
    if (io.signals) {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      process.off('SIGHUP', onSignal)
    }
  }
}

export function batchExit(result: BatchResult, frail: boolean): number {
  if (result.failed > 0) return exitCodes.failed
  // The manifest or site index not written, a lock held by another build: the run did not finish its job.
  if (result.run.messages.some((message) => message.fatal === true)) return exitCodes.failed
  if (frail && result.warnings > 0) return exitCodes.failed
  return exitCodes.ok
}

async function checkCommand(inputs: string[], options: CheckCommandOptions, io: CliIo): Promise<number> {
  const {checkBatch, debugStack, isRunError} = await loadBuild()
  let files: VFile[]
  try {
    files = await checkBatch(inputs, {cwd: io.cwd, configPath: options.config, maxInputBytes: options.maxInputBytes, maxArticleTime: options.maxArticleTime, maxArticleMemory: options.maxArticleMemory})
  } catch (error) {
    if (isRunError(error)) {
      files = [error.file]
    } else throw error
  }

  if (options.json) {
    io.stdout.write(JSON.stringify(files.map((file) => jsonFile(file)), null, 2) + '\n')
  } else {
    const text = reporter(files.map(displayFile), {color: io.stderr.isTTY, quiet: true, silent: Boolean(options.quiet)})
    if (text) io.stderr.write(text + '\n')
  }
  if (options.debug) for (const file of files) writeFileCauses(file, io, debugStack)
  if (options.review) {
    const {writeReviews} = await import('../review/write.js')
    for (const written of await writeReviews(files, {cwd: io.cwd, out: options.out ?? 'output'})) {
      if (!options.quiet) io.stderr.write(`review: ${path.relative(io.cwd, written)}\n`)
    }
  }

  const messages = files.flatMap((file) => file.messages)
  if (messages.some((message) => message.fatal === true)) return exitCodes.failed
  if (options.frail && messages.some((message) => message.fatal === false)) return exitCodes.failed
  return exitCodes.ok
}

/** `check --json`: one object per file, messages with their place, rule and severity. */
export function jsonFile(file: VFile) {
  return {
    path: file.path,
    messages: file.messages.map((message) => ({
      reason: message.reason,
      ruleId: message.ruleId ?? null,
      source: message.source ?? null,
      severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
      fatal: message.fatal ?? null,
      line: message.line ?? null,
      column: message.column ?? null,
      place: message.place ?? null,
      ...('data' in message && message.data ? {data: message.data} : {})
    }))
  }
}

async function fixCommand(inputs: string[], options: CommonOptions, io: CliIo): Promise<number> {
  const {debugStack, fixFiles, isRunError} = await loadBuild()
  let results: FixResult[]
  try {
    results = await fixFiles(inputs, {cwd: io.cwd, configPath: options.config, maxInputBytes: options.maxInputBytes})
  } catch (error) {
    if (isRunError(error)) {
      results = [{file: error.file}]
    } else throw error
  }

  const files = results.map((result) => result.file)
  const text = reporter(files.map(displayFile), {color: io.stderr.isTTY, quiet: true, silent: Boolean(options.quiet)})
  if (text) io.stderr.write(text + '\n')
  if (!options.quiet) {
    for (const result of results) {
      if (result.written) io.stderr.write(`✔ ${escapeControls(result.file.path)} → ${escapeControls(path.relative(io.cwd, result.written))}\n`)
    }
  }
  if (options.debug) for (const file of files) writeFileCauses(file, io, debugStack)
  return files.some((file) => file.messages.some((message) => message.fatal === true)) ? exitCodes.failed : exitCodes.ok
}

type DebugStack = (message: VFile['messages'][number]) => string | undefined

function writeCauses(result: BatchResult, io: CliIo, debugStack: DebugStack): void {
  for (const item of result.files) writeFileCauses(item.file, io, debugStack)
}

function writeFileCauses(file: VFile, io: CliIo, debugStack: DebugStack): void {
  for (const message of file.messages) {
    const stack = debugStack(message)
    if (stack) io.stderr.write(`${file.path}: ${stack}\n`)
  }
}

function unexpected(error: unknown, debug: boolean): string {
  if (debug && error instanceof Error && error.stack) return error.stack + '\n'
  return `brief: ${error instanceof Error ? error.message : String(error)} (run with --debug for the stack)\n`
}

function parseFormats(value: string): OutputFormat[] {
  const formats = value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean)
  const unknown = formats.filter((item) => !['pdf', 'html', 'md'].includes(item))
  if (formats.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`Unexpected format \`${unknown.join(',') || value}\`, expected pdf, html or md.`)
  }
  return [...new Set(formats)] as OutputFormat[]
}

function parsePositive(value: string): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`Unexpected \`${value}\`, expected a positive whole number.`)
  return number
}

function parseShardOption(value: string): Shard {
  const shard = parseShard(value)
  if (!shard) throw new InvalidArgumentError(`Unexpected shard \`${value}\`, expected i/n with 1 ≤ i ≤ n.`)
  return shard
}

function readVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}
    return manifest.version
  } catch {
    return '0.0.0'
  }
}

export {formatTime, summaryLine}
