/**
 * Client configuration the way the AWS SDKs and CLI find it: explicit
 * options first, then environment variables (read through Effect `Config`,
 * so any `ConfigProvider` can supply them), then the profile in the shared
 * config files. A setting found nowhere takes its documented default, except
 * the region: without one, resolution fails with a `ConfigError`, because a
 * guessed region sends requests (and data) somewhere the user did not choose.
 *
 * | setting | option | environment | profile key |
 * |---|---|---|---|
 * | region | `region` | `AWS_REGION`, `AWS_DEFAULT_REGION` | `region` |
 * | endpoint | `endpoint` | `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL` | `services` section, `endpoint_url` |
 * | FIPS | `useFipsEndpoint` | `AWS_USE_FIPS_ENDPOINT` | `use_fips_endpoint` |
 * | dual-stack | `useDualstackEndpoint` | `AWS_USE_DUALSTACK_ENDPOINT` | `use_dualstack_endpoint` |
 * | attempts | `retry.maxAttempts` | `AWS_MAX_ATTEMPTS` | `max_attempts` |
 * | retry mode | `retry.mode` | `AWS_RETRY_MODE` | `retry_mode` |
 * | profile | `profile` | `AWS_PROFILE` | |
 * | app id (User-Agent) | `userAgentAppId` | `AWS_SDK_UA_APP_ID` | `sdk_ua_app_id` |
 *
 * `<SERVICE>` is the service id upper-cased with spaces and dashes as
 * underscores: `AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS` and
 * `AWS_ENDPOINT_URL_CODECONNECTIONS`; in a `services` section the key is the
 * lower-case form (`codestar_connections`, `codeconnections`).
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or
 * `ignore_configured_endpoint_urls` in the profile) ignores every configured
 * endpoint but an explicit option. The files are `AWS_CONFIG_FILE` and
 * `AWS_SHARED_CREDENTIALS_FILE`, by default `~/.aws/config` and
 * `~/.aws/credentials`, read by the rules the AWS SDKs share (see
 * internal/ini.ts: inline comments after a blank, keys in any case, trimmed
 * section headers). A profile named by the option or `AWS_PROFILE` that
 * neither file defines is a `ConfigError` naming the files searched, and a
 * region that cannot be one (`us east 1`) is a `ConfigError` naming where it
 * was found.
 *
 * @since 0.1.0
 */
import type * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { regionProblem } from "@effect-codestar/core/AwsEndpoint"
import type { ClientOptions } from "@effect-codestar/core/CodeStarConnections"
import type { RetryMode } from "@effect-codestar/core/Retry"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as DefaultServices from "effect/DefaultServices"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { homedir, platform, release } from "node:os"
import { join } from "node:path"
import { loadProfile, type Profile, type SharedFiles } from "./internal/profile.js"

/**
 * Fixed credentials given in code: the core's one type for them.
 *
 * @since 0.1.0
 * @category models
 */
export type StaticCredentials = AwsCredentials.StaticCredentials

/**
 * Options of the Node layers. Everything is optional; see the module documentation for where each setting is found.
 *
 * @since 0.1.0
 * @category models
 */
export interface NodeClientOptions extends Omit<ClientOptions, "region"> {
  /** The AWS region; found in `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile when left out. */
  readonly region?: string | undefined
  /** The profile of the shared files to read settings and credentials from. */
  readonly profile?: string | undefined
  /**
   * Credentials to sign with instead of the default chain: fixed keys, or
   * any `AwsCredentials` implementation.
   */
  readonly credentials?: StaticCredentials | AwsCredentials.AwsCredentials["Type"] | undefined
  /**
   * The SigV4 implementation: `"node-crypto"` (the default: `NodeSigner`,
   * Node's own crypto, the cheapest per call in bench/all.ts) or
   * `"aws4fetch"` (WebCrypto, the same signer as the edge runtime; the same
   * signatures, byte for byte, at more CPU per call on Node).
   */
  readonly signer?: SignerChoice | undefined
  /**
   * How long one fetch of the default credential chain may take (a hung
   * `credential_process`, an unreachable metadata service) before the calls
   * waiting on it fail with reason `Credentials`; the next call starts a
   * fresh fetch. Default 30 seconds.
   */
  readonly credentialTimeout?: Duration.DurationInput | undefined
  /**
   * Add a credential provider's own error text to credential errors. Off by
   * default, because that text can quote a `credential_process` command line.
   */
  readonly providerErrorDetails?: boolean | undefined
}

