/**
 * The sync waits of `@effect-codestar/workflow` (AwaitRepositorySync and
 * AwaitResourceSync), for both API versions, on the cluster: two runner
 * processes on one PostgreSQL, and this process as a client of the cluster
 * that starts them and reads their results. The emulator's syncs stay
 * `IN_PROGRESS` until the test moves them, after every wait has polled twice.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import {
  CodeConnectionsWorkflows,
  CodeStarConnectionsWorkflows,
  WaitPolicy,
  WorkflowErrors
} from "@effect-codestar/workflow"
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { fileURLToPath } from "node:url"
import * as ClusterEngine from "../src/ClusterEngine.js"
import { freePort, startPostgres } from "./fixtures/postgres.js"
import { spawnTsx, waitUntil } from "./fixtures/processes.js"
import { testEngineOptions } from "./fixtures/settings.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const runnerChild = fileURLToPath(new URL("./fixtures/runner-child.ts", import.meta.url))
const wait = {
  firstInterval: Duration.seconds(1),
  backoffFactor: 1.5,
  maxInterval: Duration.seconds(2),
  timeout: Duration.minutes(2)
}
const SyncType = "CFN_STACK_SYNC"
const roleArn = "arn:aws:iam::123456789012:role/sync"

/** The shortest time `polls` polls can span under `wait`: the sum of the sleeps between them. */
const shortestSpan = (polls: number): number => {
  const policy = WaitPolicy.resolve(wait)
  let total = 0
  for (let poll = 1; poll < polls; poll++) total += Duration.toMillis(WaitPolicy.intervalAfter(policy, poll))
  return total
}

/** How late a poll may come after its sleep ends: the engine wakes sleeping runs through PostgreSQL. */
const engineLatencyMillis = 6_000

interface SyncPoll {
  readonly at: number
  readonly status: string
}

