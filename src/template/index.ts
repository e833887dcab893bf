// PLACEHOLDER (owner: template room, issue 4): fill templates/brief.html as hast.
import type {Root} from 'hast'
import {h} from 'hastscript'
import type {VFile} from 'vfile'
import type {OrganizationConfig} from '../meta/types.js'

export interface TemplateOptions {
  /** The template's HTML text (the build reads the file; plugins do no I/O). */
  template?: string
  /** Stylesheet text to inline. */
  css?: string
  organization?: OrganizationConfig
}

export function rehypeBriefTemplate(options: TemplateOptions = {}) {
  return (tree: Root, file: VFile): Root => {
    const brief = file.data.brief
    return {
      type: 'root',
      children: [
        {type: 'doctype'},
        h('html', {lang: brief?.lang ?? 'en'}, [
          h('head', [h('meta', {charset: 'utf-8'}), h('title', brief?.title ?? ''), h('style', options.css ?? '')]),
          h('body', [h('main', [h('h1', brief?.title ?? ''), ...(tree.children as never[])])])
        ])
      ]
    }
  }
}

export default rehypeBriefTemplate
