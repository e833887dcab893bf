/**
 * End to end through the real binary and the system Chromium, read back with
 * pdfjs-dist: the seed brief (issue 2), the site index, a batch of 20 with one
 * broken article, watch, and SIGINT. The builds run one after another (one
 * browser at a time: two cores).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {describe, expect, it} from 'vitest'
import {brief, finished, listFiles, project, root, shortArticle, start, waitForOutput} from './setup/cli.js'

const seedName = 'vif-kazakhstan-protests-chinese-article'
const seedText = await fs.readFile(path.join(root, 'input', `${seedName}.txt`), 'utf8')

/** Each page's text, lines ended where pdfjs says a line ends. */
async function pdfPages(file: string): Promise<string[]> {
  const {getDocument} = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const data = new Uint8Array(await fs.readFile(file))
  const document = await getDocument({data, isEvalSupported: false, disableFontFace: true, verbosity: 0}).promise
  const pages: string[] = []
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''))
  }
  await document.destroy()
  return pages
}

/** Lower-case words of letters and digits: what survives typesetting (no punctuation, quotes or hyphens). */
function words(text: string): string[] {
  // pdfjs reads printed quotes back as modifier letters (U+02B9–U+02BC), which \p{L} would glue to words.
  return text.normalize('NFKC').replace(/[\u02B9-\u02BC]/g, "'").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}

/** The PDF's words, read twice: with a line-end hyphen as a break and as a join (hyphenated words). */
function pdfStreams(text: string): string[] {
  const clean = text.replaceAll('\u00AD', '')
  return [clean, clean.replace(/[-\u2010]\n/g, '')].map((variant) => ' ' + words(variant).join(' ') + ' ')
}

