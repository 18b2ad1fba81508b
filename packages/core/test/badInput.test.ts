/**
 * The generated bad-input suite (issue 10): for every operation of both API
 * versions, the input schema is walked, every member and every constraint of
 * the model found on it (through the annotations the schema helpers attach) is
 * broken one at a time, on top of the valid sample input, and each call must
 * fail with `InvalidInput` naming that member, with no request reaching the
 * transport. The hostile kinds (wrong JS type, throwing getters, Proxies,
 * lone surrogates, deep nesting, hostile unknown members) are applied to
 * every member too.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import { AwsRequestError } from "../src/AwsError.js"
import * as CC from "../src/generated/codeconnections/operations.js"
import { service as ccService } from "../src/generated/codeconnections/service.js"
import * as CS from "../src/generated/codestar-connections/operations.js"
import { service as csService } from "../src/generated/codestar-connections/service.js"
import { httpClientTransport, makeRunner } from "../src/internal/client.js"
import { operation, type OperationDescriptor, type OperationRunner } from "../src/internal/operation.js"
import { type Constraint, ConstraintId } from "../src/internal/schema.js"
import { samples } from "./samples.js"
import { dependencies, json, recordingHttp, region } from "./support.js"

/** The same schema, typed as accepting anything, so that the real runner can be called with hostile values. */
const untyped = <I, IE>(schema: Schema.Schema<I, IE>): Schema.Schema<unknown, IE> =>
  Schema.declare([schema], {
    decode: (inner) => (u, options): Effect.Effect<unknown, ParseResult.ParseIssue> =>
      ParseResult.decodeUnknown(inner)(u, options),
    encode: (inner) => (u, options) => ParseResult.encodeUnknown(inner)(u, options)
  })

type Kind = "string" | "number" | "list" | "structure" | "enum" | "timestamp"

interface Member {
  readonly path: ReadonlyArray<string | number>
  readonly kind: Kind
  readonly required: boolean
  readonly constraints: ReadonlyArray<Constraint>
}

const constraintOf = (ast: AST.AST): Constraint | undefined => {
  const value = ast.annotations[ConstraintId]
  return typeof value === "object" && value !== null && "kind" in value && typeof value.kind === "string"
    ? Option.getOrUndefined(Schema.decodeUnknownOption(ConstraintSchema)(value))
    : undefined
}

const Bounds = { min: Schema.optional(Schema.Number), max: Schema.optional(Schema.Number) }
const ConstraintSchema: Schema.Schema<Constraint> = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("length"), ...Bounds }),
  Schema.Struct({ kind: Schema.Literal("pattern"), pattern: Schema.String }),
  Schema.Struct({ kind: Schema.Literal("integer") }),
  Schema.Struct({ kind: Schema.Literal("range"), ...Bounds }),
  Schema.Struct({ kind: Schema.Literal("size"), ...Bounds }),
  Schema.Struct({ kind: Schema.Literal("enum"), values: Schema.Array(Schema.String) })
)

/** Every member reachable in an input schema, lists entered at index 0. */
const membersOf = (root: AST.AST): ReadonlyArray<Member> => {
  const out: Array<Member> = []
  const visit = (
    ast: AST.AST,
    path: ReadonlyArray<string | number>,
    required: boolean,
    constraints: Array<Constraint>,
    depth: number
  ) => {
    if (depth > 20) throw new Error(`input schema deeper than expected at ${path.join(".")}`)
    const c = constraintOf(ast)
    const all = c === undefined ? constraints : [...constraints, c]
    switch (ast._tag) {
      case "Refinement":
        return visit(ast.from, path, required, all, depth + 1)
      case "Union": {
        const members = ast.types.filter((t) => t._tag !== "UndefinedKeyword")
        if (members.length !== 1 || members[0] === undefined) throw new Error(`unexpected union at ${path.join(".")}`)
        return visit(members[0], path, required, all, depth + 1)
      }
      case "StringKeyword":
        return void out.push({ path, kind: "string", required, constraints: all })
      case "NumberKeyword":
        return void out.push({ path, kind: "number", required, constraints: all })
      case "Declaration":
        if (all.some((x) => x.kind === "enum")) return void out.push({ path, kind: "enum", required, constraints: all })
        return visit(ast.typeParameters[0] ?? ast, path, required, all, depth + 1)
      case "Transformation":
        return void out.push({ path, kind: "timestamp", required, constraints: all })
      case "TupleType": {
        if (path.length > 0) out.push({ path, kind: "list", required, constraints: all })
        const item = ast.rest[0]
        if (item !== undefined) visit(item.type, [...path, 0], true, [], depth + 1)
        return
      }
      case "TypeLiteral":
        if (path.length > 0) out.push({ path, kind: "structure", required, constraints: all })
        for (const p of ast.propertySignatures) {
          visit(p.type, [...path, String(p.name)], !p.isOptional, [], depth + 1)
        }
        return
      default:
        throw new Error(`unexpected ${ast._tag} at ${path.join(".")}`)
    }
  }
  visit(root, [], true, [], 0)
  return out
}

