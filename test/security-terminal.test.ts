/**
 * An article must not write to the terminal of the person building it:
 * messages quote article text (an image's `src`, a paragraph) and name input
 * files, and either may hold escape sequences (clear the screen, set the
 * window title, write the clipboard with OSC 52).
 * The spawned CLI, colour off, must print no control character but newlines.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {brief, project} from './setup/cli.js'

const escape = '\u001B'
const bell = '\u0007'
/** Clear screen, set the window title, write the clipboard: what a hostile article would try. */
const payload = `${escape}[2J${escape}]0;TITLE-PWNED${bell}${escape}]52;c;cHduZWQ=${bell}`

/** Control characters other than newline (and the tab vfile-reporter does not use). */
function controls(text: string): string[] {
  return [...text.matchAll(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g)].map((match) => `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
}

async function hostileProject(): Promise<string> {
  const cwd = await project('terminal')
  await fs.mkdir(path.join(cwd, 'input'))
  await fs.writeFile(
    path.join(cwd, 'input', 'image.md'),
    `# Escapes\n\nA paragraph.\n\n<img src="${payload}.png" alt="x">\n\n<p>Text with ${payload} inside.</p>\n`
  )
  await fs.writeFile(path.join(cwd, 'input', `name${payload}.txt`), 'A Title\n\nA paragraph of text.\n')
  return cwd
}

describe('no escape sequence from an article reaches the terminal', () => {
  it('`brief build`: messages quoting the article and lines naming the file print the controls as text', async () => {
    const cwd = await hostileProject()
    const run = await brief(['build', '--format', 'html', '--verbose'], cwd)
    expect(run.stderr).toMatch(/image\.md/)
    expect(run.stderr).toMatch(/image-not-local/)
    expect(controls(run.stderr)).toEqual([])
    expect(controls(run.stdout)).toEqual([])
  })

  it('`brief check`: the same', async () => {
    const cwd = await hostileProject()
    const run = await brief(['check', 'input'], cwd)
    expect(run.stderr + run.stdout).toMatch(/image\.md/)
    expect(controls(run.stderr)).toEqual([])
    expect(controls(run.stdout)).toEqual([])
  })
})

describe('newlines and bidirectional controls in names and messages', () => {
  /** A file name that forges an output line, and one that U+202E reverses (`…txt.exe` reads as `…exe.txt`). */
  const forged = 'a\n✔ forged.md → forged.pdf\n'
  const reversed = 'report\u202Etxt.exe'

  async function namesProject(): Promise<string> {
    const cwd = await project('terminal-names')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', `${forged}.md`), '# Forged\n\n<img src="missing\u202Egnp\n✔ forged.md → x.png" alt="x">\n')
    await fs.writeFile(path.join(cwd, 'input', `${reversed}.txt`), 'A Title\n\nA paragraph of text.\n')
    return cwd
  }

  /** Lines of output that start like a status line, and bidi controls anywhere. */
  const forgedLines = (text: string) => text.split('\n').filter((line) => line.startsWith('✔ forged.md'))
  const bidi = (text: string) => [...text.matchAll(/[\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g)].map((match) => match[0])

  it('`brief build`: a newline in a file name is printed as \\u000A, never a forged line; no bidi control is printed', async () => {
    const cwd = await namesProject()
    const run = await brief(['build', '--format', 'html'], cwd)
    expect(forgedLines(run.stderr)).toEqual([])
    expect(run.stderr).toContain('a\\u000A✔ forged.md')
    expect(bidi(run.stderr + run.stdout)).toEqual([])
    expect(run.stderr).toContain('report\\u202Etxt.exe')
  })

  it('`brief check`: the same, and message reasons escape them too', async () => {
    const cwd = await namesProject()
    const run = await brief(['check', 'input'], cwd)
    expect(forgedLines(run.stderr + run.stdout)).toEqual([])
    expect(bidi(run.stderr + run.stdout)).toEqual([])
    expect(run.stderr).toContain('missing\\u202Egnp\\u000A✔ forged.md → x.png')
  })
})
