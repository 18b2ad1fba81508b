/**
 * The constructors of one service's edge client, written once for both
 * services, in the pattern of the `@effect/sql` drivers: `make(options)`,
 * `layer(options)`, `layerConfig(Config.Wrap<options>)`, and for Workers
 * `makeFromBindings(env)` / `layerFromBindings(env)`.
 */
import type { AwsCredentials } from "@effect-codestar/core/AwsCredentials"
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import type { AwsSigner } from "@effect-codestar/core/AwsSigner"
import type { ClientOptions } from "@effect-codestar/core/CodeStarConnections"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
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
  ) => Effect.Effect<
    Service,
    ConfigError.ConfigError | EndpointError,
    AwsCredentials | AwsSigner | HttpClient.HttpClient
  >,
  endpointVariable: string
) => {
  const standardConfig: Config.Config<EdgeConfig.EdgeClientOptions> = EdgeConfig.config(endpointVariable)
  const make = (
    options: EdgeConfig.EdgeClientOptions
  ): Effect.Effect<Service, ConfigError.ConfigError | EndpointError> =>
    makeClient({ userAgentRuntime: EdgeConfig.runtimeUserAgent(), ...options }).pipe(
      Effect.provide(requirements(options))
    )
  const layer = (options: EdgeConfig.EdgeClientOptions): Layer.Layer<Id, ConfigError.ConfigError | EndpointError> =>
    Layer.effect(tag, make(options))
  const layerConfig = (
    config: Config.Config.Wrap<EdgeConfig.EdgeClientOptions>
  ): Layer.Layer<Id, ConfigError.ConfigError | EndpointError> =>
    Layer.effect(tag, Effect.flatMap(Config.unwrap(config), make))
  const makeFromBindings = (
    env: EdgeConfig.AwsBindings,
    options?: Partial<ClientOptions>
  ): Effect.Effect<Service, ConfigError.ConfigError | EndpointError> =>
    Effect.flatMap(
      EdgeConfig.readBindings(env),
      (provider) =>
        Effect.withConfigProvider(
          Effect.flatMap(standardConfig, (fromEnv) => make({ ...fromEnv, ...options })),
          provider
        )
    )
  const layerFromBindings = (
    env: EdgeConfig.AwsBindings,
    options?: Partial<ClientOptions>
  ): Layer.Layer<Id, ConfigError.ConfigError | EndpointError> => Layer.effect(tag, makeFromBindings(env, options))
  return { config: standardConfig, make, layer, layerConfig, makeFromBindings, layerFromBindings }
}
