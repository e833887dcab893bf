import path from 'node:path'

/**
 * The output name for an input path: its base name without extension, reduced
 * to a safe file name (letters, digits, `.`, `-`, `_`), never empty, never a
 * dot name, so `<out>/<name>.pdf` cannot leave the output folder.
 */
export function outputName(inputPath: string): string {
  const base = path.basename(inputPath.replaceAll('\\', '/')).replace(/\.[^.]*$/, '')
  const safe = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .replace(/-{2,}/g, '-')
    .slice(0, 120)
  return safe || 'brief'
}

/**
 * Output names for many inputs: collisions (two `index.md` in different
 * folders) get `-2`, `-3`… in input order, so no brief overwrites another;
 * `alreadyTaken` names are skipped too.
 */
export function outputNames(inputPaths: readonly string[], alreadyTaken: Iterable<string> = []): Map<string, string> {
  const names = new Map<string, string>()
  // Names other briefs in the output folder have (other shards, an earlier run): never reused.
  const taken = new Set([...alreadyTaken].map((name) => name.toLowerCase()))
  for (const inputPath of inputPaths) {
    const base = outputName(inputPath)
    let name = base
    for (let count = 2; taken.has(name.toLowerCase()); count++) name = `${base}-${count}`
    taken.add(name.toLowerCase())
    names.set(inputPath, name)
  }
  return names
}

/** `child` resolved inside `root`, or `undefined` when it would leave it. */
export function insideFolder(root: string, child: string): string | undefined {
  const resolved = path.resolve(root, child)
  const relative = path.relative(root, resolved)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined
  return resolved
}
