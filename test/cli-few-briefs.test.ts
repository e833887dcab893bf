/**
 * Which command lines get V8's later tier-up (`src/cli/few-briefs.ts`, set
 * in `bin.ts`): a few named files, never a folder, a glob or the default
 * input folder; the values of options are not inputs.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {fewBriefs, optionsWithValue} from '../src/cli/few-briefs.js'
import {main} from '../src/cli/index.js'

let folder: string
const file = (name: string) => path.join(folder, name)

beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-few-'))
  for (const name of ['a.md', 'b.md', 'c.md', 'd.md', 'e.md', 'brief.config.json']) writeFileSync(file(name), '# A\n')
  mkdirSync(file('input'))
})

afterAll(() => rmSync(folder, {recursive: true, force: true}))

test('one to four named files: few', () => {
  expect(fewBriefs(['build', file('a.md')])).toBe(true)
  expect(fewBriefs(['build', file('a.md'), '--out', file('input'), '-q'])).toBe(true)
  expect(fewBriefs(['check', file('a.md'), file('b.md'), file('c.md'), file('d.md')])).toBe(true)
})

test('five files, a folder, a glob, a missing file or no input (the default folder): not few', () => {
  expect(fewBriefs(['build', ...['a', 'b', 'c', 'd', 'e'].map((name) => file(`${name}.md`))])).toBe(false)
  expect(fewBriefs(['build', file('input')])).toBe(false)
  expect(fewBriefs(['build', path.join(folder, '*.md')])).toBe(false)
  expect(fewBriefs(['build', file('missing.md')])).toBe(false)
  expect(fewBriefs(['build', '--out', file('a.md')])).toBe(false)
})

test('an option’s value is not an input: a config file does not make a folder build few', () => {
  expect(fewBriefs(['build', file('input'), '-c', file('brief.config.json')])).toBe(false)
  expect(fewBriefs(['build', '--config', file('brief.config.json')])).toBe(false)
})

test('every option of `build` and `check` that takes a value is known', async () => {
  const help: string[] = []
  for (const command of ['build', 'check']) {
    let text = ''
    await main([command, '--help'], {stdout: {write: (chunk) => void (text += chunk), isTTY: false}, stderr: {write: () => undefined, isTTY: false}, cwd: folder})
    help.push(text)
  }
  const withValue = help
    .join('\n')
    .split('\n')
    .flatMap((line) => {
      const match = /^\s+((?:-\w, )?--[\w-]+) [<[]/.exec(line)
      return match ? match[1]!.split(', ') : []
    })
  expect(withValue.length).toBeGreaterThan(5)
  for (const option of withValue) expect([option, optionsWithValue.has(option)]).toEqual([option, true])
})
