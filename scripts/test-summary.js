#!/usr/bin/env node
// Prints the one closing line CI reads, "N passed, N failed", from vitest's JSON report.
import {readFileSync} from 'node:fs'

const path = process.argv[2] ?? 'test/.tmp/results.json'
let report
try {
  report = JSON.parse(readFileSync(path, 'utf8'))
} catch (error) {
  console.log(`no test results at ${path}: ${error.message}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}
const passed = report.numPassedTests ?? 0
// A test file that fails before any test runs (an import error, a failing
// beforeAll) counts as one failure, so it can never pass unnoticed.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed')
).length
const failed = (report.numFailedTests ?? 0) + brokenFiles
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
const line = `${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '')
console.log(line)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
