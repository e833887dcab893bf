import type {Processor} from 'unified'
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import {gfmFootnoteFromMarkdown, gfmFootnoteToMarkdown} from 'mdast-util-gfm-footnote'

/**
 * Register GFM footnote syntax on a processor, the way `remark-gfm` registers
 * its extensions, unless some plugin attached earlier already did (for
 * example `remark-gfm` itself): MDX without `remark-gfm` has no footnotes.
 * Each of the three extension lists is checked on its own, so a processor
 * that can parse footnotes but not serialise them gets only what it lacks.
 */
export function registerFootnoteSyntax(processor: Processor<any, any, any, any, any>): void {
  const data = processor.data() as Record<string, unknown[] | undefined>
  const micromarkExtensions = data.micromarkExtensions || (data.micromarkExtensions = [])
  const fromMarkdownExtensions = data.fromMarkdownExtensions || (data.fromMarkdownExtensions = [])
  const toMarkdownExtensions = data.toMarkdownExtensions || (data.toMarkdownExtensions = [])

  if (!someExtension(micromarkExtensions, hasFootnoteConstruct)) micromarkExtensions.push(gfmFootnote())
  if (!someExtension(fromMarkdownExtensions, hasFootnoteEnter)) fromMarkdownExtensions.push(gfmFootnoteFromMarkdown())
  if (!someExtension(toMarkdownExtensions, hasFootnoteHandler)) toMarkdownExtensions.push(gfmFootnoteToMarkdown())
}

type Check = (extension: Record<string, any>) => boolean

/** Extensions may be nested in arrays (`gfmFromMarkdown()` returns one). */
function someExtension(extensions: unknown[], check: Check): boolean {
  return extensions.some((extension) =>
    Array.isArray(extension)
      ? someExtension(extension, check)
      : typeof extension === 'object' && extension !== null && check(extension as Record<string, any>)
  )
}

/** A micromark extension with the footnote definition construct on `[` (91). */
function hasFootnoteConstruct(extension: Record<string, any>): boolean {
  const constructs = extension.document?.[91]
  const list: unknown[] = Array.isArray(constructs) ? constructs : [constructs]
  return list.some((construct) => (construct as {name?: string} | undefined)?.name === 'gfmFootnoteDefinition')
}

function hasFootnoteEnter(extension: Record<string, any>): boolean {
  return typeof extension.enter?.gfmFootnoteDefinition === 'function'
}

function hasFootnoteHandler(extension: Record<string, any>): boolean {
  return typeof extension.handlers?.footnoteReference === 'function'
}
