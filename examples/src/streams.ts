/**
 * Pagination as streams: every item of every page, fetched only as the
 * stream is pulled. Runs against the local emulator with 250 connections.
 *
 *   pnpm exec tsx examples/src/streams.ts
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import { NodeCodeStarConnections } from "@effect-codestar/runtime-node"
import { Console, Effect, Stream } from "effect"

const program = (emulator: Emulator.Emulator) =>
  Effect.gen(function*() {
    const client = yield* CodeStarConnections
    yield* Effect.forEach(
      Array.from({ length: 250 }, (_, i) => i),
      (i) =>
        client.createConnection({ ConnectionName: `conn-${i}`, ProviderType: i % 2 === 0 ? "GitHub" : "Bitbucket" }),
      { concurrency: 8 }
    )
    const before = yield* emulator.callCount("ListConnections")

    // All items, 100 per page: 3 calls.
    const github = yield* client.listConnectionsItems({ MaxResults: 100 }).pipe(
      Stream.filter((c) => c.ProviderType === "GitHub"),
      Stream.runCount
    )
    yield* Console.log(`${github} GitHub connections`)

    // The first 7 items only: one call, however many pages there are.
    const firstSeven = yield* client.listConnectionsItems({ MaxResults: 50 }).pipe(Stream.take(7), Stream.runCollect)
    yield* Console.log(`first seven: ${[...firstSeven].map((c) => c.ConnectionName).join(", ")}`)

    const calls = (yield* emulator.callCount("ListConnections")) - before
    yield* Console.log(`ListConnections calls: ${calls}`)
  })

const main = Effect.gen(function*() {
  const server = yield* Emulator.server({ quotas: { connections: 1000 } })
  yield* program(server.emulator).pipe(
    Effect.provide(NodeCodeStarConnections.layer({
      region: Emulator.defaultRegion,
      endpoint: server.url,
      credentials: Emulator.testCredentials
    }))
  )
}).pipe(Effect.scoped)

Effect.runPromise(main).then(() => process.exit(0), (e) => {
  console.error(String(e))
  process.exit(1)
})
