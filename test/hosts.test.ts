/**
 * The plugin in the hosts people actually run: @mdx-js/mdx, remark-cli
 * (spawned for real, reading a `.remarkrc.json`), and a plain unified
 * pipeline. remark-cli loads plugins with Node's own `import()`, so the
 * sources are compiled with `tsc` into a throwaway package first.
 */
import {execFile, spawnSync} from 'node:child_process'
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {compile, createProcessor} from '@mdx-js/mdx'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import remarkBrief, {remarkBriefNotes} from '../src/index.js'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const work = path.join(root, 'test/.tmp/hosts')
/** A package named `remark-brief` under the work folder's `node_modules`, as a user would have it. */
const packageFolder = path.join(work, 'node_modules/remark-brief')
const remarkBin = path.join(root, 'node_modules/.bin/remark')

const notesOutOfOrder = 'Claim.[^b] Other.[^a]\n\n[^a]: Note a.\n\n[^b]: Note b.\n'

beforeAll(async () => {
  await rm(work, {recursive: true, force: true})
  await mkdir(packageFolder, {recursive: true})
  // Type errors elsewhere do not stop emitting; only a missing output fails.
  spawnSync(
    path.join(root, 'node_modules/.bin/tsc'),
    ['--outDir', path.join(packageFolder, 'dist'), '--rootDir', 'src', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--skipLibCheck', '--noCheck', 'src/index.ts'],
    {cwd: root}
  )
  await readFile(path.join(packageFolder, 'dist/index.js'))
  await writeFile(
    path.join(packageFolder, 'package.json'),
    JSON.stringify({name: 'remark-brief', type: 'module', exports: './dist/index.js'})
  )
})

afterAll(async () => {
  await rm(work, {recursive: true, force: true})
})

/** Run the real `remark` binary in a fresh folder with a `.remarkrc.json`. */
async function remarkCli(name: string, files: Record<string, string>, settings: unknown[], flags: string[] = []) {
  const folder = path.join(work, name)
  await mkdir(folder, {recursive: true})
  await writeFile(path.join(folder, '.remarkrc.json'), JSON.stringify({plugins: settings}))
  for (const [file, value] of Object.entries(files)) await writeFile(path.join(folder, file), value)
  try {
    const {stdout, stderr} = await run(process.execPath, [remarkBin, '--no-color', ...flags, ...Object.keys(files)], {cwd: folder})
    return {code: 0, stdout, stderr}
  } catch (error) {
    const failed = error as {code: number; stdout: string; stderr: string}
    return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr}
  }
}

