/**
 * rehype-brief-template: the article body (hast from remark-rehype) ▶ the
 * whole brief document, by filling the named slots of an HTML template.
 *
 * Order inside the step: parse raw HTML and sanitise the body (the article is
 * untrusted, the template is not) ▶ typography (headings from h2, note calls
 * kept with their word, soft hyphens) ▶ merge the configuration into the
 * brief ▶ fill a copy of the template.
 */
import type {Element, ElementContent, Root, RootContent} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {h} from 'hastscript'
import type {VFile} from 'vfile'
import {briefOf} from '../meta/brief-data.js'
import {mergeBrief, type BriefDefaults} from '../meta/config.js'
import {report} from '../meta/report.js'
import type {BriefData, OrganizationConfig} from '../meta/types.js'
import {defaultCss, defaultTemplate} from './defaults.js'
import {cloneTree} from './clone.js'
import {setFiguresAndTables} from './figures.js'
import {labelsFor} from './labels.js'
import {contentsCss, contentsList} from './contents.js'
import {pageNotesCss, placeNotesInText} from './page-notes.js'
import {sanitizeBody} from './sanitize.js'
import {slotBuilders, type DateFormatters, type SlotContext} from './slots.js'
import {createSmartPunctuation, type Smarten} from './punctuation.js'
import {printScriptDigitsAndMarkLanguages, scriptFaces, scriptFamilies, scriptFontCss} from './scripts.js'
import {cleanTreeText, createTextHyphenators, demoteHeadings, hyphenateTree, joinNoteCalls, unfoldLigatures, withoutControlCharacters, type ControlCharacter} from './typography.js'
import {codePointName, setUnprintable, type Unprintable} from './unprintable.js'

export interface TemplateOptions {
  /** The template's HTML text (the build reads the file; plugins do no I/O). Default: `templates/brief.html`. */
  template?: string
  /** Stylesheet text, put in the `style` slot. Default: `templates/brief.css`. */
  css?: string
  /** Organization identity (from the configuration). */
  organization?: OrganizationConfig
  /** Series, language and paper for briefs that do not give them. */
  defaults?: BriefDefaults
  /** Insert soft hyphens in paragraphs (default `true`). */
  hyphenate?: boolean
  /** Typographer's punctuation: curly quotes, dashes, ellipses, no-break spaces (default `true`). */
  smartPunctuation?: boolean
}

/**
 * Fill the brief template.
 *
 * @param options
 *   Configuration (optional, JSON-serialisable).
 * @returns
 *   Transform: replaces the tree with the whole document.
 */
