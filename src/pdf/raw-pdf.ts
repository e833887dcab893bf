/**
 * A small reader and writer for the PDF shape Chromium prints: one classic
 * cross-reference table, no object streams, no encryption, generation 0.
 * The metadata pass reads only the objects it touches (catalog, page tree,
 * outline, links, fonts' ToUnicode maps, content streams) instead of
 * parsing every object with pdf-lib, and writes the finished file by copying
 * the untouched objects' bytes as Chromium wrote them (the structure tree,
 * fonts, images: most of the file), packed into object streams as pdf-lib's
 * save packs them, so the file is no larger. Anything else gives
 * `undefined` (`openRaw`) or throws `RawShapeError`, and the caller takes
 * the pdf-lib path.
 */
import {inflateSync, deflateSync} from 'node:zlib'

/** A number, boolean or `null`, as written. */
export interface RawAtom {
  kind: 'atom'
  raw: string
}
/** A name as written, with its slash (`/Type`, escapes kept). */
export interface RawName {
  kind: 'name'
  raw: string
}
export interface RawRef {
  kind: 'ref'
  num: number
}
/** A literal or hex string: `raw` as written, `bytes` its decoded bytes as Latin-1. */
export interface RawString {
  kind: 'string'
  raw: string
  bytes: string
}
export interface RawArray {
  kind: 'array'
  items: RawValue[]
}
/** Keys are names as written (`/Type`), in the order read. */
export interface RawDict {
  kind: 'dict'
  entries: Map<string, RawValue>
}
export type RawValue = RawAtom | RawName | RawRef | RawString | RawArray | RawDict

/** An indirect object: its value and, for a stream, where its data lies in the file. */
export interface RawObject {
  value: RawValue
  stream?: {start: number; end: number}
}

/** The print outside the pdf-lib path's shape: the caller falls back to pdf-lib. */
export class RawShapeError extends Error {}

export interface RawPdf {
  bytes: Uint8Array
  /** The file as Latin-1: one character a byte, so positions are byte offsets. */
  source: string
  /** Object number ▶ byte offset of its `N 0 obj`; 0 for a free entry. */
  offsets: number[]
  trailer: RawDict
  /** Objects parsed so far. */
  parsed: Map<number, RawObject>
  /** Decoded stream text by object number (content streams are read by several passes). */
  decoded: Map<number, string>
  /** Object number ▶ where its text ends: the next object's offset, or the cross-reference table's. */
  limits: Map<number, number>
}

const fail = (what: string): never => {
  throw new RawShapeError(`Unexpected ${what} in a printed PDF`)
}

/** Whitespace and delimiters, by character code: 1 whitespace, 2 delimiter. */
const classes = new Uint8Array(256)
for (const character of ' \t\r\n\f\0') classes[character.charCodeAt(0)] = 1
for (const character of '()<>[]{}/%') classes[character.charCodeAt(0)] = 2

/** Open a print for the raw path, or `undefined` when it is not in Chromium's shape. */
export function openRaw(bytes: Uint8Array): RawPdf | undefined {
  try {
    return open(bytes)
  } catch (error) {
    if (error instanceof RawShapeError) return undefined
    throw error
  }
}

function open(bytes: Uint8Array): RawPdf {
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  if (!source.startsWith('%PDF-')) fail('header')
  const startxref = source.lastIndexOf('startxref')
  if (startxref < 0) fail('end of file')
  const xref = Number.parseInt(source.slice(startxref + 9, startxref + 40).trim(), 10)
  if (!Number.isInteger(xref) || !source.startsWith('xref', xref)) fail('cross-reference section')
  const offsets: number[] = []
  let at = xref + 4
  const token = (): string => {
    while (classes[source.charCodeAt(at)] === 1) at++
    const start = at
    while (at < source.length && classes[source.charCodeAt(at)] === 0) at++
    return source.slice(start, at)
  }
  for (;;) {
    const first = token()
    if (first === 'trailer') break
    const count = Number(token())
    if (!/^\d+$/.test(first) || !Number.isInteger(count)) fail('cross-reference subsection')
    for (let index = 0; index < count; index++) {
      const offset = token()
      const generation = token()
      const type = token()
      const number = Number(first) + index
      if (type === 'n') {
        if (generation !== '00000') fail('object generation')
        offsets[number] = Number(offset)
      } else if (type === 'f') offsets[number] = 0
      else fail('cross-reference entry')
    }
  }
  const [trailer] = parseValue(source, at)
  if (trailer.kind !== 'dict') return fail('trailer')
  for (const key of ['/Prev', '/Encrypt', '/XRefStm']) if (trailer.entries.has(key)) fail(`trailer ${key}`)
  const size = Number(atomOf(trailer.entries.get('/Size')))
  if (!Number.isInteger(size) || size < offsets.length) fail('trailer /Size')
  for (let number = 0; number < size; number++) offsets[number] ??= 0
  const starts = offsets.map((offset, number) => [offset, number] as const).filter(([offset]) => offset > 0)
  starts.sort((a, b) => a[0] - b[0])
  const limits = new Map<number, number>()
  starts.forEach(([offset, number], index) => {
    const limit = index + 1 < starts.length ? starts[index + 1]![0] : xref
    if (limit <= offset) fail('object offsets')
    limits.set(number, limit)
  })
  return {bytes, source, offsets, trailer, parsed: new Map(), decoded: new Map(), limits}
}

