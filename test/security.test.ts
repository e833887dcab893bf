/**
 * Untrusted articles through the real build (`buildBatch`: reader, plugins,
 * template, HTML, one system Chromium, PDF written and read back): one attack
 * file per class (`test/fixtures/security/`), all in one batch, so one browser
 * serves the whole file. A local HTTP server counts every request (there must
 * be none), a secret file sits next to the articles (its text must not appear
 * in any output), and front matter that is code would create a file.
 */
import {Buffer} from 'node:buffer'
import fs from 'node:fs/promises'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {visit} from 'unist-util-visit'
import {pdfObjects} from './setup/pdf-objects.js'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildBatch, type BatchResult, type FileResult} from '../src/build/index.js'
import {pdfText} from '../src/pdf/public.js'

const fixtures = fileURLToPath(new URL('fixtures/security/', import.meta.url))
const secret = 'SECRET-c41d8e-NEVER-PRINTED'
const control = 'CONTROL-c41d8e-PRINTED'

/** An SVG whose text, if the image were loaded, would be printed and read back from the PDF. */
const svgSaying = (words: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="40"><text x="0" y="30" font-size="20" font-family="sans-serif">${words}</text></svg>`

let server: Server
let base: string
let hits: string[]
let project: string
let articles: string
let secretDir: string
let pwned: string
let out: string
let batch: BatchResult
/** Output name ▶ {html, pdf text, pdf bytes}. */
const outputs = new Map<string, {result: FileResult; html?: string; hast?: Root; text?: string; pdf?: Uint8Array}>()

beforeAll(async () => {
  hits = []
  server = createServer((request, response) => {
    hits.push(request.url ?? '')
    if (request.url === '/redirect') {
      response.writeHead(302, {location: `file://${path.join(secretDir, 'secret.svg')}`})
      response.end()
      return
    }
    response.writeHead(200, {'content-type': request.url?.endsWith('.css') ? 'text/css' : 'image/svg+xml'})
    response.end(request.url?.endsWith('.css') ? 'body { background: red }' : svgSaying(secret))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  project = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-security-'))
  articles = path.join(project, 'articles')
  secretDir = path.join(project, 'private')
  pwned = path.join(project, 'PWNED')
  out = path.join(project, 'out')
  await fs.mkdir(path.join(articles, 'images'), {recursive: true})
  await fs.mkdir(secretDir)
  await fs.writeFile(path.join(secretDir, 'secret.svg'), svgSaying(secret))
  await fs.writeFile(path.join(secretDir, 'secret.txt'), secret)
  await fs.writeFile(path.join(articles, 'images', 'control.svg'), svgSaying(control))
  await fs.symlink(path.join(secretDir, 'secret.svg'), path.join(articles, 'images', 'escape.svg'))
  // An SVG inside the folder (so it is copied and printed) that points outside it and has a script.
  const tracker = (kind: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="40">` +
    `<style>@import url("${base}/${kind}-import.css");</style>` +
    `<image href="${base}/${kind}-image.svg" width="10" height="10"/>` +
    `<image xlink:href="file://${path.join(secretDir, 'secret.svg')}" width="10" height="10"/>` +
    `<script>fetch("${base}/${kind}-script")</script><text x="0" y="30">${kind}</text></svg>`
  await fs.writeFile(path.join(articles, 'images', 'tracker.svg'), tracker('local-svg'))

  for (const name of (await fs.readdir(fixtures)).filter((name) => /\.(md|txt)$/.test(name))) {
    const text = await fs.readFile(path.join(fixtures, name), 'utf8')
    await fs.writeFile(
      path.join(articles, name),
      text
        .replaceAll('{{BASE}}', base)
        .replaceAll('{{SECRET}}', secretDir)
        .replaceAll('{{PWNED}}', pwned)
        .replaceAll('{{DATA_SVG}}', Buffer.from(tracker('data-svg')).toString('base64'))
    )
  }

  // Input names that try to leave the output folder (a backslash is an ordinary character on Linux).
  const plain = '# Named\n\nA brief whose file name tries to leave the output folder.\n'
  await fs.writeFile(path.join(articles, '..\\..\\escaped-name.md'), plain)
  await fs.writeFile(path.join(articles, '..%2F..%2Fencoded-name.md'), plain)
  // One byte over the default limit of 5 MB: refused before it is read.
  await fs.writeFile(path.join(articles, 'too-large.txt'), Buffer.alloc(5 * 1024 * 1024 + 1, 'a'))

  // Named one by one: a folder's dot-files are skipped as hidden, as remark-cli does.
  const hostileNames = ['..\\..\\escaped-name.md', '..%2F..%2Fencoded-name.md'].map((name) => path.join(articles, name))
  batch = await buildBatch([articles, ...hostileNames], {cwd: project, out: 'out', concurrency: 2, timeout: 60_000})

  for (const result of batch.files) {
    const html = await fs.readFile(path.join(out, `${result.name}.html`), 'utf8').catch(() => undefined)
    const pdf = await fs.readFile(path.join(out, `${result.name}.pdf`)).catch(() => undefined)
    outputs.set(path.basename(result.input), {
      result,
      html,
      hast: html === undefined ? undefined : fromHtml(html),
      pdf: pdf && new Uint8Array(pdf),
      text: pdf && (await pdfText(new Uint8Array(pdf)))
    })
  }
}, 180_000)

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  if (project) await fs.rm(project, {recursive: true, force: true})
})

/** The outputs of one attack file; fails the test when the file was not in the batch. */
function built(input: string) {
  const found = outputs.get(input)
  if (!found) throw new Error(`No result for ${input}; results: ${[...outputs.keys()].join(', ')}`)
  return found
}

function rulesOf(result: FileResult): string[] {
  return result.file.messages.map((message) => `${message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info'}:${message.ruleId}`)
}

function elements(tree: Root | undefined): Element[] {
  const found: Element[] = []
  if (tree) visit(tree, 'element', (node) => void found.push(node))
  return found
}

/** Every attribute value of every element, as `tag[name]=value`. */
function attributeValues(tree: Root | undefined): string[] {
  return elements(tree).flatMap((node) =>
    Object.entries(node.properties).map(([name, value]) => `${node.tagName}[${name}]=${Array.isArray(value) ? value.join(' ') : String(value)}`)
  )
}

/** What a browser makes of a URL's scheme: ASCII whitespace and controls are dropped, case ignored. */
function schemeOf(url: string): string {
  return (/^([a-z][a-z\d+.-]*):/i.exec(url.replace(/[\u0000-\u0020]/g, ''))?.[1] ?? '').toLowerCase()
}

/** Every URL a PDF's link annotations point at, over all pages. */
async function linkTargets(pdf: Uint8Array): Promise<string[]> {
  const {getDocument} = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const task = getDocument({data: pdf.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0})
  const document = await task.promise
  const targets: string[] = []
  try {
    for (let number = 1; number <= document.numPages; number++) {
      for (const annotation of await (await document.getPage(number)).getAnnotations()) {
        for (const key of ['url', 'unsafeUrl', 'action']) {
          if (typeof annotation[key] === 'string') targets.push(annotation[key] as string)
        }
      }
    }
  } finally {
    await task.destroy()
  }
  return targets
}


describe('the attack batch', () => {
  it('finishes: the refused articles fail alone, every other one is built', () => {
    const statuses = Object.fromEntries(batch.files.map((result) => [path.basename(result.input), result.status]))
    expect(statuses).toEqual({
      '..%2F..%2Fencoded-name.md': 'built',
      '..\\..\\escaped-name.md': 'built',
      'file-image.md': 'built',
      'front-matter-javascript.md': 'failed',
      'front-matter-js.txt': 'failed',
      'iframe.md': 'built',
      'javascript-link.md': 'built',
      'paths.md': 'built',
      'remote.md': 'built',
      'too-large.txt': 'failed'
    })
  })

  it('makes no request at all: the local server gets zero hits', () => {
    expect(hits).toEqual([])
  })

  it('reads the secret file nowhere: not in any HTML, PDF or other output', async () => {
    const written = await fs.readdir(out, {recursive: true, withFileTypes: true})
    const files = written.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name))
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      expect((await fs.readFile(file)).includes(secret), file).toBe(false)
    }
    for (const [name, {text}] of outputs) {
      if (text !== undefined) expect(text, name).not.toContain(secret)
    }
  })
})

