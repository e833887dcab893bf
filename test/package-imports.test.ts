/**
 * Every package the published code imports at run time is one the manifest
 * names. npm hoists a dependency's dependencies beside ours, so an import of
 * one we never declared works here and under npm, and fails in a strict
 * layout (Yarn's Plug'n'Play, pnpm with `hoist=false`):
 * `hast-util-raw` was imported by the sanitiser and reached only through
 * `rehype-raw`, which nothing imported. Read from the sources as TypeScript
 * emits them (type-only imports dropped), static and dynamic imports alike.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {builtinModules} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import ts from 'typescript'
import {expect, test} from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

interface Manifest {
  name: string
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

function sources(folder: string): string[] {
  return readdirSync(folder, {withFileTypes: true}).flatMap((entry) => {
    const file = path.join(folder, entry.name)
    if (entry.isDirectory()) return sources(file)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : []
  })
}

/** `pkg`, `@scope/pkg` of a bare specifier (`pkg/sub/path` ▶ `pkg`); `undefined` for relative, `node:` and built-in ones. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined
  const parts = specifier.split('/')
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  return builtinModules.includes(name) ? undefined : name
}

/** The module specifiers the emitted JavaScript of `source` loads: `import … from`, `export … from`, `import(…)` with a literal. */
function runtimeImports(source: string, file: string): string[] {
  const emitted = ts.transpileModule(source, {compilerOptions: {module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022}, fileName: file}).outputText
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text)
    }
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile(file, emitted, ts.ScriptTarget.ES2022, true))
  return found
}

test('every package the sources import at run time is a dependency or a peer of remark-brief', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest
  const declared = new Set([manifest.name, ...Object.keys({...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies})])
  const undeclared: string[] = []
  for (const file of sources(path.join(root, 'src'))) {
    for (const specifier of runtimeImports(readFileSync(file, 'utf8'), file)) {
      const name = packageOf(specifier)
      if (name !== undefined && !declared.has(name)) undeclared.push(`${path.relative(root, file)}: ${specifier}`)
    }
  }
  expect(undeclared).toEqual([])
})

test('the reader of imports sees static, re-exported and dynamic imports, and not type-only ones', () => {
  const probe = [
    "import type {Root} from 'hast'",
    "import {type Node} from 'unist'",
    "import {visit} from 'unist-util-visit'",
    "export {toHtml} from 'hast-util-to-html'",
    "const late = () => import('pdf-lib')",
    'export const used = (tree: Root, node: Node) => [visit, late, tree, node]'
  ].join('\n')
  expect(runtimeImports(probe, 'probe.ts').sort()).toEqual(['hast-util-to-html', 'pdf-lib', 'unist-util-visit'])
  expect(packageOf('@fontsource/noto-sans-sc/400.css')).toBe('@fontsource/noto-sans-sc')
  expect(packageOf('hyphen/en-us/index.js')).toBe('hyphen')
  expect(packageOf('node:fs')).toBeUndefined()
  expect(packageOf('path')).toBeUndefined()
  expect(packageOf('./local.js')).toBeUndefined()
})
