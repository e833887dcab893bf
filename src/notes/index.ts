/**
 * remark-brief notes step: a standalone remark plugin that checks, cleans and
 * renumbers GFM footnotes. Works on hand-written Markdown and on the article
 * recognizer's output; registers footnote syntax where none is (MDX without
 * remark-gfm).
 */
import type {Root} from 'mdast'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {checkNotes, type NotesOptions} from './check.js'
import {registerFrontMatterSyntax} from './frontmatter-syntax.js'
import {registerFootnoteSyntax} from './syntax.js'

export type {NotesOptions, UncitedNote} from './check.js'
export {checkNotes, normalizeIdentifier} from './check.js'
export {registerFootnoteSyntax} from './syntax.js'
export {registerFrontMatterSyntax} from './frontmatter-syntax.js'
export {uncitedNoteHandlers} from './uncited.js'
export {rehypeBriefUncitedNotes} from './uncited-group.js'
export type {UncitedGroupOptions} from './uncited-group.js'
export {stripTrackingParameters, trackingParameters} from './urls.js'

const emptyOptions: NotesOptions = {}

/**
 * Check and renumber footnotes.
 *
 * @param options
 *   Configuration (optional).
 * @returns
 *   Transform.
 */
export function remarkBriefNotes(this: Processor<any, any, any, any, any> | void, options?: NotesOptions | null) {
  const settings = {...emptyOptions, ...options}
  // Called with a processor (`.use`): make sure `[^1]` parses and serialises, and front matter survives (`remark -o`).
  if (this && typeof this.data === 'function') {
    registerFootnoteSyntax(this)
    registerFrontMatterSyntax(this)
  }

  return function (tree: Root, file: VFile): undefined {
    checkNotes(tree, file, settings)
  }
}

export default remarkBriefNotes
