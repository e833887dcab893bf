/**
 * Character hygiene of scraped text: control characters (U+0003, U+0008…,
 * left by broken conversions) are read as spaces by `source.ts`; here each
 * kind is reported once, with its count and first place. Tab, line feed,
 * carriage return and form feed (a text dump's page break) are layout, not
 * reported.
 */
import type {VFile} from 'vfile'
import {report} from '../meta/report.js'
import type {Source} from './source.js'
import {holdsSpecial} from './source.js'

/** C0 and C1 control characters but tab, line feed, form feed and carriage return. */
const controlCharacter = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g

/** Report the control characters of the input, one message per code point. */
export function reportControlCharacters(source: Source, file: VFile): void {
  // Every character reported here is one `holdsSpecial` looks for: an input without any (most) is not searched again.
  if (!holdsSpecial(source.text)) return
  const found = new Map<number, {count: number; first: number}>()
  for (const match of source.text.matchAll(controlCharacter)) {
    const codePoint = match[0].charCodeAt(0)
    const seen = found.get(codePoint)
    if (seen) seen.count++
    else found.set(codePoint, {count: 1, first: match.index})
  }
  for (const [codePoint, {count, first}] of found) {
    const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
    report(file, `Unexpected control character ${name}${count > 1 ? ` (${count} times)` : ''} in the text, expected printable characters; dropped (read as a space)`, {
      ruleId: 'control-character',
      severity: 'warning',
      place: source.position(first, first + 1),
      data: {codePoint: name, count}
    })
  }
}
