#!/usr/bin/env node
/**
 * print-check: measure the typography of printed briefs from the PDF itself.
 *
 *   npm run print-check -- out/*.pdf            a Markdown table
 *   npm run print-check -- --json out/*.pdf     one JSON object per PDF
 *
 * Per PDF (read with pdfjs-dist, the text layer and the fonts the PDF embeds):
 * - chars/line: median and 95th percentile of full body lines: lines in the
 *   body face and size (the face and size with the most characters), starting
 *   at the column's left edge and followed, one line-space lower, by another
 *   such line (so not the last line of a paragraph, a list, a note or a table);
 * - hyphenated line ends (a letter and a hyphen at the end of a body line;
 *   breaks after a compound's own hyphen, `start-⏎up` where the HTML writes
 *   `start-up`, are counted apart),
 *   their share of full lines, the longest run of consecutive ones, and the
 *   breaks carrying fewer than 3 letters to the next line;
 * - justified or ragged (full lines ending flush with the column or not);
 * - straight quotes and spaced hyphens in body lines;
 * - soft hyphens in the text layer (ActualText spans and ToUnicode maps),
 *   U+0000 and U+FFFD read back;
 * - missing glyphs: glyphs drawn that the embedded font does not have (.notdef);
 * - bookmarks against the headings of the HTML beside the PDF (same name).
 */
import {existsSync, readFileSync} from 'node:fs'
import {decodePDFRawStream, PDFDocument, PDFRawStream} from 'pdf-lib'
import {expectationOf} from '../dist/pdf/verify.js'

const args = process.argv.slice(2)
const json = args.includes('--json')
const files = args.filter((arg) => !arg.startsWith('--'))
if (files.length === 0) {
  console.error('usage: npm run print-check -- [--json] <file.pdf…>')
  process.exit(2)
}

const {getDocument} = await import('pdfjs-dist/legacy/build/pdf.mjs')

const rows = []
for (const file of files) {
  const report = await check(file)
  rows.push(report)
  if (json) console.log(JSON.stringify(report))
}
if (!json) console.log(table(rows))

/** Everything measured for one PDF. */
export async function check(file) {
  const bytes = new Uint8Array(readFileSync(file))
  const document = await getDocument({data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0, fontExtraProperties: true})
    .promise
  const lines = []
  let text = ''
  let missingGlyphs = 0
  const missingCharacters = new Map()
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number)
    const content = await page.getTextContent()
    for (const item of content.items) text += item.str + (item.hasEOL ? '\n' : '')
    lines.push(...linesOf(content.items, number))
    missingGlyphs += await countMissingGlyphs(page, document, missingCharacters)
    page.cleanup()
  }
  const outline = await document.getOutline()
  await document.destroy()

  const htmlPath = file.replace(/\.pdf$/i, '.html')
  const html = existsSync(htmlPath) ? readFileSync(htmlPath, 'utf8') : undefined
  const headings = html ? expectationOf(html).outline : undefined
  const measured = measureBody(lines, html ? compoundsOf(html) : undefined)
  const raw = await rawTextLayer(bytes)
  return {
    file: file.split('/').pop(),
    pages: document.numPages,
    ...measured,
    softHyphens: raw.softHyphens,
    nul: (text.match(/\u0000/g) ?? []).length,
    replacement: (text.match(/\uFFFD/g) ?? []).length,
    missingGlyphs,
    missingCharacters: [...missingCharacters.keys()].slice(0, 20).join(''),
    bookmarks: compareOutline(outline ?? [], headings)
  }
}

/** Physical lines of a page: text items grouped by baseline, left to right. */
function linesOf(items, page) {
  const byBaseline = new Map()
  for (const item of items) {
    if (!item.str) continue
    const size = Math.round(Math.hypot(item.transform[2], item.transform[3]) * 10) / 10
    const y = Math.round(item.transform[5] * 2) / 2
    const key = `${y}`
    if (!byBaseline.has(key)) byBaseline.set(key, [])
    byBaseline.get(key).push({x: item.transform[4], right: item.transform[4] + item.width, str: item.str, font: `${item.fontName}@${size}`, size})
  }
  return [...byBaseline.entries()]
    .map(([y, parts]) => {
      parts.sort((a, b) => a.x - b.x)
      const chars = new Map()
      for (const part of parts) chars.set(part.font, (chars.get(part.font) ?? 0) + part.str.length)
      const font = [...chars.entries()].sort((a, b) => b[1] - a[1])[0][0]
      return {page, y: Number(y), left: parts[0].x, right: Math.max(...parts.map((part) => part.right)), text: parts.map((part) => part.str).join('').replace(/\s+/g, ' ').trim(), font, size: parts[0].size}
    })
    .sort((a, b) => b.y - a.y)
}