describe('remark-cli with a .remarkrc naming the plugin', () => {
  it('renumbers and writes the Markdown; infos do not fail the run', async () => {
    const result = await remarkCli('ok', {'doc.md': notesOutOfOrder}, ['brief'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('Claim.[^1] Other.[^2]\n\n[^1]: Note b.\n\n[^2]: Note a.\n')
    expect(result.stderr).toMatch(/^doc\.md\n1:7-1:11 +info +Unexpected note labels out of reference order, expected `1`…`2`; renumbered `b` → `1`, `a` → `2` +renumbered-notes +remark-brief\n/)
  })

  it('prints errors with file, line and column and exits 1', async () => {
    const result = await remarkCli('error', {'doc.md': 'Alpha.[^1] Bravo [^7].\n\n[^1]: One.\n'}, ['brief'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^doc\.md\n1:18-1:22 +error +Unexpected reference to undefined note `7`, expected a definition \(`\[\^7\]: …`\) +missing-note-definition +remark-brief\n/)
    expect(result.stderr).toMatch(/✖ 1 error/)
  })

  it('exits 0 on warnings, and 1 with --frail', async () => {
    const files = {'doc.md': 'Alpha.[^1]\n\n[^1]: One.\n\n[^2]: Uncited.\n'}
    const lenient = await remarkCli('warning', files, ['brief'])
    expect(lenient.code).toBe(0)
    expect(lenient.stderr).toMatch(/5:1-5:15 +warning +Unexpected unused note definition `2`, expected a reference to it \(kept as uncited\) +unused-note-definition +remark-brief/)
    const frail = await remarkCli('frail', files, ['brief'], ['--frail'])
    expect(frail.code).toBe(1)
  })

  it('takes JSON options from the rc file', async () => {
    const result = await remarkCli('options', {'doc.md': 'Alpha.[^1]\n\n[^1]: One.\n\n[^2]: Uncited.\n'}, [['remark-brief', {dropUnused: true}]])
    expect(result.stdout).toBe('Alpha.[^1]\n\n[^1]: One.\n')
    expect(result.stderr).toMatch(/\(dropped\) +unused-note-definition/)
  })

  it('reports every file of a run on its own', async () => {
    const result = await remarkCli('two', {'a.md': 'A [^x].\n', 'b.md': notesOutOfOrder}, ['brief'], ['--quiet'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^a\.md\n1:3-1:7 +error .+missing-note-definition/m)
    expect(result.stderr).not.toMatch(/b\.md\n.+missing-note-definition/)
  })
})

describe('the package entry', () => {
  it('loads no Puppeteer (a resolve hook refuses it)', async () => {
    const hook = path.join(work, 'no-puppeteer.mjs')
    await writeFile(
      path.join(work, 'hooks.mjs'),
      "export async function resolve(specifier, context, next) {\n  if (/puppeteer/.test(specifier)) throw new Error('puppeteer loaded: ' + specifier + ' from ' + context.parentURL)\n  return next(specifier, context)\n}\n"
    )
    await writeFile(hook, "import {register} from 'node:module'\nregister('./hooks.mjs', import.meta.url)\n")
    const script = "const m = await import('remark-brief'); console.log(typeof m.default, typeof m.remarkBriefNotes, typeof m.remarkBrief)"
    const {stdout} = await run(process.execPath, ['--import', hook, '--input-type=module', '-e', script], {cwd: work})
    expect(stdout).toBe('function function function\n')
  })

  it('the hook does fail when Puppeteer is imported (the check can fail)', async () => {
    const hook = path.join(work, 'no-puppeteer.mjs')
    const script = "await import('puppeteer-core')"
    await expect(run(process.execPath, ['--import', hook, '--input-type=module', '-e', script], {cwd: root})).rejects.toThrow(
      /puppeteer loaded: puppeteer-core/
    )
  })
})

describe('@mdx-js/mdx', () => {
  it('compiles footnotes without remark-gfm: the plugin registers the syntax', async () => {
    const file = new VFile(notesOutOfOrder)
    const result = String(await compile(file, {remarkPlugins: [remarkBrief]}))
    expect(result).toContain('"user-content-fn-1"')
    expect(result).toContain('"Note b. "')
    expect(result.indexOf('"Note b. "')).toBeLessThan(result.indexOf('"Note a. "'))
    expect(file.messages.map((message) => message.ruleId)).toEqual(['renumbered-notes'])
  })

  it('compiles with remark-gfm ahead of it, registering nothing twice', async () => {
    const file = new VFile(notesOutOfOrder)
    const result = String(await compile(file, {remarkPlugins: [remarkGfm, remarkBrief]}))
    expect(result.indexOf('"Note b. "')).toBeLessThan(result.indexOf('"Note a. "'))
    expect(file.messages.map((message) => message.ruleId)).toEqual(['renumbered-notes'])

    const processor = createProcessor({remarkPlugins: [remarkGfm, remarkBrief]}).freeze()
    const footnoteSyntaxes = (processor.data('micromarkExtensions') ?? []).filter((extension) =>
      JSON.stringify(Object.keys((extension as {document?: object}).document ?? {})).includes('91')
    )
    expect(footnoteSyntaxes).toHaveLength(1)
    const withoutGfm = createProcessor({remarkPlugins: [remarkBrief]}).freeze()
    expect(withoutGfm.data('micromarkExtensions')?.length).toBe((processor.data('micromarkExtensions')?.length ?? 0))
  })

  it('still compiles correctly with remark-gfm after it (the syntax then appears twice)', async () => {
    const file = new VFile(notesOutOfOrder + '\nSee [^a] and a ~~strike~~.\n')
    const result = String(await compile(file, {remarkPlugins: [remarkBrief, remarkGfm]}))
    expect(result.indexOf('"Note b. "')).toBeLessThan(result.indexOf('"Note a. "'))
    expect(result).toContain('_components.del')
    expect(result.match(/id: "user-content-fnref-2(?:-2)?"/g)).toEqual(['id: "user-content-fnref-2"', 'id: "user-content-fnref-2-2"'])
  })

  it('reports a missing definition in MDX as an error message, not a throw', async () => {
    const file = new VFile('Text [^nope].\n')
    await compile(file, {remarkPlugins: [remarkBriefNotes]})
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([['missing-note-definition', true]])
  })
})

describe('a plain unified pipeline', () => {
  it('works on a string with no `file.path` and no remark-gfm', () => {
    const file = new VFile(notesOutOfOrder)
    expect(file.path).toBeUndefined()
    const html = String(unified().use(remarkParse).use(remarkBrief).use(remarkRehype).use(rehypeStringify).processSync(file))
    expect(html).toContain('<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref aria-describedby="footnote-label">1</a></sup>')
    expect(html).toMatch(/<li id="user-content-fn-1">\n<p>Note b\. [\s\S]+?<\/li>\n<li id="user-content-fn-2">\n<p>Note a\./)
  })

  it('gives two files through one reused processor independent results', () => {
    const processor = unified().use(remarkParse).use(remarkBrief, {dropUnused: true}).use(remarkRehype).use(rehypeStringify).freeze()
    const first = new VFile('A.[^z]\n\n[^z]: Zed.\n\n[^q]: Unused.\n')
    const second = new VFile('B.[^y] C.[^x]\n\n[^x]: Ex.\n\n[^y]: Why.\n')
    const one = String(processor.processSync(first))
    const two = String(processor.processSync(second))
    expect(one).not.toContain('Unused.')
    expect(two.indexOf('Why.')).toBeLessThan(two.indexOf('Ex.'))
    expect(first.messages.map((message) => message.ruleId)).toEqual(['unused-note-definition', 'renumbered-notes'])
    expect(second.messages.map((message) => message.ruleId)).toEqual(['renumbered-notes'])
  })
})
