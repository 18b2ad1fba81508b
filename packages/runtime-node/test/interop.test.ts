/**
 * The project's own client and the official AWS SDK run the same scenario
 * (all 27 operations, their errors, pagination) against the same emulator
 * server, and get the same results, step by step.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import type { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { makeWithTransport } from "@effect-codestar/core/CodeStarConnections"
import type { DirectSend } from "@effect-codestar/core/DirectTransport"
import { Emulator } from "@effect-codestar/emulator"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import {
  type Inputs,
  type OperationName,
  type Outcome,
  runScenario,
  scenario,
  type ScenarioDriver
} from "../../emulator/test/scenario.js"
import { controlOverHttp, sdkDriver } from "../../emulator/test/sdkDriver.js"
import * as Transport from "../src/internal/transport.js"

/**
 * Our client with one attempt (like the SDK driver's), recording the HTTP
 * status of the last response. Its keep-alive agent lives as long as the
 * test's scope.
 */
const ourClient = (url: string) =>
  Effect.gen(function*() {
    let lastStatus: number | undefined
    const send = yield* Transport.make()
    const recording: DirectSend = (request) =>
      Effect.tap(send(request), (response) => {
        lastStatus = response.status
      })
    const dependencies = yield* Layer.build(
      Layer.merge(Aws4fetchSigner.layer, AwsCredentials.layerStatic(Emulator.testCredentials))
    )
    const client = yield* makeWithTransport(
      { region: "us-east-1", endpoint: url, retry: { maxAttempts: 1 } },
      recording
    )
      .pipe(Effect.provide(dependencies))
    return { client, lastStatus: () => lastStatus }
  })

/** The scenario driver for our client: one method per operation, errors as code and HTTP status. */
const ourDriver = (
  url: string,
  client: CodeStarConnections.Service,
  lastStatus: () => number | undefined,
  refused: Array<string>
): ScenarioDriver => {
  const methods: {
    readonly [K in OperationName]: (input: Inputs[K]) => Effect.Effect<unknown, { readonly _tag: string }>
  } = {
    CreateConnection: (i) => client.createConnection(i),
    CreateHost: (i) => client.createHost(i),
    CreateRepositoryLink: (i) => client.createRepositoryLink(i),
    CreateSyncConfiguration: (i) => client.createSyncConfiguration(i),
    DeleteConnection: (i) => client.deleteConnection(i),
    DeleteHost: (i) => client.deleteHost(i),
    DeleteRepositoryLink: (i) => client.deleteRepositoryLink(i),
    DeleteSyncConfiguration: (i) => client.deleteSyncConfiguration(i),
    GetConnection: (i) => client.getConnection(i),
    GetHost: (i) => client.getHost(i),
    GetRepositoryLink: (i) => client.getRepositoryLink(i),
    GetRepositorySyncStatus: (i) => client.getRepositorySyncStatus(i),
    GetResourceSyncStatus: (i) => client.getResourceSyncStatus(i),
    GetSyncBlockerSummary: (i) => client.getSyncBlockerSummary(i),
    GetSyncConfiguration: (i) => client.getSyncConfiguration(i),
    ListConnections: (i) => client.listConnections(i),
    ListHosts: (i) => client.listHosts(i),
    ListRepositoryLinks: (i) => client.listRepositoryLinks(i),
    ListRepositorySyncDefinitions: (i) => client.listRepositorySyncDefinitions(i),
    ListSyncConfigurations: (i) => client.listSyncConfigurations(i),
    ListTagsForResource: (i) => client.listTagsForResource(i),
    TagResource: (i) => client.tagResource(i),
    UntagResource: (i) => client.untagResource(i),
    UpdateHost: (i) => client.updateHost(i),
    UpdateRepositoryLink: (i) => client.updateRepositoryLink(i),
    UpdateSyncBlocker: (i) => client.updateSyncBlocker(i),
    UpdateSyncConfiguration: (i) => client.updateSyncConfiguration(i)
  }
  const call = <Op extends OperationName>(operation: Op, input: Inputs[Op]): Promise<Outcome> =>
    Effect.runPromise(
      methods[operation](input).pipe(
        Effect.map((output): Outcome => ({ ok: true, output })),
        Effect.catchAll((error): Effect.Effect<Outcome> =>
          // Our client checks the model's constraints itself and sends nothing; AWS (and the emulator)
          // answer the same input with ValidationException. The scenario expects the latter.
          "reason" in error && error.reason === "InvalidInput"
            ? Effect.sync(() => {
              refused.push(operation)
              return { ok: false, code: "ValidationException", status: 400, message: clientSide }
            })
            : Effect.succeed<Outcome>({
              ok: false,
              // A code the model does not know keeps it in `code`; every other error is named by its tag.
              code: "code" in error && typeof error.code === "string" ? error.code : error._tag,
              status: lastStatus(),
              message: "message" in error && typeof error.message === "string" ? error.message : ""
            })
        )
      )
    )
  return { call, control: (action, body) => controlOverHttp(url, action, body) }
}

