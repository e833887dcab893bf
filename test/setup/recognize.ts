/**
 * The recognizer on a string, with what the article tests assert: the tree,
 * the brief data, what was removed (reason, text) and any word lost.
 */
import {VFile} from 'vfile'
import {recognizeArticle} from '../../src/article/index.js'
import {lostWords} from '../../src/article/words.js'

export function recognize(text: string) {
  const file = new VFile({value: text})
  const tree = recognizeArticle(text, file)
  const brief = file.data.brief!
  return {file, tree, brief, removed: brief.removed.map((item) => [item.reason, item.text]), lost: lostWords(text, tree, brief)}
}
