/**
 * Building blocks the generated schemas are made of. The generator emits data
 * (calls to these functions with the model's constraints); the behaviour of each
 * kind of constraint lives here, written once.
 */
import { fastListOf } from "#codecs"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import {
  Declined,
  FastDecoder,
  FastDecoderId,
  fastOptions,
  fastString,
  isNullableArrayOf,
  lazyFast
} from "./fastOutput.js"

/** Smithy measures string length in Unicode code points, not UTF-16 units: a surrogate pair counts once. */
const codePointLength = (s: string): number => s.length - (s.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0)

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

/**
 * `Schema.Struct(fields).annotations({ identifier })`, the same schema built
 * once rather than twice: `.annotations()` copies the structure's AST
 * (through property descriptors) and makes a second class around the copy,
 * which was the larger part of importing the generated schemas. Here the
 * identifier is added to the annotations of the AST `Schema.Struct` has just
 * made for this call alone, before anyone else can see it. Should a version
 * of Effect ever hand out an AST whose annotations are not its own fresh
 * object (frozen, or holding anything), the copy is made as before.
 */
export const struct = <Fields extends Schema.Struct.Fields>(
  fields: Fields,
  identifier: string
): Schema.Struct<Fields> => {
  const schema = Schema.Struct(fields)
  const annotations = schema.ast.annotations
  if (Object.isFrozen(annotations) || Reflect.ownKeys(annotations).length > 0) {
    return schema.annotations({ identifier })
  }
  Object.assign(annotations, { [AST.IdentifierAnnotationId]: identifier })
  return schema
}

/** Constraints a Smithy string shape may state. */
export interface StringConstraints {
  readonly min?: number
  readonly max?: number
  readonly pattern?: string
}

/**
 * Patterns that every string matches: `.*` matches the empty string at the
 * start of any string (`test` is not anchored), and `^[\s\S]*$` any string
 * whole. A filter for one of them can never fail, so none is built (which
 * saves building it at import and running it on every input). `^.*$` is not
 * one of them: without the `s` flag `.` does not match a line break.
 */
const matchesEveryString: ReadonlySet<string> = new Set([".*", "^[\\s\\S]*$"])

/**
 * A string schema enforcing the model's `@length` and `@pattern` traits,
 * named `identifier` when one is given: the same schema as
 * `constrainedString(constraints).annotations({ identifier })`, the name
 * carried by the last filter instead of by a copy of it.
 */
export const constrainedString = (constraints: StringConstraints, identifier?: string): Schema.Schema<string> => {
  const { max, min } = constraints
  const pattern = constraints.pattern !== undefined && !matchesEveryString.has(constraints.pattern)
    ? constraints.pattern
    : undefined
  const named = <A extends object>(annotations: A, last: boolean) =>
    last && identifier !== undefined ? { ...annotations, identifier } : annotations
  let schema: Schema.Schema<string> = Schema.String
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
    }, named(constraint({ kind: "length", min, max }), pattern === undefined)))
  }
  if (pattern !== undefined) {
    const regex = new RegExp(pattern)
    schema = schema.pipe(
      Schema.filter(
        (s) => regex.test(s) || `must match the pattern ${pattern}`,
        named(constraint({ kind: "pattern", pattern }), true)
      )
    )
  }
  return schema === Schema.String && identifier !== undefined ? schema.annotations({ identifier }) : schema
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
 * every allowed value instead of one failure per literal. Named `identifier`
 * when one is given (as `.annotations({ identifier })` would, without a copy).
 */
