/**
 * Which reader an input needs, by its extension: apart from the processor,
 * so the build's main thread can tell without loading the pipeline.
 */
export type InputFormat = 'text' | 'markdown'

/** Which reader an input path needs, by its extension. */
export function formatOf(path: string): InputFormat {
  return /\.(md|markdown|mdown|mkd)$/i.test(path) ? 'markdown' : 'text'
}
