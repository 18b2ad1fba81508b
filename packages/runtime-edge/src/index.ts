/**
 * The fetch-based runtime: an aws4fetch signer and the platform's fetch
 * client. Runs wherever `fetch` and WebCrypto exist (Cloudflare Workers,
 * Deno, Bun, browsers, Node).
 *
 * @since 0.1.0
 */
export * as Aws4fetchSigner from "./Aws4fetchSigner.js"
export * as EdgeClient from "./EdgeClient.js"
