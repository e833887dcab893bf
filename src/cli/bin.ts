#!/usr/bin/env node
import process from 'node:process'
import v8 from 'node:v8'
import {fewBriefs} from './few-briefs.js'

/**
 * A later tier-up to V8's optimizing compiler (an 8 times larger interrupt
 * budget), set before anything is imported so every isolate (main, the
 * article and PDF workers) uses it. A command runs most of its code a few
 * times (module bodies, set-up), and V8's background threads spent more CPU
 * compiling that lukewarm code than it saved: on a cold build of the seed,
 * 2.5 CPU-s of V8 helper threads against 7.1 for the whole Node process;
 * with this, 1.0 (1.4 CPU-s less in all), and the longest corpus article
 * (186 KB, dozens of pages) 1.5-2 CPU-s less too, hot loops being optimized
 * all the same (docs/bench.md, 2026-12-01 coldwatch). Only for a few
 * briefs: a batch runs the same code hundreds of times and paid ~4% more CPU
 * with it (30 briefs, docs/bench.md, session 7); nor for `--watch`, which
 * runs the same rebuild again and again and wants it optimized early.
 */
const watching = process.argv.slice(2).some((arg) => arg === '--watch' || (/^-[a-z]+$/.test(arg) && arg.includes('w')))
if (!watching && fewBriefs(process.argv.slice(2))) {
  try {
    v8.setFlagsFromString('--interrupt-budget=540672')
  } catch {
    // A runtime without the flag: V8's default.
  }
}

/**
 * A signal that comes while the command is still loading (a slow machine
 * takes seconds to import the pipeline) finds no handler yet and would kill
 * the process by the signal. Until a command installs its own handler (the
 * build closes the browser and its profile), these end it with exit code 130,
 * as every interrupt does; nothing has started that needs cleaning up.
 */
const interruptSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const whileLoading = (signal: NodeJS.Signals) => {
  // Another listener (the build's) does the work and the exit.
  if (process.listenerCount(signal) !== 1) return
  process.stderr.write('\nInterrupted\n')
  process.exit(130)
}
for (const signal of interruptSignals) process.on(signal, whileLoading)

const {main} = await import('./index.js')

/**
 * File names come from untrusted input and may hold escape sequences: written
 * out as `\u001B`, and bidirectional controls as `\u202E`; newlines in names and
 * messages are escaped where those are printed (`escape.ts`, `report.ts`). On a terminal, the colours and cursor moves of the reporter
 * and the progress bar (CSI sequences ending in m, G, K, A–D, h, l) pass.
 */
function terminalText(text: string, tty: boolean): string {
  const control = tty
    ? /\u001B\[[\d;?]*[mGKABCDhl]|\r|([\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069])/g
    : /([\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069])/g
  return text.replace(control, (match, bad: string | undefined) =>
    bad === undefined ? match : '\\u' + bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
  )
}

const stdoutTTY = Boolean(process.stdout.isTTY)
const stderrTTY = Boolean(process.stderr.isTTY)
const code = await main(process.argv.slice(2), {
  stdout: {write: (text) => process.stdout.write(terminalText(text, stdoutTTY)), isTTY: stdoutTTY},
  stderr: {write: (text) => process.stderr.write(terminalText(text, stderrTTY)), isTTY: stderrTTY},
  cwd: process.cwd(),
  signals: true
})

process.exitCode = code
// Output is flushed by now; a handle left open (a browser that would not close) must not keep the command alive.
setTimeout(() => process.exit(code), 2000).unref()
