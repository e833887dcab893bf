/**
 * Reading a printed brief back with pdfjs-dist, for the tests that check
 * where things printed (page-bottom notes, cut paragraphs) and what printed
 * them (glyphs missing from their fonts), and the temporary folder those
 * tests build in.
 */
import {copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {getDocument, OPS} from 'pdfjs-dist/legacy/build/pdf.mjs'
import {createBuildSession, type BatchResult, type BuildOptions} from '../../src/build/index.js'
import {tokens} from '../../src/pdf/verify.js'

export interface PagesRead {
  /** Each page's text as pdf.js gives it: items joined by a space, a line end where pdf.js marks one. */
  texts: string[]
  /** Each page's words (`tokens` of its items joined by spaces). */
  words: string[][]
  /** Note number ▶ page of its first call (a link to `…fn-N`). */
  calls: Map<string, number>
  /** Named destination ▶ page. */
  destinations: Map<string, number>
  /** Every link's URI, in page order. */
  uris: string[]
}

/** Read `pdf` (bytes, or a file's path) back page by page. */
export async function readPages(pdf: Uint8Array | string): Promise<PagesRead> {
  const data = typeof pdf === 'string' ? new Uint8Array(readFileSync(pdf)) : pdf.slice()
  const document = await getDocument({data, isEvalSupported: false, verbosity: 0}).promise
  try {
    const read: PagesRead = {texts: [], words: [], calls: new Map(), destinations: new Map(), uris: []}
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number)
      const items = (await page.getTextContent()).items
      read.texts.push(items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''))
      read.words.push(tokens(items.map((item) => ('str' in item ? item.str : '')).join(' ')))
      for (const annotation of await page.getAnnotations()) {
        const target = typeof annotation.dest === 'string' ? /-fn-(\d+)$/.exec(annotation.dest) : null
        if (annotation.subtype === 'Link' && target && !read.calls.has(target[1]!)) read.calls.set(target[1]!, number)
        if (typeof annotation.url === 'string') read.uris.push(annotation.url)
        if (typeof annotation.unsafeUrl === 'string') read.uris.push(annotation.unsafeUrl)
      }
    }
    for (const [name, destination] of Object.entries((await document.getDestinations()) as Record<string, unknown[]>)) {
      read.destinations.set(name, (await document.getPageIndex(destination[0] as {num: number; gen: number})) + 1)
    }
    return read
  } finally {
    await document.destroy()
  }
}

/** A new temporary folder for a test file's builds. */
export function testFolder(name: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `remark-brief-${name}-`))
}

/** Remove a test folder, unless KEEP_TEST_OUTPUT asks to keep it (its path is printed then, to look at the PDFs). */
export function removeTestFolder(folder: string | undefined): void {
  if (!folder) return
  if (process.env.KEEP_TEST_OUTPUT) console.log(`Output kept in ${folder}`)
  else rmSync(folder, {recursive: true, force: true})
}

/** Build one fixture, copied into a new test folder as `brief.md`, to `out/` (PDF only, one page at a time). */
export async function buildFixtureInFolder(name: string, fixture: string, options: BuildOptions = {}): Promise<{folder: string; batch: BatchResult}> {
  const folder = testFolder(name)
  copyFileSync(fixture, path.join(folder, 'brief.md'))
  const session = await createBuildSession({cwd: folder, out: 'out', formats: ['pdf'], concurrency: 1, force: true, ...options})
  try {
    return {folder, batch: await session.build(['brief.md'])}
  } finally {
    await session.close()
  }
}

/** Glyphs drawn that their embedded font does not have (CID 0, the .notdef box, or not in the font). */
export async function missingGlyphs(bytes: Uint8Array): Promise<number> {
  const document = await getDocument({data: bytes.slice(), isEvalSupported: false, verbosity: 0, disableFontFace: true}).promise
  let missing = 0
  try {
    for (let number = 1; number <= document.numPages; number++) {
      const operators = await (await document.getPage(number)).getOperatorList()
      operators.fnArray.forEach((fn, index) => {
        if (fn !== OPS.showText) return
        for (const glyph of operators.argsArray[index][0] as Array<{originalCharCode?: number; isInFont?: boolean; unicode?: string} | number>) {
          if (typeof glyph !== 'object' || glyph === null) continue
          if (glyph.originalCharCode === 0 || (glyph.isInFont === false && !/^\s*$/.test(glyph.unicode ?? ''))) missing++
        }
      })
    }
    return missing
  } finally {
    await document.destroy()
  }
}
