#!/usr/bin/env node
/**
 * `npm run corpus -- [folder] [--expected file] [--set all|tune|holdout|postmortem] [--out dir] [--json]`
 *
 * The recognizer against real articles: builds every article of a folder to
 * Markdown and HTML (into --out, default output/corpus/), compares each with
 * its ground truth (expected.json: title, authors, date, markers, notes,
 * headings, first and last body words) and prints a row per file and one
 * summary line. A tool, like `npm run bench`: not a test (the ratchet test
 * reuses `scoreCorpus`). Needs `npm run build` first (it runs dist/).
 *
 * Sets: the holdout is a fixed rule chosen before tuning. Round one (session 2)
 * held out the files numbered ≡ 1 (mod 3); its blind figures were reported and
 * those files were then opened as a post-mortem, except a third of them kept
 * unread by a second fixed rule, number ≡ 4 (mod 9) (04, 13, 22, 31, 40): the
 * current holdout. `--set tune` shows every other file; `--set holdout`
 * prints only the summary line for the held-out ones; `--set postmortem` is
 * round one's holdout minus the current one (files opened after their blind
 * score was taken).
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {basename, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'

const root = fileURLToPath(new URL('../', import.meta.url))
const dist = (path) => new URL(`../dist/${path}`, import.meta.url).href

/** The leading number of a corpus file name, or NaN. */
function fileNumber(name) {
  const number = /^(\d+)/.exec(name)
  return number === null ? Number.NaN : Number(number[1])
}

/** Round one's holdout (session 2), opened afterwards as a post-mortem: number ≡ 1 (mod 3). */
export function isRoundOneHoldout(name) {
  return fileNumber(name) % 3 === 1
}

/** The current holdout, still unread: number ≡ 4 (mod 9), a third of round one's. */
export function isHoldout(name) {
  return fileNumber(name) % 9 === 4
}

/** Whether file `name` belongs to `set` (all, tune, holdout or postmortem). */
export function inSet(name, set) {
  if (set === 'all') return true
  if (set === 'holdout') return isHoldout(name)
  if (set === 'postmortem') return isRoundOneHoldout(name) && !isHoldout(name)
  return !isHoldout(name)
}

// ── comparison ──────────────────────────────────────────────────────────────