export const closedEnum = <const L extends readonly [string, ...Array<string>]>(
  values: L,
  identifier?: string
): Schema.Schema<L[number]> => {
  const allowed: ReadonlySet<string> = new Set(values)
  return Schema.declare((u: unknown): u is L[number] => typeof u === "string" && allowed.has(u), {
    message: () => `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
    ...constraint({ kind: "enum", values }),
    ...(identifier === undefined ? {} : { identifier })
  })
}

/**
 * An open enum, used for outputs: the known wire values are kept in the type for
 * completion and narrowing, but any string decodes, so a provider AWS adds later
 * does not break a client built today. Named `identifier` when one is given.
 */
export const openEnum = <const L extends readonly [string, ...Array<string>]>(
  _values: L,
  identifier?: string
): Schema.Schema<L[number] | (string & {})> =>
  Schema.declare((u: unknown): u is L[number] | (string & {}) => typeof u === "string", {
    message: () => "must be a string",
    [FastDecoderId]: new FastDecoder(fastString),
    ...(identifier === undefined ? {} : { identifier })
  })

/** The largest distance from the epoch, in seconds, that a `Date` can hold (±100,000,000 days). */
export const maxEpochSeconds = 8.64e12

/**
 * A Smithy timestamp without `@timestampFormat` is epoch seconds on the awsJson
 * wire: a JSON number, possibly fractional or in exponent notation. A number
 * beyond the range of a `Date` would decode to `Invalid Date`, so it fails.
 */
export const EpochSeconds: Schema.Schema<Date, number> = /* @__PURE__ */ (() =>
  Schema.transform(
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
  ).annotations({
    [FastDecoderId]: new FastDecoder((u) =>
      typeof u === "number" && Number.isFinite(u) && Math.abs(u) <= maxEpochSeconds
        ? new Date(Math.round(u * 1000))
        : Declined
    )
  }))()

/**
 * A list in an output. The README promises that `null` counts as absent, so a
 * `null` item is dropped rather than failing the whole response and losing
 * the valid items with it.
 *
 * On Node (`#codecs`) the items are decoded by a fast decoder
 * (`fastOutput.ts`) compiled from the item's schema when it can be (the
 * structures, strings, enums and timestamps the generator emits for
 * outputs); elsewhere, by Schema alone. The fast one takes about a tenth of
 * the time and of the garbage of the general decoder, whose structures with
 * `optionalWith(…, { nullable: true })` members build each object twice and
 * delete keys from it. Whenever
 * the fast decoder declines (a wrong type, a missing required member, a
 * parse option it does not implement), the general decoder decodes the whole
 * list again, so failures and their messages are exactly what they were.
 */
export const outputList = <A, I, R>(
  item: Schema.Schema<A, I, R>
): Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I | null>, R> => {
  const fast = lazyFast(() => fastListOf(item.ast))
  return Schema.transform(
    nullableItems(item),
    // The items were decoded on the way in; checking them again on the way out would double the cost of a page.
    Schema.declare((u: unknown): u is ReadonlyArray<A> => Array.isArray(u)),
    {
      strict: true,
      decode: (items) => withoutNulls(items),
      encode: (items) => items
    }
  ).annotations({
    [FastDecoderId]: new FastDecoder((u) => {
      const decoded = fast()(u)
      return Array.isArray(decoded) ? withoutNulls(decoded) : Declined
    })
  })
}

const withoutNulls = <A>(items: ReadonlyArray<A | null>): ReadonlyArray<A> => {
  const isFree = (xs: ReadonlyArray<A | null>): xs is ReadonlyArray<A> => !xs.includes(null)
  // The usual page has no `null` item: it is passed on as it is, not copied.
  return isFree(items) ? items : items.filter((x): x is A => x !== null)
}

/**
 * `Schema.Array(Schema.NullOr(item))`, decoded by the item's fast decoder when
 * there is one, by the general decoder otherwise (and on any doubt). The
 * general decoder's issue is returned as it is, so a failure reads the same as
 * with `Schema.Array(Schema.NullOr(item))` itself.
 */
const nullableItems = <A, I, R>(
  item: Schema.Schema<A, I, R>
): Schema.Schema<ReadonlyArray<A | null>, ReadonlyArray<I | null>, R> =>
  Schema.declare<ReadonlyArray<A | null>, ReadonlyArray<I | null>, readonly [Schema.Schema<A, I, R>]>(
    [item],
    {
      decode: (item) => {
        const general = ParseResult.decodeUnknown(Schema.Array(Schema.NullOr(item)))
        const fast = lazyFast(() => fastListOf(item.ast))
        return (u, options) => {
          if (fastOptions(options)) {
            const decoded = fast()(u)
            if (decoded !== Declined && isNullableArrayOf<A>(decoded)) return ParseResult.succeed(decoded)
          }
          return general(u, options)
        }
      },
      encode: (item) => ParseResult.encodeUnknown(Schema.Array(Schema.NullOr(item)))
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
  ).annotations({ identifier, [FastDecoderId]: new FastDecoder((u) => isRecord(u) ? {} : Declined) })
