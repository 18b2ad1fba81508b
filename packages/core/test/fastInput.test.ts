/**
 * The fast input encoder (`internal/fastInput.ts`): on every operation's input,
 * of both API versions, it must give exactly what the general Schema encoder
 * gives (the same members, in the same order) or give up. Its certain
 * failures ("refused") must be failures of the general encoder too. Inputs are
 * the valid samples, each member and each constraint of the model broken one
 * at a time (as in badInput.test.ts), and arbitrary values.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import * as fc from "fast-check"
import * as CC from "../src/generated/codeconnections/operations.js"
import * as CS from "../src/generated/codestar-connections/operations.js"
import { encodeUnknownFast, fastEncoder, gaveUp } from "../src/internal/fastInput.js"
import {
  closedEnum,
  constrainedList,
  constrainedString,
  type Constraint,
  ConstraintId
} from "../src/internal/schema.js"
import { samples } from "./samples.js"

/** The options the client encodes inputs with. */
const options: AST.ParseOptions = { errors: "all", onExcessProperty: "ignore" }

interface Input {
  readonly name: string
  readonly input: Schema.Schema.AnyNoContext
  /** A valid input, from the shared samples. */
  readonly valid: unknown
}

const inputs: ReadonlyArray<Input> = [
  ...Object.values(CS).map((op) => ({ op, arnService: "codestar-connections" })),
  ...Object.values(CC).map((op) => ({ op, arnService: "codeconnections" }))
].map(({ arnService, op }) => {
  const sample = samples.find((s) => s.operation === op.name)
  if (sample === undefined) throw new Error(`no sample input for ${op.name}`)
  return {
    name: op.name,
    input: op.input,
    valid: JSON.parse(JSON.stringify(sample.sent).replaceAll(":codestar-connections:", `:${arnService}:`))
  }
})

/** Every key and value in order, `undefined` members included: pins what `toEqual` and JSON let pass. */
const dump = (u: unknown): unknown =>
  Array.isArray(u)
    ? u.map(dump)
    : typeof u === "object" && u !== null
    ? Object.entries(u).map(([k, v]) => [k, dump(v)])
    : u === undefined
    ? "(undefined)"
    : u

let succeeded = 0
let declined = 0
let refused = 0

/** Encodes `u` both ways: the same value, or the fast encoder gave up (refusing only what the general one fails). */
const expectSame = (schema: Schema.Schema.AnyNoContext, u: unknown): void => {
  const general = Schema.encodeUnknownEither(schema, options)(u)
  // Schemas the fast encoder does not compile give up on every value.
  const fast = fastEncoder(schema.ast, options)
  const out = fast?.(u)
  const gave = fast === undefined ? "declined" : gaveUp(out)
  if (gave === "declined") {
    declined++
  } else if (gave === "refused") {
    refused++
    expect(Either.isLeft(general), `refused, yet the general encoder accepts ${JSON.stringify(u)}`).toBe(true)
  } else {
    succeeded++
    expect(Either.isRight(general), `encoded, yet the general encoder fails on ${JSON.stringify(u)}`).toBe(true)
    if (Either.isRight(general)) {
      expect(out).toStrictEqual(general.right)
      expect(JSON.stringify(out)).toBe(JSON.stringify(general.right))
      expect(dump(out)).toEqual(dump(general.right))
    }
  }
  // And through the entry point the client uses: the same value, or the general encoder's own failure.
  const viaEntry = Effect.runSync(Effect.either(encodeUnknownFast(schema, options)(u)))
  if (Either.isRight(general)) {
    expect(Either.isRight(viaEntry)).toBe(true)
    if (Either.isRight(viaEntry)) expect(dump(viaEntry.right)).toEqual(dump(general.right))
  } else {
    expect(Either.isLeft(viaEntry)).toBe(true)
    if (Either.isLeft(viaEntry)) expect(viaEntry.left.message).toBe(general.left.message)
  }
}

type Path = ReadonlyArray<string | number>
type Kind = "string" | "number" | "list" | "structure" | "enum"

interface Member {
  readonly path: Path
  readonly kind: Kind
  readonly required: boolean
  readonly constraints: ReadonlyArray<Constraint>
}

