/**
 * AWS CodeConnections (API 2023-12-01), the renamed twin of CodeStar Connections, as an Effect service: one method
 * per operation, inputs validated from the model before anything is sent,
 * outputs and errors decoded with Schema.
 *
 * ```ts
 * const program = Effect.gen(function*() {
 *   const client = yield* CodeConnections
 *   const { Connection } = yield* client.getConnection({ ConnectionArn: arn })
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { AwsCredentials } from "./AwsCredentials.js"
import type * as ConfigError from "effect/ConfigError"
import type { EndpointError } from "./AwsEndpoint.js"
import type { AwsSigner } from "./AwsSigner.js"
import { makeMethods, type Methods } from "./generated/codeconnections/client.js"
import { service } from "./generated/codeconnections/service.js"
import { type ClientOptions, makeRunner } from "./internal/client.js"

export * from "./generated/codeconnections/errors.js"
export * from "./generated/codeconnections/schemas.js"
export { service } from "./generated/codeconnections/service.js"
export type { ClientOptions } from "./internal/client.js"

const identity = { name: "CodeConnections", sdkId: service.sdkId, signingName: service.signingName, endpointPrefix: service.endpointPrefix }

/** The CodeConnections client: one method per operation of API 2023-12-01. */
export class CodeConnections extends Context.Tag("@effect-codestar/core/CodeConnections")<
  CodeConnections,
  CodeConnections.Service
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
  ): Effect.Effect<CodeConnections.Service, EndpointError | ConfigError.ConfigError, AwsCredentials | AwsSigner | HttpClient.HttpClient> =>
    Effect.map(makeRunner(identity, options), makeMethods)

  /** A layer of the client; the runtime packages provide its requirements. */
  static readonly layer = (
    options: ClientOptions
  ): Layer.Layer<CodeConnections, EndpointError | ConfigError.ConfigError, AwsCredentials | AwsSigner | HttpClient.HttpClient> =>
    Layer.effect(CodeConnections, CodeConnections.make(options))
}

export declare namespace CodeConnections {
  /** The methods of the client. */
  export interface Service extends Methods {}
}
