import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import type {CacheEntry} from './cache.js'

const style = `
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
ol{list-style:none;padding:0}
li{display:flex;gap:1rem;align-items:flex-start;padding:1rem 0;border-top:1px solid #ddd}
img{width:8rem;border:1px solid #ccc}
h2{font-size:1.15rem;margin:0 0 .25rem}
p{margin:.25rem 0}
`

/**
 * `index.html` of the output folder: one entry per built brief (title,
 * authors, date, page count, links to the PDF and HTML, first-page
 * thumbnail). Built as a hast tree: titles and names are text nodes, never
 * markup.
 */
export function siteIndex(entries: readonly CacheEntry[]): string {
  const sorted = [...entries].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.name.localeCompare(b.name))

  const tree = h(null, [
    {type: 'doctype'},
    h('html', {lang: 'en'}, [
      h('head', [
        h('meta', {charset: 'utf-8'}),
        h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
        h('title', 'Briefs'),
        h('style', style)
      ]),
      h('body', [
        h('h1', 'Briefs'),
        sorted.length === 0 ? h('p', 'No briefs built yet.') : h('ol', sorted.map((entry) => siteEntry(entry)))
      ])
    ])
  ])

  return toHtml(tree) + '\n'
}

function siteEntry(entry: CacheEntry) {
  const title = entry.title || entry.name
  const facts = [entry.authors.join(', '), entry.date, entry.pages === undefined ? undefined : `${entry.pages} ${entry.pages === 1 ? 'page' : 'pages'}`].filter(
    (fact): fact is string => Boolean(fact)
  )
  const links = [
    entry.outputs.pdf ? h('a', {href: encodePath(entry.outputs.pdf)}, 'PDF') : undefined,
    entry.outputs.html ? h('a', {href: encodePath(entry.outputs.html)}, 'HTML') : undefined,
    entry.outputs.md ? h('a', {href: encodePath(entry.outputs.md)}, 'Markdown') : undefined
  ].filter((link) => link !== undefined)

  return h('li', {dataBrief: entry.name}, [
    entry.outputs.thumbnail ? h('img', {src: encodePath(entry.outputs.thumbnail), alt: '', width: 160}) : undefined,
    h('div', [
      h('h2', entry.outputs.html ? h('a', {href: encodePath(entry.outputs.html)}, title) : title),
      facts.length > 0 ? h('p', facts.join(' · ')) : undefined,
      h(
        'p',
        links.flatMap((link, index) => (index === 0 ? [link] : [{type: 'text' as const, value: ' · '}, link]))
      )
    ])
  ])
}

function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/')
}