const isConstraint = (u: unknown): u is Constraint =>
  typeof u === "object" && u !== null && "kind" in u && typeof u.kind === "string"

/** Every member reachable in an input schema (lists entered at index 0), with the constraints found on the way. */
const membersOf = (root: AST.AST): ReadonlyArray<Member> => {
  const out: Array<Member> = []
  const visit = (ast: AST.AST, path: Path, required: boolean, constraints: ReadonlyArray<Constraint>): void => {
    const c = ast.annotations[ConstraintId]
    const all = isConstraint(c) ? [...constraints, c] : constraints
    switch (ast._tag) {
      case "Refinement":
        return visit(ast.from, path, required, all)
      case "Union":
        for (const t of ast.types) if (t._tag !== "UndefinedKeyword") visit(t, path, required, all)
        return
      case "StringKeyword":
        return void out.push({ path, kind: "string", required, constraints: all })
      case "NumberKeyword":
        return void out.push({ path, kind: "number", required, constraints: all })
      case "Declaration":
        return void out.push({ path, kind: "enum", required, constraints: all })
      case "TupleType":
        out.push({ path, kind: "list", required, constraints: all })
        for (const r of ast.rest) visit(r.type, [...path, 0], true, [])
        return
      case "TypeLiteral":
        out.push({ path, kind: "structure", required, constraints: all })
        for (const p of ast.propertySignatures) visit(p.type, [...path, String(p.name)], !p.isOptional, [])
        return
      default:
        throw new Error(`unexpected ${ast._tag} at ${path.join(".")}`)
    }
  }
  visit(root, [], true, [])
  return out
}

const REMOVE = Symbol("remove")

/** The own members of `u` when it is an object, in a fresh object. */
const fields = (u: unknown): Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u) ? { ...u } : {}

/** A copy of `u` with `f` applied at `path` (creating objects and lists on the way); `REMOVE` deletes. */
const updateAt = (u: unknown, path: Path, f: (x: unknown) => unknown): unknown => {
  if (path.length === 0) return f(u)
  const [head, ...rest] = path
  if (typeof head === "number") {
    const list = Array.isArray(u) ? [...u] : []
    const value = updateAt(list[head], rest, f)
    if (value === REMOVE) list.splice(head, 1)
    else list[head] = value
    return list
  }
  const object = fields(u)
  const value = updateAt(object[head!], rest, f)
  if (value === REMOVE) delete object[head!]
  else object[head!] = value
  return object
}

const getAt = (u: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (node, key) => (typeof node === "object" && node !== null ? Reflect.get(node, key) : undefined),
    u
  )

/** A string of `n` code points, each two UTF-16 units. */
const astral = (n: number) => "🚀".repeat(n)

/** Values of every JS type, each wrong for most members. */
const junk: ReadonlyArray<unknown> = [
  REMOVE,
  undefined,
  null,
  "",
  "x",
  42,
  1.5,
  -1,
  NaN,
  true,
  {},
  [],
  [null],
  ["x"],
  { Unknown: 1 },
  new Date(0)
]

/** The values that break one constraint each (and some that do not, at the bounds). */
const breaking = (m: Member, valid: unknown): ReadonlyArray<unknown> => {
  const out: Array<unknown> = []
  for (const c of m.constraints) {
    switch (c.kind) {
      case "length":
        if (c.min !== undefined) out.push(astral(Math.max(0, c.min - 1)), "x".repeat(c.min), astral(c.min))
        if (c.max !== undefined) out.push(astral(c.max + 1), astral(c.max), "x".repeat(c.max), "x".repeat(c.max + 1))
        break
      case "pattern":
        out.push("!", " ", "x\ny", "arn:aws:x", "A".repeat(3))
        break
      case "integer":
        out.push(1.5, Infinity, 2 ** 53)
        break
      case "range":
        if (c.min !== undefined) out.push(c.min - 1, c.min)
        if (c.max !== undefined) out.push(c.max + 1, c.max)
        break
      case "size": {
        const item = getAt(valid, [...m.path, 0])
        if (c.min !== undefined) out.push(Array.from({ length: Math.max(0, c.min - 1) }, () => item))
        if (c.max !== undefined && item !== undefined) {
          out.push(Array.from({ length: c.max + 1 }, () => item), Array.from({ length: c.max }, () => item))
        }
        break
      }
      case "enum":
        for (const v of [...c.values, "NotAValue", c.values[0]!.toUpperCase() + "_X"]) out.push(v)
        break
    }
  }
  return out
}

