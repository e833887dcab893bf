/**
 * The saved-page reader's two packages, Mozilla's Readability and linkedom,
 * are optional peers (remark-brief-print brings them): loaded synchronously
 * (their CommonJS builds), because unified parsers are synchronous, and only
 * when an input holds a whole web page.
 */
import {optionalRequire} from '../optional.js'

export interface PageReader {
  Readability: typeof import('@mozilla/readability').Readability
  parseHTML: typeof import('linkedom').parseHTML
}

/** Readability and linkedom's `parseHTML`, or `undefined` when either is not installed. */
export function pageReader(): PageReader | undefined {
  const readability = optionalRequire('@mozilla/readability')
  const linkedom = optionalRequire('linkedom')
  if (!readability || !linkedom) return undefined
  return {
    Readability: (readability('@mozilla/readability') as typeof import('@mozilla/readability')).Readability,
    parseHTML: (linkedom('linkedom') as typeof import('linkedom')).parseHTML
  }
}
