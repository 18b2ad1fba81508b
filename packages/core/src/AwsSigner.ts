/**
 * The signing step as an interface. The core builds the exact request and asks
 * the signer for the headers to send; the runtime packages implement it with
 * aws4fetch (SigV4). Keeping it an interface keeps crypto out of the core and
 * lets tests sign deterministically.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { AwsCredentialIdentity } from "./AwsCredentials.js"

/**
 * The request as it will be sent: the signature must cover exactly these bytes.
 *
 * @since 0.1.0
 * @category models
 */
export interface SignableRequest {
  readonly method: "POST"
  readonly url: string
  /** Lower-case header names. `host` is not among them: signers take it from the URL. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Everything the signature depends on besides the request.
 *
 * @since 0.1.0
 * @category models
 */
export interface SigningScope {
  /** The SigV4 signing name of the service (`codestar-connections`, `codeconnections`). */
  readonly service: string
  readonly region: string
  readonly credentials: AwsCredentialIdentity
  /** The signing time: the client passes its (skew-corrected) clock. */
  readonly date: Date
}

/**
 * SigV4's `X-Amz-Date` form of a time, `20261128T031500Z`: what every signer
 * writes into the request and its credential scope.
 *
 * @since 0.1.0
 * @category formatting
 */
export const amzDate = (date: Date): string => date.toISOString().replace(/[:-]|\.\d{3}/g, "")

/**
 * Signing failed. The message never contains a secret.
 *
 * @since 0.1.0
 * @category errors
 */
export class SigningFailed extends Schema.TaggedError<SigningFailed>()("SigningFailed", {
  message: Schema.String
}) {}

/**
 * Signs a request: returns every header to send, the request's own included.
 *
 * @since 0.1.0
 * @category tags
 */
export class AwsSigner extends Context.Tag("@effect-codestar/core/AwsSigner")<
  AwsSigner,
  {
    readonly sign: (
      request: SignableRequest,
      scope: SigningScope
    ) => Effect.Effect<Readonly<Record<string, string>>, SigningFailed>
  }
>() {}
