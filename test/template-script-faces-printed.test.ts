/**
 * The script faces a brief declares follow what it prints: page junk the
 * recognizer removed (`brief.removed`: a Chinese site's menus around an
 * English article) never prints, so its characters declare no face; the
 * same characters in printed metadata (the title) do.
 */
import type {Root} from 'mdast'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import rehypeStringify from 'rehype-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {expect, test} from 'vitest'
import {remarkBriefMeta} from '../src/meta/index.js'
import {remarkBriefNotes} from '../src/notes/index.js'
import {rehypeBriefTemplate} from '../src/template/index.js'

const junk = '首页 关于我们 联系我们 版权所有'

/** The chain on a Latin article, with `junk` put in `removed` (as the recognizer does) and `title` as its title. */
async function html(title: string): Promise<string> {
  const processor = unified()
    .use(remarkParse)
    .use(remarkBriefMeta)
    .use(() => (_tree: Root, file: VFile) => {
      file.data.brief!.removed.push({text: junk, reason: 'navigation'})
    })
    .use(remarkBriefNotes)
    .use(remarkRehype)
    .use(rehypeBriefTemplate)
    .use(rehypeStringify)
  return String(await processor.process(new VFile({value: `# ${title}\n\nTrade rose in the delta this year, and so did dredging.\n`})))
}

test('removed page junk declares no script face; a printed title with the same characters does', async () => {
  const latin = await html('Dredging the Delta')
  expect(latin).not.toMatch(/font-family: 'Noto Sans SC'/)
  const chinese = await html('Dredging the Delta: 首页')
  expect(chinese).toMatch(/@font-face \{ font-family: 'Noto Sans SC'/)
})
