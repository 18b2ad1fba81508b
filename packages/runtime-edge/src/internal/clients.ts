/**
 * The constructors of one service's edge client, written once for both
 * services: from explicit options, from a Worker's bindings, from `Config`.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type { AwsCredentials } from "@effect-codestar/core/AwsCredentials"
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import type { AwsSigner } from "@effect-codestar/core/AwsSigner"
import type { ClientOptions } from "@effect-codestar/core/CodeStarConnections"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as EdgeConfig from "../EdgeConfig.js"
import { requirements } from "./requirements.js"

export const clientConstructors = <Id, Service>(
  tag: Context.Tag<Id, Service>,
  makeClient: (
    options: ClientOptions
  ) => Effect.Effect<Service, ConfigError.ConfigError | EndpointError, AwsCredentials | AwsSigner | HttpClient.HttpClient>,
  endpointVariable: string
) => {
  const config: Config.Config<EdgeConfig.EdgeClientOptions> = EdgeConfig.config(endpointVariable)
  const make = (options: EdgeConfig.EdgeClientOptions): Effect.Effect<Service, ConfigError.ConfigError | EndpointError> =>
    makeClient({ userAgentRuntime: EdgeConfig.runtimeUserAgent(), ...options }).pipe(Effect.provide(requirements(options)))
  const makeFromBindings = (
    env: EdgeConfig.AwsBindings,
    options?: ClientOptions
  ): Effect.Effect<Service, ConfigError.ConfigError | EndpointError> =>
    Effect.flatMap(
      EdgeConfig.readBindings(env),
      (provider) =>
        Effect.withConfigProvider(
          Effect.flatMap(config, (fromEnv) => make({ ...fromEnv, ...options })),
          provider
        )
    )
  const layer = (
    env: EdgeConfig.AwsBindings,
    options?: ClientOptions
  ): Layer.Layer<Id, ConfigError.ConfigError | EndpointError> => Layer.effect(tag, makeFromBindings(env, options))
  const layerConfig = (
    clientConfig: Config.Config<EdgeConfig.EdgeClientOptions> = config
  ): Layer.Layer<Id, ConfigError.ConfigError | EndpointError> => Layer.effect(tag, Effect.flatMap(clientConfig, make))
  return { config, make, makeFromBindings, layer, layerConfig }
}
