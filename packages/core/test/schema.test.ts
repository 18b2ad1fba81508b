/**
 * The fast decoders of outputs (`internal/schema.ts`): on every operation's
 * output, of both API versions, they must give exactly what the general
 * Schema decoder gives, on valid answers and on answers broken anywhere.
 *
 * The general decoder is reached with `propertyOrder: "original"`, an option
 * the fast decoders do not implement and so leave to it; the values are
 * compared with `toEqual`, which ignores the order of keys.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import * as fc from "fast-check"
import * as CCOperations from "../src/generated/codeconnections/operations.js"
import * as CSOperations from "../src/generated/codestar-connections/operations.js"
import * as CS from "../src/generated/codestar-connections/schemas.js"
import { decodeUnknownFast, fastDecoder } from "../src/internal/fastOutput.js"
import { describeIssue, summarize } from "../src/internal/issues.js"
import { outputList } from "../src/internal/schema.js"
import { samples } from "./samples.js"

const fastOptions: AST.ParseOptions = { onExcessProperty: "ignore" }
const generalOptions: AST.ParseOptions = { onExcessProperty: "ignore", propertyOrder: "original" }

interface Output {
  readonly name: string
  readonly output: Schema.Schema.AnyNoContext
}

const outputs: ReadonlyArray<Output> = [...Object.values(CSOperations), ...Object.values(CCOperations)].map((op) => ({
  name: op.name,
  output: op.output
}))

const describe_ = (issue: ParseResult.ParseIssue): string => summarize(describeIssue(issue), true)

/** Decodes `u` both ways and expects the same outcome: the same value, or failures described the same. */
const expectSame = (schema: Schema.Schema.AnyNoContext, u: unknown): void => {
  const viaFast = Schema.decodeUnknownEither(schema, fastOptions)(u)
  const viaGeneral = Schema.decodeUnknownEither(schema, generalOptions)(u)
  if (Either.isRight(viaGeneral)) {
    expect(viaFast).toEqual(Either.right(viaGeneral.right))
  } else {
    expect(Either.isLeft(viaFast)).toBe(true)
    if (Either.isLeft(viaFast)) expect(describe_(viaFast.left.issue)).toBe(describe_(viaGeneral.left.issue))
  }
  const direct = Effect.runSync(Effect.either(decodeUnknownFast(schema, fastOptions)(u)))
  expect(Either.isRight(direct)).toBe(Either.isRight(viaGeneral))
  if (Either.isRight(direct) && Either.isRight(viaGeneral)) expect(direct.right).toEqual(viaGeneral.right)
  if (Either.isLeft(direct) && Either.isLeft(viaGeneral)) {
    expect(describe_(direct.left.issue)).toBe(describe_(viaGeneral.left.issue))
  }
}

type Path = ReadonlyArray<string | number>

const pathsOf = (u: unknown, at: Path = []): ReadonlyArray<Path> => {
  if (Array.isArray(u)) return [at, ...u.flatMap((x, i) => pathsOf(x, [...at, i]))]
  if (typeof u === "object" && u !== null) {
    return [at, ...Object.entries(u).flatMap(([k, v]) => pathsOf(v, [...at, k]))]
  }
  return [at]
}

/** A copy of `u` with `f` applied at `path`. */
const updateAt = (u: unknown, path: Path, f: (x: unknown) => unknown): unknown => {
  if (path.length === 0) return f(u)
  const [head, ...rest] = path
  if (Array.isArray(u) && typeof head === "number") return u.map((x, i) => i === head ? updateAt(x, rest, f) : x)
  if (typeof u === "object" && u !== null && typeof head === "string") {
    return Object.fromEntries(Object.entries(u).map(([k, v]) => [k, k === head ? updateAt(v, rest, f) : v]))
  }
  return u
}

const REMOVE = Symbol("remove")

const replacement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, REMOVE, "", "x", "AVAILABLE", 0, 1.5, -1e300, 1e13, true, {}, [], [null], [1], {
    Unknown: 1
  }),
  fc.jsonValue({ maxDepth: 2 })
)

/** Removes the members `REMOVE` marks (JSON cannot hold a symbol, so a marked member is a removed one). */
const withoutRemoved = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.filter((x) => x !== REMOVE).map(withoutRemoved)
  if (typeof u === "object" && u !== null) {
    return Object.fromEntries(Object.entries(u).filter(([, v]) => v !== REMOVE).map(([k, v]) => [k, withoutRemoved(v)]))
  }
  return u
}

const mutation = (answer: unknown): fc.Arbitrary<unknown> => {
  const paths = pathsOf(answer)
  return fc.oneof(
    // A value replaced anywhere (null, removed, a wrong type, a list with a null item, ...).
    fc.tuple(fc.nat(), replacement).map(([i, value]) =>
      withoutRemoved(updateAt(answer, paths[i % paths.length]!, () => value))
    ),
    // A null item or an unknown member added at a list or an object.
    fc.tuple(fc.nat(), fc.nat()).map(([i, j]) =>
      updateAt(answer, paths[i % paths.length]!, (x) =>
        Array.isArray(x)
          ? [...x.slice(0, j % (x.length + 1)), null, ...x.slice(j % (x.length + 1))]
          : typeof x === "object" && x !== null
          ? { ...x, Surprise: { Nested: [1, null] } }
          : x)
    ),
    fc.constant(answer)
  )
}

