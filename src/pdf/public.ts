/**
 * `remark-brief/pdf`: print a brief's HTML to a PDF with a system Chromium
 * (`index.ts`, the renderer), and the passes its finish worker runs on each
 * print, public for hosts and tests: the metadata pass (`metadata.ts`) and
 * the post-print check (`verify.ts`). The build imports `index.ts` alone:
 * those two load pdf-lib, a Markdown parser and an HTML parser, which the
 * main thread never runs, and Chromium's launch does not wait for them.
 */
export * from './index.js'
export {setPdfMetadata, parseBriefDate, epochDate} from './metadata.js'
export {verifyPrintedText, compareText, expectationOf, pdfText, tokens} from './verify.js'
