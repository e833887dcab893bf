// PLACEHOLDER (owner: notes room, issue 3): replace with numbering and validation.
import type {Root} from 'mdast'
import type {VFile} from 'vfile'

export interface NotesOptions {
  strict?: boolean
  dropUnused?: boolean
  mergeRepeated?: boolean
  stripTracking?: boolean
}

export function remarkBriefNotes(_options: NotesOptions = {}) {
  return (_tree: Root, _file: VFile) => {}
}

export default remarkBriefNotes
