#!/usr/bin/env node
/**
 * Time `import('remark-brief')` (the remark plugin entry) inside a fresh
 * process, as a site generator would load it.
 *
 * Prints one JSON line: {seconds, exports}.
 */
import {performance} from 'node:perf_hooks'

const started = performance.now()
const module = await import('remark-brief')
const seconds = (performance.now() - started) / 1000
process.stdout.write(JSON.stringify({seconds, exports: Object.keys(module).sort()}) + '\n')
