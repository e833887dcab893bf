/**
 * Short-value patterns read in their narrow form where the value is narrow (most tokens, words and names).
 *
 * A pattern with Unicode property classes (`\p{Lu}`, `\p{L}`, `\p{M}`) costs ~0.4–2 ms to compile cold on a
 * short value (bytecode on its first call, machine code on its second); a narrow form ~0.05 ms. A value is
 * narrow when its code units are Latin-1 (U+0000–U+00FF) or the typographic quotes, dashes and ellipsis
 * (`‘’“”–—…`, none of them a letter, mark or number). On such a value each class means its Latin-1 members,
 * which a narrow form writes out (everything else in it as the pattern has it):
 *
 * - `\p{Lu}` ▶ `A-ZÀ-ÖØ-Þ`
 * - `\p{Ll}` ▶ `a-zµß-öø-ÿ`
 * - `\p{L}` ▶ `A-Za-zªµºÀ-ÖØ-öø-ÿ`
 * - `\p{N}` ▶ `0-9²³¹¼-¾`
 * - `\p{M}` ▶ nothing
 *
 * Both forms then answer alike (neither is case-insensitive), and the property classes are compiled only when
 * a wider value comes.
 */

/** Every code unit Latin-1 or one of `‘’“”–—…`. */
const narrowOnly = /^[\u0000-\u00FF‘’“”–—…]*$/

/** Whether every code unit of `value` is Latin-1 or one of `‘’“”–—…`. */
export function isNarrow(value: string): boolean {
  return narrowOnly.test(value)
}

/**
 * `pattern().test`, by `narrow` (its narrow form) for a narrow value; neither may be global or sticky. The pattern
 * is made on the first wider value: making one parses it, which for its property classes costs ~0.1–0.7 ms.
 */
export function narrowFirst(pattern: () => RegExp, narrow: RegExp): (value: string) => boolean {
  let wide: RegExp | undefined
  return (value) => (narrowOnly.test(value) ? narrow : (wide ??= pattern())).test(value)
}
