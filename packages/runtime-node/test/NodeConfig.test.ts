import { service as codeconnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections, service as codestar } from "@effect-codestar/core/CodeStarConnections"
import { describe, expect, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { mkdir } from "node:fs/promises"
import { join } from "node:path"
import * as NodeCodeStarConnections from "../src/NodeCodeStarConnections.js"
import * as NodeConfig from "../src/NodeConfig.js"
import { tempDir } from "./support.js"

/** Resolution with exactly these variables, HOME in an empty temporary directory unless given. */
const resolveWith = (
  env: Record<string, string>,
  options: NodeConfig.NodeClientOptions = {},
  service: { readonly sdkId: string } = codestar
) =>
  Effect.gen(function*() {
    const home = yield* tempDir
    return yield* NodeConfig.resolve(service, options).pipe(
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries({ HOME: home.dir, ...env }))))
    )
  })

/** Writes a config file (and optionally a credentials file) and returns the variables that point at them. */
const files = (config: string, credentials = "") =>
  Effect.gen(function*() {
    const dir = yield* tempDir
    return {
      AWS_CONFIG_FILE: yield* dir.write("config", config),
      AWS_SHARED_CREDENTIALS_FILE: yield* dir.write("credentials", credentials)
    }
  })

describe("service-specific names", () => {
  it("upper-case the sdkId with spaces and dashes as underscores", () => {
    expect(NodeConfig.serviceEnvironmentName(codestar.sdkId)).toBe("CODESTAR_CONNECTIONS")
    expect(NodeConfig.serviceEnvironmentName(codeconnections.sdkId)).toBe("CODECONNECTIONS")
    expect(NodeConfig.serviceEnvironmentName("Elastic Load Balancing v2")).toBe("ELASTIC_LOAD_BALANCING_V2")
    expect(NodeConfig.serviceEnvironmentName("ACM-PCA")).toBe("ACM_PCA")
    expect(NodeConfig.serviceConfigKey(codestar.sdkId)).toBe("codestar_connections")
  })
})

describe("region", () => {
  it.scoped("explicit, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile", () =>
    Effect.gen(function*() {
      const f = yield* files("[default]\nregion = ap-south-1\n")
      const all = { ...f, AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-central-1" }
      expect((yield* resolveWith(all, { region: "us-west-2" })).client.region).toBe("us-west-2")
      expect((yield* resolveWith(all)).client.region).toBe("eu-west-1")
      expect((yield* resolveWith({ ...f, AWS_DEFAULT_REGION: "eu-central-1" })).client.region).toBe("eu-central-1")
      expect((yield* resolveWith(f)).client.region).toBe("ap-south-1")
    }))

  it.scoped("a named profile, chosen by option or AWS_PROFILE; the credentials file as a fallback", () =>
    Effect.gen(function*() {
      const f = yield* files(
        "[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-north-1\n",
        "[ci]\naws_access_key_id = AKIDCI\nregion = sa-east-1\n"
      )
      expect((yield* resolveWith({ ...f, AWS_PROFILE: "dev" })).client.region).toBe("eu-north-1")
      expect((yield* resolveWith({ ...f, AWS_PROFILE: "dev" }, { profile: "ci" })).client.region).toBe("sa-east-1")
      expect((yield* resolveWith({ ...f, AWS_PROFILE: "dev" })).profile).toBe("dev")
      expect((yield* resolveWith(f)).profile).toBeUndefined()
    }))

  it.scoped("the profile files default to ~/.aws", () =>
    Effect.gen(function*() {
      const home = yield* tempDir
      yield* Effect.promise(() => mkdir(join(home.dir, ".aws")))
      yield* home.write(join(".aws", "config"), "[default]\nregion = ca-central-1\n")
      const resolved = yield* resolveWith({ HOME: home.dir })
      expect(resolved.client.region).toBe("ca-central-1")
      expect(resolved.files.configFile).toBe(join(home.dir, ".aws", "config"))
      expect(resolved.files.credentialsFile).toBe(join(home.dir, ".aws", "credentials"))
    }))

  it.scoped("none anywhere is a typed configuration error, never a default", () =>
    Effect.gen(function*() {
      const f = yield* files("[default]\noutput = json\n")
      const error = yield* Effect.flip(resolveWith(f))
      expect(error._op).toBe("MissingData")
      expect(String(error)).toContain("AWS_REGION")
      expect(String(error)).toContain("No AWS region")
    }))

  it.scoped("the layer fails with it too", () =>
    Effect.gen(function*() {
      const home = yield* tempDir
      const error = yield* Effect.flip(
        Layer.build(NodeCodeStarConnections.layer()).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["HOME", home.dir]])))
        )
      )
      expect(ConfigError.isConfigError(error) && error._op).toBe("MissingData")
    }))
})

