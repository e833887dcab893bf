import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {loadConfig} from './config.js'
import type {BriefConfig} from './peers.js'

/** The project configuration for a build (`loadConfig`: schema-checked, paths absolute). */
export async function resolveConfig(cwd: string, configPath?: string): Promise<BriefConfig> {
  const loaded = await loadConfig({cwd, configPath})
  return {...loaded.config, path: loaded.path}
}

/**
 * The messages of a configuration error (one per bad key, each naming it),
 * gathered in one file; `undefined` for any other error.
 */
export function configErrorFile(error: unknown): VFile | undefined {
  const messages = error && typeof error === 'object' && 'messages' in error && Array.isArray(error.messages) ? (error.messages as VFileMessage[]) : undefined
  if (!messages || messages.length === 0) return undefined
  const file = new VFile({path: messages[0]!.file || undefined})
  file.messages.push(...messages)
  return file
}
