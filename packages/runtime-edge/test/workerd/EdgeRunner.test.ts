/**
 * The per-operation runner inside workerd, against the emulator on loopback:
 * built from the Worker's bindings (`makeRunnerFromBindings`) or from options
 * (`makeRunner`), each descriptor run on its own, and the connection waiter
 * on the one method it polls. `it.live`: signatures carry the real time.
 */
import * as CodeConnectionsOperations from "@effect-codestar/core/CodeConnections/operations"
import { CreateConnection, GetConnection } from "@effect-codestar/core/CodeStarConnections/operations"
import * as Waiters from "@effect-codestar/core/Waiters"
import { beforeEach, describe, expect, it } from "@effect/vitest"
import { env } from "cloudflare:test"
import * as Effect from "effect/Effect"
import * as EdgeCodeConnections from "../../src/EdgeCodeConnections.js"
import * as EdgeCodeStarConnections from "../../src/EdgeCodeStarConnections.js"
import { callCount, control } from "./emulatorControl.js"

describe("the per-operation runner in workerd", () => {
  beforeEach(async () => {
    await control("reset")
  })

  it.live("from bindings: create, get, a typed error, and the waiter on getConnection alone", () =>
    Effect.gen(function*() {
      const run = yield* EdgeCodeStarConnections.makeRunnerFromBindings(env)
      const getConnection = run(GetConnection)
      const { ConnectionArn } = yield* run(CreateConnection)({ ConnectionName: "edge-run", ProviderType: "GitHub" })
      const { Connection } = yield* getConnection({ ConnectionArn })
      expect(Connection?.ConnectionStatus).toBe("PENDING")

      const missing = yield* getConnection({ ConnectionArn: `${ConnectionArn}0` }).pipe(
        Effect.map(() => "found"),
        Effect.catchTag("ResourceNotFoundException", (e) => Effect.succeed(e._tag))
      )
      expect(missing).toBe("ResourceNotFoundException")

      const available = yield* Waiters.waitUntilConnectionAvailable({ getConnection }, { ConnectionArn }, {
        minDelay: "10 millis",
        onPoll: (_, poll) =>
          poll === 1 ? Effect.promise(() => control("completeHandshake", { arn: ConnectionArn })) : Effect.void
      })
      expect(available.ConnectionStatus).toBe("AVAILABLE")
      expect(yield* Effect.promise(() => callCount("GetConnection"))).toBe(4)
    }))

  it.live("from options, on the CodeConnections API", () =>
    Effect.gen(function*() {
      const run = yield* EdgeCodeConnections.makeRunner({
        region: env.AWS_REGION,
        endpoint: env.AWS_ENDPOINT_URL,
        credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
      })
      const { ConnectionArn } = yield* run(CodeConnectionsOperations.CreateConnection)({
        ConnectionName: "edge-run-cc",
        ProviderType: "GitLab"
      })
      expect(ConnectionArn).toMatch(/^arn:aws:codeconnections:us-east-1:\d{12}:connection\/.+/)
      const { Connections } = yield* run(CodeConnectionsOperations.ListConnections)()
      expect(Connections?.map((c) => c.ConnectionArn)).toEqual([ConnectionArn])
    }))

  it.live("a missing binding fails the runner with a ConfigError naming it", () =>
    Effect.gen(function*() {
      const { AWS_REGION: _region, ...withoutRegion } = env
      const error = yield* Effect.flip(
        EdgeCodeStarConnections.makeRunnerFromBindings({ ...withoutRegion, AWS_REGION: "" })
      )
      expect(error._tag).toBe("ConfigError")
      expect(String(error)).toContain("AWS_REGION")
    }))
})
