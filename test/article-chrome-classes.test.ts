/**
 * Issue 11, failure classes 3, 4, 13 and 14 (regions, page chrome and
 * metadata), and the recognizer part of issue 12 item 6 (summary, key points,
 * series prefix), each on a small synthetic fixture of ours: the exact brief
 * fields, the exact removed reasons, where the body starts and ends, the
 * trace, and that no word is lost.
 */
import {readFileSync} from 'node:fs'
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {describe, expect, it} from 'vitest'
import {recognize} from './setup/recognize.js'

const fixture = (name: string) => readFileSync(new URL(`fixtures/article/${name}`, import.meta.url), 'utf8')

/** The body as the printed brief reads it: text of every block, headings marked. */
function blocks(tree: Root): string[] {
  return tree.children.map((node) => (node.type === 'heading' ? `## ${toString(node)}` : toString(node)))
}

describe('class 3: page chrome at the edges of a one-line page', () => {
  const text = fixture('page-chrome.txt')
  const {file, tree, brief, removed, lost} = recognize(text)

  it('reads the byline, the date and the bios into the brief', () => {
    expect(brief.title).toBe('Harbour Dredging and the Politics of Silt')
    expect(brief.authors).toEqual([
      {name: 'Mara Quell', bio: 'Mara Quell is a senior fellow at the Delta Institute.'},
      {name: 'Tobias Wren', bio: 'Tobias Wren is a research analyst at the Delta Institute.'}
    ])
    expect(brief.date).toBe('2026-03-03')
    expect(brief.byline).toBe('Mara Quell and Tobias Wren')
    expect(brief.acknowledgments).toBe('The authors thank the harbour pilots who shared their logs.')
  })

  it('cuts share links, the repeated title and download links before the first sentence, and the back matter after the last', () => {
    expect(removed).toEqual([
      ['page chrome before the article', 'SHARE Share to Facebook Share to Email Print This Post'],
      ['title repeated', 'Harbour Dredging and the Politics of Silt'],
      ['byline (read into file.data.brief.authors)', 'By Mara Quell and Tobias Wren'],
      ['page chrome before the article (labels, share and download links, credits)', '|'],
      ['date (read into file.data.brief.date as 2026-03-03)', 'March 3, 2026'],
      ['page chrome before the article (labels, share and download links, credits)', 'Download PDF'],
      [
        'back matter after the article (about the authors, acknowledgements, tags, share links)',
        'Acknowledgments The authors thank the harbour pilots who shared their logs. About the Authors Mara Quell is a senior fellow at the Delta Institute. Tobias Wren is a research analyst at the Delta Institute. Tags ports dredging Share'
      ]
    ])
    const body = blocks(tree)
    expect(body).toHaveLength(1)
    expect(body[0].startsWith('Ports along the delta have spent a decade')).toBe(true)
    expect(body[0].endsWith('not by tonnage alone.')).toBe(true)
    expect(lost).toEqual(new Map())
  })

  it('reports each cut as info and puts it on the trace with its region', () => {
    const messages = file.messages.filter((message) => message.ruleId === 'removed-text')
    expect(messages).toHaveLength(7)
    expect(messages[1].reason).toBe('Unexpected title repeated `Harbour Dredging and the Politics of Silt`, expected article text; removed')
    const decisions = file.data.recognition!.decisions
    expect(decisions.filter((item) => item.kind === 'removed')).toHaveLength(7)
    const body = decisions.filter((item) => item.kind === 'region' && item.field === 'body')
    expect(body.map((item) => text.slice(item.start, item.start + 10))).toEqual(['Ports alon', 'Acknowledg'])
    expect(decisions.filter((item) => item.kind === 'metadata').map((item) => item.field)).toEqual(['authors', 'date'])
  })

  it('never cuts a first sentence that merely starts with a date', () => {
    const {tree: plain, brief: data} = recognize('Port Dues\n\nOn April 14, 2020, the harbour board raised its dues for the first time in a decade, and the pilots walked out the same week. Nobody had warned them.\n')
    expect(toString(plain).startsWith('On April 14, 2020, the harbour board')).toBe(true)
    expect(data.removed).toEqual([])
    expect(data.date).toBeUndefined()
  })

  it('reads a series label and date over the repeated title (issue 12 item 6)', () => {
    const {brief: data, removed: cut, tree: page} = recognize(
      'Silt and Money\n\nISSUE BRIEF | MARCH 2026 Silt and Money Mara Quell 1 Ports along the delta have spent a decade arguing about who pays to keep their channels open, and the argument is not over.\n'
    )
    expect(data).toMatchObject({series: 'Issue Brief', date: '2026-03', authors: [{name: 'Mara Quell'}]})
    expect(cut[0]).toEqual(['series label (read into file.data.brief.series as Issue Brief)', 'ISSUE BRIEF | MARCH 2026'])
    expect(blocks(page)[0].startsWith('Ports along the delta')).toBe(true)
  })

  it('loses no word of the chrome it walks through (a reading time after the date)', () => {
    const text = 'Silt and Money\n\nSilt and Money By Mara Quell June 2, 2026 6 min read Ports along the delta have spent a decade arguing about who pays to keep their channels open, and the argument is not over.\n'
    const {brief: data, removed: cut, lost: missing} = recognize(text)
    expect(data.date).toBe('2026-06-02')
    expect(cut.at(-1)).toEqual(['page chrome before the article (labels, share and download links, credits)', '6 min read'])
    expect(missing).toEqual(new Map())
  })

  it('lists a title heading that repeats the title in other capitals, so its words stay', () => {
    const text = '---\ntitle: Silt and Money\n---\n\nThis is the web version of the [original](https://example.org/x).\n\n# SILT AND MONEY\n\n## Mara Quell\n\nMara Quell is a fellow at the Delta Institute.\n\nPorts along the delta have spent a decade arguing about who pays to keep their channels open. The argument is not over, and it will not be over soon, because the silt keeps coming back every season and nobody has yet agreed who should pay for it.\n'
    const {brief: data, removed: cut, lost: missing} = recognize(text)
    expect(data.title).toBe('Silt and Money')
    expect(cut).toContainEqual(['title repeated as a heading', '# SILT AND MONEY'])
    expect(missing).toEqual(new Map())
  })

  it('takes a key-points block before the article into brief.keyPoints', () => {
    const {tree: page, brief: data} = recognize(
      'Silt and Money\n\nBottom lines up front Dredging costs now rival port revenue. A draught-based fee would be fairer. Download PDF Ports along the delta have spent a decade arguing about who pays to keep their channels open, and the argument is not over.\n'
    )
    expect(data.keyPoints).toEqual(['Dredging costs now rival port revenue.', 'A draught-based fee would be fairer.'])
    expect(blocks(page)).toEqual(['Ports along the delta have spent a decade arguing about who pays to keep their channels open, and the argument is not over.'])
  })
})

