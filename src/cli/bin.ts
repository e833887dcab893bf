#!/usr/bin/env node
import process from 'node:process'
import {main} from './index.js'

const code = await main(process.argv.slice(2), {
  stdout: {write: (text) => process.stdout.write(text), isTTY: Boolean(process.stdout.isTTY)},
  stderr: {write: (text) => process.stderr.write(text), isTTY: Boolean(process.stderr.isTTY)},
  cwd: process.cwd(),
  signals: true
})

process.exitCode = code
// Output is flushed by now; a handle left open (a browser that would not close) must not keep the command alive.
setTimeout(() => process.exit(code), 2000).unref()
