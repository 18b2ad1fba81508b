/**
 * The CodeConnections client (API 2023-12-01) for Node.js, complete:
 * configuration from options, environment and profile (see `NodeConfig`),
 * the default credential chain (see `NodeCredentials`), SigV4 signing with
 * node:crypto (see `NodeSigner`; aws4fetch as an option),
 * a node:http transport, and the retry policy of `Retry`.
 *
 * ```ts
 * const program = Effect.gen(function*() {
 *   const client = yield* CodeConnections
 *   return yield* client.listConnections()
 * }).pipe(Effect.provide(NodeCodeConnections.layer()))
 * ```
 *
 * @since 0.1.0
 */
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import { CodeConnections, makeWithTransport, service } from "@effect-codestar/core/CodeConnections"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { clientConstructors } from "./internal/clientLayer.js"
import type { NodeClientOptions, NodeConfigOptions } from "./NodeConfig.js"

const constructors = clientConstructors(service, CodeConnections, makeWithTransport)

/**
 * Builds the client, with every setting the options leave out found in the
 * environment or the profile. Its transport (keep-alive sockets) and any
 * credential process belong to the scope it is built in. Fails with a
 * `ConfigError` when no region is found or a setting is malformed, and with
 * an `EndpointError` when the settings lead to no endpoint.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (
  options?: NodeClientOptions
) => Effect.Effect<CodeConnections.Service, ConfigError.ConfigError | EndpointError, Scope.Scope> = constructors.make

/**
 * The client as a layer: {@link make} in the layer's scope.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: (
  options?: NodeClientOptions
) => Layer.Layer<CodeConnections, ConfigError.ConfigError | EndpointError> = constructors.layer

/**
 * The client, with its options read from `Config`: each option may be a
 * `Config` (`{ region: Config.string("DEPLOY_REGION") }`, every leaf a
 * `Config`), and what is left out is found as by {@link make}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: (
  config: Config.Config.Wrap<NodeConfigOptions>
) => Layer.Layer<CodeConnections, ConfigError.ConfigError | EndpointError> = constructors.layerConfig
