/**
 * The response fuzzer (issue 10): seeded, generated responses for all 27
 * operations of both API versions, as a broken proxy or an attacker could
 * send them: any status, odd headers (error types, dates, Retry-After), and
 * bodies that are the operation's real answer mutated at a random place
 * (wrong types, nulls, unknown enum values, odd timestamps, `__proto__` keys,
 * deep or huge values), truncated, HTML, empty, random JSON, error bodies, or
 * bytes that are not UTF-8.
 *
 * For each response: the call succeeds or fails with one of its typed
 * errors, never with a defect; it takes less than 5 s; `Object.prototype` is
 * untouched; and a success carries no own `__proto__`, `constructor` or
 * `prototype` key.
 *
 * 20,000 responses per run by default (about 15 s here). The long run:
 *
 *   FUZZ_RUNS=100000 pnpm vitest run --project @effect-codestar/core test/fuzz.test.ts
 *
 * (`FUZZ_SEED=<n>` picks another seed; a failure prints the seed and path to replay it.)
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as fc from "fast-check"
import { commonErrors } from "../src/AwsError.js"
import type { CodeConnections } from "../src/CodeConnections.js"
import type { CodeStarConnections } from "../src/CodeStarConnections.js"
import * as CCErrors from "../src/generated/codeconnections/errors.js"
import * as CSErrors from "../src/generated/codestar-connections/errors.js"
import { samples } from "./samples.js"
import { type CannedResponse, clients } from "./support.js"

const runs = Number(process.env["FUZZ_RUNS"] ?? 20_000)
const seed = Number(process.env["FUZZ_SEED"] ?? 20261130)

/** Every error tag a call may fail with. */
const typedTags: ReadonlySet<string> = new Set([
  "AwsRequestError",
  "AwsServiceError",
  ...commonErrors.map((c) => c._tag),
  ...Object.keys(CSErrors.errorMetadata),
  ...Object.keys(CCErrors.errorMetadata)
])

const modeledCodes = [...Object.keys(CSErrors.errorMetadata), ...commonErrors.map((c) => c._tag)]

// ---- bodies -------------------------------------------------------------------------------------

/** Every path to a value inside `v` (the root included), at most a few hundred. */
const pathsOf = (v: unknown): Array<ReadonlyArray<string | number>> => {
  const out: Array<ReadonlyArray<string | number>> = []
  const stack: Array<[unknown, ReadonlyArray<string | number>]> = [[v, []]]
  while (stack.length > 0 && out.length < 500) {
    const [node, path] = stack.pop()!
    out.push(path)
    if (Array.isArray(node)) node.forEach((x, i) => stack.push([x, [...path, i]]))
    else if (typeof node === "object" && node !== null) {
      for (const [k, x] of Object.entries(node)) stack.push([x, [...path, k]])
    }
  }
  return out
}

const replaceAt = (root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown => {
  if (path.length === 0) return value
  const [head, ...rest] = path
  if (Array.isArray(root)) return root.map((x, i) => (i === head ? replaceAt(x, rest, value) : x))
  if (typeof root === "object" && root !== null && typeof head === "string") {
    return { ...root, [head]: replaceAt(Reflect.get(root, head), rest, value) }
  }
  return root
}

const nested = (depth: number, open: string, close: string, leaf: string) =>
  open.repeat(depth) + leaf + close.repeat(depth)

/** A replacement value for a mutation, as raw JSON text (so that it may be deep, huge or hold `__proto__`). */
const rawValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  {
    weight: 3,
    arbitrary: fc.constantFrom("null", "true", "0", "-0", "1.5", "-1", "\"\"", "[]", "{}", "[null]", "[null,null]")
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "1e300",
      "-1e20",
      "9e15",
      "8.64e12",
      "8.640000000001e12",
      "-8.64e12",
      "1700000000.123",
      "1.7e9",
      "\"2026-01-01T00:00:00Z\"",
      "1e-320"
    )
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "\"NOT_A_STATUS\"",
      "\"GitHubEnterpriseCloud\"",
      "\"available\"",
      "\"\\ud800\"",
      "\"\\u0000\""
    )
  },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 6000 }).map((d) => nested(d, "[", "]", "")) },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 6000 }).map((d) => nested(d, "{\"a\":", "}", "1")) },
  {
    weight: 2,
    arbitrary: fc.constant("{\"__proto__\":{\"polluted\":true},\"constructor\":{\"prototype\":{\"polluted\":true}}}")
  },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 1_000_000 }).map((n) => JSON.stringify("x".repeat(n))) }
)

