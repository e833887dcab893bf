/**
 * Markers, notes and segmentation: one small fixture of ours per failure class of issue 11
 * (test/fixtures/article/<class>.txt, written here, shaped like the class). Each test states the markers
 * that must be linked (label and the words right before it), the notes, and the messages with their
 * rule and place (found from the fixture's own text, not from the recognizer).
 */
import {readFileSync} from 'node:fs'
import type {Heading, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {recognizeArticle} from '../src/article/index.js'
import {lostWords} from '../src/article/words.js'
import {linked, notes} from './setup/recognize.js'

function run(name: string) {
  const text = readFileSync(new URL(`fixtures/article/${name}.txt`, import.meta.url), 'utf8')
  const file = new VFile({value: text})
  const tree = recognizeArticle(text, file)
  return {text, file, tree, brief: file.data.brief!}
}


/** Messages other than the notes heading's removal, as `ruleId line:column`. */
function messages(file: VFile): string[] {
  return file.messages
    .filter((message) => !(message.ruleId === 'removed-text' && /notes heading/.test(message.reason)))
    .map((message) => `${message.ruleId} ${message.line}:${message.column}`)
}

/** `line:column` of the first `needle` in `text` (plus `shift` characters), counted here. */
function at(text: string, needle: string, shift = 0): string {
  const offset = text.indexOf(needle) + shift
  expect(offset, needle).toBeGreaterThanOrEqual(shift)
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/)
  return `${lines.length}:${lines.at(-1)!.length + 1}`
}

function noLoss(text: string, tree: Root, brief: unknown) {
  expect(Object.fromEntries(lostWords(text, tree, brief))).toEqual({})
}

