/**
 * An in-memory AWS CodeStar Connections / AWS CodeConnections service that
 * speaks the real awsJson 1.0 wire protocol, with SigV4 verification, the
 * connection and host lifecycles, and fault injection. Use it in-process as an
 * `HttpClient` (no sockets) or as a loopback server that any client, the
 * official AWS SDK included, can call.
 *
 * ```ts
 * // In-process: the client's HttpClient is the emulator.
 * const TestLayer = Emulator.layer({ handshakeCompletesAfter: "10 seconds" })
 *
 * // Loopback server, for another process or the AWS SDK.
 * const { url } = yield* Emulator.server({ port: 0 })
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as internal from "./internal/emulator.js"
import { makeHttpClient } from "./internal/httpClient.js"
import type * as model from "./internal/model.js"
import {
  type EmulatorCredentials,
  type EmulatorOptions,
  testCredentials as builtInCredentials
} from "./internal/options.js"
import { type EmulatorServerError, listen } from "./internal/server.js"

export {
  /**
   * A control call that could not be carried out (an unknown ARN, a malformed body).
   *
   * @since 0.1.0
   * @category errors
   */
  EmulatorControlError
} from "./internal/controlError.js"
export type {
  /**
   * The kinds of malformed answer `malformedNext` can send.
   *
   * @since 0.1.0
   * @category models
   */
  MalformedKind
} from "./internal/faults.js"
export type {
  /**
   * Credentials the emulator accepts, with the secret it verifies signatures against.
   *
   * @since 0.1.0
   * @category models
   */
  EmulatorCredentials,
  /**
   * The emulator's options: accepted credentials, account id, lifecycle delays, quotas.
   *
   * @since 0.1.0
   * @category models
   */
  EmulatorOptions,
  /**
   * The emulator's quotas (connections, hosts), reached with `LimitExceededException`.
   *
   * @since 0.1.0
   * @category models
   */
  EmulatorQuotas
} from "./internal/options.js"
export {
  /**
   * The loopback server could not start (the port is taken, say).
   *
   * @since 0.1.0
   * @category errors
   */
  EmulatorServerError
} from "./internal/server.js"
export type {
  /**
   * What the handler did with a request: an answer, or a dropped connection.
   *
   * @since 0.1.0
   * @category models
   */
  WireOutcome,
  /**
   * A request as the emulator's handler sees it, independent of any HTTP library.
   *
   * @since 0.1.0
   * @category models
   */
  WireRequest,
  /**
   * An answer as the emulator's handler gives it.
   *
   * @since 0.1.0
   * @category models
   */
  WireResponse
} from "./internal/wire.js"

/**
 * The credentials every emulator accepts: access key `AKIDEMULATOR`, secret `emulator-secret`.
 *
 * @since 0.1.0
 * @category utils
 */
export const testCredentials: EmulatorCredentials = builtInCredentials

/**
 * The region the examples and tests use; the emulator accepts any region in the credential scope.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultRegion = "us-east-1"

/**
 * One service call the emulator received (control calls are not recorded):
 * the API and operation, the request id and status answered, the error code,
 * and the client's user agents.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallRecord extends model.CallRecord {}

/**
 * Restricts a fault to calls of one operation (e.g. `"GetConnection"`); by default it hits any call.
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultTarget extends model.FaultTarget {}

/**
 * An emulated account: its request handler and its control API. Control
 * methods act on the next calls in the order they were queued.
 *
 * @since 0.1.0
 * @category models
 */
export interface Emulator extends model.Emulator {}

/**
 * The emulator as a service, for tests that drive it from the environment.
 *
 * @since 0.1.0
 * @category tags
 */
export class EmulatorControl
  extends Context.Tag("@effect-codestar/emulator/EmulatorControl")<EmulatorControl, Emulator>()
{}

/**
 * A new emulator with empty state.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options?: EmulatorOptions) => Effect.Effect<Emulator> = internal.make

/**
 * An emulator as the `EmulatorControl` service.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerControl = (options?: EmulatorOptions): Layer.Layer<EmulatorControl> =>
  Layer.effect(EmulatorControl, make(options))

/**
 * An `HttpClient` whose every request is answered in-process by `emulator`.
 *
 * @since 0.1.0
 * @category utils
 */
export const httpClient = (emulator: Emulator): HttpClient.HttpClient => makeHttpClient(emulator.handle)

/**
 * The in-process `HttpClient` of the emulator in the environment.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient, never, EmulatorControl> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(EmulatorControl, httpClient)
)

/**
 * A fresh emulator and its in-process `HttpClient`: everything a unit test needs besides the client itself.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: EmulatorOptions): Layer.Layer<EmulatorControl | HttpClient.HttpClient> =>
  Layer.provideMerge(layerHttpClient, layerControl(options))

/**
 * How to run the loopback server.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServerOptions extends EmulatorOptions {
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number | undefined
  /** Serve this emulator instead of a new one (the other options are then ignored). */
  readonly emulator?: Emulator | undefined
}

/**
 * A running loopback server.
 *
 * @since 0.1.0
 * @category models
 */
export interface EmulatorServer {
  /** `http://127.0.0.1:<port>`: the endpoint to give clients. */
  readonly url: string
  readonly port: number
  readonly emulator: Emulator
}

/**
 * Runs the emulator on 127.0.0.1 for the lifetime of the scope.
 *
 * @since 0.1.0
 * @category utils
 */
export const server = (options: ServerOptions = {}): Effect.Effect<EmulatorServer, EmulatorServerError, Scope.Scope> =>
  Effect.gen(function*() {
    const emulator = options.emulator ?? (yield* make(options))
    const port = yield* listen(emulator, options.port ?? 0)
    return { url: `http://127.0.0.1:${port}`, port, emulator }
  })
