/**
 * Pass `regions` (closing): the end of the last body paragraph ▶ a table of contents printed after the
 * article (a page's sidebar flowed into the line after the last sentence: `… issues. Table of Contents
 * How X began Why Y matters Download PDF`) removed. Evidence: the run after the last sentence end has no
 * sentence end of its own and is mostly the article's own headings printed again.
 *
 * Linear: one pass over the paragraph for its last sentence end, then a search per heading in a run of at
 * most `runLimit` characters.
 */
import type {Span} from './source.js'
import {sliceSpan, spanRange, trimSpan} from './source.js'
import type {Flow} from './tree.js'

/** A contents list after the article is a few dozen headings at most. */
const runLimit = 4000
const sentenceEnd = /[.!?]["”’)]?\s+(?=[“"‘(]?\p{Lu})/gu

/**
 * Where the contents list after the last sentence of `value` starts, or -1: the run after the last
 * sentence end, without one of its own, holding two or more of `headings`, which fill half of it or more.
 */
export function contentsAfterEnd(value: string, headings: readonly string[]): number {
  let runStart = 0
  for (const match of value.matchAll(sentenceEnd)) runStart = match.index + match[0].length
  const run = value.slice(runStart)
  if (run.length > runLimit || /[.!?]["”’)]?\s*$/.test(run)) return -1
  const printed = headings.filter((heading) => heading.length > 0 && run.includes(heading))
  if (printed.length < 2) return -1
  const covered = printed.reduce((sum, heading) => sum + heading.length, 0)
  return covered >= run.length * 0.5 ? runStart : -1
}

/** Cut the contents list after the article's last sentence from `flows[index]` (a paragraph). */
export function cutContentsAfterArticle(flows: Flow[], index: number, drop: (start: number, end: number, reason: string) => void): void {
  const flow = flows[index]
  if (flow?.type !== 'paragraph') return
  const headings = flows.flatMap((item) => (item.type === 'heading' ? [item.span.value.trim()] : []))
  const start = contentsAfterEnd(flow.span.value, headings)
  if (start < 0) return
  const {span} = flow
  drop(...spanRange(span, start, span.value.length), 'table of contents after the article (its headings printed again)')
  const rest: Span = trimSpan(sliceSpan(span, 0, start))
  if (rest.value.length === 0) flows.splice(index, 1)
  else flows[index] = {type: 'paragraph', span: rest}
}