function atomOf(value: RawValue | undefined): string | undefined {
  return value?.kind === 'atom' ? value.raw : undefined
}

/** The object `number` (parsed once), or `undefined` when it is free or absent. */
export function object(pdf: RawPdf, number: number): RawObject | undefined {
  const known = pdf.parsed.get(number)
  if (known) return known
  const offset = pdf.offsets[number]
  if (!offset) return undefined
  const {source} = pdf
  const header = /(\d+)\s+0\s+obj\b/y
  header.lastIndex = offset
  const match = header.exec(source)
  if (!match || Number(match[1]) !== number) fail('object offset')
  let [value, at] = parseValue(source, header.lastIndex)
  while (classes[source.charCodeAt(at)] === 1) at++
  const found: RawObject = {value}
  if (source.startsWith('stream', at) && value.kind === 'dict') {
    at += 6
    if (source.charCodeAt(at) === 13) at++
    if (source.charCodeAt(at) === 10) at++
    const length = resolve(pdf, value.entries.get('/Length'))
    const bytes = Number(atomOf(length))
    if (!Number.isInteger(bytes) || bytes < 0) fail('stream length')
    const end = at + bytes
    if (!/^\s*endstream/.test(source.slice(end, end + 12))) fail('stream end')
    found.stream = {start: at, end}
  }
  pdf.parsed.set(number, found)
  return found
}

/** A value with a reference followed (once: Chromium nests no reference chains). */
export function resolve(pdf: RawPdf, value: RawValue | undefined): RawValue | undefined {
  return value?.kind === 'ref' ? object(pdf, value.num)?.value : value
}

/** The dictionary `value` is or refers to. */
export function dictOf(pdf: RawPdf, value: RawValue | undefined): RawDict | undefined {
  const resolved = resolve(pdf, value)
  return resolved?.kind === 'dict' ? resolved : undefined
}

export function arrayOf(pdf: RawPdf, value: RawValue | undefined): RawArray | undefined {
  const resolved = resolve(pdf, value)
  return resolved?.kind === 'array' ? resolved : undefined
}

/** A stream's data decoded, as Latin-1 text: Flate alone (all Chromium writes), or `undefined` for another filter chain. */
export function streamText(pdf: RawPdf, number: number): string | undefined {
  const known = pdf.decoded.get(number)
  if (known !== undefined) return known
  const found = object(pdf, number)
  if (!found?.stream || found.value.kind !== 'dict') return undefined
  const filter = found.value.entries.get('/Filter')
  const data = pdf.bytes.subarray(found.stream.start, found.stream.end)
  let text: string
  if (filter === undefined) text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1')
  else if (filter.kind === 'name' && filter.raw === '/FlateDecode' && !found.value.entries.has('/DecodeParms')) text = inflateSync(data).toString('latin1')
  else return undefined
  pdf.decoded.set(number, text)
  return text
}

/**
 * One value at `at` (whitespace and comments skipped first), and the
 * position after it. Keeps each string's and name's text as written, so a
 * value written back is the bytes it was.
 */