/** Every input made from `valid` by changing one member (or adding one) in one of many ways. */
const mutationsOf = (input: AST.AST, valid: unknown): ReadonlyArray<unknown> => {
  const out: Array<unknown> = []
  for (const m of membersOf(input)) {
    for (const value of [...junk, ...breaking(m, valid)]) out.push(updateAt(valid, m.path, () => value))
    if (m.kind === "structure") {
      out.push(updateAt(valid, m.path, (x) => ({ ...fields(x), Extra: { nested: [1] }, extra: "x" })))
      out.push(updateAt(valid, m.path, (x) => ({ Extra: 1, ...fields(x) })))
      // Members inherited, not own: optional ones absent for both encoders, required ones read all the same.
      out.push(updateAt(valid, m.path, (x) => {
        const inheriting = {}
        Reflect.setPrototypeOf(inheriting, fields(x))
        return inheriting
      }))
    }
    if (m.kind === "list") {
      out.push(updateAt(valid, m.path, (x) => Array.isArray(x) ? [...x, ...x] : x))
      out.push(updateAt(valid, m.path, (x) => Array.isArray(x) ? [...x, null] : x))
    }
  }
  return out
}

/** Every string of the valid samples: ARNs and ids that match the patterns, so that random inputs pass sometimes. */
const stringsOf = (u: unknown): ReadonlyArray<string> =>
  typeof u === "string"
    ? [u]
    : typeof u === "object" && u !== null
    ? Object.values(u).flatMap(stringsOf)
    : []
const sampleStrings: ReadonlyArray<string> = inputs.flatMap(({ valid }) => stringsOf(valid))

/**
 * Values of the schema's encoded type, constraints ignored (`Arbitrary.make` needs an annotation on each
 * declaration): strings random or taken from the samples, enum values or not, optional members present or not.
 */
const arbitraryOf = (ast: AST.AST): fc.Arbitrary<unknown> => {
  switch (ast._tag) {
    case "StringKeyword":
      return fc.oneof(fc.string({ maxLength: 40, unit: "binary" }), fc.constantFrom(...sampleStrings))
    case "NumberKeyword":
      return fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.double())
    case "BooleanKeyword":
      return fc.boolean()
    case "UndefinedKeyword":
      return fc.constant(undefined)
    case "Literal":
      return fc.constant(ast.literal)
    case "Refinement":
      return arbitraryOf(ast.from)
    case "Union":
      return fc.oneof(...ast.types.map(arbitraryOf))
    case "Declaration": {
      const c = ast.annotations[ConstraintId]
      const values = isConstraint(c) && c.kind === "enum" ? c.values : []
      return fc.constantFrom(...values, "NotAValue")
    }
    case "TupleType":
      return fc.array(arbitraryOf(ast.rest[0]!.type), { maxLength: 4 })
    case "TypeLiteral": {
      const members = Object.fromEntries(ast.propertySignatures.map((ps) => [String(ps.name), arbitraryOf(ps.type)]))
      const requiredKeys = ast.propertySignatures.filter((ps) => !ps.isOptional).map((ps) => String(ps.name))
      const struct = fc.record(members, { requiredKeys })
      const index = ast.indexSignatures[0]
      if (index === undefined) return struct
      return fc.tuple(struct, fc.dictionary(fc.string({ maxLength: 5 }), arbitraryOf(index.type), { maxKeys: 3 }))
        .map(([known, extra]) => ({ ...extra, ...known }))
    }
    default:
      throw new Error(`no arbitrary for ${ast._tag}`)
  }
}

