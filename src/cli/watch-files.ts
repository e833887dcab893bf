/**
 * What `--watch` listens to: `fs.watch` on folders, never on the files
 * themselves. An editor's atomic save writes a temporary file and renames it
 * over the article; a watch on the old file would follow the old inode and
 * miss it, a watch on the folder sees the rename at once. No polling and no
 * wait for writes to settle: the caller debounces by a few milliseconds, and
 * a write still going on when the rebuild starts changes the file again,
 * which brings another rebuild.
 */
import {watch, type FSWatcher} from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'

export interface WatchFilesOptions {
  /**
   * Absolute paths: a file is watched through its folder (only that name in
   * it); a folder with every folder below it, new ones included, skipping
   * hidden folders and `node_modules` as the build's folder walk does.
   */
  roots: readonly string[]
  /** Folders whose changes are never reported (the output folder). */
  ignore?: readonly string[]
  /** A file that was written, created or renamed into place (it exists when reported). */
  onPath: (file: string) => void
}

export interface FileWatcher {
  close(): void
}

export async function watchFiles(options: WatchFilesOptions): Promise<FileWatcher> {
  const watchers = new Map<string, FSWatcher>()
  // Folder ▶ names watched in it, for roots that are files.
  const namesIn = new Map<string, Set<string>>()
  const trees: string[] = []
  let closed = false

  const inside = (folder: string, file: string) => file === folder || file.startsWith(folder + path.sep)
  const skipped = (file: string) => (options.ignore ?? []).some((folder) => inside(folder, file))
  const inTree = (file: string) =>
    trees.some((tree) => inside(tree, file) && !path.relative(tree, file).split(path.sep).some((segment) => segment.startsWith('.') || segment === 'node_modules'))

  function watchFolder(folder: string): void {
    if (closed || watchers.has(folder)) return
    try {
      const watcher = watch(folder, {persistent: true}, (_event, name) => {
        if (name) void changed(path.join(folder, name.toString()))
      })
      // A folder removed while watched: stop watching it, quietly.
      watcher.on('error', () => {
        watcher.close()
        watchers.delete(folder)
      })
      watchers.set(folder, watcher)
    } catch {
      // Gone already, or not readable: nothing to watch.
    }
  }

  async function watchTree(folder: string): Promise<void> {
    if (skipped(folder)) return
    watchFolder(folder)
    const entries = await fs.readdir(folder, {withFileTypes: true}).catch(() => [])
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') await watchTree(path.join(folder, entry.name))
    }
  }

  async function changed(file: string): Promise<void> {
    if (closed || skipped(file)) return
    const watchedName = namesIn.get(path.dirname(file))?.has(path.basename(file)) ?? false
    if (!watchedName && !inTree(file)) return
    const stats = await fs.lstat(file).catch(() => undefined)
    if (!stats || closed) return
    if (stats.isDirectory()) {
      // A new folder in a watched tree: watch it, and report what it brought.
      if (!inTree(file)) return
      await watchTree(file)
      const entries = await fs.readdir(file, {recursive: true, withFileTypes: true}).catch(() => [])
      for (const entry of entries) {
        const found = path.join(entry.parentPath, entry.name)
        if (!entry.isDirectory() && inTree(found) && !skipped(found)) options.onPath(found)
      }
      return
    }
    options.onPath(file)
  }

  for (const root of options.roots) {
    const stats = await fs.stat(root).catch(() => undefined)
    if (stats?.isDirectory()) {
      trees.push(root)
      await watchTree(root)
    } else {
      // A file, or one that does not exist yet: its folder tells when it appears.
      const folder = path.dirname(root)
      const names = namesIn.get(folder) ?? new Set()
      names.add(path.basename(root))
      namesIn.set(folder, names)
      watchFolder(folder)
    }
  }

  return {
    close() {
      closed = true
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    }
  }
}
