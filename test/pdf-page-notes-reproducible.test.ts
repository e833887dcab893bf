/**
 * Page-bottom notes print the same bytes every time. Paged.js names each
 * note `note-<UUID>` from the clock and `Math.random`, and Chromium prints
 * every id a link points to as a named destination, so two builds of one
 * brief used to differ in those names (`nameNotesInOrder` in
 * `src/pdf/paged.ts` names them in document order before each print).
 * Two separate sessions, as two runs of `brief build --notes page` would be.
 */
import {Buffer} from 'node:buffer'
import {copyFileSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, expect, test} from 'vitest'
import {createBuildSession} from '../src/build/index.js'
import {removeTestFolder, testFolder} from './setup/pdf-read.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const seed = path.join(root, 'input', 'vif-kazakhstan-protests-chinese-article.txt')
const folders: string[] = []

afterAll(() => {
  for (const folder of folders) removeTestFolder(folder)
})

async function buildWithPageNotes(): Promise<Buffer> {
  const folder = testFolder('page-notes-bytes')
  folders.push(folder)
  copyFileSync(seed, path.join(folder, 'seed.txt'))
  const session = await createBuildSession({cwd: folder, out: 'out', formats: ['pdf'], notes: 'page', concurrency: 1, force: true})
  try {
    const batch = await session.build(['seed.txt'])
    expect(batch.files.map((file) => file.status)).toEqual(['built'])
  } finally {
    await session.close()
  }
  return readFileSync(path.join(folder, 'out', 'seed.pdf'))
}

test('the seed with page-bottom notes, built twice, gives byte-identical PDFs whose note destinations are named in order', async () => {
  const first = await buildWithPageNotes()
  const second = await buildWithPageNotes()
  // No random note name reaches the PDF (uncompressed names would show here; compressed ones show as a byte difference below).
  expect(first.toString('latin1')).not.toMatch(/note-[0-9a-f]{8}-[0-9a-f]{4}-/)
  expect(Buffer.compare(first, second)).toBe(0)
}, 240_000)
