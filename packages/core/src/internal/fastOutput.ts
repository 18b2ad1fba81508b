/**
 * Fast decoders for operation outputs: plain functions compiled once from a
 * schema's AST, which give exactly what the general decoder gives or decline
 * (and the general decoder runs). The schemas of `schema.ts` carry theirs as
 * an annotation. Only Node's client uses them (`#codecs`): on
 * every other runtime outputs go through Schema's own decoder, so that a
 * Worker's bundle does not carry this compiler.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"

/**
 * What a fast decoder returns when it cannot vouch for its input. The caller
 * then runs the general decoder, which either succeeds the same way or fails
 * with its usual issue: a fast decoder never fails and never succeeds where
 * the general decoder would not, with the same value.
 */
export const Declined: unique symbol = Symbol.for("@effect-codestar/core/FastDecoder/Declined")

/** A decoder of JSON values: the decoded value, or {@link Declined}. */
export type Fast = (u: unknown) => unknown

/** A fast decoder attached to a schema of ours (an enum, a timestamp, a list), under {@link FastDecoderId}. */
export class FastDecoder {
  constructor(readonly decode: Fast) {}
}

export const FastDecoderId: unique symbol = Symbol.for("@effect-codestar/core/FastDecoder")

export const fastString: Fast = (u) => typeof u === "string" ? u : Declined

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
export const lazyFast = (make: () => Fast | undefined): () => Fast => {
  let fast: Fast | undefined
  return () => fast ??= make() ?? (() => Declined)
}

/** `Array(NullOr(item))`: `null` items kept (the list's own transformation drops them). */
export const fastList = (item: AST.AST): Fast | undefined => {
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
export const fastOptions = (options: AST.ParseOptions | undefined): boolean =>
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
export const isNullableArrayOf = <A>(u: unknown): u is ReadonlyArray<A | null> => Array.isArray(u)
