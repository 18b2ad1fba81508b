/**
 * What the core needs from credentials: an effect that yields the current
 * identity. The runtime packages supply providers (environment, profiles,
 * container, instance metadata, Worker bindings); the core only asks.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * An AWS identity. Secrets are `Redacted` so that they never print.
 *
 * @since 0.1.0
 * @category models
 */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken?: Redacted.Redacted<string> | undefined
  /** When temporary credentials stop being valid; providers refresh before it. */
  readonly expiration?: Date | undefined
}

/**
 * No usable credentials could be found or refreshed. The message never contains a secret.
 *
 * @since 0.1.0
 * @category errors
 */
export class CredentialsUnavailable
  extends /* @__PURE__ */ Schema.TaggedError<CredentialsUnavailable>()("CredentialsUnavailable", {
    message: Schema.String
  })
{}

/**
 * The source of credentials a client signs with. Each call asks it once.
 *
 * @since 0.1.0
 * @category tags
 */
export class AwsCredentials extends Context.Tag("@effect-codestar/core/AwsCredentials")<
  AwsCredentials,
  { readonly get: Effect.Effect<AwsCredentialIdentity, CredentialsUnavailable> }
>() {}

/**
 * Fixed credentials as a caller gives them: the secrets may be plain strings
 * or already `Redacted`; they are redacted from here on. The one type for
 * fixed keys in every runtime (Node's `credentials` option, the edge's
 * `EdgeClientOptions`, the emulator's test credentials).
 *
 * @since 0.1.0
 * @category models
 */
export interface StaticCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string | Redacted.Redacted<string>
  readonly sessionToken?: string | Redacted.Redacted<string> | undefined
}

/**
 * Fixed credentials, for tests, the emulator, or a caller that manages them itself.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStatic = (options: StaticCredentials): AwsCredentials["Type"] => {
  const redact = (s: string | Redacted.Redacted<string>) => (Redacted.isRedacted(s) ? s : Redacted.make(s))
  const identity: AwsCredentialIdentity = {
    accessKeyId: options.accessKeyId,
    secretAccessKey: redact(options.secretAccessKey),
    ...(options.sessionToken === undefined ? {} : { sessionToken: redact(options.sessionToken) })
  }
  return { get: Effect.succeed(identity) }
}

/**
 * A layer of fixed credentials.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerStatic = (options: StaticCredentials): Layer.Layer<AwsCredentials> =>
  Layer.succeed(AwsCredentials, fromStatic(options))
