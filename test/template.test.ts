import fs from 'node:fs'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {describe, expect, it} from 'vitest'
import {emptyBrief} from '../src/meta/brief-data.js'
import {cssString, pageStyle} from '../src/template/index.js'
import {sanitizeBody} from '../src/template/sanitize.js'
import {templateAssets} from '../src/template/assets.js'
import {createHyphenators, hyphenateText, joinNoteCalls} from '../src/template/typography.js'
import {localImages} from '../src/build/images.js'
import {brief} from './fixtures/template/chain.js'

const seedText = fs.readFileSync(new URL('../input/vif-kazakhstan-protests-chinese-article.txt', import.meta.url), 'utf8')
const rich = fs.readFileSync(new URL('fixtures/template/rich.md', import.meta.url), 'utf8')
const shy = '\u00AD'

const text = (node: Element | Root | undefined) => (node ? toText(node) : undefined)

describe('slots of the default template', () => {
  it('fills every slot of a full brief as hast', async () => {
    const {tree, file} = await brief(rich, {organization: {name: 'Example Institute', address: '1 Example Road, Astana', website: 'https://example.org/', licence: 'CC BY 4.0'}})
    expect(file.messages).toEqual([])
    expect(select('html', tree)?.properties.lang).toBe('en')
    expect(text(select('title', tree))).toBe('Water, Power and the Caspian | Example Institute')
    expect(text(select('.brief-masthead .brief-organization', tree))).toBe('Example Institute')
    expect(text(select('.brief-masthead .brief-issue-line', tree))).toBe('Policy BriefNo. 12 · 5 March 2024')
    expect(select('.brief-masthead time', tree)?.properties.dateTime).toBe('2024-03-05')
    expect(text(select('h1', tree))).toBe('Water, Power and the Caspian')
    expect(text(select('.brief-subtitle', tree))).toBe('Why the next decade of Central Asian energy runs through Astana')
    expect(selectAll('.brief-author', tree).map((node) => text(node))).toEqual(['Amina Rahimova, Senior Fellow, Example Institute', 'Jonas Berg, Research Analyst'])
    expect(selectAll('.brief-summary li', tree)).toHaveLength(2)
    expect(select('.brief-body table', tree)).toBeDefined()
    expect(text(select('.brief-body figcaption', tree))).toBe('Figure 1. Installed capacity by source.')
    expect(text(select('.brief-about', tree))).toBe('About the author\n\nAmina Rahimova is a Senior Fellow at the Example Institute, where she leads the energy programme.')
    expect(text(select('.brief-disclaimer', tree))).toBe('The views expressed are the authors’ own.')
    expect(select('.brief-credits a', tree)?.properties.href).toBe('https://example.org/data')
    expect(text(select('.brief-cite p', tree))).toBe(
      'Amina Rahimova and Jonas Berg, “Water, Power and the Caspian”, Policy Brief No. 12, Example Institute, 5 March 2024, https://example.org/briefs/12.'
    )
    expect(selectAll('.brief-colophon p', tree).map((node) => text(node))).toEqual(['Example Institute', '1 Example Road, Astana', 'example.org', 'CC BY 4.0'])
    // No slot markers left.
    expect(selectAll('[data-slot]', tree)).toEqual([])
  })

  it('keeps the footnote markup (the styling contract) and moves the notes to their slot', async () => {
    const {tree} = await brief(rich)
    const section = select('.brief-notes > section[data-footnotes]', tree)
    expect(section).toBeDefined()
    expect(select('.brief-body section[data-footnotes]', tree)).toBeUndefined()
    expect(text(select('h2#footnote-label', section!))).toBe('Notes')
    expect(selectAll('a[data-footnote-ref]', tree)).toHaveLength(3)
    const backrefs = selectAll('a[data-footnote-backref]', section!)
    expect(backrefs).toHaveLength(3)
    expect(backrefs.every((node) => text(node) === '↑')).toBe(true)
    // Kept with the end of its note by a no-break space.
    expect(toText(select('li#user-content-fn-3', section!)!)).toBe('See https://example.org/data.\u00A0↑')
    expect(select('a[data-footnote-ref]', tree)?.properties.href).toBe('#user-content-fn-1')
    expect(select('li#user-content-fn-1', tree)).toBeDefined()
  })

  it('leaves out empty slots (no subtitle, no summary, no about)', async () => {
    const {tree} = await brief('---\ntitle: Bare\n---\n\nText.\n')
    for (const selector of ['.brief-subtitle', '.brief-summary', '.brief-about', '.brief-notes', '.brief-masthead', '.brief-disclaimer', '.brief-colophon']) {
      expect(select(selector, tree), selector).toBeUndefined()
    }
    expect(text(select('h1', tree))).toBe('Bare')
  })

  it('the page always has a title, even for a brief without one', async () => {
    const {tree} = await brief('Just text.\n')
    expect(text(select('title', tree))).toBe('Brief')
    expect(select('h1', tree)).toBeUndefined()
  })

  it('a custom template: only its slots, an unknown slot reported and left as is', async () => {
    const template = '<!doctype html><html><head><title data-slot="document-title"></title></head><body><main><h1 data-slot="title"></h1><div data-slot="body"></div><aside data-slot="sidebar">Static</aside></main></body></html>'
    const {tree, file, html} = await brief(rich, {template})
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([['unknown-template-slot', false]])
    expect(file.messages[0]!.reason).toMatch(/^Unexpected unknown template slot `sidebar`, expected one of `document-title`/)
    expect(text(select('h1', tree))).toBe('Water, Power and the Caspian')
    expect(select('style', tree)).toBeUndefined()
    expect(select('.brief-cite', tree)).toBeUndefined()
    expect(text(select('aside', tree))).toBe('Static')
    // Without a notes slot the notes stay at the end of the body.
    expect(select('div > section[data-footnotes]', tree)).toBeDefined()
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true)
  })
})

