/**
 * The whole Node client (config, signing checked by the emulator,
 * the node:http transport, the retry policy) against the emulator's loopback
 * server, with injected faults. Each test asserts how many attempts reached
 * the server and the typed outcome.
 */
import { ServiceUnavailable, ThrottlingException } from "@effect-codestar/core/AwsError"
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import type { RetryOptions } from "@effect-codestar/core/Retry"
import { Emulator } from "@effect-codestar/emulator"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as NodeCodeConnections from "../src/NodeCodeConnections.js"
import * as NodeCodeStarConnections from "../src/NodeCodeStarConnections.js"
import { tcpProxy, tempDir, withProcessEnv } from "./support.js"

/** Short waits keep the suite fast; the policy is otherwise the default one. */
const fast: RetryOptions = { baseDelay: "5 millis", throttlingBaseDelay: "10 millis" }

/** A running emulator and a CodeStar Connections client pointed at `endpoint` (the server itself unless given). */
const setup = (
  retry: RetryOptions = {},
  endpointOf?: (server: Emulator.EmulatorServer) => Effect.Effect<string, never, Scope.Scope>
) =>
  Effect.gen(function*() {
    const home = yield* tempDir
    yield* withProcessEnv({ HOME: home.dir })
    const server = yield* Emulator.server()
    const endpoint = endpointOf === undefined ? server.url : yield* endpointOf(server)
    const context = yield* Layer.build(NodeCodeStarConnections.layer({
      region: Emulator.defaultRegion,
      endpoint,
      credentials: Emulator.testCredentials,
      retry: { ...fast, ...retry }
    }))
    const client = Context.get(context, CodeStarConnections)
    const { ConnectionArn } = yield* client.createConnection({ ConnectionName: "retries", ProviderType: "GitHub" })
    return { server, emulator: server.emulator, client, arn: ConnectionArn ?? "" }
  })

type ProxyOf = Effect.Effect.Success<ReturnType<typeof tcpProxy>>

const attemptsOf = (emulator: Emulator.Emulator) => emulator.callCount("GetConnection")

