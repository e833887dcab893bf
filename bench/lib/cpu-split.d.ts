export interface TreeSample {
  /** CPU seconds (user + system) by role: `node main thread`, `node unified worker`, `chromium renderer`… */
  cpu: Record<string, number>
  /** The sample with the largest summed resident set, by role (bytes). */
  peak: {bytes: number; byRole: Record<string, number>}
  /** Every sample: milliseconds since the sampler started, resident bytes by role. */
  memory: Array<{time: number; byRole: Record<string, number>}>
}
export function sampleTree(root: number, options?: {interval?: number; tagFile?: string}): {stop(): TreeSample}
