// PLACEHOLDER (owner: template room, issue 4; front matter safety: issue 7).
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {briefOf} from './brief-data.js'

/** YAML front matter (Markdown) ▶ `file.data.brief`. */
export function remarkBriefMeta() {
  return (_tree: Root, file: VFile) => {
    briefOf(file, 'markdown')
  }
}

export {briefOf, emptyBrief} from './brief-data.js'
export {report} from './report.js'
export default remarkBriefMeta
