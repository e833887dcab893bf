/** The brief data of a file, created empty with its defaults on first use, so every stage can rely on it. */
import type {VFile} from 'vfile'
import type {BriefData} from './types.js'

/** A fresh, empty `BriefData` with its defaults. */
export function emptyBrief(source: BriefData['source']): BriefData {
  return {authors: [], lang: 'en', credits: [], removed: [], source}
}

/** The file's brief data, created on first use so every stage can rely on it. */
export function briefOf(file: VFile, source: BriefData['source'] = 'markdown'): BriefData {
  if (!file.data.brief) file.data.brief = emptyBrief(source)
  return file.data.brief
}
