export interface GeneratedBrief {
  /** File name, e.g. `brief-007.md`. */
  name: string
  /** Whole file: front matter and body. */
  markdown: string
  /** How many footnote definitions it has. */
  notes: number
  /** How many level-2 headings it has. */
  sections: number
}
export function createRandom(seed: number): () => number
export function generateBrief(random: () => number, index: number, size: number): GeneratedBrief
export function generateBriefs(options: {count: number; seed?: number}): GeneratedBrief[]
