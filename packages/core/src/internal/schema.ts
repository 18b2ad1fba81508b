/**
 * Building blocks the generated schemas are made of. The generator emits data
 * (calls to these functions with the model's constraints); the behaviour of each
 * kind of constraint lives here, written once.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

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

// ---------------------------------------------------------------------------
// Fast decoders for outputs
// ---------------------------------------------------------------------------

/**
 * What a fast decoder returns when it cannot vouch for its input. The caller
 * then runs the general decoder, which either succeeds the same way or fails
 * with its usual issue: a fast decoder never fails and never succeeds where
 * the general decoder would not, with the same value.
 */
const Declined: unique symbol = Symbol.for("@effect-codestar/core/FastDecoder/Declined")

/** A decoder of JSON values: the decoded value, or {@link Declined}. */
type Fast = (u: unknown) => unknown

/** A fast decoder attached to a schema of ours (an enum, a timestamp, a list), under {@link FastDecoderId}. */
class FastDecoder {
  constructor(readonly decode: Fast) {}
}

const FastDecoderId: unique symbol = Symbol.for("@effect-codestar/core/FastDecoder")

const fastString: Fast = (u) => typeof u === "string" ? u : Declined

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

const isObject = (u: unknown): u is { readonly [key: string]: unknown } =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const isNullishAst = (ast: AST.AST): boolean =>
  ast._tag === "UndefinedKeyword" || (ast._tag === "Literal" && ast.literal === null)

/**
 * Whether a property transformation is the one `Schema.optionalWith(x, {
 * nullable: true })` makes: same key, `null` becomes absent, anything else
 * (`undefined` included) is kept as it is. Checked by what it does.
 */
const dropsNullOnly = (t: AST.PropertySignatureTransformation): boolean => {
  if (t.from !== t.to) return false
  const probe = {}
  const kept = t.decode(Option.some(probe))
  const undefinedKept = t.decode(Option.some(undefined))
  return Option.isNone(t.decode(Option.none())) && Option.isNone(t.decode(Option.some(null))) &&
    Option.isSome(kept) && kept.value === probe && Option.isSome(undefinedKept) && undefinedKept.value === undefined
}

interface FastMember {
  readonly name: string
  readonly optional: boolean
  /** `null` counts as absent (an `optionalWith(…, { nullable: true })` member). */
  readonly nullIsAbsent: boolean
  readonly decode: Fast
}

const fastMembers = (
  signatures: ReadonlyArray<AST.PropertySignature>,
  nullIsAbsent: (name: string) => boolean
): ReadonlyArray<FastMember> | undefined => {
  const members: Array<FastMember> = []
  for (const ps of signatures) {
    const name = ps.name
    if (typeof name !== "string" || name === "__proto__") return undefined
    const decode = fastDecoder(ps.type)
    if (decode === undefined) return undefined
    members.push({ name, optional: ps.isOptional, nullIsAbsent: nullIsAbsent(name), decode })
  }
  return members
}

/** A structure: only its members, in the order of the schema, each decoded; missing required members decline. */
const fastStruct = (members: ReadonlyArray<FastMember>): Fast => (u) => {
  if (!isObject(u)) return Declined
  const out: { [key: string]: unknown } = {}
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!
    if (!hasOwn(u, m.name)) {
      if (m.optional) continue
      return Declined
    }
    const value = m.decode(u[m.name])
    if (value === Declined) return Declined
    if (value === null && m.nullIsAbsent) continue
    out[m.name] = value
  }
  return out
}

const fastMemo = new WeakMap<AST.AST, Fast | null>()

/**
 * A fast decoder for the JSON form of `ast`, or `undefined` when `ast` is not
 * one of the shapes the generator emits for outputs: strings, numbers,
 * booleans, `null`/`undefined` literals, a value-or-nullish union, plain
 * structures (no index signatures), structures whose optional members are
 * `optionalWith(…, { nullable: true })`, arrays, and our own enums,
 * timestamps and lists (which carry their fast decoder as an annotation).
 * Refinements are not compiled (output schemas check no constraints).
 */
export const fastDecoder = (ast: AST.AST): Fast | undefined => {
  const known = fastMemo.get(ast)
  if (known !== undefined) return known ?? undefined
  const compiled = compile(ast)
  fastMemo.set(ast, compiled ?? null)
  return compiled
}

