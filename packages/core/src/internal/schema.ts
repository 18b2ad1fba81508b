/**
 * Building blocks the generated schemas are made of. The generator emits data
 * (calls to these functions with the model's constraints); the behaviour of each
 * kind of constraint lives here, written once.
 */
import * as Schema from "effect/Schema"

/** Smithy measures string length in Unicode code points, not UTF-16 units. */
const codePointLength = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

const describeBounds = (what: string, min: number | undefined, max: number | undefined): string =>
  min !== undefined && max !== undefined
    ? min === max ? `${what} must be exactly ${min}` : `${what} must be between ${min} and ${max}`
    : min !== undefined
    ? `${what} must be at least ${min}`
    : `${what} must be at most ${max}`

/** Constraints a Smithy string shape may state. */
export interface StringConstraints {
  readonly min?: number
  readonly max?: number
  readonly pattern?: string
}

/** A string schema enforcing the model's `@length` and `@pattern` traits. */
export const constrainedString = (constraints: StringConstraints): Schema.Schema<string> => {
  let schema: Schema.Schema<string> = Schema.String
  const { max, min, pattern } = constraints
  if (min !== undefined || max !== undefined) {
    const lo = min ?? 0
    const hi = max ?? Number.POSITIVE_INFINITY
    schema = schema.pipe(Schema.filter((s) => {
      // A string of u UTF-16 units has between ceil(u / 2) and u code points,
      // so most strings are settled without counting.
      if (s.length <= hi && Math.ceil(s.length / 2) >= lo) return true
      const n = codePointLength(s)
      return n >= lo && n <= hi
        ? true
        : `${describeBounds("length", min, max)} (got ${n})`
    }))
  }
  if (pattern !== undefined) {
    const regex = new RegExp(pattern)
    schema = schema.pipe(Schema.filter((s) => regex.test(s) || `must match the pattern ${pattern}`))
  }
  return schema
}

/** An integer schema enforcing the model's `@range` trait. */
export const constrainedInteger = (constraints: { readonly min?: number; readonly max?: number }): Schema.Schema<number> => {
  const { max, min } = constraints
  const base = Schema.Number.pipe(Schema.filter((n) => Number.isSafeInteger(n) || "must be an integer"))
  if (min === undefined && max === undefined) return base
  return base.pipe(Schema.filter((n) =>
    (min === undefined || n >= min) && (max === undefined || n <= max) ||
    `${describeBounds("value", min, max)} (got ${n})`
  ))
}

/** A list schema enforcing the model's `@length` trait on the number of items. */
export const constrainedList = <A, I, R>(
  item: Schema.Schema<A, I, R>,
  constraints: { readonly min?: number; readonly max?: number }
): Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I>, R> => {
  const { max, min } = constraints
  const base = Schema.Array(item)
  if (min === undefined && max === undefined) return base
  return base.pipe(Schema.filter((items) =>
    (min === undefined || items.length >= min) && (max === undefined || items.length <= max) ||
    `${describeBounds("number of items", min, max)} (got ${items.length})`
  ))
}

/**
 * A closed enum, used for inputs: only the model's wire values are accepted.
 * A declaration rather than a union of literals, so that one message names
 * every allowed value instead of one failure per literal.
 */
export const closedEnum = <const L extends readonly [string, ...Array<string>]>(
  ...values: L
): Schema.Schema<L[number]> => {
  const allowed: ReadonlySet<string> = new Set(values)
  return Schema.declare((u: unknown): u is L[number] => typeof u === "string" && allowed.has(u), {
    message: () => `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`
  })
}

/**
 * An open enum, used for outputs: the known wire values are kept in the type for
 * completion and narrowing, but any string decodes, so a provider AWS adds later
 * does not break a client built today.
 */
export const openEnum = <const L extends readonly [string, ...Array<string>]>(
  ..._values: L
): Schema.Schema<L[number] | (string & {})> =>
  Schema.declare((u: unknown): u is L[number] | (string & {}) => typeof u === "string", {
    message: () => "must be a string"
  })

/**
 * A Smithy timestamp without `@timestampFormat` is epoch seconds on the awsJson
 * wire: a JSON number, possibly fractional or in exponent notation.
 */
export const EpochSeconds: Schema.Schema<Date, number> = Schema.transform(
  Schema.Number.pipe(Schema.filter(Number.isFinite)),
  Schema.DateFromSelf,
  {
    strict: true,
    decode: (seconds) => new Date(Math.round(seconds * 1000)),
    encode: (date) => date.getTime() / 1000
  }
)
