import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadConfig} from '../src/build/config.js'
import {emptyBrief} from '../src/meta/brief-data.js'
import {mergeBrief, validateConfig} from '../src/meta/config.js'
import {brief} from './fixtures/template/chain.js'

async function project(files: Record<string, string>): Promise<string> {
  const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'brief-config-'))
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(cwd, name)), {recursive: true})
    await fs.writeFile(path.join(cwd, name), text)
  }
  return cwd
}

describe('validateConfig', () => {
  it('accepts the documented keys', () => {
    const value = {
      organization: {name: 'Example Institute', shortName: 'EI', website: 'https://example.org', address: '1 Road', logo: 'logo.svg', brandColor: '#123456', licence: 'CC BY 4.0'},
      defaults: {series: 'Policy Brief', lang: 'en-GB', paper: 'Letter'},
      template: 'my.html',
      css: 'my.css',
      notes: {dropUnused: true},
      maxInputBytes: 1000
    }
    expect(validateConfig(value, 'brief.config.json')).toEqual({config: value, messages: []})
  })

  it('one error per bad key, naming the key and the file, placed on the key', () => {
    const text = '{\n  "organization": {"brandColor": "red; background: url(x)", "colour": "x"},\n  "defaults": {"paper": "A5"}\n}'
    const {config, messages} = validateConfig(JSON.parse(text), 'brief.config.json', text)
    expect(config).toBeUndefined()
    expect(messages.map((message) => [message.ruleId, message.fatal, message.reason, message.line])).toEqual([
      ['config-invalid', true, 'Unexpected unknown key `organization.colour` in `brief.config.json`, expected one of the documented keys', 2],
      ['config-invalid', true, 'Unexpected value for `organization.brandColor` in `brief.config.json`, expected a CSS colour such as `#8a1c1c`', 2],
      ['config-invalid', true, 'Unexpected value for `defaults.paper` in `brief.config.json`, expected `A4` or `Letter`', 3]
    ])
  })
})

describe('loadConfig', () => {
  it('reads brief.config.json, making paths absolute', async () => {
    const cwd = await project({'brief.config.json': JSON.stringify({organization: {name: 'EI', logo: 'img/logo.png'}, template: 't.html'}), 'img/logo.png': 'png'})
    const loaded = await loadConfig({cwd})
    expect(loaded.path).toBe(path.join(cwd, 'brief.config.json'))
    expect(loaded.config.organization?.logo).toBe(await fs.realpath(path.join(cwd, 'img/logo.png')))
    expect(loaded.config.template).toBe(path.join(cwd, 't.html'))
  })

  it('falls back to the `brief` key of package.json, then to nothing', async () => {
    const cwd = await project({'package.json': JSON.stringify({name: 'x', brief: {defaults: {series: 'Memo'}}})})
    expect((await loadConfig({cwd})).config).toEqual({defaults: {series: 'Memo'}})
    const empty = await project({'package.json': JSON.stringify({name: 'x'})})
    expect(await loadConfig({cwd: empty})).toEqual({config: {}, messages: []})
  })

  it('an explicit file that is missing, not JSON or invalid throws one clear message', async () => {
    const cwd = await project({'bad.json': '{"organization": ', 'wrong.json': '{"organisation": {}}'})
    await expect(loadConfig({cwd, configPath: 'nope.json'})).rejects.toThrow(/^Cannot read configuration `nope.json`: ENOENT/)
    await expect(loadConfig({cwd, configPath: 'bad.json'})).rejects.toThrow(/^Unexpected invalid JSON in `bad.json`/)
    const error = (await loadConfig({cwd, configPath: 'wrong.json'}).catch((error: unknown) => error)) as {message: string; messages: Array<{ruleId: string}>}
    expect(error.message).toBe('Unexpected unknown key `organisation` in `wrong.json`, expected one of the documented keys')
    expect(error.messages.map((message) => message.ruleId)).toEqual(['config-invalid'])
  })

  it('a logo outside the project is refused (relative escape and symlink)', async () => {
    const outside = await project({'secret.png': 'x'})
    const cwd = await project({'brief.config.json': JSON.stringify({organization: {logo: `../${path.basename(outside)}/secret.png`}})})
    await expect(loadConfig({cwd})).rejects.toThrow(/expected a file inside the project/)
    const linked = await project({'brief.config.json': JSON.stringify({organization: {logo: 'logo.png'}})})
    await fs.symlink(path.join(outside, 'secret.png'), path.join(linked, 'logo.png'))
    await expect(loadConfig({cwd: linked})).rejects.toThrow(/expected a file inside the project/)
  })

  it('JSON only: a brief.config.js is never loaded', async () => {
    const marker = path.join(os.tmpdir(), `brief-config-js-${process.pid}`)
    const cwd = await project({'brief.config.js': `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`})
    expect(await loadConfig({cwd})).toEqual({config: {}, messages: []})
    await expect(fs.access(marker)).rejects.toThrow()
  })
})

describe('precedence: front matter > configuration > recognized byline > defaults', () => {
  const configured = {name: 'Configured Institute', website: 'https://configured.example'}

  it('mergeBrief, field by field', () => {
    const recognized = {...emptyBrief('text'), organization: 'VIF'}
    expect(mergeBrief(recognized).brief).toMatchObject({organization: 'VIF', lang: 'en', paper: 'A4'})
    expect(mergeBrief(recognized, configured).brief.organization).toBe('Configured Institute')
    const fromFrontMatter = {...recognized, organization: 'Front Matter Institute', frontMatter: ['organization']}
    const merged = mergeBrief(fromFrontMatter, configured)
    expect(merged.brief.organization).toBe('Front Matter Institute')
    // Fields front matter does not give still come from the configuration.
    expect(merged.organization).toEqual({name: 'Front Matter Institute', website: 'https://configured.example'})
    expect(mergeBrief(recognized, {}, {series: 'Memo', lang: 'de', paper: 'Letter'}).brief).toMatchObject({series: 'Memo', lang: 'de', paper: 'Letter'})
    expect(mergeBrief({...recognized, lang: 'fr', frontMatter: ['lang'], paper: 'A4'}, {}, {lang: 'de', paper: 'Letter'}).brief).toMatchObject({lang: 'fr', paper: 'A4'})
  })

  it('through the chain: the seed (byline VIF), with and without configuration, and front matter winning', async () => {
    const seed = await fs.readFile(new URL('../input/vif-kazakhstan-protests-chinese-article.txt', import.meta.url), 'utf8')
    const organizationOf = (html: string) => /<p class="brief-organization">(.*?)<\/p>/.exec(html)?.[1]
    expect(organizationOf((await brief(seed, {format: 'text'})).html)).toContain('VIF')
    expect(organizationOf((await brief(seed, {format: 'text', organization: configured})).html)).toContain('Configured Institute')
    const markdown = '---\norganization: Front Matter Institute\n---\n\nBody.\n'
    expect(organizationOf((await brief(markdown, {organization: configured})).html)).toContain('Front Matter Institute')
    expect(organizationOf((await brief('Body.\n')).html)).toBeUndefined()
  })
})
