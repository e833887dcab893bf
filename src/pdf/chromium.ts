/**
 * Finding a system Chromium, its flags, and starting it: without Puppeteer.
 *
 * Puppeteer cannot download a browser in our setting (closed network, no
 * postinstall), so the browser always comes from the system. This module
 * imports Node's own modules only, so a cold `brief build` can start
 * Chromium (`spawnBrowser`) before it loads Puppeteer (~0.4 CPU-s): the
 * browser boots while Puppeteer, the build and the article's unified stage
 * load, and `connectBrowser` (browser.ts) takes it over through its DevTools
 * pipe. `browser.ts` launches every other browser through Puppeteer with
 * the same flags (`test/pdf-spawn.test.ts` checks the two lists are one).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {accessSync, constants, mkdtempSync, readlinkSync, rmSync, statfsSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

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

/**
 * Puppeteer's own switches for a headless launch (`defaultArgs()` of
 * puppeteer-core 24, which `launchBrowser` gets from Puppeteer itself),
 * copied so `spawnBrowser` can start the same browser without loading it.
 * `test/pdf-spawn.test.ts` fails when Puppeteer's list changes.
 */
export const puppeteerSwitches: readonly string[] = [
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain'
]

/** Features Puppeteer disables and enables by default; ours (`unusedFeatures`) are merged into its list, as Puppeteer does. */
export const puppeteerDisabledFeatures: readonly string[] = ['Translate', 'AcceptCHFrame', 'MediaRouter', 'OptimizationHints', 'WebUIReloadButton', 'ProcessPerSiteUpToMainFrameThreshold', 'IsolateSandboxedIframes']
export const puppeteerEnabledFeatures: readonly string[] = ['PdfOopif']

/**
 * The whole command line `launchBrowser` gives Chromium through Puppeteer
 * (`defaultArgs({headless: true, args: browserArgs(…)})`), with the DevTools
 * pipe (`--remote-debugging-pipe`, file descriptors 3 and 4) where Puppeteer
 * puts `--remote-debugging-port=0`: no port is opened at all.
 */
export function spawnArgs(userDataDir: string, runningAsRoot: boolean, env: Record<string, string | undefined> = process.env): string[] {
  const ours = browserArgs(userDataDir, runningAsRoot)
  const disabled = ours.filter((arg) => arg.startsWith('--disable-features=')).flatMap((arg) => arg.slice('--disable-features='.length).split(','))
  const rest = ours.filter((arg) => !arg.startsWith('--disable-features='))
  return [
    ...puppeteerSwitches,
    `--disable-features=${[...puppeteerDisabledFeatures, ...disabled].join(',')}`,
    `--enable-features=${puppeteerEnabledFeatures.join(',')}`,
    ...(env.PUPPETEER_DANGEROUS_NO_SANDBOX === 'true' && !rest.includes('--no-sandbox') ? ['--no-sandbox'] : []),
    '--headless=new',
    '--hide-scrollbars',
    '--mute-audio',
    '--disable-extensions',
    'about:blank',
    ...rest,
    '--remote-debugging-pipe'
  ]
}

/** A Chromium started by `spawnBrowser`, not yet driven by Puppeteer. */
export interface SpawnedBrowser {
  executablePath: string
  /** Temporary profile folder; removed by `kill`. */
  userDataDir: string
  process: ChildProcess
  pid: number | undefined
  /** Rejects once the process has ended or could not start, saying how (with the end of its stderr); never resolves. */
  gone: Promise<never>
  /** Kill the browser (its whole process group) and remove its profile. Safe to call twice. */
  kill(): void
}

/** Free bytes `/dev/shm` must have for a profile to go there: a profile is ~1.5 MB, its cache grows over a batch. */
const ramProfileRoom = 512 * 2 ** 20

/**
 * A fresh, empty profile folder for one browser. On Linux, in `/dev/shm`
 * (memory) when it has room and `TMPDIR` names no other place: Chromium
 * writes ~150 files there as it starts (databases that sync to disk), and
 * removing them took 35-550 ms of a cold build's exit on a busy disk, against
 * 10-50 in memory (docs/bench.md, cold5). Elsewhere, the temp folder.
 */
