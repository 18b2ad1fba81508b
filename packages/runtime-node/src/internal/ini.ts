/**
 * The INI dialect of the AWS shared config and credentials files, read the
 * way the AWS SDKs read it: `[section]` headers, `key = value` lines, comment
 * lines starting with `#` or `;`, and indented sub-properties under a key
 * whose value is empty (`codestar_connections =` then `  endpoint_url = ...`),
 * stored as `parent.child`. A small reader of our own keeps the SDK's config
 * loader (tens of milliseconds to import) off the start-up path.
 */

/** Sections by their header text (`default`, `profile dev`, `services local`), each a map of keys to values. */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>

export const parseIni = (text: string): IniSections => {
  const sections = new Map<string, Map<string, string>>()
  let current: Map<string, string> | undefined
  let parent: string | undefined
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim()
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue
    const header = /^\[([^\]]+)\]\s*(?:[#;].*)?$/.exec(trimmed)
    if (header !== null) {
      const name = (header[1] ?? "").trim().replace(/\s+/g, " ")
      current = sections.get(name) ?? new Map<string, string>()
      sections.set(name, current)
      parent = undefined
      continue
    }
    if (current === undefined) continue
    const eq = trimmed.indexOf("=")
    if (eq <= 0) continue
    const key = trimmed.slice(0, eq).trim().toLowerCase()
    const value = trimmed.slice(eq + 1).trim()
    const indented = /^\s/.test(raw)
    if (indented && parent !== undefined) {
      current.set(`${parent}.${key}`, value)
    } else if (value === "") {
      parent = key
    } else {
      parent = undefined
      current.set(key, value)
    }
  }
  return sections
}
