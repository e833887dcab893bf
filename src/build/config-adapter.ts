import fs from 'node:fs/promises'
import path from 'node:path'
import {loadConfigLoader, type BriefConfig} from './peers.js'

/**
 * The project configuration for a build, through the template room's
 * `loadConfig` (schema-validated; errors name the bad key).
 *
 * TODO(build room): the fallback below only serves while `src/build/config.ts`
 * has not landed: it reads `--config` or `brief.config.json` as plain JSON.
 */
export async function resolveConfig(cwd: string, configPath?: string): Promise<BriefConfig> {
  const loadConfig = await loadConfigLoader()
  if (loadConfig) return normalise(await loadConfig({cwd, configPath}))

  const candidate = configPath ? path.resolve(cwd, configPath) : path.join(cwd, 'brief.config.json')
  let text: string
  try {
    text = await fs.readFile(candidate, 'utf8')
  } catch (error) {
    if (!configPath) return {}
    throw new Error(`Cannot read configuration \`${candidate}\`: ${(error as Error).message}`)
  }
  return {...(JSON.parse(text) as BriefConfig), path: candidate}
}

/** Accept `{config}` wrappers as well as a plain config object. */
function normalise(result: unknown): BriefConfig {
  if (result && typeof result === 'object' && 'config' in result && result.config && typeof result.config === 'object') {
    const wrapped = result as {config: BriefConfig; path?: string; file?: string}
    return {...wrapped.config, path: wrapped.config.path ?? wrapped.path ?? wrapped.file}
  }
  return (result ?? {}) as BriefConfig
}
