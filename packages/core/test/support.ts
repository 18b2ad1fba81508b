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

/** What a handler may answer: a response, or a transport failure. */
export type Answer = CannedResponse | "reset"

/** An in-memory HttpClient that records requests and answers with `handler`. */
export const recordingHttp = (handler: (request: RecordedRequest) => Answer) => {
  const requests: Array<RecordedRequest> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
      const recorded: RecordedRequest = { method: request.method, url: url.toString(), headers: request.headers, body }
      requests.push(recorded)
      const answer = handler(recorded)
      if (answer === "reset") {
        return yield* new HttpClientError.RequestError({ request, reason: "Transport", description: "socket hang up" })
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
