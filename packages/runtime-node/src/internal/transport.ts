/**
 * The Node transport: a platform `HttpClient` on `node:http` / `node:https`
 * with one keep-alive agent per layer.
 *
 * Why our own: the platform-node client needs `@effect/platform-node`, whose
 * peer dependencies (cluster, rpc, sql) npm installs with it, and importing
 * its undici client costs tens of milliseconds at start-up. `node:http` is
 * built in, and an AWS JSON call needs little of a general client: send a
 * small body, read a small body, give the socket back.
 *
 * Decisions:
 * - The whole response body is read before the response is handed over. The
 *   core reads every body whole anyway, and this way a socket never waits on
 *   a caller that forgets to read it, and an interruption or attempt timeout
 *   at any point before the last byte aborts the one request in flight.
 * - Interruption destroys the request, and with it the socket: a half-done
 *   exchange can never be reused.
 * - Idle pooled sockets are closed after 4 s (sooner if the server announces
 *   a shorter `Keep-Alive: timeout`), before typical servers drop them, so a
 *   reused socket is rarely one the server is closing.
 * - A request with no byte in either direction for 300 s fails with a
 *   Transport error (as undici's default did), so a silent server cannot hold
 *   a call forever when no `attemptTimeout` is set.
 * - Bodies: what the core sends (`HttpBody.text`, bytes) and empty ones.
 *   Streams and form data fail with a typed `Encode` error, as does a request
 *   Node refuses to write (an invalid header value).
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as http from "node:http"
import * as https from "node:https"

/** Time limits of the transport; tests shorten them. */
export interface TransportOptions {
  /** How long an idle pooled socket is kept (default 4 s). */
  readonly idleSocketMs?: number | undefined
  /** How long an active request may see no byte at all before it fails (default 300 s). */
  readonly silentServerMs?: number | undefined
}

interface Pool {
  readonly http: http.Agent
  readonly https: https.Agent
  readonly silentServerMs: number
}

const utf8 = new TextDecoder()

/** A response whose body is already in memory. */
class BufferedResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly remoteAddress = Option.none<string>()
  readonly headers: Headers.Headers

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    private readonly rawHeaders: http.IncomingHttpHeaders,
    private readonly body: Buffer
  ) {
    super()
    this.headers = Headers.fromInput(rawHeaders)
  }

  private decodeError(cause: unknown) {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  get cookies(): Cookies.Cookies {
    return Cookies.fromSetCookie(this.rawHeaders["set-cookie"] ?? [])
  }
  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    // A copy: the buffer may be a slice of a larger pooled one.
    return Effect.sync(() => new Uint8Array(this.body).buffer)
  }
  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.sync(() => utf8.decode(this.body))
  }
  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: (): unknown => text === "" ? null : JSON.parse(text),
        catch: (cause) => this.decodeError(cause)
      }))
  }
  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.map(this.text, (text) => UrlParams.fromInput(new URLSearchParams(text)))
  }
  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.tryPromise({
      try: () => {
        const contentType = this.headers["content-type"] ?? ""
        return new Response(new Uint8Array(this.body), { headers: { "content-type": contentType } }).formData()
      },
      catch: (cause) => this.decodeError(cause)
    })
  }
  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.succeed(new Uint8Array(this.body))
  }
  toJSON(): unknown {
    return { _id: "@effect/platform/HttpClientResponse", request: this.request.toJSON(), status: this.status }
  }
}

/** The bytes of a request body, or why this transport cannot send it. */
const bodyOf = (request: HttpClientRequest.HttpClientRequest): Uint8Array | string | undefined | Error => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return undefined
    case "Uint8Array":
      return body.body
    case "Raw":
      return typeof body.body === "string" || body.body instanceof Uint8Array
        ? body.body
        : new Error("a raw body must be a string or bytes")
    default:
      return new Error(`${body._tag} bodies are not supported by this transport`)
  }
}

/** Sends one request and reads its whole response; interruption destroys the request. */
const send = (
  pool: Pool,
  request: HttpClientRequest.HttpClientRequest,
  url: URL
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.async((resume) => {
    const body = bodyOf(request)
    if (body instanceof Error) {
      resume(Effect.fail(new HttpClientError.RequestError({ request, reason: "Encode", description: body.message })))
      return
    }
    const headers: http.OutgoingHttpHeaders = { ...request.headers }
    if (body !== undefined) {
      if (request.body.contentType !== undefined && headers["content-type"] === undefined) {
        headers["content-type"] = request.body.contentType
      }
      headers["content-length"] = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength
    }
    let settled = false
    const transportError = (cause: Error) => {
      if (settled) return
      settled = true
      resume(Effect.fail(
        new HttpClientError.RequestError({ request, reason: "Transport", cause, description: cause.message })
      ))
    }
    const options = { method: request.method, headers, timeout: pool.silentServerMs }
    let req: http.ClientRequest
    try {
      req = url.protocol === "https:"
        ? https.request(url, { ...options, agent: pool.https })
        : http.request(url, { ...options, agent: pool.http })
    } catch (cause) {
      // Node refuses some requests before sending anything (a header value with a line break).
      resume(
        Effect.fail(new HttpClientError.RequestError({ request, reason: "Encode", cause, description: String(cause) }))
      )
      return
    }
    // Listeners stay for the request's whole life, so a late 'error' (after a
    // destroy) is never unhandled.
    req.on("error", transportError)
    req.on("timeout", () => req.destroy(new Error(`no data from the server for ${pool.silentServerMs} ms`)))
    req.on("response", (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (chunk: Buffer) => chunks.push(chunk))
      res.on("error", transportError)
      res.on("end", () => {
        if (settled) return
        settled = true
        resume(Effect.succeed(new BufferedResponse(request, res.statusCode ?? 0, res.headers, Buffer.concat(chunks))))
      })
      // Closed before the end without an 'error' event: the body was cut short.
      res.on("close", () => {
        if (!res.complete) transportError(new Error("the connection closed before the end of the response body"))
      })
    })
    req.end(body)
    return Effect.sync(() => {
      settled = true
      req.destroy()
    })
  })

/**
 * An `HttpClient` with its own keep-alive agents; they are destroyed, with
 * every socket they hold, when the scope closes.
 */
export const make = (options: TransportOptions = {}): Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> => {
  const idleSocketMs = options.idleSocketMs ?? 4_000
  return Effect.map(
    Effect.acquireRelease(
      Effect.sync((): Pool => ({
        http: new http.Agent({ keepAlive: true, timeout: idleSocketMs }),
        https: new https.Agent({ keepAlive: true, timeout: idleSocketMs }),
        silentServerMs: options.silentServerMs ?? 300_000
      })),
      (pool) =>
        Effect.sync(() => {
          pool.http.destroy()
          pool.https.destroy()
        })
    ),
    (pool) => HttpClient.make((request, url) => send(pool, request, url))
  )
}

/** The Node transport as a layer: one pair of agents per layer build. */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(HttpClient.HttpClient, make())