describe('front matter is data, never code', () => {
  it('`---javascript` (Markdown): an error, nothing evaluated, no file created, no output', async () => {
    const {result, pdf, html} = built('front-matter-javascript.md')
    expect(rulesOf(result)).toContain('error:unsafe-front-matter')
    const message = result.file.messages.find((item) => item.ruleId === 'unsafe-front-matter')!
    expect(message.reason).toMatch(/^Unexpected front matter language `javascript`, expected YAML/)
    expect(message.place).toBeDefined()
    await expect(fs.access(pwned)).rejects.toThrow()
    expect(pdf).toBeUndefined()
    expect(html).toBeUndefined()
  })

  it('`---js` (scraped text): an error, nothing evaluated, no file created, no output', async () => {
    const {result, pdf} = built('front-matter-js.txt')
    expect(rulesOf(result)).toContain('error:unsafe-front-matter')
    await expect(fs.access(pwned + '-text')).rejects.toThrow()
    expect(pdf).toBeUndefined()
  })
})

describe('raw HTML and URLs in an article', () => {
  it('`<img src="file:///…">` in HTML and Markdown: not loaded, no `file:` URL left in the HTML, each one reported', () => {
    const {result, hast, text} = built('file-image.md')
    expect(text).toContain('The secret next to the project must not be read.')
    expect(text).not.toContain(secret)
    expect(attributeValues(hast).filter((value) => /file:/i.test(value))).toEqual([])
    // Each image is reported (with its place), none silently dropped.
    const reports = result.file.messages.filter((message) => message.ruleId === 'image-not-local')
    expect(reports.map((message) => message.reason)).toEqual([
      expect.stringMatching(/^Unexpected image `file:\/\/.*\/secret\.svg`, expected a file inside the article's folder/),
      expect.stringMatching(/^Unexpected image `file:\/\/.*\/secret\.svg`, expected a file inside the article's folder/),
      expect.stringMatching(/^Unexpected image `file:\/\/.*\/secret\.txt`, expected a file inside the article's folder/),
      expect.stringMatching(/^Unexpected image `C:\\secret\\secret\.svg`, expected a file inside the article's folder/),
      // Not a valid scheme, but a colon before any `/`, `?` or `#`: the sanitiser drops it, so it must say so.
      expect.stringMatching(/^Unexpected image `not a scheme:secret\.svg`, expected a file inside the article's folder/)
    ])
    for (const message of reports) expect(message.place).toBeDefined()
  })

  it('a title with `<script>` is text: the HTML has no script element at all', () => {
    for (const [name, {hast}] of outputs) {
      expect(elements(hast).filter((node) => node.tagName === 'script'), name).toEqual([])
    }
    const {hast} = built('file-image.md')
    expect(elements(hast).some((node) => node.tagName === 'title' && /<script>/.test(toPlain(node)))).toBe(true)
  })

  it('`<iframe>`, `<object>`, `<embed>`: none in the HTML, nothing framed in the PDF', () => {
    const {hast, text} = built('iframe.md')
    expect(elements(hast).map((node) => node.tagName)).not.toEqual(expect.arrayContaining(['iframe']))
    expect(elements(hast).filter((node) => ['iframe', 'frame', 'object', 'embed'].includes(node.tagName))).toEqual([])
    expect(text).toContain('Nothing framed may load.')
    expect(text).not.toContain(secret)
  })

  it('remote images, stylesheets, redirects, `<base>`, `<meta refresh>`, style URLs: not in the HTML, never fetched', () => {
    const {result, hast, text} = built('remote.md')
    const host = new URL(base).host
    expect(attributeValues(hast).filter((value) => value.includes(host))).toEqual([])
    // Front matter cannot inject CSS (a brand colour that closes the rule): no style text names the server.
    expect(elements(hast).filter((node) => node.tagName === 'style' && toPlain(node).includes(host))).toEqual([])
    expect(elements(hast).filter((node) => ['base', 'script', 'video'].includes(node.tagName) || (node.tagName === 'meta' && 'httpEquiv' in node.properties))).toEqual([])
    expect(attributeValues(hast).filter((value) => /^\w+\[style\]=.*url\(/i.test(value))).toEqual([])
    expect(text).toContain('A styled paragraph.')
    // The Markdown images and the raw one are reported; none is fetched. (The sanitiser reports the `data:` SVG first.)
    expect(result.file.messages.filter((message) => message.ruleId === 'image-not-local').map((message) => message.reason)).toEqual([
      expect.stringMatching(/^Unexpected image `data:image\/svg\+xml;base64,/),
      expect.stringMatching(/^Unexpected image `http:\/\/127\.0\.0\.1:\d+\/image\.svg`, expected a file inside the article's folder/),
      expect.stringMatching(/^Unexpected image `http:\/\/127\.0\.0\.1:\d+\/redirect`, expected a file inside the article's folder/),
      expect.stringMatching(/^Unexpected image `http:\/\/127\.0\.0\.1:\d+\/raw-image\.svg`, expected a file inside the article's folder/)
    ])
    expect(hits).toEqual([])
  })

  it('`javascript:`, `vbscript:` and `data:` links: not in the HTML, not a PDF link; the web link stays', async () => {
    const {hast, text, pdf} = built('javascript-link.md')
    const hrefs = elements(hast).flatMap((node) => (node.properties.href === undefined ? [] : [String(node.properties.href)]))
    expect(hrefs.filter((href) => ['javascript', 'vbscript', 'data'].includes(schemeOf(href)))).toEqual([])
    expect(hrefs).toEqual(expect.arrayContaining(['https://example.org/brief']))
    expect(attributeValues(hast).filter((value) => /^\w+\[on\w+\]=/i.test(value))).toEqual([])
    // The link text is kept, only the target goes.
    expect(text).toContain('Markdown script link')

    const targets = await linkTargets(pdf!)
    expect(targets).toContain('https://example.org/brief')
    expect(targets.filter((target) => ['javascript', 'vbscript', 'data'].includes(schemeOf(target)))).toEqual([])
    expect(await pdfObjects(pdf!)).not.toMatch(/\/(JS|JavaScript)\b|javascript:/i)
  })

  it('`..`, encoded `..`, absolute and symlink-escaping image paths, a front-matter logo: reported, not copied, not printed; the control image prints', async () => {
    const {result, text} = built('paths.md')
    const reasons = result.file.messages.filter((message) => message.ruleId === 'image-not-local').map((message) => message.reason)
    expect(reasons).toEqual([
      expect.stringMatching(/^Unexpected image `\.\.\/private\/secret\.svg`, expected a file inside the article's folder/),
      expect.stringMatching(/^Unexpected image `%2e%2e\/private\/secret\.svg`, expected a file inside the article's folder/),
      expect.stringMatching(/^Unexpected image `\/.*\/secret\.svg`, expected a file inside the article's folder/),
      expect.stringMatching(/^Unexpected image `images\/escape\.svg`, expected a file inside the article's folder/)
    ])
    for (const message of result.file.messages.filter((item) => item.ruleId === 'image-not-local')) expect(message.place).toBeDefined()
    expect(text).toContain(control)
    expect(text).not.toContain(secret)
    const copied = (await fs.readdir(path.join(out, 'paths.files'), {recursive: true})).map(String).sort()
    expect(copied).toEqual(['images', 'images/control.svg', 'images/tracker.svg'])
    // The logo named in front matter (outside the folder) is not served: no asset holds the secret.
    expect((await fs.readdir(path.join(out, 'assets'), {recursive: true})).map(String).filter((name) => /secret|logo/.test(name))).toEqual([])
  })
})

describe('paths and limits', () => {
  it('output names from hostile input names stay inside the output folder', async () => {
    expect(built('..\\..\\escaped-name.md').result.name).toBe('escaped-name')
    expect(built('..%2F..%2Fencoded-name.md').result.name).toMatch(/^[\w.-]+$/)
    for (const {result} of outputs.values()) {
      for (const output of result.outputs) expect(path.relative(out, output)).not.toMatch(/^\.\.|^\//)
    }
    // Nothing was written beside the project's own folders.
    expect((await fs.readdir(project)).sort()).toEqual(['articles', 'out', 'private'])
    expect((await fs.readdir(path.dirname(project))).filter((name) => /escaped-name|encoded-name/.test(name))).toEqual([])
  })

  it('an article over the 5 MB default is refused before it is read, with a clear error', () => {
    const {result, pdf, html} = built('too-large.txt')
    expect(result.file.messages.map((message) => [message.ruleId, message.fatal, message.reason])).toEqual([
      ['input-too-large', true, 'Unexpected input of 5242881 bytes, expected at most 5242880 bytes (raise `maxInputBytes` in the config)']
    ])
    expect(pdf).toBeUndefined()
    expect(html).toBeUndefined()
  })

  it('the limit is configurable (`maxInputBytes`) and applies to every reader', async () => {
    const result = await buildBatch([path.join(articles, 'paths.md'), path.join(articles, 'front-matter-js.txt')], {
      cwd: project,
      out: 'out-limit',
      formats: ['html'],
      maxInputBytes: 64
    })
    expect(result.files.map((item) => [item.status, item.file.messages.map((message) => message.ruleId)])).toEqual([
      ['failed', ['input-too-large']],
      ['failed', ['input-too-large']]
    ])
  })
})

describe('one very long word', () => {
  it('is processed in linear time: 100,000 letters (100 KB) in a few seconds, not minutes', async () => {
    // Hyphenating is synchronous: a quadratic step here stalls the whole batch, timers and all.
    const long = path.join(project, 'long-word')
    await fs.mkdir(long)
    await fs.writeFile(path.join(long, 'word.md'), '# One word\n\n' + 'a'.repeat(100_000) + '\n')
    const start = performance.now()
    const result = await buildBatch([long], {cwd: project, out: 'out-long-word', formats: ['html']})
    const time = performance.now() - start
    expect(result.files.map((item) => item.status)).toEqual(['built'])
    // Seconds, not minutes: the bound includes starting the article worker thread (several seconds on two busy cores).
    expect(time).toBeLessThan(30_000)
  })
})

describe('nesting', () => {
  it('nesting too deep to process is one clear error for that file; the others are built', async () => {
    const deep = path.join(project, 'deep')
    await fs.mkdir(deep)
    await fs.writeFile(path.join(deep, 'quotes.md'), '>'.repeat(20_000) + ' deep\n')
    await fs.writeFile(path.join(deep, 'spans.md'), '<span>'.repeat(30_000) + 'x' + '</span>'.repeat(30_000) + '\n')
    await fs.writeFile(path.join(deep, 'shallow.md'), '>'.repeat(20) + ' Twenty quotes deep is fine.\n')

    const result = await buildBatch([deep], {cwd: project, out: 'out-deep', formats: ['html']})
    expect(result.files.map((item) => [path.basename(item.input), item.status])).toEqual([
      ['quotes.md', 'failed'],
      ['shallow.md', 'built'],
      ['spans.md', 'failed']
    ])
    for (const item of result.files.filter((file) => file.status === 'failed')) {
      expect(item.file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([['input-too-deep', true]])
      expect(item.file.messages[0]!.reason).toMatch(/^Unexpected nesting too deep to process, expected /)
    }
  })
})

function toPlain(node: Element): string {
  return node.children.map((child) => ('value' in child ? String(child.value) : '')).join('')
}
