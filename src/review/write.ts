/**
 * `brief check --review`: each article's review page written as
 * `<out>/<name>.review.html`, the name its brief gets from the build.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type {VFile} from 'vfile'
import {outputNames} from '../build/names.js'
import {formatOf} from '../build/processor.js'
import {reviewDocument} from './index.js'

/** Write the review page of every file that was read; resolves to the paths written. */
export async function writeReviews(files: readonly VFile[], options: {cwd: string; out: string}): Promise<string[]> {
  const read = files.filter((file) => typeof file.value === 'string' && file.path)
  const names = outputNames(read.map((file) => path.resolve(options.cwd, file.path)))
  const folder = path.resolve(options.cwd, options.out)
  await fs.mkdir(folder, {recursive: true})
  const written: string[] = []
  for (const file of read) {
    const name = names.get(path.resolve(options.cwd, file.path))!
    const {html} = reviewDocument(String(file.value), {path: file.path, format: formatOf(file.path)})
    const target = path.join(folder, `${name}.review.html`)
    await fs.writeFile(target, html)
    written.push(target)
  }
  return written
}