const compile = (ast: AST.AST): Fast | undefined => {
  const annotated = ast.annotations[FastDecoderId]
  if (annotated instanceof FastDecoder) return annotated.decode
  switch (ast._tag) {
    case "StringKeyword":
      return fastString
    case "NumberKeyword":
      return (u) => typeof u === "number" ? u : Declined
    case "BooleanKeyword":
      return (u) => typeof u === "boolean" ? u : Declined
    case "UndefinedKeyword":
      return (u) => u === undefined ? u : Declined
    case "Literal": {
      const literal = ast.literal
      return (u) => u === literal ? u : Declined
    }
    case "Union": {
      // A value or nothing: the value's decoder must refuse `null` and `undefined`, so the members are disjoint
      // and trying them in order gives what the general decoder gives.
      const parts: Array<Fast> = []
      let values = 0
      for (const member of ast.types) {
        const part = fastDecoder(member)
        if (part === undefined) return undefined
        if (!isNullishAst(member)) {
          if (++values > 1 || part(null) !== Declined || part(undefined) !== Declined) return undefined
        }
        parts.push(part)
      }
      return (u) => {
        for (let i = 0; i < parts.length; i++) {
          const out = parts[i]!(u)
          if (out !== Declined) return out
        }
        return Declined
      }
    }
    case "TupleType": {
      if (ast.elements.length > 0 || ast.rest.length !== 1) return undefined
      const item = fastDecoder(ast.rest[0]!.type)
      if (item === undefined) return undefined
      return (u) => {
        if (!Array.isArray(u)) return Declined
        const out: Array<unknown> = new Array(u.length)
        for (let i = 0; i < u.length; i++) {
          const x = item(u[i])
          if (x === Declined) return Declined
          out[i] = x
        }
        return out
      }
    }
    case "TypeLiteral": {
      if (ast.indexSignatures.length > 0 || ast.propertySignatures.length === 0) return undefined
      const members = fastMembers(ast.propertySignatures, () => false)
      return members === undefined ? undefined : fastStruct(members)
    }
    case "Transformation": {
      // A structure with `optionalWith(…, { nullable: true })` members: the general decoder decodes the JSON
      // form, turns `null` members into absent ones, then checks the result against the type form.
      const { from, to, transformation } = ast
      if (
        transformation._tag !== "TypeLiteralTransformation" || from._tag !== "TypeLiteral" ||
        to._tag !== "TypeLiteral" || from.indexSignatures.length > 0 || to.indexSignatures.length > 0 ||
        from.propertySignatures.length !== to.propertySignatures.length ||
        !transformation.propertySignatureTransformations.every(dropsNullOnly) ||
        !from.propertySignatures.every((ps, i) =>
          ps.name === to.propertySignatures[i]!.name && ps.isOptional === to.propertySignatures[i]!.isOptional
        )
      ) return undefined
      const nullable = new Set(transformation.propertySignatureTransformations.map((t) => t.from))
      const members = fastMembers(from.propertySignatures, (name) => nullable.has(name))
      return members === undefined ? undefined : fastStruct(members)
    }
    default:
      return undefined
  }
}

/** Compiles on first use: the generated modules build dozens of lists at import, most never decoded. */
const lazyFast = (make: () => Fast | undefined): () => Fast => {
  let fast: Fast | undefined
  return () => fast ??= make() ?? (() => Declined)
}

/** `Array(NullOr(item))`: `null` items kept (the list's own transformation drops them). */
const fastList = (item: AST.AST): Fast | undefined => {
  const decode = fastDecoder(item)
  if (decode === undefined || decode(null) !== Declined) return undefined
  return (u) => {
    if (!Array.isArray(u)) return Declined
    const out: Array<unknown> = new Array(u.length)
    for (let i = 0; i < u.length; i++) {
      const x = u[i]
      if (x === null) {
        out[i] = null
        continue
      }
      const decoded = decode(x)
      if (decoded === Declined) return Declined
      out[i] = decoded
    }
    return out
  }
}

/**
 * The fast decoders implement the parse options the client uses (excess
 * members ignored, the schema's member order); any other option takes the
 * general decoder.
 */
const fastOptions = (options: AST.ParseOptions | undefined): boolean =>
  options === undefined ||
  (options.onExcessProperty !== "error" && options.onExcessProperty !== "preserve" &&
    options.propertyOrder !== "original")

/**
 * `Schema.decodeUnknown(schema, options)`, trying the schema's fast decoder
 * first when it has one (see {@link fastDecoder}): the same results and the
 * same failures, for a fraction of the work on the success path. Meant for
 * operation outputs; compiled on first use.
 */
export const decodeUnknownFast = <A, I>(
  schema: Schema.Schema<A, I>,
  options?: AST.ParseOptions
): (u: unknown) => Effect.Effect<A, ParseResult.ParseError> => {
  const general = Schema.decodeUnknown(schema, options)
  if (!fastOptions(options)) return general
  const fast = lazyFast(() => fastDecoder(schema.ast))
  const isDecoded = (u: unknown): u is A => u !== Declined
  return (u) => {
    const decoded = fast()(u)
    return isDecoded(decoded) ? Effect.succeed(decoded) : general(u)
  }
}

/**
 * The result of a fast decoder compiled from a list's item schema. It returns
 * only values the general decoder of that schema would return (see
 * {@link Declined}), so what it checks here is the shape, not each item again.
 */
const isNullableArrayOf = <A>(u: unknown): u is ReadonlyArray<A | null> => Array.isArray(u)

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
 * The items are decoded by a {@link fastDecoder} compiled from the item's
 * schema when it can be (the structures, strings, enums and timestamps the
 * generator emits for outputs): about a tenth of the time and of the garbage
 * of the general decoder, whose structures with `optionalWith(…, { nullable:
 * true })` members build each object twice and delete keys from it. Whenever
 * the fast decoder declines (a wrong type, a missing required member, a
 * parse option it does not implement), the general decoder decodes the whole
 * list again, so failures and their messages are exactly what they were.
 */
export const outputList = <A, I, R>(
  item: Schema.Schema<A, I, R>
): Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I | null>, R> => {
  const fast = lazyFast(() => fastList(item.ast))
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
        const fast = lazyFast(() => fastList(item.ast))
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
