/**
 * The fetch-based runtime: the two service clients over the platform's
 * `fetch`, signed with aws4fetch over WebCrypto, configured from a Worker's
 * `env` bindings or from Effect `Config`. Nothing here imports a Node
 * built-in, so it runs on Cloudflare Workers, Deno, Bun, browsers and Node.
 *
 * @since 0.1.0
 */
export * as EdgeCodeConnections from "./EdgeCodeConnections.js"
export * as EdgeCodeStarConnections from "./EdgeCodeStarConnections.js"
export * as EdgeConfig from "./EdgeConfig.js"
