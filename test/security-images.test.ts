/**
 * An article may not publish its neighbours: an image is copied only when it
 * is an image by its bytes, under the size limit, inside the article's folder
 * (or the configured assets folder), with no hidden part in its path. The
 * build with HTML output needs no browser; the failure case names a browser
 * that does not exist, so the PDF fails after the images were copied.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildBatch, type FileResult} from '../src/build/index.js'
import {imageKind} from '../src/build/images.js'

const fixtures = fileURLToPath(new URL('fixtures/security/images/', import.meta.url))
const secret = 'SECRET-NEIGHBOUR-7f3a'

let folder: string

/** A project: `input/neighbours.md` with its hostile neighbours, `shared/` as the assets folder. */
async function project(name: string, config: Record<string, unknown> = {}): Promise<string> {
  const cwd = path.join(folder, name)
  const input = path.join(cwd, 'input')
  await fs.mkdir(path.join(input, '.git'), {recursive: true})
  await fs.mkdir(path.join(input, 'drafts'), {recursive: true})
  await fs.mkdir(path.join(input, '.cache'), {recursive: true})
  await fs.mkdir(path.join(cwd, 'shared'), {recursive: true})
  await fs.copyFile(path.join(fixtures, 'neighbours.md'), path.join(input, 'neighbours.md'))
  const png = await fs.readFile(path.join(fixtures, 'chart.png'))
  await fs.writeFile(path.join(input, 'chart.png'), png)
  await fs.writeFile(path.join(input, '.env'), `API_KEY=${secret}\n`)
  await fs.writeFile(path.join(input, '.git', 'config'), `[remote]\n url = ${secret}\n`)
  await fs.writeFile(path.join(input, 'drafts', 'other.txt'), `Unpublished draft ${secret}\n`)
  await fs.writeFile(path.join(input, 'fake.png'), `not an image ${secret}\n`)
  // A real PNG signature, but over the 1 KB limit set below.
  await fs.writeFile(path.join(input, 'big.png'), Buffer.concat([png, Buffer.alloc(4096, 0x20)]))
  await fs.writeFile(path.join(input, '.cache', 'pixel.png'), png)
  await fs.writeFile(path.join(cwd, 'shared', 'logo.png'), png)
  await fs.writeFile(path.join(cwd, 'shared', '.private.png'), png)
  await fs.writeFile(path.join(cwd, 'brief.config.json'), JSON.stringify({maxImageBytes: 1024, assets: 'shared', ...config}))
  return cwd
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, {recursive: true, withFileTypes: true}).catch(() => [])
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')).sort()
}

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'remark-brief-images-'))
})

afterAll(async () => {
  if (folder) await fs.rm(folder, {recursive: true, force: true})
})

