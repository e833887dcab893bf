/**
 * Whether a command line is about a few briefs (`bin.ts` gives V8 a later
 * tier-up for those alone). Imports nothing but `node:fs`: it runs before
 * the CLI loads anything else.
 */
import {statSync} from 'node:fs'

/** The options of `brief build` and `brief check` that take a value (`test/cli-few-briefs.test.ts` checks the list against `--help`). */
export const optionsWithValue: ReadonlySet<string> = new Set(['-o', '--out', '-f', '--format', '-c', '--config', '--concurrency', '--shard', '--notes', '--max-input-bytes', '--max-article-time', '--max-article-memory', '--render-timeout', '--hang-timeout'])

/**
 * Whether the command names at most 4 inputs, each a file (a cold build of
 * one brief, a check of two): no folder, no glob, not the default `input/`.
 * A rough reading of the arguments, before anything is imported: the values
 * of the options that take one are skipped, other options ignored.
 */
export function fewBriefs(args: readonly string[]): boolean {
  const inputs: string[] = []
  // args[0] is the command.
  for (let index = 1; index < args.length; index++) {
    const arg = args[index]!
    if (optionsWithValue.has(arg)) index++
    else if (!arg.startsWith('-')) inputs.push(arg)
  }
  const isFile = (input: string) => {
    try {
      return statSync(input).isFile()
    } catch {
      return false
    }
  }
  return inputs.length > 0 && inputs.length <= 4 && inputs.every(isFile)
}
