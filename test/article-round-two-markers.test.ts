/**
 * Classes of text from the post-mortem of holdout round two (issue 11): one small fixture of ours per
 * class (test/fixtures/article/round-two/<class>.txt, written here, shaped like the class, no corpus text).
 * Each test fails without its rule.
 */
import {readFileSync} from 'node:fs'
import {toString} from 'mdast-util-to-string'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {recognizeArticle} from '../src/article/index.js'
import {openingHeadingLength, promotionEnd} from '../src/article/opening.js'
import {contentsAfterEnd} from '../src/article/closing.js'
import {joinCapitalsSubtitle, titleAfterLabel} from '../src/article/header.js'
import {lostWords} from '../src/article/words.js'
import {linked, notes} from './setup/recognize.js'

function run(name: string) {
  const text = readFileSync(new URL(`fixtures/article/round-two/${name}.txt`, import.meta.url), 'utf8')
  const file = new VFile({value: text})
  const tree = recognizeArticle(text, file)
  const brief = file.data.brief!
  return {text, file, tree, brief, lost: Object.fromEntries(lostWords(text, tree, brief))}
}


describe('a notes list flowed into a one-line page, numbered with bare numbers (`Notes 1 Text … 2 Text`)', () => {
  it('reads entry 1 right after the heading word (no citation ends before it) and each next bare number after a sentence end', () => {
    const {tree, lost} = run('inline-bare-notes')
    // Spaced markers (`market. 1 Port`); `Section 4 of` and `Section 4, see` are no markers.
    expect(linked(tree)).toEqual(['1: the market.', '2: written plans.', '3: single authority.'])
    const found = notes(tree)
    expect(found.map(([label]) => label)).toEqual(['1', '2', '3'])
    // An explaining note (no citation) is note 1; note 2 keeps its `no. 2 (2022)` and its second sentence.
    expect(found[0][1]).toBe('Here a small drone is any remotely piloted aircraft under 25 kilograms, the class that most harbour rules now name and that most incidents involve.')
    expect(found[1][1]).toBe('Lena Park, “Pricing the Sky,” Marine Insurance Quarterly 14, no. 2 (2022): 33–41. For the wider market, see Ivo Brandt, “Terminal Risk,” Risk Quarterly, March 2023.')
    expect(lost).toEqual({})
  })

  it('ends the last note where the page’s back matter begins (about the author, tags, teasers), as the body’s last sentence would', () => {
    const {tree, brief, lost} = run('inline-bare-notes')
    expect(notes(tree).at(-1)).toEqual(['3', 'On the model law and its Section 4, see Ada Mensah, “One Authority for the Port,” Ocean Governance 9 (2023): 101–19.'])
    const back = brief.removed.find((item) => item.text.startsWith('About the Author'))
    expect(back?.text).toMatch(/Scroll to top$/)
    expect(brief.authors.map((author) => author.name)).toEqual(['Jane Roe'])
    expect(brief.authors[0].bio).toMatch(/studies the security of ports and shipping\.$/)
    expect(lost).toEqual({})
  })
})

describe('the opening of a one-line page after its chrome: promotion boxes and a run-in section heading', () => {
  it('removes boxes closed by a call-to-action link (`… Learn More`) and splits the Title Case heading off the first sentence', () => {
    const {tree, brief, lost} = run('promotion-boxes')
    const [heading, paragraph] = tree.children
    expect(heading).toMatchObject({type: 'heading', depth: 2})
    expect(toString(heading)).toBe('The Stakes for Ports in a Crisis')
    expect(toString(paragraph)).toMatch(/^The U\.S\. economy depends on a few dozen container terminals/)
    const boxes = brief.removed.find((item) => item.reason.startsWith('promotion boxes'))
    expect(boxes?.text).toMatch(/^Security The Maritime Security Program .* Such a pledge would set a floor for conduct at sea\. Learn More$/)
    expect(lost).toEqual({})
  })

  it('reads a heading only where a sentence visibly starts after four or more Title Case words', () => {
    expect(openingHeadingLength('A Growing Challenge for Ports There is a long history of theft.')).toBe('A Growing Challenge for Ports'.length)
    expect(openingHeadingLength('Continuing Gaps Hampering an Effective Response Achieving a greater understanding matters.')).toBe('Continuing Gaps Hampering an Effective Response'.length)
    // Sentences that open with capitalised names are no headings.
    expect(openingHeadingLength('As the United States retreats from aid, Europe steps in.')).toBe(0)
    expect(openingHeadingLength('Since the United States and the People\'s Republic of China(PRC) will compete, it matters.')).toBe(0)
    expect(openingHeadingLength('The U.S. economy is susceptible to attack.')).toBe(0)
  })

  it('takes boxes only from the start, each short, each closed by the link after a sentence end', () => {
    expect(promotionEnd('Program Ports The program studies ports. Learn More The first sentence starts here.')).toBe('Program Ports The program studies ports. Learn More'.length)
    expect(promotionEnd('The first sentence starts here and goes on. ' + 'Ports matter to everyone. '.repeat(60) + 'Learn More About it.')).toBe(0)
    expect(promotionEnd('We want to learn more about ports. Then we read on.')).toBe(0)
  })
})