export function parseValue(source: string, at: number): [RawValue, number] {
  for (;;) {
    while (classes[source.charCodeAt(at)] === 1) at++
    if (source.charCodeAt(at) !== 37 /* % */) break
    while (at < source.length && source.charCodeAt(at) !== 10 && source.charCodeAt(at) !== 13) at++
  }
  const code = source.charCodeAt(at)
  if (code === 60 /* < */) {
    if (source.charCodeAt(at + 1) === 60) {
      const entries = new Map<string, RawValue>()
      at += 2
      for (;;) {
        while (classes[source.charCodeAt(at)] === 1) at++
        if (source.startsWith('>>', at)) return [{kind: 'dict', entries}, at + 2]
        const [key, afterKey] = parseValue(source, at)
        if (key.kind !== 'name') fail('dictionary key')
        const [value, afterValue] = parseValue(source, afterKey)
        entries.set((key as RawName).raw, value)
        at = afterValue
      }
    }
    const end = source.indexOf('>', at)
    if (end < 0) fail('hex string')
    const hex = source.slice(at + 1, end).replace(/\s+/g, '')
    if (!/^[\dA-Fa-f]*$/.test(hex)) fail('hex string')
    const even = hex.length % 2 === 0 ? hex : hex + '0'
    return [{kind: 'string', raw: source.slice(at, end + 1), bytes: Buffer.from(even, 'hex').toString('latin1')}, end + 1]
  }
  if (code === 40 /* ( */) return literalString(source, at)
  if (code === 91 /* [ */) {
    const items: RawValue[] = []
    at++
    for (;;) {
      while (classes[source.charCodeAt(at)] === 1) at++
      if (source.charCodeAt(at) === 93) return [{kind: 'array', items}, at + 1]
      if (at >= source.length) fail('array')
      const [item, after] = parseValue(source, at)
      items.push(item)
      at = after
    }
  }
  if (code === 47 /* / */) {
    let end = at + 1
    while (end < source.length && classes[source.charCodeAt(end)] === 0) end++
    return [{kind: 'name', raw: source.slice(at, end)}, end]
  }
  let end = at
  while (end < source.length && classes[source.charCodeAt(end)] === 0) end++
  const word = source.slice(at, end)
  if (word === '') fail('token')
  // `N 0 R`: a reference.
  if (/^\d+$/.test(word)) {
    const reference = /\s+(\d+)\s+R(?=[\s()<>[\]{}/%]|$)/y
    reference.lastIndex = end
    const match = reference.exec(source)
    if (match) {
      if (match[1] !== '0') fail('reference generation')
      return [{kind: 'ref', num: Number(word)}, reference.lastIndex]
    }
  }
  if (!/^(?:[+-]?(?:\d+\.?\d*|\.\d+)|true|false|null)$/.test(word)) fail(`token ${word.slice(0, 20)}`)
  return [{kind: 'atom', raw: word}, end]
}

