/**
 * Layers of the two service clients for Node.js.
 *
 * Credentials come from the options or, when absent, from the standard
 * environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN`), read through Effect `Config`. The region is never
 * guessed: without one the layer fails with an `EndpointError`.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import type { EndpointError } from "@effect-codestar/core/AwsEndpoint"
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { type ClientOptions, CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Aws4fetchSigner } from "@effect-codestar/runtime-edge"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

/** Options of the Node layers; everything is optional except where a value cannot be found otherwise. */
export interface NodeClientOptions extends ClientOptions {
  readonly credentials?: {
    readonly accessKeyId: string
    readonly secretAccessKey: string | Redacted.Redacted<string>
    readonly sessionToken?: string | Redacted.Redacted<string> | undefined
  } | undefined
}

/** Credentials from the environment, read on each call so that a rotated variable is seen. */
export const environmentCredentials: AwsCredentials.AwsCredentials["Type"] = {
  get: Effect.gen(function*() {
    const accessKeyId = yield* Config.option(Config.nonEmptyString("AWS_ACCESS_KEY_ID"))
    const secretAccessKey = yield* Config.option(Config.redacted("AWS_SECRET_ACCESS_KEY"))
    const sessionToken = yield* Config.option(Config.redacted("AWS_SESSION_TOKEN"))
    if (Option.isNone(accessKeyId) || Option.isNone(secretAccessKey) || Redacted.value(secretAccessKey.value) === "") {
      return yield* new AwsCredentials.CredentialsUnavailable({
        message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set"
      })
    }
    return {
      accessKeyId: accessKeyId.value,
      secretAccessKey: secretAccessKey.value,
      ...(Option.isSome(sessionToken) && Redacted.value(sessionToken.value) !== "" ? { sessionToken: sessionToken.value } : {})
    }
  }).pipe(
    Effect.catchTag("ConfigError", () =>
      new AwsCredentials.CredentialsUnavailable({ message: "the AWS credential variables could not be read" }))
  )
}

const requirements = (options: NodeClientOptions) =>
  Layer.mergeAll(
    options.credentials === undefined
      ? Layer.succeed(AwsCredentials.AwsCredentials, environmentCredentials)
      : AwsCredentials.layerStatic(options.credentials),
    Aws4fetchSigner.layer,
    FetchHttpClient.layer
  )

/** The CodeStar Connections client for Node.js. */
export const layerCodeStarConnections = (options: NodeClientOptions): Layer.Layer<CodeStarConnections, EndpointError> =>
  CodeStarConnections.layer(options).pipe(Layer.provide(requirements(options)))

/** The CodeConnections client for Node.js. */
export const layerCodeConnections = (options: NodeClientOptions): Layer.Layer<CodeConnections, EndpointError> =>
  CodeConnections.layer(options).pipe(Layer.provide(requirements(options)))
