/**
 * Issue 10, classes 1 to 7: hostile responses and inputs, as an attacker or a
 * broken proxy would send them, fail as typed errors with short messages and
 * never as defects. (Class 8, credential providers, is tested in
 * runtime-node, where the providers are.) The fuzzer (fuzz.test.ts) and the
 * generated bad-input suite (badInput.test.ts) cover the same ground wide;
 * these pin each class by name.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import type { CodeStarConnections } from "../src/CodeStarConnections.js"
import { maxSkewMs } from "../src/internal/retryClock.js"
import { connectionArn, samples } from "./samples.js"
import { type Answer, clients, json, type RecordedRequest } from "./support.js"

/** The failure of a call that must fail, asserting it is a failure and not a defect. */
const failureOf = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) throw new Error("expected a failure, got a success")
    const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
    if (failure === undefined) throw new Error(`expected a typed failure, got ${exit.cause._tag}`)
    return failure
  })

const withClient = (handler: (request: RecordedRequest) => Answer) =>
  Effect.map(
    Effect.suspend(() => {
      const setup = clients(handler)
      return Effect.map(setup.codestar, (client) => ({ client, requests: setup.requests }))
    }),
    (x) => x
  )

const nestedArrays = (depth: number): string => "[".repeat(depth) + "]".repeat(depth)
const nestedObjects = (depth: number): string => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)

/** Builds an object nested `depth` levels deep without recursion. */
const deepValue = (depth: number): unknown => {
  let v: unknown = "leaf"
  for (let i = 0; i < depth; i++) v = { a: v, list: [v] }
  return v
}

const messageOf = (e: unknown): string =>
  typeof e === "object" && e !== null && "message" in e && typeof e.message === "string" ? e.message : ""

describe("class 1: depth and size (bounded messages, no unbounded recursion)", () => {
  it.effect("a known member nested thousands of levels deep is a short Decode failure", () =>
    Effect.gen(function*() {
      for (
        const body of [
          `{"Connection":${nestedArrays(5000)}}`,
          `{"Connection":{"ConnectionStatus":${nestedObjects(5000)}}}`,
          `{"Connection":{"ConnectionName":[${nestedArrays(20000)}]}}`,
          `{"Connections":[{"ConnectionName":"ok"},{"ConnectionName":${nestedObjects(20000)}}]}`
        ]
      ) {
        const { client } = yield* withClient(() => ({ body }))
        const call: Effect.Effect<unknown, unknown> = body.startsWith("{\"Connections\"")
          ? client.listConnections()
          : client.getConnection({ ConnectionArn: connectionArn })
        const error = yield* failureOf(call)
        expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Decode", status: 200 })
        expect(messageOf(error).length).toBeLessThanOrEqual(500)
      }
      // Deep unknown members are ignored, as unknown members are.
      const { client } = yield* withClient(() => ({
        body: `{"Connection":{"ConnectionName":"c","x":${nestedObjects(20000)}}}`
      }))
      expect(yield* client.getConnection({ ConnectionArn: connectionArn })).toEqual({
        Connection: { ConnectionName: "c" }
      })
    }))

  it.effect("an input nested deeper still is InvalidInput, and nothing is sent", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* withClient(() => json({}))
      const error = yield* failureOf(
        // @ts-expect-error Tags is a list of tags, not a deep value
        client.tagResource({ ResourceArn: connectionArn, Tags: deepValue(50_000) })
      )
      expect(error).toMatchObject({
        reason: "InvalidInput",
        issues: [{ message: expect.stringMatching(/nested more than/) }]
      })
      expect(messageOf(error).length).toBeLessThanOrEqual(500)
      expect(requests).toHaveLength(0)
    }))

  it.effect("a 50 MB bad body gives a message of a few hundred characters, quickly", () =>
    Effect.gen(function*() {
      const huge = "x".repeat(50_000_000)
      for (
        const body of [`<html>${huge}`, `{"Connection":"${huge}"}`, `{"Connection":{"ConnectionStatus":7,"x":"${huge}"`]
      ) {
        const { client } = yield* withClient(() => ({ body }))
        const started = Date.now()
        const error = yield* failureOf(client.getConnection({ ConnectionArn: connectionArn }))
        expect(Date.now() - started).toBeLessThan(2_000)
        expect(error).toMatchObject({ reason: "Decode" })
        expect(messageOf(error).length).toBeLessThanOrEqual(500)
      }
    }))

  it.effect("a huge error message or code from the service is cut", () =>
    Effect.gen(function*() {
      const huge = "y".repeat(5_000_000)
      const { client } = yield* withClient(() => json({ __type: `Weird${huge}`, message: huge }, 400))
      const error = yield* failureOf(client.getConnection({ ConnectionArn: connectionArn }))
      expect(error).toMatchObject({ _tag: "AwsServiceError", status: 400 })
      expect(messageOf(error).length).toBeLessThanOrEqual(1_001)
      expect(JSON.stringify(error).length).toBeLessThan(2_000)
    }))

  it.effect("an input string of 50 MB is refused with a short message", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* withClient(() => json({}))
      const error = yield* failureOf(client.getConnection({ ConnectionArn: "z".repeat(50_000_000) }))
      expect(error).toMatchObject({ reason: "InvalidInput" })
      expect(messageOf(error).length).toBeLessThanOrEqual(500)
      expect(requests).toHaveLength(0)
    }))
})

