/**
 * The sanitiser allows exactly what docs/security.md says: every URL-bearing
 * attribute and element of the HTML standard, with hostile values of every
 * scheme, one test per class of attribute. Article ids never take the ids of
 * the notes. No browser: the sanitiser alone, and the Markdown pipeline.
 */
import type {Element, Root} from 'hast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {sanitizeBody} from '../src/template/sanitize.js'

/** Sanitise raw HTML as the template does, and list every attribute left: `tag[attribute]=value`. */
function attributes(html: string): string[] {
  const clean = sanitizeBody({type: 'root', children: [{type: 'raw', value: html}]} as Root)
  const found: string[] = []
  const walk = (node: Root | Element) => {
    if (node.type === 'element') {
      for (const [key, value] of Object.entries(node.properties)) found.push(`${node.tagName}[${key}]=${Array.isArray(value) ? value.join(' ') : String(value)}`)
    }
    for (const child of node.children) if (child.type === 'element') walk(child)
  }
  walk(clean)
  return found
}

const schemes = ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java&#9;script:alert(1)', 'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>', 'data:image/svg+xml,<svg onload=alert(1)>', 'file:///etc/passwd', 'ftp://evil.example/x', 'irc://evil.example/x', 'ircs://evil.example/x', 'xmpp:evil@evil.example', 'tel:+1555', 'blob:http://evil.example/x', 'http://evil.example/x']

describe('link attributes (`href`)', () => {
  it('`a[href]` keeps `http`, `https`, `mailto` and relative links only, whatever the case or entities', () => {
    for (const value of schemes) {
      const left = attributes(`<a href="${value}">text</a>`).filter((entry) => entry.startsWith('a[href]'))
      expect([value, left]).toEqual([value, value.startsWith('http:') ? ['a[href]=http://evil.example/x'] : []])
    }
    expect(attributes('<a href="https://example.org/">x</a><a href="mailto:a@example.org">m</a><a href="#user-content-fn-1">n</a><a href="other.html">r</a>')).toEqual([
      'a[href]=https://example.org/',
      'a[href]=mailto:a@example.org',
      'a[href]=#user-content-fn-1',
      'a[href]=other.html'
    ])
  })

  it('no other element keeps an `href` (area, link, base, use, image, math)', () => {
    const html = '<map name="m"><area href="http://evil.example/a"></map><link href="http://evil.example/l"><base href="http://evil.example/"><svg><use href="http://evil.example/u"></use><image href="http://evil.example/i"></image><a xlink:href="http://evil.example/x">s</a></svg><math href="http://evil.example/m"><mi>x</mi></math>'
    expect(attributes(html).filter((entry) => entry.includes('evil'))).toEqual([])
  })
})

describe('resource attributes (fetched by a browser)', () => {
  it('`img[src]`: relative, `http(s)` (refused later by the build, reported) and raster `data:` only', () => {
    for (const value of schemes) {
      const left = attributes(`<img src="${value}">`).filter((entry) => entry.startsWith('img[src]'))
      expect([value, left]).toEqual([value, value.startsWith('http:') ? ['img[src]=http://evil.example/x'] : []])
    }
    expect(attributes('<img src="chart.png"><img src="data:image/png;base64,iVBORw0KGgo=">')).toEqual(['img[src]=chart.png', 'img[src]=data:image/png;base64,iVBORw0KGgo='])
  })

  it('`srcset`, `longdesc`, `poster`, `background`, `data`, `codebase`, `formaction`, `action`, `ping`, `manifest`, `usemap`, `lowsrc`, `dynsrc`, `icon`: none survives', () => {
    const url = 'http://evil.example/t'
    const html = [
      `<img src="ok.png" srcset="${url} 2x" longdesc="${url}" lowsrc="${url}" dynsrc="${url}" usemap="${url}">`,
      `<picture><source srcset="${url}"><img src="ok.png"></picture>`,
      `<video poster="${url}" src="${url}"><source src="${url}"><track src="${url}"></video><audio src="${url}"></audio>`,
      `<table background="${url}"><tr><td background="${url}">x</td></tr></table><body background="${url}">`,
      `<object data="${url}" codebase="${url}"></object><embed src="${url}"><iframe src="${url}"></iframe><frame src="${url}">`,
      `<form action="${url}"><button formaction="${url}">b</button><input type="image" src="${url}" formaction="${url}"></form>`,
      `<div action="${url}">d</div><p usemap="${url}">p</p><a href="https://example.org/" ping="${url}">a</a>`,
      `<html manifest="${url}"><menuitem icon="${url}"></menuitem><applet code="x" archive="${url}" codebase="${url}"></applet>`
    ].join('\n')
    expect(attributes(html).filter((entry) => entry.includes('evil'))).toEqual([])
  })
})

describe('citation and metadata attributes (not fetched)', () => {
  it('`cite` on blockquote, q, del, ins keeps `http(s)` only; `itemtype`, `itemid` go', () => {
    for (const tag of ['blockquote', 'q', 'del', 'ins']) {
      expect(attributes(`<${tag} cite="javascript:alert(1)">x</${tag}>`), tag).toEqual([])
      expect(attributes(`<${tag} cite="https://example.org/source">x</${tag}>`), tag).toEqual([`${tag}[cite]=https://example.org/source`])
    }
    expect(attributes('<div itemscope itemtype="http://evil.example/t" itemid="http://evil.example/i">x</div>').filter((entry) => entry.includes('evil'))).toEqual([])
  })

  it('no event handler and no `style`, on any element', () => {
    const html = '<p onclick="alert(1)" onmouseover="alert(1)" style="background:url(http://evil.example/s)">x</p><img src="ok.png" onerror="alert(1)">'
    expect(attributes(html).filter((entry) => /\[(on\w+|style)\]/i.test(entry))).toEqual([])
  })
})

describe('ids', () => {
  /** The Markdown pipeline as the template runs it: remark-rehype's footnotes, then raw HTML sanitised. */
  function ids(markdown: string): string[] {
    const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, {allowDangerousHtml: true})
    const clean = sanitizeBody(processor.runSync(processor.parse(markdown)) as Root)
    const found: string[] = []
    const walk = (node: Root | Element) => {
      if (node.type === 'element') for (const key of ['id', 'name']) if (node.properties[key] !== undefined) found.push(`${node.tagName}#${String(node.properties[key])}`)
      for (const child of node.children) if (child.type === 'element') walk(child)
    }
    walk(clean)
    return found
  }

  it('article HTML never takes the ids of the notes: its ids are prefixed, the notes keep theirs', () => {
    const found = ids(
      'Text with a note.[^1]\n\n<p id="user-content-fn-1">A fake note.</p>\n\n<a name="user-content-fnref-1">fake call</a> <span id="footnote-label">x</span>\n\n[^1]: The real note.\n'
    )
    expect(found.filter((id) => /#user-content-fn-1$/.test(id))).toEqual(['li#user-content-fn-1'])
    expect(found.filter((id) => /#user-content-fnref-1$/.test(id))).toEqual(['a#user-content-fnref-1'])
    expect(found).toContain('p#article-user-content-fn-1')
    expect(found).toContain('a#article-user-content-fnref-1')
    expect(found.filter((id) => id.endsWith('#footnote-label'))).toEqual(['h2#footnote-label'])
  })
})
