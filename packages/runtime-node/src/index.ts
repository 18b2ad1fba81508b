/**
 * The Node.js runtime: complete layers of both service clients, with
 * configuration from options, environment and profile, the standard AWS
 * credential chain, SigV4 signing and a keep-alive node:http transport.
 *
 * @since 0.1.0
 */

/**
 * The `NodeCodeConnections` module, also importable on its own as `@effect-codestar/runtime-node/NodeCodeConnections`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as NodeCodeConnections from "./NodeCodeConnections.js"
/**
 * The `NodeCodeStarConnections` module, also importable on its own as `@effect-codestar/runtime-node/NodeCodeStarConnections`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as NodeCodeStarConnections from "./NodeCodeStarConnections.js"
/**
 * The `NodeConfig` module, also importable on its own as `@effect-codestar/runtime-node/NodeConfig`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as NodeConfig from "./NodeConfig.js"
/**
 * The `NodeCredentials` module, also importable on its own as `@effect-codestar/runtime-node/NodeCredentials`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as NodeCredentials from "./NodeCredentials.js"
/**
 * The `NodeSigner` module, also importable on its own as `@effect-codestar/runtime-node/NodeSigner`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as NodeSigner from "./NodeSigner.js"
