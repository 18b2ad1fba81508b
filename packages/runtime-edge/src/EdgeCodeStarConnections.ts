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
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as EdgeConfig from "./EdgeConfig.js"
import { clientConstructors } from "./internal/clients.js"

/** The service's own endpoint variable, read before `AWS_ENDPOINT_URL`. */
export const endpointVariable = "AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS"

const constructors = /* @__PURE__ */ clientConstructors(CodeStarConnections, CodeStarConnections.make, endpointVariable)

/** The standard configuration of this service (see `EdgeConfig.config`). */
export const config: Config.Config<EdgeConfig.EdgeClientOptions> = constructors.config

/** Builds a client from explicit options; the result requires nothing. */
export const make: (
  options: EdgeConfig.EdgeClientOptions
) => Effect.Effect<CodeStarConnections.Service, ConfigError.ConfigError | EndpointError> =
  constructors.make

/**
 * Builds a client from a Worker's bindings; a missing or empty binding is a
 * `ConfigError` naming it. `options` (a retry policy, say) apply on top.
 */
export const makeFromBindings: (
  env: EdgeConfig.AwsBindings,
  options?: ClientOptions
) => Effect.Effect<CodeStarConnections.Service, ConfigError.ConfigError | EndpointError> = constructors.makeFromBindings

/** The client as a layer, from a Worker's `env` bindings; `options` apply on top. */
export const layer: (
  env: EdgeConfig.AwsBindings,
  options?: ClientOptions
) => Layer.Layer<CodeStarConnections, ConfigError.ConfigError | EndpointError> = constructors.layer

/**
 * The client as a layer, from Effect `Config` (the current `ConfigProvider`,
 * by default the standard AWS names; pass your own `Config` for other names).
 */
export const layerConfig: (
  clientConfig?: Config.Config<EdgeConfig.EdgeClientOptions>
) => Layer.Layer<CodeStarConnections, ConfigError.ConfigError | EndpointError> = constructors.layerConfig
