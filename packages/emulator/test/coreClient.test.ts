/**
 * The project's own client on the in-process HttpClient layer: what a unit
 * test of an application looks like. The signer here is a test double built on
 * @smithy/signature-v4; the runtime packages bring their own.
 */
import { Sha256 } from "@aws-crypto/sha256-js"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { AwsSigner } from "@effect-codestar/core/AwsSigner"
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as Waiters from "@effect-codestar/core/Waiters"
import { describe, expect, it } from "@effect/vitest"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { Emulator } from "../src/index.js"

const smithySigner = Layer.succeed(AwsSigner, {
  sign: (request, scope) =>
    Effect.promise(async () => {
      const url = new URL(request.url)
      const signer = new SignatureV4({
        credentials: {
          accessKeyId: scope.credentials.accessKeyId,
          secretAccessKey: Redacted.value(scope.credentials.secretAccessKey)
        },
        region: scope.region,
        service: scope.service,
        sha256: Sha256,
        applyChecksum: false
      })
      const signed = await signer.sign(
        {
          method: request.method,
          protocol: url.protocol,
          hostname: url.hostname,
          path: url.pathname,
          query: {},
          headers: { ...request.headers, host: url.host },
          body: request.body
        },
        { signingDate: scope.date }
      )
      const { host: _host, ...headers } = signed.headers
      return headers
    })
})

const clientOptions = { region: "us-east-1", endpoint: "https://emulator.invalid" }

const TestLayer = (options?: Emulator.EmulatorOptions) =>
  Layer.mergeAll(CodeStarConnections.layer(clientOptions), CodeConnections.layer(clientOptions)).pipe(
    Layer.provideMerge(Layer.mergeAll(
      Emulator.layer(options),
      smithySigner,
      AwsCredentials.layerStatic(Emulator.testCredentials)
    ))
  )

describe("the core client on the in-process emulator", () => {
  it.effect("typed outputs and typed errors", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const { ConnectionArn } = yield* client.createConnection({ ConnectionName: "core", ProviderType: "GitHub" })
      const { Connection } = yield* client.getConnection({ ConnectionArn })
      expect(Connection).toMatchObject({
        ConnectionName: "core",
        ConnectionStatus: "PENDING",
        OwnerAccountId: "123456789012"
      })
      const error = yield* Effect.flip(client.getConnection({ ConnectionArn: `${ConnectionArn}0` }))
      expect(error._tag).toBe("ResourceNotFoundException")
    }).pipe(Effect.provide(TestLayer())))

  it.effect("the client's retries show in the emulator's counters", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.throttleNext(1, { operation: "ListConnections" })
      const fiber = yield* Effect.fork(client.listConnections())
      // Step the TestClock so the backoff sleeps elapse, whatever their length.
      yield* Effect.repeatN(TestClock.adjust("1 second"), 60)
      expect(yield* Fiber.join(fiber)).toEqual({ Connections: [] })
      expect((yield* emulator.calls).map((c) => c.errorCode ?? c.status)).toEqual(["ThrottlingException", 200])
    }).pipe(Effect.provide(TestLayer())))

  it.effect("the 2023-12-01 client, its ARNs and timestamps decoded as Dates", () =>
    Effect.gen(function*() {
      const client = yield* CodeConnections
      const emulator = yield* Emulator.EmulatorControl
      const { ConnectionArn } = yield* client.createConnection({ ConnectionName: "cc", ProviderType: "GitHub" })
      expect(ConnectionArn).toMatch(/^arn:aws:codeconnections:us-east-1:123456789012:connection\//)
      yield* emulator.completeHandshake(ConnectionArn)
      const { RepositoryLinkInfo } = yield* client.createRepositoryLink({
        ConnectionArn,
        OwnerId: "o",
        RepositoryName: "r"
      })
      yield* client.createSyncConfiguration({
        Branch: "main",
        ConfigFile: "a.yaml",
        RepositoryLinkId: RepositoryLinkInfo.RepositoryLinkId,
        ResourceName: "stack",
        RoleArn: "arn:aws:iam::123456789012:role/r",
        SyncType: "CFN_STACK_SYNC",
        PullRequestComment: "ENABLED"
      })
      const status = yield* client.getResourceSyncStatus({ ResourceName: "stack", SyncType: "CFN_STACK_SYNC" })
      expect(status.LatestSync.StartedAt).toBeInstanceOf(Date)
      expect(status.LatestSync.StartedAt.getTime()).toBe(0)
    }).pipe(Effect.provide(TestLayer())))

  it.effect("a waiter sees the handshake complete after the configured delay, on the TestClock", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const { ConnectionArn } = yield* client.createConnection({ ConnectionName: "wait", ProviderType: "GitHub" })
      const fiber = yield* Effect.fork(Waiters.waitUntilConnectionAvailable(client, { ConnectionArn }))
      yield* Effect.repeatN(TestClock.adjust("1 second"), 120)
      const connection = yield* Fiber.join(fiber)
      expect(connection.ConnectionStatus).toBe("AVAILABLE")
      const emulator = yield* Emulator.EmulatorControl
      expect(yield* emulator.callCount("GetConnection")).toBeGreaterThan(1)
    }).pipe(Effect.provide(TestLayer({ handshakeCompletesAfter: "30 seconds" }))))
})