describe("what a configuration error says", () => {
  it.scoped("an inline comment after the region is not part of it", () =>
    Effect.gen(function*() {
      const f = yield* files("[default]\nregion = us-east-1 # prod\n")
      expect((yield* resolveWith(f)).client.region).toBe("us-east-1")
    }))

  it.scoped("an invalid region names the value, where it came from and why", () =>
    Effect.gen(function*() {
      const fromEnv = yield* Effect.flip(resolveWith({ AWS_REGION: "us east 1" }))
      expect(fromEnv._op).toBe("InvalidData")
      expect(String(fromEnv)).toContain("Invalid region \"us east 1\" from AWS_REGION: it contains a space")
      const f = yield* files("[default]\nregion = eu_west_1\n")
      const fromProfile = yield* Effect.flip(resolveWith(f))
      expect(String(fromProfile)).toContain(
        `Invalid region "eu_west_1" from region of profile default (${f.AWS_CONFIG_FILE})`
      )
      expect(String(fromProfile)).toContain("the character \"_\"")
      const fromOption = yield* Effect.flip(resolveWith({}, { region: "us-east-1/" }))
      expect(String(fromOption)).toContain("from the region option")
    }))

  it.scoped("an unknown profile is reported as such, with the files searched and the profiles found", () =>
    Effect.gen(function*() {
      const f = yield* files(
        "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-north-1\n",
        "[ci]\nregion = sa-east-1\n"
      )
      const error = yield* Effect.flip(resolveWith({ ...f, AWS_PROFILE: "prod" }))
      expect(error._op).toBe("MissingData")
      const text = String(error)
      expect(text).toContain("Profile \"prod\" (from AWS_PROFILE) is not defined")
      expect(text).toContain(f.AWS_CONFIG_FILE)
      expect(text).toContain(f.AWS_SHARED_CREDENTIALS_FILE)
      expect(text).toContain("profiles found: ci, default, dev")
      expect(text).not.toContain("No AWS region")
      const byOption = yield* Effect.flip(resolveWith(f, { profile: "typo" }))
      expect(String(byOption)).toContain("(from the profile option)")
      // The default profile may be absent, even when named: settings then come from elsewhere.
      expect((yield* resolveWith({ AWS_REGION: "us-east-1" })).client.region).toBe("us-east-1")
      expect((yield* resolveWith({ AWS_REGION: "us-east-1", AWS_PROFILE: "default" })).client.region).toBe("us-east-1")
    }))

  it.scoped("the files merge as in the AWS SDKs: [profile default] over [default], the credentials file over the config file", () =>
    Effect.gen(function*() {
      const f = yield* files(
        "[default]\nregion = us-east-1\n[profile default]\nregion = eu-west-1\n[profile dev]\nregion = eu-north-1\n",
        "[dev]\nregion = ap-south-1\n"
      )
      expect((yield* resolveWith(f)).client.region).toBe("eu-west-1")
      expect((yield* resolveWith({ ...f, AWS_PROFILE: "dev" })).client.region).toBe("ap-south-1")
    }))

  it.scoped("a bad retry option is a configuration error when the layer is built", () =>
    Effect.gen(function*() {
      const home = yield* tempDir
      const error = yield* Effect.flip(
        Layer.build(NodeCodeStarConnections.layer({ region: "us-east-1", retry: { maxAttempts: 0 } })).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["HOME", home.dir]])))
        )
      )
      expect(ConfigError.isConfigError(error) && error._op).toBe("InvalidData")
      expect(String(error)).toContain("retry.maxAttempts")
    }))
})

