/**
 * What a core client needs from the context, supplied the edge way: fixed
 * credentials and the aws4fetch signer. (The transport, `fetch`, is handed
 * over directly: `fetchTransport.ts`.) Shared by both services.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import type { AwsSigner } from "@effect-codestar/core/AwsSigner"
import * as Layer from "effect/Layer"
import type { EdgeClientOptions } from "../EdgeConfig.js"

export const requirements = (
  options: EdgeClientOptions
): Layer.Layer<AwsCredentials.AwsCredentials | AwsSigner> =>
  Layer.merge(AwsCredentials.layerStatic(options.credentials), Aws4fetchSigner.layer)
