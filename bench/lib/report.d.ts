export interface CaseResult {
  id: string
  title: string
  /** `floor`, `ours`, `peer` or `import`. */
  group: string
  /** Successful runs only. */
  runs: Array<{seconds: number; peakBytes: number; cpuSeconds?: number; extra?: Record<string, unknown>}>
  failures: number
  skipped?: string
  note?: string
  extra?: Record<string, unknown>
}
export interface Summary {
  seconds: number
  min: number
  max: number
  peakBytes: number
  cpuSeconds: number | undefined
}
export interface Target {
  id: string
  title: string
  measured: string
  limit: string
  /** `undefined` when a case it needs did not run. */
  met: boolean | undefined
}
export function summarize(result: CaseResult | undefined): Summary | undefined
export function evaluateTargets(
  results: Record<string, CaseResult>,
  loads?: {puppeteerInHelp?: boolean; puppeteerInImport?: boolean}
): Target[]
export function memoryGrowth(result: CaseResult | undefined): {briefs: number; early: number; last: number; growth: number} | undefined
export function curveLine(curve: Array<[number, number, number]>): string
export function baseOf(result: CaseResult): string | undefined
export function seconds(value: number): string
export function times(value: number): string
export function mebibytes(bytes: number): string
export function table(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string
export function casesTable(results: readonly CaseResult[]): string
export function targetsTable(targets: readonly Target[]): string
export function profileTable(profile: {rows: Array<{stage: string; cold: number; warm?: number}>}): string
