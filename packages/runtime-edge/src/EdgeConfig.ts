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
import type { ClientOptions } from "@effect-codestar/core/CodeStarConnections"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

/** Everything an edge client needs: where to call, and with which credentials. */
export interface EdgeClientOptions extends ClientOptions {
  readonly credentials: {
    readonly accessKeyId: string
    readonly secretAccessKey: string | Redacted.Redacted<string>
    readonly sessionToken?: string | Redacted.Redacted<string> | undefined
  }
}

/**
 * The bindings the edge layers read from a Worker's `env`. Declare them in
 * your `Env` (the secret and the session token are usually secrets, the
 * region and an endpoint plain vars); other bindings in `env` are ignored.
 */
export interface AwsBindings {
  readonly AWS_ACCESS_KEY_ID: string
  /** A secret: `wrangler secret put AWS_SECRET_ACCESS_KEY`. */
  readonly AWS_SECRET_ACCESS_KEY: string
  /** For temporary credentials. An empty value counts as absent. */
  readonly AWS_SESSION_TOKEN?: string | undefined
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
  "AWS_USE_DUALSTACK_ENDPOINT"
]

/**
 * A `ConfigProvider` over the AWS bindings of a Worker's `env`. Only the names
 * above are read, and only string values, so other bindings (KV, Workflows,
 * services) are never touched.
 */
export const fromBindings = (env: AwsBindings): ConfigProvider.ConfigProvider => {
  const values = new Map<string, string>()
  for (const name of bindingNames) {
    const value: unknown = env[name]
    if (typeof value === "string") values.set(name, value)
  }
  return ConfigProvider.fromMap(values)
}

/** An optional variable; set but empty counts as absent, as the AWS SDKs do. */
const optional = (name: string): Config.Config<string | undefined> =>
  Config.option(Config.string(name)).pipe(
    Config.map((value) => Option.getOrUndefined(Option.filter(value, (s) => s !== "")))
  )

/**
 * The client configuration from the standard AWS variable names.
 * `serviceEndpointVariable` is the service's own endpoint variable
 * (`AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS` or
 * `AWS_ENDPOINT_URL_CODECONNECTIONS`), read before `AWS_ENDPOINT_URL`.
 * The region is required: the client never guesses one.
 */
export const config = (serviceEndpointVariable: string): Config.Config<EdgeClientOptions> =>
  Config.all({
    accessKeyId: Config.nonEmptyString("AWS_ACCESS_KEY_ID"),
    secretAccessKey: Config.redacted(Config.nonEmptyString("AWS_SECRET_ACCESS_KEY")),
    sessionToken: optional("AWS_SESSION_TOKEN"),
    region: Config.nonEmptyString("AWS_REGION"),
    serviceEndpoint: optional(serviceEndpointVariable),
    endpoint: optional("AWS_ENDPOINT_URL"),
    useFips: Config.withDefault(Config.boolean("AWS_USE_FIPS_ENDPOINT"), false),
    useDualstack: Config.withDefault(Config.boolean("AWS_USE_DUALSTACK_ENDPOINT"), false)
  }).pipe(Config.map((c): EdgeClientOptions => {
    const endpoint = c.serviceEndpoint ?? c.endpoint
    return {
      region: c.region,
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(c.useFips ? { useFipsEndpoint: true } : {}),
      ...(c.useDualstack ? { useDualstackEndpoint: true } : {}),
      credentials: {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        // The session token is a secret too, so it is kept redacted from here on.
        ...(c.sessionToken === undefined ? {} : { sessionToken: Redacted.make(c.sessionToken) })
      }
    }
  }))
