/**
 * Preload (`node --import ./bench/cases/trace-hook.js …`) that appends every
 * module a process loads, ES modules and CommonJS alike, to the file named by
 * `BENCH_TRACE`: the benchmark reads it to prove that `brief --help` and
 * `import('remark-brief')` never load Puppeteer.
 */
import {appendFileSync} from 'node:fs'
import Module, {register} from 'node:module'
import {isAbsolute} from 'node:path'
import {pathToFileURL} from 'node:url'

const trace = process.env.BENCH_TRACE

if (trace) {
  // ES modules: resolve hooks run on the loader thread (see trace-loader.js).
  register('./trace-loader.js', import.meta.url)

  // CommonJS: `require` does not pass through the ESM hooks on Node 20.
  const load = Module._load
  Module._load = function (request, parent, isMain) {
    let where = request
    try {
      const resolved = Module._resolveFilename(request, parent, isMain)
      where = isAbsolute(resolved) ? pathToFileURL(resolved).href : resolved
    } catch {
      // Builtins and unresolvable names are recorded as written.
    }
    appendFileSync(trace, where + '\n')
    return load.apply(this, arguments)
  }
}