describe("class 2: hostile input objects (throwing getters, Proxies)", () => {
  const hostile: ReadonlyArray<readonly [string, () => unknown]> = [
    ["a getter that throws", () => ({
      get ConnectionArn(): string {
        throw new Error("secret-in-getter")
      }
    })],
    ["a Proxy whose get trap throws", () =>
      new Proxy({}, {
        get: () => {
          throw new Error("trap")
        }
      })],
    ["a Proxy whose ownKeys trap throws", () =>
      new Proxy({}, {
        ownKeys: () => {
          throw new Error("trap")
        }
      })],
    ["a revoked Proxy", () => {
      const { proxy, revoke } = Proxy.revocable({}, {})
      revoke()
      return proxy
    }],
    ["a Proxy of a list claiming 2^32-1 items", () => ({
      ConnectionArn: connectionArn,
      Tags: new Proxy([], { get: (t, k) => (k === "length" ? 4294967295 : Reflect.get(t, k)) })
    })],
    ["a member whose getter throws, deep inside", () => ({
      ResourceArn: connectionArn,
      Tags: [{
        Key: "k",
        get Value(): string {
          throw new Error("boom")
        }
      }]
    })],
    ["a getter that throws on an unknown member", () => ({
      ConnectionArn: connectionArn,
      get Extra(): string {
        throw new Error("x")
      }
    })],
    ["a cycle", () => {
      const o: Record<string, unknown> = { ConnectionArn: connectionArn }
      o["Self"] = o
      return o
    }]
  ]
  for (const [name, make] of hostile) {
    it.effect(`${name}: InvalidInput, nothing sent, the caller's error text not quoted`, () =>
      Effect.gen(function*() {
        const { client, requests } = yield* withClient(() => json({}))
        const input = make()
        const error = yield* failureOf(
          // @ts-expect-error a hostile value where an input is expected
          client.getConnection(input)
        )
        expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "InvalidInput" })
        expect(messageOf(error)).not.toContain("secret-in-getter")
        expect(requests).toHaveLength(0)
      }))
  }

  it.effect("a getter is read once: the value validated is the value sent", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* withClient(() => json({ Connection: {} }))
      let reads = 0
      const input = {
        get ConnectionArn() {
          reads++
          return reads === 1 ? connectionArn : "not-an-arn"
        }
      }
      yield* client.getConnection(input)
      expect(reads).toBe(1)
      expect(JSON.parse(requests[0]!.body)).toEqual({ ConnectionArn: connectionArn })
    }))
})