describe("the User-Agent's parts", () => {
  it.scoped("the app id from the option, AWS_SDK_UA_APP_ID or the profile's sdk_ua_app_id; the Node runtime", () =>
    Effect.gen(function*() {
      const f = yield* files("[default]\nregion = us-east-1\nsdk_ua_app_id = from-profile\n")
      expect((yield* resolveWith(f)).client.userAgentAppId).toBe("from-profile")
      expect((yield* resolveWith({ ...f, AWS_SDK_UA_APP_ID: "from-env" })).client.userAgentAppId).toBe("from-env")
      expect(
        (yield* resolveWith({ ...f, AWS_SDK_UA_APP_ID: "from-env" }, { userAgentAppId: "from-option" })).client
          .userAgentAppId
      )
        .toBe("from-option")
      const runtime = (yield* resolveWith(f)).client.userAgentRuntime
      expect(runtime).toContainEqual(["md/nodejs", process.versions.node])
      expect(runtime?.some(([name]) => name.startsWith("os/"))).toBe(true)
    }))
})

describe("endpoint", () => {
  it.scoped("explicit > service-specific variable > AWS_ENDPOINT_URL > services section > profile endpoint_url", () =>
    Effect.gen(function*() {
      const f = yield* files(
        [
          "[default]",
          "region = us-east-1",
          "endpoint_url = http://profile-global:1",
          "services = local",
          "",
          "[services local]",
          "codestar_connections =",
          "  endpoint_url = http://profile-codestar:2",
          "codeconnections =",
          "  endpoint_url = http://profile-codeconnections:3",
          ""
        ].join("\n")
      )
      const env = {
        ...f,
        AWS_ENDPOINT_URL: "http://env-global:4",
        AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS: "http://env-codestar:5",
        AWS_ENDPOINT_URL_CODECONNECTIONS: "http://env-codeconnections:6"
      }
      expect((yield* resolveWith(env, { endpoint: "http://explicit:7" })).client.endpoint).toBe("http://explicit:7")
      expect((yield* resolveWith(env)).client.endpoint).toBe("http://env-codestar:5")
      expect((yield* resolveWith(env, {}, codeconnections)).client.endpoint).toBe("http://env-codeconnections:6")
      expect((yield* resolveWith({ ...f, AWS_ENDPOINT_URL: "http://env-global:4" })).client.endpoint).toBe(
        "http://env-global:4"
      )
      expect((yield* resolveWith(f)).client.endpoint).toBe("http://profile-codestar:2")
      expect((yield* resolveWith(f, {}, codeconnections)).client.endpoint).toBe("http://profile-codeconnections:3")
      const globalOnly = yield* files("[default]\nregion = us-east-1\nendpoint_url = http://profile-global:1\n")
      expect((yield* resolveWith(globalOnly)).client.endpoint).toBe("http://profile-global:1")
      expect((yield* resolveWith({ ...globalOnly, AWS_REGION: "us-east-1" })).client.endpoint).toBe(
        "http://profile-global:1"
      )
    }))

  it.scoped("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ignores all but the explicit option", () =>
    Effect.gen(function*() {
      const f = yield* files("[default]\nregion = us-east-1\nendpoint_url = http://profile:1\n")
      const env = { ...f, AWS_ENDPOINT_URL: "http://env:2", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }
      expect((yield* resolveWith(env)).client.endpoint).toBeUndefined()
      expect((yield* resolveWith(env, { endpoint: "http://explicit:3" })).client.endpoint).toBe("http://explicit:3")
      const inProfile = yield* files(
        "[default]\nregion = us-east-1\nendpoint_url = http://profile:1\nignore_configured_endpoint_urls = true\n"
      )
      expect((yield* resolveWith(inProfile)).client.endpoint).toBeUndefined()
    }))

  it.scoped("no endpoint configured anywhere leaves it to the rule set", () =>
    Effect.gen(function*() {
      expect((yield* resolveWith({ AWS_REGION: "us-east-1" })).client.endpoint).toBeUndefined()
    }))
})