describe('an article that names its neighbours as images', () => {
  let result: FileResult
  let cwd: string

  beforeAll(async () => {
    cwd = await project('html')
    const batch = await buildBatch(['input/neighbours.md'], {cwd, out: 'output', formats: ['html']})
    result = batch.files[0]!
  })

  it('builds the brief, copying only the real images, each once', async () => {
    expect(result.status).toBe('built')
    expect((await listFiles(path.join(cwd, 'output'))).filter((file) => file.startsWith('neighbours.files/'))).toEqual([
      'neighbours.files/_assets/logo.png',
      'neighbours.files/chart.png'
    ])
    const html = await fs.readFile(path.join(cwd, 'output', 'neighbours.html'), 'utf8')
    expect(html.match(/src="neighbours\.files\/chart\.png"/g)).toHaveLength(3)
    expect(html).toContain('src="neighbours.files/_assets/logo.png"')
    expect(html).toContain('The text stays.')
  })

  it('publishes no neighbour: the secret is in no output file', async () => {
    for (const file of await listFiles(path.join(cwd, 'output'))) {
      expect(await fs.readFile(path.join(cwd, 'output', file), 'latin1'), file).not.toContain(secret)
    }
    const html = await fs.readFile(path.join(cwd, 'output', 'neighbours.html'), 'utf8')
    expect(html).not.toMatch(/\.env|\.git|other\.txt|fake\.png|big\.png|pixel\.png|\.private/)
  })

  it('says why each one was refused, with a position', () => {
    const refused = result.file.messages.map((message) => [message.ruleId, message.reason, message.line])
    expect(refused).toEqual([
      ['image-not-local', "Unexpected image `.env`, expected a file inside the article's folder (hidden files and folders are not read)", 7],
      ['image-not-local', "Unexpected image `.git/config`, expected a file inside the article's folder (hidden files and folders are not read)", 9],
      ['image-invalid', 'Unexpected image `drafts/other.txt`, expected an image (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO or SVG by its bytes); not copied', 11],
      ['image-invalid', 'Unexpected image `fake.png`, expected an image (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO or SVG by its bytes); not copied', 13],
      ['image-invalid', 'Unexpected image `big.png`, expected an image of at most 1024 bytes, not 4169 (raise `maxImageBytes` in the config)', 15],
      ['image-not-local', "Unexpected image `.cache/pixel.png`, expected a file inside the article's folder (hidden files and folders are not read)", 17],
      ['image-not-local', "Unexpected image `../shared/.private.png`, expected a file inside the article's folder (hidden files and folders are not read)", 27]
    ])
    expect(result.file.messages.every((message) => message.fatal === false)).toBe(true)
  })

  it('without an assets folder configured, `../shared/` is outside like any other folder', async () => {
    const other = await project('no-assets', {assets: undefined})
    const batch = await buildBatch(['input/neighbours.md'], {cwd: other, out: 'output', formats: ['html']})
    const reasons = batch.files[0]!.file.messages.map((message) => message.reason)
    expect(reasons).toContain("Unexpected image `../shared/logo.png`, expected a file inside the article's folder (`..` leaves it)")
    expect(await listFiles(path.join(other, 'output', 'neighbours.files'))).toEqual(['chart.png'])
  })
})

describe('a brief that fails after its images were copied', () => {
  it('leaves no copy behind', async () => {
    const cwd = await project('fails')
    const batch = await buildBatch(['input/neighbours.md'], {cwd, out: 'output', formats: ['pdf'], executablePath: path.join(cwd, 'no-such-browser')})
    expect(batch.files[0]!.status).toBe('failed')
    expect(batch.files[0]!.file.messages.map((message) => message.ruleId)).toContain('render-failed')
    expect((await listFiles(path.join(cwd, 'output'))).filter((file) => file.includes('neighbours'))).toEqual([])
  })
})

describe('imageKind (magic numbers, not names)', () => {
  const bytes = (...values: Array<number | string>) =>
    Uint8Array.from(values.flatMap((value) => (typeof value === 'string' ? [...value].map((character) => character.charCodeAt(0)) : [value])))

  it('knows the image formats by their first bytes', () => {
    expect(imageKind(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe('png')
    expect(imageKind(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg')
    expect(imageKind(bytes('GIF89a', 1, 0))).toBe('gif')
    expect(imageKind(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('webp')
    expect(imageKind(bytes(0, 0, 0, 0x1c, 'ftypavif'))).toBe('avif')
    expect(imageKind(new TextEncoder().encode('<?xml version="1.0"?>\n<!-- c -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg')
  })

  it('refuses text, HTML, PDF and archives, whatever they are called', () => {
    expect(imageKind(new TextEncoder().encode('API_KEY=x\n'))).toBeUndefined()
    expect(imageKind(new TextEncoder().encode('<html><svg></svg></html>'))).toBeUndefined()
    expect(imageKind(new TextEncoder().encode('%PDF-1.7\n'))).toBeUndefined()
    expect(imageKind(bytes('PK', 3, 4))).toBeUndefined()
    expect(imageKind(bytes(0x89, 'PN'))).toBeUndefined()
    expect(imageKind(new Uint8Array())).toBeUndefined()
  })
})
