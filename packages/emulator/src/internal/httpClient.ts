/**
 * The in-process transport: an `HttpClient` whose requests never leave the
 * process. The emulator runs in the calling fiber, so it sees the caller's
 * `Clock` (a `TestClock` in tests) and an interrupted call interrupts it.
 */
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

export const makeHttpClient = (handle: (request: WireRequest) => Effect.Effect<WireOutcome>): HttpClient.HttpClient =>
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
