/**
 * Thumbnails need two optional packages (PDFium and a PNG encoder). A build
 * made without them writes none, and says so in its cache keys: once they
 * are installed, the briefs are built again (with thumbnails), not taken as
 * unchanged. HTML only here: the cache key is the same for every format.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {afterEach, expect, test, vi} from 'vitest'
import {project} from './setup/cli.js'

const article = `---
title: Harbour Dues
---

Port fees rose twice.[^fees]

[^fees]: Harbour board minutes, 2024.
`

afterEach(() => {
  vi.doUnmock('../src/optional.js')
  vi.resetModules()
})

/** The build module, with PDFium and pngjs found or not. */
async function buildWith(thumbnailPackages: boolean): Promise<typeof import('../src/build/index.js')> {
  vi.resetModules()
  vi.doMock('../src/optional.js', async (original) => {
    const real = await original<typeof import('../src/optional.js')>()
    return {
      ...real,
      optionalRequire: (specifier: string) => (!thumbnailPackages && /^(?:@hyzyla\/pdfium|pngjs)$/.test(specifier) ? undefined : real.optionalRequire(specifier))
    }
  })
  return import('../src/build/index.js')
}

test('briefs built without the thumbnail packages are built again once they are installed', async () => {
  const cwd = await project('thumbnail-packages')
  await fs.mkdir(path.join(cwd, 'input'))
  await fs.writeFile(path.join(cwd, 'input', 'harbour.md'), article)
  const options = {cwd, formats: ['html' as const]}

  const without = await buildWith(false)
  expect((await without.buildBatch(['input'], options)).files[0]!.status).toBe('built')
  // Still missing: the cache hits.
  expect((await without.buildBatch(['input'], options)).files[0]!.status).toBe('unchanged')

  const installed = await buildWith(true)
  expect((await installed.buildBatch(['input'], options)).files[0]!.status).toBe('built')
  expect((await installed.buildBatch(['input'], options)).files[0]!.status).toBe('unchanged')
}, 120_000)
