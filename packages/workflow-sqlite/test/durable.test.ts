import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import * as HttpClient from "@effect/platform/HttpClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as DurableEngine from "../src/DurableEngine.js"
import { spawnTsx, waitUntil } from "./fixtures/processes.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const child = fileURLToPath(new URL("./fixtures/durable-child.ts", import.meta.url))

/** A temporary folder for the database, removed with the scope. */
const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "effect-codestar-durable-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** Runs one query on the engine's database with a connection of its own. */
const query = (filename: string, sql: string) =>
  Effect.flatMap(SqlClient.SqlClient, (client) => client.unsafe<Record<string, unknown>>(sql)).pipe(
    // The engine set WAL mode already; this reader must not try to change it.
    Effect.provide(SqliteClient.layer({ filename, disableWAL: true }))
  )

const count = (filename: string, where: string) =>
  Effect.map(
    query(filename, `SELECT count(*) AS n FROM cluster_messages WHERE ${where}`),
    (rows) => Number(rows[0]?.["n"])
  )

describe("DurableEngine", () => {
  it.live(
    "a workflow killed in a durable sleep resumes in a new process without repeating its activities",
    () =>
      Effect.gen(function*() {
        const server = yield* Emulator.server({ port: 0 })
        const emulator = server.emulator
        const dir = yield* tempDir
        const db = join(dir, "workflows.db")
        const args = [db, server.url, "durable-demo"]

        // First process: create, first poll, then the first durable sleep (2 s).
        const first = yield* spawnTsx(child, args, packageDir)
        const sleeping = Effect.gen(function*() {
          if ((yield* emulator.callCount("GetConnection")) < 1) return false
          const clocks = yield* count(db, "entity_type = 'Workflow/-/DurableClock' AND processed = 0")
          const running = yield* count(db, "tag = 'activity' AND processed = 0")
          return clocks === 1 && running === 0
        }).pipe(Effect.catchAll(() => Effect.succeed(false)))
        yield* waitUntil(() => `the first process sleeps durably\n${first.output()}`, sleeping, 30_000)
        first.process.kill("SIGKILL")
        expect((yield* first.exited).signal).toBe("SIGKILL")
        expect(first.events.map((e) => e["event"])).toEqual(["started"])

        const pollsBefore = yield* emulator.callCount("GetConnection")
        expect(yield* emulator.callCount("CreateConnection")).toBe(1)
        expect(yield* emulator.callCount("ListConnections")).toBe(1)

        // The connection the first process made, as a person would look it up (one more listing).
        const client = yield* CodeStarConnections.make({ region: Emulator.defaultRegion, endpoint: server.url }).pipe(
          Effect.provide(Layer.mergeAll(
            Layer.succeed(HttpClient.HttpClient, Emulator.httpClient(emulator)),
            Aws4fetchSigner.layer,
            AwsCredentials.layerStatic(Emulator.testCredentials)
          ))
        )
        const connections = Chunk.toReadonlyArray(yield* Stream.runCollect(client.listConnectionsItems()))
        expect(connections.map((c) => [c.ConnectionName, c.ConnectionStatus])).toEqual([["durable-demo", "PENDING"]])
        const arn = connections[0]?.ConnectionArn ?? ""

        // Second process on the same file: it resumes the run and keeps polling.
        const second = yield* spawnTsx(child, args, packageDir)
        yield* waitUntil(
          () => `the second process polls\n${second.output()}`,
          Effect.map(emulator.callCount("GetConnection"), (n) => n > pollsBefore),
          30_000
        )
        // The person completes the handshake, in the emulator both processes talk to over loopback.
        yield* emulator.completeHandshake(arn)

        const exit = yield* second.exited
        expect(exit, second.output()).toEqual({ code: 0, signal: null })
        expect(second.events.at(-1)).toEqual({
          event: "available",
          connection: {
            ConnectionArn: arn,
            ConnectionName: "durable-demo",
            ConnectionStatus: "AVAILABLE",
            ProviderType: "GitHub",
            OwnerAccountId: emulator.accountId
          }
        })

        // Exactly one CreateConnection over both processes, no listing by the second (the two are
        // the first's and this test's), and every poll activity ran once: one GetConnection per poll.
        expect(yield* emulator.callCount("CreateConnection")).toBe(1)
        expect(yield* emulator.callCount("ListConnections")).toBe(2)
        const pollActivities = yield* count(db, "tag = 'activity' AND payload LIKE '%\"GetConnection/%'")
        expect(yield* emulator.callCount("GetConnection")).toBe(pollActivities)
        expect(pollActivities).toBeGreaterThan(pollsBefore)
        expect(yield* count(db, "tag = 'activity' AND payload LIKE '%\"FindConnection\"%'")).toBe(1)
        expect(yield* count(db, "tag = 'activity' AND payload LIKE '%\"CreateConnection/%'")).toBe(1)

        // A third run of the same program returns the stored result without a call.
        const callsBefore = yield* emulator.callCount()
        const third = yield* spawnTsx(child, args, packageDir)
        expect(yield* third.exited).toEqual({ code: 0, signal: null })
        expect(third.events.at(-1)?.["event"]).toBe("available")
        expect(yield* emulator.callCount()).toBe(callsBefore)
      }).pipe(Effect.scoped),
    { timeout: 120_000 }
  )
})

describe("DurableEngine errors", () => {
  it.live(
    "a database that cannot be opened fails the layer with a typed DurableEngineError",
    () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const error = yield* Effect.flip(
          Layer.build(DurableEngine.layer({ filename: join(dir, "missing-folder", "workflows.db") }))
        )
        expect(error).toBeInstanceOf(DurableEngine.DurableEngineError)
        expect(error.reason).toBe("Storage")
        expect(error.message).toMatch(/directory does not exist|unable to open/i)
      }).pipe(Effect.scoped),
    { timeout: 60_000 }
  )
})
