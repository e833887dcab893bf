/**
 * JIT warm-up of the finish worker from its own work: in a `--watch`
 * session, while the worker is idle, it finishes its last print again (the
 * result dropped). The session's first rebuilds otherwise finish with
 * interpreted code (the print's read, the content scans, the writer: 2–6×
 * a warm pass). Armed by the first `prepare` (only a watch rebuild sends
 * one: a batch warms up on its own briefs and never pays for replays), they
 * start when the worker is next idle (after that rebuild's finish and
 * thumbnail), in the pause before the next save; the print replayed is the
 * last one finished. Bounded: a few replays in a worker's life, each
 * only after `idleMs` without a message, so a job that arrives meanwhile
 * waits for one replay at most.
 */
export interface IdleReplays<Job> {
  /** A real finish of `job` ended: the print to replay. */
  finished(job: Job): void
  /** A watch rebuild's `prepare`: replays may start after its finish, once the worker is idle. */
  arm(): void
  /** A message arrived: no replay starts before it is handled (`idle`). */
  busy(): void
  /** A message was handled: with none other in hand, a replay starts after `idleMs` more without a message. */
  idle(): void
  /** Stop: no replay starts any more. */
  stop(): void
}

export function idleReplays<Job>(replay: (job: Job) => Promise<unknown>, options: {runs: number; idleMs: number}): IdleReplays<Job> {
  let left = options.runs
  let last: Job | undefined
  let timer: NodeJS.Timeout | undefined
  let armed = false
  // A finish since the last arming: the rebuild that armed it has printed.
  let ready = false
  // Messages in hand (a handler awaits, another message may be handled meanwhile).
  let handling = 0
  const schedule = () => {
    clearTimeout(timer)
    if (!ready || handling > 0 || left <= 0 || last === undefined) return
    timer = setTimeout(async () => {
      const job = last
      if (job === undefined || left <= 0 || handling > 0) return
      left--
      try {
        await replay(job)
      } catch {
        // A replay's failure is its own: the real finish of that job was answered already.
      }
      schedule()
    }, options.idleMs)
    // Never keeps a process alive for a warm-up.
    timer.unref()
  }
  return {
    finished(job) {
      last = job
      if (armed) ready = true
    },
    arm() {
      // Not before that rebuild's finish: it is printing now (a replay would take a core from Chromium),
      // and a replay of the last print would put back that print's expectation in place of the one prepared.
      armed = true
      ready = false
    },
    busy() {
      handling++
      clearTimeout(timer)
    },
    idle() {
      handling = Math.max(0, handling - 1)
      schedule()
    },
    stop() {
      left = 0
      last = undefined
      clearTimeout(timer)
    }
  }
}
