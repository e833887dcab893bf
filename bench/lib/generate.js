/**
 * Deterministic generator of policy briefs in Markdown (YAML front matter,
 * level-2/3 sections, GFM footnotes), so every machine benchmarks the same
 * bytes: the same `seed` always gives the same files.
 */

/**
 * @typedef GeneratedBrief
 * @property {string} name
 *   File name, e.g. `brief-007.md`.
 * @property {string} markdown
 *   Whole file: front matter and body.
 * @property {number} notes
 *   How many footnote definitions it has.
 * @property {number} sections
 *   How many level-2 headings it has.
 */

const words = (
  'policy security regional trade border energy maritime cooperation strategy ' +
  'government ministry alliance economic corridor investment sanctions treaty ' +
  'sovereignty summit dialogue defence infrastructure pipeline export market ' +
  'framework commission parliament election reform budget capacity deterrence ' +
  'partnership agreement negotiation diplomacy influence narrative territory ' +
  'resilience supply chain technology cyber network satellite industrial ' +
  'agricultural water climate migration refugee humanitarian development loan ' +
  'debt currency reserve inflation growth labour province district coastal ' +
  'northern southern eastern western central official statement spokesperson ' +
  'analyst observers report survey data estimate figure increase decline ' +
  'pressure response concern interest objective priority risk opportunity'
).split(' ')

const connectives = [
  'However,',
  'Moreover,',
  'In practice,',
  'At the same time,',
  'By contrast,',
  'As a result,',
  'Since then,',
  'Meanwhile,'
]

const names = [
  'Asha Verma',
  'Daniel Okafor',
  'Lena Hoffmann',
  'Marco Bellini',
  'Yuki Tanaka',
  'Sofia Lindqvist',
  'Omar Haddad',
  'Priya Natarajan',
  'Tomás Reyes',
  'Ingrid Nilsen'
]

const roles = ['Senior Fellow', 'Associate Fellow', 'Research Analyst', 'Director of Studies', 'Visiting Scholar']
const series = ['Issue Brief', 'Commentary', 'Policy Paper', 'Analysis']

/**
 * Small, fast, seedable PRNG (mulberry32): `Math.random` cannot be seeded.
 *
 * @param {number} seed
 * @returns {() => number}
 *   Uniform numbers in [0, 1).
 */