describe('class 4: an archive record around the article', () => {
  const {tree, brief, removed, lost} = recognize(fixture('archive-record.txt'))

  it('keeps the article and reads the record into the brief', () => {
    expect(brief).toMatchObject({
      title: 'Harbour Dredging and the Politics of Silt',
      authors: [{name: 'Mara Quell'}],
      date: '2026-03-03',
      organization: 'Delta Institute',
      url: 'https://example.org/dredging',
      recordTitle: '港口疏浚与淤泥政治'
    })
    expect(blocks(tree).map((block) => block.slice(0, 20))).toEqual(['Ports along the delt', 'Three ports have tri', 'A fairer formula wou'])
    expect(lost).toEqual(new Map())
  })

  it('does not print the wrapper: each part is removed with its reason', () => {
    expect(removed.slice(1)).toEqual([
      ['archive record: heading in another language', '# 港口疏浚与淤泥政治'],
      ['archive record: heading in another language', '## 中文摘要与研判'],
      ['archive record: summary in another language', '本文讨论三角洲港口的疏浚费用分担问题，认为应按吃水和到港次数收费。'],
      ['archive record: heading in another language', '## 元数据'],
      ['archive record: metadata line (read into file.data.brief)', '- 原始标题：Harbour Dredging and the Politics of Silt'],
      ['archive record: metadata line (read into file.data.brief)', '- 发布日期：2026-03-03'],
      ['archive record: metadata line (read into file.data.brief)', '- 来源链接：https://example.org/dredging'],
      ['archive record: heading around the source text', '## English Source Material']
    ])
  })

  it('is no record when the sections before the long one are in the same script (a summary is a summary)', () => {
    const {removed: cut, tree: plain, brief: data} = recognize('# Title\n\n## Summary\n\nShort.\n\n## Body\n\n' + 'A long sentence about ports. '.repeat(40) + '\n')
    expect(cut).toEqual([['summary label (its text is file.data.brief.summary)', 'Summary']])
    expect(data.summary).toBe('Short.')
    expect(blocks(plain)[0]).toBe('## Body')
  })
})

