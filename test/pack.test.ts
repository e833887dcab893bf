/**
 * What `npm pack` puts in the two tarballs (issue 14, item 6), and the weight
 * of what `remark-brief` alone installs (item 1): the dependency closure of
 * its `dependencies`, less what remark-cli already brings, as installed in
 * this repository's node_modules (the lock file's versions). The measured
 * figure for a real install from the registry is in the README.
 */
import {execFileSync} from 'node:child_process'
import {readFileSync, statSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

function packed(folder: string): {files: string[]; unpackedSize: number} {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
  const [result] = JSON.parse(output) as Array<{files: Array<{path: string}>; unpackedSize: number}>
  return {files: result!.files.map((file) => file.path), unpackedSize: result!.unpackedSize}
}

describe('npm pack', () => {
  it('remark-brief: dist, templates, docs, README, LICENSE, CHANGELOG; no tests, fixtures, bench, sources', () => {
    const {files} = packed(root)
    for (const expected of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts', 'dist/optional.js', 'dist/notes/index.js', 'dist/article/index.js', 'dist/pdf/index.js', 'dist/build/index.js', 'dist/cli/bin.js', 'templates/brief.html', 'templates/brief.css', 'docs/notes.md', 'docs/hosts.md']) {
      expect(files).toContain(expected)
    }
    const unwanted = files.filter((file) => /^(?:test|bench|scripts|src|input|output|packages|node_modules|\.ci)\/|fixtures|\.test\.|tsconfig|vitest/.test(file))
    expect(unwanted).toEqual([])
  })

  it('every file the exports map and bin name is in the tarball', () => {
    const {files} = packed(root)
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {exports: Record<string, string | Record<string, string>>; bin: Record<string, string>}
    const targets = Object.values(manifest.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)))
    for (const target of [...targets, ...Object.values(manifest.bin)]) expect(files).toContain(target.replace(/^\.\//, ''))
  })

  it('remark-brief-print: its sources, the loader, README and LICENSE only', () => {
    const {files} = packed(path.join(root, 'packages/print'))
    expect(files.sort()).toEqual(['LICENSE', 'README.md', 'load.d.ts', 'load.js', 'package.json', 'src/index.d.ts', 'src/index.js', 'src/pdf.d.ts', 'src/pdf.js'])
  })
})

interface LockEntry {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

describe('the light install', () => {
  const lock = (JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, LockEntry>}).packages
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
    peerDependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  const printManifest = JSON.parse(readFileSync(path.join(root, 'packages/print/package.json'), 'utf8')) as {dependencies: Record<string, string>}

  /** Top-level packages reachable from these names through the lock file (hoisted layout). */
  function closure(names: string[]): Set<string> {
    const seen = new Set<string>()
    const stack = [...names]
    while (stack.length > 0) {
      const name = stack.pop()!
      const entry = lock[`node_modules/${name}`]
      if (!entry || seen.has(name)) continue
      seen.add(name)
      stack.push(...Object.keys({...entry.dependencies, ...entry.optionalDependencies}))
    }
    return seen
  }

  function bytes(folder: string): number {
    let total = 0
    for (const entry of readdirSync(folder, {withFileTypes: true})) {
      const full = path.join(folder, entry.name)
      total += entry.isDirectory() ? bytes(full) : entry.isFile() ? statSync(full).size : 0
    }
    return total
  }

  it('no printing package is a dependency; each is an optional peer, a devDependency and a dependency of remark-brief-print, at one version', () => {
    const heavy = ['puppeteer-core', 'pdf-lib', 'pdfjs-dist', 'pagedjs', 'hyphen', 'linkedom', '@mozilla/readability', '@fontsource/source-serif-4', '@fontsource/noto-sans-sc']
    for (const name of heavy) {
      expect(manifest.dependencies[name]).toBeUndefined()
      expect(manifest.peerDependencies[name]).toBe('^' + manifest.devDependencies[name])
      expect(printManifest.dependencies[name]).toBe(manifest.devDependencies[name])
    }
    expect(Object.keys(printManifest.dependencies).sort()).toEqual(Object.keys(manifest.peerDependencies).filter((name) => name !== 'remark-brief-print').sort())
  })

  it('adds at most 15 MB beside remark-cli (dependency closure, on disk)', () => {
    const cli = closure(['remark-cli'])
    const added = [...closure(Object.keys(manifest.dependencies))].filter((name) => !cli.has(name))
    expect(added).not.toContain('puppeteer-core')
    const megabytes = added.reduce((sum, name) => sum + bytes(path.join(root, 'node_modules', name)), 0) / 1024 / 1024
    // The package's own files come on top (about 1.2 MB unpacked).
    expect(megabytes).toBeLessThan(13.5)
    expect(megabytes).toBeGreaterThan(1)
  })
})
