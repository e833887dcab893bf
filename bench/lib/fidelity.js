/**
 * Is the floor printing the same thing as we do? Compare each pair of PDFs
 * (floor's and ours, for the same brief) by page count and embedded font
 * names: a floor that failed to load the fonts would print a different,
 * cheaper document and flatter nobody.
 */
import {readFile} from 'node:fs/promises'
import {PDFDict, PDFDocument, PDFName} from 'pdf-lib'

/**
 * @typedef PdfFacts
 * @property {number} pages
 * @property {string[]} fonts
 *   Base font names without the subset prefix, sorted, unique.
 */

/**
 * @param {Uint8Array} bytes
 * @returns {Promise<PdfFacts>}
 */
export async function pdfFacts(bytes) {
  const document = await PDFDocument.load(bytes, {updateMetadata: false})
  const fonts = new Set()
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue
    if (object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue
    const base = object.get(PDFName.of('BaseFont'))
    if (base instanceof PDFName) fonts.add(base.decodeText().replace(/^[A-Z]{6}\+/, ''))
  }
  return {pages: document.getPageCount(), fonts: [...fonts].sort()}
}

/**
 * @param {ReadonlyArray<{name: string, floor: string, ours: string}>} pairs
 *   Paths of the two PDFs of each brief.
 * @returns {Promise<{compared: number, samePages: number, sameFonts: number, differences: string[]}>}
 */
export async function comparePdfs(pairs) {
  let compared = 0
  let samePages = 0
  let sameFonts = 0
  /** @type {string[]} */
  const differences = []
  for (const pair of pairs) {
    let floor
    let ours
    try {
      ;[floor, ours] = await Promise.all([readFile(pair.floor).then(pdfFacts), readFile(pair.ours).then(pdfFacts)])
    } catch {
      continue
    }
    compared++
    if (floor.pages === ours.pages) samePages++
    else differences.push(`${pair.name}: ${floor.pages} pages (floor) vs ${ours.pages} (ours)`)
    if (floor.fonts.join() === ours.fonts.join()) sameFonts++
    else differences.push(`${pair.name}: fonts ${floor.fonts.join(', ') || 'none'} (floor) vs ${ours.fonts.join(', ') || 'none'} (ours)`)
  }
  return {compared, samePages, sameFonts, differences}
}
