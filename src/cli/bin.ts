#!/usr/bin/env node
import process from 'node:process'
import {main} from './index.js'

process.exitCode = await main(process.argv.slice(2), {
  stdout: {write: (text) => process.stdout.write(text), isTTY: Boolean(process.stdout.isTTY)},
  stderr: {write: (text) => process.stderr.write(text), isTTY: Boolean(process.stderr.isTTY)},
  cwd: process.cwd(),
  signals: true
})
