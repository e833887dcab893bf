/**
 * Back sections the recognizer reads out of the body (a reference list, an
 * abbreviations list, thanks) go to `file.data.brief`; the template prints
 * them, so the brief never drops an author-date article's bibliography.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {createBriefProcessor} from '../src/build/processor.js'

const fixture = new URL('fixtures/article/postmortem/back-sections.txt', import.meta.url)

function html(value: string, lang?: string): string {
  const file = new VFile({path: 'back-sections.txt', value})
  const processor = createBriefProcessor({format: 'text', ...(lang ? {lang} : {})})
  return String(processor.processSync(file)).replace(/\u00AD/g, '')
}

describe('back sections read out of the body are printed', () => {
  const page = html(readFileSync(fixture, 'utf8'))

  it('prints the reference list after the body, one item per entry', () => {
    const section = /<section class="brief-references">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? ''
    expect(section).toContain('<h2>References</h2>')
    expect(section).toContain('<ul class="brief-reference-list">')
    expect(section.match(/<li>/g)).toHaveLength(2)
    expect(section).toMatch(/Quell, M\. \(1998\) Silt and Statute\./)
    expect(section).toMatch(/Wren, T\. \(2004\) The Pilots/)
    expect(page.indexOf('<section class="brief-references"')).toBeGreaterThan(page.indexOf('<div class="brief-body"'))
  })

  it('prints the abbreviations list', () => {
    const section = /<section class="brief-abbreviations">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? ''
    expect(section).toContain('<h2>Abbreviations</h2>')
    expect(section).toContain('RCS Review of Coastal Studies')
    expect(section).toContain('TT Tide Table')
  })

  it('drops the empty sections from an article with none', () => {
    const plain = html('A Short Note\n\nBy Ada Brack\n\nOne paragraph of body text that says what it has to say.\n')
    expect(plain).not.toContain('<section class="brief-references"')
    expect(plain).not.toContain('<section class="brief-abbreviations"')
    expect(plain).not.toContain('<div class="brief-acknowledgments"')
  })
})