describe("class 3: one response cannot disable a client (clock skew)", () => {
  // Live clock: the Date headers are real dates, compared with the real local time.
  it.live("an absurd Date header is ignored: the next call still signs and is sent with the local time", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* withClient(() => ({
        body: "{\"Connection\":{}}",
        headers: { date: "Sat, 13 Sep 275760 00:00:00 GMT" }
      }))
      yield* client.getConnection({ ConnectionArn: connectionArn })
      yield* client.getConnection({ ConnectionArn: connectionArn })
      expect(requests).toHaveLength(2)
      expect(requests[1]!.headers["x-amz-date"]).toMatch(/^\d{4}-/)
      expect(Math.abs(Date.parse(requests[1]!.headers["x-amz-date"]!) - Date.now())).toBeLessThan(60_000)
    }))

  it.live("an offset within a day is applied, a later response corrects it, one beyond a day is not", () =>
    Effect.gen(function*() {
      let date = ""
      const { client, requests } = yield* withClient(() => ({ body: "{\"Connection\":{}}", headers: { date } }))
      const sentOffset = (i: number) => Date.parse(requests[i]!.headers["x-amz-date"]!) - Date.now()
      date = new Date(Date.now() + 2 * 3600_000).toUTCString()
      yield* client.getConnection({ ConnectionArn: connectionArn })
      yield* client.getConnection({ ConnectionArn: connectionArn })
      expect(sentOffset(1)).toBeGreaterThan(2 * 3600_000 - 60_000)
      date = new Date(Date.now() + maxSkewMs + 3600_000).toUTCString()
      yield* client.getConnection({ ConnectionArn: connectionArn })
      yield* client.getConnection({ ConnectionArn: connectionArn })
      expect(sentOffset(3)).toBeLessThan(2 * 3600_000 + 60_000)
      date = new Date().toUTCString()
      yield* client.getConnection({ ConnectionArn: connectionArn })
      yield* client.getConnection({ ConnectionArn: connectionArn })
      expect(Math.abs(sentOffset(5))).toBeLessThan(60_000)
    }))
})

const emptyOutputOperations = [
  "DeleteConnection",
  "DeleteHost",
  "DeleteRepositoryLink",
  "DeleteSyncConfiguration",
  "TagResource",
  "UntagResource",
  "UpdateHost"
]

/** Every own key of a value and its descendants (iteratively). */
const ownKeysDeep = (value: unknown): Set<string> => {
  const keys = new Set<string>()
  const stack: Array<unknown> = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v !== "object" || v === null) continue
    for (const k of Reflect.ownKeys(v)) {
      if (typeof k === "string") keys.add(k)
      stack.push(Reflect.get(v, k))
    }
  }
  return keys
}

