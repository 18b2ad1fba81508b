/**
 * What a core client needs from the context, supplied the edge way: fixed
 * credentials and the aws4fetch signer. (The transport, `fetch`, is handed
 * over directly: `fetchTransport.ts`.) Shared by both services.
 *
 * Provided as two services rather than a layer: building a layer would bring
 * Effect's layer machinery (scopes, memo maps) into every Worker, for two
 * values that need none of it.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { AwsSigner } from "@effect-codestar/core/AwsSigner"
import * as Effect from "effect/Effect"
import type { EdgeClientOptions } from "../EdgeConfig.js"

/** Provides fixed credentials and a signer made for this run, as `Layer.sync` would make it. */
export const provideRequirements = (options: EdgeClientOptions) =>
<A, E>(
  effect: Effect.Effect<A, E, AwsCredentials.AwsCredentials | AwsSigner>
): Effect.Effect<A, E> =>
  effect.pipe(
    Effect.provideService(AwsCredentials.AwsCredentials, AwsCredentials.fromStatic(options.credentials)),
    Effect.provideServiceEffect(AwsSigner, Effect.sync(Aws4fetchSigner.make))
  )
