/**
 * The AWS CodeStar Connections (API 2019-12-01) client for Cloudflare
 * Workers and other fetch runtimes: fetch as transport, aws4fetch (WebCrypto)
 * for SigV4, and credentials, region and endpoint from a Worker's `env` or
 * from `Config`.
 *
 * ```ts
 * export default {
 *   fetch: (request: Request, env: Env) =>
 *     Effect.runPromise(program.pipe(Effect.provide(EdgeCodeStarConnections.layer(env))))
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
import { type ClientOptions, CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import type * as ConfigError from "effect/ConfigError"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as EdgeConfig from "./EdgeConfig.js"
import { requirements } from "./internal/requirements.js"

/** The service's own endpoint variable, read before `AWS_ENDPOINT_URL`. */
export const endpointVariable = "AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS"

/** The standard configuration of this service (see `EdgeConfig.config`). */
export const config: Config.Config<EdgeConfig.EdgeClientOptions> = /* @__PURE__ */ EdgeConfig.config(endpointVariable)

/** Builds a client from explicit options; the result requires nothing. */
export const make = (options: EdgeConfig.EdgeClientOptions): Effect.Effect<CodeStarConnections.Service, EndpointError> =>
  CodeStarConnections.make(options).pipe(Effect.provide(requirements(options)))

/**
 * Builds a client from a Worker's bindings; a missing or empty binding is a
 * `ConfigError` naming it. `options` (a retry policy, say) apply on top.
 */
export const makeFromBindings = (
  env: EdgeConfig.AwsBindings,
  options?: ClientOptions
): Effect.Effect<CodeStarConnections.Service, ConfigError.ConfigError | EndpointError> =>
  Effect.withConfigProvider(
    Effect.flatMap(config, (fromEnv) => make({ ...fromEnv, ...options })),
    EdgeConfig.fromBindings(env)
  )

/** The client as a layer, from a Worker's `env` bindings; `options` apply on top. */
export const layer = (
  env: EdgeConfig.AwsBindings,
  options?: ClientOptions
): Layer.Layer<CodeStarConnections, ConfigError.ConfigError | EndpointError> =>
  Layer.effect(CodeStarConnections, makeFromBindings(env, options))

/**
 * The client as a layer, from Effect `Config` (the current `ConfigProvider`,
 * by default the standard AWS names; pass your own `Config` for other names).
 */
export const layerConfig = (
  clientConfig: Config.Config<EdgeConfig.EdgeClientOptions> = config
): Layer.Layer<CodeStarConnections, ConfigError.ConfigError | EndpointError> =>
  Layer.effect(CodeStarConnections, Effect.flatMap(clientConfig, make))
