/**
 * What a client does differently on Node (package.json `imports`,
 * `#platformTransport`; every other runtime's is `platformTransport.ts`):
 *
 * - the platform path of `httpTransport.ts` is imported when a client is
 *   first made from an `HttpClient` without a direct path, so that a program
 *   on the Node runtime, which hands the core its own transport, never loads
 *   `@effect/platform`'s HTTP modules (about 30 ms at start-up). The import
 *   is of a module of this package: it fails only if the installation is
 *   broken, hence a defect;
 * - inputs and outputs go through the fast encoder and decoders
 *   (`fastInput.ts`, `fastOutput.ts`), lists in outputs through the fast
 *   list decoder: the same results and failures as Schema's, for a fraction
 *   of the work per call.
 */
import * as Effect from "effect/Effect"
import type { platformSend } from "./httpTransport.js"

export { encodeUnknownFast as encodeInput } from "./fastInput.js"
export { decodeUnknownFast as decodeOutput, fastList as fastListOf } from "./fastOutput.js"

/** The platform path's constructor. */
export const loadPlatformSend: Effect.Effect<typeof platformSend> = Effect.map(
  Effect.promise(() => import("./httpTransport.js")),
  (module) => module.platformSend
)