export function rehypeBriefTemplate(options: TemplateOptions | null | undefined = {}) {
  const settings = options ?? {}
  const template = fromHtml(settings.template ?? defaultTemplate)
  const css = settings.css ?? defaultCss
  const hyphenatorFor = createTextHyphenators()
  // The default language's patterns loaded with the processor (like the template, parsed above), not by its first
  // brief: 25–40 ms of `require` that a batch pays once either way.
  if (settings.hyphenate !== false) hyphenatorFor(settings.defaults?.lang ?? 'en')
  const hasNotesSlot = hasSlot(template, 'notes')
  const hasBodySlot = hasSlot(template, 'body')
  const hasScriptFontsSlot = hasSlot(template, 'script-fonts')
  const faces = scriptFaces()
  const punctuation = settings.smartPunctuation === false ? undefined : createSmartPunctuation()
  const dateFormatters: DateFormatters = new Map()

  return (tree: Root, file: VFile): Root => {
    const merged = mergeBrief(briefOf(file), settings.organization, settings.defaults)
    const organization = merged.organization
    const brief = typesetBrief(merged.brief, file, punctuation?.text)
    file.data.brief = brief

    const body = sanitizeBody(tree, file)
    // Control characters dropped (reported), ligatures unfolded, enclosed signs composed: one walk.
    reportControlCharacters(cleanTreeText(body), file)
    reportUnprintable(body, file)
    // The body's blocks, their text now set: what runs after adds only characters every face prints (typographer's
    // punctuation, soft and no-break spaces, the template's labels), so the slots' pass below leaves them alone.
    const printable = new Set<unknown>(body.children)
    demoteHeadings(body)
    joinNoteCalls(body)
    if (punctuation) punctuation.tree(body)
    let notes = takeNotes(body, labelsFor(brief.lang).notes)
    setFiguresAndTables(body)
    const hyphenate = settings.hyphenate === false ? undefined : hyphenatorFor(brief.lang)
    if (hyphenate) {
      hyphenateTree(body, hyphenate)
      if (notes) hyphenateTree(notes, hyphenate, noteBlocks)
    }
    // Contents first: a note moved into a heading must not reach its entry.
    const contents = contentsList(body, brief.contents, brief.lang)
    if (notes && brief.notes === 'page') notes = placeNotesInText(body, notes)
    if (contents && !hasSlot(template, 'contents')) body.children.unshift(contents)

    // Without a `notes` slot the notes go back where remark-rehype put them: at the end of the body.
    if (notes && !hasNotesSlot) body.children.push(notes)

    const bodyContent = body.children.filter((child): child is ElementContent => child.type !== 'doctype')
    // Only the slices of the CJK, Devanagari and Arabic faces this brief's text needs.
    const texts = textsOf(bodyContent)
    if (notes) textsOf([notes], texts)
    // The metadata the page prints (title, authors, record, …), not the page junk the recognizer removed: it never
    // prints, and its characters (a Chinese site's menus) declared ~30 unused Noto Sans SC slices on 16 of 34 corpus briefs.
    const {removed: _removed, ...printedBrief} = brief
    texts.push(JSON.stringify(printedBrief))
    const scriptCss = scriptFontCss(texts, faces)
    const context: SlotContext = {
      brief,
      organization,
      body: bodyContent,
      notes: hasNotesSlot ? notes : undefined,
      contents,
      css: stylesheet([hasScriptFontsSlot || !scriptCss ? [css] : [css, '\n', scriptCss], [contents ? contentsCss : ''], [brief.notes === 'page' ? pageNotesCss : '']]),
      scriptCss,
      pageStyle: pageStyle(brief, organization),
      dateFormatters
    }
    // Without a body slot the article would vanish: that template cannot make a brief.
    if (!hasBodySlot) {
      report(file, 'Unexpected template without a `body` slot, expected an element with `data-slot="body"`', {
        ruleId: 'missing-template-slot',
        severity: 'error',
        data: {slot: 'body'}
      })
    }

    const document = cloneTree(template)
    fill(document, context, file)
    // The metadata the slots printed (title, summary, authors…; the title prints twice, in Cite as too): the body's text was set before.
    reportUnprintable(document, file, true, printable)
    setLanguage(document, brief.lang)
    const bodyElement = findElement(document, 'body')
    if (bodyElement) {
      // After the slots are filled: a title's `CO₂` prints in our face as much as the body's `¹⁶`.
      printScriptDigitsAndMarkLanguages(bodyElement, brief.lang)
    }
    return document
  }
}

const noteBlocks = new Set(['p', 'li'])

/**
 * The brief's metadata as printed: control characters dropped (reported),
 * typographer's punctuation in the title, subtitle, summary and the other
 * texts the template prints (and the PDF's metadata repeats). URLs are kept.
 */
function typesetBrief(brief: BriefData, file: VFile, smarten: Smarten | undefined): BriefData {
  let dropped = 0
  const clean = (value: string): string => {
    const kept = withoutControlCharacters(value)
    dropped += value.length - kept.length
    const letters = unfoldLigatures(kept)
    return smarten ? smarten(letters) : letters
  }
  const maybe = (value: string | undefined): string | undefined => (value === undefined ? undefined : clean(value))
  const result: BriefData = {
    ...brief,
    title: maybe(brief.title),
    subtitle: maybe(brief.subtitle),
    shortTitle: maybe(brief.shortTitle),
    summary: maybe(brief.summary),
    disclaimer: maybe(brief.disclaimer),
    byline: maybe(brief.byline),
    keyPoints: brief.keyPoints?.map(clean),
    credits: brief.credits.map(clean),
    authors: brief.authors.map((author) => ({
      ...author,
      name: withoutControlCharacters(author.name),
      role: maybe(author.role),
      affiliation: maybe(author.affiliation),
      bio: maybe(author.bio)
    }))
  }
  for (const key of Object.keys(result) as Array<keyof BriefData>) if (result[key] === undefined && !(key in brief)) delete result[key]
  if (dropped > 0) {
    report(file, `Unexpected ${dropped} control character${dropped === 1 ? '' : 's'} in the brief's metadata, expected printable text; dropped`, {
      ruleId: 'control-character',
      severity: 'warning'
    })
  }
  return result
}

/** Report the control characters dropped from the body (U+0003 and the like, from broken conversions), a message each. */
function reportControlCharacters(dropped: readonly ControlCharacter[], file: VFile): void {
  for (const {codePoint, count, position} of dropped) {
    const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
    report(file, `Unexpected control character ${name}${count > 1 ? ` (${count} times)` : ''} in the text, expected printable characters; dropped`, {
      ruleId: 'control-character',
      severity: 'warning',
      place: position
    })
  }
}

