import type {Processor} from 'unified'
import {frontmatterFromMarkdown, frontmatterToMarkdown} from 'mdast-util-frontmatter'
import {frontmatter} from 'micromark-extension-frontmatter'

/**
 * Register YAML front matter syntax (`---` … `---` at the top) on a
 * processor, the way `remark-frontmatter` does, unless a plugin attached
 * earlier already did. Without it remark-cli's `-o` rewrites front matter as
 * a thematic break and paragraphs, and MDX prints it as page text. Parsing
 * and serialising are checked apart, like the footnote syntax.
 */
export function registerFrontMatterSyntax(processor: Processor<any, any, any, any, any>): void {
  const data = processor.data() as Record<string, unknown[] | undefined>
  const micromarkExtensions = data.micromarkExtensions || (data.micromarkExtensions = [])
  const fromMarkdownExtensions = data.fromMarkdownExtensions || (data.fromMarkdownExtensions = [])
  const toMarkdownExtensions = data.toMarkdownExtensions || (data.toMarkdownExtensions = [])

  // The micromark construct has no name: a YAML `enter` handler says remark-frontmatter (or the like) is there.
  if (!someExtension(fromMarkdownExtensions, (extension) => typeof extension.enter?.yaml === 'function')) {
    micromarkExtensions.push(frontmatter('yaml'))
    fromMarkdownExtensions.push(frontmatterFromMarkdown('yaml'))
  }
  if (!someExtension(toMarkdownExtensions, (extension) => typeof extension.handlers?.yaml === 'function')) {
    toMarkdownExtensions.push(frontmatterToMarkdown('yaml'))
  }
}

/** Extensions may be nested in arrays. */
function someExtension(extensions: unknown[], check: (extension: Record<string, any>) => boolean): boolean {
  return extensions.some((extension) =>
    Array.isArray(extension)
      ? someExtension(extension, check)
      : typeof extension === 'object' && extension !== null && check(extension as Record<string, any>)
  )
}
