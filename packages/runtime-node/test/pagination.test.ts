/**
 * Pagination streams over the emulator with 10,000 connections: every item
 * once, no page fetched before it is needed (so memory holds one page at a
 * time), and `Stream.take` stops the fetching early. The emulator counts the
 * calls.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

const total = 10_000
const pageSize = 100

const setup = Effect.gen(function*() {
  const context = yield* Layer.build(
    Layer.mergeAll(
      Emulator.layer({ quotas: { connections: total } }),
      Aws4fetchSigner.layer,
      AwsCredentials.layerStatic(Emulator.testCredentials)
    )
  )
  const client = yield* CodeStarConnections.make({ region: "us-east-1", endpoint: "http://emulator.invalid" }).pipe(
    Effect.provide(context)
  )
  const emulator = yield* Effect.provide(Emulator.EmulatorControl, context)
  yield* Effect.forEach(
    Array.from({ length: total }, (_, i) => i),
    (i) => client.createConnection({ ConnectionName: `c${i}`, ProviderType: "GitHub" }),
    { concurrency: 16, discard: true }
  )
  return { client, emulator }
})

describe("pagination streams against the emulator", () => {
  it.scopedLive(
    "list 10,000 connections: each once, one page in memory at a time, take stops early",
    () =>
      Effect.gen(function*() {
        const { client, emulator } = yield* setup

        // Every item exactly once; while item i is handled, exactly the pages up to its own have been fetched.
        const before = yield* emulator.callCount("ListConnections")
        const seen = new Set<string>()
        let items = 0
        let readAhead = 0
        yield* client.listConnectionsItems({ MaxResults: pageSize }).pipe(
          Stream.runForEach((connection) =>
            Effect.gen(function*() {
              const pagesFetched = (yield* emulator.callCount("ListConnections")) - before
              if (pagesFetched !== Math.floor(items / pageSize) + 1) readAhead++
              items++
              seen.add(connection.ConnectionArn ?? "")
            })
          )
        )
        expect(items).toBe(total)
        expect(seen.size).toBe(total)
        expect(readAhead).toBe(0)
        expect((yield* emulator.callCount("ListConnections")) - before).toBe(total / pageSize)

        // Taking 250 items fetches 3 pages of 100, not 100 pages.
        const afterAll = yield* emulator.callCount("ListConnections")
        const first = yield* client.listConnectionsItems({ MaxResults: pageSize }).pipe(
          Stream.take(250),
          Stream.runCount
        )
        expect(first).toBe(250)
        expect((yield* emulator.callCount("ListConnections")) - afterAll).toBe(3)
      }),
    120_000
  )
})