describe('a table of contents printed after the article’s last sentence (a sidebar flowed into the page’s line)', () => {
  it('goes to removed: the run after the last sentence end is the article’s own headings again, with no sentence of its own', () => {
    const {tree, brief, lost} = run('contents-after')
    const headings = tree.children.filter((node) => node.type === 'heading').map((node) => toString(node))
    expect(headings).toEqual(['How ports learned to worry', 'Sharing the watch between ports', 'What governments can still do'])
    expect(toString(tree.children.at(-1)!)).toMatch(/The work has only begun, and it will need patience from everyone involved\.$/)
    expect(brief.removed.map((item) => [item.reason, item.text])).toContainEqual([
      'table of contents after the article (its headings printed again)',
      'Table of Contents Table of Contents How ports learned to worry Sharing the watch between ports What governments can still do Download PDF'
    ])
    expect(lost).toEqual({})
  })

  it('keeps a closing sentence or a run that is not mostly headings', () => {
    const headings = ['How ports learned', 'Sharing the watch']
    expect(contentsAfterEnd('The end. How ports learned Sharing the watch', headings)).toBe('The end. '.length)
    // The run ends a sentence: it is the article's last sentence, which may name its sections.
    expect(contentsAfterEnd('The end. We saw How ports learned and Sharing the watch.', headings)).toBe(-1)
    // One heading only, or headings that fill less than half of the run.
    expect(contentsAfterEnd('The end. How ports learned Download PDF', headings)).toBe(-1)
    expect(contentsAfterEnd('The end. How ports learned Sharing the watch and a long run of link text from the page footer about newsletters and events', headings)).toBe(-1)
  })
})

describe('a title opened by a label for the page’s own form (`Full Text: X`)', () => {
  it('is the work’s title X when the text itself says it is the full text of X', () => {
    const {brief, lost} = run('labelled-title')
    expect(brief.title).toBe('Charter for the Coastal Ports League')
    expect(lost).toEqual({})
  })

  it('keeps a title whose first part the text does not explain as a form of the rest', () => {
    const loose = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
    expect(titleAfterLabel('China: The Long Game at Sea', loose('China plays the long game at sea, as this paper argues.'))).toBeUndefined()
    expect(titleAfterLabel('Transcript: A Conversation on Ports', loose('Below is the transcript of a conversation on ports held in May.'))).toBe('A Conversation on Ports')
  })

  it('makes the loose text only for a labelled title, with the same answer as when given it', () => {
    const loose = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
    const text = 'Below is the transcript of a conversation on ports held in May.'
    let made = 0
    const lazily = () => {
      made++
      return loose(text)
    }
    expect(titleAfterLabel('A Conversation on Ports', lazily)).toBeUndefined()
    expect(made).toBe(0)
    expect(titleAfterLabel('Transcript: A Conversation on Ports', lazily)).toBe(titleAfterLabel('Transcript: A Conversation on Ports', loose(text)))
    expect(made).toBe(1)
  })
})

describe('a cover title run over two lines, the second a short line in capitals (`Title` / `KEY QUESTIONS`)', () => {
  it('joins the capitals line to the title, and lists the line as printed in removed', () => {
    const {brief, lost} = run('capitals-title-line')
    expect(brief.title).toBe('Harbour Defence in the Northern Provinces: Key Questions')
    expect(brief.subtitle).toBeUndefined()
    expect(brief.removed.find((item) => item.text === 'KEY QUESTIONS')?.reason).toMatch(/^second title line in capitals/)
    expect(lost).toEqual({})
  })

  it('keeps a longer or mixed-case subtitle, and a title itself in capitals', () => {
    expect(joinCapitalsSubtitle('Harbour Defence', 'How Provinces Can Share the Watch')).toBeUndefined()
    expect(joinCapitalsSubtitle('Harbour Defence', 'A REPORT ON FOUR PROVINCES')).toBeUndefined()
    expect(joinCapitalsSubtitle('HARBOUR DEFENCE', 'KEY QUESTIONS')).toBeUndefined()
    expect(joinCapitalsSubtitle('Harbour Defence', 'Key Questions')).toBeUndefined()
  })
})
