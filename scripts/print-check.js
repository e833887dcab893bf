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
import {fromHtml} from 'hast-util-from-html'
import {selectAll} from 'hast-util-select'
import {toText} from 'hast-util-to-text'
import {expectationOf, tokens} from '../dist/pdf/verify.js'

const args = process.argv.slice(2)
const json = args.includes('--json')
// `--aggregate`: one line of counts against the done-when bars, no file names (for held-out briefs).
const aggregateOnly = args.includes('--aggregate')
const files = args.filter((arg) => !arg.startsWith('--'))
if (files.length === 0) {
  console.error('usage: npm run print-check -- [--json | --aggregate] <file.pdf…>')
  process.exit(2)
}

const {getDocument} = await import('pdfjs-dist/legacy/build/pdf.mjs')

const rows = []
for (const file of files) {
  const report = await check(file)
  rows.push(report)
  if (json && !aggregateOnly) console.log(JSON.stringify(report))
}
if (aggregateOnly) console.log(aggregate(rows))
else if (!json) console.log(table(rows))

/** Everything measured for one PDF. */
export async function check(file) {
  const bytes = new Uint8Array(readFileSync(file))
  const document = await getDocument({data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0, fontExtraProperties: true})
    .promise
  const lines = []
  const pageTexts = []
  // Note number ▶ page of its first call (a link to `#…fn-N`), for page-bottom notes.
  const calls = new Map()
  let text = ''
  let missingGlyphs = 0
  const missingCharacters = new Map()
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number)
    const content = await page.getTextContent()
    let pageText = ''
    for (const item of content.items) pageText += item.str + (item.hasEOL ? '\n' : ' ')
    text += pageText
    pageTexts.push(tokens(pageText).join(''))
    for (const annotation of await page.getAnnotations()) {
      const target = typeof annotation.dest === 'string' ? /-fn-(\d+)$/.exec(annotation.dest) : null
      if (annotation.subtype === 'Link' && target && !calls.has(target[1])) calls.set(target[1], number)
    }
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
  const pageNotes = html ? notesOffTheirPage(html, pageTexts, calls) : undefined
  const unprinted = html ? unprintedCharacters(html, raw.mapped) : {named: '', other: ''}
  return {
    file: file.split('/').pop(),
    pages: document.numPages,
    ...measured,
    softHyphens: raw.softHyphens,
    nul: (text.match(/\u0000/g) ?? []).length,
    replacement: (text.match(/\uFFFD/g) ?? []).length,
    missingGlyphs,
    missingCharacters: [...missingCharacters.keys()].slice(0, 20).join(''),
    unprintedNamed: unprinted.named,
    unprintedOther: unprinted.other,
    bookmarks: compareOutline(outline ?? [], headings),
    pageNotes
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
  const headTail = (line, next) => [/(\p{L}+)[-\u2010\u2011\u00AD]$/u.exec(line.text)?.[1]?.toLowerCase(), next ? /^(\p{L}+)/u.exec(next.text)?.[1]?.toLowerCase() : undefined]
  const isCompound = (line, next) => {
    const [head, tail] = headTail(line, next)
    return Boolean(compounds && head && tail && compounds.has(`${head}|${tail}`))
  }
  const nextOf = new Map(body.map((line, index) => [line, body[index + 1]]))
  const endsHyphen = (line) => /\p{L}[-\u2010\u2011\u00AD]$/u.test(line.text) && !isCompound(line, nextOf.get(line))
  const compoundBreaks = full.filter((line) => /\p{L}[-\u2010\u2011]$/u.test(line.text) && isCompound(line, nextOf.get(line))).length
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
        shortCarries.push(`${/\p{L}+[-\u2010\u2011\u00AD]$/u.exec(line.text)?.[0] ?? ''}${carried}`)
      }
    } else run = 0
    if (!continues) run = endsHyphen(line) ? run : 0
  }

  // A hyphenated last word: of a page (the paragraph goes on overleaf: the next body line is on another
  // page), or of a paragraph (its last line holds nothing but the word's tail).
  let pageEndHyphens = 0
  let paragraphEndHyphens = 0
  for (let index = 0; index < sequence.length - 1; index++) {
    const {line} = sequence[index]
    if (!endsHyphen(line)) continue
    const next = sequence[index + 1]
    if (next.line.page !== line.page) pageEndHyphens++
    else if (!next.continues && !/\s/.test(next.line.text)) paragraphEndHyphens++
  }

  const bodyText = body.map((line) => line.text).join('\n')
  return {
    bodyFont,
    fullLines: full.length,
    medianChars: percentile(lengths, 0.5),
    // Looser justified lines hold fewer characters: the mean shows a change the median (whole characters) hides.
    meanChars: lengths.length > 0 ? Math.round((lengths.reduce((sum, value) => sum + value, 0) / lengths.length) * 10) / 10 : 0,
    p95Chars: percentile(lengths, 0.95),
    justified,
    hyphenatedShare: full.length > 0 ? Math.round((hyphenated / full.length) * 1000) / 10 : 0,
    longestRun,
    shortCarry,
    compoundBreaks,
    pageEndHyphens,
    paragraphEndHyphens,
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
  // Every character some embedded font maps a glyph to (ToUnicode `bfchar` and `bfrange`).
  const mapped = new Set()
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
      for (const block of decoded.match(/beginbfchar[\s\S]*?endbfchar/g) ?? []) {
        softHyphens += (block.match(/^\s*<[\dA-F]+>[ \t]*<00AD>\s*$/gim) ?? []).length
        for (const [, target] of block.matchAll(/<[\dA-F]+>\s*<([\dA-F]+)>/gi)) for (const character of utf16(target)) mapped.add(character)
      }
      for (const block of decoded.match(/beginbfrange[\s\S]*?endbfrange/g) ?? []) {
        for (const [, low, high, target] of block.matchAll(/<([\dA-F]+)>\s*<([\dA-F]+)>\s*<([\dA-F]+)>/gi)) {
          const first = utf16(target).codePointAt(0)
          for (let offset = 0; offset <= Number.parseInt(high, 16) - Number.parseInt(low, 16); offset++) mapped.add(String.fromCodePoint(first + offset))
        }
      }
    }
  }
  return {softHyphens, mapped}
}

