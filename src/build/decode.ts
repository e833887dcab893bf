/**
 * Article bytes ▶ text. Scraped articles come in UTF-8 (with or without a
 * BOM) and in UTF-16 (Windows tools; with a BOM, or without one: then every
 * other byte of Latin text is zero). Invalid UTF-8 is read with U+FFFD in its
 * place, and the first bad byte is reported with its line and column.
 */

export type ArticleEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'

export interface DecodedArticle {
  text: string
  encoding: ArticleEncoding
  /** The first byte that is not valid UTF-8, and where it is in the text (1-based). */
  invalid?: {offset: number; line: number; column: number}
}

export function decodeArticle(bytes: Uint8Array): DecodedArticle {
  const encoding = encodingOf(bytes)
  if (encoding !== 'utf-8') return {text: new TextDecoder(encoding).decode(bytes), encoding}
  const text = new TextDecoder('utf-8').decode(bytes)
  const offset = firstInvalidUtf8(bytes)
  if (offset === undefined) return {text, encoding}
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset))
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1
  const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1
  return {text, encoding, invalid: {offset, line, column: before.length - lineStart + 1}}
}

/** By the byte order mark, else by where the zero bytes are (UTF-16 without a BOM). */
export function encodingOf(bytes: Uint8Array): ArticleEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  const sample = bytes.subarray(0, 8192 - (Math.min(bytes.length, 8192) % 2))
  const pairs = sample.length / 2
  // Too short to tell by zero bytes (a few bytes of binary would pass for UTF-16).
  if (pairs < 16) return 'utf-8'
  let evenZeros = 0
  let oddZeros = 0
  for (let index = 0; index < sample.length; index += 2) {
    if (sample[index] === 0) evenZeros++
    if (sample[index + 1] === 0) oddZeros++
  }
  // Text in UTF-16 has a zero high byte for every Latin character, and almost never a zero low byte.
  if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.02) return 'utf-16le'
  if (evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.02) return 'utf-16be'
  return 'utf-8'
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence, or `undefined`. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index]!
    if (lead < 0x80) {
      index++
      continue
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0
    if (length === 0 || index + length > bytes.length) return index
    const second = bytes[index + 1]!
    // The ranges of the second byte that rule out overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf
    if (second < low || second > high) return index
    for (let next = 2; next < length; next++) if ((bytes[index + next]! & 0xc0) !== 0x80) return index
    index += length
  }
  return undefined
}
