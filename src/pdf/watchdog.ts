/**
 * A watchdog on the browser while a job runs.
 *
 * A browser that dies closes its connection and the pool sees it at once. A
 * browser that hangs does not: a stopped process (SIGSTOP, a debugger, a
 * frozen container) or a wedged main thread keeps its pipe open and simply
 * never answers, so every job on it would wait for its whole timeout, and
 * the next job too. The watchdog asks the browser process a question that
 * costs it nothing (`Browser.getVersion`) every `interval` ms and calls the
 * browser hung when an answer is `limit` ms late.
 */

export interface WatchdogOptions {
  /** Milliseconds between questions. */
  interval: number
  /** Milliseconds an answer may take before the browser counts as hung. */
  limit: number
  /** The error `hung` rejects with. */
  onHung: (ms: number) => Error
}

export interface Watchdog {
  /** Rejects (once) when the browser stops answering; never resolves. */
  hung: Promise<never>
  /** Stop asking; `hung` then never settles. */
  stop(): void
}

/**
 * Watch whatever `ask` asks (for the pool: `browser.version()`). A question
 * that fails (the connection closed) ends the watch quietly: a browser that
 * went away is the pool's `disconnected` business, not a hang.
 */
export function watchBrowser(ask: () => Promise<unknown>, options: WatchdogOptions): Watchdog {
  let stopped = false
  let next: NodeJS.Timeout | undefined
  let deadline: NodeJS.Timeout | undefined
  let fire: (error: Error) => void = () => undefined
  const hung = new Promise<never>((_, reject) => {
    fire = reject
  })
  // Nobody may be listening when it fires (the job already settled).
  hung.catch(() => undefined)

  const stop = () => {
    stopped = true
    clearTimeout(next)
    clearTimeout(deadline)
  }

  const beat = () => {
    if (stopped) return
    deadline = setTimeout(() => {
      if (stopped) return
      stop()
      fire(options.onHung(options.limit))
    }, options.limit)
    // Unreferenced: the job's own timeout keeps the process alive, the watchdog never does.
    deadline.unref?.()
    ask().then(
      () => {
        clearTimeout(deadline)
        if (stopped) return
        next = setTimeout(beat, options.interval)
        next.unref?.()
      },
      () => stop()
    )
  }

  next = setTimeout(beat, options.interval)
  next.unref?.()
  return {hung, stop}
}
