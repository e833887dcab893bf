/**
 * Finding a system Chromium and launching it for printing.
 *
 * Puppeteer cannot download a browser in our setting (closed network, no
 * postinstall), so the browser always comes from the system.
 */
import {accessSync, constants, mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {Browser} from 'puppeteer-core'
import {requireOptional} from '../optional.js'

// An optional peer (remark-brief-print brings it): loaded with this module, never by the plugins.
// Its CommonJS build: ~0.15 CPU-s less to load than its ES modules (0.47 against 0.62 in all,
// Node 20), and the launch of a cold build waits for it.
const {default: puppeteer} = requireOptional<typeof import('puppeteer-core')>('puppeteer-core')

export interface FindBrowserOptions {
  /** Path of a Chromium or Chrome binary; wins over everything else. */
  executablePath?: string
  /** Environment to read `PUPPETEER_EXECUTABLE_PATH` and `PATH` from; default `process.env`. */
  env?: Record<string, string | undefined>
}

/** Absolute paths tried, in order, after the option and the environment variable. */
export const wellKnownPaths: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/usr/bin/microsoft-edge-stable',
  '/usr/bin/microsoft-edge',
  // macOS
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  // Windows (Edge ships with Windows 10 and 11)
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Program Files\\Chromium\\Application\\chrome.exe'
]

/** Per-user installs: `~/Applications` on macOS, `%LOCALAPPDATA%` on Windows (Chrome's and Chromium's default for one user). */
export function userPaths(env: Record<string, string | undefined>): string[] {
  const paths: string[] = []
  if (env.HOME) {
    paths.push(
      path.posix.join(env.HOME, 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
      path.posix.join(env.HOME, 'Applications/Chromium.app/Contents/MacOS/Chromium')
    )
  }
  if (env.LOCALAPPDATA) {
    paths.push(
      path.win32.join(env.LOCALAPPDATA, 'Google\\Chrome\\Application\\chrome.exe'),
      path.win32.join(env.LOCALAPPDATA, 'Chromium\\Application\\chrome.exe'),
      path.win32.join(env.LOCALAPPDATA, 'Microsoft\\Edge\\Application\\msedge.exe')
    )
  }
  return paths
}

/** Command names looked up on `PATH` when no well-known path exists. */
export const commandNames: readonly string[] = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome', 'microsoft-edge-stable', 'microsoft-edge', 'msedge']

export const installHint =
  'Install one (Debian/Ubuntu: `apt-get install chromium`; macOS, Windows: Google Chrome or Microsoft Edge) or set PUPPETEER_EXECUTABLE_PATH to a Chromium, Chrome or Edge binary'

/**
 * Find the browser to print with: the explicit option, then
 * `PUPPETEER_EXECUTABLE_PATH`, then well-known system paths, then `PATH`.
 * Throws an error saying how to install one when none is found.
 */
export function findBrowser(options: FindBrowserOptions = {}): string {
  const env = options.env ?? process.env

  if (options.executablePath) {
    if (isExecutable(options.executablePath)) return options.executablePath
    throw new Error(`Cannot run browser \`${options.executablePath}\` (from the \`executablePath\` option): no such executable file. ${installHint}`)
  }

  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv
    throw new Error(`Cannot run browser \`${fromEnv}\` (from PUPPETEER_EXECUTABLE_PATH): no such executable file. ${installHint}`)
  }

  for (const candidate of [...wellKnownPaths, ...userPaths(env)]) {
    if (isExecutable(candidate)) return candidate
  }

  for (const folder of (env.PATH ?? '').split(path.delimiter)) {
    if (!folder) continue
    for (const name of commandNames) {
      const candidate = path.join(folder, name)
      if (isExecutable(candidate)) return candidate
    }
  }

  throw new Error(`Cannot find Chromium or Chrome to print PDFs with. ${installHint}`)
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Chromium features a print browser never uses that cost memory on every
 * batch (measured on Chromium 156, a 100-brief batch: docs/bench.md, "Batch
 * memory, session 9"): the omnibox's WebUI popups, which Chromium preloads
 * into a renderer of their own for each window (~150 MB resident each, one
 * window per page); the spare renderer kept warm for the default profile's
 * next navigation (our pages live in browser contexts of their own, which
 * never take it); the back-forward cache, which may keep a page's previous
 * brief alive after the next is loaded (nothing here ever goes back). A
 * browser that does not know a name ignores it.
 */
export const unusedFeatures: readonly string[] = [
  'WebUIOmniboxPopup',
  'WebUIOmniboxFullPopup',
  'WebUIOmniboxAimPopup',
  'PreloadTopChromeWebUI',
  'SpareRendererForSitePerProcess',
  'BackForwardCache'
]

/** Flags for a quiet, offline, headless print browser. */
export function browserArgs(userDataDir: string, runningAsRoot: boolean): string[] {
  return [
    ...(runningAsRoot ? ['--no-sandbox'] : []),
    // No window and no blank page at launch: the pool makes every page it prints with, and
    // the launch's page was a renderer (~110 MB) and a window nothing used.
    '--no-startup-window',
    // Puppeteer merges these with its own disabled features.
    `--disable-features=${unusedFeatures.join(',')}`,
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-extensions',
    '--disable-default-apps',
    '--mute-audio',
    '--no-default-browser-check',
    // Font hinting must not depend on the machine's settings.
    '--font-render-hinting=none',
    `--user-data-dir=${userDataDir}`
  ]
}

export interface LaunchedBrowser {
  browser: Browser
  /** Temporary profile folder; removed by `dispose`. */
  userDataDir: string
  /** Process id of the browser, for killing it synchronously on exit. */
  pid: number | undefined
}

/** Launch a headless browser with a fresh temporary profile. */
export async function launchBrowser(executablePath: string): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'remark-brief-chromium-'))
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0
  try {
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: browserArgs(userDataDir, runningAsRoot),
      // Our own handlers close the browser; Puppeteer's would race them.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      defaultViewport: null,
      // `--no-startup-window`: there is no first page to wait for.
      waitForInitialPage: false,
      downloadBehavior: {policy: 'deny'},
      protocolTimeout: 120_000
    })
    return {browser, userDataDir, pid: browser.process()?.pid}
  } catch (error) {
    removeFolder(userDataDir)
    throw new Error(`Cannot launch browser \`${executablePath}\`: ${messageOf(error)}. ${installHint}`, {cause: error})
  }
}