describe("class 4: empty outputs and prototype keys", () => {
  for (const operation of emptyOutputOperations) {
    const sample = samples.find((s) => s.operation === operation)!
    it.effect(`${operation}: an object body gives {}, anything else is Decode`, () =>
      Effect.gen(function*() {
        for (const body of ["", "{}", "{\"Unknown\":1,\"__proto__\":{\"polluted\":1},\"constructor\":{}}"]) {
          const setup = clients(() => ({ body }))
          for (const client of [yield* setup.codestar, yield* setup.codeconnections]) {
            const out = yield* sample.call(client)
            expect(out).toEqual({})
            expect(Reflect.ownKeys(Object(out))).toEqual([])
            expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
          }
        }
        for (const body of ["[]", "1", "\"s\"", "null", "true", "[{}]"]) {
          const setup = clients(() => ({ body }))
          for (const client of [yield* setup.codestar, yield* setup.codeconnections]) {
            const error = yield* failureOf(sample.call(client))
            expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Decode" })
          }
        }
      }))
  }

  it.effect("no output of any operation carries an own __proto__, constructor or prototype key from the wire", () =>
    Effect.gen(function*() {
      for (const sample of samples) {
        const answer: unknown = sample.answer === "" ? {} : JSON.parse(sample.answer)
        // Inject the keys at every object of the answer, as raw JSON so that `__proto__` is an own key.
        const poisoned = JSON.stringify(answer).replace(/\{(?=")|\{\}/g, (m) =>
          m === "{}"
            ? "{\"__proto__\":{\"x\":1},\"constructor\":{\"y\":1},\"prototype\":2}"
            : "{\"__proto__\":{\"x\":1},\"constructor\":{\"y\":1},\"prototype\":2,")
        const setup = clients(() => ({ body: poisoned }))
        for (const client of [yield* setup.codestar, yield* setup.codeconnections]) {
          const out = yield* sample.call(client)
          const keys = ownKeysDeep(out)
          expect([keys.has("__proto__"), keys.has("constructor"), keys.has("prototype")], sample.operation)
            .toEqual([false, false, false])
        }
      }
      expect(Object.prototype).not.toHaveProperty("x")
    }))
})

describe("class 5: nulls and dates in outputs", () => {
  it.effect("a null item of an output list is dropped; the valid items are kept", () =>
    Effect.gen(function*() {
      const { client } = yield* withClient(() =>
        json({
          Connections: [null, { ConnectionName: "a" }, null, {
            ConnectionName: "b",
            Tags: [null, { Key: "k", Value: "v" }]
          }]
        })
      )
      const out = yield* client.listConnections()
      expect(out.Connections?.map((c) => c.ConnectionName)).toEqual(["a", "b"])
      expect(yield* Effect.map(client.listConnections(), (o) => o.Connections?.length)).toBe(2)
    }))

  it.effect("timestamps beyond what a Date can hold are Decode failures, not Invalid Date", () =>
    Effect.gen(function*() {
      for (const t of ["9e15", "1e300", "-1e20", "8640000000001"]) {
        const { client } = yield* withClient(() => ({
          body:
            `{"LatestSync":{"StartedAt":${t},"Status":"SUCCEEDED","Provider":"GitHub","Branch":"b","Target":"t","Direction":"d","Events":[]}}`
        }))
        const error = yield* failureOf(
          client.getRepositorySyncStatus({
            Branch: "main",
            RepositoryLinkId: "0a1b2c3d-aaaa-bbbb-cccc-0123456789ab",
            SyncType: "CFN_STACK_SYNC"
          })
        )
        expect(error).toMatchObject({ reason: "Decode" })
        expect(messageOf(error)).toMatch(/StartedAt/)
      }
      const { client } = yield* withClient(() => ({
        body: "{\"LatestSync\":{\"StartedAt\":8.64e12,\"Status\":\"SUCCEEDED\",\"Events\":[]}}"
      }))
      const ok = yield* client.getRepositorySyncStatus({
        Branch: "main",
        RepositoryLinkId: "0a1b2c3d-aaaa-bbbb-cccc-0123456789ab",
        SyncType: "CFN_STACK_SYNC"
      })
      expect(ok.LatestSync.StartedAt.getTime()).toBe(8.64e15)
    }))
})

describe("class 6: Unicode (lone surrogates)", () => {
  it.effect("input strings with lone surrogates are InvalidInput and nothing is sent; pairs are fine", () =>
    Effect.gen(function*() {
      for (const bad of ["\ud800", "a\udc00b", "\ud800\ud800", "x\udbff"]) {
        const { client, requests } = yield* withClient(() => json({ ConnectionArn: connectionArn }))
        const error = yield* failureOf(client.createConnection({ ConnectionName: bad }))
        expect(error).toMatchObject({
          reason: "InvalidInput",
          issues: [{ path: "ConnectionName", message: expect.stringMatching(/surrogate/) }]
        })
        expect(requests).toHaveLength(0)
      }
      const { client, requests } = yield* withClient(() => json({ ConnectionArn: connectionArn }))
      yield* client.createConnection({ ConnectionName: "🚀 ok" })
      expect(JSON.parse(requests[0]!.body)).toEqual({ ConnectionName: "🚀 ok" })
    }))
})

describe("class 7: pagination cycles", () => {
  const cycling = (tokens: ReadonlyArray<string>) => (request: RecordedRequest) => {
    const sent: { NextToken?: string } = JSON.parse(request.body)
    const i = sent.NextToken === undefined ? -1 : tokens.indexOf(sent.NextToken)
    return json({ Connections: [{ ConnectionName: `after-${i}` }], NextToken: tokens[(i + 1) % tokens.length] })
  }
  for (const tokens of [["A", "B"], ["A", "B", "C", "D", "E"], ["A"]]) {
    it.effect(`tokens ${tokens.join(" -> ")} -> ${tokens[0]}: the stream fails with a typed error after one round`, () =>
      Effect.gen(function*() {
        const { client, requests } = yield* withClient(cycling(tokens))
        const client2: CodeStarConnections.Service = client
        const error = yield* failureOf(Stream.runCollect(client2.listConnectionsItems()))
        expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Decode", operation: "ListConnections" })
        expect(messageOf(error)).toMatch(/NextToken/)
        expect(requests).toHaveLength(tokens.length + 1)
      }))
  }

  it.effect("a caller's starting token counts as seen", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* withClient(cycling(["A", "B"]))
      const error = yield* failureOf(Stream.runCollect(client.listConnectionsPages({ NextToken: "A" })))
      expect(error).toMatchObject({ reason: "Decode" })
      expect(requests).toHaveLength(2)
    }))

  it.effect("distinct tokens page to the end", () =>
    Effect.gen(function*() {
      const { client } = yield* withClient((request) => {
        const sent: { NextToken?: string } = JSON.parse(request.body)
        const n = sent.NextToken === undefined ? 0 : Number(sent.NextToken)
        return json({ Connections: [{ ConnectionName: `c${n}` }], ...(n < 50 ? { NextToken: String(n + 1) } : {}) })
      })
      const items = yield* Stream.runCollect(client.listConnectionsItems())
      expect(Chunk.size(items)).toBe(51)
    }))
})