describe("FIPS, dual-stack, attempts and retry mode", () => {
  it.scoped("from the environment, else the profile, else unset", () =>
    Effect.gen(function*() {
      const f = yield* files(
        "[default]\nregion = us-east-1\nuse_fips_endpoint = true\nuse_dualstack_endpoint = TRUE\nmax_attempts = 7\nretry_mode = adaptive\n"
      )
      const fromProfile = yield* resolveWith(f)
      expect(fromProfile.client).toMatchObject({
        useFipsEndpoint: true,
        useDualstackEndpoint: true,
        retry: { maxAttempts: 7, mode: "adaptive" }
      })
      const fromEnv = yield* resolveWith({
        ...f,
        AWS_USE_FIPS_ENDPOINT: "false",
        AWS_USE_DUALSTACK_ENDPOINT: "false",
        AWS_MAX_ATTEMPTS: "2",
        AWS_RETRY_MODE: "legacy"
      })
      expect(fromEnv.client).toMatchObject({
        useFipsEndpoint: false,
        useDualstackEndpoint: false,
        retry: { maxAttempts: 2, mode: "standard" }
      })
      const none = yield* resolveWith({ AWS_REGION: "us-east-1" })
      expect(none.client.useFipsEndpoint).toBeUndefined()
      expect(none.client.useDualstackEndpoint).toBeUndefined()
      expect(none.client.retry).toEqual({})
    }))

  it.scoped("explicit options win, and other retry options pass through", () =>
    Effect.gen(function*() {
      const resolved = yield* resolveWith(
        { AWS_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "9", AWS_USE_FIPS_ENDPOINT: "true" },
        { useFipsEndpoint: false, retry: { maxAttempts: 4, attemptTimeout: "2 seconds" } }
      )
      expect(resolved.client).toMatchObject({
        useFipsEndpoint: false,
        retry: { maxAttempts: 4, attemptTimeout: "2 seconds" }
      })
    }))

  it.scoped("malformed values are typed errors that name their source", () =>
    Effect.gen(function*() {
      const bad = [
        [{ AWS_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "0" }, "AWS_MAX_ATTEMPTS"],
        [{ AWS_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "three" }, "AWS_MAX_ATTEMPTS"],
        [{ AWS_REGION: "us-east-1", AWS_RETRY_MODE: "eager" }, "AWS_RETRY_MODE"],
        [{ AWS_REGION: "us-east-1", AWS_USE_FIPS_ENDPOINT: "yes please" }, "AWS_USE_FIPS_ENDPOINT"]
      ] as const
      for (const [env, name] of bad) {
        const error = yield* Effect.flip(resolveWith(env))
        expect(error._op).toBe("InvalidData")
        expect(String(error)).toContain(name)
      }
      const f = yield* files("[default]\nregion = us-east-1\nmax_attempts = -1\n")
      const fromFile = yield* Effect.flip(resolveWith(f))
      expect(String(fromFile)).toContain("max_attempts of profile default")
    }))
})

describe("layerConfig", () => {
  it.scoped("takes its options from Config, the rest as layer() would", () =>
    Effect.gen(function*() {
      const home = yield* tempDir
      const provider = ConfigProvider.fromMap(
        new Map([["HOME", home.dir], ["DEPLOY_REGION", "eu-west-3"], ["DEPLOY_SECRET", "s"]])
      )
      const context = yield* Layer.build(
        NodeCodeStarConnections.layerConfig({
          region: Config.string("DEPLOY_REGION"),
          credentials: { accessKeyId: Config.succeed("AKIDCONFIG"), secretAccessKey: Config.redacted("DEPLOY_SECRET") }
        })
      ).pipe(Effect.withConfigProvider(provider))
      expect(Context.getOption(context, CodeStarConnections)._tag).toBe("Some")
      const missing = yield* Effect.flip(
        Layer.build(NodeCodeStarConnections.layerConfig({ region: Config.string("NOT_SET") })).pipe(
          Effect.withConfigProvider(provider)
        )
      )
      expect(ConfigError.isConfigError(missing) && missing._op).toBe("MissingData")
    }))
})

