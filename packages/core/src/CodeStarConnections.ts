/**
 * AWS CodeStar Connections (API 2019-12-01) as an Effect service: one method
 * per operation, inputs validated from the model before anything is sent,
 * outputs and errors decoded with Schema.
 *
 * ```ts
 * const program = Effect.gen(function*() {
 *   const client = yield* CodeStarConnections
 *   const { Connection } = yield* client.getConnection({ ConnectionArn: arn })
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { AwsCredentials } from "./AwsCredentials.js"
import type { EndpointError } from "./AwsEndpoint.js"
import type { AwsSigner } from "./AwsSigner.js"
import type { DirectSend } from "./DirectTransport.js"
import { makeMethods, type Methods } from "./generated/codestar-connections/client.js"
import { service } from "./generated/codestar-connections/service.js"
import { type ClientOptions, httpClientTransport, makeRunner as makeServiceRunner } from "./internal/client.js"
import type { OperationRunner } from "./internal/operation.js"

/**
 * The modeled error classes of API 2019-12-01, and each operation's error union (`GetConnectionError`, ...).
 *
 * @since 0.1.0
 * @category errors
 */
export * from "./generated/codestar-connections/errors.js"
/**
 * The schemas and types of every input, output and shape of API 2019-12-01.
 *
 * @since 0.1.0
 * @category schemas
 */
export * from "./generated/codestar-connections/schemas.js"
export {
  /**
   * The identity of the service as the model states it (sdkId, version, target prefix, signing name).
   *
   * @since 0.1.0
   * @category models
   */
  service
} from "./generated/codestar-connections/service.js"
export type {
  /**
   * How a client reaches the service: region, endpoint, FIPS and dual-stack, retry policy, User-Agent app id.
   *
   * @since 0.1.0
   * @category models
   */
  ClientOptions
} from "./internal/client.js"

const identity = {
  name: "CodeStarConnections",
  sdkId: service.sdkId,
  signingName: service.signingName,
  endpointPrefix: service.endpointPrefix
}

/**
 * Turns one operation's descriptor (from
 * `@effect-codestar/core/CodeStarConnections/operations`) into that call,
 * typed exactly as the client's method: `run(GetConnection)` is a
 * function of a `GetConnectionInput` that succeeds with a
 * `GetConnectionOutput` and fails with a `GetConnectionError`, and has the
 * same `withMetadata` variant. The calls require nothing and share the
 * runner's endpoint, retry quota and clock-skew offset.
 *
 * Give it descriptors of API 2019-12-01 only (`CodeStarConnections/operations`):
 * a descriptor carries its own `X-Amz-Target`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Runner extends OperationRunner {}

/**
 * Builds a {@link Runner}: the client without its method table, for programs
 * that must carry only the operations they call. The `CodeStarConnections`
 * service lists all 27 operations, so a bundle that uses it carries every
 * operation's schemas; a bundle that runs descriptors imported one by one
 * carries only theirs (a Cloudflare Worker calling GetConnection and waiting
 * for a connection: see the runtime-edge package's `makeRunnerFromBindings`).
 * Credentials, signer and HTTP client are taken from the context now; errors
 * as for `CodeStarConnections.make`. {@link makeRunnerWithTransport} takes a transport
 * instead of the `HttpClient`.
 *
 * ```ts
 * import { makeRunner } from "@effect-codestar/core/CodeStarConnections"
 * import { GetConnection } from "@effect-codestar/core/CodeStarConnections/operations"
 * import * as Waiters from "@effect-codestar/core/Waiters"
 *
 * const program = Effect.gen(function*() {
 *   const run = yield* makeRunner({ region: "us-east-1" })
 *   const getConnection = run(GetConnection)
 *   const { Connection } = yield* getConnection({ ConnectionArn })
 *   // The waiters need only the one method they poll.
 *   const available = yield* Waiters.waitUntilConnectionAvailable({ getConnection }, { ConnectionArn })
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeRunner = (
  options: ClientOptions
): Effect.Effect<
  Runner,
  EndpointError | ConfigError.ConfigError,
  AwsCredentials | AwsSigner | HttpClient.HttpClient
> => Effect.flatMap(httpClientTransport, (transport) => makeServiceRunner(identity, options, transport))

/**
 * {@link makeRunner} with the given transport instead of a platform
 * `HttpClient` from the context (see `DirectTransport`): what the runtime
 * packages use, so that `@effect/platform`'s HTTP modules are never loaded.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeRunnerWithTransport = (
  options: ClientOptions,
  transport: DirectSend
): Effect.Effect<Runner, EndpointError | ConfigError.ConfigError, AwsCredentials | AwsSigner> =>
  makeServiceRunner(identity, options, transport)

/**
 * `CodeStarConnections.make` with the given transport instead of a platform
 * `HttpClient` from the context (see `DirectTransport`): what the runtime
 * packages use, so that `@effect/platform`'s HTTP modules are never loaded.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeWithTransport = (
  options: ClientOptions,
  transport: DirectSend
): Effect.Effect<CodeStarConnections.Service, EndpointError | ConfigError.ConfigError, AwsCredentials | AwsSigner> =>
  Effect.map(makeServiceRunner(identity, options, transport), makeMethods)

/**
 * The CodeStar Connections client: one method per operation of API 2019-12-01.
 * Its method table references every operation, so a bundle that uses it
 * carries all of them; see {@link makeRunner} for one that carries only the
 * operations it calls. (The class is marked pure: a bundle that does not use
 * it drops it.)
 *
 * @since 0.1.0
 * @category tags
 */
export class CodeStarConnections extends /* @__PURE__ */ Context.Tag("@effect-codestar/core/CodeStarConnections")<
  CodeStarConnections,
  CodeStarConnections.Service
>() {
  /**
   * Builds a client. Credentials, signer and HTTP client are taken from the
   * context now, so the methods require nothing; a configuration that leads
   * to no endpoint (no region, FIPS with a custom endpoint, ...) fails here
   * with an `EndpointError`; an invalid region or `retry` option with a
   * `ConfigError` naming the option. The retry quota and the clock-skew
   * offset belong to the client built here, shared by all its calls.
   */
  static readonly make = (
    options: ClientOptions
  ): Effect.Effect<
    CodeStarConnections.Service,
    EndpointError | ConfigError.ConfigError,
    AwsCredentials | AwsSigner | HttpClient.HttpClient
  > => Effect.map(makeRunner(options), makeMethods)

  /** A layer of the client; the runtime packages provide its requirements. */
  static readonly layer = (
    options: ClientOptions
  ): Layer.Layer<
    CodeStarConnections,
    EndpointError | ConfigError.ConfigError,
    AwsCredentials | AwsSigner | HttpClient.HttpClient
  > => Layer.effect(CodeStarConnections, CodeStarConnections.make(options))
}

/**
 * The types that go with the `CodeStarConnections` tag.
 *
 * @since 0.1.0
 * @category models
 */
export declare namespace CodeStarConnections {
  /**
   * The methods of the client: the generated, declared `Methods` interface
   * (each method's input, output and error type by name).
   *
   * @since 0.1.0
   * @category models
   */
  export interface Service extends Methods {}
}
