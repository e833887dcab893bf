// PLACEHOLDER (owner: article room, issue 2): replace with the real recognizer.
import type {Root} from 'mdast'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {briefOf} from '../meta/brief-data.js'

export interface ArticleOptions {}

/** Scraped plain text ▶ structured mdast; metadata into `file.data.brief`. */
export function recognizeArticle(text: string, file: VFile, _options: ArticleOptions = {}): Root {
  const brief = briefOf(file, 'text')
  const blocks = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/).join('\n').split(/\n\s*\n/).map((block) => block.trim()).filter(Boolean)
  brief.title = blocks[0]?.split('\n')[0]
  return {
    type: 'root',
    children: blocks.slice(1).map((value) => ({type: 'paragraph', children: [{type: 'text', value}]}))
  }
}

/** Unified parser plugin: use instead of remark-parse for scraped `.txt` articles. */
export function remarkBriefArticle(this: Processor, options: ArticleOptions = {}) {
  // eslint-disable-next-line @typescript-eslint/no-this-alias
  const self = this as unknown as {parser: (doc: string, file: VFile) => Root}
  self.parser = (doc, file) => recognizeArticle(doc, file, options)
}

export default remarkBriefArticle