/** Body face, full lines, characters per line, hyphenation. */
/** Hyphenated compounds the brief's HTML writes (`start-up`), as `start-|up` pairs of each hyphen. */
function compoundsOf(html) {
  const text = html.replace(/<[^>]*>/g, ' ').replace(/\u00AD/g, '').toLowerCase()
  const pairs = new Set()
  for (const match of text.matchAll(/\p{L}+(?:[-\u2010\u2011]\p{L}+)+/gu)) {
    const parts = match[0].split(/[-\u2010\u2011]/)
    for (let index = 1; index < parts.length; index++) pairs.add(`${parts[index - 1]}|${parts[index]}`)
  }
  return pairs
}

function measureBody(lines, compounds) {
  const weight = new Map()
  for (const line of lines) weight.set(line.font, (weight.get(line.font) ?? 0) + line.text.length)
  // The body face: of the faces carrying a good share of the text, the largest (notes are smaller than the body).
  const total = [...weight.values()].reduce((sum, value) => sum + value, 0)
  const sizeOf = (font) => Number(font.split('@')[1])
  const bodyFont = [...weight.entries()].filter(([, chars]) => chars >= total * 0.15).sort((a, b) => sizeOf(b[0]) - sizeOf(a[0]) || b[1] - a[1])[0]?.[0]
  const body = lines.filter((line) => line.font === bodyFont && line.text.length > 0)
  if (body.length === 0) return {bodyFont, fullLines: 0}
  const lefts = body.map((line) => line.left).sort((a, b) => a - b)
  const rights = body.map((line) => line.right).sort((a, b) => a - b)
  const columnLeft = mode(lefts.map((value) => Math.round(value)))
  const columnRight = rights[Math.floor(rights.length * 0.9)]
  const gaps = []
  for (let index = 1; index < body.length; index++) if (body[index].page === body[index - 1].page) gaps.push(Math.round((body[index - 1].y - body[index].y) * 2) / 2)
  const leading = mode(gaps)

  // A full line: at the column's left, and the next line of the same paragraph follows one line-space lower.
  const full = []
  const sequence = []
  for (let index = 0; index < body.length; index++) {
    const line = body[index]
    const next = body[index + 1]
    const atLeft = Math.abs(line.left - columnLeft) < 2
    const continues = next && next.page === line.page && Math.abs(line.y - next.y - leading) < leading * 0.2 && Math.abs(next.left - columnLeft) < 2
    if (atLeft) sequence.push({line, continues})
    if (atLeft && continues && !/^[•·▪–-]\s/.test(line.text)) full.push(line)
  }
  const lengths = full.map((line) => [...line.text].length).sort((a, b) => a - b)
  const justified = full.filter((line) => Math.abs(line.right - columnRight) < 1.5).length > full.length * 0.6

  // A break inside a word: Chromium draws the hyphen of a soft-hyphen break as U+2010 (or U+00AD); a line
  // ending in U+002D broke after a compound's own hyphen (`start-⏎up`), counted apart.
  // Chromium draws the hyphen of a soft-hyphen break as U+2010 or U+002D, by font. With the HTML beside
  // the PDF, a line ending `start-` followed by `up` is a compound's own hyphen when the HTML writes
  // `start-up`; without it, every line-end hyphen counts as a break inside a word.
  const headTail = (line, next) => [/(\p{L}+)[-\u2010\u00AD]$/u.exec(line.text)?.[1]?.toLowerCase(), next ? /^(\p{L}+)/u.exec(next.text)?.[1]?.toLowerCase() : undefined]
  const isCompound = (line, next) => {
    const [head, tail] = headTail(line, next)
    return Boolean(compounds && head && tail && compounds.has(`${head}|${tail}`))
  }
  const nextOf = new Map(body.map((line, index) => [line, body[index + 1]]))
  const endsHyphen = (line) => /\p{L}[-\u2010\u00AD]$/u.test(line.text) && !isCompound(line, nextOf.get(line))
  const compoundBreaks = full.filter((line) => /\p{L}[-\u2010]$/u.test(line.text) && isCompound(line, nextOf.get(line))).length
  const hyphenated = full.filter(endsHyphen).length
  let run = 0
  let longestRun = 0
  let shortCarry = 0
  const shortCarries = []
  for (let index = 0; index < sequence.length; index++) {
    const {line, continues} = sequence[index]
    if (endsHyphen(line)) {
      run++
      longestRun = Math.max(longestRun, run)
      const next = sequence[index + 1]?.line
      const carried = next ? /^\p{L}+/u.exec(next.text)?.[0] ?? '' : ''
      if (next && carried.length > 0 && carried.length < 3) {
        shortCarry++
        shortCarries.push(`${/\p{L}+[-\u2010\u00AD]$/u.exec(line.text)?.[0] ?? ''}${carried}`)
      }
    } else run = 0
    if (!continues) run = endsHyphen(line) ? run : 0
  }

  const bodyText = body.map((line) => line.text).join('\n')
  return {
    bodyFont,
    fullLines: full.length,
    medianChars: percentile(lengths, 0.5),
    p95Chars: percentile(lengths, 0.95),
    justified,
    hyphenatedShare: full.length > 0 ? Math.round((hyphenated / full.length) * 1000) / 10 : 0,
    longestRun,
    shortCarry,
    compoundBreaks,
    shortCarries: shortCarries.slice(0, 5).join(' '),
    straightQuotes: (bodyText.match(/["']/g) ?? []).length,
    spacedHyphens: (bodyText.match(/\p{L} - \p{L}/gu) ?? []).length
  }
}

function percentile(sorted, share) {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor(share * (sorted.length - 1) + 0.5))]
}

function mode(values) {
  const counts = new Map()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0
}

/** Glyphs drawn that their font does not have (pdf.js: CID 0 = .notdef, or `isInFont` false for a non-space). */
async function countMissingGlyphs(page, document, missingCharacters) {
  const {OPS} = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const operators = await page.getOperatorList()
  let missing = 0
  for (let index = 0; index < operators.fnArray.length; index++) {
    if (operators.fnArray[index] !== OPS.showText) continue
    for (const glyph of operators.argsArray[index][0]) {
      if (typeof glyph !== 'object' || glyph === null) continue
      // CID 0 is .notdef (the empty box); a glyph not in the font and not a space (subsets drop the empty space outline) is missing too.
      if (glyph.originalCharCode === 0 || (glyph.isInFont === false && !/^\s*$/.test(glyph.unicode ?? ''))) {
        missing++
        if (glyph.unicode) missingCharacters.set(glyph.unicode, true)
      }
    }
  }
  return missing
}

/** Soft hyphens as the PDF stores them: ActualText spans and ToUnicode entries. */
async function rawTextLayer(bytes) {
  const pdf = await PDFDocument.load(bytes, {updateMetadata: false})
  let softHyphens = 0
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    let decoded
    try {
      decoded = Buffer.from(decodePDFRawStream(object).decode()).toString('latin1')
    } catch {
      continue
    }
    softHyphens += (decoded.match(/ActualText\s*<FEFF00AD>/gi) ?? []).length
    if (decoded.includes('begincmap')) {
      for (const block of decoded.match(/beginbfchar[\s\S]*?endbfchar/g) ?? []) softHyphens += (block.match(/^\s*<[\dA-F]+>[ \t]*<00AD>\s*$/gim) ?? []).length
    }
  }
  return {softHyphens}
}

