import fs from 'node:fs/promises'
import path from 'node:path'
import type {BuildSession} from '../build/index.js'
import {articleExtensions} from '../build/inputs.js'
import type {CliIo} from './index.js'
import {escapeControls} from './escape.js'
import {formatTime, runReport, summaryLine} from './progress.js'
import {watchFiles} from './watch-files.js'

export interface WatchOptions {
  io: CliIo
  quiet: boolean
  signal: AbortSignal
  /** The output folder: its own changes never start a rebuild. */
  out?: string
  /**
   * An article the first build printed (absolute): rebuilt `rehearsals`
   * times, its outputs the same bytes again, before the watch says it is
   * watching, so the first saves are rebuilt by code already compiled and
   * optimised (the article worker's pipeline, the finish worker's read-back,
   * metadata pass and check, the page's replaced body) instead of paying for
   * it. A save meanwhile is seen and rebuilt after the rehearsal.
   */
  rehearse?: string
}

/**
 * Rebuilds of one brief before watching: the first rebuilds of a session ran
 * ~100-200 ms over the later ones, cold (docs/bench.md, session 13, watch9).
 */
const rehearsals = 2

/**
 * Milliseconds to wait after a change for more of the same save (an editor's
 * temporary file, rename and mode change come within a millisecond or two).
 */
const debounce = 10

/**
 * `--watch`: after the first build, rebuild a changed article (or everything
 * when the template or config changes) with the same session, so the browser
 * stays warm. Resolves when the signal aborts.
 */
export async function watchBuild(session: BuildSession, inputs: readonly string[], options: WatchOptions): Promise<number> {
  const {io} = options
  const roots = await watchRoots(inputs.length > 0 ? inputs : ['input'], io.cwd)
  const dependencies = () => new Set(session.dependencies().map((item) => path.resolve(io.cwd, item)))

  let queue = Promise.resolve()
  const pending = new Set<string>()
  let reloadPending = false
  let timer: NodeJS.Timeout | undefined

  const flush = () => {
    const changed = [...pending]
    const reload = reloadPending
    pending.clear()
    reloadPending = false
    queue = queue.then(async () => {
      if (options.signal.aborted) return
      const start = performance.now()
      try {
        if (reload) await session.reload()
        // A changed article's PDF first (`pdfFirst`); a changed template rebuilds everything as a batch does.
        const result = await session.build(reload ? inputs : changed, {force: !reload, pdfFirst: !reload})
        const run = runReport(result, io.stderr.isTTY ?? false, options.quiet)
        if (run) io.stderr.write(run + '\n')
        if (!options.quiet) {
          const what = reload ? 'all briefs (template or config changed)' : changed.map((file) => path.relative(io.cwd, file)).join(', ')
          io.stderr.write(`rebuilt ${what} in ${formatTime(performance.now() - start)}: ${summaryLine(result)}\n`)
        }
      } catch (error) {
        io.stderr.write(`brief: ${(error as Error).message}\n`)
      }
    })
  }

  const onChange = async (file: string) => {
    const absolute = path.resolve(io.cwd, file)
    if (options.signal.aborted) return
    if (dependencies().has(absolute)) reloadPending = true
    else if (new RegExp(`\\.(${articleExtensions.join('|')})$`, 'i').test(absolute)) {
      if ((await fs.lstat(absolute).catch(() => undefined))?.isSymbolicLink()) {
        io.stderr.write(`${escapeControls(path.relative(io.cwd, absolute))}: symbolic link not followed (input-symlink-skipped)\n`)
        return
      }
      pending.add(absolute)
    } else return
    clearTimeout(timer)
    timer = setTimeout(flush, debounce)
  }

  // Links are not followed, as in a folder walk; a changed link is reported, not built (`onChange`).
  const watcher = await watchFiles({
    roots: [...roots, ...dependencies()],
    ignore: options.out ? [path.resolve(io.cwd, options.out)] : [],
    onPath: (file) => void onChange(file)
  })
  const {rehearse} = options
  if (rehearse) {
    // On the queue: a save seen meanwhile is rebuilt after it, never beside it.
    queue = queue.then(async () => {
      for (let round = 0; round < rehearsals && !options.signal.aborted; round++) {
        await session.build([rehearse], {force: true, pdfFirst: true, silent: true}).catch(() => undefined)
      }
    })
    await queue
  }
  if (!options.quiet) io.stderr.write(`watching ${roots.length} ${roots.length === 1 ? 'path' : 'paths'} for changes (Ctrl-C to stop)\n`)

  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve()
    options.signal.addEventListener('abort', () => resolve(), {once: true})
  })
  clearTimeout(timer)
  watcher.close()
  await queue
  return 130
}

/** What to watch for each input: the file or folder itself, or a glob's static base folder. */
async function watchRoots(inputs: readonly string[], cwd: string): Promise<string[]> {
  const roots = new Set<string>()
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input)
    const exists = await fs.stat(absolute).then(() => true, () => false)
    if (exists) {
      roots.add(absolute)
      continue
    }
    const staticPart = input.split(/[\\/]/).filter((segment, index, all) => !/[*?[\]{}()!]/.test(all.slice(0, index + 1).join('/')))
    roots.add(path.resolve(cwd, staticPart.join('/') || '.'))
  }
  return [...roots]
}
