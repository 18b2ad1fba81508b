/**
 * The Node transport: the core's `DirectSend` on `node:http` / `node:https`,
 * with one pair of keep-alive agents per client. It needs nothing of
 * `@effect/platform`, so a Node program never loads its HTTP modules.
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
 * - A request Node refuses to write (an invalid header value) fails before
 *   anything is sent.
 */
import type { DirectSend } from "@effect-codestar/core/DirectTransport"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
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

/** Where a request goes, as `http.request` takes it: parsed once per URL, not per request. */
interface Target {
  readonly https: boolean
  readonly options: http.RequestOptions
}

const targetOf = (url: URL): Target => ({
  https: url.protocol === "https:",
  options: {
    protocol: url.protocol,
    // `[::1]` in a URL, `::1` to the socket.
    hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    ...(url.username === "" && url.password === "" ? {} : {
      auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    })
  }
})

/** A whole response, as it came. */
interface Exchanged {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
  readonly body: Buffer
}

/** No whole response: Node refused the request before sending it (`Encode`), or the exchange failed. */
interface ExchangeFailure {
  readonly reason: "Encode" | "Transport"
  readonly cause: Error
}

const asError = (cause: unknown): Error => cause instanceof Error ? cause : new Error(String(cause))

/** One exchange's state, shared by its listeners and its canceler. */
interface InFlight {
  settled: boolean
  /** The request until it settles; then nothing, so that a canceler kept around holds nothing. */
  request: http.ClientRequest | undefined
}

/**
 * The canceler of an exchange: destroys the request, and with it the socket.
 * Built here, in a scope of its own, so that it captures only `inFlight`: V8
 * keeps one context per scope for all the closures made in it, and a
 * canceler made next to the listeners would hold whatever they hold (the
 * request, the response, its chunks). Measured before this: about 5 KiB of
 * each exchange survived long enough to be promoted to the old generation.
 */
const cancelerOf = (inFlight: InFlight): Effect.Effect<void> =>
  Effect.sync(() => {
    inFlight.settled = true
    const request = inFlight.request
    inFlight.request = undefined
    request?.destroy()
  })

/** What the listeners of one exchange settle it with. */
const settle = <A>(inFlight: InFlight, resume: (effect: Effect.Effect<A, ExchangeFailure>) => void) => ({
  fail: (cause: Error): void => {
    if (inFlight.settled) return
    inFlight.settled = true
    inFlight.request = undefined
    resume(Effect.fail({ reason: "Transport", cause }))
  },
  succeed: (value: A): void => {
    if (inFlight.settled) return
    inFlight.settled = true
    inFlight.request = undefined
    resume(Effect.succeed(value))
  }
})

/**
 * One exchange, the body read whole; interruption destroys the request.
 */
const exchange = (
  pool: Pool,
  target: Target,
  method: string,
  headers: http.OutgoingHttpHeaders,
  body: Uint8Array | string | undefined
): Effect.Effect<Exchanged, ExchangeFailure> =>
  Effect.async((resume) => {
    const options = {
      ...target.options,
      method,
      headers,
      timeout: pool.silentServerMs,
      agent: target.https ? pool.https : pool.http
    }
    let request: http.ClientRequest
    try {
      request = target.https ? https.request(options) : http.request(options)
    } catch (cause) {
      // Node refuses some requests before sending anything (a header value with a line break).
      resume(Effect.fail({ reason: "Encode", cause: asError(cause) }))
      return
    }
    const inFlight: InFlight = { settled: false, request }
    listen(pool, request, settle(inFlight, resume))
    // A string body goes out in the same write as the head.
    request.end(body)
    return cancelerOf(inFlight)
  })

/** The listeners of one exchange. They stay for the request's whole life, so a late 'error' (after a destroy) is never unhandled. */
const listen = (
  pool: Pool,
  request: http.ClientRequest,
  outcome: { readonly fail: (cause: Error) => void; readonly succeed: (value: Exchanged) => void }
): void => {
  request.on("error", outcome.fail)
  request.on("timeout", function(this: http.ClientRequest) {
    this.destroy(new Error(`no data from the server for ${pool.silentServerMs} ms`))
  })
  request.on("response", (res) => {
    const chunks: Array<Buffer> = []
    res.on("data", (chunk: Buffer) => chunks.push(chunk))
    res.on("error", outcome.fail)
    res.on("end", () =>
      outcome.succeed({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks)
      }))
    // Closed before the end without an 'error' event: the body was cut short.
    res.on("close", () => {
      if (!res.complete) outcome.fail(new Error("the connection closed before the end of the response body"))
    })
  })
}

/** The headers of a response as the core reads them: repeated ones joined. */
const flatHeaders = (headers: http.IncomingHttpHeaders): Record<string, string> => {
  const flat: Record<string, string> = {}
  for (const name in headers) {
    const value = headers[name]
    if (typeof value === "string") flat[name] = value
    else if (value !== undefined) flat[name] = value.join(", ")
  }
  return flat
}

/**
 * The core's signed POST as it is, with no platform request or response
 * built around it. The endpoint rarely changes, so its parsed form is kept.
 */
const makeDirectSend = (pool: Pool): DirectSend => {
  let lastUrl = ""
  let lastTarget: Target | undefined
  return (request) => {
    let target = lastTarget
    if (request.url !== lastUrl || target === undefined) {
      try {
        target = targetOf(new URL(request.url))
      } catch (cause) {
        return Effect.fail({ message: `invalid URL: ${String(cause)}`, cause })
      }
      lastUrl = request.url
      lastTarget = target
    }
    const headers: http.OutgoingHttpHeaders = {
      ...request.headers,
      "content-length": Buffer.byteLength(request.body)
    }
    return Effect.mapBoth(exchange(pool, target, "POST", headers, request.body), {
      onFailure: ({ cause, reason }) => ({ message: reason === "Encode" ? String(cause) : cause.message, cause }),
      onSuccess: (response) => ({
        status: response.status,
        headers: flatHeaders(response.headers),
        body: response.body.toString("utf8")
      })
    })
  }
}

/**
 * A transport with its own keep-alive agents; they are destroyed, with every
 * socket they hold, when the scope closes.
 */
export const make = (options: TransportOptions = {}): Effect.Effect<DirectSend, never, Scope.Scope> => {
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
    makeDirectSend
  )
}