/** Close the browser (or kill it when closing hangs) and remove its profile. */
export async function disposeBrowser(launched: LaunchedBrowser): Promise<void> {
  const closing = launched.browser.close().catch(() => undefined)
  const timer = delay(5000)
  await Promise.race([closing, timer.promise])
  timer.cancel()
  killBrowser(launched)
  removeProfileAgain(launched)
}

/**
 * Remove the profile once more a little later: a killed browser's helper
 * processes may still write to it for a moment after it was removed.
 */
export function removeProfileAgain(launched: LaunchedBrowser): void {
  const timer = setTimeout(() => removeFolder(launched.userDataDir), 1000)
  timer.unref?.()
}

/** Synchronous last resort (process `exit`): kill the process, remove the profile. */
export function killBrowser(launched: LaunchedBrowser): void {
  if (launched.pid !== undefined) {
    try {
      // Puppeteer starts the browser as a process group leader (POSIX): killing
      // the group takes its zygotes and renderers at once, so none lingers
      // writing to the profile we are about to remove.
      process.kill(process.platform === 'win32' ? launched.pid : -launched.pid, 'SIGKILL')
    } catch {
      try {
        process.kill(launched.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
  }
  removeFolder(launched.userDataDir)
}

function removeFolder(folder: string): void {
  try {
    rmSync(folder, {recursive: true, force: true, maxRetries: 3})
  } catch {
    // A profile left in the temp folder is not worth failing a build over.
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export function delay(ms: number): {promise: Promise<void>; cancel(): void} {
  let timer: NodeJS.Timeout | undefined
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
    timer.unref?.()
  })
  return {promise, cancel: () => clearTimeout(timer)}
}
