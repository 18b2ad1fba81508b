/**
 * A caller's input is read exactly once, into plain data, before it is
 * validated: getters run once (so the value validated is the value sent), a
 * getter or Proxy trap that throws becomes an `InvalidInput` issue instead of
 * a defect, and nothing later touches the caller's object again.
 *
 * The copy is bounded: no input of the model nests deeper than a handful of
 * levels or holds lists of more than a few hundred items, so a value nested
 * deeper than {@link maxInputDepth} (a cycle included) or a list or object
 * larger than {@link maxInputEntries} is refused without being walked.
 * Strings must be well-formed UTF-16: a lone surrogate cannot be encoded as
 * UTF-8, and the service rejects the `\ud800` escape JSON would send.
 */
import type { InputIssue } from "../AwsError.js"
import { clip, keyOf } from "./issues.js"

/** Deeper than this is not an input of this service. */
export const maxInputDepth = 32
/** More list items or object members than this is not an input of this service. */
export const maxInputEntries = 10_000

/** Keys that would change the prototype of a plain object if copied by assignment; no member has these names. */
const unsafeKeys: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"])

/** Index of the first lone surrogate of `s`, or -1 (in a `u` regex a well-formed pair is one code point, not a surrogate). */
export const loneSurrogateAt = (s: string): number => s.search(/\p{Cs}/u)

class Refused {
  constructor(readonly issue: InputIssue) {}
}

const refuse = (path: string, message: string): never => {
  throw new Refused({ path: path === "" ? "(input)" : clip(path, 200), message })
}

const unreadable = "could not be read (a getter or Proxy trap threw)"

/** Runs `f`, turning anything the caller's object throws into a refusal at `path`. */
const reading = <A>(path: string, f: () => A): A => {
  try {
    return f()
  } catch (e) {
    if (e instanceof Refused) throw e
    return refuse(path, unreadable)
  }
}

const copy = (value: unknown, path: string, depth: number): unknown => {
  if (typeof value === "string") {
    const at = loneSurrogateAt(value)
    if (at >= 0) refuse(path, `contains a lone surrogate at index ${at} (not valid Unicode)`)
    return value
  }
  if (typeof value !== "object" || value === null) return value
  if (depth >= maxInputDepth) refuse(path, `is nested more than ${maxInputDepth} levels deep`)
  if (reading(path, () => value instanceof Date)) {
    return reading(path, () => new Date(Date.prototype.getTime.call(value)))
  }
  if (reading(path, () => Array.isArray(value))) {
    const length: unknown = reading(path, () => Reflect.get(value, "length"))
    if (typeof length !== "number" || !Number.isSafeInteger(length) || length < 0) {
      return refuse(path, "is a list without a valid length")
    }
    if (length > maxInputEntries) refuse(path, `has more than ${maxInputEntries} items`)
    const out: Array<unknown> = []
    for (let i = 0; i < length; i++) {
      const at = keyOf(path, i)
      out.push(copy(reading(at, () => Reflect.get(value, i)), at, depth + 1))
    }
    return out
  }
  const keys = reading(path, () => Object.keys(value))
  if (keys.length > maxInputEntries) refuse(path, `has more than ${maxInputEntries} members`)
  const out: Record<string, unknown> = {}
  for (const key of keys) {
    if (unsafeKeys.has(key)) continue
    const at = keyOf(path, key)
    out[key] = copy(reading(at, () => Reflect.get(value, key)), at, depth + 1)
  }
  return out
}

/**
 * Plain data equal to `input` for every member a schema can read, or the one
 * reason it cannot be read.
 */
export const snapshotInput = (
  input: unknown
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issue: InputIssue } => {
  try {
    return { ok: true, value: copy(input, "", 0) }
  } catch (e) {
    // The caller's own error is not quoted: its text may be anything, secrets included.
    return { ok: false, issue: e instanceof Refused ? e.issue : { path: "(input)", message: unreadable } }
  }
}
