/**
 * Find, read and check the project configuration: `--config <file>`, else
 * `brief.config.json` in the working folder, else the `brief` key of its
 * `package.json`. JSON only: a configuration is never code, never evaluated.
 * Paths in it (logo, template, stylesheet) resolve against the file's folder;
 * the logo must stay inside that folder (the project).
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {validateConfig, type BriefConfigFile} from '../meta/config.js'
import {report} from '../meta/report.js'

export interface LoadConfigOptions {
  /** Working folder (the project). */
  cwd: string
  /** Configuration file, relative to `cwd`. */
  configPath?: string
}

export interface LoadedConfig {
  /** The checked configuration, paths made absolute (`{}` when there is none). */
  config: BriefConfigFile
  /** The file it came from. */
  path?: string
  /** Warnings (errors are thrown, see below). */
  messages: VFileMessage[]
}

/** Thrown when the configuration cannot be used; `messages` holds one message per problem. */
export class ConfigError extends Error {
  messages: VFileMessage[]
  constructor(messages: VFileMessage[]) {
    super(messages.map((message) => message.reason).join('; '))
    this.name = 'ConfigError'
    this.messages = messages
  }
}

/**
 * Load the configuration.
 *
 * @throws {ConfigError}
 *   When the file is missing (if named), not JSON, or fails the schema: the
 *   message names the file and the key.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = path.resolve(options.cwd)
  const found = await findConfig(cwd, options.configPath)
  if (!found) return {config: {}, messages: []}

  const {file, value, text} = found
  const result = validateConfig(value, path.relative(cwd, file) || file, text)
  if (!result.config) throw new ConfigError(result.messages)

  const config = await resolvePaths(result.config, file, path.dirname(file))
  return {config, path: file, messages: []}
}

async function findConfig(cwd: string, configPath?: string): Promise<{file: string; value: unknown; text: string} | undefined> {
  if (configPath) {
    const file = path.resolve(cwd, configPath)
    return {file, ...(await readJson(file, configPath))}
  }

  const own = path.join(cwd, 'brief.config.json')
  if (await exists(own)) return {file: own, ...(await readJson(own, 'brief.config.json'))}

  const manifest = path.join(cwd, 'package.json')
  if (await exists(manifest)) {
    const {value, text} = await readJson(manifest, 'package.json')
    if (value && typeof value === 'object' && 'brief' in value) return {file: manifest, value: (value as {brief: unknown}).brief, text}
  }
  return undefined
}

async function readJson(file: string, name: string): Promise<{value: unknown; text: string}> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    throw fail(file, `Cannot read configuration \`${name}\`: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  try {
    return {value: JSON.parse(text), text}
  } catch (error) {
    throw fail(file, `Unexpected invalid JSON in \`${name}\` (${(error as Error).message}), expected a JSON object`)
  }
}

function fail(file: string, reason: string): ConfigError {
  const vfile = new VFile({path: file})
  report(vfile, reason, {ruleId: 'config-invalid', severity: 'error'})
  return new ConfigError(vfile.messages)
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false
  )
}

/** Absolute paths for the logo, template and stylesheet; the logo must stay in the project. */
async function resolvePaths(config: BriefConfigFile, file: string, root: string): Promise<BriefConfigFile> {
  const result: BriefConfigFile = {...config}
  if (config.template) result.template = path.resolve(root, config.template)
  if (config.css) result.css = path.resolve(root, config.css)
  // Trusted like the template: the project's own shared images; `localImages` still refuses hidden files and non-images in it.
  if (config.assets) result.assets = path.resolve(root, config.assets)
  if (config.organization?.logo) {
    const logo = path.resolve(root, config.organization.logo)
    const real = await fs.realpath(logo).catch(() => undefined)
    const realRoot = await fs.realpath(root).catch(() => root)
    if (!real) throw fail(file, `Cannot read \`organization.logo\` in \`${path.basename(file)}\`: \`${config.organization.logo}\` does not exist`)
    if (!inside(realRoot, real)) {
      throw fail(file, `Unexpected \`organization.logo\` \`${config.organization.logo}\` in \`${path.basename(file)}\`, expected a file inside the project`)
    }
    result.organization = {...config.organization, logo: real}
  }
  return result
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}
