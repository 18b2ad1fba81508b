/**
 * Layers of the two service clients for fetch-based runtimes: give them the
 * credentials and the region, and they bring the signer and the transport.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { type ClientOptions, CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Aws4fetchSigner from "./Aws4fetchSigner.js"

/** Options of the edge layers. */
export interface EdgeClientOptions extends ClientOptions {
  readonly credentials: {
    readonly accessKeyId: string
    readonly secretAccessKey: string | Redacted.Redacted<string>
    readonly sessionToken?: string | Redacted.Redacted<string> | undefined
  }
}

const requirements = (options: EdgeClientOptions) =>
  Layer.mergeAll(
    AwsCredentials.layerStatic(options.credentials),
    Aws4fetchSigner.layer,
    FetchHttpClient.layer
  )

/** The CodeStar Connections client over fetch, signed with aws4fetch. */
export const layerCodeStarConnections = (options: EdgeClientOptions): Layer.Layer<CodeStarConnections, EndpointError> =>
  CodeStarConnections.layer(options).pipe(Layer.provide(requirements(options)))

/** The CodeConnections client over fetch, signed with aws4fetch. */
export const layerCodeConnections = (options: EdgeClientOptions): Layer.Layer<CodeConnections, EndpointError> =>
  CodeConnections.layer(options).pipe(Layer.provide(requirements(options)))
