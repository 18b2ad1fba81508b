/**
 * A fast encoder for operation inputs: the counterpart, on the way out, of
 * the fast output decoders in `schema.ts`. The input schema's AST is compiled
 * once into a plain function that, for an input it fully understands and that
 * satisfies every constraint, returns exactly what `Schema.encodeUnknown`
 * returns; for anything else it gives up, and the general encoder runs and
 * reports its usual issues. Giving up is always safe; succeeding with another
 * value than Schema's would be a bug.
 *
 * Only schemas without transformations are compiled: encoding and decoding
 * them are then the same check, and the result is the input with excess
 * members dropped, which the compiled function builds in one pass. Every
 * refinement's own filter and every declaration's own parser is called, so a
 * constraint is never restated here.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/** The fast encoder cannot tell: the general encoder decides. */
const Declined: unique symbol = Symbol.for("@effect-codestar/core/FastInput/Declined")

/**
 * The general encoder certainly fails on this value (a wrong type, a broken
 * constraint). Distinct from {@link Declined} so that a union can go on to its
 * next member, as the general encoder does.
 */
const Refused: unique symbol = Symbol.for("@effect-codestar/core/FastInput/Refused")

/** An encoder of plain data: the encoded value, {@link Declined} or {@link Refused}. */
type Fast = (u: unknown) => unknown

const isFailure = (u: unknown): u is typeof Declined | typeof Refused => u === Declined || u === Refused

/** `Predicate.isRecord`, the test the general encoder applies to a structure. */
const isRecord = (u: unknown): u is { readonly [key: string]: unknown } =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

/** A check whose every failure is certain: the value as it is, or {@link Refused}. */
const exactly = (test: (u: unknown) => boolean): Fast => (u) => test(u) ? u : Refused

const withoutRefinements = (ast: AST.AST): AST.AST => ast._tag === "Refinement" ? withoutRefinements(ast.from) : ast

/**
 * Whether the general encoder tries this union member in the order of the
 * union: it tries first, by tag, the structures with a required member of a
 * literal type (and declarations standing for one).
 */
const untagged = (ast: AST.AST): boolean => {
  const base = withoutRefinements(ast)
  if (base._tag === "Declaration") return base.annotations[AST.SurrogateAnnotationId] === undefined
  return base._tag !== "TypeLiteral" ||
    base.propertySignatures.every((ps) => ps.isOptional || withoutRefinements(ps.type)._tag !== "Literal")
}

interface Member {
  readonly name: string
  readonly optional: boolean
  readonly encode: Fast
}

/**
 * Compiles `ast` for `options`, or `undefined` when some node is not one the
 * fast encoder knows. `memo` shares the compiled form of a schema used twice.
 */
const compile = (ast: AST.AST, options: AST.ParseOptions, memo: Map<AST.AST, Fast | undefined>): Fast | undefined => {
  if (memo.has(ast)) return memo.get(ast)
  const compiled = compileNode(ast, options, memo)
  memo.set(ast, compiled)
  return compiled
}

const compileNode = (
  ast: AST.AST,
  options: AST.ParseOptions,
  memo: Map<AST.AST, Fast | undefined>
): Fast | undefined => {
  // These change the options or the result of the general encoder at this node.
  if (ast.annotations[AST.ParseOptionsAnnotationId] || ast.annotations[AST.DecodingFallbackAnnotationId]) {
    return undefined
  }
  switch (ast._tag) {
    case "StringKeyword":
      return exactly((u) => typeof u === "string")
    case "NumberKeyword":
      return exactly((u) => typeof u === "number")
    case "BooleanKeyword":
      return exactly((u) => typeof u === "boolean")
    case "UndefinedKeyword":
      return exactly((u) => u === undefined)
    case "Literal": {
      const literal = ast.literal
      return exactly((u) => u === literal)
    }
    case "Declaration": {
      // A declaration of ours (a closed enum): its own parsers decide. Below a refinement the general encoder
      // decodes it before encoding it, so both must accept the value and keep it as it is, or both refuse it.
      if (ast.typeParameters.length > 0) return undefined
      const decode = ast.decodeUnknown()
      const encode = ast.encodeUnknown()
      return (u) => {
        const decoded = decode(u, options, ast)
        const encoded = encode(u, options, ast)
        if (!Either.isEither(decoded) || !Either.isEither(encoded)) return Declined
        if (Either.isLeft(decoded) && Either.isLeft(encoded)) return Refused
        return Either.isRight(decoded) && Either.isRight(encoded) && decoded.right === u && encoded.right === u
          ? u
          : Declined
      }
    }
    case "Refinement": {
      // Encoding a refinement decodes the value (its base, then the filter) and encodes the base again; without
      // transformations that is the base's result, if the filter passes it.
      const from = compile(ast.from, options, memo)
      if (from === undefined) return undefined
      return (u) => {
        const value = from(u)
        if (isFailure(value)) return value
        return Option.isNone(ast.filter(value, options, ast)) ? value : Refused
      }
    }
    case "Union": {
      // Members in order, as the general encoder tries them: the first that succeeds wins, a certain failure
      // moves on, a doubt gives up.
      if (!ast.types.every(untagged)) return undefined
      const members: Array<Fast> = []
      for (const type of ast.types) {
        const member = compile(type, options, memo)
        if (member === undefined) return undefined
        members.push(member)
      }
      return (u) => {
        for (let i = 0; i < members.length; i++) {
          const out = members[i]!(u)
          if (out !== Refused) return out
        }
        return Refused
      }
    }
    case "TupleType": {
      // A list (`Schema.Array`): a new array of the encoded items.
      if (ast.elements.length > 0 || ast.rest.length !== 1) return undefined
      const item = compile(ast.rest[0]!.type, options, memo)
      if (item === undefined) return undefined
      return (u) => {
        if (!Array.isArray(u)) return Refused
        const out: Array<unknown> = new Array(u.length)
        for (let i = 0; i < u.length; i++) {
          const x = item(u[i])
          if (isFailure(x)) return x
          out[i] = x
        }
        return out
      }
    }
    case "TypeLiteral":
      return compileStruct(ast, options, memo)
    default:
      // Transformations, suspensions and the rarer kinds: the general encoder.
      return undefined
  }
}

