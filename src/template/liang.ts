/**
 * Liang's hyphenation lookup on a `hyphen` language pack's own patterns,
 * for one word at a time.
 *
 * The pack's `hyphenateSync` reads a whole text character by character (a
 * reader that tests every character with a regular expression, HTML and
 * soft-hyphen skipping) before it looks a word up: on the corpus that reader
 * cost as much as the lookup. The template hands it single words of letters
 * and marks only (`hyphenateToken`), for which the reader returns the word
 * unchanged, so this module does the lookup alone: the same steps as the
 * package's `hyphenateWord` and `insertChar` (hyphen 1.14, ISC), without its
 * per-position string slices, on the same patterns and exceptions. The answer
 * is the package's for every such word (test/template-liang.test.ts compares
 * them on generated words, the packs' exceptions and odd cases).
 */

/** A pack's `patterns`: the levels table, the pattern trie, and exceptions (lower-case word ▶ break positions). */
export type HyphenPatterns = [levels: number[][], trie: TrieNode, exceptions?: Record<string, number[]>]

/** A trie node: a letter ▶ a node, a levels index, or both (`[node, index]`). */
export interface TrieNode {
  [letter: string]: TrieNode | number | [TrieNode, number]
}

const noChildren: TrieNode = Object.freeze({}) as TrieNode

/**
 * A word hyphenator for one pack: `word` (letters and marks only, as
 * `hyphenateToken` finds them) ▶ the word with `hyphenChar` at each break.
 */
export function liangHyphenator(patterns: HyphenPatterns, hyphenChar = '\u00AD'): (word: string) => string {
  const markersOf = liangMarkers(patterns)
  return (word) => insertAt(word, hyphenChar, markersOf(word))
}

/**
 * The break positions the pack gives `word` (the code unit each break goes
 * before; the exceptions' or the patterns'), for callers that choose among
 * them before inserting any (`liangHyphenator` inserts them all).
 */
export function liangMarkers(patterns: HyphenPatterns): (word: string) => readonly number[] {
  const [levelsTable, trie, exceptions] = patterns
  return (word) => {
    const lowered = word.toLocaleLowerCase()
    return exceptions && Object.hasOwn(exceptions, lowered) ? exceptions[lowered]! : breakPositions(word, lowered, levelsTable, trie)
  }
}

/**
 * The break positions of `word`: the package's `hyphenateWord`. Its quirks are
 * kept, since the answer must be the same: the levels array is sized by the
 * word as written (not lowered), the patterns read from the word's first two
 * positions both start at level 0, and a level written past the end makes
 * the array longer (as `Math.max` with a missing level gives `NaN`).
 */
function breakPositions(word: string, lowered: string, levelsTable: number[][], trie: TrieNode): number[] {
  const levels: number[] = new Array<number>(word.length + 1).fill(0)
  const letters = '.' + lowered + '.'
  for (let start = 0; start + 3 <= letters.length; start++) {
    const offset = start === 0 ? 0 : start - 1
    let node = trie
    for (let index = start; index < letters.length; index++) {
      const entry = node[letters[index]!]
      if (entry === undefined) break
      let levelsIndex = -1
      if (Array.isArray(entry)) {
        node = entry[0]
        levelsIndex = entry[1]
      } else if (typeof entry === 'number') {
        node = noChildren
        levelsIndex = entry
      } else if (typeof entry === 'object' && entry !== null) node = entry
      else node = noChildren
      if (levelsIndex < 0) continue
      const pattern = levelsTable[levelsIndex]!
      for (let k = 0; k < pattern.length; k++) levels[offset + k] = Math.max(pattern[k]!, levels[offset + k]!)
    }
  }
  const size = levels.length
  levels[0] = 0
  levels[1] = 0
  levels[size - 1] = 0
  levels[size - 2] = 0
  const markers: number[] = []
  for (let index = 0; index < levels.length; index++) if ((levels[index]! & 1) === 1) markers.push(index)
  return markers
}

/** `text` with `hyphenChar` at each marker (the package's `insertChar`). */
export function insertAt(text: string, hyphenChar: string, markers: readonly number[]): string {
  if (markers.length === 0) return text
  let result = text.slice(0, markers[0])
  for (let index = 1; index < markers.length; index++) result += hyphenChar + text.slice(markers[index - 1], markers[index])
  return result + hyphenChar + text.slice(markers.at(-1))
}