/**
 * Which SigV4 implementation signs the requests.
 *
 * @since 0.1.0
 * @category models
 */
export type SignerChoice = "aws4fetch" | "node-crypto"

/**
 * The options `layerConfig` reads through `Config`: those of
 * {@link NodeClientOptions} that are plain data.
 *
 * @since 0.1.0
 * @category models
 */
export interface NodeConfigOptions extends Omit<ClientOptions, "region"> {
  /** The AWS region; found as by `NodeClientOptions` when left out. */
  readonly region?: string | undefined
  readonly profile?: string | undefined
  readonly credentials?: StaticCredentials | undefined
  readonly signer?: SignerChoice | undefined
}

/**
 * What resolution produced: the core client options, and where credentials should look.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedConfig {
  /** The core client options, the region set. */
  readonly client: ClientOptions & { readonly region: string }
  /** The explicit profile (option or `AWS_PROFILE`), if any. */
  readonly profile: string | undefined
  readonly files: SharedFiles
}

/**
 * `CodeStar connections` becomes `CODESTAR_CONNECTIONS`, for `AWS_ENDPOINT_URL_<SERVICE>`.
 *
 * @since 0.1.0
 * @category utils
 */
export const serviceEnvironmentName = (sdkId: string): string => sdkId.trim().replace(/[\s-]+/g, "_").toUpperCase()

/**
 * `CodeStar connections` becomes `codestar_connections`, the key in a `services` section.
 *
 * @since 0.1.0
 * @category utils
 */
export const serviceConfigKey = (sdkId: string): string => sdkId.trim().replace(/[\s-]+/g, "_").toLowerCase()

const setting = (name: string): Config.Config<string | undefined> =>
  Config.map(Config.option(Config.string(name)), (o) => Option.getOrUndefined(Option.filter(o, (s) => s.trim() !== "")))

const invalid = (where: string, message: string) => ConfigError.InvalidData([where], message)

const parseBoolean = (
  where: string,
  value: string | undefined
): Either.Either<boolean | undefined, ConfigError.ConfigError> => {
  if (value === undefined) return Either.right(undefined)
  const v = value.trim().toLowerCase()
  if (v === "true") return Either.right(true)
  if (v === "false") return Either.right(false)
  return Either.left(invalid(where, `expected true or false, got ${value}`))
}

const parseAttempts = (
  where: string,
  value: string | undefined
): Either.Either<number | undefined, ConfigError.ConfigError> => {
  if (value === undefined) return Either.right(undefined)
  const n = Number(value.trim())
  return Number.isInteger(n) && n >= 1
    ? Either.right(n)
    : Either.left(invalid(where, `expected a whole number of at least 1, got ${value}`))
}

/** `legacy` is read as `standard`, as the AWS SDK for JavaScript v3 does (it has no legacy mode). */
const parseMode = (
  where: string,
  value: string | undefined
): Either.Either<RetryMode | undefined, ConfigError.ConfigError> => {
  if (value === undefined) return Either.right(undefined)
  const v = value.trim().toLowerCase()
  if (v === "standard" || v === "legacy") return Either.right("standard")
  if (v === "adaptive") return Either.right("adaptive")
  return Either.left(invalid(where, `expected standard, adaptive or legacy, got ${value}`))
}

/** The environment variables resolution reads, by the name resolution gives them. */
const environmentVariables = (serviceName: string) => ({
  region: "AWS_REGION",
  defaultRegion: "AWS_DEFAULT_REGION",
  profile: "AWS_PROFILE",
  configFile: "AWS_CONFIG_FILE",
  credentialsFile: "AWS_SHARED_CREDENTIALS_FILE",
  home: "HOME",
  userProfile: "USERPROFILE",
  endpoint: "AWS_ENDPOINT_URL",
  serviceEndpoint: `AWS_ENDPOINT_URL_${serviceName}`,
  ignoreConfiguredEndpoints: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  useFips: "AWS_USE_FIPS_ENDPOINT",
  useDualstack: "AWS_USE_DUALSTACK_ENDPOINT",
  maxAttempts: "AWS_MAX_ATTEMPTS",
  retryMode: "AWS_RETRY_MODE",
  appId: "AWS_SDK_UA_APP_ID"
})