/** A body built from the operation's real answer. */
const mutatedAnswer = (answer: string): fc.Arbitrary<string> => {
  const base: unknown = answer === "" ? {} : JSON.parse(answer)
  const paths = pathsOf(base)
  const placeholder = "\"@@FUZZ@@\""
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(fc.nat(), rawValue).map(([i, raw]) =>
        JSON.stringify(replaceAt(base, paths[i % paths.length]!, "@@FUZZ@@")).replace(placeholder, () => raw)
      )
    },
    {
      // A member removed.
      weight: 2,
      arbitrary: fc.nat().map((i) => {
        const path = paths[i % paths.length]!
        return JSON.stringify(replaceAt(base, path, undefined))
      })
    },
    {
      // Keys that would reach a prototype, at every object.
      weight: 2,
      arbitrary: fc.constant(
        JSON.stringify(base).replace(/\{(?=")/g, "{\"__proto__\":{\"polluted\":1},\"prototype\":1,")
      )
    },
    { weight: 2, arbitrary: fc.constant(JSON.stringify(base)) },
    // Truncated anywhere.
    {
      weight: 3,
      arbitrary: fc.nat().map((i) => JSON.stringify(base).slice(0, i % Math.max(1, JSON.stringify(base).length)))
    }
  )
}

const otherBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " \n",
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    "<?xml version=\"1.0\"?><Error><Code>Throttling</Code></Error>",
    "null",
    "[]",
    "\"{}\"",
    "{",
    "}{",
    "{}{}",
    "NaN",
    "\u0000",
    "\ufeff{}"
  ),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.tuple(
    fc.constantFrom("__type", "code", "Code", "message"),
    fc.oneof(fc.constantFrom(...modeledCodes), fc.string({ maxLength: 60 })),
    fc.string({ maxLength: 80 })
  )
    .map(([key, code, message]) =>
      JSON.stringify({ [key]: `com.amazonaws.codestar#${code}:http://x`, Message: message, message })
    )
)

/** Bytes that are not valid UTF-8, alone or inside an otherwise valid body. */
const invalidUtf8: fc.Arbitrary<Uint8Array<ArrayBuffer>> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => new Uint8Array(b)),
  fc.constantFrom(
    new Uint8Array([0xff, 0xfe, 0xfd]),
    new Uint8Array([
      0x7b,
      0x22,
      0x43,
      0x6f,
      0x6e,
      0x6e,
      0x65,
      0x63,
      0x74,
      0x69,
      0x6f,
      0x6e,
      0x22,
      0x3a,
      0x7b,
      0x22,
      0x43,
      0x6f,
      0x6e,
      0x6e,
      0x65,
      0x63,
      0x74,
      0x69,
      0x6f,
      0x6e,
      0x4e,
      0x61,
      0x6d,
      0x65,
      0x22,
      0x3a,
      0x22,
      0xc3,
      0x28,
      0x22,
      0x7d,
      0x7d
    ]),
    new Uint8Array([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])
  )
)

// ---- headers and statuses -------------------------------------------------------------------------

const printable = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, "?"))

const headers: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    "content-type": fc.constantFrom(
      "application/x-amz-json-1.0",
      "application/json",
      "text/html",
      "text/plain; charset=utf-8",
      "",
      "x/y"
    ),
    "x-amzn-errortype": fc.oneof(
      fc.constantFrom(...modeledCodes),
      fc.constantFrom("", ":", "#", "a#b:c", "ThrottlingException:http://internal.amazon.com/coral/", "Unknown"),
      printable
    ),
    date: fc.oneof(
      fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toUTCString()),
      fc.constantFrom("Sat, 13 Sep 275760 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "yesterday", "", "0"),
      fc.integer({ min: -3 * 86400_000, max: 3 * 86400_000 }).map((ms) => new Date(Date.now() + ms).toUTCString())
    ),
    "retry-after": fc.oneof(
      fc.constantFrom("0", "-1", "1e309", "NaN", "2", "Sat, 13 Sep 275760 00:00:00 GMT"),
      printable
    ),
    "x-amzn-requestid": printable
  },
  { requiredKeys: [] }
)