describe("fast input encoder", () => {
  it("the two API versions have 27 operations each, all with a sample input", () => {
    expect(inputs).toHaveLength(54)
  })

  it("every input of the model compiles, and encodes its valid sample without giving up", () => {
    for (const { input, name, valid } of inputs) {
      const fast = fastEncoder(input.ast, options)
      expect({ name, compiled: fast !== undefined }).toEqual({ name, compiled: true })
      const out = fast?.(valid)
      expect({ name, gaveUp: gaveUp(out) }).toEqual({ name, gaveUp: false })
      expectSame(input, valid)
      // Unknown members are dropped, members come in the order of the schema.
      expectSame(input, { Surprise: 1, ...fields(valid), extra: { x: [1] } })
    }
  })

  it("encodes exactly as the general encoder with each member of each input broken, one at a time", () => {
    succeeded = declined = refused = 0
    let checked = 0
    for (const { input, valid } of inputs) {
      for (const u of mutationsOf(input.ast, valid)) {
        expectSame(input, u)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(3000)
    // Both outcomes were exercised: many mutations are still valid (an optional member removed, a bound met).
    expect(succeeded).toBeGreaterThan(500)
    expect(refused + declined).toBeGreaterThan(1500)
  })

  it("encodes exactly as the general encoder on arbitrary inputs (property)", () => {
    succeeded = declined = refused = 0
    const cases = inputs.map(({ input, valid }) => {
      const typed = arbitraryOf(input.ast)
      const mutated = fc.array(
        fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...junk), fc.anything({ maxDepth: 2 }), typed)),
        { maxLength: 3 }
      ).map((changes) => {
        const paths = membersOf(input.ast).map((m) => m.path)
        return changes.reduce((u, [i, value]) => updateAt(u, paths[i % paths.length]!, () => value), valid)
      })
      return { input, arbitrary: fc.oneof(typed, mutated, fc.anything({ maxDepth: 3 })) }
    })
    fc.assert(
      fc.property(
        fc.nat({ max: cases.length - 1 }).chain((i) => cases[i]!.arbitrary.map((u) => ({ input: cases[i]!.input, u }))),
        ({ input, u }) => expectSame(input, u)
      ),
      { numRuns: 4000, seed: 20261201 }
    )
    expect(succeeded).toBeGreaterThan(400)
    expect(refused).toBeGreaterThan(400)
  })

  it("unions, records, literals, enums and lists outside the generated inputs", () => {
    const schema = Schema.Struct({
      kind: Schema.Literal("a", "b"),
      either: Schema.optional(Schema.Union(Schema.Number, constrainedString({ max: 3 }), Schema.Boolean)),
      labels: Schema.optional(Schema.Record({ key: Schema.String, value: constrainedString({ min: 1 }) })),
      mixed: Schema.optional(
        Schema.Struct({ id: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.String }))
      ),
      mode: Schema.optional(closedEnum(["X", "Y"])),
      items: Schema.optional(constrainedList(Schema.Struct({ n: Schema.Number }), { max: 2 })),
      anything: Schema.optional(Schema.Struct({}))
    })
    const values: ReadonlyArray<unknown> = [
      { kind: "a" },
      { kind: "c" },
      { kind: "b", either: undefined, mode: undefined },
      { kind: "a", either: 1, labels: { z: "1", a: "2", 1: "3" } },
      { kind: "a", either: "abcd" },
      { kind: "a", either: "abc", labels: { a: "" } },
      { kind: "a", either: true, mixed: { x: "1", id: "i" } },
      { kind: "a", mixed: { id: 1 } },
      { kind: "a", mixed: { id: "i", x: 1 } },
      { kind: "a", mode: "Y", items: [{ n: 1, m: 2 }] },
      { kind: "a", mode: "Z" },
      { kind: "a", items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
      { kind: "a", anything: "a string" },
      { kind: "a", anything: null },
      { labels: {}, kind: "a" }
    ]
    for (const u of values) expectSame(schema, u)
    expect(gaveUp(fastEncoder(schema.ast, options)?.({ kind: "a", either: 1, labels: { b: "1", a: "2" } })))
      .toBe(false)
    fc.assert(
      fc.property(fc.oneof(arbitraryOf(schema.ast), fc.anything()), (u) => expectSame(schema, u)),
      { numRuns: 1000, seed: 20261201 }
    )
  })

  it("a union member it gives up on is not skipped, nor one whose members it cannot vouch for", () => {
    // A required member that accepts `undefined` is encoded by the general encoder even when missing: the fast
    // encoder gives up on the first member, so the union must not go on to the second.
    const missing = Schema.Union(Schema.Struct({ a: Schema.UndefinedOr(Schema.String) }), Schema.Struct({}))
    expectSame(missing, {})
    expect(Schema.encodeUnknownSync(missing)({})).toStrictEqual({ a: undefined })
    // A record's known member is encoded by its own schema, not by the record's.
    const record = Schema.Struct(
      { inner: Schema.Struct({ a: Schema.String }) },
      Schema.Record({
        key: Schema.String,
        value: Schema.Struct({ a: Schema.String, b: Schema.optional(Schema.String) })
      })
    )
    expectSame(record, { inner: { a: "1", b: "2" }, other: { a: "3", b: "4" } })
    // A declaration whose decoder changes the value: inside a refinement it is decoded, then encoded, so its
    // encoder failing on the value as given does not make the union's failure certain.
    const bang = Schema.declare([], {
      decode: () => (u, _, ast) =>
        typeof u === "string" ? ParseResult.succeed(`${u}!`) : ParseResult.fail(new ParseResult.Type(ast, u)),
      encode: () => (u, _, ast) =>
        typeof u === "string" && u.endsWith("!")
          ? ParseResult.succeed(u)
          : ParseResult.fail(new ParseResult.Type(ast, u))
    })
    const refined = Schema.Union(bang, Schema.String).pipe(Schema.filter(() => true))
    expectSame(refined, "x")
    expect(Schema.encodeUnknownSync(refined)("x")).toBe("x!")
    // A declaration that changes the value both ways: not vouched for.
    const trimmed = Schema.declare([], {
      decode: () => (u, _, ast) =>
        typeof u === "string" ? ParseResult.succeed(u.trim()) : ParseResult.fail(new ParseResult.Type(ast, u)),
      encode: () => (u, _, ast) =>
        typeof u === "string" ? ParseResult.succeed(u.trim()) : ParseResult.fail(new ParseResult.Type(ast, u))
    })
    expectSame(Schema.Struct({ t: trimmed }), { t: " x " })
    // A tagged member is tried first, whatever its place in the union.
    const tagged = Schema.Union(Schema.Struct({ x: Schema.String }), Schema.Struct({ type: Schema.Literal("a") }))
    expectSame(tagged, { type: "a", x: "s" })
    expect(Schema.encodeUnknownSync(tagged)({ type: "a", x: "s" })).toStrictEqual({ type: "a" })
    // Annotations that change what the general encoder does below them.
    const preserving = Schema.Struct({ a: Schema.String }).annotations({
      parseOptions: { onExcessProperty: "preserve" }
    })
    expectSame(preserving, { a: "x", b: 1 })
    const fallback = Schema.Union(
      Schema.String.annotations({ decodingFallback: () => Either.right("fallback") }).pipe(Schema.filter(() => true)),
      Schema.Number
    )
    expectSame(fallback, 42)
    expect(Schema.encodeUnknownSync(fallback)(42)).toBe("fallback")
  })

  it("gives up on what it does not know: transformations, and options it does not implement", () => {
    expect(fastEncoder(Schema.NumberFromString.ast, options)).toBeUndefined()
    expect(fastEncoder(Schema.Struct({ d: Schema.Date }).ast, options)).toBeUndefined()
    // CreateConnection: three members.
    const input = inputs[0]!
    const others: ReadonlyArray<AST.ParseOptions> = [
      { onExcessProperty: "error" },
      { onExcessProperty: "preserve" },
      { propertyOrder: "original" },
      { exact: true }
    ]
    for (const other of others) {
      // Members in reverse order, and one unknown.
      const u = { Extra: 1, ...Object.fromEntries(Object.entries(fields(input.valid)).reverse()) }
      const viaEntry = Effect.runSync(Effect.either(encodeUnknownFast(input.input, other)(u)))
      const general = Schema.encodeUnknownEither(input.input, other)(u)
      expect(Either.getRight(viaEntry).pipe(Option.map(dump))).toEqual(Either.getRight(general).pipe(Option.map(dump)))
      expect(Option.isSome(Either.getLeft(viaEntry))).toBe(Either.isLeft(general))
    }
  })
})
