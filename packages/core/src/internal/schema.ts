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

/**
 * The model constraint a filter enforces, attached to it as an annotation, so
 * that tests can enumerate every constraint of every input and break each one.
 */
export const ConstraintId: unique symbol = Symbol.for("@effect-codestar/core/Constraint")

/** What {@link ConstraintId} annotates. */
export type Constraint =
  | { readonly kind: "length"; readonly min?: number | undefined; readonly max?: number | undefined }
  | { readonly kind: "pattern"; readonly pattern: string }
  | { readonly kind: "integer" }
  | { readonly kind: "range"; readonly min?: number | undefined; readonly max?: number | undefined }
  | { readonly kind: "size"; readonly min?: number | undefined; readonly max?: number | undefined }
  | { readonly kind: "enum"; readonly values: ReadonlyArray<string> }

const constraint = (c: Constraint) => ({ [ConstraintId]: c })

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
    }, constraint({ kind: "length", min, max })))
  }
  if (pattern !== undefined) {
    const regex = new RegExp(pattern)
    schema = schema.pipe(
      Schema.filter(
        (s) => regex.test(s) || `must match the pattern ${pattern}`,
        constraint({ kind: "pattern", pattern })
      )
    )
  }
  return schema
}

/** An integer schema enforcing the model's `@range` trait. */
export const constrainedInteger = (
  constraints: { readonly min?: number; readonly max?: number }
): Schema.Schema<number> => {
  const { max, min } = constraints
  const base = Schema.Number.pipe(
    Schema.filter((n) => Number.isSafeInteger(n) || "must be an integer", constraint({ kind: "integer" }))
  )
  if (min === undefined && max === undefined) return base
  return base.pipe(Schema.filter((n) =>
    (min === undefined || n >= min) && (max === undefined || n <= max) ||
    `${describeBounds("value", min, max)} (got ${n})`, constraint({ kind: "range", min, max })))
}

/** A list schema enforcing the model's `@length` trait on the number of items. */
export const constrainedList = <A, I, R>(
  item: Schema.Schema<A, I, R>,
  constraints: { readonly min?: number; readonly max?: number }
): Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I>, R> => {
  const { max, min } = constraints
  const base = Schema.Array(item)
  if (min === undefined && max === undefined) return base
  return base.pipe(
    Schema.filter((items) =>
      (min === undefined || items.length >= min) && (max === undefined || items.length <= max) ||
      `${describeBounds("number of items", min, max)} (got ${items.length})`, constraint({ kind: "size", min, max }))
  )
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
    message: () => `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
    ...constraint({ kind: "enum", values })
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

/** The largest distance from the epoch, in seconds, that a `Date` can hold (±100,000,000 days). */
export const maxEpochSeconds = 8.64e12

/**
 * A Smithy timestamp without `@timestampFormat` is epoch seconds on the awsJson
 * wire: a JSON number, possibly fractional or in exponent notation. A number
 * beyond the range of a `Date` would decode to `Invalid Date`, so it fails.
 */
export const EpochSeconds: Schema.Schema<Date, number> = Schema.transform(
  Schema.Number.pipe(
    Schema.filter((n) =>
      Number.isFinite(n) && Math.abs(n) <= maxEpochSeconds || "must be epoch seconds within the range of a date"
    )
  ),
  Schema.DateFromSelf,
  {
    strict: true,
    decode: (seconds) => new Date(Math.round(seconds * 1000)),
    encode: (date) => date.getTime() / 1000
  }
)

/**
 * A list in an output. The README promises that `null` counts as absent, so a
 * `null` item is dropped rather than failing the whole response and losing
 * the valid items with it.
 */
export const outputList = <A, I, R>(
  item: Schema.Schema<A, I, R>
): Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I | null>, R> =>
  Schema.transform(
    Schema.Array(Schema.NullOr(item)),
    // The items were decoded on the way in; checking them again on the way out would double the cost of a page.
    Schema.declare((u: unknown): u is ReadonlyArray<A> => Array.isArray(u)),
    {
      strict: true,
      decode: (items) => items.filter((x): x is A => x !== null),
      encode: (items) => items
    }
  )

const isRecord = (u: unknown): u is { readonly [key: string]: unknown } =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * The output of an operation whose output has no members. `Schema.Struct({})`
 * accepts any value that is not `null` or `undefined` and passes it through,
 * so a string, a list or an object with unknown (or `__proto__`) members
 * would reach the caller. This accepts an object only and always yields a
 * fresh `{}`.
 */
export const emptyStructure = (identifier: string): Schema.Schema<{}, { readonly [key: string]: unknown }> =>
  Schema.transform(
    Schema.declare(isRecord, { message: () => "must be an object" }),
    Schema.Struct({}),
    { strict: true, decode: () => ({}), encode: () => ({}) }
  ).annotations({ identifier })
