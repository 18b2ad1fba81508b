/**
 * The example Worker: an HTTP API over CodeStar Connections (api.ts) and the
 * `WaitForConnection` Workflow, which the Workers runtime finds among the
 * module's exports by the class name given in wrangler.jsonc.
 */
import { handle } from "./api.js"
import type { Env } from "./env.js"

export { WaitForConnection } from "./WaitForConnection.js"
export { WaitForHost } from "./WaitForHost.js"
export { WaitForResourceSync } from "./WaitForResourceSync.js"

export default {
  fetch: (request, env) => handle(request, env)
} satisfies ExportedHandler<Env>
