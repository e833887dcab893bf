/**
 * What differs between two PDFs that should be byte-identical: the message
 * of a failed reproducibility assertion, so a rare failure explains itself.
 */
import {Buffer} from 'node:buffer'
import {decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFObject} from 'pdf-lib'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'

/** Page counts, fonts, text per page, the first differing byte and its object, the first differing line of each changed object. */
export async function pdfDifference(a: Uint8Array, b: Uint8Array): Promise<string> {
  const lines: string[] = [`sizes: ${a.length} and ${b.length} bytes`]
  const [first, second] = await Promise.all([summary(a), summary(b)])
  lines.push(`pages: ${first.pages} and ${second.pages}`)
  lines.push(`fonts: ${sameOrBoth(first.fonts.join(', '), second.fonts.join(', '))}`)
  for (let page = 0; page < Math.max(first.text.length, second.text.length); page++) {
    const [x, y] = [first.text[page] ?? '(none)', second.text[page] ?? '(none)']
    lines.push(`text of page ${page + 1}: ${x === y ? 'same' : `\n  A: ${x}\n  B: ${y}`}`)
  }
  let offset = 0
  while (offset < a.length && offset < b.length && a[offset] === b[offset]) offset++
  lines.push(`first differing byte: ${offset}, in ${objectAt(a, offset)} of A and ${objectAt(b, offset)} of B`)
  const objects = await Promise.all([decodedObjects(a), decodedObjects(b)])
  for (const [ref, text] of objects[0]) {
    const other = objects[1].get(ref)
    if (other === undefined) lines.push(`${ref}: only in A`)
    else if (other !== text) lines.push(`${ref}: ${firstDifferingLine(text, other)}`)
  }
  for (const ref of objects[1].keys()) if (!objects[0].has(ref)) lines.push(`${ref}: only in B`)
  return lines.join('\n')
}

function sameOrBoth(x: string, y: string): string {
  return x === y ? `same (${x})` : `\n  A: ${x}\n  B: ${y}`
}

async function summary(pdf: Uint8Array): Promise<{pages: number; fonts: string[]; text: string[]}> {
  const document = await PDFDocument.load(pdf, {updateMetadata: false})
  const fonts: string[] = []
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && String(object.get(PDFName.of('Type'))) === '/FontDescriptor') fonts.push(String(object.get(PDFName.of('FontName'))).slice(1))
  }
  const reading = await getDocument({data: pdf.slice(), isEvalSupported: false, verbosity: 0}).promise
  const text: string[] = []
  try {
    for (let number = 1; number <= reading.numPages; number++) {
      const content = await (await reading.getPage(number)).getTextContent()
      text.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
    }
  } finally {
    await reading.destroy()
  }
  return {pages: document.getPageCount(), fonts: fonts.sort(), text}
}

/** `N G obj` that the byte at `offset` belongs to (an object stream when the object is packed in one). */
function objectAt(pdf: Uint8Array, offset: number): string {
  const head = Buffer.from(pdf.subarray(0, Math.min(offset + 1, pdf.length))).toString('latin1')
  const found = [...head.matchAll(/(\d+) (\d+) obj/g)].at(-1)
  return found ? `object ${found[1]} ${found[2]}` : 'the header'
}

/** Reference ▶ the object as text, streams decoded. */
async function decodedObjects(pdf: Uint8Array): Promise<Map<string, string>> {
  const document = await PDFDocument.load(pdf, {updateMetadata: false})
  const objects = new Map<string, string>()
  for (const [ref, object] of document.context.enumerateIndirectObjects()) objects.set(ref.toString(), textOf(object))
  return objects
}

function textOf(object: PDFObject): string {
  if (!(object instanceof PDFRawStream)) return object.toString()
  try {
    return Buffer.from(decodePDFRawStream(object).decode()).toString('latin1')
  } catch {
    return Buffer.from(object.contents).toString('latin1')
  }
}

function firstDifferingLine(x: string, y: string): string {
  const [a, b] = [x.split('\n'), y.split('\n')]
  let line = 0
  while (line < a.length && line < b.length && a[line] === b[line]) line++
  const context = (lines: string[]) => JSON.stringify(lines.slice(Math.max(0, line - 3), line + 2).join('\n').slice(0, 400))
  return `line ${line} of ${a.length} and ${b.length} differs:\n  A: ${context(a)}\n  B: ${context(b)}`
}
