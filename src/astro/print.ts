/**
 * Print the pages that asked for a brief: one build session (one browser) for
 * the whole site, building into Astro's cache folder (kept between builds, so
 * an unchanged brief is not printed again), then each PDF copied to its
 * page's path in the output folder.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type {VFileMessage} from 'vfile-message'
import type {SourceReport} from './report.js'

export interface PrintSettings {
  /** Project root: the build's working folder (its `brief.config.json` applies). */
  root: string
  /** Astro's output folder. */
  outDir: string
  /** Where the build keeps its PDFs and manifest between builds. */
  cacheDir: string
  executablePath?: string
  timeout?: number
}

/** The command that brings the printer, named in the error when it is missing. */
export const printInstall = 'npm install remark-brief-print'

/**
 * Print each report's source to `<outDir>/<report.pdf>`; the build's own
 * messages (printing, a brief that failed) join the report's file. Returns
 * the number of PDFs written.
 */
export async function printBriefs(reports: readonly SourceReport[], settings: PrintSettings): Promise<number> {
  const build = await loadPrinter()
  const session = await build.createBuildSession({
    cwd: settings.root,
    out: settings.cacheDir,
    formats: ['pdf'],
    index: false,
    thumbnails: false,
    copyAssets: false,
    executablePath: settings.executablePath,
    timeout: settings.timeout
  })
  let written = 0
  try {
    const result = await session.build(reports.map((item) => item.source))
    const bySource = new Map(reports.map((item) => [path.resolve(item.source), item]))
    for (const built of result.files) {
      const item = bySource.get(path.resolve(built.input))
      if (!item) continue
      addNewMessages(item, built.file.messages)
      const pdf = built.outputs.find((output) => output.endsWith('.pdf'))
      if (built.status === 'failed' || !pdf || !item.pdf) continue
      const target = path.join(settings.outDir, ...item.pdf.split('/'))
      await fs.mkdir(path.dirname(target), {recursive: true})
      await fs.copyFile(pdf, target)
      written++
    }
  } finally {
    await session.close()
  }
  return written
}

/**
 * The build and its printer, loaded only now: a site that prints no brief
 * never loads them, and one without the print packages gets the command that
 * installs them.
 */
async function loadPrinter(): Promise<typeof import('../build/index.js')> {
  try {
    const build = await import('../build/index.js')
    const {loadPdfModule} = await import('../build/peers.js')
    await loadPdfModule()
    return build
  } catch (error) {
    if (isMissingModule(error)) {
      throw new Error(`remark-brief/astro: printing PDF briefs needs the print packages (${(error as Error).message.split('\n')[0]}); install them with: ${printInstall}`, {cause: error})
    }
    throw error
  }
}

function isMissingModule(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
}

/** The build runs the notes step again: only messages the page did not already have are added. */
function addNewMessages(item: SourceReport, messages: readonly VFileMessage[]): void {
  const key = (message: VFileMessage) => `${message.line ?? ''}:${message.column ?? ''}:${message.ruleId ?? ''}:${message.reason}`
  const seen = new Set(item.file.messages.map(key))
  for (const message of messages) {
    if (seen.has(key(message))) continue
    message.file = item.file.path
    item.file.messages.push(message)
  }
}