export function createRandom(seed) {
  let state = seed >>> 0
  return function () {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * @param {() => number} random
 * @param {number} min
 * @param {number} max
 *   Inclusive.
 */
function integer(random, min, max) {
  return min + Math.floor(random() * (max - min + 1))
}

/**
 * @template T
 * @param {() => number} random
 * @param {readonly T[]} list
 * @returns {T}
 */
function pick(random, list) {
  return list[Math.floor(random() * list.length)]
}

/**
 * @param {() => number} random
 * @param {number} count
 */
function phrase(random, count) {
  /** @type {string[]} */
  const result = []
  while (result.length < count) result.push(pick(random, words))
  return result.join(' ')
}

/** @param {string} value */
function capitalize(value) {
  return value.charAt(0).toUpperCase() + value.slice(1)
}

/**
 * One sentence; numbers that belong to the text (years, amounts) are mixed in
 * so number handling is exercised as in real articles.
 *
 * @param {() => number} random
 */
function sentence(random) {
  const roll = random()
  let text = capitalize(phrase(random, integer(random, 8, 22)))
  if (roll < 0.15) text += ` in ${integer(random, 1990, 2026)}`
  else if (roll < 0.25) text += ` worth ${integer(random, 2, 950)} million dollars`
  else if (roll < 0.3) text = `${pick(random, connectives)} ${text.charAt(0).toLowerCase()}${text.slice(1)}`
  if (random() < 0.08) text += `, *${phrase(random, 2)}*`
  if (random() < 0.04) text += ` (see [${phrase(random, 2)}](https://example.org/${phrase(random, 1)}))`
  return text + '.'
}

/**
 * @param {() => number} random
 * @param {number} index
 */
function noteText(random, index) {
  const author = pick(random, names)
  const year = integer(random, 2001, 2026)
  const title = capitalize(phrase(random, integer(random, 3, 9)))
  const roll = random()
  if (roll < 0.2) return 'Ibid.'
  if (roll < 0.7) {
    return `${author}, “${title}”, *${capitalize(phrase(random, 2))} Review*, ${year}, https://example.org/${year}/${index}/${phrase(random, 2).replace(/ /g, '-')}`
  }
  return `${author}, *${title}* (${capitalize(pick(random, words))} Press, ${year}), p. ${integer(random, 1, 400)}.`
}

/**
 * Generate one brief. `size` (0..1) scales sections, paragraphs and notes,
 * from a one-page commentary to a long paper.
 *
 * @param {() => number} random
 * @param {number} index
 * @param {number} size
 * @returns {GeneratedBrief}
 */
export function generateBrief(random, index, size) {
  const sectionCount = 1 + Math.round(size * 9)
  const noteBudget = 2 + Math.round(size * 60)
  const title = capitalize(phrase(random, integer(random, 4, 10)))
  const authorCount = integer(random, 1, 3)
  /** @type {string[]} */
  const front = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `subtitle: ${JSON.stringify(capitalize(phrase(random, integer(random, 4, 9))))}`,
    'authors:'
  ]
  for (let a = 0; a < authorCount; a++) {
    front.push(
      `  - name: ${JSON.stringify(pick(random, names))}`,
      `    role: ${JSON.stringify(pick(random, roles))}`,
      '    affiliation: "Institute for Bench Studies"'
    )
  }
  const month = String(integer(random, 1, 12)).padStart(2, '0')
  const day = String(integer(random, 1, 28)).padStart(2, '0')
  front.push(
    `date: ${integer(random, 2019, 2026)}-${month}-${day}`,
    `series: ${JSON.stringify(pick(random, series))}`,
    `summary: ${JSON.stringify(sentence(random) + ' ' + sentence(random))}`,
    `keywords: [${[phrase(random, 1), phrase(random, 1), phrase(random, 1)].map((d) => JSON.stringify(d)).join(', ')}]`,
    'lang: en',
    '---',
    ''
  )

  /** @type {string[]} */
  const body = []
  /** @type {string[]} */
  const labels = []
  let noteCount = 0

  /** Next footnote call: mostly new notes, sometimes a note cited again. */
  const call = () => {
    if (labels.length > 0 && random() < 0.1) return `[^${pick(random, labels)}]`
    noteCount++
    // Mixed labels (numbers out of order, words) so renumbering has work to do.
    const label = random() < 0.3 ? `n${noteCount}-${phrase(random, 1)}` : String(noteCount)
    labels.push(label)
    return `[^${label}]`
  }

  body.push(paragraph(random, noteBudget, () => noteCount, call))
  for (let s = 0; s < sectionCount; s++) {
    body.push(`## ${capitalize(phrase(random, integer(random, 2, 6)))}`)
    const paragraphs = integer(random, 2, 3 + Math.round(size * 4))
    for (let p = 0; p < paragraphs; p++) {
      const roll = random()
      if (roll < 0.06) body.push(`### ${capitalize(phrase(random, integer(random, 2, 5)))}`)
      if (roll > 0.94) {
        body.push(
          Array.from({length: integer(random, 2, 5)}, () => `- ${sentence(random)}`).join('\n')
        )
      } else if (roll > 0.9) {
        body.push(`> ${sentence(random)} ${sentence(random)}`)
      } else {
        body.push(paragraph(random, noteBudget, () => noteCount, call))
      }
    }
  }

  // Definitions in an order of their own: the numbering stage sorts them.
  const order = labels.map((label, position) => ({label, key: random(), position}))
  order.sort((a, b) => a.key - b.key)
  for (const {label, position} of order) body.push(`[^${label}]: ${noteText(random, position + 1)}`)

  return {
    name: `brief-${String(index).padStart(3, '0')}.md`,
    markdown: front.join('\n') + body.join('\n\n') + '\n',
    notes: labels.length,
    sections: sectionCount
  }
}

/**
 * @param {() => number} random
 * @param {number} noteBudget
 * @param {() => number} used
 * @param {() => string} call
 */
function paragraph(random, noteBudget, used, call) {
  const count = integer(random, 2, 7)
  let text = ''
  for (let s = 0; s < count; s++) {
    text += (s ? ' ' : '') + sentence(random)
    if (used() < noteBudget && random() < 0.35) text += call()
  }
  return text
}

/**
 * Generate `count` briefs whose sizes spread evenly (by a shuffled ladder)
 * from short to long.
 *
 * @param {{count: number, seed?: number}} options
 * @returns {GeneratedBrief[]}
 */
export function generateBriefs(options) {
  const random = createRandom(options.seed ?? 20260401)
  const count = options.count
  /** @type {GeneratedBrief[]} */
  const briefs = []
  for (let index = 0; index < count; index++) {
    // Quadratic ladder: more short briefs than long ones, as in real archives.
    const step = count > 1 ? index / (count - 1) : 0.5
    const size = Math.min(1, step * step + random() * 0.1)
    briefs.push(generateBrief(random, index + 1, size))
  }
  return briefs
}