describe("issue 11.5: decode failures name the shape and member path in plain words", () => {
  const cases: ReadonlyArray<readonly [unknown, string]> = [
    [
      { Connection: { ConnectionStatus: 42 } },
      "Unexpected GetConnection output: Connection.ConnectionStatus: must be a string, got the number 42"
    ],
    [
      { Connection: [] },
      "Unexpected GetConnection output: GetConnectionOutput.Connection: expected a Connection object, got a list"
    ],
    [
      { Connection: { ConnectionArn: "x".repeat(10_000), Tags: 1, HostArn: false } },
      "Connection.HostArn: expected a string, got false"
    ]
  ]
  for (const [body, expected] of cases) {
    it.effect(expected, () =>
      Effect.gen(function*() {
        const { client } = yield* withClient(() => json(body))
        const message = messageOf(yield* failureOf(client.getConnection({ ConnectionArn: connectionArn })))
        expect(message).toContain(expected)
        expect(message).not.toMatch(/Encoded side|Type side|declaration schema|<|\n/)
      }))
  }

  it.effect("a list item names its shape and where it is in the output", () =>
    Effect.gen(function*() {
      const { client } = yield* withClient(() =>
        json({ Hosts: [{ Name: "a" }, { VpcConfiguration: { VpcId: "v", SubnetIds: [1], SecurityGroupIds: [] } }] })
      )
      const message = messageOf(yield* failureOf(client.listHosts()))
      expect(message).toBe(
        "Unexpected ListHosts output: VpcConfiguration.SubnetIds[0] (at Hosts[1].VpcConfiguration.SubnetIds[0]): " +
          "expected a string, got the number 1"
      )
    }))
})
