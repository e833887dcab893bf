/**
 * Unicode superscript and subscript characters (`¹⁶`, `CO₂`, `x⁻¹`) printed
 * as `sup` and `sub` elements holding plain digits and signs.
 *
 * Why: our faces' font slices (latin, latin-ext…) hold `¹ ² ³` but not
 * U+2070–209F, so Chromium set `⁴`–`⁹` and every subscript in a system face
 * (DejaVu here, another elsewhere): a different look inside one number
 * (`¹⁶` mixed two faces) and a PDF that differs from machine to machine.
 * The recognizer writes a marker that points at no note as Unicode
 * superscripts (`$^{16}$` ▶ `¹⁶`, the Markdown it hands on stays plain text);
 * this is where the print gets it back as a raised number in our own face.
 */
import type {Element, ElementContent, Root, Text} from 'hast'

/** Runs of superscript characters: `¹ ² ³`, U+2070–207F (digits, `⁺ ⁻ ⁼ ⁽ ⁾`, `ⁱ ⁿ`). */
const superscriptRun = /[\u00B9\u00B2\u00B3\u2070\u2071\u2074-\u207F]+/
/** Runs of subscript characters: U+2080–209C (digits, signs, the few subscript letters). */
const subscriptRun = /[\u2080-\u208E\u2090-\u209C]+/
const eitherRun = new RegExp(`${superscriptRun.source}|${subscriptRun.source}`, 'g')
/** Whether a text holds either kind: one class, the union of the two (an alternation of two classes tried both at every position of every text). */
const hasEither = /[\u00B2\u00B3\u00B9\u2070\u2071\u2074-\u208E\u2090-\u209C]/

/** Whether `value` holds a superscript or subscript character (what `eitherRun` would find). */
export function holdsScriptDigit(value: string): boolean {
  return hasEither.test(value)
}

/** Elements whose text is left as written: code, scripts, maths, and raised or lowered text already. */
export const keepAsWritten = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'math', 'svg', 'textarea', 'title'])

/** The class of the elements made here (the stylesheet sets their size and keeps the line's height). */
export const scriptDigitsClass = 'brief-script-digits'

/** `⁻¹⁶` ▶ `−16`, `₂` ▶ `2`: a run's characters in their plain forms. */
export function plainScriptText(run: string): string {
  return run.normalize('NFKC')
}

/**
 * Replace each run of superscript (subscript) characters in the text of
 * `tree` with a `sup` (`sub`) element holding its plain form. Inside a `sup`
 * or `sub` already, the characters are written plain (a raised `²` inside a
 * raised number would be raised twice).
 */
export function printScriptDigits(tree: Root | Element): void {
  const children = tree.children as Array<Root['children'][number]>
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!
    if (child.type === 'element') {
      if (keepAsWritten.has(child.tagName)) continue
      if (child.tagName === 'sup' || child.tagName === 'sub') plainInside(child)
      else printScriptDigits(child)
      continue
    }
    if (child.type !== 'text' || !holdsScriptDigit(child.value)) continue
    const parts = splitRuns(child)
    children.splice(index, 1, ...parts)
    index += parts.length - 1
  }
}

/** Text nodes and `sup`/`sub` elements for `text`, in order. */
export function splitRuns(text: Text): ElementContent[] {
  const parts: ElementContent[] = []
  let last = 0
  for (const match of text.value.matchAll(eitherRun)) {
    const start = match.index
    if (start > last) parts.push({type: 'text', value: text.value.slice(last, start)})
    const tagName = superscriptRun.test(match[0].charAt(0)) ? 'sup' : 'sub'
    parts.push({type: 'element', tagName, properties: {className: [scriptDigitsClass]}, children: [{type: 'text', value: plainScriptText(match[0])}]})
    last = start + match[0].length
  }
  if (last < text.value.length) parts.push({type: 'text', value: text.value.slice(last)})
  return parts
}

/** `value` with its superscript and subscript runs in their plain forms (inside a `sup` or `sub` already). */
export function plainScriptRuns(value: string): string {
  return value.replace(eitherRun, plainScriptText)
}

function plainInside(element: Element): void {
  for (const child of element.children) {
    if (child.type === 'text') {
      if (holdsScriptDigit(child.value)) child.value = plainScriptRuns(child.value)
    } else if (child.type === 'element' && !keepAsWritten.has(child.tagName)) plainInside(child)
  }
}
