/**
 * What both services' constructors share: resolve the configuration, then
 * give the core client the signer, the credentials and our node:http
 * transport (`internal/transport.ts`; chosen by bench/transport.ts), which
 * the core takes as it is, with no platform `HttpClient`.
 */
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import type { AwsSigner } from "@effect-codestar/core/AwsSigner"
import type { ClientOptions } from "@effect-codestar/core/CodeStarConnections"
import type { DirectSend } from "@effect-codestar/core/DirectTransport"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
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
      credentialsFile: resolved.files.credentialsFile,
      credentialTimeout: options.credentialTimeout,
      providerErrorDetails: options.providerErrorDetails
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
    ? Layer.unwrapEffect(
      Effect.map(Effect.promise(() => import("@effect-codestar/core/Aws4fetchSigner")), (m) => m.layer)
    )
    : NodeSigner.layer

/**
 * What a core client needs from the context, the Node way: credentials
 * (given, or the default chain) and the chosen signer. The transport is
 * handed over directly.
 */
const requirements = (
  options: NodeConfig.NodeClientOptions,
  resolved: NodeConfig.ResolvedConfig
): Layer.Layer<AwsCredentials.AwsCredentials | AwsSigner> =>
  Layer.merge(credentialsLayer(options, resolved), signerLayer(options.signer))

/**
 * The constructors of one service, in the pattern of the `@effect/sql`
 * drivers: `make(options)` -> `layer(options)` -> `layerConfig(Config.Wrap<options>)`.
 */
export const clientConstructors = <Id, Service>(
  service: { readonly sdkId: string },
  tag: Context.Tag<Id, Service>,
  makeClient: (
    options: ClientOptions,
    transport: DirectSend
  ) => Effect.Effect<Service, ConfigError.ConfigError | EndpointError, AwsCredentials.AwsCredentials | AwsSigner>
) => {
  // The transport's sockets and a credential process live as long as the scope the client is made in.
  const make = (
    options: NodeConfig.NodeClientOptions = {}
  ): Effect.Effect<Service, ConfigError.ConfigError | EndpointError, Scope.Scope> =>
    Effect.flatMap(NodeConfig.resolve(service, options), (resolved) =>
      Effect.flatMap(
        Effect.zip(Layer.build(requirements(options, resolved)), Transport.make()),
        ([context, transport]) => Effect.provide(makeClient(resolved.client, transport), context)
      ))
  const layer = (
    options: NodeConfig.NodeClientOptions = {}
  ): Layer.Layer<Id, ConfigError.ConfigError | EndpointError> => Layer.scoped(tag, make(options))
  const layerConfig = (
    config: Config.Config.Wrap<NodeConfig.NodeConfigOptions>
  ): Layer.Layer<Id, ConfigError.ConfigError | EndpointError> =>
    Layer.scoped(tag, Effect.flatMap(Config.unwrap(config), make))
  return { make, layer, layerConfig }
}
