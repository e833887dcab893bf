/**
 * The `brief` binary, spawned for real, on everything that needs no browser:
 * usage and exit codes, `check` (reporter and JSON), `fix`, and `build
 * --format html,md` for the cache, shards, names, images and errors.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {outputName, outputNames} from '../src/build/names.js'
import {inShard, parseShard} from '../src/build/shard.js'
import {bin, brief, finished, fixtures, listFiles, project, root, shortArticle, start, waitForOutput} from './setup/cli.js'

const version = (JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as {version: string}).version

const notesMarkdown = '---\ntitle: T\n---\n\nText with a note.[^1] And another.[^2]\n\n[^1]: One.\n\n[^3]: Unused.\n'
const cleanMarkdown = '---\ntitle: Clean\n---\n\nA sentence with a note.[^1]\n\n[^1]: The note.\n'

/** A project with `input/` holding `count` short scraped articles `a01.txt`… */
async function batchProject(name: string, count: number): Promise<string> {
  const cwd = await project(name)
  await fs.mkdir(path.join(cwd, 'input'))
  for (let index = 1; index <= count; index++) {
    const id = String(index).padStart(2, '0')
    await fs.writeFile(path.join(cwd, 'input', `a${id}.txt`), await shortArticle(`Brief number ${id}`))
  }
  return cwd
}

describe('usage', () => {
  it('`--version` prints the package version', async () => {
    const run = await brief(['--version'], root)
    expect(run).toMatchObject({code: 0, stdout: version + '\n'})
  })

  it('`--help` lists the commands; `build --help` every option', async () => {
    const help = await brief(['--help'], root)
    expect(help.code).toBe(0)
    for (const command of ['build', 'check', 'fix']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'))

    const build = await brief(['build', '--help'], root)
    expect(build.code).toBe(0)
    for (const option of ['--out', '--format', '--config', '--concurrency', '--shard', '--watch', '--force', '--frail', '--quiet', '--debug']) {
      expect(build.stdout).toContain(option)
    }
    const check = await brief(['check', '--help'], root)
    expect(check.stdout).toContain('--json')
  })

  it('an unknown option, command or bad value prints the usage and exits 2', async () => {
    const option = await brief(['build', '--bogus'], root)
    expect(option.code).toBe(2)
    expect(option.stderr).toContain("unknown option '--bogus'")
    expect(option.stderr).toContain('Usage: brief build')

    const command = await brief(['publish'], root)
    expect(command.code).toBe(2)
    expect(command.stderr).toContain("unknown command 'publish'")

    const format = await brief(['build', '--format', 'pdf,docx'], root)
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('Unexpected format `docx`')

    const shard = await brief(['build', '--shard', '3/2'], root)
    expect(shard.code).toBe(2)

    const nothing = await brief([], root)
    expect(nothing.code).toBe(2)
    expect(nothing.stderr).toContain('Usage: brief')
  })
})

describe('brief check', () => {
  it('prints messages as `file:line:col level message rule source`, exit 1 on errors', async () => {
    const cwd = await project('check')
    await fs.writeFile(path.join(cwd, 'notes.md'), notesMarkdown)
    const run = await brief(['check', 'notes.md'], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^notes\.md\n/)
    expect(run.stderr).toMatch(/^5:35-5:39 +error +Unexpected reference to undefined note `2`.* +missing-note-definition +remark-brief$/m)
    expect(run.stderr).toMatch(/^9:1-9:14 +warning +Unexpected unused note definition `3`.* +unused-note-definition +remark-brief$/m)
  })

  it('`--json` prints one object per file with each message’s place, rule and severity', async () => {
    const cwd = await project('check-json')
    await fs.writeFile(path.join(cwd, 'notes.md'), notesMarkdown)
    await fs.writeFile(path.join(cwd, 'clean.md'), cleanMarkdown)
    const run = await brief(['check', '--json', 'notes.md', 'clean.md'], cwd)
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout) as Array<{path: string; messages: Array<Record<string, unknown>>}>
    expect(report.map((file) => file.path)).toEqual(['clean.md', 'notes.md'])
    expect(report[0]!.messages).toEqual([])
    expect(report[1]!.messages[0]).toEqual({
      reason: 'Unexpected reference to undefined note `2`, expected a definition (`[^2]: …`)',
      ruleId: 'missing-note-definition',
      source: 'remark-brief',
      severity: 'error',
      fatal: true,
      line: 5,
      column: 35,
      place: {start: {line: 5, column: 35, offset: 52}, end: {line: 5, column: 39, offset: 56}}
    })
    expect(report[1]!.messages.map((message) => message.severity)).toContain('warning')
  })

  it('exits 0 on warnings, 1 with `--frail`', async () => {
    const cwd = await project('check-frail')
    await fs.writeFile(path.join(cwd, 'unused.md'), '---\ntitle: U\n---\n\nText.[^1]\n\n[^1]: One.\n\n[^2]: Unused.\n')
    const plain = await brief(['check', 'unused.md'], cwd)
    expect(plain.stderr).toContain('unused-note-definition')
    expect(plain.code).toBe(0)
    const frail = await brief(['check', '--frail', 'unused.md'], cwd)
    expect(frail.code).toBe(1)
  })

  it('names a missing, binary or oversized input in one message each, no stack trace', async () => {
    const cwd = await project('check-inputs')
    await fs.writeFile(path.join(cwd, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41]))
    await fs.writeFile(path.join(cwd, 'big.txt'), 'word '.repeat(100))
    const run = await brief(['check', 'missing.txt', 'binary.txt', 'big.txt', '--max-input-bytes', '100'], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^missing\.txt\n.*error +Unexpected missing input.*missing-input +remark-brief$/m)
    expect(run.stderr).toMatch(/^binary\.txt\n.*error +Unexpected binary file.*input-binary/m)
    expect(run.stderr).toMatch(/^big\.txt\n.*error +Unexpected input of 500 bytes, expected at most 100 bytes.*input-too-large/m)
    expect(run.stderr).not.toMatch(/^\s+at /m)
  })
})

