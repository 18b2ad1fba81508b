/**
 * Credentials on Node.js: the standard AWS credential chain, cached and
 * refreshed before expiry.
 *
 * The chain, in order:
 *
 * 1. `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`,
 *    `AWS_CREDENTIAL_EXPIRATION`), read through Effect `Config`; skipped when
 *    a profile is chosen (option or `AWS_PROFILE`), as the AWS SDKs do.
 * 2. Everything else, from the official `@aws-sdk/credential-provider-node`:
 *    SSO, the shared files' profiles (static keys, `role_arn` with
 *    `source_profile` or `credential_source`, `credential_process`, SSO),
 *    the web identity token file (`AWS_WEB_IDENTITY_TOKEN_FILE`,
 *    `AWS_ROLE_ARN`), ECS/EKS container credentials
 *    (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`) and EC2
 *    instance metadata (IMDSv2). It is imported on first use only, so a
 *    program that finds its keys in the environment never loads it. Those
 *    providers read `process.env` themselves.
 *
 * Credentials are asked for once and reused; temporary ones are fetched
 * again five minutes before they expire, in the background, and callers
 * wait only when none are valid, all of them for the same single fetch.
 * Secrets are `Redacted`, and errors never quote them.
 *
 * @since 0.1.0
 */
import { type AwsCredentialIdentity, AwsCredentials, CredentialsUnavailable } from "@effect-codestar/core/AwsCredentials"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { cached, unavailable } from "./internal/credentialCache.js"

/** What an AWS SDK credential provider returns. */
export interface SdkCredentialIdentity {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
  readonly expiration?: Date | undefined
}

/**
 * An AWS SDK for JavaScript v3 credential provider (`fromIni()`,
 * `fromTemporaryCredentials(...)`, `defaultProvider()`, ...).
 */
export type SdkCredentialProvider = (options?: { readonly forceRefresh?: boolean }) => PromiseLike<SdkCredentialIdentity>

/** Options of the default chain. */
export interface ChainOptions {
  /** The profile to use instead of `AWS_PROFILE` (or `default`). */
  readonly profile?: string | undefined
  /** The shared config file instead of `AWS_CONFIG_FILE` (or `~/.aws/config`). */
  readonly configFile?: string | undefined
  /** The shared credentials file instead of `AWS_SHARED_CREDENTIALS_FILE` (or `~/.aws/credentials`). */
  readonly credentialsFile?: string | undefined
  /** How long before expiry to fetch new credentials. Default: 5 minutes, as the AWS SDKs. */
  readonly refreshWindow?: Duration.DurationInput | undefined
}

/** Five minutes: how long before expiry temporary credentials are refreshed. */
export const defaultRefreshWindow: Duration.Duration = Duration.minutes(5)

const setting = (name: string) =>
  Config.map(Config.option(Config.string(name)), (o) => Option.filter(o, (s) => s.trim() !== ""))

/**
 * Credentials from the standard environment variables, or `None` when the
 * key pair is not set. `AWS_CREDENTIAL_EXPIRATION` (ISO 8601), when set,
 * makes them refresh like temporary credentials.
 */
export const environment: Effect.Effect<Option.Option<AwsCredentialIdentity>, ConfigError.ConfigError> = Effect.map(
  Config.all({
    accessKeyId: setting("AWS_ACCESS_KEY_ID"),
    secretAccessKey: Config.option(Config.redacted("AWS_SECRET_ACCESS_KEY")),
    sessionToken: Config.option(Config.redacted("AWS_SESSION_TOKEN")),
    expiration: setting("AWS_CREDENTIAL_EXPIRATION")
  }),
  ({ accessKeyId, expiration, secretAccessKey, sessionToken }) => {
    const secret = Option.filter(secretAccessKey, (s) => Redacted.value(s) !== "")
    if (Option.isNone(accessKeyId) || Option.isNone(secret)) return Option.none()
    const token = Option.filter(sessionToken, (s) => Redacted.value(s) !== "")
    const expires = Option.filter(Option.map(expiration, (e) => new Date(e)), (d) => !Number.isNaN(d.getTime()))
    return Option.some<AwsCredentialIdentity>({
      accessKeyId: accessKeyId.value,
      secretAccessKey: secret.value,
      ...(Option.isSome(token) ? { sessionToken: token.value } : {}),
      ...(Option.isSome(expires) ? { expiration: expires.value } : {})
    })
  }
)

