/**
 * How the client reaches the platform path of `httpTransport.ts`, for every
 * runtime but Node (package.json `imports`, `#platformTransport`): a plain
 * import, which a Worker's bundler drops with the platform's modules when
 * the Worker never makes a client from an `HttpClient` (a lazy `import()`
 * would keep about 6 KB gzip of them in every Worker).
 */
import * as Effect from "effect/Effect"
import { platformSend } from "./httpTransport.js"

/** The platform path's constructor (marked pure: a bundle that never uses it drops the platform's modules). */
export const loadPlatformSend = /* @__PURE__ */ Effect.succeed(platformSend)
