/**
 * A long synthetic brief of ours for the page-notes and contents tests:
 * `sections` sections of several paragraphs, a note on most paragraphs, one
 * note cited twice, and one note long enough (about 40 lines of notes type, more than fits below most calls)
 * that it has to continue onto the next page. Deterministic: the words come
 * from a fixed list in a fixed order.
 */
const words = (
  'maritime policy coastal states fisheries agreement regional security naval patrol dialogue ministers ' +
  'shipping lanes arbitration tribunal continental shelf exclusive economic zone survey vessel research ' +
  'cooperation framework delegation summit communique treaty ratification observers tension diplomacy'
).split(' ')

/** Sentence number `index`: 14–22 words, capitalised, ending with a full stop. */
function sentence(index: number): string {
  const length = 14 + (index % 9)
  const chosen = Array.from({length}, (_, offset) => words[(index * 7 + offset * 3) % words.length]!)
  const text = chosen.join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1) + '.'
}

/** The last words of the long note (note 7). */
export const longNoteEnd = 'Closing remark zebra quokka.'

export interface LongBriefOptions {
  /** `page` or `end`. */
  notes: 'page' | 'end'
  sections?: number
  paragraphs?: number
  /** Front matter `contents` value. */
  contents?: boolean | number
  /** Sentences of the long note (note 7): 36 (about 40 lines) by default; 120 makes it longer than a page of notes. */
  longNoteSentences?: number
}

/** Section titles, unique and never used in the text. */
export function sectionTitle(index: number): string {
  return `Part ${String.fromCharCode(65 + index)} Findings`
}

export function longBrief(options: LongBriefOptions): string {
  const sections = options.sections ?? 8
  const paragraphs = options.paragraphs ?? 4
  const lines = ['---', 'title: A Long Synthetic Brief on Maritime Policy', 'authors: [Test Author]', `notes: ${options.notes}`]
  if (options.contents !== undefined) lines.push(`contents: ${String(options.contents)}`)
  lines.push('---', '')
  const definitions: string[] = []
  let counter = 0
  let note = 0
  for (let section = 0; section < sections; section++) {
    lines.push(`## ${sectionTitle(section)}`, '')
    for (let paragraph = 0; paragraph < paragraphs; paragraph++) {
      const text = Array.from({length: 5}, () => sentence(counter++))
      note++
      // Note 7 is the long one; note 3 is cited again in the next paragraph.
      text[2] += `[^n${note}]`
      if (note === 4) text[4] += '[^n3]'
      lines.push(text.join(' '), '')
      // The long note ends with words found nowhere else, so its end can be found in the PDF.
      const body = note === 7 ? [...Array.from({length: options.longNoteSentences ?? 36}, (_, index) => sentence(1000 + index)), longNoteEnd].join(' ') : `Source ${note}: ${sentence(500 + note)}`
      definitions.push(`[^n${note}]: ${body}`)
    }
  }
  return [...lines, ...definitions, ''].join('\n')
}