/** Bookmarks (titles, nesting) against the headings of the HTML. */
function compareOutline(outline, headings) {
  const flat = []
  const walk = (items, depth) => {
    for (const item of items) {
      flat.push({depth, title: item.title})
      walk(item.items ?? [], depth + 1)
    }
  }
  walk(outline, 0)
  const result = {count: flat.length}
  if (!headings) return result
  const squash = (text) => text.replace(/[\s\u00AD]+/g, ' ').trim().toLowerCase()
  const titles = flat.map((item) => squash(item.title))
  const expected = headings.map((heading) => squash(heading.text)).filter(Boolean)
  result.headings = expected.length
  result.equal = titles.length === expected.length && titles.every((title, index) => title === expected[index])
  result.doubled = titles.filter((title) => title.length > 1 && title.slice(0, title.length / 2) === title.slice(title.length / 2)).length
  result.missing = expected.filter((title) => !titles.includes(title)).slice(0, 5)
  result.extra = titles.filter((title) => !expected.includes(title)).slice(0, 5)
  return result
}

function table(reports) {
  const head = '| PDF | pages | full lines | chars/line median | p95 | set | hyphenated | longest run | carry < 3 | compound breaks | straight quotes | spaced hyphens | soft hyphens | U+0000 | U+FFFD | missing glyphs | bookmarks = headings |'
  const rule = '|' + ' --- |'.repeat(17)
  const lines = reports.map((r) =>
    [
      r.file.replace(/\.pdf$/, '').slice(0, 40),
      r.pages,
      r.fullLines,
      r.medianChars,
      r.p95Chars,
      r.justified ? 'justified' : 'ragged',
      `${r.hyphenatedShare}%`,
      r.longestRun,
      r.shortCarry,
      r.compoundBreaks,
      r.straightQuotes,
      r.spacedHyphens,
      r.softHyphens,
      r.nul,
      r.replacement,
      r.missingGlyphs,
      r.bookmarks.headings === undefined ? `${r.bookmarks.count} (no HTML)` : r.bookmarks.equal ? `yes (${r.bookmarks.count})` : `no: ${r.bookmarks.count} vs ${r.bookmarks.headings}${r.bookmarks.doubled ? `, ${r.bookmarks.doubled} doubled` : ''}`
    ].join(' | ')
  )
  return [head, rule, ...lines.map((line) => `| ${line} |`)].join('\n')
}
