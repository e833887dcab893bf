// PLACEHOLDER (owner: notes room, issue 3): the default plugin = meta + notes.
import type {Root} from 'mdast'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {remarkBriefMeta} from './meta/index.js'
import {remarkBriefNotes, type NotesOptions} from './notes/index.js'

export interface RemarkBriefOptions extends NotesOptions {}

export function remarkBrief(this: Processor, options: RemarkBriefOptions = {}) {
  const meta = remarkBriefMeta.call(this)
  const notes = remarkBriefNotes.call(this, options)
  return (tree: Root, file: VFile) => {
    meta(tree, file)
    notes(tree, file)
  }
}

export default remarkBrief
