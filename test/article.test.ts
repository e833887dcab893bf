import {readFileSync} from 'node:fs'
import type {FootnoteDefinition, FootnoteReference, Heading, Link, Nodes, Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import remarkStringify from 'remark-stringify'
import remarkGfm from 'remark-gfm'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {recognizeArticle, remarkBriefArticle} from '../src/article/index.js'
import {lostWords} from '../src/article/words.js'

const seedPath = new URL('../input/vif-kazakhstan-protests-chinese-article.txt', import.meta.url)
const seed = readFileSync(seedPath, 'utf8')
const fixture = (name: string) => readFileSync(new URL(`fixtures/article/${name}`, import.meta.url), 'utf8')

function recognize(text: string) {
  const file = new VFile({value: text})
  const tree = recognizeArticle(text, file)
  return {file, tree, brief: file.data.brief!}
}

function references(tree: Root): FootnoteReference[] {
  const found: FootnoteReference[] = []
  visit(tree, 'footnoteReference', (node) => {
    found.push(node)
  })
  return found
}

function definitions(tree: Root): FootnoteDefinition[] {
  return tree.children.filter((node): node is FootnoteDefinition => node.type === 'footnoteDefinition')
}

/** For each reference: the text right before it in its paragraph, and right after. */
function contexts(tree: Root): Array<{label: string; before: string; after: string}> {
  const found: Array<{label: string; before: string; after: string}> = []
  visit(tree, 'footnoteReference', (node, index, parent) => {
    const siblings = parent!.children as Nodes[]
    found.push({
      label: node.label!,
      before: siblings.slice(0, index).map((item) => toString(item)).join(''),
      after: siblings.slice(index! + 1).map((item) => toString(item)).join('')
    })
  })
  return found
}

function rules(file: VFile) {
  return file.messages.map((message) => message.ruleId)
}

/** Line and column of an offset, computed here independently of vfile-location. */
function lineColumn(text: string, offset: number) {
  const before = text.slice(text.charCodeAt(0) === 0xfeff ? 1 : 0, offset)
  const lines = before.split(/\r\n|\r|\n/)
  return {line: lines.length, column: lines.at(-1)!.length + 1}
}

describe('recognizeArticle: the seed article', () => {
  const {file, tree, brief} = recognize(seed)

  it('reads the title and byline into file.data.brief', () => {
    expect(brief.title).toBe('Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity')
    expect(brief.authors).toEqual([{name: 'Dr Pravesh Kumar Gupta', role: 'Associate Fellow', affiliation: 'VIF'}])
    expect(brief.organization).toBe('VIF')
    expect(brief.lang).toBe('en')
    expect(brief.source).toBe('text')
    expect(brief.date).toBeUndefined()
  })

  it('makes the two section headings level-2 headings and keeps the other paragraphs', () => {
    const headings = tree.children.filter((node): node is Heading => node.type === 'heading')
    expect(headings.map((node) => [node.depth, toString(node)])).toEqual([
      [2, 'Why is This Issue Notable?'],
      [2, 'Chinese Response']
    ])
    const kinds = tree.children.map((node) => node.type)
    expect(kinds.filter((kind) => kind === 'paragraph')).toHaveLength(8)
    expect(kinds.filter((kind) => kind === 'footnoteDefinition')).toHaveLength(14)
    // Body first, then the definitions at the end of the root.
    expect(kinds.indexOf('footnoteDefinition')).toBe(10)
  })

  it('keeps body paragraphs as written, markers aside', () => {
    const last = tree.children[9]
    expect(last.type).toBe('paragraph')
    expect(toString(last)).toBe(
      'Kazakhstan’s firm response has made the Chinese foreign office as well as the mainstream media to disassociate them from such pernicious attack on Kazakhstan\'s sovereignty. Other neighbouring countries facing the same attacks could also follow this approach even though the Chinese may be less sensitive to their concerns.'
    )
  })

  it('turns the 14 markers into footnote references at exactly their places', () => {
    const found = contexts(tree)
    expect(found.map((item) => item.label)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14'])
    const endings = [
      'the 2008 Beijing Olympic Games.',
      'do not seem to have objections about this.',
      'signed between the two countries in September 2019. ',
      'caused the two closely related countries to fall into diplomatic trouble.',
      'the second-biggest Muslim population after Uyghurs.',
      'being detained and tortured in these camps.',
      'careful to not criticize China over the issue.',
      'proposed projects through its Belt and Road program.',
      'two ventilators, and other medicines.',
      'they have long been looking forward to returning to the motherland."',
      'if they see any signs of Chinese hyper-nationalism against their sovereignties. ',
      'friendship shall not be affected by this.',
      'deleted more than 200 similar articles.',
      'that malicious content has been deleted, and relevant accounts have also got banned.'
    ]
    for (const [index, ending] of endings.entries()) {
      expect(found[index].before.endsWith(ending), `marker ${index + 1} after “${ending}”`).toBe(true)
    }
    expect(found[0].after.startsWith(' The article titled')).toBe(true)
    expect(found[2].after).toBe('')
    expect(found[9].after).toBe('')
    expect(found[13].after).toBe('')
  })

  it('turns no number that belongs to the text into a marker', () => {
    const body = tree.children.filter((node) => node.type !== 'footnoteDefinition').map((node) => toString(node)).join('\n')
    for (const phrase of [
      'COVID-19',
      '202 BC',
      '1.5 million',
      '4,800 N95',
      '49,600 disposable',
      '2,000 protection',
      '153 accounts',
      '200 similar articles',
      '2008 Beijing',
      'On April 14, 2020, the Foreign',
      'in September 2019.',
      'On April 9, 2020,',
      'The 10-member crew'
    ]) {
      expect(body, phrase).toContain(phrase)
    }
    expect(references(tree)).toHaveLength(14)
  })

  it('turns the notes list into 14 definitions, text verbatim, URLs as links', () => {
    const notes = seed
      .split('\n')
      .filter((line) => /^ {2}\d+\. /.test(line))
      .map((line) => line.replace(/^ {2}\d+\. /, ''))
    expect(notes).toHaveLength(14)
    const found = definitions(tree)
    expect(found.map((node) => node.identifier)).toEqual(notes.map((_, index) => String(index + 1)))
    expect(found.map((node) => node.label)).toEqual(found.map((node) => node.identifier))
    expect(found.map((node) => toString(node))).toEqual(notes)

    const urls = found.map((node) => {
      const links: Link[] = []
      visit(node, 'link', (link) => {
        links.push(link)
      })
      return links.map((link) => link.url)
    })
    expect(urls[0]).toEqual(['https://www.chinatechnews.com/2005/11/07/3114-sohucom-to-run-website-for-beijing-2008-olympic-games/'])
    expect(urls[2]).toEqual([
      'https://www.gov.kz/memleket/entities/mfa/press/news/details/v-mid-kazahstana-proshla-vstrecha-s-poslom-kitaya?lang=kk&fbclid=IwAR2pSOpvWo9sD9TrUS4mXKtItjJ2fdhEwuovOUX-9-6VTxI6EsYChe4Ej1Q'
    ])
    expect(urls[3]).toEqual([
      'https://foreignpolicy.com/2020/04/15/chinese-embassies-embrace-aggressive-diplomacy-coronavirus-pandemic-misinformation/'
    ])
    expect(urls.every((list) => list.length === 1)).toBe(true)
  })

  it('moves the disclaimer and image credit into the metadata', () => {
    expect(brief.disclaimer).toBe(
      '(The paper is the author’s individual scholastic articulation. The author certifies that the article/paper is original in content, unpublished and it has not been submitted for publication/web upload elsewhere, and that the facts and figures quoted are duly referenced, as needed, and are believed to be correct). (The paper does not necessarily represent the organisational stance...'
    )
    expect(brief.credits).toEqual([
      'Image Source: https://s1.reutersmedia.net/resources/r/?m=02&d=20190904&t=2&i=1426110281&r=LYNXNPEF830X1&w=1280'
    ])
    const body = toString(tree)
    expect(body).not.toContain('Image Source')
    expect(body).not.toContain('scholastic articulation')
  })

  it('removes the page junk, lists it with its place and reports each as info', () => {
    expect(brief.removed.map((item) => [item.text, item.reason, item.position?.start.line, item.position?.start.column])).toEqual([
      ['Post new comment', 'comment form', 43, 1],
      ['The content of this field is kept private and will not be shown publicly.', 'comment form', 45, 1],
      ['1 + 7 =', 'captcha question', 46, 1],
      ['Solve this simple math problem and enter the result. E.g. for 1+3, enter 4.', 'captcha instruction', 47, 1],
      ['Contact Us', 'site navigation', 48, 1],
      ['More >>', 'read-more link text', 39, 386]
    ])
    const body = toString(tree)
    for (const junk of ['Post new comment', 'kept private', '1 + 7', 'Solve this', 'Contact Us', 'More >>']) {
      expect(body).not.toContain(junk)
    }
    const infos = file.messages.filter((message) => message.ruleId === 'removed-text')
    expect(infos).toHaveLength(6)
    expect(infos.every((message) => message.fatal === undefined && message.source === 'remark-brief')).toBe(true)
    expect(infos[0].reason).toBe('Unexpected comment form `Post new comment`, expected article text; removed')
    expect(infos[0].line).toBe(43)
  })

  it('reports nothing else on the seed', () => {
    expect(rules(file).filter((rule) => rule !== 'removed-text')).toEqual([])
  })

  it('loses no word', () => {
    expect(lostWords(seed, tree, brief)).toEqual(new Map())
  })

  it('gives every node a position that slices its own text out of the input', () => {
    visit(tree, (node) => {
      expect(node.position, node.type).toBeDefined()
    })
    for (const node of references(tree)) {
      expect(seed.slice(node.position!.start.offset, node.position!.end.offset)).toBe(node.label)
    }
    visit(tree, 'text', (node) => {
      if (!node.value.includes('\n')) {
        expect(seed.slice(node.position!.start.offset, node.position!.end.offset)).toBe(node.value)
      }
    })
  })
})

describe('recognizeArticle: line endings and byte-order mark', () => {
  const variants = {
    lf: seed,
    crlf: seed.replace(/\n/g, '\r\n'),
    cr: seed.replace(/\n/g, '\r'),
    'bom + crlf': '\uFEFF' + seed.replace(/\n/g, '\r\n')
  }

  for (const [name, text] of Object.entries(variants)) {
    it(`gives the same tree and right line:column with ${name}`, () => {
      const {tree, brief} = recognize(text)
      expect(brief.title).toBe('Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity')
      const found = references(tree)
      expect(found).toHaveLength(14)
      for (const node of found) {
        const start = node.position!.start
        expect(text.slice(start.offset, node.position!.end.offset)).toBe(node.label)
        expect({line: start.line, column: start.column}).toEqual(lineColumn(text, start.offset!))
      }
      // Marker 3 sits on line 4 of every variant.
      expect(found[2].position!.start.line).toBe(4)
      expect(brief.removed.map((item) => item.position?.start.line)).toEqual([43, 45, 46, 47, 48, 39])
      expect(definitions(tree).map((node) => toString(node))).toEqual(definitions(recognize(seed).tree).map((node) => toString(node)))
    })
  }

  it('does not count the byte-order mark as a column', () => {
    const {tree} = recognize('\uFEFFTitle here\n\nText with a marker.1\n\nNotes\n\n1. A note, 2020.')
    const [reference] = references(tree)
    expect(reference.position!.start).toEqual({line: 3, column: 20, offset: 32})
  })
})

describe('recognizeArticle: marker styles', () => {
  it('links `[n]` markers to a `[n] text` list under a Notes heading', () => {
    const {tree, file} = recognize(fixture('bracket-notes.txt'))
    expect(contexts(tree).map((item) => [item.label, item.before])).toEqual([
      ['1', 'The first claim '],
      ['2', 'The first claim  and a second claim.'],
      ['3', 'The first claim  and a second claim. Then a third claim '],
      ['1', 'The first claim  and a second claim. Then a third claim  and, again, later ']
    ])
    expect(definitions(tree).map((node) => [node.label, toString(node)])).toEqual([
      ['1', 'First source, 2019.'],
      ['2', 'Second source, 2020.'],
      ['3', 'Third source, https://example.org/3.']
    ])
    expect(toString(tree)).not.toContain('[')
    // Citing note 1 again is allowed for `[n]` markers, but the order break is reported.
    expect(rules(file)).toEqual(['removed-text', 'broken-note-sequence'])
    expect(file.messages[1].reason).toBe('Unexpected note marker `1`, expected `4`')
  })

  it('links `<sup>n</sup>` markers to `<sup>n</sup>. text` notes', () => {
    const {tree, file, brief} = recognize(fixture('sup-notes.txt'))
    expect(references(tree).map((node) => node.label)).toEqual(['1', '2'])
    expect(definitions(tree).map((node) => toString(node))).toEqual(['Alpha report, 2021.', 'Beta report, 2022.'])
    expect(toString(tree)).not.toContain('sup>')
    expect(rules(file)).toEqual([])
    expect(lostWords(fixture('sup-notes.txt'), tree, brief)).toEqual(new Map())
  })

  it('links Unicode superscript markers to an Endnotes list', () => {
    const text = 'A title\n\nOne claim.¹ Another claim²; a third³.\n\nEndnotes\n\n1. One, 2001.\n2. Two, 2002.\n3. Three, 2003.\n'
    const {tree, file} = recognize(text)
    expect(contexts(tree).map((item) => [item.label, item.before])).toEqual([
      ['1', 'One claim.'],
      ['2', 'One claim. Another claim'],
      ['3', 'One claim. Another claim; a third']
    ])
    expect(definitions(tree)).toHaveLength(3)
    expect(rules(file)).toEqual(['removed-text'])
  })

  it('does not take units and powers for superscript markers', () => {
    const {tree, file} = recognize('T\n\nAn area of 5 km² and 10⁸ cells.\n\nNotes\n\n2. Two, 2002.\n8. Eight, 2008.\n')
    expect(references(tree)).toEqual([])
    expect(toString(tree.children[0])).toBe('An area of 5 km² and 10⁸ cells.')
    expect(file.messages.some((message) => message.ruleId === 'unlinked-marker')).toBe(false)
  })

  it('links `[n] .` markers and notes flowed into one line (scraped ITIF pages)', () => {
    const text =
      'A title\n\nIntro text says so. [1] More text here. [2] For more information, visit example.org . Endnotes [1] . First, “Paper” (2014), https://example.org/a.pdf . [2] . Ibid. Related October 12, 2025 Some teaser title More on This Topic\n'
    const {tree, file, brief} = recognize(text)
    expect(contexts(tree).map((item) => [item.label, item.before])).toEqual([
      ['1', 'Intro text says so. '],
      ['2', 'Intro text says so.  More text here. ']
    ])
    expect(definitions(tree).map((node) => toString(node))).toEqual(['First, “Paper” (2014), https://example.org/a.pdf .', 'Ibid.'])
    expect(brief.removed.map((item) => [item.text, item.reason])).toEqual([
      ['Endnotes', 'notes heading (its notes became footnote definitions)'],
      ['Related October 12, 2025 Some teaser title More on This Topic', 'related-content teasers']
    ])
    expect(rules(file).filter((rule) => rule !== 'removed-text')).toEqual([])
    expect(lostWords(text, tree, brief)).toEqual(new Map())
  })

  it('reads LaTeX, bare and quote-glued note numbers under a notes heading (converted PDFs)', () => {
    const {tree, file} = recognize(fixture('latex-notes.txt'))
    expect(references(tree).map((node) => node.label)).toEqual(['1', '2', '3', '4'])
    expect(definitions(tree).map((node) => [node.label, node.children.length, toString(node.children[0]).slice(0, 12)])).toEqual([
      ['1', 1, 'Li Xuanliang'],
      ['2', 2, 'We employ th'],
      ['3', 1, 'David M. Fin'],
      ['4', 1, '“With the Ap']
    ])
    expect(rules(file).filter((rule) => rule !== 'removed-text')).toEqual([])
  })
})

describe('recognizeArticle: numbers that are not markers', () => {
  it('leaves decimals, thousands, abbreviations, years and list numbers alone', () => {
    const text = [
      'A title',
      '',
      'It grew 1.5 percent to 4,800 units in 2019. 3 people left. See No. 5 and pp. 12. The law.2 Also version 2.0 shipped.',
      '',
      'Signed on Jan.5, at 3:30, by the COVID-19 task force; F-35s and N95 masks. Chapter 3. Then (2019) came.',
      '',
      'Steps:',
      '',
      '1. Establish the office;',
      '2. Develop a strategy; and',
      '3. Improve coherence.',
      ''
    ].join('\n')
    const {tree, file} = recognize(text)
    expect(references(tree)).toEqual([])
    expect(definitions(tree)).toEqual([])
    const list = tree.children.find((node) => node.type === 'list')
    expect(list).toMatchObject({type: 'list', ordered: true, start: 1})
    expect(toString(list!)).toBe('Establish the office;Develop a strategy; andImprove coherence.')
    // `law.2` looks like a marker and there is no notes list: one summary warning, the marker at info
    // level, printed in the one visible form of a marker without a note.
    expect(file.messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([
      ['no-notes-list', 3, 90],
      ['unlinked-marker', 3, 90]
    ])
    expect(toString(tree)).toContain('The law.² Also')
  })

  it('reports a marker without a note and a note without a marker', () => {
    const text = 'T\n\nFirst.1 Second.2 Third.3\n\nNotes\n\n1. One, 2001.\n2. Two, 2002.\n4. Four, 2004.\n'
    const {tree, file} = recognize(text)
    expect(references(tree).map((node) => node.label)).toEqual(['1', '2'])
    expect(definitions(tree).map((node) => node.label)).toEqual(['1', '2', '4'])
    expect(file.messages.filter((message) => message.ruleId !== 'removed-text').map((message) => [message.ruleId, message.reason])).toEqual([
      ['broken-note-sequence', 'Unexpected note number 4 in the notes list, expected 3'],
      ['unlinked-marker', 'Unexpected note marker `3` without a note, expected a note numbered 3 in the notes list; removed from the text'],
      ['unpaired-note', 'Unexpected note 4 that no marker points to, expected a marker `4` in the text']
    ])
    const unlinked = file.messages.find((message) => message.ruleId === 'unlinked-marker')!
    expect([unlinked.line, unlinked.column, unlinked.fatal]).toEqual([3, 24, false])
  })

  it('keeps a citation-like `1.` list as a list when the body points at none of it', () => {
    const text = 'T\n\nBody without markers.\n\n1. Smith, 2001.\n2. Jones, 2002.\n3. Brown, 2003.\n'
    const {tree, file} = recognize(text)
    expect(definitions(tree)).toEqual([])
    expect(tree.children.map((node) => node.type)).toEqual(['paragraph', 'list'])
    expect(file.messages).toEqual([])
  })

  it('takes a `[n]` list without a heading as notes, wherever it stands', () => {
    const text = 'T\n\nOne [1] two [2].\n\n[1] First.\n[2] Second.\n\nMore body after the notes [3].\n\n[3] Third.\n'
    const {tree, file} = recognize(text)
    expect(references(tree).map((node) => node.label)).toEqual(['1', '2', '3'])
    expect(definitions(tree).map((node) => [node.label, toString(node)])).toEqual([
      ['1', 'First.'],
      ['2', 'Second.'],
      ['3', 'Third.']
    ])
    expect(toString(tree.children[1])).toBe('More body after the notes .')
    expect(file.messages).toEqual([])
  })

  it('links the longest increasing run, so one stray number cannot derail the rest', () => {
    const text = 'T\n\nAy.1 Bee.2 Stray.4 Cee.3 Dee.4\n\nNotes\n\n1. a 2001.\n2. b 2002.\n3. c 2003.\n4. d 2004.\n'
    const {tree, file} = recognize(text)
    expect(references(tree).map((node) => node.label)).toEqual(['1', '2', '3', '4'])
    expect(file.messages.filter((message) => message.ruleId === 'unlinked-marker').map((message) => message.reason)).toEqual([
      'Unexpected note marker `4` out of sequence, expected markers in increasing order; kept as text'
    ])
  })
})

describe('recognizeArticle: light Markdown and metadata', () => {
  it('reads YAML front matter into the brief and keeps its text in `removed`', () => {
    const text = fixture('front-matter.txt')
    const {tree, brief, file} = recognize(text)
    expect(brief).toMatchObject({
      title: 'A Brief on Things',
      authors: [{name: 'Jane Q. Doe'}],
      date: '2026-06-20',
      url: 'https://example.org/brief',
      organization: 'Example Institute',
      keywords: ['policy', 'trade']
    })
    expect(brief.removed[0].reason).toBe('front matter (read into file.data.brief: english_title, published_date, source_url, institution, authors, keywords)')
    expect(brief.removed[0].text).toContain('unknown_key: kept somewhere')
    expect(tree.children.map((node) => node.type)).toEqual(['heading', 'paragraph', 'heading', 'paragraph'])
    expect(tree.children.filter((node): node is Heading => node.type === 'heading').map((node) => node.depth)).toEqual([2, 3])
    expect(rules(file)).toEqual(['removed-text'])
    expect(lostWords(text, tree, brief)).toEqual(new Map())
  })

  it('never evaluates a `---js` front matter block: an error, and the block is removed', () => {
    const text = '---js\n{title: require("fs").writeFileSync("/tmp/pwned", "x")}\n---\nA title\n\nBody text.\n'
    const {file, brief, tree} = recognize(text)
    const error = file.messages.find((message) => message.ruleId === 'unsafe-front-matter')!
    expect([error.fatal, error.line, error.reason]).toEqual([true, 1, 'Unexpected front matter language `js`, expected YAML; not evaluated'])
    expect(brief.title).toBe('A title')
    expect(toString(tree)).toBe('Body text.')
  })

  it('makes Markdown links, images, emphasis and block quotes', () => {
    const text = 'Title\n\nSee [the report](https://example.org/r "Report") and **bold** and *italic* text.\n\n![A chart](https://example.org/c.png)\n\n> Quoted words.\n\n- one\n- two\n'
    const {tree} = recognize(text)
    const paragraph = tree.children[0]
    expect(paragraph).toMatchObject({
      type: 'paragraph',
      children: [
        {type: 'text', value: 'See '},
        {type: 'link', url: 'https://example.org/r', title: 'Report', children: [{type: 'text', value: 'the report'}]},
        {type: 'text', value: ' and '},
        {type: 'strong', children: [{type: 'text', value: 'bold'}]},
        {type: 'text', value: ' and '},
        {type: 'emphasis', children: [{type: 'text', value: 'italic'}]},
        {type: 'text', value: ' text.'}
      ]
    })
    expect(tree.children.slice(1).map((node) => node.type)).toEqual(['paragraph', 'blockquote', 'list'])
    expect(tree.children[1]).toMatchObject({children: [{type: 'image', url: 'https://example.org/c.png', alt: 'A chart'}]})
  })

  it('keeps `javascript:` links as text', () => {
    const {tree} = recognize('Title\n\nClick [here](javascript:alert(1)) now.\n')
    let links = 0
    visit(tree, 'link', () => {
      links++
    })
    expect(links).toBe(0)
    expect(toString(tree)).toBe('Click [here](javascript:alert(1)) now.')
  })

  it('never makes raw HTML: markup lines go, inline markup stays text', () => {
    const text = 'Title\n\n<script>\nfetch("https://evil.example")\n</script>\n<img src="file:///etc/passwd">\n\nHello <iframe src="https://x.example"></iframe> world.\n'
    const {tree, brief} = recognize(text)
    const types = new Set<string>()
    visit(tree, (node) => {
      types.add(node.type)
    })
    // The URL in the attribute is just a URL in the text: a link, never an element.
    expect([...types].sort()).toEqual(['link', 'paragraph', 'root', 'text'])
    expect(toString(tree)).toBe('Hello <iframe src="https://x.example"></iframe> world.')
    expect(brief.removed.map((item) => item.reason)).toEqual(['script', 'HTML markup'])
  })

  it('reads `Title:`/`Author:` lines and multi-author bylines', () => {
    const a = recognize('Title: On Things\rAuthor: Neil Munro, PhD\r\rAbstract: Text.\r')
    expect(a.brief.title).toBe('On Things')
    // Degrees stay out of the name (issue 11, class 14); the byline keeps them as printed.
    expect(a.brief.authors).toEqual([{name: 'Neil Munro', credentials: 'PhD'}])
    const b = recognize('### Doctrine\n\n### KEY CONCEPTS\n\nPatrick deGategono, Brian Waidelich with contributions by David Finkelstein\n\n### Abstract\n\nText.\n')
    // A cover's second title line in capitals continues the title (joinCapitalsSubtitle).
    expect(b.brief).toMatchObject({title: 'Doctrine: Key Concepts'})
    expect(b.brief.subtitle).toBeUndefined()
    // Contributors are not authors (issue 11, class 14).
    expect(b.brief.authors).toEqual([{name: 'Patrick deGategono'}, {name: 'Brian Waidelich'}])
    expect(b.brief.contributors).toEqual([{name: 'David Finkelstein', role: 'Contributor'}])
    expect(b.brief.byline).toBe('Patrick deGategono, Brian Waidelich with contributions by David Finkelstein')
  })

  it('reads `By … | date` bylines and a date line under the title', () => {
    const a = recognize('Manufacturing Woes\nBy Trelysa Long | June 22, 2026\n\nStart-ups matter.\n')
    expect(a.brief).toMatchObject({title: 'Manufacturing Woes', authors: [{name: 'Trelysa Long'}], date: '2026-06-22', byline: 'By Trelysa Long | June 22, 2026'})
    expect(toString(a.tree)).toBe('Start-ups matter.')
    const b = recognize('# Report\n\n## COMMISSION\n\nAUGUST 2021\n\n## SUMMARY\n\nText.\n')
    expect(b.brief.date).toBe('2021-08')
    expect(toString(b.tree)).not.toContain('AUGUST')
  })

  it('splits one-line paragraphs that follow each other without a blank line', () => {
    const long = 'China claims almost the whole of the South China Sea and pursues its claims with creeping assertiveness, a strategy combining negotiation with occupation, and it has built runways and fortifications on atolls.41'
    const text = `A title\r\r${long}\r${long.replace('China claims', 'Japan claims')}\rConclusion: The Identity\r\rChina repeats that it does not wish to be a hegemon.\r`
    const {tree} = recognize(text)
    expect(tree.children.map((node) => [node.type, toString(node).slice(0, 12)])).toEqual([
      ['paragraph', 'China claims'],
      ['paragraph', 'Japan claims'],
      ['heading', 'Conclusion: '],
      ['paragraph', 'China repeat']
    ])
  })

  it('takes no title from a hard-wrapped first paragraph', () => {
    const {brief, tree} = recognize('The leadership structure aboard the ships is typically structured around a\ncommittee, led by commissars and captains.\n')
    expect(brief.title).toBeUndefined()
    expect(toString(tree)).toBe('The leadership structure aboard the ships is typically structured around a\ncommittee, led by commissars and captains.')
  })

  it('drops configured junk lines', () => {
    const {brief, tree} = recognizeWith('Title\n\nBody.\n\nSubscribe to our newsletter\n', {junk: ['subscribe to our newsletter']})
    expect(brief.removed.map((item) => item.reason)).toEqual(['configured junk'])
    expect(toString(tree)).toBe('Body.')
  })
})

function recognizeWith(text: string, options: {junk: string[]}) {
  const file = new VFile({value: text})
  const tree = recognizeArticle(text, file, options)
  return {file, tree, brief: file.data.brief!}
}

describe('remarkBriefArticle (unified parser plugin)', () => {
  it('parses scraped text into the same tree and writes GFM footnotes back', () => {
    const processor = unified().use(remarkBriefArticle).use(remarkGfm).use(remarkStringify)
    const file = new VFile({value: seed})
    const tree = processor.parse(file) as Root
    expect(tree).toEqual(recognize(seed).tree)
    expect(file.data.brief?.title).toBe('Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity')
    const markdown = processor.stringify(tree, file)
    expect(markdown).toContain('Olympic Games.[^1] The article')
    expect(markdown).toContain('[^14]: Yang Sheng')
  })

  it('keeps state per file when a processor is reused', () => {
    const processor = unified().use(remarkBriefArticle)
    const first = new VFile({value: seed})
    processor.parse(first)
    const second = new VFile({value: 'Another title\n\nText.'})
    processor.parse(second)
    expect(second.data.brief?.title).toBe('Another title')
    expect(second.data.brief?.removed).toEqual([])
    expect(second.messages).toEqual([])
  })
})