describe('class 13: Jekyll and kramdown residue', () => {
  const {tree, brief, removed, lost} = recognize(fixture('jekyll-residue.txt'))

  it('takes the article’s own title wording, without the site glyph', () => {
    expect(brief.title).toBe('Tide Tables: A Short History')
    expect(brief).toMatchObject({series: 'Journal of Coastal Affairs', issue: 'Volume 12, Issue 3'})
  })

  it('reads the author heading and the bio under it', () => {
    expect(brief.authors).toEqual([{name: 'Ada Brack', bio: 'Ada Brack is a lecturer in maritime history at the Coastal College. She writes on ports and pilots.'}])
  })

  it('removes the version line, video caption, recommended citation and template tags, and starts at the first paragraph', () => {
    const reasons = removed.map(([reason]) => reason)
    expect(reasons).toContain('template tag (Liquid)')
    expect(removed.filter(([reason]) => reason.startsWith('front matter before the article')).map(([, value]) => value.slice(0, 30))).toEqual([
      'This is the mobile-friendly we',
      '**Video:** The Coastal College',
      '##### Recommended Citation',
      'Brack, Ada () "Tide Tables: A '
    ])
    expect(blocks(tree)).toEqual([
      expect.stringMatching(/^Tide tables began as private notebooks/),
      '## Printed Tables',
      expect.stringMatching(/^By the middle of the century/)
    ])
    expect(lost).toEqual(new Map())
  })
})

describe('class 14: bylines and metadata', () => {
  const {tree, brief, removed, lost} = recognize(fixture('bylines-metadata.txt'))

  it('reads a journal line as series, issue and date, not as the title', () => {
    expect(brief).toMatchObject({
      title: 'Tide Tables and the Making of Harbour Law',
      series: 'Review of Coastal Studies',
      issue: '7, 101–129',
      date: '2019'
    })
    expect(removed[0]).toEqual(['journal line (read into file.data.brief as Review of Coastal Studies, 7, 101–129, 2019)', 'Review of Coastal Studies (2019) 7, 101–129'])
  })

  it('keeps degrees out of names and contributors out of authors', () => {
    expect(brief.authors).toEqual([{name: 'Ada Brack', credentials: 'PhD'}, {name: 'Olu Ferrant'}])
    expect(brief.contributors).toEqual([{name: 'Pim Steyn', role: 'Contributor'}])
    expect(brief.byline).toBe('Ada Brack, PhD and Olu Ferrant with contributions by Pim Steyn')
  })

  it('takes the SUMMARY block into brief.summary, printed once, and the next label as a heading', () => {
    expect(brief.summary).toBe(
      'Harbour law grew out of the tide tables that pilots kept for themselves. This article traces how a private craft became a public standard, and what the courts made of it.'
    )
    expect(removed[1]).toEqual(['summary label (its text is file.data.brief.summary)', 'SUMMARY'])
    const body = blocks(tree)
    expect(body[0]).toBe('## COMMENTARY')
    expect(body.join('\n')).not.toContain('Harbour law grew')
    expect(lost).toEqual(new Map())
  })

  it('prints `Last, First` front-matter names as `First Last` and refuses a user name or the organization as author', () => {
    const catalogue = recognize('---\ntitle: Harbour Law\nauthors: ["Brack, Ada"]\n---\n\nText of the article.\n')
    expect(catalogue.brief.authors).toEqual([{name: 'Ada Brack'}])
    const account = recognize('---\ntitle: Harbour Law\ninstitution: Delta Institute\nauthor: Delta Institute\n---\n\nAuthor: Ada Brack (Lecturer, Coastal College)\n\nText of the article.\n')
    expect(account.brief.authors).toEqual([{name: 'Ada Brack', role: 'Lecturer', affiliation: 'Coastal College'}])
    const user = recognize('---\ntitle: Harbour Law\nauthors: ["abrack"]\n---\n\nText of the article.\n')
    expect(user.brief.authors).toEqual([])
  })

  it('reads `Name (Role, Institution)` and month-first dates under the title', () => {
    const {brief: data} = recognize('Harbour Law\n07-27-2022\nAuthor: Ada Brack (Lecturer, Coastal College)\n\nText of the article goes on here.\n')
    expect(data).toMatchObject({title: 'Harbour Law', date: '2022-07-27', authors: [{name: 'Ada Brack', role: 'Lecturer', affiliation: 'Coastal College'}]})
  })

  it('splits a series and number off the title (issue 12 item 6)', () => {
    const {brief: data} = recognize('# Harbour Report No. 12: Tide Tables and the Law\n\nText of the article goes on here.\n')
    expect(data).toMatchObject({title: 'Tide Tables and the Law', series: 'Harbour Report', issue: '12'})
  })

  it('reads a publisher cover-sheet citation as title, author, journal and year', () => {
    const {brief: data, tree: body} = recognize(
      "Article Brack, Ada(2001) 'Tide Tables and the Making of Harbour Law', Coastal Review, 3: 1, 44 — 74 To link to this Article: DOI: 10.1/x\n\n\nCoastal Law Tide Tables and the Making of Harbour Law\nAda Brack\n\nThe first harbour boards had no tables of their own, and they argued over which notebook to trust.\n"
    )
    expect(data).toMatchObject({title: 'Tide Tables and the Making of Harbour Law', authors: [{name: 'Ada Brack'}], series: 'Coastal Review', issue: '3:1', date: '2001'})
    expect(blocks(body)).toEqual(['The first harbour boards had no tables of their own, and they argued over which notebook to trust.'])
  })
})
