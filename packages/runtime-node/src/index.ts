/**
 * The Node.js runtime: complete layers of both service clients, with
 * configuration from options, environment and profile, the standard AWS
 * credential chain, SigV4 signing and a keep-alive node:http transport.
 *
 * @since 0.1.0
 */
export * as NodeCodeConnections from "./NodeCodeConnections.js"
export * as NodeCodeStarConnections from "./NodeCodeStarConnections.js"
export * as NodeConfig from "./NodeConfig.js"
export * as NodeCredentials from "./NodeCredentials.js"
export * as NodeSigner from "./NodeSigner.js"