describe("the default ConfigProvider", () => {
  it("resolves from process.env exactly as ConfigProvider.fromEnv() does (read directly, not through Config)", () =>
    Effect.gen(function*() {
      const home = yield* tempDir
      const { AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE } = yield* files(
        "[profile dev]\nregion = eu-west-1\nmax_attempts = 7\n[services local]\ncodestar_connections =\n  endpoint_url = http://profile.example\n",
        "[dev]\naws_access_key_id = AKID\n"
      )
      const environments: ReadonlyArray<Record<string, string>> = [
        {},
        { AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "eu-west-2", AWS_USE_FIPS_ENDPOINT: " true " },
        { AWS_REGION: "   ", AWS_DEFAULT_REGION: "ap-south-1", AWS_RETRY_MODE: "adaptive", AWS_MAX_ATTEMPTS: "4" },
        {
          AWS_PROFILE: "dev",
          AWS_CONFIG_FILE,
          AWS_SHARED_CREDENTIALS_FILE,
          AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS: "http://service.example",
          AWS_ENDPOINT_URL: "http://all.example",
          AWS_SDK_UA_APP_ID: "app",
          AWS_USE_DUALSTACK_ENDPOINT: "false"
        },
        {
          AWS_PROFILE: "dev",
          AWS_CONFIG_FILE,
          AWS_SHARED_CREDENTIALS_FILE,
          AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true"
        },
        { AWS_REGION: "us east 1" },
        { AWS_PROFILE: "missing", AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE }
      ]
      const names = [
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "HOME",
        "USERPROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS",
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "AWS_USE_FIPS_ENDPOINT",
        "AWS_USE_DUALSTACK_ENDPOINT",
        "AWS_MAX_ATTEMPTS",
        "AWS_RETRY_MODE",
        "AWS_SDK_UA_APP_ID"
      ]
      const saved = new Map(names.map((name) => [name, process.env[name]]))
      try {
        for (const env of environments) {
          for (const name of names) delete process.env[name]
          Object.assign(process.env, { HOME: home.dir, ...env })
          const direct = yield* Effect.either(NodeConfig.resolve(codestar, {}))
          const throughConfig = yield* Effect.either(
            NodeConfig.resolve(codestar, {}).pipe(Effect.withConfigProvider(ConfigProvider.fromEnv()))
          )
          expect(direct, JSON.stringify(env)).toEqual(throughConfig)
        }
      } finally {
        for (const [name, value] of saved) {
          if (value === undefined) delete process.env[name]
          else process.env[name] = value
        }
      }
    }).pipe(Effect.scoped, Effect.runPromise))
})

describe("shared files that cannot be read", () => {
  it.scoped("fail with SourceUnavailable naming the file; the config file's error first when neither can be read", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const config = yield* dir.write("config", "[default]\nregion = eu-west-1\n")
      const credentials = yield* dir.write("credentials", "")
      // A directory cannot be read as a file (EISDIR).
      const unreadable = join(dir.dir, "a-directory")
      yield* Effect.promise(() => mkdir(unreadable))
      const failure = (env: Record<string, string>) =>
        Effect.flip(resolveWith(env)).pipe(Effect.map((e) => ({ op: e._op, text: String(e) })))

      const both = yield* failure({ AWS_CONFIG_FILE: unreadable, AWS_SHARED_CREDENTIALS_FILE: unreadable })
      expect(both.op).toBe("SourceUnavailable")
      expect(both.text).toContain("AWS_CONFIG_FILE")
      expect(both.text).toContain(`cannot read ${unreadable} (EISDIR)`)

      const credentialsOnly = yield* failure({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: unreadable })
      expect(credentialsOnly.op).toBe("SourceUnavailable")
      expect(credentialsOnly.text).toContain("AWS_SHARED_CREDENTIALS_FILE")

      const configOnly = yield* failure({ AWS_CONFIG_FILE: unreadable, AWS_SHARED_CREDENTIALS_FILE: credentials })
      expect(configOnly.text).toContain("AWS_CONFIG_FILE")

      const fine = yield* resolveWith({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials })
      expect(fine.client.region).toBe("eu-west-1")
    }))
})
