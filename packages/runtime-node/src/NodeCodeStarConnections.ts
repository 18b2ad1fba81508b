/**
 * The CodeStar Connections client (API 2019-12-01) for Node.js, complete:
 * configuration from options, environment and profile (see `NodeConfig`),
 * the default credential chain (see `NodeCredentials`), SigV4 signing with
 * node:crypto (see `NodeSigner`; aws4fetch as an option),
 * a node:http transport, and the retry policy of `Retry`.
 *
 * ```ts
 * const program = Effect.gen(function*() {
 *   const client = yield* CodeStarConnections
 *   return yield* client.listConnections()
 * }).pipe(Effect.provide(NodeCodeStarConnections.layer()))
 * ```
 *
 * @since 0.1.0
 */
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import { CodeStarConnections, service } from "@effect-codestar/core/CodeStarConnections"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Layer from "effect/Layer"
import { clientLayers } from "./internal/clientLayer.js"
import type { NodeClientOptions, NodeConfigOptions } from "./NodeConfig.js"

const layers = clientLayers(service, CodeStarConnections.layer)

/**
 * The client, with every setting the options leave out found in the
 * environment or the profile. Fails with a `ConfigError` when no region is
 * found or a setting is malformed, and with an `EndpointError` when the
 * settings lead to no endpoint.
 */
export const layer: (options?: NodeClientOptions) => Layer.Layer<CodeStarConnections, ConfigError.ConfigError | EndpointError> =
  layers.layer

/**
 * The client, with its options read from `Config`: each option may be a
 * `Config` (`{ region: Config.string("DEPLOY_REGION") }`, every leaf a
 * `Config`), and what is left out is found as by {@link layer}.
 */
export const layerConfig: (
  config: Config.Config.Wrap<NodeConfigOptions>
) => Layer.Layer<CodeStarConnections, ConfigError.ConfigError | EndpointError> = layers.layerConfig
