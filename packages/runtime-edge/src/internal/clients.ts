/**
 * The constructors of one service's edge client, written once for both
 * services, in the pattern of the `@effect/sql` drivers: `make(options)`,
 * `layer(options)`, `layerConfig(Config.Wrap<options>)`, and for Workers
 * `makeFromBindings(env)` / `layerFromBindings(env)`. The same `make` and
 * `makeFromBindings` build the per-operation runner.
 *
 * Plain functions taking the core constructor as an argument, so that each
 * public constructor is an arrow function a bundler can drop when unused: a
 * Worker that builds only a runner carries neither the service class nor its
 * method table.
 */
import type { AwsCredentials } from "@effect-codestar/core/AwsCredentials"
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import type { AwsSigner } from "@effect-codestar/core/AwsSigner"
import type { ClientOptions } from "@effect-codestar/core/CodeStarConnections"
import type { DirectSend } from "@effect-codestar/core/DirectTransport"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as EdgeConfig from "../EdgeConfig.js"
import { fetchSend } from "./fetchTransport.js"
import { provideRequirements } from "./requirements.js"

/** A core constructor: a client (or a runner) from options and a transport, needing credentials and a signer. */
export type CoreMake<A> = (
  options: ClientOptions,
  transport: DirectSend
) => Effect.Effect<A, ConfigError.ConfigError | EndpointError, AwsCredentials | AwsSigner>

/** Builds with the edge requirements (static credentials, aws4fetch, `fetch`) and the runtime's User-Agent part. */
export const make = <A>(
  makeCore: CoreMake<A>,
  options: EdgeConfig.EdgeClientOptions
): Effect.Effect<A, ConfigError.ConfigError | EndpointError> =>
  makeCore({ userAgentRuntime: EdgeConfig.runtimeUserAgent(), ...options }, fetchSend).pipe(
    provideRequirements(options)
  )

/** Builds from a Worker's bindings, read with the service's standard configuration; `options` apply on top. */
export const makeFromBindings = <A>(
  makeCore: CoreMake<A>,
  endpointVariable: string,
  env: EdgeConfig.AwsBindings,
  options?: Partial<ClientOptions>
): Effect.Effect<A, ConfigError.ConfigError | EndpointError> =>
  Effect.flatMap(
    EdgeConfig.readBindings(env),
    (provider) =>
      Effect.withConfigProvider(
        Effect.flatMap(EdgeConfig.config(endpointVariable), (fromEnv) => make(makeCore, { ...fromEnv, ...options })),
        provider
      )
  )

/** The options read through `Config`, then {@link make}. */
export const makeConfig = <A>(
  makeCore: CoreMake<A>,
  config: Config.Config.Wrap<EdgeConfig.EdgeClientOptions>
): Effect.Effect<A, ConfigError.ConfigError | EndpointError> =>
  Effect.flatMap(Config.unwrap(config), (options) => make(makeCore, options))

/** A constructor as a layer of the service's tag. */
export const layer = <Id, Service, E>(
  tag: Context.Tag<Id, Service>,
  build: Effect.Effect<Service, E>
): Layer.Layer<Id, E> => Layer.effect(tag, build)