const status = fc.oneof(
  { weight: 10, arbitrary: fc.constant(200) },
  { weight: 6, arbitrary: fc.constantFrom(400, 403, 404, 409, 429, 500, 502, 503, 504) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(201, 202, 204, 206, 299, 300, 301, 304, 400, 401, 405, 413, 418, 499, 501, 599)
  }
)

// ---- the calls --------------------------------------------------------------------------------------

type Client = CodeStarConnections.Service | CodeConnections.Service

const targets = samples.flatMap((sample) => [
  { sample, api: "codestar" as const },
  { sample, api: "codeconnections" as const }
])

const response = fc.nat({ max: targets.length - 1 }).chain((t) =>
  fc.record({
    target: fc.constant(t),
    status,
    headers,
    body: fc.oneof(
      { weight: 12, arbitrary: mutatedAnswer(targets[t]!.sample.answer) },
      { weight: 4, arbitrary: otherBody },
      { weight: 1, arbitrary: invalidUtf8 }
    )
  })
)

/** Own keys anywhere in a value, iteratively. */
const hasPrototypeKey = (value: unknown): boolean => {
  const stack: Array<unknown> = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v !== "object" || v === null || v instanceof Date) continue
    for (const k of Reflect.ownKeys(v)) {
      if (k === "__proto__" || k === "constructor" || k === "prototype") return true
      stack.push(Reflect.get(v, k))
    }
  }
  return false
}

const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",")

describe("response fuzzer", () => {
  it.live(
    `${runs} generated responses: a success or a typed failure, never a defect, each under 5 s`,
    () =>
      Effect.gen(function*() {
        let current: CannedResponse = {}
        const setup = clients(() => current)
        const client: Record<"codestar" | "codeconnections", Client> = {
          codestar: yield* setup.codestar,
          codeconnections: yield* setup.codeconnections
        }
        const before = prototypeNames()
        const outcomes = { success: 0, failure: 0 }
        const byTag = new Map<string, number>()
        let slowest = 0
        let total = 0
        const hit = new Set<number>()
        let count = 0

        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(response, async (r) => {
              const { api, sample } = targets[r.target]!
              hit.add(r.target)
              // Let timers run now and then: a long run must not starve the test runner's own messages.
              if (++count % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 0))
              current = { status: r.status, headers: r.headers, body: r.body }
              const started = performance.now()
              const exit = await Effect.runPromiseExit(sample.call(client[api]))
              const elapsed = performance.now() - started
              slowest = Math.max(slowest, elapsed)
              total += elapsed
              if (elapsed >= 5_000) throw new Error(`${sample.operation} took ${Math.round(elapsed)} ms`)
              if (prototypeNames() !== before || Reflect.get({}, "polluted") !== undefined) {
                throw new Error("Object.prototype was modified")
              }
              if (Exit.isSuccess(exit)) {
                outcomes.success++
                if (hasPrototypeKey(exit.value)) {
                  throw new Error(`${sample.operation}: an output carries a prototype key`)
                }
                return
              }
              if (exit.cause._tag !== "Fail") {
                throw new Error(`${sample.operation}: ${exit.cause._tag} instead of a typed failure`)
              }
              const error: unknown = exit.cause.error
              const tag = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "?"
              if (!typedTags.has(tag)) throw new Error(`${sample.operation}: untyped failure ${tag}`)
              const message = typeof error === "object" && error !== null && "message" in error
                ? String(error.message)
                : ""
              if (message.length > 1_000) throw new Error(`${sample.operation}: a ${message.length}-character message`)
              outcomes.failure++
              byTag.set(tag, (byTag.get(tag) ?? 0) + 1)
            }),
            { seed, numRuns: runs, endOnFailure: true }
          )
        )
        if (process.env["FUZZ_STATS"] !== undefined) {
          console.log(JSON.stringify({ ...outcomes, slowest, total, tags: [...byTag] }))
        }
        expect(outcomes.success + outcomes.failure).toBe(runs)
        // Every operation of both API versions got responses.
        expect(samples).toHaveLength(27)
        expect(hit.size).toBe(targets.length)
        // The generator reaches both sides: real answers that decode, and each kind of failure.
        expect(outcomes.success).toBeGreaterThan(runs / 20)
        expect([...byTag.keys()]).toEqual(
          expect.arrayContaining(["AwsRequestError", "AwsServiceError", "ThrottlingException"])
        )
        expect(slowest).toBeLessThan(5_000)
      }),
    { timeout: Math.max(60_000, runs * 5) }
  )
})
