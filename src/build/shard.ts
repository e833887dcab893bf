import {createHash} from 'node:crypto'

export interface Shard {
  /** 1-based index of this share. */
  index: number
  count: number
}

/** Parse `i/n` (1 ≤ i ≤ n); `undefined` when malformed. */
export function parseShard(value: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim())
  if (!match) return undefined
  const index = Number(match[1])
  const count = Number(match[2])
  if (count < 1 || index < 1 || index > count) return undefined
  return {index, count}
}

/**
 * Whether a file belongs to a shard: a hash of its project-relative path
 * (with `/` separators), so every machine of a CI matrix agrees without
 * coordination and adding a file never moves the others.
 */
export function inShard(relativePath: string, shard: Shard): boolean {
  const digest = createHash('sha256').update(relativePath.replaceAll('\\', '/')).digest()
  return digest.readUInt32BE(0) % shard.count === shard.index - 1
}
