/**
 * How the client reaches the platform path of `httpTransport.ts` on Node
 * (package.json `imports`, `#platformTransport`): imported when a client is
 * first made from an `HttpClient` without a direct path, so that a program
 * on the Node runtime, which hands the core its own transport, never loads
 * `@effect/platform`'s HTTP modules (about 30 ms at start-up). The import is
 * of a module of this package: it fails only if the installation is broken,
 * hence a defect.
 */
import * as Effect from "effect/Effect"
import type { platformSend } from "./httpTransport.js"

/** The platform path's constructor. */
export const loadPlatformSend: Effect.Effect<typeof platformSend> = Effect.map(
  Effect.promise(() => import("./httpTransport.js")),
  (module) => module.platformSend
)
