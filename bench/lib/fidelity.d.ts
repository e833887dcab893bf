export interface PdfFacts {
  pages: number
  /** Base font names without the subset prefix, sorted, unique. */
  fonts: string[]
}
export function pdfFacts(bytes: Uint8Array): Promise<PdfFacts>
export function comparePdfs(
  pairs: ReadonlyArray<{name: string; floor: string; ours: string}>
): Promise<{compared: number; samePages: number; sameFonts: number; differences: string[]}>