describe('brief fix', () => {
  it('writes scraped text to a sibling `.md` and rewrites Markdown in place', async () => {
    const cwd = await project('fix')
    await fs.writeFile(path.join(cwd, 'short.txt'), await shortArticle('Water Security on the Upper Mekong'))
    await fs.writeFile(path.join(cwd, 'order.md'), 'Second cited first.[^b] Then.[^a]\n\n[^a]: Note A.\n\n[^b]: Note B.\n')
    const run = await brief(['fix', 'short.txt', 'order.md'], cwd)
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('✔ short.txt → short.md')
    const fromText = await fs.readFile(path.join(cwd, 'short.md'), 'utf8')
    expect(fromText).toContain('title: Water Security on the Upper Mekong')
    expect(fromText).toContain('[^3]: Joint Statement on Data Sharing, 22 October 2020.')
    expect(await fs.readFile(path.join(cwd, 'short.txt'), 'utf8')).toBe(await shortArticle('Water Security on the Upper Mekong'))
    expect(await fs.readFile(path.join(cwd, 'order.md'), 'utf8')).toBe('Second cited first.[^1] Then.[^2]\n\n[^1]: Note B.\n\n[^2]: Note A.\n')
  })
})

describe('brief build (no browser: --format html,md)', () => {
  it('prints one line per file when not a terminal, a summary, nothing with -q', async () => {
    const cwd = await batchProject('lines', 2)
    const run = await brief(['build', '--format', 'html'], cwd)
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^✔ input\/a01\.txt → output\/a01\.html \((?:\d+ ms|\d+\.\d s)\)$/m)
    expect(run.stderr).toMatch(/^✔ input\/a02\.txt → output\/a02\.html/m)
    expect(run.stderr).toMatch(/^2 built, 0 unchanged, 0 failed, 0 warnings \((?:\d+ ms|\d+\.\d s)\)$/m)

    const quiet = await brief(['build', '--format', 'html', '--force', '-q'], cwd)
    expect(quiet).toMatchObject({code: 0, stdout: '', stderr: ''})
  })

  it('draws a progress bar (done/total, time, current file) on a terminal', async (context) => {
    const cwd = await batchProject('tty', 3)
    let output: string
    try {
      // `script` gives the command a pseudo-terminal.
      output = execFileSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} build --format html`, '/dev/null'], {cwd, encoding: 'utf8'})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return context.skip()
      throw error
    }
    // The bar redraws at most a few times a second: the first and last states are always drawn.
    expect(output).toMatch(/░+ 0\/3 \| \d+s \| /)
    expect(output).toMatch(/█+ 3\/3 \| \d+s \| input\/a0\d\.txt/)
    expect(output).toContain('✔ input/a02.txt → output/a02.html')
    expect(output).toMatch(/3 built, 0 unchanged, 0 failed, 0 warnings/)
  })

  it('caches: a second run skips all, a changed file rebuilds alone, `--force` rebuilds all', async () => {
    const cwd = await batchProject('cache', 4)
    const first = await brief(['build', '--format', 'html,md'], cwd)
    expect(first.stderr).toContain('4 built, 0 unchanged, 0 failed')
    const before = await fs.stat(path.join(cwd, 'output', 'a01.html'))

    const second = await brief(['build', '--format', 'html,md'], cwd)
    expect(second.code).toBe(0)
    expect(second.stderr).toContain('0 built, 4 unchanged, 0 failed')
    expect((await fs.stat(path.join(cwd, 'output', 'a01.html'))).mtimeMs).toBe(before.mtimeMs)

    await fs.appendFile(path.join(cwd, 'input', 'a03.txt'), '\nOne more paragraph at the end.\n')
    const third = await brief(['build', '--format', 'html,md'], cwd)
    expect(third.stderr).toContain('1 built, 3 unchanged, 0 failed')
    expect(third.stderr).toMatch(/^✔ input\/a03\.txt/m)

    // Another output format is another build; a deleted output is rebuilt.
    await fs.rm(path.join(cwd, 'output', 'a02.md'))
    const fourth = await brief(['build', '--format', 'html,md'], cwd)
    expect(fourth.stderr).toContain('1 built, 3 unchanged, 0 failed')

    const forced = await brief(['build', '--format', 'html,md', '--force'], cwd)
    expect(forced.stderr).toContain('4 built, 0 unchanged, 0 failed')
  })

  it('a changed config rebuilds everything', async () => {
    const cwd = await batchProject('cache-config', 2)
    await brief(['build', '--format', 'html'], cwd)
    await fs.writeFile(path.join(cwd, 'brief.config.json'), JSON.stringify({organization: {name: 'Example Institute'}}))
    const run = await brief(['build', '--format', 'html'], cwd)
    expect(run.stderr).toContain('2 built, 0 unchanged, 0 failed')
  })

  it('two shards cover every file exactly once', async () => {
    const cwd = await batchProject('shards', 12)
    const one = await brief(['build', '--format', 'html', '--shard', '1/2', '--out', 'one'], cwd)
    const two = await brief(['build', '--format', 'html', '--shard', '2/2', '--out', 'two'], cwd)
    expect(one.code).toBe(0)
    expect(two.code).toBe(0)
    const built = (files: string[]) => files.filter((file) => /^a\d+\.html$/.test(file))
    const first = built(await listFiles(path.join(cwd, 'one')))
    const second = built(await listFiles(path.join(cwd, 'two')))
    expect(first.length).toBeGreaterThan(0)
    expect(second.length).toBeGreaterThan(0)
    expect(first.filter((file) => second.includes(file))).toEqual([])
    expect([...first, ...second].sort()).toEqual(Array.from({length: 12}, (_, index) => `a${String(index + 1).padStart(2, '0')}.html`))
    expect(one.stderr).toContain(`${second.length} in other shards`)
  })

  it('two builds into the same output folder at once: both succeed, every file whole, no temporary file left', async () => {
    const cwd = await batchProject('concurrent', 12)
    const [one, two] = await Promise.all([brief(['build', '--format', 'html,md', '--force'], cwd), brief(['build', '--format', 'html,md', '--force'], cwd)])
    expect([one.code, two.code]).toEqual([0, 0])
    expect(one.stderr).toContain('12 built')
    expect(two.stderr).toContain('12 built')
    const outputs = await listFiles(path.join(cwd, 'output'))
    expect(outputs.filter((file) => file.endsWith('.tmp'))).toEqual([])
    const pages = outputs.filter((file) => /^a\d+\.html$/.test(file))
    expect(pages).toHaveLength(12)
    for (const page of pages) expect((await fs.readFile(path.join(cwd, 'output', page), 'utf8')).trimEnd()).toMatch(/<\/html>$/)
  })

  it('output names derived from input names stay inside the output folder', async () => {
    const cwd = await project('names')
    await fs.mkdir(path.join(cwd, 'input'))
    const hostile = ['a\\..\\..\\escape.txt', '.hidden.txt', '<img src=x onerror=alert(1)>.txt', '--.txt']
    for (const name of hostile) await fs.writeFile(path.join(cwd, 'input', name), await shortArticle(`Title of ${name}`))
    // Hidden files are skipped in a folder, taken when named.
    const run = await brief(['build', '--format', 'html', 'input', 'input/.hidden.txt'], cwd)
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('4 built')
    expect((await fs.readdir(cwd)).sort()).toEqual(['input', 'output'])
    const outputs = (await listFiles(path.join(cwd, 'output'))).filter((file) => file.endsWith('.html') && file !== 'index.html')
    expect(outputs.sort()).toEqual(['brief.html', 'escape.html', 'hidden.html', 'img-src-x-onerror-alert-1.html'])
  })

  it('copies images from the article’s folder only; others are reported, never read', async () => {
    const cwd = await project('images')
    await fs.cp(path.join(fixtures, 'images'), path.join(cwd, 'input'), {recursive: true})
    await fs.writeFile(path.join(cwd, 'outside.png'), 'secret')
    const run = await brief(['build', '--format', 'html', 'input/article.md'], cwd)
    expect(run.code).toBe(0)
    const html = await fs.readFile(path.join(cwd, 'output', 'article.html'), 'utf8')
    expect(html).toContain('src="article.files/chart.png"')
    expect(await fs.readFile(path.join(cwd, 'output', 'article.files', 'chart.png'))).toEqual(await fs.readFile(path.join(fixtures, 'images', 'chart.png')))
    expect(html).not.toContain('outside.png"')
    expect(html).not.toContain('https://example.com/remote.png')
    expect(html).not.toContain('file:///etc/passwd')
    expect((await listFiles(path.join(cwd, 'output'))).filter((file) => file.includes('outside') || file.includes('passwd'))).toEqual([])
    expect(run.stderr).toMatch(/warning +Unexpected image `\.\.\/outside\.png`.*image-not-local/)
    expect(run.stderr).toMatch(/warning +Unexpected image `https:\/\/example\.com\/remote\.png`.*image-not-local/)
  })

  it('does not follow a symbolic link out of the article’s folder', async () => {
    const cwd = await project('symlink')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'secret.png'), 'secret')
    await fs.symlink(path.join(cwd, 'secret.png'), path.join(cwd, 'input', 'link.png'))
    await fs.writeFile(path.join(cwd, 'input', 'linked.md'), '# Linked\n\n![A link](link.png)\n')
    const run = await brief(['build', '--format', 'html'], cwd)
    expect(run.stderr).toMatch(/warning +Unexpected image `link\.png`, expected a file inside the article's folder \(a link points out of it\) +image-not-local/)
    expect((await listFiles(path.join(cwd, 'output'))).filter((file) => file.endsWith('.png'))).toEqual([])
    expect(await fs.readFile(path.join(cwd, 'output', 'linked.html'), 'utf8')).not.toContain('link.png"')
  })

  it('a template file that cannot be read is one error for the run', async () => {
    const cwd = await batchProject('template', 2)
    await fs.writeFile(path.join(cwd, 'brief.config.json'), JSON.stringify({template: 'missing-template.html'}))
    const run = await brief(['build', '--format', 'html'], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/missing-template\.html\n.* error +Cannot read `template` file: ENOENT +template-unreadable +remark-brief/)
    expect(run.stderr.match(/ error /g)).toHaveLength(1)
  })

  it('--watch rebuilds one changed article, and everything when the config changes', async () => {
    const cwd = await batchProject('watch-html', 3)
    await fs.writeFile(path.join(cwd, 'brief.config.json'), '{}')
    const child = start(['build', '--watch', '--format', 'html'], cwd)
    try {
      await waitForOutput(child, (stderr) => stderr.includes('watching'))
      expect(child.output.stderr).toMatch(/^3 built, 0 unchanged, 0 failed/m)

      await fs.appendFile(path.join(cwd, 'input', 'a02.txt'), '\nAn added paragraph.\n')
      await waitForOutput(child, (stderr) => /^rebuilt /m.test(stderr))
      expect(child.output.stderr).toMatch(/^rebuilt input\/a02\.txt in \d+(\.\d)? m?s: 1 built, 0 unchanged, 0 failed/m)

      await fs.writeFile(path.join(cwd, 'brief.config.json'), JSON.stringify({organization: {name: 'Example Institute'}}))
      await waitForOutput(child, (stderr) => (stderr.match(/^rebuilt /gm) ?? []).length === 2)
      expect(child.output.stderr).toMatch(/^rebuilt all briefs \(template or config changed\) in .*: 3 built, 0 unchanged, 0 failed/m)
    } finally {
      child.kill('SIGINT')
    }
    const run = await finished(child)
    expect(run.code).toBe(130)
    expect(run.stderr.match(/^rebuilt /gm)).toHaveLength(2)
  })

  it('a missing input is named, the others are built, exit 1', async () => {
    const cwd = await batchProject('missing', 1)
    const run = await brief(['build', '--format', 'html', 'input', 'nope.txt'], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^nope\.txt\n.*error +Unexpected missing input/m)
    expect(run.stderr).toContain('1 built, 0 unchanged, 1 failed')
  })

  it('an unreadable config is one message, a stack only with `--debug`', async () => {
    const cwd = await batchProject('config', 1)
    await fs.writeFile(path.join(cwd, 'bad.json'), '{"organization": ')
    const run = await brief(['build', '--format', 'html', '--config', 'bad.json'], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/bad\.json\n.* error .*config-invalid +remark-brief/)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(await fs.readdir(path.join(cwd, 'output')).catch(() => [])).not.toContain('input.html')

    const debug = await brief(['build', '--format', 'html', '--config', 'bad.json', '--debug'], cwd)
    expect(debug.code).toBe(1)
    expect(debug.stderr).toMatch(/^\s+at /m)

    const missing = await brief(['build', '--format', 'html', '--config', 'none.json'], cwd)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/none\.json\n.* error /)
  })

  it('an invalid config names the bad key, one message per key', async () => {
    const cwd = await batchProject('config-key', 1)
    await fs.writeFile(path.join(cwd, 'brief.config.json'), JSON.stringify({organization: {brandColour: '#8a1c1c'}, maxInputBytes: 'big'}, null, 2))
    const run = await brief(['build', '--format', 'html'], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/brief\.config\.json\n/)
    expect(run.stderr).toMatch(/ error +Unexpected unknown key `organization\.brandColour`.* +config-invalid +remark-brief/)
    expect(run.stderr).toMatch(/ error .*`maxInputBytes`.* +config-invalid +remark-brief/)
    expect(run.stderr.match(/ error /g)).toHaveLength(2)
    expect(run.stderr).not.toMatch(/^\s+at /m)
  })

  it('a read-only output folder is one clear error; the old PDF is kept, nothing partial is left', async (context) => {
    const cwd = await batchProject('readonly', 1)
    const out = path.join(cwd, 'output')
    await fs.mkdir(out)
    await fs.writeFile(path.join(out, 'a01.pdf'), '%PDF-old')
    try {
      execFileSync('mount', ['--bind', '-o', 'ro', out, out], {stdio: 'ignore'})
    } catch {
      context.skip()
    }
    try {
      const run = await brief(['build'], cwd)
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/output\n.* error +Cannot write output folder: EROFS +output-unwritable +remark-brief/)
      expect(run.stderr.match(/ error /g)).toHaveLength(1)
      expect(await listFiles(out)).toEqual(['a01.pdf'])
      expect(await fs.readFile(path.join(out, 'a01.pdf'), 'utf8')).toBe('%PDF-old')
    } finally {
      execFileSync('umount', [out])
    }
  })
})

describe('names and shards (functions)', () => {
  it('`outputName` keeps a safe base name', () => {
    expect(outputName('input/vif-kazakhstan.txt')).toBe('vif-kazakhstan')
    expect(outputName('../../etc/passwd')).toBe('passwd')
    expect(outputName('..\\..\\windows\\evil.md')).toBe('evil')
    expect(outputName('.txt')).toBe('brief')
    expect(outputName('Économie & société.md')).toBe('Economie-societe')
    expect(outputNames(['a/index.md', 'b/index.md', 'c/INDEX.txt'])).toEqual(
      new Map([
        ['a/index.md', 'index'],
        ['b/index.md', 'index-2'],
        ['c/INDEX.txt', 'INDEX-3']
      ])
    )
  })

  it('`parseShard` and `inShard`: n shards partition any set of paths', () => {
    expect(parseShard('2/3')).toEqual({index: 2, count: 3})
    expect(parseShard('0/3')).toBeUndefined()
    expect(parseShard('4/3')).toBeUndefined()
    expect(parseShard('a/b')).toBeUndefined()
    const paths = Array.from({length: 200}, (_, index) => `input/${index}.txt`)
    const shards = [1, 2, 3].map((index) => paths.filter((file) => inShard(file, {index, count: 3})))
    expect(shards.flat().sort()).toEqual([...paths].sort())
    for (const shard of shards) expect(shard.length).toBeGreaterThan(40)
    expect(inShard('input\\0.txt', {index: 1, count: 3})).toBe(inShard('input/0.txt', {index: 1, count: 3}))
  })
})
