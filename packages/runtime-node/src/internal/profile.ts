/**
 * One profile of the AWS shared files: its settings from `~/.aws/config`
 * (`[profile name]`, or `[default]`), falling back to `~/.aws/credentials`
 * (`[name]`), as the AWS SDKs merge them; and its `services` section for
 * service-specific endpoints. Missing files are empty, as in the SDKs.
 */
import { readFile } from "node:fs/promises"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import { type IniSections, parseIni } from "./ini.js"

/** Where the shared files are. */
export interface SharedFiles {
  readonly configFile: string
  readonly credentialsFile: string
}

/** The settings of one profile. */
export interface Profile {
  readonly name: string
  /** A setting (lower-case key) of the profile, or `undefined`. */
  readonly get: (key: string) => string | undefined
  /** The `endpoint_url` of a service (its config key, e.g. `codestar_connections`) in the profile's `services` section. */
  readonly serviceEndpoint: (serviceKey: string) => string | undefined
  /** Where a setting was looked for, for error messages. */
  readonly describe: (key: string) => string
}

const readIfPresent = (path: string, variable: string): Effect.Effect<IniSections, ConfigError.ConfigError> =>
  Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: (e) => e
  }).pipe(
    Effect.map(parseIni),
    Effect.catchAll((e) =>
      typeof e === "object" && e !== null && "code" in e && e.code === "ENOENT"
        ? Effect.succeed<IniSections>(new Map())
        : Effect.fail(ConfigError.SourceUnavailable(
          [variable],
          `cannot read ${path} (${typeof e === "object" && e !== null && "code" in e ? String(e.code) : "unknown error"})`,
          Cause.empty
        ))
    )
  )

/** Reads both files and picks the profile `name`. */
export const loadProfile = (name: string, files: SharedFiles): Effect.Effect<Profile, ConfigError.ConfigError> =>
  Effect.map(
    Effect.all([readIfPresent(files.configFile, "AWS_CONFIG_FILE"), readIfPresent(files.credentialsFile, "AWS_SHARED_CREDENTIALS_FILE")]),
    ([config, credentials]) => {
      const fromConfig = config.get(name === "default" ? "default" : `profile ${name}`) ??
        (name === "default" ? config.get("profile default") : undefined)
      const fromCredentials = credentials.get(name)
      const get = (key: string) => fromConfig?.get(key) ?? fromCredentials?.get(key)
      return {
        name,
        get,
        serviceEndpoint: (serviceKey) => {
          const section = get("services")
          return section === undefined ? undefined : config.get(`services ${section}`)?.get(`${serviceKey}.endpoint_url`)
        },
        describe: (key) => `${key} of profile ${name} (${files.configFile})`
      }
    }
  )