/**
 * Private-use and other meaningless characters, and garbled words, as
 * placeholders (see unprintable.ts), each reported: the brief prints, but not
 * all of its text.
 */
function reportUnprintable(body: Root, file: VFile, once = false, done?: ReadonlySet<unknown>): void {
  const all = setUnprintable(body, done)
  for (const found of once ? onePerKind(all) : all) {
    if (found.kind === 'character') {
      const name = codePointName(found.codePoint)
      report(file, `Unexpected character ${name}${found.count > 1 ? ` (${found.count} times)` : ''} that no font can print (private use, unassigned or already lost), expected a character with a meaning of its own; printed as a box`, {
        ruleId: 'text-not-printed',
        severity: 'warning',
        place: found.position,
        data: {codePoint: name, count: found.count}
      })
    } else {
      report(file, `Unexpected garbled text \`${found.text.slice(0, 60)}\` (${found.scripts.join(', ')} in one word: glyph numbers or the wrong character map read as characters), expected words in one script; printed as a box`, {
        ruleId: 'garbled-text',
        severity: 'warning',
        place: found.position,
        data: {scripts: found.scripts}
      })
    }
  }
}

/** One entry per code point (counts added) and per garbled text, with no position: metadata repeated by the template is one finding. */
function onePerKind(all: Unprintable[]): Unprintable[] {
  const byKey = new Map<string, Unprintable>()
  for (const found of all) {
    const key = found.kind === 'character' ? `c${found.codePoint}` : `g${found.text}`
    const seen = byKey.get(key)
    if (seen && seen.kind === 'character' && found.kind === 'character') seen.count += found.count
    else if (!seen) byKey.set(key, {...found, position: undefined})
  }
  return [...byKey.values()]
}

/** The texts of some hast nodes, in order (for choosing font slices: read as one text, never joined). */
function textsOf(nodes: ReadonlyArray<Root['children'][number]>, texts: string[] = []): string[] {
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index]!
    if (node.type === 'text') texts.push(node.value)
    else if (node.type === 'element') textsOf(node.children, texts)
  }
  return texts
}

function findElement(node: Root | Element, tagName: string): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue
    if (child.tagName === tagName) return child
    const found = findElement(child, tagName)
    if (found) return found
  }
  return undefined
}

/** Take remark-rehype's footnote section out of the body (it goes in the `notes` slot). */
function takeNotes(body: Root, label: string): Element | undefined {
  const uncited = takeUncited(body)
  const index = body.children.findIndex((child) => child.type === 'element' && child.tagName === 'section' && child.properties?.dataFootnotes !== undefined)
  if (index < 0 && uncited.length === 0) return undefined
  const [section] =
    index < 0
      ? [h('section', {dataFootnotes: true, className: ['footnotes']}, [h('h2', {id: 'footnote-label'}, 'Footnotes'), h('ol', [])])]
      : (body.children.splice(index, 1) as [Element])
  // Uncited notes are numbered after the cited ones: they close the list.
  const list = section.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol')
  if (list) list.children.push(...uncited)
  const heading = section.children.find((child): child is Element => child.type === 'element' && /^h[1-6]$/.test(child.tagName))
  if (heading) {
    heading.tagName = 'h2'
    const current = heading.children.length === 1 && heading.children[0]!.type === 'text' ? heading.children[0]!.value : undefined
    // remark-rehype's default label; a label a host chose is kept.
    if (current === 'Footnotes') heading.children = [{type: 'text', value: label}]
    // The printed brief shows its notes heading.
    const classes = heading.properties?.className
    if (Array.isArray(classes)) heading.properties.className = classes.filter((name) => name !== 'sr-only')
  }
  useBackrefGlyph(section)
  return section
}

