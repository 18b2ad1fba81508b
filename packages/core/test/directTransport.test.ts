/**
 * The transport's direct path (`DirectTransport`): a client whose HttpClient
 * offers it sends through it and never builds a platform request, and every
 * answer means the same on both paths (same output, same typed error, same
 * retries).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as AwsCredentials from "../src/AwsCredentials.js"
import { CodeStarConnections, makeWithTransport } from "../src/CodeStarConnections.js"
import { DirectSendId, hasDirectSend } from "../src/DirectTransport.js"
import type { RetryOptions } from "../src/Retry.js"
import { connectionArn } from "./samples.js"
import {
  accessKeyId,
  type Answer,
  dependencies,
  json,
  recordingDirect,
  recordingHttp,
  region,
  secretAccessKey,
  testSigner
} from "./support.js"

const connection = { ConnectionName: "direct", ConnectionArn: connectionArn, ConnectionStatus: "AVAILABLE" }

/** The answers compared across the two paths, as a sequence per call (retries take the next one). */
const scenarios: ReadonlyArray<{ readonly title: string; readonly answers: ReadonlyArray<Answer> }> = [
  { title: "a success", answers: [json({ Connection: connection })] },
  { title: "a success with an unknown member", answers: [json({ Connection: connection, Extra: 1 })] },
  {
    title: "a modeled error",
    answers: [json({ __type: "ResourceNotFoundException", message: "no such connection" }, 400)]
  },
  { title: "a common error", answers: [json({ __type: "AccessDeniedException", Message: "denied" }, 400)] },
  {
    title: "an error code in the header only",
    answers: [{ status: 400, headers: { "x-amzn-errortype": "ValidationException:http://internal" }, body: "" }]
  },
  { title: "a 502 from a proxy, with HTML", answers: [{ status: 502, body: "<html>Bad gateway</html>" }] },
  { title: "a success that is not JSON", answers: [{ status: 200, body: "<html>login</html>" }] },
  { title: "a success whose output does not decode", answers: [json({ Connection: { ConnectionStatus: 7 } })] },
  {
    title: "throttling, then a success",
    answers: [json({ __type: "ThrottlingException" }, 400), json({ Connection: connection })]
  },
  {
    title: "a server fault with Retry-After, then a success",
    answers: [{ status: 503, headers: { "retry-after": "0" }, body: "" }, json({ Connection: connection })]
  },
  { title: "a reset, then a success", answers: ["reset", json({ Connection: connection })] },
  { title: "resets only", answers: ["reset", "reset", "reset"] },
  { title: "a refused connection, then a success", answers: ["refused", json({ Connection: connection })] }
]

const retry: RetryOptions = { maxAttempts: 3, baseDelay: "1 millis", budget: false }

/** Drops the total retry delay, which is jittered: the one figure that differs from run to run. */
const withoutDelays = (key: string, value: unknown) => key === "totalRetryDelay" ? undefined : value

/** What a call ended with, as plain data. */
const outcome = (http: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function*() {
    const client = yield* CodeStarConnections.make({ region, retry }).pipe(Effect.provide(dependencies(http)))
    const exit = yield* Effect.exit(client.getConnection.withMetadata({ ConnectionArn: connectionArn }))
    return Exit.match(exit, {
      onFailure: (cause): unknown => ({ failure: JSON.parse(JSON.stringify(cause, withoutDelays)) }),
      onSuccess: (value): unknown => ({ success: JSON.parse(JSON.stringify(value, withoutDelays)) })
    })
  })

/**
 * The same through `makeWithTransport`: the direct path of `http` handed over
 * as it is, with no `HttpClient` in the context at all.
 */
