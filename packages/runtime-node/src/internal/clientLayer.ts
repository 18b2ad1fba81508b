/**
 * What both service layers share: resolve the configuration, then give the
 * core client the signer, the credentials and our node:http transport
 * (`internal/transport.ts`; chosen by bench/transport.ts).
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import type { AwsSigner } from "@effect-codestar/core/AwsSigner"
import type { ClientOptions } from "@effect-codestar/core/CodeStarConnections"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeConfig from "../NodeConfig.js"
import * as NodeCredentials from "../NodeCredentials.js"
import * as NodeSigner from "../NodeSigner.js"
import * as Transport from "./transport.js"

const credentialsLayer = (
  options: NodeConfig.NodeClientOptions,
  resolved: NodeConfig.ResolvedConfig
): Layer.Layer<AwsCredentials.AwsCredentials> => {
  const given = options.credentials
  if (given === undefined) {
    return NodeCredentials.layer({
      profile: resolved.profile,
      configFile: resolved.files.configFile,
      credentialsFile: resolved.files.credentialsFile
    })
  }
  return "get" in given ? Layer.succeed(AwsCredentials.AwsCredentials, given) : AwsCredentials.layerStatic(given)
}

/**
 * node:crypto unless told otherwise: bench/all.ts measured it cheaper than
 * aws4fetch in CPU per call, per list page and at concurrency 16 (bench/README.md).
 * aws4fetch is imported only when chosen.
 */
const signerLayer = (choice: NodeConfig.SignerChoice | undefined): Layer.Layer<AwsSigner> =>
  choice === "aws4fetch"
    ? Layer.unwrapEffect(Effect.map(Effect.promise(() => import("@effect-codestar/core/Aws4fetchSigner")), (m) => m.layer))
    : NodeSigner.layer

/** The `layer` and `layerConfig` of one service. */
export const clientLayers = <Id>(
  service: { readonly sdkId: string },
  clientLayer: (
    options: ClientOptions
  ) => Layer.Layer<Id, ConfigError.ConfigError | EndpointError, AwsCredentials.AwsCredentials | AwsSigner | HttpClient.HttpClient>
) => {
  const layer = (
    options: NodeConfig.NodeClientOptions = {}
  ): Layer.Layer<Id, ConfigError.ConfigError | EndpointError> =>
    Layer.unwrapEffect(
      Effect.map(NodeConfig.resolve(service, options), (resolved) =>
        clientLayer(resolved.client).pipe(
          Layer.provide(Layer.mergeAll(
            credentialsLayer(options, resolved),
            signerLayer(options.signer),
            Transport.layer
          ))
        ))
    )
  const layerConfig = (
    config: Config.Config.Wrap<NodeConfig.NodeConfigOptions>
  ): Layer.Layer<Id, ConfigError.ConfigError | EndpointError> =>
    Layer.unwrapEffect(Effect.map(Config.unwrap(config), layer))
  return { layer, layerConfig }
}
