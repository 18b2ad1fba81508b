/**
 * The official AWS SDK v3 client, unchanged, against the loopback server: the
 * whole scenario (all 27 operations, errors, pagination), then retries and
 * faults as the SDK experiences them.
 */
import {
  CodeStarConnectionsClient,
  CodeStarConnectionsServiceException,
  CreateConnectionCommand,
  GetConnectionCommand,
  ListConnectionsCommand,
  paginateListConnections
} from "@aws-sdk/client-codestar-connections"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"
import { runScenario, scenario } from "./scenario.js"
import { sdkClient, sdkDriver } from "./sdkDriver.js"

describe("the official AWS SDK against the loopback server", () => {
  it.scopedLive("runs the whole scenario: all 27 operations, errors and pagination", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.server()
      const driver = sdkDriver(server.url)
      yield* Effect.addFinalizer(() => Effect.sync(() => driver.client.destroy()))
      yield* Effect.promise(() => runScenario(driver))
      const calls = yield* server.emulator.calls
      expect(new Set(calls.map((c) => c.operation)).size).toBe(27)
      // Every call of the scenario was signed by the SDK and verified by the emulator.
      const signatureErrors = [
        "MissingAuthenticationTokenException",
        "IncompleteSignatureException",
        "UnrecognizedClientException",
        "InvalidSignatureException"
      ]
      expect(calls.filter((c) => c.errorCode !== undefined && signatureErrors.includes(c.errorCode))).toEqual([])
      // One call per call step, one per page; the errors are exactly those the scenario expects, in order.
      const expectedErrors = scenario.flatMap((step) =>
        step.kind === "call" && "error" in step.expect ? [step.expect.error] : []
      )
      const expectedOk = scenario.reduce(
        (n, step) =>
          n + (step.kind === "call" && "ok" in step.expect ? 1 : step.kind === "paginate" ? step.expectPages : 0),
        0
      )
      expect(calls.filter((c) => c.status === 200)).toHaveLength(expectedOk)
      expect(calls.flatMap((c) => c.errorCode === undefined ? [] : [c.errorCode])).toEqual(expectedErrors)
      expect(calls.every((c) => c.api === "codestar-connections")).toBe(true)
      // The emulator records the SDK's own User-Agent headers, as it records ours.
      expect(calls.every((c) => c.amzUserAgent?.startsWith("aws-sdk-js/") === true)).toBe(true)
      expect(calls.every((c) => /\bapi\/codestar-connections#/.test(c.userAgent ?? ""))).toBe(true)
    }), 30_000)

  it.scopedLive("the SDK paginator walks every page", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.server({ handshakeCompletesAfter: 0 })
      const client = sdkClient(server.url, 1)
      yield* Effect.addFinalizer(() => Effect.sync(() => client.destroy()))
      const names = yield* Effect.promise(async () => {
        for (let i = 0; i < 7; i++) {
          await client.send(new CreateConnectionCommand({ ConnectionName: `c${i}`, ProviderType: "GitLab" }))
        }
        const seen: Array<string> = []
        for await (const page of paginateListConnections({ client, pageSize: 3 }, {})) {
          for (const c of page.Connections ?? []) seen.push(c.ConnectionName ?? "")
        }
        return seen
      })
      expect(names).toEqual(["c0", "c1", "c2", "c3", "c4", "c5", "c6"])
      expect(yield* server.emulator.callCount("ListConnections")).toBe(3)
    }))

  it.scopedLive("the SDK retries throttling, 5xx and dropped connections, and succeeds", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.server()
      const client = sdkClient(server.url, 4)
      yield* Effect.addFinalizer(() => Effect.sync(() => client.destroy()))
      const { ConnectionArn } = yield* Effect.promise(() =>
        client.send(new CreateConnectionCommand({ ConnectionName: "retry", ProviderType: "GitHub" }))
      )
      // Throttling first: the SDK backs off longest after it.
      yield* server.emulator.throttleNext(1)
      yield* server.emulator.failNext({ status: 503 })
      yield* server.emulator.dropNext(1)
      const got = yield* Effect.promise(() => client.send(new GetConnectionCommand({ ConnectionArn })))
      expect(got.Connection?.ConnectionName).toBe("retry")
      expect(got.$metadata.attempts).toBe(4)
      expect(yield* server.emulator.callCount("GetConnection")).toBe(4)
      expect((yield* server.emulator.calls).map((c) => c.status)).toEqual([200, 400, 503, "dropped", 200])
    }), 30_000)

  it.scopedLive("the SDK sees the SigV4 errors AWS sends", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.server()
      const failure = (client: CodeStarConnectionsClient) =>
        Effect.promise(() =>
          client.send(new ListConnectionsCommand({})).then(
            () => undefined,
            (e: unknown) =>
              e instanceof CodeStarConnectionsServiceException
                ? { name: e.name, status: e.$metadata.httpStatusCode, message: e.message }
                : undefined
          )
        )
      const wrongKey = new CodeStarConnectionsClient({
        region: "us-east-1",
        endpoint: server.url,
        credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x" },
        maxAttempts: 1
      })
      const wrongSecret = new CodeStarConnectionsClient({
        region: "us-east-1",
        endpoint: server.url,
        credentials: { accessKeyId: Emulator.testCredentials.accessKeyId, secretAccessKey: "not-the-secret" },
        maxAttempts: 1
      })
      yield* Effect.addFinalizer(() => Effect.sync(() => [wrongKey, wrongSecret].forEach((c) => c.destroy())))
      expect(yield* failure(wrongKey)).toEqual({
        name: "UnrecognizedClientException",
        status: 400,
        message: "The security token included in the request is invalid."
      })
      expect(yield* failure(wrongSecret)).toMatchObject({ name: "InvalidSignatureException", status: 400 })
    }))
})
