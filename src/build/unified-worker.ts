/**
 * Worker thread entry: runs articles through the unified stage one at a time
 * (`processArticle`) under the heap limit its parent gave it. The parent
 * (`budget.ts`) stops it when an article takes too long.
 */
import {parentPort} from 'node:worker_threads'
import {createProcessorCache, processArticle, processorFor, sendError, type ArticleJob} from './article-job.js'

interface Request {
  id: number
  job: ArticleJob
}

const port = parentPort
if (port) {
  // Per worker, not per module user: a worker serves one build session.
  const cache = createProcessorCache()
  port.on('message', async ({id, job}: Request) => {
    let outcome
    try {
      processorFor(job, cache)
    } catch {
      // Reported by `processArticle` below, inside the budget.
    }
    // The budget's clock starts now, not while the worker loaded its modules or made its processor.
    port.postMessage({id, started: true})
    try {
      outcome = await processArticle(job, cache)
    } catch (error) {
      outcome = {messages: [], data: {}, error: sendError(error), errorRule: 'build-failed'}
    }
    try {
      port.postMessage({id, outcome})
    } catch {
      // Something in `file.data` that cannot be cloned: send its JSON form.
      port.postMessage({id, outcome: JSON.parse(JSON.stringify(outcome)) as typeof outcome})
    }
  })
}
