/**
 * ESM resolve hook for `trace-hook.js`: records each resolved URL.
 */
import {appendFileSync} from 'node:fs'

/**
 * @param {string} specifier
 * @param {object} context
 * @param {Function} next
 */
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  if (process.env.BENCH_TRACE) appendFileSync(process.env.BENCH_TRACE, result.url + '\n')
  return result
}