const formatPath = (path: ReadonlyArray<string | number>): string =>
  path.reduce<string>((acc, k) => typeof k === "number" ? `${acc}[${k}]` : acc === "" ? k : `${acc}.${k}`, "")

/** A deep copy of plain JSON data. */
const clone = (u: unknown): unknown => JSON.parse(JSON.stringify(u ?? {}))

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** Sets (or, with `remove`, deletes) the value at `path`, creating the objects and lists on the way. */
const setAt = (
  root: unknown,
  path: ReadonlyArray<string | number>,
  apply: (parent: Record<string | number, unknown> | Array<unknown>, key: string | number) => void
): unknown => {
  let node: unknown = root
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!
    const nextKey = path[i + 1]
    const child = Array.isArray(node) ? node[Number(key)] : isRecord(node) ? node[key] : undefined
    const fresh = typeof nextKey === "number" ? [] : {}
    const next = typeof child === "object" && child !== null ? child : fresh
    if (Array.isArray(node)) node[Number(key)] = next
    else if (isRecord(node)) node[key] = next
    node = next
  }
  const last = path[path.length - 1]!
  if (Array.isArray(node) || isRecord(node)) apply(node, last)
  return root
}

const setValue = (root: unknown, path: ReadonlyArray<string | number>, value: unknown) =>
  setAt(root, path, (parent, key) => {
    if (Array.isArray(parent)) parent[Number(key)] = value
    else parent[key] = value
  })

const getAt = (root: unknown, path: ReadonlyArray<string | number>): unknown =>
  path.reduce<unknown>(
    (node, key) => (Array.isArray(node) ? node[Number(key)] : isRecord(node) ? node[key] : undefined),
    root
  )

const deepValue = (depth: number): unknown => {
  let v: unknown = "x"
  for (let i = 0; i < depth; i++) v = { a: [v] }
  return v
}

const throwing = () => {
  throw new Error("hostile")
}

/** A string of `n` code points, each two UTF-16 units: catches a length counted in units. */
const astral = (n: number) => "🚀".repeat(n)

const patternCharacters = ["!", " ", "\n", "~", "-", "x", "1", "_", "\u00e9", "A"]

interface Case {
  readonly kind: string
  readonly member: string
  readonly input: () => unknown
  /** The path the issues must name, when the failure is the schema's. */
  readonly path?: string
  /** The issue may be below `path` (a deep value is refused where it gets too deep). */
  readonly below?: boolean
  readonly message?: RegExp
  /** A message the issues of `path` must not contain. */
  readonly notMessage?: RegExp
}

