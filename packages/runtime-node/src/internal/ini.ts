/**
 * The INI dialect of the AWS shared config and credentials files, read by the
 * rules the AWS SDKs share (their common profile-parser test suite):
 *
 * - A line whose first non-blank character is `#` or `;` is a comment.
 * - `[name]` starts a section; blanks inside the brackets are trimmed and a
 *   prefix is separated from its name by spaces or tabs (`[ profile  dev ]`
 *   is `profile dev`). A comment may follow the `]`, even without a blank.
 *   A section whose name holds characters a profile name cannot hold
 *   (`[profile in valid]`) is ignored, with its properties.
 * - `key = value`: key and value trimmed, the key compared without regard to
 *   case (`Region` is `region`), the value cut at a `#` or `;` that follows a
 *   blank (`us-east-1 # prod` is `us-east-1`, `abc#1` stays `abc#1`). A key
 *   with blanks inside is ignored. A later value of a key wins.
 * - An indented `name = value` under a key whose value is empty is a
 *   sub-property, kept as `key.name` (`services` sections use them); any
 *   other indented line continues the previous value on a new line.
 *
 * A small reader of our own keeps the SDK's config loader (tens of
 * milliseconds to import) off the start-up path.
 */

/** Sections by their normalised header (`default`, `profile dev`, `services local`), each a map of lower-case keys to values. */
export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>

/** Characters a profile or section name may hold. */
const validName = /^[A-Za-z0-9\-/.%@_:+]+$/

/** `profile   dev` becomes `profile dev`; `undefined` for a name that is not valid. */
const sectionName = (inner: string): string | undefined => {
  const parts = inner.trim().split(/[ \t]+/)
  if (parts.length > 2 || parts.some((p) => !validName.test(p))) return undefined
  return parts.join(" ")
}

/** The value before a comment: `#` or `;` count only after a blank. */
const stripComment = (value: string): string => {
  const match = /[ \t][#;]/.exec(value)
  return (match === null ? value : value.slice(0, match.index)).trim()
}

const isBlank = (c: string | undefined) => c === " " || c === "\t"

export const parseIni = (text: string): IniSections => {
  const sections = new Map<string, Map<string, string>>()
  /** The current section; `null` inside an ignored one, `undefined` before any. */
  let current: Map<string, string> | null | undefined
  /** The last property, for continuations and sub-properties. */
  let last: { readonly key: string; readonly hasValue: boolean } | undefined
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim()
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue
    if (trimmed.startsWith("[")) {
      const close = trimmed.indexOf("]")
      const after = close < 0 ? "" : trimmed.slice(close + 1).trim()
      last = undefined
      if (close < 0 || (after !== "" && !after.startsWith("#") && !after.startsWith(";"))) {
        current = null
        continue
      }
      const name = sectionName(trimmed.slice(1, close))
      if (name === undefined) {
        current = null
        continue
      }
      current = sections.get(name) ?? new Map<string, string>()
      sections.set(name, current)
      continue
    }
    if (current === undefined || current === null) continue
    if (isBlank(raw[0]) && last !== undefined) {
      if (last.hasValue) {
        // A continuation of the last value; comments are part of it.
        current.set(last.key, `${current.get(last.key) ?? ""}\n${trimmed}`)
        continue
      }
      const eq = trimmed.indexOf("=")
      if (eq <= 0) continue
      const name = trimmed.slice(0, eq).trim().toLowerCase()
      if (/\s/.test(name)) continue
      current.set(`${last.key}.${name}`, stripComment(trimmed.slice(eq + 1)))
      continue
    }
    const eq = trimmed.indexOf("=")
    if (eq <= 0) {
      last = undefined
      continue
    }
    const key = trimmed.slice(0, eq).trim().toLowerCase()
    if (/\s/.test(key)) {
      last = undefined
      continue
    }
    const value = stripComment(trimmed.slice(eq + 1))
    current.set(key, value)
    last = { key, hasValue: value !== "" }
  }
  return sections
}