type EnvironmentVariables = ReturnType<typeof environmentVariables>
type Environment = { readonly [K in keyof EnvironmentVariables]: string | undefined }

const mapVariables = <A>(
  names: EnvironmentVariables,
  f: (name: string) => A
): { readonly [K in keyof EnvironmentVariables]: A } => ({
  region: f(names.region),
  defaultRegion: f(names.defaultRegion),
  profile: f(names.profile),
  configFile: f(names.configFile),
  credentialsFile: f(names.credentialsFile),
  home: f(names.home),
  userProfile: f(names.userProfile),
  endpoint: f(names.endpoint),
  serviceEndpoint: f(names.serviceEndpoint),
  ignoreConfiguredEndpoints: f(names.ignoreConfiguredEndpoints),
  useFips: f(names.useFips),
  useDualstack: f(names.useDualstack),
  maxAttempts: f(names.maxAttempts),
  retryMode: f(names.retryMode),
  appId: f(names.appId)
})

/**
 * What {@link setting} reads from the default provider, read directly: the
 * variable, `undefined` when unset or blank. (The default provider looks the
 * name up in `process.env`, and a string config accepts any string.)
 */
const variable = (name: string): string | undefined => {
  const value = process.env[name]
  return value === undefined || value.trim() === "" ? undefined : value
}

/**
 * The environment, through the current `ConfigProvider`. When the fiber has
 * Effect's default services as they are at start-up (so the provider is the
 * default one, the process environment), the variables are read directly:
 * the same values, without running fifteen `Config` lookups through the
 * provider at every layer build, which cost milliseconds on a cold start.
 * Any other provider (or any other change to the default services) takes
 * the general path.
 */
const environment = (serviceName: string): Effect.Effect<Environment, ConfigError.ConfigError> => {
  const names = environmentVariables(serviceName)
  return Effect.flatMap(DefaultServices.currentServices, (services) =>
    services === DefaultServices.liveServices
      ? Effect.succeed(mapVariables(names, variable))
      : Effect.configProviderWith((provider) => provider.load(Config.all(mapVariables(names, setting)))))
}

/** The runtime's part of the User-Agent, as the AWS SDK for JavaScript writes it on Node. */
const runtimeUserAgent = (): ReadonlyArray<readonly [string, string]> => [
  [`os/${platform()}`, release()],
  ["md/nodejs", process.versions.node]
]

/**
 * Resolves the client options of a service (identified by its model
 * `sdkId`) from the options, the environment and the profile. The profile
 * files are read only when a setting is not found before them.
 *
 * @since 0.1.0
 * @category configuration
 */