const outcomeWithTransport = (http: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function*() {
    const platformClient = Context.get(yield* Layer.build(http), HttpClient.HttpClient)
    if (!hasDirectSend(platformClient)) return yield* Effect.dieMessage("the test's HttpClient has no direct path")
    const credentials = AwsCredentials.fromStatic({ accessKeyId, secretAccessKey })
    const client = yield* makeWithTransport({ region, retry }, platformClient[DirectSendId]).pipe(
      Effect.provide(Layer.merge(testSigner, Layer.succeed(AwsCredentials.AwsCredentials, credentials)))
    )
    const exit = yield* Effect.exit(client.getConnection.withMetadata({ ConnectionArn: connectionArn }))
    return Exit.match(exit, {
      onFailure: (cause): unknown => ({ failure: JSON.parse(JSON.stringify(cause, withoutDelays)) }),
      onSuccess: (value): unknown => ({ success: JSON.parse(JSON.stringify(value, withoutDelays)) })
    })
  }).pipe(Effect.scoped)

const sequence = (answers: ReadonlyArray<Answer>) => {
  let next = 0
  return (): Answer => answers[Math.min(next++, answers.length - 1)] ?? "reset"
}

describe("the direct path", () => {
  it.live("is used when the HttpClient offers it: the platform's execute is never called", () =>
    Effect.gen(function*() {
      const direct = recordingDirect(() => json({ Connection: connection }))
      const client = yield* CodeStarConnections.make({ region, userAgentAppId: "direct-test" }).pipe(
        Effect.provide(dependencies(direct.layer))
      )
      const { Connection } = yield* client.getConnection({ ConnectionArn: connectionArn })
      expect(Connection?.ConnectionName).toBe("direct")
      expect(direct.counts.execute).toBe(0)
      expect(direct.requests).toHaveLength(1)
      const [request] = direct.requests
      expect(request?.url).toBe("https://codestar-connections.us-east-1.amazonaws.com")
      expect(request?.headers["x-amz-target"]).toBe("CodeStar_connections_20191201.GetConnection")
      expect(request?.headers["content-type"]).toBe("application/x-amz-json-1.0")
      expect(request?.headers["authorization"]).toMatch(/^TEST /)
      expect(request?.headers["user-agent"]).toContain("app/direct-test")
      expect(JSON.parse(request?.body ?? "")).toEqual({ ConnectionArn: connectionArn })
    }))

  for (const { answers, title } of scenarios) {
    it.live(`means the same as the HttpClient path: ${title}`, () =>
      Effect.gen(function*() {
        const viaHttp = recordingHttp(sequence(answers))
        const viaDirect = recordingDirect(sequence(answers))
        const viaTransport = recordingDirect(sequence(answers))
        const expected = yield* outcome(viaHttp.layer)
        const actual = yield* outcome(viaDirect.layer)
        expect(actual).toEqual(expected)
        expect(yield* outcomeWithTransport(viaTransport.layer)).toEqual(expected)
        expect(viaDirect.requests.map((r) => r.body)).toEqual(viaHttp.requests.map((r) => r.body))
        expect(viaTransport.requests.map((r) => r.body)).toEqual(viaHttp.requests.map((r) => r.body))
        expect(viaDirect.counts.execute).toBe(0)
        expect(viaTransport.counts.execute).toBe(0)
      }))
  }

  it.live("a create is not repeated after an ambiguous failure of the direct path, but is after a refused connection", () =>
    Effect.gen(function*() {
      const created = json({ ConnectionArn: connectionArn })
      const reset = recordingDirect(sequence(["reset", created]))
      const client = yield* CodeStarConnections.make({ region, retry }).pipe(Effect.provide(dependencies(reset.layer)))
      const error = yield* Effect.flip(client.createConnection({ ConnectionName: "once", ProviderType: "GitHub" }))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Transport" })
      expect(error.message).toContain("not retried")
      expect(reset.requests).toHaveLength(1)

      const refused = recordingDirect(sequence(["refused", created]))
      const again = yield* CodeStarConnections.make({ region, retry }).pipe(Effect.provide(dependencies(refused.layer)))
      const { ConnectionArn } = yield* again.createConnection({ ConnectionName: "once", ProviderType: "GitHub" })
      expect(ConnectionArn).toBe(connectionArn)
      expect(refused.requests).toHaveLength(2)
    }))
})
