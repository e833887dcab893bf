/** The PDF renderer of remark-brief (`createPdfRenderer`, `findBrowser`, …), as `remark-brief-print/pdf`. */
export * from 'remark-brief/pdf'