const escapes: Record<string, string> = {n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\'}

function literalString(source: string, start: number): [RawString, number] {
  let depth = 0
  let bytes = ''
  let at = start
  for (;;) {
    if (at >= source.length) fail('literal string')
    const character = source[at]!
    if (character === '\\') {
      const next = source[at + 1] ?? ''
      if (next in escapes) {
        bytes += escapes[next]
        at += 2
      } else if (/[0-7]/.test(next)) {
        const octal = /[0-7]{1,3}/y
        octal.lastIndex = at + 1
        const digits = octal.exec(source)![0]
        bytes += String.fromCharCode(Number.parseInt(digits, 8) & 0xff)
        at += 1 + digits.length
      } else if (next === '\r' || next === '\n') {
        at += next === '\r' && source[at + 2] === '\n' ? 3 : 2
      } else {
        bytes += next
        at += 2
      }
      continue
    }
    at++
    if (character === '(') {
      depth++
      if (depth === 1) continue
    } else if (character === ')') {
      depth--
      if (depth === 0) return [{kind: 'string', raw: source.slice(start, at), bytes}, at]
    }
    bytes += character
  }
}

/** PDFDocEncoding where it differs from Latin-1 (as pdf-lib's `pdfDocEncodingDecode` reads it). */
const pdfDocEncoding = new Map<number, string>([
  [0x16, '\u0017'], [0x18, '\u02D8'], [0x19, '\u02C7'], [0x1a, '\u02C6'], [0x1b, '\u02D9'], [0x1c, '\u02DD'], [0x1d, '\u02DB'], [0x1e, '\u02DA'], [0x1f, '\u02DC'],
  [0x7f, '\uFFFD'], [0x80, '\u2022'], [0x81, '\u2020'], [0x82, '\u2021'], [0x83, '\u2026'], [0x84, '\u2014'], [0x85, '\u2013'], [0x86, '\u0192'], [0x87, '\u2044'],
  [0x88, '\u2039'], [0x89, '\u203A'], [0x8a, '\u2212'], [0x8b, '\u2030'], [0x8c, '\u201E'], [0x8d, '\u201C'], [0x8e, '\u201D'], [0x8f, '\u2018'], [0x90, '\u2019'],
  [0x91, '\u201A'], [0x92, '\u2122'], [0x93, '\uFB01'], [0x94, '\uFB02'], [0x95, '\u0141'], [0x96, '\u0152'], [0x97, '\u0160'], [0x98, '\u0178'], [0x99, '\u017D'],
  [0x9a, '\u0131'], [0x9b, '\u0142'], [0x9c, '\u0153'], [0x9d, '\u0161'], [0x9e, '\u017E'], [0x9f, '\uFFFD'], [0xa0, '\u20AC'], [0xad, '\uFFFD']
])

/** A text string's text: UTF-16 after a byte order mark, else PDFDocEncoding (as pdf-lib's `decodeText`). */
export function decodeText(value: RawValue | undefined): string | undefined {
  if (value?.kind !== 'string') return undefined
  const {bytes} = value
  const [first, second] = [bytes.charCodeAt(0), bytes.charCodeAt(1)]
  if (first === 0xfe && second === 0xff) return Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le')
  if (first === 0xff && second === 0xfe) return Buffer.from(bytes.slice(2), 'latin1').toString('utf16le')
  return bytes.replace(/[\x16\x18-\x1f\x7f-\xa0\xad]/g, (character) => pdfDocEncoding.get(character.charCodeAt(0))!)
}

/** A name's bytes (`#xx` escapes decoded), without the slash, as Latin-1. */
export function nameBytes(name: RawName): string {
  return name.raw.slice(1).replace(/#([\dA-Fa-f]{2})/g, (_escape, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

/** A value written as PDF syntax: parsed values as they were written, new ones in the plainest form. */
export function serialize(value: RawValue): string {
  switch (value.kind) {
    case 'atom':
    case 'name':
    case 'string':
      return value.raw
    case 'ref':
      return `${value.num} 0 R`
    case 'array':
      return `[${value.items.map(serialize).join(' ')}]`
    case 'dict': {
      let text = '<<'
      for (const [key, entry] of value.entries) text += `${key} ${serialize(entry)}\n`
      return text.endsWith('\n') ? text.slice(0, -1) + '>>' : text + '>>'
    }
  }
}

export const name = (raw: string): RawName => ({kind: 'name', raw: `/${raw}`})
export const ref = (num: number): RawRef => ({kind: 'ref', num})
export const atom = (raw: string | number | boolean): RawAtom => ({kind: 'atom', raw: String(raw)})
export const dict = (entries: Iterable<[string, RawValue]> = []): RawDict => ({kind: 'dict', entries: new Map(entries)})

/** A text string as UTF-16BE hex with a byte order mark, as pdf-lib's `PDFHexString.fromText` writes it. */
export function hexText(text: string): RawString {
  const units = Buffer.from(`\uFEFF${text}`, 'utf16le').swap16()
  return {kind: 'string', raw: `<${units.toString('hex').toUpperCase()}>`, bytes: units.toString('latin1')}
}

/** A literal string of 7-bit ASCII text needing no escapes (a date). */
export function plainString(text: string): RawString {
  return {kind: 'string', raw: `(${text})`, bytes: text}
}

/** What the writer puts in place of an object: a new value, a new stream (its dictionary and decoded data, deflated here), or nothing (freed). */
export type Replacement = {value: RawValue} | {stream: RawDict; data: string} | null

/** Non-stream objects to an object stream, as pdf-lib packs them. */
const objectsPerStream = 50

const idPlaceholder = '0'.repeat(32)

/**
 * The finished file: every object of `pdf` not in `changes` copied as
 * written, `changes` in their place (or freed), non-stream objects packed
 * into Flate object streams, a cross-reference stream with `trailer`'s
 * entries and an `/ID` of two placeholders (32 zeros) that the caller
 * replaces by a digest of these bytes (`writeId` in `metadata.ts`).
 */
export function writeRaw(pdf: RawPdf, changes: ReadonlyMap<number, Replacement>, trailer: {root: number; info: number}): Uint8Array {
  const {source, offsets, limits} = pdf
  const size = Math.max(offsets.length, ...[...changes.keys()].map((number) => number + 1))

  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\x81\x81\x81\x81\n\n', 'latin1')]
  let length = chunks[0]!.length
  const push = (chunk: Buffer) => {
    chunks.push(chunk)
    length += chunk.length
  }
  // Cross-reference entries: [type, field 2, field 3].
  const entries: Array<[number, number, number]> = Array.from({length: size}, () => [0, 0, 0])
  entries[0] = [0, 0, 65535]
  const packed: Array<{number: number; text: string}> = []
  const writeStream = (number: number, dictionary: string, data: Buffer) => {
    entries[number] = [1, length, 0]
    push(Buffer.from(`${number} 0 obj\n${dictionary}\nstream\n`, 'latin1'))
    push(data)
    push(Buffer.from('\nendstream\nendobj\n\n', 'latin1'))
  }
  for (let number = 1; number < size; number++) {
    const change = changes.get(number)
    if (change === null) continue
    if (change) {
      if ('value' in change) packed.push({number, text: serialize(change.value)})
      else {
        const data = deflateSync(Buffer.from(change.data, 'latin1'))
        const dictionary = new Map(change.stream.entries)
        dictionary.set('/Filter', name('FlateDecode'))
        dictionary.set('/Length', atom(data.length))
        writeStream(number, serialize({kind: 'dict', entries: dictionary}), data)
      }
      continue
    }
    const offset = offsets[number]
    if (!offset) continue
    const text = objectText(source, offset, limits.get(number)!)
    if (isStream(pdf, number)) {
      entries[number] = [1, length, 0]
      push(Buffer.from(`${number} 0 obj\n${text}\nendobj\n\n`, 'latin1'))
    } else packed.push({number, text})
  }
  let next = size
  for (let index = 0; index < packed.length; index += objectsPerStream) {
    const part = packed.slice(index, index + objectsPerStream)
    const number = next++
    let header = ''
    let body = ''
    part.forEach((item, at) => {
      header += `${item.number} ${body.length} `
      body += item.text + '\n'
      entries[item.number] = [2, number, at]
    })
    const data = deflateSync(Buffer.from(header + '\n' + body, 'latin1'))
    entries[number] = [0, 0, 0]
    const first = Buffer.byteLength(header + '\n', 'latin1')
    writeStream(number, `<</Type /ObjStm\n/N ${part.length}\n/First ${first}\n/Filter /FlateDecode\n/Length ${data.length}>>`, data)
  }
  // The cross-reference stream: fields of 1, 4 and 2 bytes.
  const xrefNumber = next
  entries[xrefNumber] = [1, length, 0]
  const table = Buffer.alloc(entries.length * 7)
  entries.forEach(([type, two, three], index) => {
    table.writeUInt8(type, index * 7)
    table.writeUInt32BE(two, index * 7 + 1)
    table.writeUInt16BE(three, index * 7 + 5)
  })
  const data = deflateSync(table)
  const xrefOffset = length
  writeStream(
    xrefNumber,
    `<</Type /XRef\n/Size ${entries.length}\n/W [1 4 2]\n/Root ${trailer.root} 0 R\n/Info ${trailer.info} 0 R\n/ID [<${idPlaceholder}> <${idPlaceholder}>]\n/Filter /FlateDecode\n/Length ${data.length}>>`,
    data
  )
  push(Buffer.from(`startxref\n${xrefOffset}\n%%EOF`, 'latin1'))
  return new Uint8Array(Buffer.concat(chunks, length))
}

/** Whether object `number` is a stream: its text ends with `endstream` (a dictionary or array never does). */
export function isStream(pdf: RawPdf, number: number): boolean {
  const offset = pdf.offsets[number]
  if (!offset) return false
  const end = pdf.source.lastIndexOf('endobj', pdf.limits.get(number)!)
  return /endstream\s*$/.test(pdf.source.slice(Math.max(offset, end - 24), end))
}

/** The text of an indirect object between `N 0 obj` and `endobj`, trimmed. */
function objectText(source: string, offset: number, limit: number): string {
  const start = source.indexOf('obj', offset) + 3
  const end = source.lastIndexOf('endobj', limit)
  if (start < 3 || end < start) fail('object end')
  return source.slice(start, end).trim()
}
