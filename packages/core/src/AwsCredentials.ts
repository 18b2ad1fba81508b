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

/** An AWS identity. Secrets are `Redacted` so that they never print. */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken?: Redacted.Redacted<string> | undefined
  /** When temporary credentials stop being valid; providers refresh before it. */
  readonly expiration?: Date | undefined
}

/** No usable credentials could be found or refreshed. The message never contains a secret. */
export class CredentialsUnavailable extends Schema.TaggedError<CredentialsUnavailable>()("CredentialsUnavailable", {
  message: Schema.String
}) {}

/** The source of credentials a client signs with. Each call asks it once. */
export class AwsCredentials extends Context.Tag("@effect-codestar/core/AwsCredentials")<
  AwsCredentials,
  { readonly get: Effect.Effect<AwsCredentialIdentity, CredentialsUnavailable> }
>() {}

/** Fixed credentials, for tests, the emulator, or a caller that manages them itself. */
export const fromStatic = (options: {
  readonly accessKeyId: string
  readonly secretAccessKey: string | Redacted.Redacted<string>
  readonly sessionToken?: string | Redacted.Redacted<string> | undefined
}): AwsCredentials["Type"] => {
  const redact = (s: string | Redacted.Redacted<string>) => (Redacted.isRedacted(s) ? s : Redacted.make(s))
  const identity: AwsCredentialIdentity = {
    accessKeyId: options.accessKeyId,
    secretAccessKey: redact(options.secretAccessKey),
    ...(options.sessionToken === undefined ? {} : { sessionToken: redact(options.sessionToken) })
  }
  return { get: Effect.succeed(identity) }
}

/** A layer of fixed credentials. */
export const layerStatic = (options: Parameters<typeof fromStatic>[0]): Layer.Layer<AwsCredentials> =>
  Layer.succeed(AwsCredentials, fromStatic(options))
