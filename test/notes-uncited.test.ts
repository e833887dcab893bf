/**
 * A note that nothing cites is kept (issue 3: "printed as uncited unless
 * dropUnused"): it must reach the HTML's notes list, after the cited notes,
 * with its own number, so no text of the article is lost.
 */
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {createBriefProcessor} from '../src/build/processor.js'

function html(value: string, format: 'markdown' | 'text' = 'markdown', notes = {}) {
  const file = new VFile({value, path: format === 'markdown' ? 'brief.md' : 'brief.txt'})
  const processor = createBriefProcessor({format, notes})
  // Soft hyphens (typography) are removed so the text reads as written.
  return String(processor.processSync(file)).replace(/\u00AD/g, '')
}

describe('uncited notes in the HTML', () => {
  it('prints an uncited note last in the notes list, marked "(uncited)"', () => {
    const page = html('# T\n\nCited.[^a]\n\n[^a]: The cited source.\n[^b]: A source nothing cites.\n')
    const section = page.slice(page.indexOf('data-footnotes'))
    expect(section).toContain('The cited source.')
    expect(section).toContain('A source nothing cites.')
    expect(section.indexOf('The cited source.')).toBeLessThan(section.indexOf('A source nothing cites.'))
    expect(section).toMatch(/<li id="user-content-fn-2">/)
    expect(section).toContain('<span class="brief-uncited">(uncited)</span>')
  })

  it('makes the notes section when no note is cited at all', () => {
    const page = html('# T\n\nNo calls here.\n\n[^1]: Lonely source.\n')
    expect(page).toMatch(/<section[^>]*data-footnotes[^>]*>[\s\S]*Lonely source\.[\s\S]*<\/section>/)
  })

  it('drops it with dropUnused', () => {
    const page = html('# T\n\nCited.[^a]\n\n[^a]: The cited source.\n[^b]: A source nothing cites.\n', 'markdown', {dropUnused: true})
    expect(page).not.toContain('A source nothing cites.')
  })

  it('keeps scraped notes that no marker points to (a converted report whose body cites few notes)', () => {
    const page = html('Title\n\nA sentence with a note.1\n\nNotes\n\n1. First source.\n2. Second source, never cited.\n', 'text')
    expect(page).toContain('Second source, never cited.')
  })
})
