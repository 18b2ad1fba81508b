/**
 * A platform `HttpClient` as the client's transport. The only module of the
 * core that loads `@effect/platform`'s HTTP modules; `client.ts` imports it
 * when a client is made with an `HttpClient` that offers no `DirectSend`.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import type { DirectFailure, DirectResponse, DirectSend } from "../DirectTransport.js"
import { contentType } from "./protocol.js"

const utf8 = new TextDecoder()

/**
 * What went wrong on the wire: the platform's description, else its cause's
 * message (`connect ECONNREFUSED ...`, `other side closed`). Never the
 * request itself, which holds the signature.
 */
const describe = (
  e: { readonly description?: string | undefined; readonly message: string; readonly cause?: unknown }
): string => {
  const cause = e.cause instanceof Error
    ? `${e.cause.message}${e.cause.cause instanceof Error ? `: ${e.cause.cause.message}` : ""}`
    : undefined
  return e.description ?? cause ?? e.message
}

const disableHttpSpan = () => true

/** Headers whose values must never reach a span or a log. */
const secretHeaders = ["authorization", "x-amz-security-token"]

const redactSecretHeaders = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> =>
  secretHeaders.every((h) => names.includes(h)) ? names : [...names, ...secretHeaders]

/**
 * The exchange through the platform, under the call's own span only (the
 * platform's inner HTTP span would double the tracing cost and hold the
 * signed request), with the secret headers redacted wherever the request
 * prints. The body is read as bytes: workerd warns when `.text()` meets a
 * content type it does not know.
 */
export const platformSend = (http: HttpClient.HttpClient): DirectSend => (request) =>
  http.execute(
    HttpClientRequest.post(request.url, { headers: request.headers, body: HttpBody.text(request.body, contentType) })
  ).pipe(
    Effect.locally(HttpClient.currentTracerDisabledWhen, disableHttpSpan),
    Effect.locallyWith(Headers.currentRedactedNames, redactSecretHeaders),
    Effect.mapError((e): DirectFailure => ({ message: describe(e), cause: e.cause })),
    Effect.flatMap((response) =>
      Effect.mapBoth(response.arrayBuffer, {
        onFailure: (e): DirectFailure => ({
          message: `reading the response failed: ${e.description ?? e.message}`,
          cause: e.cause,
          status: response.status
        }),
        onSuccess: (bytes): DirectResponse => ({
          status: response.status,
          headers: response.headers,
          body: utf8.decode(bytes)
        })
      })
    )
  )
