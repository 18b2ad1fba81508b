/**
 * What the edge layers read, and from where: the standard AWS variable names,
 * taken from a Worker's `env` bindings or from any Effect `ConfigProvider`.
 *
 * A Worker has no process environment; its configuration arrives as the `env`
 * argument of each handler (plain vars from the Wrangler file, secrets from
 * `wrangler secret put`, both as strings). Reading them through `Config`
 * gives the same validation and the same `ConfigError` (naming the missing
 * binding) whether the values come from `env` or from elsewhere.
 *
 * @since 0.1.0
 */
import type { StaticCredentials } from "@effect-codestar/core/AwsCredentials"
import { regionProblem } from "@effect-codestar/core/AwsEndpoint"
import type { ClientOptions } from "@effect-codestar/core/CodeStarConnections"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

/**
 * Everything an edge client needs: where to call, and with which credentials.
 *
 * @since 0.1.0
 * @category models
 */
export interface EdgeClientOptions extends ClientOptions {
  readonly credentials: StaticCredentials
}

/**
 * A Cloudflare Secrets Store binding: an object whose `get()` resolves to the
 * secret (declared under `secrets_store_secrets` in wrangler.jsonc).
 *
 * @since 0.1.0
 * @category models
 */
export interface SecretsStoreSecret {
  readonly get: () => Promise<string>
}

/**
 * A credential binding: a plain secret or var (a string), or a Secrets Store binding.
 *
 * @since 0.1.0
 * @category models
 */
export type SecretBinding = string | SecretsStoreSecret

/**
 * The bindings the edge layers read from a Worker's `env`. Declare them in
 * your `Env` (the keys and the session token are usually secrets, from
 * `wrangler secret put` or a Secrets Store; the region and an endpoint plain
 * vars); other bindings in `env` are ignored.
 *
 * @since 0.1.0
 * @category models
 */
export interface AwsBindings {
  readonly AWS_ACCESS_KEY_ID: SecretBinding
  /** A secret: `wrangler secret put AWS_SECRET_ACCESS_KEY`, or a Secrets Store binding. */
  readonly AWS_SECRET_ACCESS_KEY: SecretBinding
  /** For temporary credentials. An empty value counts as absent. */
  readonly AWS_SESSION_TOKEN?: SecretBinding | undefined
  readonly AWS_REGION: string
  /** A custom endpoint for every AWS service (the emulator, a proxy). */
  readonly AWS_ENDPOINT_URL?: string | undefined
  /** A custom endpoint for CodeStar Connections only; wins over `AWS_ENDPOINT_URL`. */
  readonly AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS?: string | undefined
  /** A custom endpoint for CodeConnections only; wins over `AWS_ENDPOINT_URL`. */
  readonly AWS_ENDPOINT_URL_CODECONNECTIONS?: string | undefined
  /** `"true"` to call the FIPS endpoint of the region. */
  readonly AWS_USE_FIPS_ENDPOINT?: string | undefined
  /** `"true"` to call the dual-stack endpoint of the region. */
  readonly AWS_USE_DUALSTACK_ENDPOINT?: string | undefined
  /** Your application's id, sent as `app/<id>` in the User-Agent. */
  readonly AWS_SDK_UA_APP_ID?: string | undefined
}

const bindingNames: ReadonlyArray<keyof AwsBindings> = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_REGION",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS",
  "AWS_ENDPOINT_URL_CODECONNECTIONS",
  "AWS_USE_FIPS_ENDPOINT",
  "AWS_USE_DUALSTACK_ENDPOINT",
  "AWS_SDK_UA_APP_ID"
]

/** The bindings that hold secrets, and may therefore be Secrets Store bindings. */
const secretNames: ReadonlySet<string> = new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])

const isSecretsStoreSecret = (value: unknown): value is SecretsStoreSecret =>
  typeof value === "object" && value !== null && "get" in value && typeof value.get === "function"

/**
 * A `ConfigProvider` over the string bindings of a Worker's `env`. Only the
 * names above are read, and only string values, so other bindings (KV,
 * Workflows, services) are never touched. Secrets Store bindings need an
 * asynchronous read: use {@link readBindings}, as the layers do.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromBindings = (env: AwsBindings): ConfigProvider.ConfigProvider => {
  const values = new Map<string, string>()
  for (const name of bindingNames) {
    const value: unknown = env[name]
    if (typeof value === "string") values.set(name, value)
  }
  return ConfigProvider.fromMap(values)
}

/**
 * A `ConfigProvider` over the AWS bindings of a Worker's `env`, Secrets Store
 * bindings of the credential names included (their `get()` is awaited once,
 * here). A Secrets Store read that fails is a `ConfigError` naming the
 * binding.
 *
 * @since 0.1.0
 * @category configuration
 */