/** Every bad input for one operation, from its schema and its valid sample input. */
const casesFor = (input: AST.AST, valid: unknown): ReadonlyArray<Case> => {
  const cases: Array<Case> = []
  for (const m of membersOf(input)) {
    const p = formatPath(m.path)
    const withValue = (kind: string, value: () => unknown, message?: RegExp, path: string = p) =>
      cases.push({
        kind,
        member: p,
        input: () => setValue(clone(valid), m.path, value()),
        path,
        ...(message ? { message } : {})
      })

    // A list item is "required" only in the sense that a list holds items: removing one is not an error.
    if (m.required && typeof m.path[m.path.length - 1] !== "number") {
      cases.push({
        kind: "required",
        member: p,
        input: () =>
          setAt(clone(valid), m.path, (parent, key) => {
            if (Array.isArray(parent)) parent.splice(Number(key), 1)
            else delete parent[key]
          }),
        path: p,
        message: /missing/
      })
    }
    const wrongType: Record<Kind, unknown> = {
      string: 42,
      number: "1",
      list: "not a list",
      structure: ["not", "an", "object"],
      enum: 7,
      timestamp: "yesterday"
    }
    withValue("wrong JS type", () => wrongType[m.kind], /expected|must be/)
    withValue("wrong JS type (null)", () => null, /expected|must be/)
    cases.push({
      kind: "deep nesting",
      member: p,
      input: () => setValue(clone(valid), m.path, deepValue(10_000)),
      path: p,
      below: true,
      message: /nested more than|expected|must be/
    })
    cases.push({
      kind: "throwing getter",
      member: p,
      input: () =>
        setAt(
          clone(valid),
          m.path,
          (parent, key) => Object.defineProperty(parent, key, { enumerable: true, get: throwing })
        ),
      path: p,
      message: /could not be read/
    })
    cases.push({
      kind: "Proxy",
      member: p,
      input: () =>
        setAt(clone(valid), m.path, (parent, key) => {
          const target = getAt(valid, m.path)
          const value = typeof target === "object" && target !== null ? target : {}
          const proxy = new Proxy(value, { get: throwing, ownKeys: throwing, getOwnPropertyDescriptor: throwing })
          if (Array.isArray(parent)) parent[Number(key)] = proxy
          else parent[key] = proxy
        }),
      message: /could not be read|expected|must be/
    })
    if (m.kind === "string" || m.kind === "enum") {
      withValue("lone surrogate", () => "ok\ud800", /surrogate/)
    }
    for (const c of m.constraints) {
      switch (c.kind) {
        case "length":
          if (c.min !== undefined && c.min > 0) withValue("length: too short", () => astral(c.min! - 1), /length/)
          if (c.max !== undefined) {
            withValue("length: too long (in code points)", () => astral(c.max! + 1), /length/)
            // Exactly max code points (twice as many UTF-16 units) is not too long.
            cases.push({
              kind: "length: counted in code points",
              member: p,
              input: () => setValue(clone(valid), m.path, `${astral(c.max!)}\ud800`),
              path: p,
              notMessage: /length/
            })
          }
          break
        case "pattern": {
          const regex = new RegExp(c.pattern)
          // Within the length bounds, so that the pattern is what fails.
          const length = m.constraints.find((x) => x.kind === "length")
          const n = Math.max(1, length?.kind === "length" ? length.min ?? 1 : 1)
          const candidates = [
            ...(n <= 1 ? [""] : []),
            ...patternCharacters.map((ch) => ch.repeat(n))
          ].filter((s) =>
            length?.kind !== "length" || ((length.min ?? 0) <= s.length && s.length <= (length.max ?? Infinity))
          )
          const bad = candidates.find((s) => !regex.test(s))
          if (bad !== undefined) withValue("pattern", () => bad, /pattern/)
          else unbreakable.add(`${p}: ${c.pattern}`)
          break
        }
        case "integer":
          withValue("integer", () => 1.5, /integer/)
          break
        case "range":
          if (c.min !== undefined) withValue("range: below", () => c.min! - 1, /value must/)
          if (c.max !== undefined) withValue("range: above", () => c.max! + 1, /value must/)
          break
        case "size": {
          const item = getAt(valid, [...m.path, 0])
          if (c.min !== undefined && c.min > 0) withValue("list size: too few", () => [], /number of items/)
          if (c.max !== undefined && item !== undefined) {
            withValue(
              "list size: too many",
              () => Array.from({ length: c.max! + 1 }, () => clone(item)),
              /number of items/
            )
          }
          break
        }
        case "enum":
          withValue("enum", () => "NotAValue", /must be one of/)
          withValue("enum (a member name, not a wire value)", () => c.values[0]!.toUpperCase() + "_X", /must be one of/)
          break
      }
    }
  }
  // Unknown members are dropped; hostile ones cannot be read, so they are refused like known ones.
  cases.push({
    kind: "unknown member (throwing getter)",
    member: "Unknown",
    input: () => Object.defineProperty(clone(valid), "Unknown", { enumerable: true, get: throwing }),
    path: "Unknown",
    message: /could not be read/
  })
  cases.push({
    kind: "unknown member (deep)",
    member: "Unknown",
    input: () => setValue(clone(valid), ["Unknown"], deepValue(10_000)),
    path: "Unknown",
    below: true,
    message: /nested more than/
  })
  cases.push({
    kind: "whole input (Proxy)",
    member: "(input)",
    input: () => new Proxy(clone(valid) ?? {}, { ownKeys: throwing }),
    path: "(input)",
    message: /could not be read/
  })
  cases.push({
    kind: "whole input (wrong JS type)",
    member: "(input)",
    input: () => "input",
    path: "(input)",
    message: /expected/
  })
  return cases
}

const unbreakable = new Set<string>()
const kindsSeen = new Set<string>()
let casesRun = 0

const services = [
  { name: "CodeStarConnections", ops: CS, service: csService, arnService: "codestar-connections" },
  { name: "CodeConnections", ops: CC, service: ccService, arnService: "codeconnections" }
] as const

/** An operation whose input is typed as anything, bound to a runner. */
interface UntypedOperation {
  readonly name: string
  readonly input: AST.AST
  readonly bind: (runner: OperationRunner) => (input: unknown) => Effect.Effect<unknown, unknown>
}