const clientSide = "rejected by the client before sending"

/**
 * Wraps a driver to record what each call gave: `ok`, the error code and
 * status, or `invalid input` for a ValidationException (from the server) or
 * an input our client refused to send.
 */
const recording = (driver: ScenarioDriver) => {
  const seen: Array<string> = []
  const call: ScenarioDriver["call"] = async (operation, input) => {
    const outcome = await driver.call(operation, input)
    seen.push(
      `${operation} ${
        outcome.ok
          ? "ok"
          : outcome.code === "ValidationException"
          ? "invalid input"
          : `${outcome.code} ${outcome.status}`
      }`
    )
    return outcome
  }
  return { driver: { call, control: driver.control }, seen }
}

describe("our client and the official SDK on the same server", () => {
  it.scopedLive("run the whole scenario with the same results", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.server()

      const sdk = sdkDriver(server.url)
      yield* Effect.addFinalizer(() => Effect.sync(() => sdk.client.destroy()))
      const bySdk = recording(sdk)
      yield* Effect.promise(() => runScenario(bySdk.driver))
      const sdkCalls = yield* server.emulator.calls
      const sdkOperations = new Set(sdkCalls.map((c) => c.operation))

      yield* server.emulator.reset()
      const ours = yield* ourClient(server.url)
      const refused: Array<string> = []
      const byUs = recording(ourDriver(server.url, ours.client, ours.lastStatus, refused))
      // The scenario counts the server's CreateConnection calls, the invalid one the SDK sends included;
      // ours never leaves the process, so the server sees one fewer.
      const rejectedCreates = bySdk.seen.filter((s) => s === "CreateConnection invalid input").length
      const ourScenario = scenario.map((step) =>
        step.kind === "control" && step.action === "callCount" && step.title === "CreateConnection was called 5 times"
          ? { ...step, expect: { count: 5 - rejectedCreates } }
          : step
      )
      expect(ourScenario).not.toEqual(scenario)
      yield* Effect.promise(() => runScenario(byUs.driver, ourScenario))
      const calls = yield* server.emulator.calls

      expect(sdkOperations.size).toBe(27)
      expect(new Set(calls.map((c) => c.operation)).size).toBe(27)
      expect(byUs.seen.length).toBeGreaterThan(27)
      expect(byUs.seen).toEqual(bySdk.seen)
      // Where the SDK sent an invalid input and got ValidationException, ours sent nothing.
      const validationErrors = (list: ReadonlyArray<{ readonly errorCode: string | undefined }>) =>
        list.filter((c) => c.errorCode === "ValidationException").length
      const refusedByUs = validationErrors(sdkCalls) - validationErrors(calls)
      expect(refusedByUs).toBeGreaterThan(0)
      expect(refusedByUs).toBe(refused.length)
      expect(calls).toHaveLength(sdkCalls.length - refusedByUs)
      // Our client signed every call, and the emulator's independent SigV4 check accepted each signature.
      expect(calls.filter((c) => c.errorCode?.includes("Signature") || c.errorCode === "UnrecognizedClientException"))
        .toEqual([])
    }), 60_000)
})
