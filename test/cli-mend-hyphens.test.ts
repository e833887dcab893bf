/**
 * `brief build --no-mend-hyphens` reaches the printer: the real binary on our
 * hyphen fixture (test/fixtures/print/hyphen-breaks/breaks.md, which prints
 * runs of more than 3 hyphenated line ends when nothing mends them) prints
 * those runs with the switch and none without it (the default). Page ends are
 * asserted on the same fixture in pdf-hyphen-breaks.test.ts.
 */
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, expect, test} from 'vitest'
import {brokenWords, printedLines} from '../src/pdf/hyphen-breaks.js'
import {brief, root} from './setup/cli.js'

const input = path.join(root, 'test', 'fixtures', 'print', 'hyphen-breaks', 'breaks.md')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-cli-mend-'))

afterAll(() => rmSync(scratch, {recursive: true, force: true}))

/** Words the built PDF breaks as the fourth (or later) line of a run of hyphenated line ends: what the pass mends. */
async function runBreaks(out: string): Promise<number> {
  const pdf = readdirSync(out).find((name) => name.endsWith('.pdf'))!
  const pages = await printedLines(new Uint8Array(readFileSync(path.join(out, pdf))))
  return brokenWords(pages).filter((word) => word.reason === 'run').length
}

test('--no-mend-hyphens prints once, leaving the long hyphen runs; the default mends them', async () => {
  const off = await brief(['build', input, '-o', path.join(scratch, 'off'), '--format', 'pdf', '--concurrency', '1', '--no-mend-hyphens'], scratch)
  expect(off.code, off.stderr).toBe(0)
  const on = await brief(['build', input, '-o', path.join(scratch, 'on'), '--format', 'pdf', '--concurrency', '1'], scratch)
  expect(on.code, on.stderr).toBe(0)
  expect(await runBreaks(path.join(scratch, 'off'))).toBeGreaterThan(0)
  expect(await runBreaks(path.join(scratch, 'on'))).toBe(0)
}, 180_000)
