/**
 * Short-value patterns read in their ASCII form where the value is ASCII (most tokens, words and names).
 *
 * A pattern with Unicode property classes (`\p{Lu}`, `\p{L}`, `\p{M}`) costs ~0.5–2 ms to compile cold on a
 * short value (bytecode on its first call, machine code on its second); its ASCII form ~0.05 ms. On a value of
 * ASCII code units only, each class means its ASCII members (`\p{Lu}` ▶ `A-Z`, `\p{Ll}` ▶ `a-z`, `\p{L}` ▶
 * `A-Za-z`, `\p{N}` ▶ `0-9`, `\p{M}` ▶ none), so both forms answer alike and the property classes are
 * compiled only when a value beyond ASCII comes.
 */

/** Every code unit below 0x80. */
const asciiOnly = /^[\u0000-\u007F]*$/

/** Whether every code unit of `value` is below 0x80. */
export function isAscii(value: string): boolean {
  return asciiOnly.test(value)
}

/** `pattern.test`, by `ascii` (the same pattern with each class as its ASCII members) for an ASCII value; neither may be global or sticky. */
export function asciiFirst(pattern: RegExp, ascii: RegExp): (value: string) => boolean {
  return (value) => (asciiOnly.test(value) ? ascii : pattern).test(value)
}
