/**
 * Test doubles that isolate the core: a deterministic signer and an in-memory
 * HttpClient that records every request and answers from a handler.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as AwsCredentials from "../src/AwsCredentials.js"
import { AwsSigner } from "../src/AwsSigner.js"
import { CodeConnections } from "../src/CodeConnections.js"
import { CodeStarConnections } from "../src/CodeStarConnections.js"
import { withDirectSend } from "../src/DirectTransport.js"
import type { RetryOptions } from "../src/Retry.js"

export const accessKeyId = "AKIDTESTCORE"
export const secretAccessKey = "core-test-secret-do-not-print"
export const sessionToken = "core-test-session-token-do-not-print"

/** Signs nothing for real: it records what it was asked to sign in a readable header. */
export const testSigner = Layer.succeed(AwsSigner, {
  sign: (request, scope) =>
    Effect.succeed({
      ...request.headers,
      "x-amz-date": scope.date.toISOString(),
      ...(scope.credentials.sessionToken === undefined
        ? {}
        : { "x-amz-security-token": Redacted.value(scope.credentials.sessionToken) }),
      authorization: `TEST service=${scope.service} region=${scope.region} key=${scope.credentials.accessKeyId} ` +
        `secret=${Redacted.value(scope.credentials.secretAccessKey)} bytes=${request.body.length}`
    })
})

export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export interface CannedResponse {
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  /** Text, or raw bytes (to send what is not valid UTF-8). */
  readonly body?: string | Uint8Array<ArrayBuffer>
}

/**
 * What a handler may answer: a response, or a transport failure (a reset
 * connection, which the request may have reached; or a refused one, which
 * proves it did not).
 */
export type Answer = CannedResponse | "reset" | "refused"

/** The transport's error for a failure answer, with the Node error code the client classifies. */
const transportCause = (answer: "reset" | "refused") =>
  answer === "reset"
    ? Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
    : Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })

/** An in-memory HttpClient that records requests and answers with `handler`. */
export const recordingHttp = (handler: (request: RecordedRequest) => Answer) => {
  const requests: Array<RecordedRequest> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
      const recorded: RecordedRequest = { method: request.method, url: url.toString(), headers: request.headers, body }
      requests.push(recorded)
      const answer = handler(recorded)
      if (answer === "reset" || answer === "refused") {
        const cause = transportCause(answer)
        return yield* new HttpClientError.RequestError({
          request,
          reason: "Transport",
          cause,
          description: cause.message
        })
      }
      return HttpClientResponse.fromWeb(
        request,
        // These statuses cannot carry a body; a fetch Response refuses one.
        new Response([204, 205, 304].includes(answer.status ?? 200) ? null : answer.body ?? "", {
          status: answer.status ?? 200,
          headers: { "x-amzn-requestid": "req-123", ...answer.headers }
        })
      )
    })
  )
  return { requests, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

/** The dependencies of a client, with the given HTTP layer. */
export const dependencies = (
  http: Layer.Layer<HttpClient.HttpClient>,
  credentials: AwsCredentials.AwsCredentials["Type"] = AwsCredentials.fromStatic({ accessKeyId, secretAccessKey })
) => Layer.mergeAll(http, testSigner, Layer.succeed(AwsCredentials.AwsCredentials, credentials))

export const region = "us-east-1"

/**
 * Both clients over one recording HTTP client. Retries are off unless asked
 * for: most tests look at what one response decodes to (retry.test.ts tests
 * the policy).
 */
export const clients = (handler: (request: RecordedRequest) => Answer, retry: RetryOptions = { maxAttempts: 1 }) => {
  const http = recordingHttp(handler)
  const deps = dependencies(http.layer)
  return {
    requests: http.requests,
    codestar: CodeStarConnections.make({ region, retry }).pipe(Effect.provide(deps)),
    codeconnections: CodeConnections.make({ region, retry }).pipe(Effect.provide(deps))
  }
}

/** A JSON response. */
export const json = (body: unknown, status = 200): CannedResponse => ({
  status,
  headers: { "content-type": "application/x-amz-json-1.0" },
  body: JSON.stringify(body)
})

/**
 * A client whose `HttpClient` offers the direct path (`DirectTransport`),
 * answering from `handler` as {@link recordingHttp} does; its platform
 * `execute` is never to be used, and counts the times it is.
 */
export const recordingDirect = (handler: (request: RecordedRequest) => Answer) => {
  const requests: Array<RecordedRequest> = []
  const counts = { execute: 0 }
  const platform = HttpClient.make((request) =>
    Effect.sync(() => counts.execute++).pipe(
      Effect.zipRight(new HttpClientError.RequestError({ request, reason: "Transport", description: "unused" }))
    )
  )
  const client = withDirectSend(platform, (request) =>
    Effect.suspend(() => {
      requests.push({ method: "POST", ...request })
      const answer = handler({ method: "POST", ...request })
      if (answer === "reset" || answer === "refused") {
        const cause = transportCause(answer)
        return Effect.fail({ message: cause.message, cause })
      }
      const body = answer.body ?? ""
      return Effect.succeed({
        status: answer.status ?? 200,
        headers: { "x-amzn-requestid": "req-123", ...answer.headers },
        body: typeof body === "string" ? body : new TextDecoder().decode(body)
      })
    }))
  return { requests, counts, layer: Layer.succeed(HttpClient.HttpClient, client) }
}
