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
import type * as model from "./internal/model.js"
import { makeHttpClient } from "./internal/httpClient.js"
import { type EmulatorCredentials, type EmulatorOptions, testCredentials as builtInCredentials } from "./internal/options.js"
import { type EmulatorServerError, listen } from "./internal/server.js"

export { EmulatorControlError } from "./internal/controlError.js"
export type { MalformedKind } from "./internal/faults.js"
export type { EmulatorCredentials, EmulatorOptions, EmulatorQuotas } from "./internal/options.js"
export { EmulatorServerError } from "./internal/server.js"
export type { WireOutcome, WireRequest, WireResponse } from "./internal/wire.js"

/** The credentials every emulator accepts: access key `AKIDEMULATOR`, secret `emulator-secret`. */
export const testCredentials: EmulatorCredentials = builtInCredentials

/** The region the examples and tests use; the emulator accepts any region in the credential scope. */
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

/** The emulator as a service, for tests that drive it from the environment. */
export class EmulatorControl extends Context.Tag("@effect-codestar/emulator/EmulatorControl")<EmulatorControl, Emulator>() {}

/** A new emulator with empty state. */
export const make: (options?: EmulatorOptions) => Effect.Effect<Emulator> = internal.make

/** An emulator as the `EmulatorControl` service. */
export const layerControl = (options?: EmulatorOptions): Layer.Layer<EmulatorControl> =>
  Layer.effect(EmulatorControl, make(options))

/** An `HttpClient` whose every request is answered in-process by `emulator`. */
export const httpClient = (emulator: Emulator): HttpClient.HttpClient => makeHttpClient(emulator.handle)

/** The in-process `HttpClient` of the emulator in the environment. */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient, never, EmulatorControl> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(EmulatorControl, httpClient)
)

/** A fresh emulator and its in-process `HttpClient`: everything a unit test needs besides the client itself. */
export const layer = (options?: EmulatorOptions): Layer.Layer<EmulatorControl | HttpClient.HttpClient> =>
  Layer.provideMerge(layerHttpClient, layerControl(options))

/** How to run the loopback server. */
export interface ServerOptions extends EmulatorOptions {
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number | undefined
  /** Serve this emulator instead of a new one (the other options are then ignored). */
  readonly emulator?: Emulator | undefined
}

/** A running loopback server. */
export interface EmulatorServer {
  /** `http://127.0.0.1:<port>`: the endpoint to give clients. */
  readonly url: string
  readonly port: number
  readonly emulator: Emulator
}

/** Runs the emulator on 127.0.0.1 for the lifetime of the scope. */
export const server = (options: ServerOptions = {}): Effect.Effect<EmulatorServer, EmulatorServerError, Scope.Scope> =>
  Effect.gen(function*() {
    const emulator = options.emulator ?? (yield* make(options))
    const port = yield* listen(emulator, options.port ?? 0)
    return { url: `http://127.0.0.1:${port}`, port, emulator }
  })
