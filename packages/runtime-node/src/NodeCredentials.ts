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
 * Every fetch is bounded by `credentialTimeout` (30 seconds by default): a
 * provider that hangs fails the calls waiting for it with `Credentials`, and
 * the next call starts a fresh fetch. When the chosen profile's credentials
 * come from `credential_process`, the command is run here rather than by the
 * SDK, so that a hanging command is killed (with anything it started) when
 * its fetch times out or the client's scope closes. A provider's error text
 * may quote secrets (a command line with a password), so errors carry the
 * provider's name and a fixed reason; `providerErrorDetails: true` adds the
 * provider's own text.
 *
 * @since 0.1.0
 */
// Types only: the module itself is imported on first need (below).
import type * as SdkProviderChain from "@aws-sdk/credential-provider-node"
import {
  type AwsCredentialIdentity,
  AwsCredentials,
  CredentialsUnavailable
} from "@effect-codestar/core/AwsCredentials"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { homedir } from "node:os"
import { join } from "node:path"
import { cached, defaultFetchTimeoutMs, unavailable } from "./internal/credentialCache.js"
import type * as CredentialProcess from "./internal/credentialProcess.js"
import { loadProfile, processCommandOf } from "./internal/profile.js"

/**
 * What an AWS SDK credential provider returns.
 *
 * @since 0.1.0
 * @category models
 */
export interface SdkCredentialIdentity {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
  readonly expiration?: Date | undefined
}

/**
 * An AWS SDK for JavaScript v3 credential provider (`fromIni()`,
 * `fromTemporaryCredentials(...)`, `defaultProvider()`, ...).
 *
 * @since 0.1.0
 * @category models
 */
export type SdkCredentialProvider = (
  options?: { readonly forceRefresh?: boolean }
) => PromiseLike<SdkCredentialIdentity>

/**
 * Options of the default chain.
 *
 * @since 0.1.0
 * @category models
 */
export interface ChainOptions {
  /** The profile to use instead of `AWS_PROFILE` (or `default`). */
  readonly profile?: string | undefined
  /** The shared config file instead of `AWS_CONFIG_FILE` (or `~/.aws/config`). */
  readonly configFile?: string | undefined
  /** The shared credentials file instead of `AWS_SHARED_CREDENTIALS_FILE` (or `~/.aws/credentials`). */
  readonly credentialsFile?: string | undefined
  /** How long before expiry to fetch new credentials. Default: 5 minutes, as the AWS SDKs. */
  readonly refreshWindow?: Duration.DurationInput | undefined
  /** How long one credential fetch may take. Default: {@link defaultCredentialTimeout}. */
  readonly credentialTimeout?: Duration.DurationInput | undefined
  /**
   * Add the provider's own error text to credential errors (cut, long
   * secret-looking runs removed). Off by default: that text can quote a
   * `credential_process` command line, passwords included.
   */
  readonly providerErrorDetails?: boolean | undefined
}

/**
 * Options of {@link fromProvider}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProviderOptions {
  /** How long before expiry to fetch new credentials. Default: 5 minutes. */
  readonly refreshWindow?: Duration.DurationInput | undefined
  /** How long one credential fetch may take. Default: {@link defaultCredentialTimeout}. */
  readonly credentialTimeout?: Duration.DurationInput | undefined
  /** Add the provider's own error text to credential errors (see {@link ChainOptions}). */
  readonly providerErrorDetails?: boolean | undefined
  /** The provider's name in messages. Default: `credential provider`. */
  readonly name?: string | undefined
}