describe('the logo', () => {
  it('is the template’s asset: the build’s image check leaves it alone; an article cannot pass for one', async () => {
    const {tree, file} = await brief('Text.\n\n<img src="assets/logo.svg" alt="fake" data-brief-asset="logo">\n', {
      organization: {name: 'Example Institute', logo: '/project/brand/logo.svg'}
    })
    const logo = select('.brief-masthead img.brief-logo', tree)!
    expect(logo.properties).toMatchObject({src: 'assets/logo.svg', alt: 'Example Institute', dataBriefAsset: 'logo'})
    expect(select('.brief-body img', tree)?.properties.dataBriefAsset).toBeUndefined()
    await localImages(tree, file, '/nonexistent-article-folder', 'brief')
    expect(logo.properties.src).toBe('assets/logo.svg')
    expect(file.messages.map((message) => message.ruleId)).toEqual(['image-not-local'])
    expect(select('.brief-body img', tree)?.properties.src).toBeUndefined()
  })
})

describe('a template without a body slot', () => {
  it('is an error (the article would vanish)', async () => {
    const {file} = await brief('Text.\n', {template: '<!doctype html><html><body><h1 data-slot="title"></h1></body></html>'})
    expect(file.messages.map((message) => [message.ruleId, message.fatal, message.reason])).toEqual([
      ['missing-template-slot', true, 'Unexpected template without a `body` slot, expected an element with `data-slot="body"`']
    ])
  })
})

