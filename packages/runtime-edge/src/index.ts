/**
 * The fetch-based runtime: the two service clients over the platform's
 * `fetch`, signed with aws4fetch over WebCrypto, configured from a Worker's
 * `env` bindings or from Effect `Config`. Nothing here imports a Node
 * built-in, so it runs on Cloudflare Workers, Deno, Bun, browsers and Node.
 *
 * @since 0.1.0
 */

/**
 * The `EdgeCodeConnections` module, also importable on its own as `@effect-codestar/runtime-edge/EdgeCodeConnections`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as EdgeCodeConnections from "./EdgeCodeConnections.js"
/**
 * The `EdgeCodeStarConnections` module, also importable on its own as `@effect-codestar/runtime-edge/EdgeCodeStarConnections`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as EdgeCodeStarConnections from "./EdgeCodeStarConnections.js"
/**
 * The `EdgeConfig` module, also importable on its own as `@effect-codestar/runtime-edge/EdgeConfig`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as EdgeConfig from "./EdgeConfig.js"