const untypedOperation = <I, IE, O, OE, E extends { readonly _tag: string }, EE>(
  op: OperationDescriptor<I, IE, O, OE, E, EE>
): UntypedOperation => {
  const descriptor = operation({ ...op, input: untyped(op.input) })
  return {
    name: op.name,
    input: op.input.ast,
    bind: (runner) => {
      const method = runner(descriptor)
      return (input) => method(input)
    }
  }
}

for (const { arnService, name, ops, service } of services) {
  describe(`${name}: every constraint of every input, broken one at a time`, () => {
    for (const op of Object.values(ops).map((d) => untypedOperation(d))) {
      const sample = samples.find((s) => s.operation === op.name)
      it.effect(`${op.name}`, () =>
        Effect.gen(function*() {
          expect(sample, `a valid sample input for ${op.name}`).toBeDefined()
          const valid = JSON.parse(JSON.stringify(sample!.sent).replaceAll(":codestar-connections:", `:${arnService}:`))
          const http = recordingHttp(() => json({}))
          const runner = yield* Effect.flatMap(httpClientTransport, (transport) =>
            makeRunner(
              { name, sdkId: service.sdkId, signingName: service.signingName, endpointPrefix: service.endpointPrefix },
              { region, retry: { maxAttempts: 1 } },
              transport
            )).pipe(Effect.provide(dependencies(http.layer)))
          const call = op.bind(runner)

          // The valid input itself is sent: the cases below break exactly one thing each.
          yield* Effect.ignore(call(clone(valid)))
          expect(http.requests, `${op.name}: the sample input is valid`).toHaveLength(1)

          const cases = casesFor(op.input, valid)
          expect(cases.length).toBeGreaterThan(4)
          for (const c of cases) {
            const before = http.requests.length
            const error = yield* Effect.flip(call(c.input()))
            const label = `${op.name} ${c.member}: ${c.kind}`
            expect(http.requests.length, label).toBe(before)
            expect(error, label).toMatchObject({ _tag: "AwsRequestError", reason: "InvalidInput", operation: op.name })
            const issues = error instanceof AwsRequestError ? error.issues ?? [] : []
            if (c.path !== undefined) {
              const here = issues.filter((i) => i.path === c.path || (c.below === true && i.path.startsWith(c.path!)))
              expect(here.length, `${label}: an issue at ${c.path} in ${JSON.stringify(issues)}`).toBeGreaterThan(0)
              if (c.message !== undefined) {
                expect(here.map((i) => i.message).join("; "), label).toMatch(c.message)
              }
              if (c.notMessage !== undefined) {
                expect(here.map((i) => i.message).join("; "), label).not.toMatch(c.notMessage)
              }
            }
            expect(error instanceof AwsRequestError ? error.message.length : Infinity, label).toBeLessThanOrEqual(400)
            kindsSeen.add(c.kind.replace(/ \(.*\)$|:.*$/, ""))
            casesRun++
          }
        }))
    }
  })
}

describe("the suite covers every constraint kind", () => {
  it("each kind was exercised at least once", () => {
    // 27 operations x 2 versions, a dozen or more cases per member.
    expect(casesRun).toBeGreaterThan(2_000)
    // The patterns no string breaks are the match-anything ones (`.*`, `^[\s\S]*$`).
    for (const p of unbreakable) expect(p).toMatch(/: (\.\*|\^\[\\s\\S\]\*\$|\^\.\*\$)$/)
    expect([...kindsSeen].sort()).toEqual(
      [
        "Proxy",
        "deep nesting",
        "enum",
        "integer",
        "length",
        "list size",
        "lone surrogate",
        "pattern",
        "range",
        "required",
        "throwing getter",
        "unknown member",
        "whole input",
        "wrong JS type"
      ].sort()
    )
  })

  it("benign unknown members are dropped, not sent", () =>
    Effect.runPromise(Effect.gen(function*() {
      const http = recordingHttp(() => json({}))
      const runner = yield* Effect.flatMap(httpClientTransport, (transport) =>
        makeRunner(
          {
            name: "CodeStarConnections",
            sdkId: csService.sdkId,
            signingName: csService.signingName,
            endpointPrefix: csService.endpointPrefix
          },
          { region, retry: { maxAttempts: 1 } },
          transport
        )).pipe(Effect.provide(dependencies(http.layer)))
      const call = untypedOperation(CS.GetConnection).bind(runner)
      const valid = samples.find((s) => s.operation === "GetConnection")!.sent
      yield* Effect.ignore(call({ ...Object(valid), Extra: { nested: [1, 2] }, extra: "x" }))
      expect(http.requests.map((r) => JSON.parse(r.body))).toEqual([valid])
    })))
})