/**
 * Page-bottom notes (`span.brief-page-note` in the HTML) checked from the PDF:
 * each note's number followed by its first five words must be on the page of
 * its first call. A note whose opening words cannot be found anywhere (lost)
 * counts as off its page too.
 */
function notesOffTheirPage(html, pageTexts, calls) {
  const notes = selectAll('.brief-page-note', fromHtml(html))
  if (notes.length === 0) return undefined
  const off = []
  for (const note of notes) {
    const number = String(note.properties.dataBriefNote)
    const needle = number + tokens(toText(note)).slice(1, 6).join('')
    const page = pageTexts.findIndex((pageText) => pageText.includes(needle)) + 1
    if (page === 0 || page !== calls.get(number)) off.push(number)
  }
  return {notes: notes.length, off}
}

/** A ToUnicode hex string (UTF-16BE) as text. */
function utf16(hex) {
  const units = hex.match(/.{4}/g) ?? []
  return String.fromCharCode(...units.map((unit) => Number.parseInt(unit, 16)))
}

/** The scripts the done-when names: each of their characters must have a glyph in an embedded font. */
function namedScriptsPattern() {
  return /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Devanagari}\p{Script=Arabic}]/u
}

/**
 * Characters of the brief's text (the HTML's body, tags and the stylesheet
 * removed) that no font embedded in the PDF maps a glyph to: the fonts, not
 * a guess. Split into the named scripts and the rest (private-use symbols,
 * a scrape's mojibake), which keep their `text-not-printed` warning.
 * Devanagari and Arabic marks that only occur inside a shaped glyph (a
 * conjunct, a lam-alef: no one-to-one mapping) are not counted.
 */
