/**
 * The edge clients inside workerd, against the emulator on loopback: built
 * from the Worker's bindings exactly as a deployed Worker builds them, calling
 * through workerd's own fetch and WebCrypto. `it.live`: the real clock, since
 * signatures carry the time and the emulator checks it.
 */
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections, ResourceNotFoundException } from "@effect-codestar/core/CodeStarConnections"
import { beforeEach, describe, expect, it } from "@effect/vitest"
import { env } from "cloudflare:test"
import * as Chunk from "effect/Chunk"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as EdgeCodeConnections from "../../src/EdgeCodeConnections.js"
import * as EdgeCodeStarConnections from "../../src/EdgeCodeStarConnections.js"
import { callCount, control } from "./emulatorControl.js"

/** Short backoff, so that the retry tests wait milliseconds, not seconds. */
const retry = { baseDelay: "5 millis", throttlingBaseDelay: "5 millis", maxBackoff: "20 millis" } as const

const CodeStar = EdgeCodeStarConnections.layerFromBindings(env, { retry })

describe("the edge client in workerd", () => {
  beforeEach(async () => {
    await control("reset")
  })

  it.live("creates a connection and reads it back: signed with aws4fetch, sent with fetch", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const { ConnectionArn } = yield* client.createConnection({
        ConnectionName: "edge-github",
        ProviderType: "GitHub"
      })
      expect(ConnectionArn).toMatch(/^arn:aws:codestar-connections:us-east-1:\d{12}:connection\/.+/)
      const { Connection } = yield* client.getConnection({ ConnectionArn })
      expect(Connection?.ConnectionName).toBe("edge-github")
      expect(Connection?.ConnectionStatus).toBe("PENDING")
    }).pipe(Effect.provide(CodeStar)))

  it.live("speaks the CodeConnections API too, configured through Config", () =>
    Effect.gen(function*() {
      const client = yield* CodeConnections
      const { ConnectionArn } = yield* client.createConnection({
        ConnectionName: "edge-gitlab",
        ProviderType: "GitLab"
      })
      expect(ConnectionArn).toMatch(/^arn:aws:codeconnections:us-east-1:\d{12}:connection\/.+/)
      const { Connections } = yield* client.listConnections()
      expect(Connections?.map((c) => c.ConnectionArn)).toEqual([ConnectionArn])
    }).pipe(
      Effect.provide(EdgeCodeConnections.layerConfig(EdgeCodeConnections.config)),
      Effect.withConfigProvider(ConfigProvider.fromJson(env))
    ))

  it.live("the same three constructors as every runtime: layer(options) and layerConfig with Config leaves", () =>
    Effect.gen(function*() {
      const fromOptions = yield* Effect.provide(
        Effect.flatMap(CodeStarConnections, (client) => client.listConnections()),
        EdgeCodeStarConnections.layer({
          region: env.AWS_REGION,
          endpoint: env.AWS_ENDPOINT_URL,
          credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
        })
      )
      expect(fromOptions.Connections).toEqual([])
      const fromLeaves = yield* Effect.provide(
        Effect.flatMap(CodeStarConnections, (client) => client.listConnections()),
        EdgeCodeStarConnections.layerConfig({
          region: Config.string("DEPLOY_REGION"),
          endpoint: Config.string("DEPLOY_ENDPOINT"),
          credentials: { accessKeyId: Config.string("KEY_ID"), secretAccessKey: Config.redacted("SECRET") }
        })
      ).pipe(Effect.withConfigProvider(ConfigProvider.fromJson({
        DEPLOY_REGION: env.AWS_REGION,
        DEPLOY_ENDPOINT: env.AWS_ENDPOINT_URL,
        KEY_ID: env.AWS_ACCESS_KEY_ID,
        SECRET: env.AWS_SECRET_ACCESS_KEY
      })))
      expect(fromLeaves.Connections).toEqual([])
      expect(yield* Effect.promise(() => callCount("ListConnections"))).toBe(2)
    }))

  it.live("fails with the modeled error, typed, for a connection that does not exist", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const error = yield* Effect.flip(client.getConnection({
        ConnectionArn:
          "arn:aws:codestar-connections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000"
      }))
      expect(error).toBeInstanceOf(ResourceNotFoundException)
      expect(error._tag).toBe("ResourceNotFoundException")
    }).pipe(Effect.provide(CodeStar)))

  it.live("a wrong secret gets the signature error AWS sends, typed", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const error = yield* Effect.flip(client.listConnections())
      expect(error._tag).toBe("InvalidSignatureException")
    }).pipe(
      Effect.provide(EdgeCodeStarConnections.layerFromBindings({ ...env, AWS_SECRET_ACCESS_KEY: "not-the-secret" }))
    ))

  it.live("retries a throttled call and succeeds", () =>
    Effect.gen(function*() {
      yield* Effect.promise(() => control("throttleNext", { count: 2 }))
      const client = yield* CodeStarConnections
      const { Connections } = yield* client.listConnections()
      expect(Connections ?? []).toEqual([])
      // Two throttled attempts, then the one that succeeded.
      expect(yield* Effect.promise(() => callCount("ListConnections"))).toBe(3)
    }).pipe(Effect.provide(CodeStar)))

  it.live("gives up with ThrottlingException, typed, when throttling outlasts the attempts", () =>
    Effect.gen(function*() {
      yield* Effect.promise(() => control("throttleNext", { count: 5 }))
      const client = yield* CodeStarConnections
      const error = yield* Effect.flip(client.listConnections())
      expect(error._tag).toBe("ThrottlingException")
      expect(yield* Effect.promise(() => callCount("ListConnections"))).toBe(2)
    }).pipe(Effect.provide(EdgeCodeStarConnections.layerFromBindings(env, { retry: { ...retry, maxAttempts: 2 } }))))

  it.live("pages through every connection, one request per page", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const created = yield* Effect.forEach(
        ["a", "b", "c", "d", "e"],
        (name) =>
          Effect.map(client.createConnection({ ConnectionName: `page-${name}`, ProviderType: "Bitbucket" }), (o) =>
            o.ConnectionArn)
      )
      const pages = yield* Stream.runCollect(client.listConnectionsPages({ MaxResults: 2 }))
      expect(
        Chunk.toReadonlyArray(pages).map((p) =>
          p.Connections?.length
        )
      ).toEqual([2, 2, 1])
      const items = yield* Stream.runCollect(client.listConnectionsItems({ MaxResults: 2 }))
      expect(Chunk.toReadonlyArray(items).map((c) => c.ConnectionArn).sort()).toEqual([...created].sort())
      expect(yield* Effect.promise(() => callCount("ListConnections"))).toBe(6)
    }).pipe(Effect.provide(CodeStar)))

  it.live("sends the AWS SDK-format User-Agent naming the Workers runtime, recorded by the emulator", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const { $metadata } = yield* client.listConnections.withMetadata()
      const answer = yield* Effect.promise(() => control("calls"))
      const calls = typeof answer === "object" && answer !== null && "calls" in answer && Array.isArray(answer.calls)
        ? answer.calls
        : []
      expect(calls).toHaveLength(1)
      expect(calls[0]).toMatchObject({ requestId: $metadata.requestId, operation: "ListConnections" })
      const agent: unknown = calls[0]?.amzUserAgent
      expect(agent).toMatch(
        /^effect-codestar\/\S+ ua\/2\.1 lang\/js md\/cloudflare-workers api\/codestar-connections#\S+ app\/edge-tests$/
      )
      // workerd lets a Worker set User-Agent on its own requests.
      expect(calls[0]?.userAgent).toBe(agent)
    }).pipe(Effect.provide(EdgeCodeStarConnections.layerFromBindings({ ...env, AWS_SDK_UA_APP_ID: "edge-tests" }))))

  it.live("reads credentials from Secrets Store bindings", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const { Connections } = yield* client.listConnections()
      expect(Connections ?? []).toEqual([])
      expect(yield* Effect.promise(() => callCount("ListConnections"))).toBe(1)
    }).pipe(Effect.provide(EdgeCodeStarConnections.layerFromBindings({
      ...env,
      AWS_ACCESS_KEY_ID: { get: () => Promise.resolve(env.AWS_ACCESS_KEY_ID) },
      AWS_SECRET_ACCESS_KEY: { get: () => Promise.resolve(env.AWS_SECRET_ACCESS_KEY) }
    }))))

  it.live("the layer can be shared: one client, many calls", () =>
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      yield* Effect.forEach([1, 2, 3], () => client.listConnections(), { concurrency: 3 })
      expect(yield* Effect.promise(() => callCount("ListConnections"))).toBe(3)
    }).pipe(Effect.provide(Layer.fresh(CodeStar))))
})
