/**
 * The in-process transport: an `HttpClient` whose requests never leave the
 * process. The emulator runs in the calling fiber, so it sees the caller's
 * `Clock` (a `TestClock` in tests) and an interrupted call interrupts it.
 *
 * It also offers the core's direct path (`DirectTransport`), which the
 * clients use: no platform request or response per call, and a client made
 * on it never waits for the core's platform path to load, so a test on the
 * `TestClock` can build its client in the fiber it drives.
 */
import { type DirectSend, withDirectSend } from "@effect-codestar/core/DirectTransport"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import type { WireOutcome, WireRequest } from "./wire.js"

const bodyBytes = (request: HttpClientRequest.HttpClientRequest): Uint8Array | undefined => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return new Uint8Array(0)
    case "Uint8Array":
      return body.body
    case "Raw":
      return typeof body.body === "string"
        ? new TextEncoder().encode(body.body)
        : body.body instanceof Uint8Array
        ? body.body
        : undefined
    default:
      return undefined
  }
}

/** A body that yields its first half and then fails, like a connection reset mid-answer. */
const truncatedStream = (text: string): ReadableStream<Uint8Array> => {
  const bytes = new TextEncoder().encode(text)
  let sent = false
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true
        controller.enqueue(bytes.subarray(0, Math.floor(bytes.length / 2)))
      } else {
        controller.error(new Error("The emulator cut the connection before the end of the body."))
      }
    }
  })
}

/** The direct path: the same answers, as the core reads them (lower-case header names). */
const directSend = (handle: (request: WireRequest) => Effect.Effect<WireOutcome>): DirectSend => (request) => {
  let url: URL
  try {
    url = new URL(request.url)
  } catch (cause) {
    return Effect.fail({ message: `invalid URL ${request.url}`, cause })
  }
  return Effect.flatMap(
    handle({
      method: "POST",
      path: `${url.pathname}${url.search}`,
      authority: url.host,
      headers: request.headers,
      body: new TextEncoder().encode(request.body)
    }),
    (outcome) => {
      if (outcome._tag === "Drop") {
        return Effect.fail({ message: "socket hang up (the emulator dropped the connection)", cause: undefined })
      }
      const { response } = outcome
      if (response.truncate) {
        return Effect.fail({
          message: "reading the response failed: the emulator cut the connection before the end of the body",
          cause: undefined,
          status: response.status
        })
      }
      const headers: Record<string, string> = {}
      for (const name in response.headers) {
        const value = response.headers[name]
        if (value !== undefined) headers[name.toLowerCase()] = value
      }
      return Effect.succeed({ status: response.status, headers, body: response.body })
    }
  )
}

export const makeHttpClient = (handle: (request: WireRequest) => Effect.Effect<WireOutcome>): HttpClient.HttpClient =>
  withDirectSend(makePlatformClient(handle), directSend(handle))

const makePlatformClient = (handle: (request: WireRequest) => Effect.Effect<WireOutcome>): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const body = bodyBytes(request)
      if (body === undefined) {
        return yield* new HttpClientError.RequestError({
          request,
          reason: "Encode",
          description: `The emulator's HttpClient sends bodies of bytes or text, not ${request.body._tag}.`
        })
      }
      const outcome = yield* handle({
        method: request.method,
        path: `${url.pathname}${url.search}`,
        authority: url.host,
        headers: request.headers,
        body
      })
      if (outcome._tag === "Drop") {
        return yield* new HttpClientError.RequestError({
          request,
          reason: "Transport",
          description: "socket hang up (the emulator dropped the connection)"
        })
      }
      const { response } = outcome
      const headers = response.truncate
        ? { ...response.headers, "content-length": String(new TextEncoder().encode(response.body).length) }
        : response.headers
      return HttpClientResponse.fromWeb(
        request,
        new Response(response.truncate ? truncatedStream(response.body) : response.body, {
          status: response.status,
          headers
        })
      )
    })
  )