const toIdentity = (c: SdkCredentialIdentity): AwsCredentialIdentity => ({
  accessKeyId: c.accessKeyId,
  secretAccessKey: Redacted.make(c.secretAccessKey),
  ...(c.sessionToken === undefined || c.sessionToken === "" ? {} : { sessionToken: Redacted.make(c.sessionToken) }),
  ...(c.expiration === undefined ? {} : { expiration: c.expiration })
})

const ask = (source: string, provider: SdkCredentialProvider, forceRefresh: boolean) =>
  Effect.map(
    Effect.tryPromise({
      try: () => Promise.resolve(provider(forceRefresh ? { forceRefresh: true } : undefined)),
      catch: (e) => unavailable(source, e)
    }),
    toIdentity
  )

const windowMs = (refreshWindow: Duration.DurationInput | undefined) =>
  Duration.toMillis(refreshWindow ?? defaultRefreshWindow)

/**
 * Wraps any AWS SDK credential provider: its answers are cached and
 * refreshed ahead of expiry, concurrent callers share one fetch, secrets
 * become `Redacted`, failures become `CredentialsUnavailable`.
 */
export const fromProvider = (
  provider: SdkCredentialProvider,
  options: { readonly refreshWindow?: Duration.DurationInput | undefined } = {}
): Effect.Effect<AwsCredentials["Type"], never, Scope.Scope> =>
  Effect.map(
    cached(ask("credential provider", provider, false), windowMs(options.refreshWindow)),
    (get) => ({ get })
  )

/** A layer of {@link fromProvider}. */
export const layerFromProvider = (
  provider: SdkCredentialProvider,
  options: { readonly refreshWindow?: Duration.DurationInput | undefined } = {}
): Layer.Layer<AwsCredentials> => Layer.scoped(AwsCredentials, fromProvider(provider, options))

/** The SDK's chain is imported once per process, on first need. */
let sdkModule: Promise<typeof import("@aws-sdk/credential-provider-node")> | undefined
const importSdk = () => (sdkModule ??= import("@aws-sdk/credential-provider-node"))

/** The default chain (see the module documentation). */
export const make = (options: ChainOptions = {}): Effect.Effect<AwsCredentials["Type"], never, Scope.Scope> => {
  let sdkChain: SdkCredentialProvider | undefined
  const fromSdk = (profile: string | undefined) =>
    Effect.flatMap(
      Effect.tryPromise({
        try: async () => {
          if (sdkChain === undefined) {
            const { defaultProvider } = await importSdk()
            sdkChain = defaultProvider({
              ...(profile === undefined ? {} : { profile }),
              ...(options.configFile === undefined ? {} : { configFilepath: options.configFile }),
              ...(options.credentialsFile === undefined ? {} : { filepath: options.credentialsFile })
            })
          }
          return sdkChain
        },
        catch: (e) => unavailable("loading @aws-sdk/credential-provider-node", e)
      }),
      (chain) => ask("AWS credential chain", chain, true)
    )
  const fetch = Effect.gen(function*() {
    const profile = options.profile ?? Option.getOrUndefined(yield* setting("AWS_PROFILE"))
    if (profile === undefined) {
      const env = yield* environment
      if (Option.isSome(env)) return env.value
    }
    return yield* fromSdk(profile)
  }).pipe(
    Effect.catchTag("ConfigError", () =>
      Effect.fail(new CredentialsUnavailable({ message: "the AWS credential environment variables could not be read" })))
  )
  return Effect.map(cached(fetch, windowMs(options.refreshWindow)), (get) => ({ get }))
}

/** A layer of the default chain. */
export const layer = (options: ChainOptions = {}): Layer.Layer<AwsCredentials> => Layer.scoped(AwsCredentials, make(options))