/** NFKC, straight quotes, one kind of dash, lower case, single spaces: how titles and names are compared. */
export function normalizeLabel(value) {
  return String(value ?? '')
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212\u2E3A\u2E3B]/g, '-')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/** Letters and digits only, lower case: how body edges are compared (ignoring case, punctuation and spaces). */
export function normalizeWords(value) {
  return String(value ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

function sameAuthors(found, expected) {
  const a = new Set(found.map(normalizeLabel))
  const b = new Set(expected.map(normalizeLabel))
  return a.size === b.size && [...b].every((name) => a.has(name))
}

/** Plain text of an mdast node (no markers, no notes). */
function textOf(node) {
  if (node.type === 'footnoteReference' || node.type === 'footnoteDefinition') return ''
  if (typeof node.value === 'string') return node.type === 'html' || node.type === 'yaml' ? '' : node.value
  if (Array.isArray(node.children)) return node.children.map(textOf).join(' ')
  return ''
}

/** The body as printed: every top-level block but headings, notes and front matter. */
function bodyText(tree) {
  return tree.children
    .filter((node) => !['heading', 'footnoteDefinition', 'yaml', 'html', 'definition', 'thematicBreak'].includes(node.type))
    .map(textOf)
    .join(' ')
}

function headingsOf(tree) {
  const found = []
  const visit = (node) => {
    if (node.type === 'heading') found.push(textOf(node).replace(/\s+/g, ' ').trim())
    else if (Array.isArray(node.children) && node.type !== 'footnoteDefinition') node.children.forEach(visit)
  }
  visit(tree)
  return found
}

/** Footnote references whose definition exists, by original label; and the definitions. */
function notesOf(tree) {
  const definitions = new Set()
  const references = []
  const visit = (node) => {
    if (node.type === 'footnoteDefinition') definitions.add(node.identifier)
    if (node.type === 'footnoteReference') references.push(node.identifier)
    if (Array.isArray(node.children)) node.children.forEach(visit)
  }
  visit(tree)
  const linked = references.filter((identifier) => definitions.has(identifier)).length
  return {definitions: definitions.size, references: references.length, linked}
}

/** Compare one recognized article with its ground truth. */
export function scoreArticle({tree, brief, lost, messages}, expected) {
  const body = bodyText(tree)
  const lead = [brief.summary, ...(brief.keyPoints ?? [])].filter(Boolean).join(' ')
  const start = normalizeWords(expected.firstBodyWords)
  const end = normalizeWords(expected.lastBodyWords)
  const bodyWords = normalizeWords(body)
  const headings = headingsOf(tree)
  const expectedHeadings = expected.headings ?? []
  const headingSet = new Set(headings.map(normalizeLabel))
  const expectedSet = new Set(expectedHeadings.map(normalizeLabel))
  const notes = notesOf(tree)
  // Markers whose note is in the file: a file with no notes list has none to link.
  const linkable = expected.notesList ? Math.min(expected.markers, expected.notes) : 0
  const linked = Math.min(notes.linked, linkable)
  return {
    title: normalizeLabel(brief.title) === normalizeLabel(expected.title),
    foundTitle: brief.title ?? '',
    authors: sameAuthors((brief.authors ?? []).map((author) => author.name), expected.authors ?? []),
    foundAuthors: (brief.authors ?? []).map((author) => author.name),
    date: expected.date ? String(brief.date ?? '').startsWith(expected.date) : null,
    start: start.length > 0 && (bodyWords.startsWith(start) || normalizeWords(lead + ' ' + body).startsWith(start)),
    end: end.length > 0 && bodyWords.endsWith(end),
    headingsExpected: expectedHeadings.length,
    headingsFound: expectedHeadings.filter((heading) => headingSet.has(normalizeLabel(heading))).length,
    headingsExtra: headings.filter((heading) => !expectedSet.has(normalizeLabel(heading))).length,
    linkable,
    linked,
    // Without marker positions in the ground truth, links beyond the linkable count are the false ones we can prove.
    falseLinks: Math.max(0, notes.linked - linkable),
    notesExpected: expected.notesList ? expected.notes : 0,
    notesFound: notes.definitions,
    lostWords: [...lost.values()].reduce((sum, count) => sum + count, 0),
    warnings: messages.filter((message) => message.fatal === false).length,
    errors: messages.filter((message) => message.fatal === true).length
  }
}

// ── building ────────────────────────────────────────────────────────────────

async function loadPipeline() {
  const [{remarkBriefArticle}, {remarkBriefMeta}, {remarkBriefNotes}, build, words] = await Promise.all([
    import(dist('article/index.js')),
    import(dist('meta/index.js')),
    import(dist('notes/index.js')),
    import(dist('build/public.js')),
    import(dist('article/words.js'))
  ])
  return {remarkBriefArticle, remarkBriefMeta, remarkBriefNotes, build, words}
}

/** Build one article: the recognized tree (original labels), its Markdown and HTML, its messages. */
async function buildArticle(pipeline, path, value) {
  const {remarkBriefArticle, remarkBriefMeta, remarkBriefNotes, build, words} = pipeline
  const format = build.formatOf(path)
  // The recognizer alone: original note labels, for counting links and checking no word is lost.
  const recognized = new VFile({path, value})
  const reader = format === 'text' ? unified().use(remarkBriefArticle).use(remarkBriefMeta) : null
  let tree
  if (reader) {
    tree = reader.runSync(reader.parse(recognized), recognized)
  } else {
    const html = build.createBriefProcessor({format})
    tree = html.parse(recognized)
  }
  const brief = recognized.data.brief ?? {authors: [], removed: []}
  const lost = words.lostWords(value, tree, brief)

  // Markdown as a user's `brief fix` would write it: renumbered notes.
  const markdownFile = new VFile({path, value})
  const markdownProcessor = (format === 'text' ? unified().use(remarkBriefArticle) : build.createBriefProcessor({format}))
  const fixed = unified().use(remarkBriefMeta).use(remarkBriefNotes).use(remarkGfm).use(remarkStringify)
  const markdownTree = fixed.runSync(markdownProcessor.parse(markdownFile), markdownFile)
  const markdown = fixed.stringify(markdownTree, markdownFile)

  const htmlFile = new VFile({path, value})
  const html = String(build.createBriefProcessor({format}).processSync(htmlFile))
  const messages = htmlFile.messages.map((message) => ({ruleId: message.ruleId, fatal: message.fatal, reason: message.reason}))
  return {tree, brief, lost, markdown, html, messages}
}

/** Score every article of `folder` against `expectedPath`; `set` picks the files (see `inSet`). */
export async function scoreCorpus({folder, expectedPath, set = 'all', out}) {
  const expected = JSON.parse(readFileSync(expectedPath, 'utf8'))
  const pipeline = await loadPipeline()
  const names = readdirSync(folder)
    .filter((name) => name in expected)
    .filter((name) => inSet(name, set))
    .sort()
  if (out) mkdirSync(out, {recursive: true})
  const rows = []
  for (const name of names) {
    const path = join(folder, name)
    const value = readFileSync(path, 'utf8')
    try {
      const built = await buildArticle(pipeline, path, value)
      if (out) {
        const stem = name.replace(/\.[^.]+$/, '')
        writeFileSync(join(out, `${stem}.md`), built.markdown)
        writeFileSync(join(out, `${stem}.html`), built.html)
      }
      rows.push({name, built: true, ...scoreArticle(built, expected[name])})
    } catch (error) {
      rows.push({name, built: false, error: String(error?.stack ?? error)})
    }
  }
  return {rows, summary: summarize(rows)}
}

const percent = (part, whole) => (whole === 0 ? 100 : Math.round((1000 * part) / whole) / 10)

/** The figures the bar is stated in. */
export function summarize(rows) {
  const built = rows.filter((row) => row.built)
  const sum = (key) => built.reduce((total, row) => total + row[key], 0)
  const linkable = sum('linkable')
  const linked = sum('linked')
  const falseLinks = sum('falseLinks')
  const heavy = built.filter((row) => row.linkable >= 10)
  const perFile = heavy.map((row) => percent(row.linked, row.linkable))
  const notesExpected = sum('notesExpected')
  const notesFound = built.reduce((total, row) => total + Math.min(row.notesFound, row.notesExpected), 0)
  const share = (key) => percent(built.filter((row) => row[key]).length, rows.length)
  const dated = built.filter((row) => row.date !== null)
  return {
    files: rows.length,
    built: built.length,
    markersLinkedPct: percent(linked, linkable),
    worstFileLinkedPct: perFile.length > 0 ? Math.min(...perFile) : 100,
    filesUnder90: perFile.filter((value) => value < 90).length,
    falseLinksPct: percent(falseLinks, Math.max(1, linked + falseLinks)),
    notesFoundPct: percent(notesFound, notesExpected),
    titlePct: share('title'),
    authorsPct: share('authors'),
    datePct: percent(dated.filter((row) => row.date).length, dated.length),
    startPct: share('start'),
    endPct: share('end'),
    headingsFoundPct: percent(sum('headingsFound'), sum('headingsExpected')),
    headingsExtra: sum('headingsExtra'),
    lostWords: sum('lostWords')
  }
}

// ── printing ────────────────────────────────────────────────────────────────

const mark = (value) => (value === null ? '–' : value ? '✓' : '✗')

export function formatTable(rows) {
  const lines = [
    '| file | built | title | authors | date | start | end | headings found/expected (+extra) | markers linked/linkable (false) | notes found/expected | lost words | warnings |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|'
  ]
  for (const row of rows) {
    if (!row.built) {
      lines.push(`| ${row.name} | ✗ ${row.error.split('\n')[0]} |||||||||||`)
      continue
    }
    lines.push(
      `| ${row.name} | ✓ | ${mark(row.title)} | ${mark(row.authors)} | ${mark(row.date)} | ${mark(row.start)} | ${mark(row.end)} | ${row.headingsFound}/${row.headingsExpected} (+${row.headingsExtra}) | ${row.linked}/${row.linkable} (${row.falseLinks}) | ${row.notesFound}/${row.notesExpected} | ${row.lostWords} | ${row.warnings} |`
    )
  }
  return lines.join('\n')
}

export function formatSummary(summary, label = 'corpus') {
  const s = summary
  return (
    `${label}: ${s.built}/${s.files} built; markers linked ${s.markersLinkedPct}% pooled, worst file ${s.worstFileLinkedPct}% ` +
    `(${s.filesUnder90} under 90%); false links ${s.falseLinksPct}%; notes found ${s.notesFoundPct}%; ` +
    `title ${s.titlePct}%, authors ${s.authorsPct}%, date ${s.datePct}%; body start ${s.startPct}%, end ${s.endPct}%; ` +
    `headings ${s.headingsFoundPct}% (+${s.headingsExtra} extra); words lost ${s.lostWords}`
  )
}

async function main() {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {
      expected: {type: 'string'},
      set: {type: 'string', default: 'all'},
      out: {type: 'string'},
      json: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false}
    }
  })
  if (values.help) {
    console.log(`Usage: npm run corpus -- [folder] [--expected file] [--set all|tune|holdout|postmortem] [--out dir] [--json]

Builds every article of folder (default ../shared/corpus) to Markdown and HTML in --out
(default output/corpus), compares each with its ground truth (--expected, default
<folder>/expected.json) and prints a row per file and one summary line.
--set holdout prints the summary only (the holdout is files numbered ≡ 4 mod 9);
--set postmortem is round one's holdout (≡ 1 mod 3) opened after its blind score.`)
    return
  }
  const folder = resolve(positionals[0] ?? join(root, '..', 'shared', 'corpus'))
  const expectedPath = resolve(values.expected ?? join(folder, 'expected.json'))
  if (!existsSync(folder) || !existsSync(expectedPath)) {
    console.error(`corpus: no ${existsSync(folder) ? expectedPath : folder}: give the folder and --expected <file>`)
    process.exitCode = 2
    return
  }
  if (!existsSync(fileURLToPath(dist('article/index.js')))) {
    console.error('corpus: dist/ is missing: run `npm run build` first')
    process.exitCode = 2
    return
  }
  if (!['all', 'tune', 'holdout', 'postmortem'].includes(values.set)) {
    console.error(`corpus: unexpected --set ${values.set}, expected all, tune, holdout or postmortem`)
    process.exitCode = 2
    return
  }
  const out = resolve(values.out ?? join(root, 'output', 'corpus'))
  const {rows, summary} = await scoreCorpus({folder, expectedPath, set: values.set, out})
  if (values.json) {
    console.log(JSON.stringify(values.set === 'holdout' ? {summary} : {rows, summary}, null, 2))
    return
  }
  if (values.set !== 'holdout') console.log(formatTable(rows) + '\n')
  console.log(formatSummary(summary, `${basename(folder)} (${values.set})`))
  if (summary.built < summary.files) process.exitCode = 1
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main()