export const resolve = (
  service: { readonly sdkId: string },
  options: NodeClientOptions = {}
): Effect.Effect<ResolvedConfig, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const env = yield* environment(serviceEnvironmentName(service.sdkId))
    const explicitProfile = options.profile ?? env.profile
    const home = env.home ?? env.userProfile ?? homedir()
    const files: SharedFiles = {
      configFile: env.configFile ?? join(home, ".aws", "config"),
      credentialsFile: env.credentialsFile ?? join(home, ".aws", "credentials")
    }
    let loaded: Profile | undefined
    const profile = Effect.suspend(() =>
      loaded === undefined
        ? Effect.flatMap(loadProfile(explicitProfile ?? "default", files), (p) => {
          // A profile asked for by name must exist: a typo would otherwise surface as a missing region.
          // `default` is exempt: naming it changes nothing, and it may rightly be absent.
          if (explicitProfile !== undefined && explicitProfile !== "default" && !p.exists) {
            return Effect.fail(ConfigError.MissingData(
              [options.profile !== undefined ? "profile" : "AWS_PROFILE"],
              `Profile ${JSON.stringify(explicitProfile)} (from ${
                options.profile !== undefined ? "the profile option" : "AWS_PROFILE"
              }) is not defined in ${files.configFile} (as [profile ${explicitProfile}]) ` +
                `or in ${files.credentialsFile} (as [${explicitProfile}]); ` +
                (p.known.length === 0 ? "neither file defines any profile" : `profiles found: ${p.known.join(", ")}`)
            ))
          }
          loaded = p
          return Effect.succeed(p)
        })
        : Effect.succeed(loaded)
    )
    /** A setting from the environment, else from the profile. */
    const fromEnvOrProfile = <A>(
      envName: string,
      envValue: string | undefined,
      profileKey: string,
      parse: (where: string, value: string | undefined) => Either.Either<A | undefined, ConfigError.ConfigError>
    ): Effect.Effect<A | undefined, ConfigError.ConfigError> =>
      envValue !== undefined
        ? parse(envName, envValue)
        : Effect.flatMap(profile, (p) => parse(p.describe(profileKey), p.get(profileKey)))

    const [region, regionSource]: readonly [string | undefined, string] = options.region !== undefined
      ? [options.region, "the region option"]
      : env.region !== undefined
      ? [env.region, "AWS_REGION"]
      : env.defaultRegion !== undefined
      ? [env.defaultRegion, "AWS_DEFAULT_REGION"]
      : [(yield* profile).get("region"), (yield* profile).describe("region")]
    if (region === undefined || region.trim() === "") {
      return yield* Effect.fail(ConfigError.MissingData(
        ["AWS_REGION"],
        "No AWS region: set the region option, AWS_REGION, AWS_DEFAULT_REGION, " +
          `or region in profile ${explicitProfile ?? "default"} of ${files.configFile}`
      ))
    }
    const problem = regionProblem(region.trim())
    if (problem !== undefined) {
      return yield* Effect.fail(ConfigError.InvalidData(
        [regionSource === "AWS_REGION" || regionSource === "AWS_DEFAULT_REGION" ? regionSource : "region"],
        `Invalid region ${JSON.stringify(region)} from ${regionSource}: ${problem}`
      ))
    }
    const userAgentAppId = options.userAgentAppId ?? env.appId ??
      (yield* fromEnvOrProfile("AWS_SDK_UA_APP_ID", undefined, "sdk_ua_app_id", (_, v) => Either.right(v)))

    const useFipsEndpoint = options.useFipsEndpoint ??
      (yield* fromEnvOrProfile("AWS_USE_FIPS_ENDPOINT", env.useFips, "use_fips_endpoint", parseBoolean))
    const useDualstackEndpoint = options.useDualstackEndpoint ??
      (yield* fromEnvOrProfile("AWS_USE_DUALSTACK_ENDPOINT", env.useDualstack, "use_dualstack_endpoint", parseBoolean))
    const maxAttempts = options.retry?.maxAttempts ??
      (yield* fromEnvOrProfile("AWS_MAX_ATTEMPTS", env.maxAttempts, "max_attempts", parseAttempts))
    const mode = options.retry?.mode ??
      (yield* fromEnvOrProfile("AWS_RETRY_MODE", env.retryMode, "retry_mode", parseMode))

    let endpoint = options.endpoint
    if (endpoint === undefined) {
      const ignore = yield* fromEnvOrProfile(
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        env.ignoreConfiguredEndpoints,
        "ignore_configured_endpoint_urls",
        parseBoolean
      )
      if (ignore !== true) {
        endpoint = env.serviceEndpoint ?? env.endpoint
        if (endpoint === undefined) {
          const p = yield* profile
          endpoint = p.serviceEndpoint(serviceConfigKey(service.sdkId)) ?? p.get("endpoint_url")
        }
      }
    }

    const retry = {
      ...options.retry,
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
      ...(mode === undefined ? {} : { mode })
    }
    return {
      client: {
        region: region.trim(),
        ...(endpoint === undefined ? {} : { endpoint }),
        ...(useFipsEndpoint === undefined ? {} : { useFipsEndpoint }),
        ...(useDualstackEndpoint === undefined ? {} : { useDualstackEndpoint }),
        retry,
        ...(userAgentAppId === undefined || userAgentAppId === "" ? {} : { userAgentAppId }),
        userAgentRuntime: options.userAgentRuntime ?? runtimeUserAgent()
      },
      profile: explicitProfile,
      files
    }
  })
