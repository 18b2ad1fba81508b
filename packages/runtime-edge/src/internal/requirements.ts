/**
 * What a core client needs, supplied the edge way: fixed credentials, the
 * aws4fetch signer and the platform's `fetch`. Shared by both services.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import type { AwsSigner } from "@effect-codestar/core/AwsSigner"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import type { EdgeClientOptions } from "../EdgeConfig.js"

export const requirements = (
  options: EdgeClientOptions
): Layer.Layer<AwsCredentials.AwsCredentials | AwsSigner | HttpClient.HttpClient> =>
  Layer.mergeAll(AwsCredentials.layerStatic(options.credentials), Aws4fetchSigner.layer, FetchHttpClient.layer)