describe('issue 11 failure classes: markers, notes and segmentation', () => {
  it('1. splits a one-line page at sentences and a capitals heading, and finds inline notes with no notes word', () => {
    const {text, file, tree, brief} = run('one-line-page')
    expect(linked(tree)).toEqual(['1: of projects.', '2: two years.', '3: contract data.'])
    expect(notes(tree)).toEqual([
      ['1', 'Jane Roe, “Ports and Power,” Maritime Policy Review, 2025.'],
      ['2', 'Omar Diallo, “Routes That Pay,” Trade Quarterly, 2024.'],
      ['3', 'Lena Park, “Open Contracts,” Governance Notes, 2023.']
    ])
    const headings = tree.children.filter((node): node is Heading => node.type === 'heading').map((node) => toString(node))
    expect(headings).toEqual(['KEY FINDINGS'])
    expect(tree.children.filter((node) => node.type === 'paragraph').length).toBeGreaterThanOrEqual(4)
    // The title repeated at the head of the one line is page chrome; the line is read from the article text after it.
    expect(messages(file)).toEqual([
      `removed-text ${at(text, 'Coastal Infrastructure Review Investment')}`,
      `one-line-page ${at(text, 'Coastal Infrastructure Review Investment', 'Coastal Infrastructure Review '.length)}`
    ])
    expect(brief.removed.map((item) => [item.reason, item.text])).toEqual([['title repeated', 'Coastal Infrastructure Review']])
    const trace = file.data.recognition!.decisions
    expect(trace.filter((item) => item.kind === 'heading').map((item) => text.slice(item.start, item.end))).toEqual(['KEY FINDINGS'])
    expect(trace.filter((item) => item.kind === 'marker-linked').map((item) => item.number)).toEqual([1, 2, 3])
    expect(trace.filter((item) => item.kind === 'note').map((item) => text.slice(item.start, item.end).slice(0, 12))).toEqual([
      '[1] Jane Roe',
      '[2] Omar Dia',
      '[3] Lena Par'
    ])
    noLoss(text, tree, brief)
  })

  it('1. a one-line page whose notes lost their URLs: a dense run counting up, cited earlier, is the notes list', () => {
    const {text, file, tree, brief} = run('notes-sequence-run')
    // `working group in 2017, 2 2019: Agreed`: a marker before the year that opens a flattened list's next item.
    expect(linked(tree)).toEqual([
      '1: common inspections.',
      '2: in 2017,',
      '3: of vessels,',
      '4: member ports.',
      '5: the group.',
      '6: face next.'
    ])
    expect(notes(tree)).toEqual([
      ['1', 'Harbour Council (2011): Draft Regional Code of Conduct for Port Inspections .'],
      ['2', 'Harbour Council (2019): Register of Vessels - First Annual Report . For the debate before it, see Harbour Council (2018): Minutes of the Session on Registers .'],
      ['3', 'Marta Ilves (2021): Joint Patrols in Practice, Coastal Studies Review .'],
      ['4', 'The secretariat had no budget of its own until its third year. Harbour Council (2023): Statute of the Secretariat .'],
      // `10 Years Later` inside note 5 is no entry: the run's own entry 10 never came.
      ['5', 'Harbour Council (2022): Annual Review - 10 Years Later: What the Code Changed .'],
      ['6', 'Daniel Moyo (2025): Small States and Shared Ports, Coastal Policy Papers .']
    ])
    // `Figure 1`, `Phase 2`, `(1) … (3)` stay text.
    expect(toString(tree)).toContain("Figure 1 of the council's own report")
    expect(toString(tree)).toContain('(1) keeping the register, (2) scheduling patrols, and (3) reporting')
    expect(messages(file)).toEqual([])
    noLoss(text, tree, brief)
  })

  it('1. the body’s own markers counting up are no notes list: nothing cites them before', () => {
    const full = readFileSync(new URL('fixtures/article/notes-sequence-run.txt', import.meta.url), 'utf8')
    const text = full.slice(0, full.indexOf(' Table of Contents')) + '\n'
    const file = new VFile({value: text})
    const tree = recognizeArticle(text, file)
    expect(notes(tree)).toEqual([])
    expect(file.messages.filter((message) => message.ruleId === 'no-notes-list').length).toBe(1)
    noLoss(text, tree, file.data.brief)
  })

  it('markers and notes of HTML converted to Markdown: in-page links `[[1]](#_edn1)`, `<sup>[2](#_edn2)</sup>`', () => {
    const {text, file, tree, brief} = run('anchor-markers')
    expect(linked(tree)).toEqual(['1: lower reservoirs.', '2: published little.', '3: flow again', '4: a review.'])
    expect(notes(tree)).toEqual([
      ['1', 'Basin Commission, Accord on the Upper Basin (Commission Press, 1996), 3.'],
      ['2', 'Lena Park, "Quiet Engineers," Water Policy Review 8 (2009): 14-29.'],
      ['3', 'Ibid., 22.'],
      ['4', 'Basin Commission, Review of Shares 2015 (Commission Press, 2016), https://example.org/review-2015.pdf.']
    ])
    // A link to a table (`Table [4](#table-4)`) before marker 4 stays as written, reported out of sequence.
    expect(toString(tree.children[1])).toContain('Table [4](#table-4) below')
    expect(messages(file)).toEqual([`unlinked-marker ${at(text, '[4](#table-4)')}`])
    noLoss(text, tree, brief)
  })

  it('pandoc superscripts `^1^` as markers (not the power in `10^5^`), and `1\\.` notes a converter escaped', () => {
    const {text, file, tree, brief} = run('escaped-notes')
    expect(linked(tree)).toEqual(['1: a decade.', '2: counted before.', '3: coastal zone.'])
    expect(toString(tree.children[0])).toContain('more than 10^5^ within')
    expect(notes(tree).map(([label, value]) => `${label} ${value.slice(0, 16)}`)).toEqual(['1 Fisheries Board,', '2 Ana Costa, "Coun', '3 Fisheries Board,'])
    expect(messages(file)).toEqual([])
    noLoss(text, tree, brief)
  })

  it('notes numbered again from 1 in each section pair with the markers of their own section', () => {
    const {text, file, tree, brief} = run('restarted-notes')
    expect(linked(tree)).toEqual(['1: roads inland.', '2: in fish.', '3: for trade.', '4: by guilds.', '5: stayed weak.'])
    expect(notes(tree).map(([label, value]) => `${label} ${value.slice(0, 17)}`)).toEqual([
      '1 Marta Ilves, Quay',
      '2 Marta Ilves, Guil',
      '3 Daniel Moyo, Inla',
      '4 Lena Park, Royal ',
      '5 Lena Park, Weak C'
    ])
    expect(messages(file)).toEqual([`restarted-note-numbers ${at(text, '1. Lena')}`])
    noLoss(text, tree, brief)
  })

  it('2. pairs a back-linked note without a number with the one marker without a note', () => {
    const {text, file, tree, brief} = run('backlink-orphan')
    expect(linked(tree)).toEqual(['1: in 2019.', '2: survey office.', '3: most months.'])
    expect(notes(tree)).toEqual([
      ['1', 'Amal Haddad, "The Basin Compact," Water Law Journal 12, no. 2 (2020): 45.'],
      ['2', 'Joint Survey Office, Annual Report 2021 (Survey Office, 2021), 3.'],
      ['3', 'Joint Survey Office, Dry Season Review (Survey Office, 2022), 7.']
    ])
    expect(messages(file)).toEqual([
      `unnumbered-note ${at(text, 'Joint Survey Office, Dry')}`,
      `removed-text ${at(text, '↩\n2.', -1)}`,
      `removed-text ${at(text, '↩\n\nJoint', -1)}`,
      `removed-text ${at(text, '↩︎', -1)}`
    ])
    noLoss(text, tree, brief)
  })

  it('2. a listed note that lost its number, where the list skips one, takes the number it leaves', () => {
    const {text, file, tree, brief} = run('classes/lost-number')
    expect(notes(tree).map(([label, value]) => `${label} ${value.slice(0, 20)}`)).toEqual([
      '1 A. Writer, Manual On',
      '2 B. Writer, Manual Tw',
      '3 C. Writer, Manual Th',
      '4 D. Writer, Manual Fo',
      '5 E. Writer, Manual Fi',
      '6 F. Writer, Manual Si'
    ])
    const lost = file.messages.filter((message) => message.ruleId === 'unnumbered-note')
    expect(lost.map((message) => `${message.line}:${message.column} ${message.fatal}`)).toEqual([`${at(text, 'C. Writer')} undefined`])
    expect(lost[0].reason).toBe('Unexpected note without a number between 2 and 4, expected `3` before it; taken as note 3')
    expect(file.messages.filter((message) => message.ruleId === 'broken-note-sequence' && /notes list/.test(message.reason))).toEqual([])
    noLoss(text, tree, brief)
  })

  it('2. says once that the notes are in another version', () => {
    const {text, file, tree} = run('notes-elsewhere')
    expect(linked(tree)).toEqual([])
    const warnings = file.messages.filter((message) => message.fatal === false)
    expect(warnings.map((message) => `${message.ruleId} ${message.line}:${message.column}`)).toEqual([
      `no-notes-list ${at(text, 'citations can be found')}`
    ])
    expect(file.messages.filter((message) => message.ruleId === 'unlinked-marker').map((message) => message.fatal)).toEqual([undefined, undefined, undefined])
  })

  it('5. links digits glued after a parenthesis, after `).` and after `1990s.`', () => {
    const {text, tree, file, brief} = run('glued-after-parenthesis')
    expect(linked(tree)).toEqual(['1: Control (ABC)', '2: (in 2015)', '3: (in 1991).', '4: the 1990s.'])
    expect(messages(file)).toEqual([])
    noLoss(text, tree, brief)
  })

  it('6. links numbers split off by a space where they fit the sequence, and reports the near miss', () => {
    const {text, tree, file, brief} = run('spaced-after-word')
    expect(linked(tree)).toEqual([
      '1: report noted.',
      '2: book titled',
      '3: mostly regional',
      '4: a decade',
      '5: protect its',
      '6: First Committee'
    ])
    // `the 5 largest basins` and `Figure 2` stay text; `agency 7 Then` would be marker 7, which has no note.
    expect(toString(tree.children[1])).toContain('Figure 2 of its report shows the 5 largest basins')
    expect(messages(file)).toEqual([`unlinked-marker ${at(text, '7 Then')}`])
    expect(file.messages.at(-1)!.reason).toBe('Unexpected number `7` where note marker 7 would fit, expected a note numbered 7; kept as text')
    noLoss(text, tree, brief)
  })

  it('7. keeps the author’s own [1] [2] [3] as text: the glued run is the document’s style', () => {
    const {text, tree, file, brief} = run('author-brackets')
    expect(linked(tree)).toEqual(['1: in haste.', '2: older text.', '3: the others.', '4: a protocol.'])
    expect(toString(tree.children[1])).toContain('peace is, [1] in the history of the region, rarely kept for long; trade, [2] which')
    expect(messages(file)).toEqual([])
    const rejected = file.data.recognition!.decisions.filter((item) => item.kind === 'marker-rejected')
    expect(rejected.map((item) => text.slice(item.start, item.end))).toEqual(['[1]', '[2]', '[3]'])
    noLoss(text, tree, brief)
  })

  it('8. splits a note run into the previous note’s line', () => {
    const {text, tree, file, brief} = run('run-in-note')
    expect(linked(tree)).toEqual(['1: grounds first.', '2: year later.', '3: the change.', '4: remain patchy.'])
    expect(notes(tree)).toEqual([
      ['1', 'Fisheries Board, Northern Quotas (Board, 2018), 5.'],
      ['2', 'Fisheries Board, Southern Fleet Order (Board, 2019), 2.'],
      ['3', 'Inspection Service, Compliance Review (Service, 2020), 12.'],
      ['4', 'Ana Costa, "Counting Fish," Ocean Policy 3 (2021): 40.']
    ])
    expect(messages(file)).toEqual([])
    noLoss(text, tree, brief)
  })

  it('8. splits the next note run into the list’s last entry when the list also skips a number', () => {
    const {text, tree, file, brief} = run('run-in-last-note')
    expect(linked(tree)).toEqual(['1: harbour first.', '2: year later.', '4: the change.', '5: remain patchy.'])
    expect(notes(tree)).toEqual([
      ['1', 'Harbour Board, Northern Works (Board, 2018), 5.'],
      ['2', 'Harbour Board, Southern Quay Order (Board, 2019), 2.'],
      ['4', 'Inspection Service, Berth Review (Service, 2020), 12.'],
      ['5', 'Ana Costa, Counting Ships (Ocean Press, 2021), 40.']
    ])
    // The skipped note 3 is reported where the list skips it and where the text cites it.
    expect(messages(file)).toEqual([
      `broken-note-sequence ${at(text, '4. Inspection')}`,
      `unlinked-marker ${at(text, 'consulted.3', 10)}`,
      `removed-text ${at(text, 'consulted.3', 10)}`,
      `broken-note-sequence ${at(text, 'change.4', 7)}`
    ])
    noLoss(text, tree, brief)
  })

  it('9. a marker a hard wrap put at the start of a line stays in its paragraph', () => {
    const {text, tree, file, brief} = run('wrapped-marker')
    expect(linked(tree)).toEqual(['1: the coast.', '2: the coast.'])
    expect(tree.children.map((node) => node.type)).toEqual(['paragraph', 'footnoteDefinition', 'footnoteDefinition'])
    expect(toString(tree.children[0])).toContain('A series of exercises followed')
    expect(messages(file)).toEqual([])
    noLoss(text, tree, brief)
  })

  it('10. without a notes list: one warning, each marker at info level, one visible form', () => {
    const {text, tree, file, brief} = run('no-notes-list')
    expect(linked(tree)).toEqual([])
    expect(messages(file)).toEqual([
      `no-notes-list ${at(text, '$^{1}$')}`,
      `unlinked-marker ${at(text, '$^{1}$')}`,
      `unlinked-marker ${at(text, '²')}`,
      `unlinked-marker ${at(text, '3\n')}`
    ])
    expect(file.messages.map((message) => message.fatal)).toEqual([false, undefined, undefined, undefined])
    expect(file.messages[0].reason).toBe('Unexpected 3 note markers without a notes list, expected a notes list; no notes list: 3 markers kept as superscript numbers')
    expect(toString(tree.children[0])).toBe(
      'The tariff review closed in March, and the ministry published its findings a month later.¹ Producers had asked for a longer phase-out.² The final rule kept the old rate for small installations only.³'
    )
    noLoss(text, tree, brief)
  })

  it('12. one paragraph per line: a `•` line is one item, a short line between paragraphs a heading', () => {
    const {text, tree, brief} = run('paragraph-per-line')
    const shape = tree.children.map((node) => (node.type === 'list' ? `list of ${node.children.length}` : node.type === 'heading' ? `heading ${toString(node)}` : node.type))
    expect(shape).toEqual(['paragraph', 'paragraph', 'heading What the Ledgers Show', 'paragraph', 'list of 2', 'paragraph', 'paragraph'])
    noLoss(text, tree, brief)
  })

  it('15. an unlinked marker never prints as a stray number beside the renumbered ones', () => {
    const {text, tree, file, brief} = run('incomplete-pairing')
    expect(linked(tree)).toEqual(['1: short agenda.', '2: first week.', '3: second round.'])
    expect(toString(tree.children[0])).toMatch(/initialled in June\.$/)
    expect(brief.removed.map((item) => [item.text, item.reason])).toContainEqual(['4', 'note marker 4 without a note'])
    expect(messages(file)).toEqual([`unlinked-marker ${at(text, '4\n')}`, `removed-text ${at(text, '4\n')}`])
    noLoss(text, tree, brief)
  })
})