describe("against the emulator over real HTTP", () => {
  it.scopedLive("a plain call: signed with node:crypto (the default), verified by the emulator, one attempt", () =>
    Effect.gen(function*() {
      const { arn, client, emulator } = yield* setup()
      const { Connection } = yield* client.getConnection({ ConnectionArn: arn })
      expect(Connection?.ConnectionStatus).toBe("PENDING")
      expect(yield* attemptsOf(emulator)).toBe(1)
    }))

  it.scopedLive("signer: \"aws4fetch\" signs calls the emulator accepts too", () =>
    Effect.gen(function*() {
      const home = yield* tempDir
      yield* withProcessEnv({ HOME: home.dir })
      const server = yield* Emulator.server()
      const context = yield* Layer.build(NodeCodeStarConnections.layer({
        region: Emulator.defaultRegion,
        endpoint: server.url,
        credentials: Emulator.testCredentials,
        signer: "aws4fetch"
      }))
      const client = Context.get(context, CodeStarConnections)
      const { ConnectionArn } = yield* client.createConnection({ ConnectionName: "aws4fetch", ProviderType: "GitHub" })
      const { Connection } = yield* client.getConnection({ ConnectionArn: ConnectionArn ?? "" })
      expect(Connection?.ConnectionName).toBe("aws4fetch")
      expect(yield* server.emulator.callCount("GetConnection")).toBe(1)
    }))

  it.scopedLive("every request carries the AWS SDK-format User-Agent, recorded by the emulator", () =>
    Effect.gen(function*() {
      const home = yield* tempDir
      yield* withProcessEnv({ HOME: home.dir, AWS_SDK_UA_APP_ID: "billing-service" })
      const server = yield* Emulator.server()
      const context = yield* Layer.build(NodeCodeStarConnections.layer({
        region: Emulator.defaultRegion,
        endpoint: server.url,
        credentials: Emulator.testCredentials
      }))
      const { $metadata, output } = yield* Context.get(context, CodeStarConnections).listConnections.withMetadata()
      expect(output.Connections).toEqual([])
      const [call] = yield* server.emulator.calls
      expect($metadata).toEqual({ httpStatusCode: 200, requestId: call?.requestId, attempts: 1, totalRetryDelay: 0 })
      const agent = new RegExp(
        "^effect-codestar/\\d+\\.\\d+\\.\\d+\\S* ua/2\\.1 os/\\S+ lang/js " +
          `md/nodejs#${process.versions.node.replace(/\./g, "\\.")} api/codestar-connections#\\S+ app/billing-service$`
      )
      expect(call?.amzUserAgent).toMatch(agent)
      expect(call?.userAgent).toBe(call?.amzUserAgent)
    }))

  it.scopedLive("a throttling burst is ridden out; a longer one ends in the typed throttling error", () =>
    Effect.gen(function*() {
      const { arn, client, emulator } = yield* setup()
      yield* emulator.throttleNext(2, { operation: "GetConnection" })
      const ok = yield* client.getConnection({ ConnectionArn: arn })
      expect(ok.Connection?.ConnectionArn).toBe(arn)
      expect(yield* attemptsOf(emulator)).toBe(3)

      yield* emulator.throttleNext(5, { operation: "GetConnection" })
      const error = yield* Effect.flip(client.getConnection({ ConnectionArn: arn }))
      expect(error).toBeInstanceOf(ThrottlingException)
      expect(error).toMatchObject({ Message: "Rate exceeded" })
      expect(yield* attemptsOf(emulator)).toBe(6)
    }))

  it.scopedLive("503 then success: two attempts", () =>
    Effect.gen(function*() {
      const { arn, client, emulator } = yield* setup()
      yield* emulator.failNext({ status: 503, operation: "GetConnection" })
      const ok = yield* client.getConnection({ ConnectionArn: arn })
      expect(ok.Connection?.ConnectionArn).toBe(arn)
      expect(yield* attemptsOf(emulator)).toBe(2)
      const calls = (yield* emulator.calls).filter((c) => c.operation === "GetConnection")
      expect(calls.map((c) => c.status)).toEqual([503, 200])
    }))

  it.scopedLive("a dropped connection is retried; connections that keep dropping end in a Transport error", () =>
    Effect.gen(function*() {
      const { arn, client, emulator } = yield* setup()
      yield* emulator.dropNext(1, { operation: "GetConnection" })
      expect((yield* client.getConnection({ ConnectionArn: arn })).Connection?.ConnectionArn).toBe(arn)
      expect(yield* attemptsOf(emulator)).toBe(2)

      yield* emulator.dropNext(3, { operation: "GetConnection" })
      const error = yield* Effect.flip(client.getConnection({ ConnectionArn: arn }))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Transport", operation: "GetConnection" })
      expect(yield* attemptsOf(emulator)).toBe(5)
    }))

  it.scopedLive("a truncated body is retried; a 200 that is not JSON is a Decode error, not retried", () =>
    Effect.gen(function*() {
      const { arn, client, emulator } = yield* setup()
      yield* emulator.malformedNext("truncated", { operation: "GetConnection" })
      expect((yield* client.getConnection({ ConnectionArn: arn })).Connection?.ConnectionArn).toBe(arn)
      expect(yield* attemptsOf(emulator)).toBe(2)

      yield* emulator.malformedNext("html", { operation: "GetConnection" })
      expect((yield* client.getConnection({ ConnectionArn: arn })).Connection?.ConnectionArn).toBe(arn)
      expect(yield* attemptsOf(emulator)).toBe(4)

      yield* emulator.malformedNext("json", { operation: "GetConnection" })
      const error = yield* Effect.flip(client.getConnection({ ConnectionArn: arn }))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Decode", status: 200 })
      expect(yield* attemptsOf(emulator)).toBe(5)
    }))

  it.scopedLive("a server clock 20 minutes ahead: rejected once, then signed with the corrected clock", () =>
    Effect.gen(function*() {
      const { arn, client, emulator } = yield* setup()
      yield* emulator.skewClock(20 * 60_000)
      expect((yield* client.getConnection({ ConnectionArn: arn })).Connection?.ConnectionArn).toBe(arn)
      const calls = (yield* emulator.calls).filter((c) => c.operation === "GetConnection")
      expect(calls.map((c) => [c.status, c.errorCode])).toEqual([[400, "InvalidSignatureException"], [200, undefined]])
      // Later calls sign with the corrected clock from the start.
      yield* client.getConnection({ ConnectionArn: arn })
      expect(yield* attemptsOf(emulator)).toBe(3)
    }))

  it.scopedLive("a server clock 20 minutes behind: the same, from the other side", () =>
    Effect.gen(function*() {
      const { arn, client, emulator } = yield* setup()
      yield* emulator.skewClock(-20 * 60_000)
      expect((yield* client.getConnection({ ConnectionArn: arn })).Connection?.ConnectionArn).toBe(arn)
      expect(yield* attemptsOf(emulator)).toBe(2)
    }))

  it.scopedLive("a response slower than the attempt timeout: cut, then retried; with one attempt, a Timeout error", () =>
    Effect.gen(function*() {
      const { arn, client, emulator } = yield* setup({ attemptTimeout: "300 millis" })
      yield* emulator.delayNext("3 seconds", { operation: "GetConnection" })
      const started = Date.now()
      expect((yield* client.getConnection({ ConnectionArn: arn })).Connection?.ConnectionArn).toBe(arn)
      expect(Date.now() - started).toBeLessThan(2500)
      expect(yield* attemptsOf(emulator)).toBe(2)

      const single = yield* setup({ attemptTimeout: "300 millis", maxAttempts: 1 })
      yield* single.emulator.delayNext("3 seconds", { operation: "GetConnection" })
      const error = yield* Effect.flip(single.client.getConnection({ ConnectionArn: single.arn }))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Timeout", operation: "GetConnection" })
      expect(yield* attemptsOf(single.emulator)).toBe(1)
    }))

  it.scopedLive("an exhausted retry budget: an outage soon gets one attempt per call", () =>
    Effect.gen(function*() {
      const { arn, client, emulator } = yield* setup({ budget: { capacity: 15, retryCost: 5 } })
      yield* emulator.failNext({ status: 503, count: 100, operation: "GetConnection" })
      const attempts: Array<number> = []
      for (let i = 0; i < 4; i++) {
        const before = yield* attemptsOf(emulator)
        const error = yield* Effect.flip(client.getConnection({ ConnectionArn: arn }))
        expect(error).toBeInstanceOf(ServiceUnavailable)
        attempts.push((yield* attemptsOf(emulator)) - before)
      }
      expect(attempts).toEqual([3, 2, 1, 1])
    }))

  it.scopedLive("an interrupted call closes its connection: the server side sees it closed, with nothing sent back", () =>
    Effect.gen(function*() {
      let proxy: ProxyOf | undefined
      const { arn, client, emulator } = yield* setup({}, (server) =>
        Effect.map(tcpProxy(server.port), (p) => {
          proxy = p
          return p.url
        }))
      const watched = proxy
      if (watched === undefined) throw new Error("the proxy did not start")
      const before = watched.connections.map((c) => ({ ...c }))
      yield* emulator.delayNext("3 seconds", { operation: "GetConnection" })
      const fiber = yield* Effect.fork(client.getConnection({ ConnectionArn: arn }))
      // Wait until the request has reached the emulator, then interrupt the call.
      while ((yield* attemptsOf(emulator)) === 0) yield* Effect.sleep("10 millis")
      yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(yield* Fiber.await(fiber))).toBe(true)
      // The connection that carried the request (the client sent bytes on it since).
      const carrier = () => watched.connections.filter((c, i) => c.fromClient > (before[i]?.fromClient ?? 0))
      for (let i = 0; i < 100 && !carrier().some((c) => c.closedByClient); i++) yield* Effect.sleep("10 millis")
      expect(carrier()).toHaveLength(1)
      const used = carrier()[0]!
      const usedBefore = before[watched.connections.indexOf(used)]
      expect(used.closedByClient).toBe(true)
      expect(used.fromServer).toBe(usedBefore?.fromServer ?? 0)
      // The call is not retried behind the caller's back.
      yield* Effect.sleep("3200 millis")
      expect(yield* attemptsOf(emulator)).toBe(1)
    }))
})

describe("the CodeConnections twin", () => {
  it.scopedLive("same runtime, same policy", () =>
    Effect.gen(function*() {
      const home = yield* tempDir
      yield* withProcessEnv({ HOME: home.dir })
      const server = yield* Emulator.server()
      const context = yield* Layer.build(NodeCodeConnections.layer({
        region: Emulator.defaultRegion,
        endpoint: server.url,
        credentials: Emulator.testCredentials,
        retry: fast
      }))
      const client = Context.get(context, CodeConnections)
      const { ConnectionArn } = yield* client.createConnection({ ConnectionName: "twin", ProviderType: "GitLab" })
      yield* server.emulator.failNext({ status: 500, operation: "GetConnection" })
      const got = yield* client.getConnection({ ConnectionArn: ConnectionArn ?? "" })
      expect(got.Connection?.ProviderType).toBe("GitLab")
      expect(yield* server.emulator.callCount("GetConnection")).toBe(2)
      const listed = yield* Effect.either(client.listConnections())
      expect(Either.isRight(listed) && listed.right.Connections?.map((c) => c.ConnectionArn)).toEqual([ConnectionArn])
    }))
})
