/**
 * `--watch` sees an editor's atomic save (a temporary file renamed over the
 * article) at once, a new article in a new folder, and never its own output
 * folder or hidden temporary files. The watcher itself (`watchFiles`), then
 * the command: no timings, only what is reported and rebuilt.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {watchFiles} from '../src/cli/watch-files.js'
import {finished, project, shortArticle, start, waitForOutput} from './setup/cli.js'

/** Collect reported paths until `done` holds on them. */
function collector() {
  const seen: string[] = []
  let wake: () => void = () => undefined
  return {
    seen,
    onPath: (file: string) => {
      seen.push(file)
      wake()
    },
    async until(done: (seen: string[]) => boolean, limit = 20_000): Promise<void> {
      const deadline = Date.now() + limit
      while (!done(seen)) {
        if (Date.now() > deadline) throw new Error('not reported: ' + JSON.stringify(seen))
        await new Promise<void>((resolve) => {
          wake = resolve
          setTimeout(resolve, 50)
        })
      }
    }
  }
}

describe('watchFiles', () => {
  it('reports an atomic save of a watched file, a file in a new subfolder, nothing hidden or in the ignored folder', async () => {
    const cwd = await project('watch-files')
    const input = path.join(cwd, 'input')
    const out = path.join(input, 'output')
    await fs.mkdir(out, {recursive: true})
    await fs.writeFile(path.join(input, 'a.txt'), 'First.\n')
    const single = path.join(cwd, 'single.md')
    await fs.writeFile(single, 'One.\n')
    await fs.writeFile(path.join(cwd, 'other.md'), 'Not watched.\n')

    const events = collector()
    const watcher = await watchFiles({roots: [input, single], ignore: [out], onPath: events.onPath})
    try {
      // An editor's save: write a hidden temporary file, rename it over the article.
      await fs.writeFile(path.join(cwd, '.single.md.tmp'), 'One, edited.\n')
      await fs.rename(path.join(cwd, '.single.md.tmp'), single)
      await fs.writeFile(path.join(cwd, 'other.md'), 'Still not watched.\n')
      await fs.writeFile(path.join(out, 'a.html'), '<p>output</p>')
      await fs.writeFile(path.join(input, '.a.txt.swp'), 'editor state')
      await fs.mkdir(path.join(input, 'new', 'deeper'), {recursive: true})
      await fs.writeFile(path.join(input, 'new', 'deeper', 'b.txt'), 'Second.\n')
      await events.until((seen) => seen.includes(single) && seen.includes(path.join(input, 'new', 'deeper', 'b.txt')))

      // The same folder again, after the new ones are watched.
      await fs.writeFile(path.join(input, 'new', 'deeper', 'b.txt'), 'Second, edited.\n')
      await fs.writeFile(path.join(input, 'a.txt'), 'First, edited.\n')
      await events.until((seen) => seen.includes(path.join(input, 'a.txt')))

      const reported = new Set(events.seen.map((file) => path.relative(cwd, file)))
      expect([...reported].sort()).toEqual(['input/a.txt', 'input/new/deeper/b.txt', 'single.md'])
    } finally {
      watcher.close()
    }
  })
})

describe('brief build --watch', () => {
  it('rebuilds an article saved atomically (temporary file renamed over it)', async () => {
    const cwd = await project('watch-atomic')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'a01.txt'), await shortArticle('Brief number 01'))
    await fs.writeFile(path.join(cwd, 'input', 'a02.txt'), await shortArticle('Brief number 02'))
    const child = start(['build', '--watch', '--format', 'html'], cwd)
    try {
      await waitForOutput(child, (stderr) => stderr.includes('watching'))
      expect(child.output.stderr).toMatch(/^2 built, 0 unchanged, 0 failed/m)

      const article = path.join(cwd, 'input', 'a02.txt')
      const temporary = path.join(cwd, 'input', '.a02.txt.swx')
      await fs.writeFile(temporary, (await shortArticle('Brief number 02, revised')) + '\nAn added paragraph.\n')
      await fs.rename(temporary, article)
      await waitForOutput(child, (stderr) => /^rebuilt /m.test(stderr))
      expect(child.output.stderr).toMatch(/^rebuilt input\/a02\.txt in \d+(\.\d)? m?s: 1 built, 0 unchanged, 0 failed/m)
      expect(await fs.readFile(path.join(cwd, 'output', 'a02.html'), 'utf8')).toContain('revised')
    } finally {
      child.kill('SIGINT')
    }
    const run = await finished(child)
    expect(run.code).toBe(130)
    // One rebuild: the temporary file and the output folder started none.
    expect(run.stderr.match(/^rebuilt /gm)).toHaveLength(1)
  })
})
