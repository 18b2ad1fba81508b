/**
 * One profile of the AWS shared files, merged as the AWS SDKs merge it: its
 * settings from `~/.aws/config` (`[profile name]`; for the default profile
 * `[profile default]`, else `[default]`) and from `~/.aws/credentials`
 * (`[name]`), the credentials file winning where both set a key; and its
 * `services` section for service-specific endpoints. Missing files are
 * empty, as in the SDKs.
 */
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import { readFile } from "node:fs/promises"
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
  /** Whether either file has a section for this profile. */
  readonly exists: boolean
  /** The profiles the files define, for error messages. */
  readonly known: ReadonlyArray<string>
}

/** A file's text, or why it could not be read; never a rejected promise. */
const readText = (path: string): Promise<{ readonly text: string } | { readonly error: unknown }> =>
  readFile(path, "utf8").then((text) => ({ text }), (error: unknown) => ({ error }))

/** A file read by {@link readText}: its sections; a missing file is empty, as in the SDKs. */
const sectionsOf = (
  path: string,
  variable: string,
  read: { readonly text: string } | { readonly error: unknown }
): Effect.Effect<IniSections, ConfigError.ConfigError> => {
  if ("text" in read) return Effect.succeed(parseIni(read.text))
  const e = read.error
  return typeof e === "object" && e !== null && "code" in e && e.code === "ENOENT"
    ? Effect.succeed<IniSections>(new Map())
    : Effect.fail(ConfigError.SourceUnavailable(
      [variable],
      `cannot read ${path} (${typeof e === "object" && e !== null && "code" in e ? String(e.code) : "unknown error"})`,
      Cause.empty
    ))
}

/**
 * Reads both files at once (one wait on the file system rather than two,
 * without forking fibers, which costs more than it saves on a cold start)
 * and picks the profile `name`. When neither can be read, the config
 * file's error is the one reported, as when they were read in turn.
 */
export const loadProfile = (name: string, files: SharedFiles): Effect.Effect<Profile, ConfigError.ConfigError> =>
  Effect.map(
    Effect.flatMap(
      // `readText` never rejects, so this promise cannot fail.
      Effect.promise(() => Promise.all([readText(files.configFile), readText(files.credentialsFile)])),
      ([config, credentials]) =>
        Effect.zip(
          sectionsOf(files.configFile, "AWS_CONFIG_FILE", config),
          sectionsOf(files.credentialsFile, "AWS_SHARED_CREDENTIALS_FILE", credentials)
        )
    ),
    ([config, credentials]) => {
      const fromConfig = name === "default"
        ? config.get("profile default") ?? config.get("default")
        : config.get(`profile ${name}`)
      const fromCredentials = credentials.get(name)
      const get = (key: string) => fromCredentials?.get(key) ?? fromConfig?.get(key)
      const known = new Set<string>()
      for (const section of config.keys()) {
        if (section === "default") known.add(section)
        else if (section.startsWith("profile ")) known.add(section.slice("profile ".length))
      }
      for (const section of credentials.keys()) if (!section.includes(" ")) known.add(section)
      return {
        name,
        get,
        serviceEndpoint: (serviceKey) => {
          const section = get("services")
          return section === undefined
            ? undefined
            : config.get(`services ${section}`)?.get(`${serviceKey}.endpoint_url`)
        },
        describe: (key) => `${key} of profile ${name} (${files.configFile})`,
        exists: fromConfig !== undefined || fromCredentials !== undefined,
        known: [...known].sort()
      }
    }
  )

/**
 * Settings that make the AWS SDKs take another provider for a profile even
 * when it has a `credential_process` (SSO, role assumption, static keys, web
 * identity come first). A profile with any of them is left to the SDK.
 */
const takesPrecedence = [
  "sso_start_url",
  "sso_session",
  "sso_account_id",
  "sso_region",
  "sso_role_name",
  "role_arn",
  "aws_access_key_id",
  "web_identity_token_file"
]

/** The command of a profile whose credentials come from `credential_process`, if it is one. */
export const processCommandOf = (profile: Profile): string | undefined => {
  const command = profile.get("credential_process")?.trim()
  if (command === undefined || command === "") return undefined
  return takesPrecedence.every((key) => profile.get(key) === undefined) ? command : undefined
}