export function makeProfile(env: Record<string, string | undefined> = process.env): string {
  return mkdtempSync(path.join(profileParent(env), 'remark-brief-chromium-'))
}

function profileParent(env: Record<string, string | undefined>): string {
  if (process.platform !== 'linux' || env.TMPDIR) return os.tmpdir()
  try {
    const room = statfsSync('/dev/shm')
    if (room.bavail * room.bsize >= ramProfileRoom) return '/dev/shm'
  } catch {
    // No /dev/shm: the temp folder.
  }
  return os.tmpdir()
}

/** Lines of the browser's stderr kept for an error message. */
const stderrLines = 20

/**
 * Start a headless Chromium with a fresh temporary profile and its DevTools
 * pipe open, as `launchBrowser` would (same flags, same environment, its own
 * process group), without Puppeteer. It is killed on process exit until it
 * has ended; a caller that never connects must `kill` it. Throws only when
 * the spawn fails at once; a binary that cannot start rejects `gone`.
 */
export function spawnBrowser(executablePath: string): SpawnedBrowser {
  const userDataDir = makeProfile()
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0
  let child: ChildProcess
  try {
    child = spawn(executablePath, spawnArgs(userDataDir, runningAsRoot), {
      // A process group leader (POSIX), as Puppeteer starts it: `kill` ends its zygotes and renderers with it.
      detached: process.platform !== 'win32',
      env: process.env,
      // stdin, stdout unused; stderr kept for errors; 3 and 4: the DevTools pipe (Chromium reads 3, writes 4).
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe']
    })
  } catch (error) {
    removeFolder(userDataDir)
    throw error
  }
  const tail: string[] = []
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (text: string) => {
    tail.push(...text.split('\n').filter(Boolean))
    tail.splice(0, Math.max(0, tail.length - stderrLines))
  })
  const said = () => (tail.length > 0 ? `; its output:\n${tail.join('\n')}` : '')
  const gone = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`the browser process could not start (${error.message})`, {cause: error})))
    child.once('exit', (code, signal) => reject(new Error(`the browser process ended (${signal ? `signal ${signal}` : `exit code ${code}`}) before it answered${said()}`)))
  })
  gone.catch(() => undefined)
  let killed = false
  const kill = () => {
    if (!killed) {
      killed = true
      killGroup(child.pid)
    }
    removeProfile(userDataDir)
  }
  // The last resort until the browser ends: a command that exits (an error, an interrupt) never leaves it running.
  const onExit = () => kill()
  process.on('exit', onExit)
  child.once('exit', () => process.off('exit', onExit))
  child.once('error', () => process.off('exit', onExit))
  return {executablePath, userDataDir, process: child, pid: child.pid, gone, kill}
}

/**
 * Kill a browser's process group (POSIX; Puppeteer and `spawnBrowser` start
 * the browser as its leader): its zygotes and renderers go at once, so none
 * lingers writing to the profile about to be removed.
 */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL')
  } catch {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
}

/**
 * The socket folder Chromium made for a profile in the temp folder
 * (`org.chromium.Chromium.*`, linked from the profile's `SingletonSocket`):
 * a browser killed before it cleaned up leaves it behind, one per run. Read
 * while the browser runs (it removes the link first as it shuts down).
 */
export function socketFolderOf(userDataDir: string): string | undefined {
  try {
    const folder = path.dirname(readlinkSync(path.join(userDataDir, 'SingletonSocket')))
    return path.isAbsolute(folder) && /^org\.chromium\.Chromium\.\w+$/.test(path.basename(folder)) ? folder : undefined
  } catch {
    // No link (not started yet, or already cleaned up).
    return undefined
  }
}

/** Remove a browser's profile and its socket folder (`socketFolderOf`, or read now). */
export function removeProfile(userDataDir: string, socketFolder = socketFolderOf(userDataDir)): void {
  if (socketFolder) removeFolder(socketFolder)
  removeFolder(userDataDir)
}

export function removeFolder(folder: string): void {
  try {
    rmSync(folder, {recursive: true, force: true, maxRetries: 3})
  } catch {
    // A profile left in the temp folder is not worth failing a build over.
  }
}