function unprintedCharacters(html, mapped) {
  const entities = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0'}
  const body = html
    .replace(/<style[\s\S]*?<\/style>|<head[\s\S]*?<\/head>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x([\dA-F]+);|&#(\d+);|&([a-z]+);/gi, (whole, hex, decimal, name) =>
      hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : decimal ? String.fromCodePoint(Number(decimal)) : entities[name.toLowerCase()] ?? whole
    )
    .normalize('NFC')
  const namedScripts = namedScriptsPattern()
  const named = new Set()
  const other = new Set()
  for (const character of body) {
    // A compatibility form (the source's own `ﬁ`) prints as what it stands for.
    if (/[\s\p{Cc}\p{Cf}\p{M}]/u.test(character) || mapped.has(character) || [...character.normalize('NFKC')].every((part) => mapped.has(part))) continue
    if (/[\p{Script=Devanagari}\p{Script=Arabic}]/u.test(character) && !/\p{L}/u.test(character)) continue
    ;(namedScripts.test(character) ? named : other).add(character)
  }
  return {named: [...named].join(''), other: [...other].join('')}
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

/** Does a report meet each done-when bar? (Hyphenation bars depend on how the text is set.) */
export function bars(r) {
  return {
    'median chars/line 60-75': r.medianChars >= 60 && r.medianChars <= 75,
    'hyphenated <= 18% justified / 8% ragged': r.hyphenatedShare <= (r.justified ? 18 : 8),
    'run <= 3 justified / 2 ragged': r.longestRun <= (r.justified ? 3 : 2),
    'no carry < 3': r.shortCarry === 0,
    'no hyphen ending a page': r.pageEndHyphens === 0,
    'no hyphen ending a paragraph': r.paragraphEndHyphens === 0,
    'no soft hyphen, U+0000, U+FFFD': r.softHyphens === 0 && r.nul === 0 && r.replacement === 0,
    'no named-script character missing from the fonts': !r.unprintedNamed,
    'no missing glyph at all': r.missingGlyphs === 0,
    'no straight quote': r.straightQuotes === 0,
    'bookmarks = headings': r.bookmarks.equal === true,
    'page notes on their call page': !r.pageNotes || r.pageNotes.off.length === 0
  }
}

/** One line per bar: how many PDFs meet it, and the range of its figure; never a file name. */
function aggregate(reports) {
  const range = (values) => (values.length ? `${Math.min(...values)}–${Math.max(...values)}` : 'n/a')
  const figures = {
    'median chars/line 60-75': range(reports.map((r) => r.medianChars)),
    'hyphenated <= 18% justified / 8% ragged': range(reports.map((r) => r.hyphenatedShare)) + '%',
    'run <= 3 justified / 2 ragged': range(reports.map((r) => r.longestRun)),
    'no carry < 3': range(reports.map((r) => r.shortCarry)),
    'no hyphen ending a page': range(reports.map((r) => r.pageEndHyphens)),
    'no hyphen ending a paragraph': range(reports.map((r) => r.paragraphEndHyphens)),
    'no soft hyphen, U+0000, U+FFFD': range(reports.map((r) => r.softHyphens + r.nul + r.replacement)),
    'no named-script character missing from the fonts': range(reports.map((r) => [...(r.unprintedNamed ?? '')].length)),
    'no missing glyph at all': range(reports.map((r) => r.missingGlyphs)),
    'no straight quote': range(reports.map((r) => r.straightQuotes)),
    'bookmarks = headings': '',
    'page notes on their call page': range(reports.filter((r) => r.pageNotes).map((r) => r.pageNotes.off.length))
  }
  const verdicts = reports.map(bars)
  const set = reports.filter((r) => r.justified).length
  const lines = [`${reports.length} PDFs (${set} justified, ${reports.length - set} ragged), ${reports.reduce((sum, r) => sum + r.pages, 0)} pages, ${reports.reduce((sum, r) => sum + r.fullLines, 0)} full lines`, '', '| bar | PDFs meeting it | range |', '| --- | --- | --- |']
  for (const bar of Object.keys(figures)) lines.push(`| ${bar} | ${verdicts.filter((verdict) => verdict[bar]).length}/${reports.length} | ${figures[bar]} |`)
  return lines.join('\n')
}

function table(reports) {
  const head = '| PDF | pages | full lines | chars/line median | p95 | set | hyphenated | longest run | carry < 3 | hyphen ends page | hyphen ends paragraph | compound breaks | straight quotes | spaced hyphens | soft hyphens | U+0000 | U+FFFD | missing glyphs | not in fonts: named scripts | not in fonts: other | bookmarks = headings | page notes off their call’s page |'
  const rule = '|' + ' --- |'.repeat(22)
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
      r.pageEndHyphens,
      r.paragraphEndHyphens,
      r.compoundBreaks,
      r.straightQuotes,
      r.spacedHyphens,
      r.softHyphens,
      r.nul,
      r.replacement,
      r.missingGlyphs,
      r.unprintedNamed ? [...r.unprintedNamed].length : 0,
      r.unprintedOther ? [...r.unprintedOther].length : 0,
      r.bookmarks.headings === undefined ? `${r.bookmarks.count} (no HTML)` : r.bookmarks.equal ? `yes (${r.bookmarks.count})` : `no: ${r.bookmarks.count} vs ${r.bookmarks.headings}${r.bookmarks.doubled ? `, ${r.bookmarks.doubled} doubled` : ''}`,
      r.pageNotes ? `${r.pageNotes.off.length} of ${r.pageNotes.notes}${r.pageNotes.off.length ? ` (${r.pageNotes.off.slice(0, 5).join(', ')})` : ''}` : 'endnotes'
    ].join(' | ')
  )
  return [head, rule, ...lines.map((line) => `| ${line} |`)].join('\n')
}