/** Paragraph text without the note markers the recognizer turns into references (digits after punctuation). */
function withoutMarkers(paragraph: string): string {
  return paragraph.replace(/([.,;:’”"'?!)])\s?\d{1,2}(?=\s|$)/g, '$1')
}

describe('end to end (Chromium)', () => {
  it('builds the seed: title on page 1, every paragraph, the 14 notes in order, no page junk; the site index', async () => {
    const cwd = await project('seed')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', `${seedName}.txt`), seedText)

    const run = await brief(['build'], cwd)
    expect(run.stderr).toMatch(new RegExp(`^✔ input/${seedName}\\.txt → output/${seedName}\\.pdf, output/${seedName}\\.html \\(\\d+ pages?, `, 'm'))
    expect(run.stderr).toMatch(/^1 built, 0 unchanged, 0 failed/m)
    expect(run.code).toBe(0)

    const pages = await pdfPages(path.join(cwd, 'output', `${seedName}.pdf`))
    const whole = pages.join('\n')
    const streams = pdfStreams(whole)
    const found = (text: string, from = 0) => Math.max(...streams.map((stream) => stream.indexOf(' ' + words(text).join(' ') + ' ', from)))

    // Title (line 1 of the seed) on page 1.
    const lines = seedText.split('\n')
    expect(pdfStreams(pages[0]!).some((stream) => stream.includes(' ' + words(lines[0]!).join(' ') + ' '))).toBe(true)

    // Every body paragraph: between the byline and the notes list, minus the two headings.
    const notesStart = lines.findIndex((line) => /^\s+1\. /.test(line))
    const blocks = lines.slice(2, notesStart).join('\n').split(/\n\s*\n/).map((block) => block.trim()).filter(Boolean)
    const headings = ['Why is This Issue Notable?', 'Chinese Response']
    expect(blocks.filter((block) => headings.includes(block))).toEqual(headings)
    const paragraphs = blocks.filter((block) => !headings.includes(block))
    expect(paragraphs).toHaveLength(8)
    const bag = new Set(streams.flatMap((stream) => stream.trim().split(' ')))
    for (const paragraph of paragraphs) {
      const paragraphWords = words(withoutMarkers(paragraph))
      expect(paragraphWords.filter((word) => !bag.has(word)), paragraph.slice(0, 60)).toEqual([])
      expect(found(paragraphWords.slice(0, 8).join(' ')), paragraph.slice(0, 60)).toBeGreaterThan(-1)
      expect(found(paragraphWords.slice(-8).join(' ')), paragraph.slice(-60)).toBeGreaterThan(-1)
    }
    for (const heading of headings) expect(found(heading)).toBeGreaterThan(-1)

    // The 14 notes, in order (notes 11 and 14 have the same text: each search starts after the last).
    const notes = lines.slice(notesStart).map((line) => /^\s+(\d+)\. (.+)$/.exec(line)).filter((match) => match !== null)
    expect(notes.map((match) => Number(match[1]))).toEqual(Array.from({length: 14}, (_, index) => index + 1))
    let position = found(paragraphs.at(-1)!.split(' ').slice(-6).join(' '))
    for (const note of notes) {
      const at = found(words(note[2]!).slice(0, 6).join(' '), position + 1)
      expect(at, `note ${note[1]}`).toBeGreaterThan(position)
      position = at
    }

    // None of the page junk.
    for (const junk of ['Post new comment', 'The content of this field is kept private', 'Solve this simple math problem', 'Contact Us']) {
      expect(found(junk), junk).toBe(-1)
    }
    expect(whole).not.toContain('1 + 7 =')

    // The site index: title, authors, page count, links, a PNG thumbnail of page 1.
    const index = fromHtml(await fs.readFile(path.join(cwd, 'output', 'index.html'), 'utf8'))
    const entries = selectAll('li[data-brief]', index)
    expect(entries).toHaveLength(1)
    const entry = entries[0]!
    expect(toText(select('h2', entry)!)).toBe(lines[0])
    expect(toText(entry)).toContain('Dr Pravesh Kumar Gupta')
    expect(toText(entry)).toContain(`${pages.length} pages`)
    expect(selectAll('a', entry).map((link) => link.properties.href)).toEqual([`${seedName}.html`, `${seedName}.pdf`, `${seedName}.html`])
    const thumbnail = String(select('img', entry)!.properties.src)
    const png = await fs.readFile(path.join(cwd, 'output', thumbnail))
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

    // The HTML keeps remark-rehype's footnote markup.
    const html = fromHtml(await fs.readFile(path.join(cwd, 'output', `${seedName}.html`), 'utf8'))
    expect(selectAll('[data-footnote-ref]', html)).toHaveLength(14)
  })

  it('a batch of 20 with one broken article: 19 built, the broken one named, exit 1', async () => {
    const cwd = await project('batch')
    await fs.mkdir(path.join(cwd, 'input'))
    for (let index = 1; index <= 20; index++) {
      const id = String(index).padStart(2, '0')
      const text = index === 13 ? Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]) : await shortArticle(`Brief number ${id}`)
      await fs.writeFile(path.join(cwd, 'input', `b${id}.txt`), text)
    }

    const run = await brief(['build'], cwd)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^✖ input\/b13\.txt failed$/m)
    expect(run.stderr).toMatch(/^input\/b13\.txt\n.*error +Unexpected binary file/m)
    expect(run.stderr).toMatch(/^19 built, 0 unchanged, 1 failed/m)

    const outputs = await listFiles(path.join(cwd, 'output'))
    const pdfs = outputs.filter((file) => file.endsWith('.pdf'))
    expect(pdfs).toHaveLength(19)
    expect(pdfs).not.toContain('b13.pdf')
    expect(outputs.filter((file) => file.endsWith('.tmp'))).toEqual([])
    const index = fromHtml(await fs.readFile(path.join(cwd, 'output', 'index.html'), 'utf8'))
    expect(selectAll('li[data-brief]', index)).toHaveLength(19)

    // Nothing changed: no browser, nothing rebuilt; the broken one still fails.
    const again = await brief(['build'], cwd)
    expect(again.stderr).toMatch(/^0 built, 19 unchanged, 1 failed/m)
  })

  it('--watch rebuilds the one changed article with the warm browser; SIGINT exits 130 with no partial file', async () => {
    const cwd = await project('watch')
    await fs.mkdir(path.join(cwd, 'input'))
    await fs.writeFile(path.join(cwd, 'input', 'w1.txt'), await shortArticle('Watched one'))
    await fs.writeFile(path.join(cwd, 'input', 'w2.txt'), await shortArticle('Watched two'))

    const child = start(['build', '--watch'], cwd)
    await waitForOutput(child, (stderr) => stderr.includes('watching'))
    expect(child.output.stderr).toMatch(/^2 built, 0 unchanged, 0 failed/m)

    await fs.appendFile(path.join(cwd, 'input', 'w2.txt'), '\nA paragraph added while watching.\n')
    await waitForOutput(child, (stderr) => /^rebuilt /m.test(stderr))
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(child.output.stderr.match(/^rebuilt .*$/gm)).toEqual([expect.stringMatching(/^rebuilt input\/w2\.txt in \d+(\.\d)? m?s: 1 built, 0 unchanged, 0 failed/)])
    expect(child.output.stderr.match(/^✔ input\/w2\.txt/gm)).toHaveLength(2)
    expect(child.output.stderr.match(/^✔ input\/w1\.txt/gm)).toHaveLength(1)

    child.kill('SIGINT')
    const run = await finished(child)
    expect(run.code).toBe(130)
    expect((await listFiles(path.join(cwd, 'output'))).filter((file) => file.endsWith('.tmp'))).toEqual([])
  })

  it('SIGINT in the middle of a batch: exit 130, every PDF written is whole', async () => {
    const cwd = await project('sigint')
    await fs.mkdir(path.join(cwd, 'input'))
    for (let index = 1; index <= 8; index++) await fs.writeFile(path.join(cwd, 'input', `s${index}.txt`), await shortArticle(`Interrupted ${index}`))

    const child = start(['build', '--concurrency', '1'], cwd)
    await waitForOutput(child, (stderr) => /^✔ input\/s1\.txt/m.test(stderr))
    child.kill('SIGINT')
    const run = await finished(child)
    expect(run.code).toBe(130)

    const outputs = await listFiles(path.join(cwd, 'output'))
    expect(outputs.filter((file) => file.endsWith('.tmp'))).toEqual([])
    const pdfs = outputs.filter((file) => file.endsWith('.pdf'))
    expect(pdfs.length).toBeGreaterThan(0)
    expect(pdfs.length).toBeLessThan(8)
    for (const pdf of pdfs) {
      const bytes = await fs.readFile(path.join(cwd, 'output', pdf))
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
      expect(bytes.subarray(-8).toString()).toContain('%%EOF')
    }
  })
})