describe("fast output decoders", () => {
  it("the two API versions have 27 operations each", () => {
    expect(outputs).toHaveLength(54)
  })

  it("every output of the model compiles to a fast decoder that decodes its sample answer", () => {
    for (const { name, output } of outputs) {
      const sample = samples.find((s) => s.operation === name)
      if (sample === undefined || sample.answer === "") continue
      const fast = fastDecoder(output.ast)
      expect({ name, fast: fast !== undefined }).toEqual({ name, fast: true })
      const json: unknown = JSON.parse(sample.answer)
      expect(fast?.(json)).toEqual(Schema.decodeUnknownSync(output, generalOptions)(json))
    }
  })

  it("decode exactly as the general decoder with each member of each answer removed, null or of a wrong type", () => {
    let checked = 0
    for (const { name, output } of outputs) {
      const sample = samples.find((s) => s.operation === name)
      if (sample === undefined || sample.answer === "") continue
      const answer: unknown = JSON.parse(sample.answer)
      for (const path of pathsOf(answer)) {
        for (const value of [REMOVE, null, "x", 1, true, {}, [], [null]]) {
          expectSame(output, withoutRemoved(updateAt(answer, path, () => value)))
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(1000)
  })

  it("decode exactly as the general decoder on answers mutated anywhere (property)", () => {
    const cases = outputs.flatMap(({ name, output }) => {
      const sample = samples.find((s) => s.operation === name)
      return sample === undefined || sample.answer === "" ? [] : [{ output, answer: JSON.parse(sample.answer) }]
    })
    expect(cases.length).toBeGreaterThan(40)
    fc.assert(
      fc.property(
        fc.nat({ max: cases.length - 1 }).chain((i) =>
          mutation(cases[i]!.answer).map((u) => ({ output: cases[i]!.output, u }))
        ),
        ({ output, u }) => expectSame(output, u)
      ),
      { numRuns: 3000, seed: 20261130 }
    )
  })

  it("a list page: null items dropped, null members absent, unknown members ignored, members in schema order", () => {
    const page = {
      Surprise: 1,
      Connections: [
        { HostArn: "h", ConnectionName: "a", Extra: { x: 1 }, ConnectionStatus: null },
        null,
        { ConnectionStatus: "SOMETHING_NEW", ProviderType: "GitHub", ConnectionName: "b" }
      ],
      NextToken: null
    }
    const decoded = Schema.decodeUnknownSync(CS.ListConnectionsOutput, fastOptions)(page)
    expect(decoded).toEqual({
      Connections: [
        { ConnectionName: "a", HostArn: "h" },
        { ConnectionName: "b", ProviderType: "GitHub", ConnectionStatus: "SOMETHING_NEW" }
      ]
    })
    expect(decoded.Connections?.map((c) => Object.keys(c))).toEqual([
      ["ConnectionName", "HostArn"],
      ["ConnectionName", "ProviderType", "ConnectionStatus"]
    ])
    expectSame(CS.ListConnectionsOutput, page)
  })

  it("a failure inside a list reads as it did with the general decoder", () => {
    const page = { Connections: [{ ConnectionName: "a" }, { ConnectionName: 7 }] }
    const result = Schema.decodeUnknownEither(CS.ListConnectionsOutput, fastOptions)(page)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(describe_(result.left.issue)).toBe(
        "Connection.ConnectionName (at Connections[1].ConnectionName): expected a string, got the number 7"
      )
    }
    expectSame(CS.ListConnectionsOutput, page)
  })

  it("timestamps: epoch seconds become dates; out of range fails as before", () => {
    const ok = { Events: [{ Event: "e", Time: 1.7e9, Type: "t", ExternalId: "x" }] }
    const bad = { Events: [{ Event: "e", Time: 1e13, Type: "t" }] }
    for (const u of [ok, bad]) {
      expectSame(CS.GetRepositorySyncStatusOutput, { LatestSync: { ...u, StartedAt: 1, Status: "S" } })
    }
  })

  it("a list of strings: null items dropped", () => {
    const list = outputList(Schema.String)
    expect(Schema.decodeUnknownSync(list)(["a", "b"])).toEqual(["a", "b"])
    expect(Schema.decodeUnknownSync(list)(["a", null, "b"])).toEqual(["a", "b"])
    expectSame(list, ["a", null, 1])
  })

  it("options the fast decoders do not implement go to the general decoder", () => {
    const page = { Connections: [{ ConnectionName: "a", Extra: 1 }] }
    expect(Either.isLeft(Schema.decodeUnknownEither(CS.ListConnectionsOutput, { onExcessProperty: "error" })(page)))
      .toBe(true)
    expect(Schema.decodeUnknownSync(CS.ListConnectionsOutput, { onExcessProperty: "preserve" })(page)).toEqual({
      Connections: [{ ConnectionName: "a", Extra: 1 }]
    })
  })
})