/**
 * Thirty seconds: how long one credential fetch may take before the calls waiting on it fail.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultCredentialTimeout: Duration.Duration = Duration.millis(defaultFetchTimeoutMs)

const timeoutMs = (timeout: Duration.DurationInput | undefined) =>
  Duration.toMillis(timeout ?? defaultCredentialTimeout)

/**
 * Five minutes: how long before expiry temporary credentials are refreshed.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultRefreshWindow: Duration.Duration = Duration.minutes(5)

const setting = (name: string) =>
  Config.map(Config.option(Config.string(name)), (o) => Option.filter(o, (s) => s.trim() !== ""))

/**
 * Credentials from the standard environment variables, or `None` when the
 * key pair is not set. `AWS_CREDENTIAL_EXPIRATION` (ISO 8601), when set,
 * makes them refresh like temporary credentials.
 *
 * @since 0.1.0
 * @category utils
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

const ask = (source: string, provider: SdkCredentialProvider, forceRefresh: boolean, details: boolean) =>
  Effect.flatMap(
    Effect.tryPromise({
      try: () => Promise.resolve(provider(forceRefresh ? { forceRefresh: true } : undefined)),
      catch: (e) => unavailable(source, e, details)
    }),
    // A provider is someone else's code: an answer without a key pair is a failure, not a crash later.
    (c) =>
      typeof c === "object" && c !== null && typeof c.accessKeyId === "string" && typeof c.secretAccessKey === "string"
        ? Effect.succeed(toIdentity(c))
        : Effect.fail(new CredentialsUnavailable({ message: `${source}: the provider answered without a key pair` }))
  )

const windowMs = (refreshWindow: Duration.DurationInput | undefined) =>
  Duration.toMillis(refreshWindow ?? defaultRefreshWindow)

/**
 * Wraps any AWS SDK credential provider: its answers are cached and
 * refreshed ahead of expiry, concurrent callers share one fetch, secrets
 * become `Redacted`, failures become `CredentialsUnavailable`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromProvider = (
  provider: SdkCredentialProvider,
  options: ProviderOptions = {}
): Effect.Effect<AwsCredentials["Type"], never, Scope.Scope> => {
  const source = options.name ?? "credential provider"
  return Effect.map(
    cached(ask(source, provider, false, options.providerErrorDetails === true), windowMs(options.refreshWindow), {
      source,
      timeoutMs: timeoutMs(options.credentialTimeout)
    }),
    (get) => ({ get })
  )
}

/**
 * A layer of {@link fromProvider}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromProvider = (
  provider: SdkCredentialProvider,
  options: ProviderOptions = {}
): Layer.Layer<AwsCredentials> => Layer.scoped(AwsCredentials, fromProvider(provider, options))

/** The SDK's chain is imported once per process, on first need. */
let sdkModule: Promise<typeof SdkProviderChain> | undefined
const importSdk = () => (sdkModule ??= import("@aws-sdk/credential-provider-node"))

/**
 * The `credential_process` runner (and `node:child_process` with it), imported
 * once per process when a profile first needs it: most programs never run a
 * command for credentials. A failed import is forgotten, so the next fetch
 * tries again.
 */
let processRunner: Promise<typeof CredentialProcess> | undefined
const importProcessRunner = () =>
  processRunner ??= import("./internal/credentialProcess.js").catch((e: unknown) => {
    processRunner = undefined
    return Promise.reject(e)
  })

/** Runs a profile's `credential_process`; a runner that cannot be loaded is a `CredentialsUnavailable`, like any failure. */
const runCredentialProcess = (profile: string, command: string, details: boolean) =>
  Effect.flatMap(
    Effect.tryPromise({
      try: importProcessRunner,
      catch: (e) => unavailable("loading the credential_process runner", e, details)
    }),
    (runner) => runner.runCredentialProcess(profile, command)
  )

/**
 * The default chain (see the module documentation).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: ChainOptions = {}): Effect.Effect<AwsCredentials["Type"], never, Scope.Scope> => {
  const details = options.providerErrorDetails === true
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
        catch: (e) => unavailable("loading @aws-sdk/credential-provider-node", e, details)
      }),
      (chain) => ask("AWS credential chain", chain, true, details)
    )
  /** The command, when the chosen profile's credentials come from credential_process (else the SDK decides). */
  const processCommand = (profile: string) =>
    Effect.gen(function*() {
      const home = homedir()
      const configFile = options.configFile ?? Option.getOrUndefined(yield* setting("AWS_CONFIG_FILE")) ??
        join(home, ".aws", "config")
      const credentialsFile = options.credentialsFile ??
        Option.getOrUndefined(yield* setting("AWS_SHARED_CREDENTIALS_FILE")) ?? join(home, ".aws", "credentials")
      return processCommandOf(yield* loadProfile(profile, { configFile, credentialsFile }))
    }).pipe(
      // Files that cannot be read are the SDK's to report.
      Effect.orElseSucceed(() => undefined)
    )
  const fetch = Effect.gen(function*() {
    const profile = options.profile ?? Option.getOrUndefined(yield* setting("AWS_PROFILE"))
    if (profile === undefined) {
      const env = yield* environment
      if (Option.isSome(env)) return env.value
    }
    const command = yield* processCommand(profile ?? "default")
    if (command !== undefined) return yield* runCredentialProcess(profile ?? "default", command, details)
    return yield* fromSdk(profile)
  }).pipe(
    Effect.catchTag(
      "ConfigError",
      () =>
        Effect.fail(
          new CredentialsUnavailable({ message: "the AWS credential environment variables could not be read" })
        )
    )
  )
  return Effect.map(
    cached(fetch, windowMs(options.refreshWindow), {
      source: "AWS credential chain",
      timeoutMs: timeoutMs(options.credentialTimeout)
    }),
    (get) => ({ get })
  )
}

/**
 * A layer of the default chain.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: ChainOptions = {}): Layer.Layer<AwsCredentials> =>
  Layer.scoped(AwsCredentials, make(options))
