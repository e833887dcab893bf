/**
 * File names and message text come from untrusted input. Before they reach a
 * terminal, every control character (escape sequences, but also newlines and
 * carriage returns that forge a line of output) and every bidirectional
 * control (U+202E turns `txt.exe` round) is written out as `\u202E`.
 */
import type {VFile} from 'vfile'

const unsafe = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g

export function escapeControls(text: string): string {
  return text.replace(unsafe, (character) => '\\u' + character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'))
}

/** A copy of `file` for a reporter: the same messages, its path escaped. */
export function displayFile<File extends VFile>(file: File): File {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(file)) as File, file)
  copy.history = file.history.map(escapeControls)
  return copy
}
