/**
 * `remark-brief/build`: the build (`./index.ts`) and the processor it runs
 * in its worker threads (`createBriefProcessor`), for hosts that typeset
 * articles themselves. The `brief` command imports `./index.ts` alone, so its
 * main thread never loads the unified pipeline, which only the workers run.
 */
export * from './index.js'
export {createBriefProcessor} from './processor.js'
