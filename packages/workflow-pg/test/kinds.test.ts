/**
 * Every kind of workflow of `@effect-codestar/workflow`, for both API
 * versions, runs on the cluster: two runner processes on one PostgreSQL, and
 * this process as a client of the cluster (`ClusterEngine.layerClient`) that
 * starts them and reads their results.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import { CodeConnectionsWorkflows, CodeStarConnectionsWorkflows } from "@effect-codestar/workflow"
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { fileURLToPath } from "node:url"
import * as ClusterEngine from "../src/ClusterEngine.js"
import { freePort, startPostgres } from "./fixtures/postgres.js"
import { spawnTsx, waitUntil } from "./fixtures/processes.js"
import { testEngineOptions } from "./fixtures/settings.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const runnerChild = fileURLToPath(new URL("./fixtures/runner-child.ts", import.meta.url))
const wait = { firstInterval: Duration.seconds(1), maxInterval: Duration.seconds(2), timeout: Duration.minutes(2) }

describe("ClusterEngine runs every workflow", () => {
  it.live("create-and-await, await connection and await host, for both API versions", () =>
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
      const pendingCs = yield* codestar.createConnection({ ConnectionName: "kind-await-cs", ProviderType: "GitHub" })
      const pendingCc = yield* codeconnections.createConnection({
        ConnectionName: "kind-await-cc",
        ProviderType: "GitHub"
      })
      const hostCs = yield* codestar.createHost({
        Name: "kind-host-cs",
        ProviderType: "GitHubEnterpriseServer",
        ProviderEndpoint: "https://ghes.example.com"
      })
      const hostCc = yield* codeconnections.createHost({
        Name: "kind-host-cc",
        ProviderType: "GitLabSelfManaged",
        ProviderEndpoint: "https://gitlab.example.com"
      })
      const hostCsArn = hostCs.HostArn ?? ""
      const hostCcArn = hostCc.HostArn ?? ""
      expect(hostCsArn).toMatch(/^arn:aws:codestar-connections:/)
      expect(hostCcArn).toMatch(/^arn:aws:codeconnections:/)

      const runners = yield* Effect.forEach(["runner-1", "runner-2"], (name) =>
        Effect.flatMap(freePort, (port) =>
          spawnTsx(runnerChild, [pg.url, server.url, String(port), name], packageDir)))
      yield* waitUntil(
        () =>
          `the runners are ready\n${runners.map((r) => r.output()).join("\n")}`,
        Effect.sync(() => runners.every((r) => r.events.some((e) => e["event"] === "ready"))),
        60_000
      )

      const client = ClusterEngine.layerClient({ url: pg.url, ...testEngineOptions })
      const results = yield* Effect.gen(function*() {
        const ids = {
          createCs: yield* CodeStarConnectionsWorkflows.CreateConnectionAndAwait.execute(
            { ConnectionName: "kind-create-cs", ProviderType: "GitHub", wait },
            { discard: true }
          ),
          createCc: yield* CodeConnectionsWorkflows.CreateConnectionAndAwait.execute(
            { ConnectionName: "kind-create-cc", ProviderType: "Bitbucket", wait },
            { discard: true }
          ),
          awaitCs: yield* CodeStarConnectionsWorkflows.AwaitConnection.execute(
            { ConnectionArn: pendingCs.ConnectionArn, wait },
            { discard: true }
          ),
          awaitCc: yield* CodeConnectionsWorkflows.AwaitConnection.execute(
            { ConnectionArn: pendingCc.ConnectionArn, wait },
            { discard: true }
          ),
          hostCs: yield* CodeStarConnectionsWorkflows.AwaitHost.execute({ HostArn: hostCsArn, wait }, {
            discard: true
          }),
          hostCc: yield* CodeConnectionsWorkflows.AwaitHost.execute({ HostArn: hostCcArn, wait }, { discard: true })
        }
        // The person: completes each handshake once its connection exists, and both host setups.
        const named = (name: string) =>
          Effect.map(
            Stream.runCollect(codestar.listConnectionsItems()),
            (all) => Chunk.toReadonlyArray(all).filter((c) => c.ConnectionName === name)
          )
        for (const name of ["kind-create-cs", "kind-create-cc"]) {
          yield* waitUntil(() => `${name} is created`, Effect.map(named(name), (c) => c.length > 0), 60_000)
          const [created] = yield* named(name)
          yield* emulator.completeHandshake(created?.ConnectionArn ?? "")
        }
        yield* emulator.completeHandshake(pendingCs.ConnectionArn)
        yield* emulator.completeHandshake(pendingCc.ConnectionArn)
        yield* emulator.completeHostSetup(hostCsArn)
        yield* emulator.completeHostSetup(hostCcArn)

        const done = (result: { readonly _tag: string } | undefined) =>
          result !== undefined && result._tag === "Complete"
        const poll = Effect.all({
          createCs: CodeStarConnectionsWorkflows.CreateConnectionAndAwait.poll(ids.createCs),
          createCc: CodeConnectionsWorkflows.CreateConnectionAndAwait.poll(ids.createCc),
          awaitCs: CodeStarConnectionsWorkflows.AwaitConnection.poll(ids.awaitCs),
          awaitCc: CodeConnectionsWorkflows.AwaitConnection.poll(ids.awaitCc),
          hostCs: CodeStarConnectionsWorkflows.AwaitHost.poll(ids.hostCs),
          hostCc: CodeConnectionsWorkflows.AwaitHost.poll(ids.hostCc)
        })
        yield* waitUntil(
          () => "every workflow completes",
          Effect.map(poll, (r) => Object.values(r).every(done)),
          60_000
        )
        return yield* poll
      }).pipe(Effect.provide(client))

      const status = (result: { readonly _tag: string; readonly exit?: unknown } | undefined) =>
        result?._tag === "Complete" && typeof result.exit === "object" && result.exit !== null &&
          "value" in result.exit &&
          typeof result.exit.value === "object" && result.exit.value !== null
          ? ("ConnectionStatus" in result.exit.value ?
            result.exit.value.ConnectionStatus :
            "Status" in result.exit.value
            ? result.exit.value.Status
            : undefined)
          : undefined
      expect(Object.values(results).map(status)).toEqual(Array(6).fill("AVAILABLE"))
      expect(yield* emulator.callCount("CreateConnection")).toBe(4)
      // The polls ran in the runners (the client runs nothing): they reported each GetConnection.
      const polled = new Set(runners.flatMap((r) => r.events.filter((e) => e["event"] === "poll").map((e) => e["arn"])))
      expect(polled.has(pendingCs.ConnectionArn) && polled.has(pendingCc.ConnectionArn)).toBe(true)
      expect(runners.every((r) => r.process.exitCode === null)).toBe(true)
    }).pipe(Effect.scoped), { timeout: 150_000 })
})