describe("ClusterEngine runs the sync waits", () => {
  it.live(
    "AwaitRepositorySync and AwaitResourceSync, for both API versions, to SUCCEEDED and to FAILED",
    () =>
      Effect.gen(function*() {
        const [pg, server] = yield* Effect.all([startPostgres, Emulator.server({ port: 0 })], { concurrency: 2 })
        const emulator = server.emulator
        const deps = Layer.mergeAll(
          Layer.succeed(HttpClient.HttpClient, Emulator.httpClient(emulator)),
          Aws4fetchSigner.layer,
          AwsCredentials.layerStatic(Emulator.testCredentials)
        )
        const options = { region: Emulator.defaultRegion, endpoint: server.url }
        const codestar = yield* Effect.provide(CodeStarConnections.make(options), deps)
        const codeconnections = yield* Effect.provide(CodeConnections.make(options), deps)

        // One repository link per API version, followed by two stacks: `main` will succeed, `release` fail.
        const setUp = <E1, E2, E3>(api: string, client: {
          readonly createConnection: (
            input: { readonly ConnectionName: string; readonly ProviderType: "GitHub" }
          ) => Effect.Effect<{ readonly ConnectionArn: string }, E1>
          readonly createRepositoryLink: (
            input: { readonly ConnectionArn: string; readonly OwnerId: string; readonly RepositoryName: string }
          ) => Effect.Effect<{ readonly RepositoryLinkInfo: { readonly RepositoryLinkId: string } }, E2>
          readonly createSyncConfiguration: (input: {
            readonly Branch: string
            readonly ConfigFile: string
            readonly RepositoryLinkId: string
            readonly ResourceName: string
            readonly RoleArn: string
            readonly SyncType: typeof SyncType
          }) => Effect.Effect<unknown, E3>
        }) =>
          Effect.gen(function*() {
            const { ConnectionArn } = yield* client.createConnection({
              ConnectionName: `sync-${api}`,
              ProviderType: "GitHub"
            })
            yield* emulator.completeHandshake(ConnectionArn)
            const { RepositoryLinkInfo } = yield* client.createRepositoryLink({
              ConnectionArn,
              OwnerId: "octo",
              RepositoryName: `stacks-${api}`
            })
            const linkId = RepositoryLinkInfo.RepositoryLinkId
            for (const [branch, stack] of [["main", `ok-${api}`], ["release", `bad-${api}`]] as const) {
              yield* client.createSyncConfiguration({
                Branch: branch,
                ConfigFile: "deploy.yaml",
                RepositoryLinkId: linkId,
                ResourceName: stack,
                RoleArn: roleArn,
                SyncType
              })
            }
            return linkId
          })
        const linkCs = yield* setUp("cs", codestar)
        const linkCc = yield* setUp("cc", codeconnections)
        expect(linkCs).not.toBe(linkCc)
        const before = yield* codestar.getResourceSyncStatus({ ResourceName: "ok-cs", SyncType })
        expect(before.LatestSync.Status).toBe("IN_PROGRESS")

        const runners = yield* Effect.forEach(["runner-1", "runner-2"], (name) =>
          Effect.flatMap(
            freePort,
            (port) => spawnTsx(runnerChild, [pg.url, server.url, String(port), name], packageDir)
          ))
        yield* waitUntil(
          () => `the runners are ready\n${runners.map((r) => r.output()).join("\n")}`,
          Effect.sync(() => runners.every((r) => r.events.some((e) => e["event"] === "ready"))),
          60_000
        )

        /** The sync polls the runners reported for one sync, oldest first. */
        const pollsOf = (api: string, key: string): ReadonlyArray<SyncPoll> =>
          runners.flatMap((r) =>
            r.events.flatMap((e): Array<SyncPoll> => {
              const at = e["at"]
              const status = e["status"]
              return e["event"] === "sync-poll" && e["api"] === api && e["key"] === key &&
                  typeof at === "number" && typeof status === "string"
                ? [{ at, status }]
                : []
            })
          ).sort((a, b) => a.at - b.at)

        const watched = [
          { api: "codestar", key: `repo:${linkCs}:main`, end: "SUCCEEDED" },
          { api: "codestar", key: "resource:ok-cs", end: "SUCCEEDED" },
          { api: "codestar", key: `repo:${linkCs}:release`, end: "FAILED" },
          { api: "codestar", key: "resource:bad-cs", end: "FAILED" },
          { api: "codeconnections", key: `repo:${linkCc}:main`, end: "SUCCEEDED" },
          { api: "codeconnections", key: "resource:ok-cc", end: "SUCCEEDED" },
          { api: "codeconnections", key: `repo:${linkCc}:release`, end: "FAILED" },
          { api: "codeconnections", key: "resource:bad-cc", end: "FAILED" }
        ] as const

        const client = ClusterEngine.layerClient({ url: pg.url, ...testEngineOptions })
        const { flippedAt, results } = yield* Effect.gen(function*() {
          const repoCs = CodeStarConnectionsWorkflows.AwaitRepositorySync
          const resourceCs = CodeStarConnectionsWorkflows.AwaitResourceSync
          const repoCc = CodeConnectionsWorkflows.AwaitRepositorySync
          const resourceCc = CodeConnectionsWorkflows.AwaitResourceSync
          const discard = { discard: true } as const
          const ids = {
            repoOkCs: yield* repoCs.execute({ RepositoryLinkId: linkCs, Branch: "main", SyncType, wait }, discard),
            resourceOkCs: yield* resourceCs.execute({ ResourceName: "ok-cs", SyncType, wait }, discard),
            repoBadCs: yield* repoCs.execute({ RepositoryLinkId: linkCs, Branch: "release", SyncType, wait }, discard),
            resourceBadCs: yield* resourceCs.execute({ ResourceName: "bad-cs", SyncType, wait }, discard),
            missingCs: yield* resourceCs.execute({ ResourceName: "no-such-stack", SyncType, wait }, discard),
            repoOkCc: yield* repoCc.execute({ RepositoryLinkId: linkCc, Branch: "main", SyncType, wait }, discard),
            resourceOkCc: yield* resourceCc.execute({ ResourceName: "ok-cc", SyncType, wait }, discard),
            repoBadCc: yield* repoCc.execute({ RepositoryLinkId: linkCc, Branch: "release", SyncType, wait }, discard),
            resourceBadCc: yield* resourceCc.execute({ ResourceName: "bad-cc", SyncType, wait }, discard),
            missingCc: yield* resourceCc.execute({ ResourceName: "no-such-stack", SyncType, wait }, discard)
          }
          // Every wait sees the sync in progress twice, then the syncs end.
          yield* waitUntil(
            () => `every sync wait has polled twice\n${runners.map((r) => r.output()).join("\n")}`,
            Effect.sync(() => watched.every((w) => pollsOf(w.api, w.key).length >= 2)),
            60_000
          )
          const flippedAt = Date.now()
          for (const api of ["cs", "cc"]) {
            yield* emulator.setSyncStatus({ resourceName: `ok-${api}`, syncType: SyncType, status: "SUCCEEDED" })
            yield* emulator.setSyncStatus({ resourceName: `bad-${api}`, syncType: SyncType, status: "FAILED" })
          }

          const poll = Effect.all({
            repoOkCs: repoCs.poll(ids.repoOkCs),
            resourceOkCs: resourceCs.poll(ids.resourceOkCs),
            repoBadCs: repoCs.poll(ids.repoBadCs),
            resourceBadCs: resourceCs.poll(ids.resourceBadCs),
            missingCs: resourceCs.poll(ids.missingCs),
            repoOkCc: repoCc.poll(ids.repoOkCc),
            resourceOkCc: resourceCc.poll(ids.resourceOkCc),
            repoBadCc: repoCc.poll(ids.repoBadCc),
            resourceBadCc: resourceCc.poll(ids.resourceBadCc),
            missingCc: resourceCc.poll(ids.missingCc)
          })
          yield* waitUntil(
            () => "every sync wait completes",
            Effect.map(poll, (r) => Object.values(r).every((result) => result?._tag === "Complete")),
            60_000
          )
          return { flippedAt, results: yield* poll }
        }).pipe(Effect.provide(client))

        /** The exit of a completed run. */
        const exitOf = <A, E>(
          result: { readonly _tag: "Complete"; readonly exit: Exit.Exit<A, E> } | {
            readonly _tag: "Suspended"
          } | undefined
        ): Exit.Exit<A, E> => {
          if (result?._tag !== "Complete") throw new Error(`not complete: ${result?._tag ?? "unknown"}`)
          return result.exit
        }
        /** The typed failure of a completed run, if it failed. */
        const failureOf = <A, E>(result: Parameters<typeof exitOf<A, E>>[0]): E | undefined =>
          Exit.match(exitOf(result), {
            onSuccess: () => undefined,
            onFailure: (cause) => Option.getOrUndefined(Cause.failureOption(cause))
          })

        for (const [api, link] of [["cs", linkCs], ["cc", linkCc]] as const) {
          const suffix = api === "cs" ? "Cs" : "Cc"
          expect(exitOf(results[`repoOk${suffix}`])).toStrictEqual(
            Exit.succeed({ resource: `repository sync of ${link} branch main`, Status: "SUCCEEDED" })
          )
          expect(exitOf(results[`resourceOk${suffix}`])).toStrictEqual(
            Exit.succeed({ resource: `resource sync of ok-${api}`, Status: "SUCCEEDED" })
          )
          const repoBad = failureOf(results[`repoBad${suffix}`])
          expect(repoBad).toBeInstanceOf(WorkflowErrors.SyncFailed)
          expect(repoBad).toMatchObject({ resource: `repository sync of ${link} branch release`, status: "FAILED" })
          const resourceBad = failureOf(results[`resourceBad${suffix}`])
          expect(resourceBad).toBeInstanceOf(WorkflowErrors.SyncFailed)
          expect(resourceBad).toMatchObject({ resource: `resource sync of bad-${api}`, status: "FAILED" })
          // A sync that does not exist: no waiting, the service's error code kept.
          const missing = failureOf(results[`missing${suffix}`])
          expect(missing).toBeInstanceOf(WorkflowErrors.SyncStatusUnavailable)
          expect(missing).toMatchObject({
            resource: "resource sync of no-such-stack",
            code: "ResourceNotFoundException"
          })
        }

        // The polls: IN_PROGRESS until the end, then the end status once; never closer together than the
        // policy's sleeps; the end seen within the longest sleep (plus the engine's wake-up) of the change.
        for (const w of watched) {
          const polls = pollsOf(w.api, w.key)
          const statuses = polls.map((p) => p.status)
          expect(statuses.slice(0, -1).every((s) => s === "IN_PROGRESS"), `${w.key}: ${statuses.join(",")}`).toBe(
            true
          )
          expect(statuses.at(-1), w.key).toBe(w.end)
          expect(polls.length, w.key).toBeGreaterThanOrEqual(3)
          const first = polls[0]?.at ?? 0
          const last = polls.at(-1)?.at ?? 0
          expect(last - first + 250, `${w.key}: ${polls.length} polls`).toBeGreaterThanOrEqual(
            shortestSpan(polls.length)
          )
          expect(last - flippedAt, w.key).toBeLessThanOrEqual(Duration.toMillis(wait.maxInterval) + engineLatencyMillis)
        }
        // Every sync status call the emulator answered was a poll the runners reported (the client runs
        // nothing), plus the one call of each missing sync, which failed.
        const reported = (prefix: string) =>
          watched.filter((w) => w.key.startsWith(prefix)).reduce((n, w) => n + pollsOf(w.api, w.key).length, 0)
        expect(yield* emulator.callCount("GetRepositorySyncStatus")).toBe(reported("repo:"))
        expect(yield* emulator.callCount("GetResourceSyncStatus")).toBe(reported("resource:") + 1 + 2)
        expect(runners.every((r) => r.process.exitCode === null)).toBe(true)
      }).pipe(Effect.scoped),
    { timeout: 150_000 }
  )
})
