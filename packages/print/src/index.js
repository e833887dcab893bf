/**
 * remark-brief-print: the build API of remark-brief (`buildBrief`,
 * `buildBatch`, `checkBatch`, …), importable from here once printing is
 * installed. The code lives in remark-brief (`remark-brief/build`); this
 * package brings what it needs to print.
 */
export * from 'remark-brief/build'
