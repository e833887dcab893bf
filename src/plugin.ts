/**
 * The default remark-brief plugin: front matter ▶ `file.data.brief`, then
 * footnote numbering and validation. What a site generator (Astro, MDX,
 * Docusaurus, remark-cli) adds to its remark plugins; no browser involved.
 */
import type {Root} from 'mdast'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {remarkBriefMeta, shareBriefWithHost} from './meta/index.js'
import {remarkBriefNotes, type NotesOptions} from './notes/index.js'

/** Options of the default plugin (all JSON-serialisable, for rc files and Next.js). */
export interface RemarkBriefOptions extends NotesOptions {}

/**
 * Brief metadata and notes.
 *
 * @param options
 *   Configuration (optional), passed to the notes step.
 * @returns
 *   Transform.
 */
export function remarkBrief(this: Processor<any, any, any, any, any>, options?: RemarkBriefOptions | null) {
  // Both attachers see the processor: the notes step registers footnote syntax on it.
  const meta = (remarkBriefMeta as (this: unknown) => unknown).call(this) as
    | ((tree: Root, file: VFile) => unknown)
    | undefined
  const notes = remarkBriefNotes.call(this, options)

  return function (tree: Root, file: VFile): undefined {
    if (meta) meta(tree, file)
    notes(tree, file)
    // Astro, Docusaurus: pages read front matter, not `file.data`.
    shareBriefWithHost(file)
  }
}

export default remarkBrief
