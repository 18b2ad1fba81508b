/**
 * Exactly one connection, wherever the process dies: CreateConnectionAndAwait
 * killed with SIGKILL before its CreateConnection is sent, while the service
 * holds it (and completes it later), right after its answer, in a durable
 * sleep, and in a poll, then run again by a new process (SQLite) or a new
 * runner (the cluster on PostgreSQL). Every time the emulator ends with one
 * connection of that name and got one CreateConnection.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import * as HttpClient from "@effect/platform/HttpClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, startPostgres } from "./fixtures/postgres.js"
import { type Child, spawnTsx, waitUntil } from "./fixtures/processes.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const child = fileURLToPath(new URL("./fixtures/killpoint-child.ts", import.meta.url))

type Engine = "sqlite" | "cluster"
const points = ["before-create", "held", "after-answer", "in-sleep", "in-poll"] as const
type Point = (typeof points)[number]

/** One scenario: its own emulator, its own database; the first process dies at `point`, a second finishes. */
const scenario = (engine: Engine, point: Point, database: string) =>
  Effect.gen(function*() {
    const server = yield* Emulator.server({ port: 0 })
    const emulator = server.emulator
    const name = `kp-${engine}-${point}`
    const client = yield* CodeStarConnections.make({ region: Emulator.defaultRegion, endpoint: server.url }).pipe(
      Effect.provide(Layer.mergeAll(
        Layer.succeed(HttpClient.HttpClient, Emulator.httpClient(emulator)),
        Aws4fetchSigner.layer,
        AwsCredentials.layerStatic(Emulator.testCredentials)
      ))
    )
    const named = Effect.map(
      Stream.runCollect(client.listConnectionsItems()),
      (all) => Chunk.toReadonlyArray(all).filter((c) => c.ConnectionName === name)
    )
    const calls = (operation: string) =>
      Effect.map(emulator.calls, (all) => all.filter((c) => c.operation === operation))
    const spawn = (kill: string) =>
      Effect.flatMap(
        freePort,
        (port) => spawnTsx(child, [engine, database, server.url, name, kill, String(port)], packageDir)
      )
    const output = (c: Child) => `${point}/${engine}:\n${c.output().slice(-3000)}`

    let first: Child
    switch (point) {
      case "before-create":
      case "after-answer":
      case "in-poll": {
        first = yield* spawn(point)
        break
      }
      case "held": {
        // The service keeps the request 6 s, then creates the connection, whoever is still listening.
        yield* emulator.delayNext("6 seconds", { operation: "CreateConnection" })
        first = yield* spawn("none")
        // callCount counts a call when it arrives; the call record is written when it is answered.
        yield* waitUntil(
          () => `the create is received\n${output(first)}`,
          Effect.map(emulator.callCount("CreateConnection"), (n) => n > 0),
          60_000
        )
        first.process.kill("SIGKILL")
        break
      }
      case "in-sleep": {
        first = yield* spawn("none")
        yield* waitUntil(
          () => `the first poll\n${output(first)}`,
          Effect.map(calls("GetConnection"), (c) => c.length > 0),
          60_000
        )
        // The poll's result is stored within milliseconds; the durable sleep that follows lasts 2 s.
        yield* Effect.sleep("700 millis")
        first.process.kill("SIGKILL")
        break
      }
    }
    expect((yield* first.exited).signal, output(first)).toBe("SIGKILL")
    expect(first.events.some((e) => e["event"] === "available")).toBe(false)
    expect(yield* emulator.callCount("CreateConnection")).toBe(point === "before-create" ? 0 : 1)
    if (point === "held") expect(yield* named).toHaveLength(0)

    const second = yield* spawn("none")
    // A person completes the handshake once the connection exists and the new process polls it.
    const pollsBefore = (yield* calls("GetConnection")).length
    yield* waitUntil(
      () => `the second process polls\n${output(second)}`,
      Effect.gen(function*() {
        return (yield* named).length > 0 && (yield* calls("GetConnection")).length > pollsBefore
      }),
      90_000
    )
    const [connection] = yield* named
    yield* emulator.completeHandshake(connection?.ConnectionArn ?? "")
    expect(yield* second.exited, output(second)).toEqual({ code: 0, signal: null })
    expect(second.events.at(-1)?.["event"]).toBe("available")

    expect(yield* named, `${engine} ${point}`).toHaveLength(1)
    expect((yield* calls("CreateConnection")).length, `${engine} ${point}`).toBe(1)
  }).pipe(Effect.scoped)

describe("exactly one connection whatever the kill point", () => {
  it.live("on SQLite", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "effect-codestar-killpoints-"))),
        (d) => Effect.sync(() => rmSync(d, { recursive: true, force: true }))
      )
      yield* Effect.forEach(points, (point) => scenario("sqlite", point, join(dir, `${point}.db`)), { concurrency: 3 })
    }).pipe(Effect.scoped), { timeout: 180_000 })

  it.live("on the cluster (PostgreSQL)", () =>
    Effect.gen(function*() {
      const pg = yield* startPostgres
      const databases = yield* Effect.forEach(points, (point) => {
        const db = `kp_${point.replaceAll("-", "_")}`
        return Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(`CREATE DATABASE ${db}`)).pipe(
          Effect.as(pg.url.replace(/\/postgres$/, `/${db}`))
        )
      }).pipe(Effect.provide(PgClient.layer({ url: Redacted.make(pg.url) })))
      yield* Effect.forEach(points, (point, i) => scenario("cluster", point, databases[i] ?? ""), { concurrency: 3 })
    }).pipe(Effect.scoped), { timeout: 180_000 })
})
