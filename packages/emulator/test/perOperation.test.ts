/**
 * The per-operation entry (`makeRunner`) through the real wire path: the
 * loopback server over real sockets, fetch as transport, and the aws4fetch
 * signer that the Workers runtime uses, whose signatures the emulator checks
 * with its own SigV4 implementation. One descriptor at a time, for both API
 * versions.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import * as CodeConnections from "@effect-codestar/core/CodeConnections"
import * as CodeConnectionsOperations from "@effect-codestar/core/CodeConnections/operations"
import * as CodeStarConnections from "@effect-codestar/core/CodeStarConnections"
import { CreateConnection, DeleteConnection, GetConnection } from "@effect-codestar/core/CodeStarConnections/operations"
import * as Waiters from "@effect-codestar/core/Waiters"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Emulator } from "../src/index.js"

/** What a runner needs, the edge way: static credentials, aws4fetch, fetch. */
const requirements = Layer.mergeAll(
  AwsCredentials.layerStatic(Emulator.testCredentials),
  Aws4fetchSigner.layer,
  FetchHttpClient.layer
)

describe("the per-operation entry against the loopback emulator", () => {
  it.scopedLive("CodeStar Connections: create, get, a typed error, withMetadata, the waiter", () =>
    Effect.gen(function*() {
      const { emulator, url } = yield* Emulator.server()
      const run = yield* CodeStarConnections.makeRunner({ region: "us-east-1", endpoint: url }).pipe(
        Effect.provide(requirements)
      )
      const getConnection = run(GetConnection)
      const { ConnectionArn } = yield* run(CreateConnection)({ ConnectionName: "per-op", ProviderType: "GitHub" })
      const { Connection } = yield* getConnection({ ConnectionArn })
      expect(Connection).toMatchObject({ ConnectionName: "per-op", ConnectionStatus: "PENDING" })

      // The error channel is the operation's own: a modeled error arrives as its class.
      const missing = yield* getConnection({ ConnectionArn: `${ConnectionArn}0` }).pipe(
        Effect.map(() => "found"),
        Effect.catchTag("ResourceNotFoundException", (e) => Effect.succeed(`${e._tag} ${e.$metadata.httpStatusCode}`))
      )
      expect(missing).toBe("ResourceNotFoundException 404")

      const { $metadata, output } = yield* getConnection.withMetadata({ ConnectionArn })
      expect(output.Connection?.ConnectionArn).toBe(ConnectionArn)
      expect($metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 })

      // The waiter needs only the method it polls; the handshake completes after the first poll.
      const available = yield* Waiters.waitUntilConnectionAvailable({ getConnection }, { ConnectionArn }, {
        minDelay: "10 millis",
        onPoll: (c, poll) => poll === 1 ? Effect.orDie(emulator.completeHandshake(c.ConnectionArn ?? "")) : Effect.void
      })
      expect(available.ConnectionStatus).toBe("AVAILABLE")

      yield* run(DeleteConnection)({ ConnectionArn })
      const calls = (yield* emulator.calls).map((c) => c.operation)
      expect(calls).toEqual([
        "CreateConnection",
        "GetConnection",
        "GetConnection",
        "GetConnection",
        "GetConnection",
        "GetConnection",
        "DeleteConnection"
      ])
    }))

  it.scopedLive("CodeConnections: its own target and ARNs", () =>
    Effect.gen(function*() {
      const { emulator, url } = yield* Emulator.server()
      const run = yield* CodeConnections.makeRunner({ region: "eu-west-1", endpoint: url }).pipe(
        Effect.provide(requirements)
      )
      const { ConnectionArn } = yield* run(CodeConnectionsOperations.CreateConnection)({
        ConnectionName: "per-op-cc",
        ProviderType: "GitHub"
      })
      expect(ConnectionArn).toMatch(/^arn:aws:codeconnections:eu-west-1:123456789012:connection\//)
      const { Connection } = yield* run(CodeConnectionsOperations.GetConnection)({ ConnectionArn })
      expect(Connection?.ConnectionStatus).toBe("PENDING")
      expect((yield* emulator.calls).map((c) => `${c.api} ${c.operation}`)).toEqual([
        "codeconnections CreateConnection",
        "codeconnections GetConnection"
      ])
    }))

  it.scopedLive("an input the model rejects fails before anything is sent", () =>
    Effect.gen(function*() {
      const { emulator, url } = yield* Emulator.server()
      const run = yield* CodeStarConnections.makeRunner({ region: "us-east-1", endpoint: url }).pipe(
        Effect.provide(requirements)
      )
      const error = yield* Effect.flip(run(GetConnection)({ ConnectionArn: "not-an-arn" }))
      expect(error._tag).toBe("AwsRequestError")
      expect(yield* emulator.calls).toEqual([])
    }))
})