/**
 * A structure: its members in the order of the schema, each encoded, excess
 * members dropped; then, for a record, its other keys in the order of
 * `Object.keys`. A missing required member gives up (the general encoder
 * would still try `undefined` on it).
 */
const compileStruct = (
  ast: AST.TypeLiteral,
  options: AST.ParseOptions,
  memo: Map<AST.AST, Fast | undefined>
): Fast | undefined => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    // `Schema.Struct({})` accepts anything but `null` and `undefined`, and returns it as it is.
    return exactly((u) => u !== null && u !== undefined)
  }
  const members: Array<Member> = []
  for (const ps of ast.propertySignatures) {
    // `__proto__` would set the result's prototype rather than a member.
    if (typeof ps.name !== "string" || ps.name === "__proto__") return undefined
    const encode = compile(ps.type, options, memo)
    if (encode === undefined) return undefined
    members.push({ name: ps.name, optional: ps.isOptional, encode })
  }
  if (ast.indexSignatures.length > 1) return undefined
  let values: Fast | undefined
  const index = ast.indexSignatures[0]
  if (index !== undefined) {
    // A record keyed by any string (`Schema.Record({ key: Schema.String, … })`): every own enumerable key.
    if (index.parameter._tag !== "StringKeyword") return undefined
    values = compile(index.type, options, memo)
    if (values === undefined) return undefined
  }
  const known: ReadonlySet<string> = new Set(members.map((m) => m.name))
  return (u) => {
    if (!isRecord(u)) return Refused
    const out: { [key: string]: unknown } = {}
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!
      if (!hasOwn(u, m.name)) {
        if (m.optional) continue
        return Declined
      }
      const x = m.encode(u[m.name])
      if (isFailure(x)) return x
      out[m.name] = x
    }
    if (values !== undefined) {
      for (const key of Object.keys(u)) {
        const x = values(u[key])
        if (isFailure(x)) return x
        if (known.has(key)) continue
        if (key === "__proto__") return Declined
        out[key] = x
      }
    }
    return out
  }
}

/**
 * The options the fast encoder implements: excess members dropped, the
 * schema's member order, absent optional members left absent. Any other
 * takes the general encoder.
 */
const supported = (options: AST.ParseOptions | undefined): boolean =>
  options === undefined ||
  (options.onExcessProperty !== "error" && options.onExcessProperty !== "preserve" &&
    options.propertyOrder !== "original" && options.exact !== true)

/**
 * The fast encoder of `ast` for `options` (options {@link supported}
 * accepts): the encoded value, or a value {@link gaveUp} recognizes;
 * `undefined` when `ast` has a node it does not know. Exported for the
 * tests, which compare it with the general encoder.
 */
export const fastEncoder = (ast: AST.AST, options: AST.ParseOptions = AST.defaultParseOption): Fast | undefined =>
  compile(ast, options, new Map())

/** Whether the fast encoder gave up (and whether it knows the general encoder fails: `"refused"`). */
export const gaveUp = (u: unknown): false | "declined" | "refused" =>
  u === Declined ? "declined" : u === Refused ? "refused" : false

/**
 * `Schema.encodeUnknown(schema, options)`, trying the fast encoder first: the
 * same results and the same failures, without the general machinery on the
 * success path. Compiled on first use: a program calls few operations.
 */
export const encodeUnknownFast = <A, I>(
  schema: Schema.Schema<A, I>,
  options?: AST.ParseOptions
): (u: unknown) => Effect.Effect<I, ParseResult.ParseError> => {
  const general = Schema.encodeUnknown(schema, options)
  if (!supported(options)) return general
  let fast: Fast | undefined
  // The fast encoder returns only what the general encoder of `schema` returns, a value of type `I`.
  const isEncoded = (u: unknown): u is I => !isFailure(u)
  return (u) => {
    fast ??= fastEncoder(schema.ast, options) ?? (() => Declined)
    const encoded = fast(u)
    return isEncoded(encoded) ? Effect.succeed(encoded) : general(u)
  }
}