describe('the seed', () => {
  it('comes out as a standalone brief with ordered headings, notes and back matter', async () => {
    const {tree, html} = await brief(seedText, {format: 'text'})
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(select('html', tree)?.properties.lang).toBe('en')
    expect(selectAll('main', tree)).toHaveLength(1)
    expect(select('body > header', tree)).toBeDefined()
    expect(select('body > footer', tree)).toBeDefined()
    expect(selectAll('h1', tree).map((node) => text(node))).toEqual(['Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity'])
    const levels = selectAll('h1, h2, h3, h4, h5, h6', tree).map((node) => Number(node.tagName[1]))
    levels.forEach((level, index) => index > 0 && expect(level - levels[index - 1]!).toBeLessThanOrEqual(1))
    expect(selectAll('.brief-body h2', tree).map((node) => text(node))).toEqual(['Why is This Issue Notable?', 'Chinese Response'])
    expect(text(select('.brief-author', tree))).toBe('Dr Pravesh Kumar Gupta, Associate Fellow, VIF')
    expect(selectAll('section[data-footnotes] li', tree)).toHaveLength(14)
    expect(selectAll('sup a[data-footnote-ref]', tree)).toHaveLength(14)
    expect(text(select('.brief-credits', tree))).toMatch(/^Image Source: https:\/\/s1\.reutersmedia\.net/)
    expect(text(select('.brief-disclaimer', tree))).toMatch(/^\(The paper is the author’s individual scholastic articulation/)
    expect(html).not.toMatch(/<script/i)
    expect(selectAll('img', tree).every((node) => typeof node.properties.alt === 'string')).toBe(true)
  })

  it('puts soft hyphens in justified body paragraphs and notes, not in headings, links or URLs', async () => {
    const {tree} = await brief(seedText, {format: 'text'})
    const paragraphs = selectAll('.brief-body p', tree).map((node) => toText(node))
    expect(paragraphs.filter((value) => value.includes(shy)).length).toBeGreaterThan(paragraphs.length / 2)
    // Capitalised words (names) are never broken; common words are, with 4 letters a side at least.
    expect(paragraphs.join(' ')).toContain('Kazakhstan')
    expect(paragraphs.join(' ')).not.toContain(`Kaza${shy}khstan`)
    expect(paragraphs.join(' ')).toContain(`ambas${shy}sador`)
    expect(selectAll('h1, h2, h3', tree).some((node) => toText(node).includes(shy))).toBe(false)
    expect(selectAll('a', tree).some((node) => toText(node).includes(shy) || String(node.properties.href ?? '').includes(shy))).toBe(false)
    const notes = toText(select('section[data-footnotes]', tree)!)
    expect(notes).toContain(shy)
    expect(notes).toContain('https://www.aljazeera.com/news/2019/12/ethnic-kazakhs-detained-tortured-chinese-camps-191230193900576.html')
  })

  it('keeps every note call on its word (a call never starts a line)', async () => {
    const {tree} = await brief(seedText, {format: 'text'})
    const calls = selectAll('sup', tree).filter((node) => select('a[data-footnote-ref]', node))
    expect(calls).toHaveLength(14)
    for (const call of calls) {
      const span = selectAll('span.brief-call', tree).find((candidate) => candidate.children.includes(call))
      expect(span, toText(call)).toBeDefined()
      expect(span!.children[0]!.type === 'text' ? /\S$/.test((span!.children[0] as {value: string}).value) : true).toBe(true)
    }
  })
})

describe('headings and defaults', () => {
  it('body headings start at h2 when the article has its own h1', async () => {
    const {tree} = await brief('---\ntitle: T\n---\n\n# Part\n\nText.\n\n## Section\n\nMore.\n')
    expect(selectAll('h1, .brief-body h2, .brief-body h3', tree).map((node) => [node.tagName, toText(node)])).toEqual([
      ['h1', 'T'],
      ['h2', 'Part'],
      ['h3', 'Section']
    ])
  })

  it('configuration defaults fill what the brief does not say; front matter wins', async () => {
    const defaults = {series: 'Policy Memo', lang: 'fr', paper: 'Letter'} as const
    const plain = await brief('---\ntitle: T\n---\n\nTexte.\n', {defaults})
    expect(plain.file.data.brief).toMatchObject({series: 'Policy Memo', lang: 'fr', paper: 'Letter'})
    expect(select('html', plain.tree)?.properties.lang).toBe('fr')
    expect(text(select('style:last-of-type', plain.tree))).toContain('size: letter')
    const own = await brief('---\ntitle: T\nseries: Commentary\nlang: de\npaper: A4\n---\n\nText.\n', {defaults})
    expect(own.file.data.brief).toMatchObject({series: 'Commentary', lang: 'de', paper: 'A4'})
  })
})

describe('deep input', () => {
  it('a thousand nested quotes and spans go through (every walk keeps up)', async () => {
    const quotes = await brief('>'.repeat(1000) + ' deep quote\n')
    expect(selectAll('blockquote', quotes.tree)).toHaveLength(1000)
    const spans = await brief('<span>'.repeat(1000) + 'deep span' + '</span>'.repeat(1000) + '\n')
    expect(toText(select('.brief-body', spans.tree)!)).toBe('deep span')
  })
})

describe('labels in the brief language', () => {
  it('German: summary, notes, about, cite and page numbers', async () => {
    const {tree} = await brief(
      '---\ntitle: Wasser\nlang: de\nsummary: Kurz.\nissue: 3\nauthors: [{name: A, bio: A schreibt.}, B]\n---\n\nText.[^1]\n\n[^1]: Quelle.\n'
    )
    expect(text(select('.brief-summary h2', tree))).toBe('Zusammenfassung')
    expect(text(select('#footnote-label', tree))).toBe('Anmerkungen')
    expect(text(select('.brief-about h2', tree))).toBe('Über den Autor')
    expect(text(select('.brief-cite', tree))).toBe('Zitiervorschlag\n\nA und B, „Wasser“, Nr. 3.'.replace('„Wasser“', '“Wasser”'))
    expect(text(select('style:last-of-type', tree))).toContain('content: "Seite " counter(page) " von " counter(pages);')
  })

  it('English needs no page rule of its own (the stylesheet has it)', () => {
    expect(pageStyle(emptyBrief('markdown'), {})).not.toContain('@bottom-center')
  })
})

describe('typography units', () => {
  it('hyphenates words, not URLs, addresses or numbers; English patterns load once', () => {
    const hyphenators = createHyphenators()
    const english = hyphenators('en')!
    expect(hyphenators('en-US')).toBe(english)
    expect(hyphenateText('considerable representatives at https://example.org/representatives or mail@example.org 1234567', english)).toBe(
      `consid${shy}er${shy}able repre${shy}sen${shy}ta${shy}tives at https://example.org/representatives or mail@example.org 1234567`
    )
    expect(hyphenators('de')!('Bundesregierung')).toContain(shy)
    expect(hyphenators('../../etc/passwd')).toBeUndefined()
    expect(hyphenators('xx')).toBeUndefined()
  })

  it('joins a call with the word or element before it', () => {
    const call = {type: 'element', tagName: 'sup', properties: {}, children: [{type: 'element', tagName: 'a', properties: {dataFootnoteRef: true, href: '#x'}, children: [{type: 'text', value: '1'}]}]} as Element
    const paragraph = {type: 'element', tagName: 'p', properties: {}, children: [{type: 'text', value: 'Some words here '}, call]} as Element
    joinNoteCalls(paragraph)
    expect(paragraph.children.map((child) => (child.type === 'text' ? child.value : (child as Element).tagName))).toEqual(['Some words ', 'span'])
    expect(toText(paragraph.children[1] as Element)).toBe('here1')
  })
})

describe('print style per brief', () => {
  it('running head from the short title, else the organization; escaped as a CSS string', () => {
    const style = pageStyle({...emptyBrief('markdown'), shortTitle: 'Evil "}</style><script>x</script>', paper: 'Letter'}, {brandColor: 'red;}body{display:none'})
    expect(style).toContain('size: letter')
    expect(style).not.toMatch(/<|"}|display:none/)
    expect(style).toContain('content: "Evil \\22 \\7d \\3c \\2f style\\3e \\3c script\\3e x\\3c \\2f script\\3e ";')
    expect(pageStyle({...emptyBrief('text'), organization: 'VIF'}, {})).toContain('@top-center { content: "VIF"; }')
    expect(pageStyle(emptyBrief('text'), {name: 'Example Institute', brandColor: '#123abc'})).toContain(':root { --brief-brand: #123abc; }')
    expect(cssString('Année')).toBe('"Ann\\e9 e"')
    // A long title as running head is cut at a word, with an ellipsis.
    const long = pageStyle({...emptyBrief('text'), title: 'Kazakhstan Protests Chinese Language Article questioning its Territorial Integrity and More'}, {})
    expect(long).toContain('content: "Kazakhstan Protests Chinese Language Article questioning its\\2026 ";')
  })
})

describe('sanitising article HTML', () => {
  const clean = (html: string) => {
    const tree = fromHtml(html, {fragment: true})
    return sanitizeBody(tree)
  }
  const tags = (tree: Root) => selectAll('*', tree).map((node) => node.tagName)

  it('drops script, style, iframe, object, embed, link, meta, base and their contents', () => {
    const tree = clean(
      '<p>ok</p><script>alert(1)</script><style>p{}</style><iframe src="https://x"></iframe><object data="x"></object><embed src="x"><link rel="stylesheet" href="x"><meta http-equiv="refresh" content="0;url=x"><base href="file:///"><form><input></form><svg><script>1</script></svg>'
    )
    expect(tags(tree)).toEqual(['p'])
    expect(toText(tree)).toBe('ok')
  })

  it('drops javascript:, vbscript: and non-image data: URLs, event handlers and inline styles', () => {
    const tree = clean(
      '<a href="javascript:alert(1)">a</a><a href="VBScript:x">b</a><a href="data:text/html,<script>1</script>">c</a><img src="data:image/svg+xml,<svg onload=alert(1)>" alt="d"><img src="data:image/png;base64,iVBORw0KGgo=" alt="e" onerror="alert(1)" style="x"><a href="https://example.org" onclick="x">f</a>'
    )
    const [first, second, third, fourth] = selectAll('a', tree)
    expect([first!.properties.href, second!.properties.href, third!.properties.href, fourth!.properties.href]).toEqual([undefined, undefined, undefined, 'https://example.org'])
    expect(fourth!.properties.onClick).toBeUndefined()
    const images = selectAll('img', tree)
    expect(images.map((node) => node.properties.src)).toEqual([undefined, 'data:image/png;base64,iVBORw0KGgo='])
    expect(images[1]!.properties.onError).toBeUndefined()
    expect(images[1]!.properties.style).toBeUndefined()
  })

  it('keeps figures, captions, tables and the footnote attributes', () => {
    const tree = clean(
      '<figure><img src="chart.png" alt="Chart"><figcaption>Cap</figcaption></figure><table><tr><td>1</td></tr></table><p>x<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref aria-describedby="footnote-label">1</a></sup></p><section data-footnotes class="footnotes"><h2 id="footnote-label" class="sr-only">Footnotes</h2><ol><li id="user-content-fn-1"><p>n <a href="#user-content-fnref-1" data-footnote-backref aria-label="Back to reference 1" class="data-footnote-backref">↩</a></p></li></ol></section>'
    )
    expect(tags(tree)).toEqual(['figure', 'img', 'figcaption', 'table', 'tbody', 'tr', 'td', 'p', 'sup', 'a', 'section', 'h2', 'ol', 'li', 'p', 'a'])
    const call = select('a[data-footnote-ref]', tree)!
    expect(call.properties).toMatchObject({href: '#user-content-fn-1', id: 'user-content-fnref-1', ariaDescribedBy: ['footnote-label']})
    expect(select('section[data-footnotes]', tree)).toBeDefined()
    expect(select('li#user-content-fn-1', tree)).toBeDefined()
    expect(select('a[data-footnote-backref]', tree)?.properties.ariaLabel).toBe('Back to reference 1')
  })

  it('reports each image whose source it removes (file:, javascript:, SVG data:), not relative or http(s) ones', async () => {
    const {file, tree} = await brief(
      'Text.\n\n<img src="file:///etc/passwd" alt="a">\n\n![b](javascript:alert(1))\n\n<img src="data:image/svg+xml,<svg/>" alt="c">\n\n![d](chart.png) ![e](https://example.org/e.png)\n'
    )
    expect(file.messages.map((message) => [message.ruleId, message.line, message.reason.slice(0, 40)])).toEqual([
      ['image-not-local', 3, 'Unexpected image `file:///etc/passwd`, e'],
      ['image-not-local', 5, 'Unexpected image `javascript:alert(1)`, '],
      ['image-not-local', 7, 'Unexpected image `data:image/svg+xml,<sv']
    ])
    expect(selectAll('img', tree).map((node) => node.properties.src)).toEqual([undefined, undefined, undefined, 'chart.png', 'https://example.org/e.png'])
  })

  it('raw HTML in Markdown goes through the same cleaning in the chain', async () => {
    const {html, tree} = await brief(rich)
    expect(html).not.toMatch(/<script|pwned/)
    expect(select('.brief-body figure img', tree)?.properties.src).toMatch(/^data:image\/png;base64,/)
  })
})

describe('templateAssets', () => {
  it('lists every font file the default CSS refers to, all present, plus a configured logo', () => {
    const css = fs.readFileSync(new URL('../templates/brief.css', import.meta.url), 'utf8')
    const referenced = [...new Set([...css.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1]))]
    const assets = templateAssets()
    const latin = assets.filter((asset) => asset.url.startsWith('assets/fonts/source-'))
    expect(latin.map((asset) => asset.url).sort()).toEqual(referenced.sort())
    // Source Serif 4: 3 weights × roman and italic × 6 subsets; Source Sans 3: 3 weights × 7 subsets.
    expect(latin.length).toBe(57)
    // The script faces (declared per brief, only the slices its text uses): Noto Sans SC's
    // numbered slices, Devanagari and Arabic, each in 400 and 700.
    const scripts = assets.filter((asset) => /^assets\/fonts\/noto-/.test(asset.url))
    expect(scripts.filter((asset) => asset.url.includes('devanagari'))).toHaveLength(2)
    expect(scripts.filter((asset) => asset.url.includes('naskh-arabic'))).toHaveLength(2)
    expect(scripts.filter((asset) => asset.url.includes('noto-sans-sc')).length).toBeGreaterThan(150)
    for (const asset of assets) {
      expect(fs.statSync(asset.path).size).toBeGreaterThan(1000)
      expect(asset.type).toBe('font/woff2')
      expect(asset.name).toBe(asset.url.slice('assets/'.length))
    }
    expect(templateAssets({logo: '/project/logo.svg'}).at(-1)).toEqual({url: 'assets/logo.svg', name: 'logo.svg', path: '/project/logo.svg', type: 'image/svg+xml'})
  })
})
