/**
 * The build writes a brief's PDF the moment the printer has it final (printed,
 * metadata set, checked: the renderer's `onPdf`), before the render's
 * thumbnail and before the HTML page, thumbnail and site index: a `--watch`
 * rebuild shows the new PDF sooner. Seen through a real renderer whose
 * `render` does not return until the PDF is on disk: a build that wrote the
 * PDF only with the brief's other files would never let it return. One
 * browser for the file.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {createBuildSession} from '../src/build/index.js'
import {createPdfRenderer, pdfText, type PdfRenderer, type RenderJob} from '../src/pdf/public.js'
import {project, shortArticle} from './setup/cli.js'

const renderer = createPdfRenderer({concurrency: 1})

afterAll(async () => {
  await renderer.close()
})

const exists = (file: string) => fs.stat(file).then((stats) => stats.size > 0, () => false)

/** Resolves true once `file` exists, false after `limit` ms. */
async function appears(file: string, limit: number): Promise<boolean> {
  const end = performance.now() + limit
  while (performance.now() < end) {
    if (await exists(file)) return true
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return false
}

describe('the PDF is written first', () => {
  it('is on disk, checked, before the render returns and before the thumbnail, HTML and site index', async () => {
    const cwd = await project('pdf-first')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'brief.txt'), await shortArticle('A brief written first'))
    const out = path.join(cwd, 'output')
    const seen: Array<{pdf: boolean; thumbnail: boolean; html: boolean; index: boolean; pdfBytes?: Buffer}> = []
    let calls = 0

    // The real renderer, its result held back until the PDF is on disk (at most 20 s).
    const holding: PdfRenderer = {
      warm: () => renderer.warm(),
      close: async () => undefined,
      async render(job: RenderJob) {
        calls++
        expect(job.onPdf).toBeTypeOf('function')
        const result = await renderer.render(job)
        const pdf = path.join(out, 'brief.pdf')
        const written = await appears(pdf, 20_000)
        seen.push({
          pdf: written,
          thumbnail: await exists(path.join(out, 'thumbnails', 'brief.png')),
          html: await exists(path.join(out, 'brief.html')),
          index: await exists(path.join(out, 'index.html')),
          pdfBytes: written ? await fs.readFile(pdf) : undefined
        })
        return result
      }
    }

    const session = await createBuildSession({cwd, renderer: holding, formats: ['pdf', 'html']})
    try {
      const result = await session.build([])
      expect(result.built).toBe(1)
      expect(calls).toBe(1)
      expect(seen.map(({pdfBytes: _bytes, ...flags}) => flags)).toEqual([{pdf: true, thumbnail: false, html: false, index: false}])
      // The PDF written early is the final one: the same bytes the build reports, with its metadata.
      const final = await fs.readFile(path.join(out, 'brief.pdf'))
      expect(Buffer.compare(seen[0]!.pdfBytes!, final)).toBe(0)
      expect(final.subarray(0, 5).toString()).toBe('%PDF-')
      expect((await pdfText(new Uint8Array(final))).replace(/\s+/g, ' ')).toContain('A brief written first')
      expect(result.files[0]!.outputs.map((file) => path.relative(out, file))).toEqual(['brief.pdf', path.join('thumbnails', 'brief.png'), 'brief.html'])
      expect(await exists(path.join(out, 'thumbnails', 'brief.png'))).toBe(true)
      expect(await exists(path.join(out, 'index.html'))).toBe(true)
    } finally {
      await session.close()
    }
  })

  it('asks the printer for the PDF first when the session is asked to (`--watch`), not otherwise', async () => {
    const cwd = await project('pdf-first-watch')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'brief.txt'), await shortArticle('A brief rebuilt'))
    const asked: Array<boolean | undefined> = []
    const recording: PdfRenderer = {
      warm: () => renderer.warm(),
      close: async () => undefined,
      render: (job: RenderJob) => (asked.push(job.pdfFirst), renderer.render(job))
    }
    const session = await createBuildSession({cwd, renderer: recording, formats: ['pdf']})
    try {
      expect((await session.build([])).built).toBe(1)
      expect((await session.build([], {force: true, pdfFirst: true})).built).toBe(1)
      expect(asked).toEqual([false, true])
    } finally {
      await session.close()
    }
  })
})
