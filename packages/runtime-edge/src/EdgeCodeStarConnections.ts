/**
 * The AWS CodeStar Connections (API 2019-12-01) client for Cloudflare
 * Workers and other fetch runtimes: fetch as transport, aws4fetch (WebCrypto)
 * for SigV4, and credentials, region and endpoint from a Worker's `env` or
 * from `Config`.
 *
 * ```ts
 * export default {
 *   fetch: (request: Request, env: Env) =>
 *     Effect.runPromise(program.pipe(Effect.provide(EdgeCodeStarConnections.layerFromBindings(env))))
 * }
 * ```
 *
 * The client is cheap to build but compiles each operation's codecs on first
 * use, so a Worker that serves many requests keeps one client per isolate
 * (see `makeFromBindings`) instead of building the layer per request.
 *
 * @since 0.1.0
 */
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import {
  type ClientOptions,
  CodeStarConnections,
  makeRunnerWithTransport as makeCoreRunner,
  makeWithTransport,
  type Runner
} from "@effect-codestar/core/CodeStarConnections"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as EdgeConfig from "./EdgeConfig.js"
import * as internal from "./internal/clients.js"

/**
 * The service's own endpoint variable, read before `AWS_ENDPOINT_URL`.
 *
 * @since 0.1.0
 * @category utils
 */
export const endpointVariable = "AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS"

/**
 * The standard configuration of this service: the AWS variable names (see
 * `EdgeConfig.config`), read from the current `ConfigProvider`. Pass it to
 * {@link layerConfig} to read them from somewhere other than a Worker's `env`.
 *
 * @since 0.1.0
 * @category configuration
 */
export const config: Config.Config<EdgeConfig.EdgeClientOptions> = /* @__PURE__ */ EdgeConfig.config(endpointVariable)

/**
 * Builds a client from explicit options (region, endpoint, credentials,
 * retry); the result requires nothing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (
  options: EdgeConfig.EdgeClientOptions
) => Effect.Effect<CodeStarConnections.Service, ConfigError.ConfigError | EndpointError> = (options) =>
  internal.make(makeWithTransport, options)

/**
 * The client as a layer, from explicit options.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (
  options: EdgeConfig.EdgeClientOptions
) => Layer.Layer<CodeStarConnections, ConfigError.ConfigError | EndpointError> = (options) =>
  internal.layer(CodeStarConnections, make(options))

/**
 * The client as a layer, with its options read through Effect `Config`: each
 * option may be a `Config` (every leaf a `Config`), or the whole a
 * `Config<EdgeClientOptions>` such as {@link config}.
 *
 * ```ts
 * EdgeCodeStarConnections.layerConfig({
 *   region: Config.string("DEPLOY_REGION"),
 *   credentials: { accessKeyId: Config.string("KEY_ID"), secretAccessKey: Config.redacted("SECRET") }
 * })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  config: Config.Config.Wrap<EdgeConfig.EdgeClientOptions>
) => Layer.Layer<CodeStarConnections, ConfigError.ConfigError | EndpointError> = (config) =>
  internal.layer(CodeStarConnections, internal.makeConfig(makeWithTransport, config))

/**
 * Builds a client from a Worker's bindings; a missing or empty binding is a
 * `ConfigError` naming it. `options` (a retry policy, say) apply on top.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeFromBindings: (
  env: EdgeConfig.AwsBindings,
  options?: Partial<ClientOptions>
) => Effect.Effect<CodeStarConnections.Service, ConfigError.ConfigError | EndpointError> = (env, options) =>
  internal.makeFromBindings(makeWithTransport, endpointVariable, env, options)

/**
 * The client as a layer, from a Worker's `env` bindings; `options` apply on top.
 *
 * ```ts
 * export default {
 *   fetch: (request: Request, env: Env) =>
 *     Effect.runPromise(program.pipe(Effect.provide(EdgeCodeStarConnections.layerFromBindings(env))))
 * }
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromBindings: (
  env: EdgeConfig.AwsBindings,
  options?: Partial<ClientOptions>
) => Layer.Layer<CodeStarConnections, ConfigError.ConfigError | EndpointError> = (env, options) =>
  internal.layer(CodeStarConnections, makeFromBindings(env, options))

/**
 * Builds a per-operation runner from explicit options: the client without
 * its method table, so that a Worker carries only the operations it calls
 * (see `makeRunner` in `@effect-codestar/core/CodeStarConnections`). The
 * result requires nothing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeRunner = (
  options: EdgeConfig.EdgeClientOptions
): Effect.Effect<Runner, ConfigError.ConfigError | EndpointError> => internal.make(makeCoreRunner, options)

/**
 * Builds a per-operation runner from a Worker's bindings, read as
 * {@link makeFromBindings} reads them; `options` apply on top. Build it once
 * per isolate and run descriptors imported one by one, so that the Worker
 * carries only their schemas:
 *
 * ```ts
 * import { GetConnection } from "@effect-codestar/core/CodeStarConnections/operations"
 * import * as Waiters from "@effect-codestar/core/Waiters"
 * import * as EdgeCodeStarConnections from "@effect-codestar/runtime-edge/EdgeCodeStarConnections"
 *
 * const program = (env: Env, ConnectionArn: string) =>
 *   Effect.gen(function*() {
 *     const run = yield* EdgeCodeStarConnections.makeRunnerFromBindings(env)
 *     const getConnection = run(GetConnection)
 *     return yield* Waiters.waitUntilConnectionAvailable({ getConnection }, { ConnectionArn })
 *   })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeRunnerFromBindings = (
  env: EdgeConfig.AwsBindings,
  options?: Partial<ClientOptions>
): Effect.Effect<Runner, ConfigError.ConfigError | EndpointError> =>
  internal.makeFromBindings(makeCoreRunner, endpointVariable, env, options)