/** The notes that `uncitedNoteHandlers` left in the body as `ol[data-uncited]`, as list items. */
function takeUncited(body: Root): Element[] {
  const lists = body.children.filter(
    (child): child is Element => child.type === 'element' && child.tagName === 'ol' && child.properties?.dataUncited !== undefined
  )
  body.children = body.children.filter((child) => !lists.includes(child as Element))
  return lists.flatMap((list) => list.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li'))
}

/**
 * remark-rehype's back link is `↩` (U+21A9), which the brief's fonts lack (a
 * system font would be pulled in): print `↑` instead; the label stays.
 */
function useBackrefGlyph(node: Element): void {
  node.children.forEach((child, index) => {
    if (child.type !== 'element') return
    if (child.tagName === 'a' && child.properties?.dataFootnoteBackref !== undefined) {
      for (const text of child.children) if (text.type === 'text') text.value = text.value.replace(/\u21A9\uFE0E?/g, '\u2191')
      // A no-break space before the arrow: it never sits alone on the last line of a note.
      const before = node.children[index - 1]
      if (before?.type === 'text') before.value = before.value.replace(/[ \t\n]+$/, '\u00A0')
    } else useBackrefGlyph(child)
  })
}

/**
 * The stylesheet as pieces printed one after another: the parts that are not
 * empty, a line break between two. Joined, it was a string of ~75 K
 * characters (two-byte: a large allocation of fresh memory) made for each
 * brief with script faces, only to be copied again into the page's HTML.
 */
function stylesheet(parts: ReadonlyArray<readonly string[]>): string[] {
  const pieces: string[] = []
  for (const part of parts) {
    if (part.every((piece) => piece === '')) continue
    if (pieces.length > 0) pieces.push('\n')
    pieces.push(...part)
  }
  return pieces
}

/** Replace each `data-slot` element's children; drop it when the slot is empty; report unknown slots. */
function fill(node: Root | Element, context: SlotContext, file: VFile): void {
  const kept: RootContent[] = []
  for (const child of node.children) {
    if (child.type === 'element') {
      const slot = child.properties?.dataSlot
      if (typeof slot === 'string') {
        const builder = Object.hasOwn(slotBuilders, slot) ? slotBuilders[slot] : undefined
        if (!builder) {
          report(file, `Unexpected unknown template slot \`${slot}\`, expected one of ${Object.keys(slotBuilders).map((name) => `\`${name}\``).join(', ')}`, {
            ruleId: 'unknown-template-slot',
            severity: 'warning',
            data: {slot, templatePosition: child.position ?? null}
          })
          kept.push(child)
          continue
        }
        const content = builder(context)
        if (content.length === 0) continue
        delete child.properties.dataSlot
        child.children = content
        kept.push(child)
        continue
      }
      fill(child, context, file)
    }
    kept.push(child)
  }
  node.children = kept as typeof node.children
}

function hasSlot(node: Root | Element, name: string): boolean {
  return node.children.some((child) => child.type === 'element' && (child.properties?.dataSlot === name || hasSlot(child, name)))
}

function setLanguage(document: Root, lang: string): void {
  const html = document.children.find((child): child is Element => child.type === 'element' && child.tagName === 'html')
  if (html) html.properties.lang = lang
}

/**
 * Per-brief print CSS: paper size, running head (short title, else the
 * organization), brand colour. Values are escaped as CSS strings, so a title
 * cannot close the rule or the `<style>` element.
 */
export function pageStyle(brief: BriefData, organization: OrganizationConfig): string {
  const head = shorten(brief.shortTitle ?? organization.shortName ?? organization.name ?? brief.organization ?? brief.title ?? '', 70)
  const rules = [
    `@page { size: ${brief.paper === 'Letter' ? 'letter' : 'A4'}; @top-center { content: ${cssString(head)}; } }`,
    '@page :first { @top-center { content: none; } }'
  ]
  const labels = labelsFor(brief.lang)
  if (labels.page !== 'Page' || labels.of !== 'of') {
    rules.push(`@page { @bottom-center { content: ${cssString(labels.page + ' ')} counter(page) ${cssString(' ' + labels.of + ' ')} counter(pages); } }`)
  }
  if (organization.brandColor && isCssColour(organization.brandColor)) rules.push(`:root { --brief-brand: ${organization.brandColor}; }`)
  return rules.join('\n')
}

/** At most `limit` characters, cut at a word, with an ellipsis: a running head stays on one line. */
function shorten(value: string, limit: number): string {
  const text = value.replace(/\s+/g, ' ').trim()
  if ([...text].length <= limit) return text
  const cut = [...text].slice(0, limit - 1).join('')
  return cut.replace(/\s+\S*$/, '') + '…'
}

/** A CSS string literal: everything but plain ASCII letters, digits, space and safe punctuation is a hex escape. */
export function cssString(value: string): string {
  let result = '"'
  for (const character of value) {
    result += /[A-Za-z\d .,:;!?()-]/.test(character) ? character : `\\${character.codePointAt(0)!.toString(16)} `
  }
  return result + '"'
}

export function isCssColour(value: string): boolean {
  return /^(#[\da-f]{3,8}|[a-z]{3,30}|(rgb|hsl)a?\([\d., %]+\))$/i.test(value)
}

export {rehypeBriefSanitize, briefSanitizeSchema} from './sanitize.js'
export {templateAssets} from './assets.js'
export type {TemplateAsset} from './assets.js'
export default rehypeBriefTemplate
