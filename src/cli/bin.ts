#!/usr/bin/env node
import process from 'node:process'

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
