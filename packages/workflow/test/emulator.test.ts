import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import { describe, expect, it } from "@effect/vitest"
import * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { CreateConnectionAndAwait, layer } from "../src/CodeStarConnectionsWorkflows.js"
import { finish } from "./driver.js"

// The workflows against the wire-compatible emulator, in-process: real
// requests, real SigV4 signatures, and a handshake that completes by itself
// 30 seconds (of TestClock time) after the connection is created.
const TestLayer = layer.pipe(
  Layer.provide(CodeStarConnections.layer({ region: Emulator.defaultRegion, endpoint: "https://emulator.invalid" })),
  Layer.provideMerge(WorkflowEngine.layerMemory),
  Layer.provideMerge(Layer.mergeAll(Aws4fetchSigner.layer, AwsCredentials.layerStatic(Emulator.testCredentials))),
  Layer.provideMerge(Emulator.layer({ handshakeCompletesAfter: "30 seconds" }))
)

describe("against the emulator", () => {
  it.effect("CreateConnectionAndAwait creates once, waits out the handshake with the default policy, and is idempotent", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      const connection = yield* finish(
        yield* Effect.fork(CreateConnectionAndAwait.execute({ ConnectionName: "emulated", ProviderType: "Bitbucket" }))
      )
      expect(connection).toMatchObject({
        ConnectionName: "emulated",
        ConnectionStatus: "AVAILABLE",
        ProviderType: "Bitbucket"
      })
      expect(connection.ConnectionArn).toMatch(/^arn:aws:codestar-connections:us-east-1:\d{12}:connection\//)
      expect(yield* emulator.callCount("CreateConnection")).toBe(1)
      // Default intervals 5, 7.5, 11.25, 16.875 s: polls at 0, 5, 12.5, 23.75 and 40.6 s; the last sees AVAILABLE.
      expect(yield* emulator.callCount("GetConnection")).toBe(5)

      const calls = yield* emulator.callCount()
      expect(yield* CreateConnectionAndAwait.execute({ ConnectionName: "emulated", ProviderType: "Bitbucket" }))
        .toEqual(connection)
      expect(yield* emulator.callCount()).toBe(calls)
    }).pipe(Effect.provide(TestLayer)))
})
