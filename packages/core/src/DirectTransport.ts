/**
 * The one exchange the client needs from a transport: a small signed POST
 * whose whole answer is read at once ({@link DirectSend}).
 *
 * Two ways to hand one to a client:
 * - `makeWithTransport(options, send)` (and `makeRunnerWithTransport`) of
 *   `CodeStarConnections` / `CodeConnections` take it as it is. The runtime
 *   packages do this (`node:http` on Node, `fetch` on the edge), so a program
 *   built on them never loads `@effect/platform`'s HTTP modules: they cost
 *   about 30 ms at start-up and several KB in a Worker.
 * - `make` / `layer` take a platform `HttpClient` from the context, so any
 *   platform client works. When that `HttpClient` carries a `DirectSend`
 *   ({@link withDirectSend}), the client uses it instead of building a
 *   platform request and response per attempt. A client derived with
 *   `HttpClient.mapRequest`, `tapRequest`, ... is a new object without the
 *   shortcut, so such a transformation is always honoured.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"

/**
 * The key under which an `HttpClient` carries its {@link DirectSend}.
 *
 * @since 0.1.0
 * @category symbols
 */
export const DirectSendId: unique symbol = Symbol.for("@effect-codestar/core/DirectTransport/DirectSend")

/**
 * The request: the endpoint URL, every header (signed ones and `user-agent`)
 * and the JSON body. No `content-length`: the transport sets it.
 *
 * @since 0.1.0
 * @category models
 */
export interface DirectRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * The answer, whole: status, lower-case header names (repeated headers joined
 * with `, `), and the body decoded as UTF-8.
 *
 * @since 0.1.0
 * @category models
 */
export interface DirectResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * No complete answer. `cause` is the transport's own error (a Node error with
 * its `code`, ...): the client reads from it whether the request provably
 * never left (a refused connection), which decides whether a create may be
 * repeated. The message must not contain the request's headers.
 *
 * @since 0.1.0
 * @category models
 */
export interface DirectFailure {
  readonly message: string
  readonly cause: unknown
  /**
   * The answer's status, when its head arrived and only its body failed: the
   * service has then seen the request, so a create is never repeated.
   */
  readonly status?: number | undefined
}

/**
 * One exchange. Interrupting it must abort the request.
 *
 * @since 0.1.0
 * @category models
 */
export type DirectSend = (request: DirectRequest) => Effect.Effect<DirectResponse, DirectFailure>

/**
 * An `HttpClient` that also offers the shortcut.
 *
 * @since 0.1.0
 * @category models
 */
export interface WithDirectSend extends HttpClient.HttpClient {
  readonly [DirectSendId]: DirectSend
}

/**
 * Attaches the shortcut to a client built by the same transport (the client
 * object is extended in place: build it for this purpose).
 *
 * @since 0.1.0
 * @category constructors
 */
export const withDirectSend = (client: HttpClient.HttpClient, send: DirectSend): WithDirectSend =>
  Object.assign(client, { [DirectSendId]: send })

/**
 * Whether a client offers the shortcut.
 *
 * @since 0.1.0
 * @category guards
 */
export const hasDirectSend = (client: HttpClient.HttpClient): client is WithDirectSend =>
  typeof Reflect.get(client, DirectSendId) === "function"