export const readBindings = (env: AwsBindings): Effect.Effect<ConfigProvider.ConfigProvider, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const values = new Map<string, string>()
    for (const name of bindingNames) {
      const value: unknown = env[name]
      if (typeof value === "string") {
        values.set(name, value)
      } else if (secretNames.has(name) && isSecretsStoreSecret(value)) {
        const secret = yield* Effect.tryPromise({
          try: () => value.get(),
          catch: (e) =>
            ConfigError.SourceUnavailable(
              [name],
              `Reading the Secrets Store binding ${name} failed: ${e instanceof Error ? e.message : String(e)}`,
              Cause.empty
            )
        })
        if (typeof secret === "string") values.set(name, secret)
      }
    }
    return ConfigProvider.fromMap(values)
  })

/** How to supply a missing binding, in words a Worker's author can act on. */
const howToAdd = (name: string, secret: boolean): string =>
  secret
    ? `The Worker binding ${name} is missing or empty: add it as a secret (\`wrangler secret put ${name}\`) ` +
      `or a Secrets Store binding in wrangler.jsonc, and to .dev.vars for \`wrangler dev\``
    : `The Worker binding ${name} is missing or empty: add it to "vars" in wrangler.jsonc, ` +
      `and to .dev.vars for \`wrangler dev\``

/** A required variable; a missing or empty one fails with a message that names it and says where to add it. */
const required = (name: string, secret: boolean): Config.Config<string> =>
  Config.option(Config.string(name)).pipe(
    Config.mapOrFail((value) =>
      Option.isSome(value) && value.value !== ""
        ? Either.right(value.value)
        : Either.left(ConfigError.MissingData([name], howToAdd(name, secret)))
    )
  )

/** An optional variable; set but empty counts as absent, as the AWS SDKs do. */
const optional = (name: string): Config.Config<string | undefined> =>
  Config.option(Config.string(name)).pipe(
    Config.map((value) => Option.getOrUndefined(Option.filter(value, (s) => s !== "")))
  )

/** The region, checked: a value that cannot be a region is reported with the reason, before any endpoint is built. */
const region: Config.Config<string> = required("AWS_REGION", false).pipe(
  Config.mapOrFail((value) => {
    const problem = regionProblem(value)
    return problem === undefined
      ? Either.right(value)
      : Either.left(
        ConfigError.InvalidData(["AWS_REGION"], `Invalid region ${JSON.stringify(value)} from AWS_REGION: ${problem}`)
      )
  })
)

/**
 * The client configuration from the standard AWS variable names.
 * `serviceEndpointVariable` is the service's own endpoint variable
 * (`AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS` or
 * `AWS_ENDPOINT_URL_CODECONNECTIONS`), read before `AWS_ENDPOINT_URL`.
 * The region is required: the client never guesses one.
 *
 * @since 0.1.0
 * @category configuration
 */
export const config = (serviceEndpointVariable: string): Config.Config<EdgeClientOptions> =>
  Config.all({
    accessKeyId: required("AWS_ACCESS_KEY_ID", true),
    secretAccessKey: Config.map(required("AWS_SECRET_ACCESS_KEY", true), Redacted.make),
    sessionToken: optional("AWS_SESSION_TOKEN"),
    region,
    serviceEndpoint: optional(serviceEndpointVariable),
    endpoint: optional("AWS_ENDPOINT_URL"),
    useFips: Config.withDefault(Config.boolean("AWS_USE_FIPS_ENDPOINT"), false),
    useDualstack: Config.withDefault(Config.boolean("AWS_USE_DUALSTACK_ENDPOINT"), false),
    appId: optional("AWS_SDK_UA_APP_ID")
  }).pipe(Config.map((c): EdgeClientOptions => {
    const endpoint = c.serviceEndpoint ?? c.endpoint
    return {
      region: c.region,
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(c.useFips ? { useFipsEndpoint: true } : {}),
      ...(c.useDualstack ? { useDualstackEndpoint: true } : {}),
      ...(c.appId === undefined ? {} : { userAgentAppId: c.appId }),
      credentials: {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        // The session token is a secret too, so it is kept redacted from here on.
        ...(c.sessionToken === undefined ? {} : { sessionToken: Redacted.make(c.sessionToken) })
      }
    }
  }))

/**
 * The runtime's part of the User-Agent, from the platform's own
 * `navigator.userAgent`: `Cloudflare-Workers` becomes `md/cloudflare-workers`,
 * `Deno/2.1.4` becomes `md/deno#2.1.4`.
 *
 * @since 0.1.0
 * @category utils
 */
export const runtimeUserAgent = (): ReadonlyArray<readonly [string, string?]> => {
  // Read through globalThis: not every runtime (nor its type declarations) has `navigator`.
  const nav: unknown = Reflect.get(globalThis, "navigator")
  const agent = typeof nav === "object" && nav !== null && "userAgent" in nav && typeof nav.userAgent === "string"
    ? nav.userAgent
    : ""
  const first = agent.trim().split(/\s+/)[0] ?? ""
  if (first === "") return [["md/unknown-runtime"]]
  const slash = first.indexOf("/")
  return slash < 0
    ? [[`md/${first.toLowerCase()}`]]
    : [[`md/${first.slice(0, slash).toLowerCase()}`, first.slice(slash + 1)]]
}
