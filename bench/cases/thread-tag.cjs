/**
 * Preload (`node --require`) for the batch breakdown (`bench/breakdown.js`):
 * in each worker thread, the first message it posts says which pool it
 * serves (the unified stage's article worker answers `{started}` first, the
 * printer's finish worker `{result}`), and its thread id (`/proc/thread-self`)
 * is appended with that role to `BENCH_THREAD_TAGS`, so the sampler
 * (`bench/lib/cpu-split.js`) can tell the threads apart. Changes nothing
 * the thread does. With `BENCH_THREAD_HEAP`, each worker also appends its
 * own heap (`process.memoryUsage()` in a worker is its isolate's) after
 * every answer: `TID ROLE heapUsed heapTotal external arrayBuffers`.
 */
'use strict'
const fs = require('node:fs')
const {isMainThread, parentPort} = require('node:worker_threads')

const tagFile = process.env.BENCH_THREAD_TAGS
const heapFile = process.env.BENCH_THREAD_HEAP
if (tagFile && !isMainThread && parentPort) {
  const tid = fs.readlinkSync('/proc/thread-self').split('/').pop()
  const post = parentPort.postMessage
  let role
  parentPort.postMessage = function (message, ...rest) {
    if (!role && message && typeof message === 'object') {
      role = 'started' in message || 'outcome' in message ? 'node unified worker' : 'result' in message ? 'node finish worker (metadata, check)' : 'node worker (other)'
      fs.appendFileSync(tagFile, `${tid} ${role}\n`)
    }
    const sent = post.call(this, message, ...rest)
    if (heapFile && message && typeof message === 'object' && ('outcome' in message || 'result' in message)) {
      const usage = process.memoryUsage()
      fs.appendFileSync(heapFile, `${tid} ${role.replace(/ /g, '_')} ${usage.heapUsed} ${usage.heapTotal} ${usage.external} ${usage.arrayBuffers}\n`)
    }
    return sent
  }
}
