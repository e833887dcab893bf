/**
 * The default template and stylesheet, read once when this module loads
 * (`templates/brief.html`, `templates/brief.css`, resolved from this module's
 * URL, so they work from `src/` and from `dist/`). The plugins themselves
 * never read files: callers may pass their own text instead.
 */
import {readFileSync} from 'node:fs'

export const defaultTemplate = readFileSync(new URL('../../templates/brief.html', import.meta.url), 'utf8')
export const defaultCss = readFileSync(new URL('../../templates/brief.css', import.meta.url), 'utf8')
