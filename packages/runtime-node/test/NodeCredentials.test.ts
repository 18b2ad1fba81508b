/**
 * The credential chain: environment keys through Config; the AWS SDK's chain
 * (loaded on first use) with shared files in a temporary HOME,
 * credential_process, container credentials and IMDSv2 faked on loopback;
 * caching and refresh ahead of expiry, one fetch shared by concurrent callers.
 */
import type { AwsCredentialIdentity } from "@effect-codestar/core/AwsCredentials"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as NodeCredentials from "../src/NodeCredentials.js"
import { loopback, sendJson, tempDir, withProcessEnv } from "./support.js"

const secretOf = (identity: AwsCredentialIdentity) => Redacted.value(identity.secretAccessKey)
const tokenOf = (identity: AwsCredentialIdentity) =>
  identity.sessionToken === undefined ? undefined : Redacted.value(identity.sessionToken)

/** A process environment with a temporary HOME, empty shared files and no instance metadata, plus `vars`. */
const isolated = (vars: Record<string, string> = {}, config = "", credentials = "") =>
  Effect.gen(function*() {
    const home = yield* tempDir
    const files = {
      AWS_CONFIG_FILE: yield* home.write("config", config),
      AWS_SHARED_CREDENTIALS_FILE: yield* home.write("credentials", credentials)
    }
    yield* withProcessEnv({ HOME: home.dir, AWS_EC2_METADATA_DISABLED: "true", ...files, ...vars })
    return { home, files }
  })

/** Fetches once through the default chain. */
const chain = (options: NodeCredentials.ChainOptions = {}) =>
  Effect.flatMap(NodeCredentials.make(options), (c) => c.get)

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString()

describe("environment", () => {
  it.scoped("keys from the standard variables, read through Config, secrets redacted", () =>
    Effect.gen(function*() {
      // The process environment is empty: only the ConfigProvider has the keys.
      yield* isolated()
      const identity = yield* chain().pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(
          new Map([
            ["AWS_ACCESS_KEY_ID", "AKIDENV"],
            ["AWS_SECRET_ACCESS_KEY", "env-secret"],
            ["AWS_SESSION_TOKEN", "env-token"]
          ])
        ))
      )
      expect(identity.accessKeyId).toBe("AKIDENV")
      expect(secretOf(identity)).toBe("env-secret")
      expect(tokenOf(identity)).toBe("env-token")
      expect(identity.expiration).toBeUndefined()
      expect(`${String(identity.secretAccessKey)} ${JSON.stringify(identity)}`).not.toContain("env-secret")
      expect(JSON.stringify(identity)).not.toContain("env-token")
    }))

  it.effect("AWS_CREDENTIAL_EXPIRATION is kept; half a key pair is no credentials", () =>
    Effect.gen(function*() {
      const withMap = (entries: ReadonlyArray<readonly [string, string]>) =>
        Effect.withConfigProvider(NodeCredentials.environment, ConfigProvider.fromMap(new Map(entries)))
      const full = yield* withMap([
        ["AWS_ACCESS_KEY_ID", "AKID"],
        ["AWS_SECRET_ACCESS_KEY", "s"],
        ["AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z"]
      ])
      expect(Option.map(full, (i) => i.expiration?.toISOString())).toEqual(Option.some("2030-01-01T00:00:00.000Z"))
      expect(Option.isNone(yield* withMap([["AWS_ACCESS_KEY_ID", "AKID"]]))).toBe(true)
      expect(Option.isNone(yield* withMap([["AWS_ACCESS_KEY_ID", "AKID"], ["AWS_SECRET_ACCESS_KEY", ""]]))).toBe(true)
    }))

  it.scoped("a chosen profile takes precedence over environment keys, as in the AWS SDKs", () =>
    Effect.gen(function*() {
      yield* isolated(
        { AWS_ACCESS_KEY_ID: "AKIDENV", AWS_SECRET_ACCESS_KEY: "env-secret", AWS_PROFILE: "work" },
        "",
        "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\n"
      )
      const identity = yield* chain()
      expect(identity.accessKeyId).toBe("AKIDWORK")
    }))
})

describe("shared files (through @aws-sdk/credential-provider-node)", () => {
  it.scoped("static keys of the default profile from the credentials file", () =>
    Effect.gen(function*() {
      yield* isolated({}, "", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n")
      const identity = yield* chain()
      expect(identity.accessKeyId).toBe("AKIDFILE")
      expect(secretOf(identity)).toBe("file-secret")
      expect(Redacted.isRedacted(identity.secretAccessKey)).toBe(true)
    }))

  it.scoped("a named profile of the config file, by option and by AWS_PROFILE", () =>
    Effect.gen(function*() {
      const config = [
        "[default]",
        "aws_access_key_id = AKIDDEFAULT",
        "aws_secret_access_key = default-secret",
        "[profile dev]",
        "aws_access_key_id = AKIDDEV",
        "aws_secret_access_key = dev-secret",
        "aws_session_token = dev-token",
        ""
      ].join("\n")
      yield* isolated({}, config)
      const byOption = yield* chain({ profile: "dev" })
      expect(byOption.accessKeyId).toBe("AKIDDEV")
      expect(tokenOf(byOption)).toBe("dev-token")
      process.env["AWS_PROFILE"] = "dev"
      expect((yield* chain()).accessKeyId).toBe("AKIDDEV")
      delete process.env["AWS_PROFILE"]
      expect((yield* chain()).accessKeyId).toBe("AKIDDEFAULT")
    }))

  it.scoped("files given as options rather than variables", () =>
    Effect.gen(function*() {
      yield* isolated()
      const elsewhere = yield* tempDir
      const credentialsFile = yield* elsewhere.write(
        "creds.ini",
        "[default]\naws_access_key_id = AKIDOPT\naws_secret_access_key = opt-secret\n"
      )
      const configFile = yield* elsewhere.write("config.ini", "")
      const identity = yield* chain({ credentialsFile, configFile })
      expect(identity.accessKeyId).toBe("AKIDOPT")
    }))

  it.scoped("credential_process: the process's JSON, with its expiration", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const expiration = inAnHour()
      const script = yield* dir.write(
        "credentials.mjs",
        `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: "AKIDPROC", SecretAccessKey: "proc-secret", SessionToken: "proc-token", Expiration: ${
          JSON.stringify(expiration)
        } }))\n`
      )
      yield* isolated({}, `[profile proc]\ncredential_process = ${process.execPath} ${script}\n`)
      const identity = yield* chain({ profile: "proc" })
      expect(identity.accessKeyId).toBe("AKIDPROC")
      expect(secretOf(identity)).toBe("proc-secret")
      expect(tokenOf(identity)).toBe("proc-token")
      expect(identity.expiration?.toISOString()).toBe(new Date(expiration).toISOString())
    }))

  it.scoped("nothing anywhere: a typed error that says why", () =>
    Effect.gen(function*() {
      yield* isolated()
      const error = yield* Effect.flip(chain())
      expect(error._tag).toBe("CredentialsUnavailable")
      expect(error.message).toBe(
        "AWS credential chain: no credentials found (environment, shared files, SSO, container, instance metadata)"
      )
    }))
})

describe("container and instance metadata (loopback)", () => {
  it.scoped("ECS/EKS: AWS_CONTAINER_CREDENTIALS_FULL_URI with its authorization token", () =>
    Effect.gen(function*() {
      const server = yield* loopback((_, res) =>
        sendJson(res, 200, {
          AccessKeyId: "AKIDCONTAINER",
          SecretAccessKey: "container-secret",
          Token: "container-token",
          Expiration: inAnHour()
        })
      )
      yield* isolated({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/v2/credentials/abc`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: "container-auth"
      })
      const identity = yield* chain()
      expect(identity.accessKeyId).toBe("AKIDCONTAINER")
      expect(tokenOf(identity)).toBe("container-token")
      expect(identity.expiration).toBeInstanceOf(Date)
      expect(server.seen).toHaveLength(1)
      expect(server.seen[0]!.url).toBe("/v2/credentials/abc")
      expect(server.seen[0]!.headers["authorization"]).toBe("container-auth")
    }))

  it.scoped("EKS Pod Identity style: the authorization token read from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", () =>
    Effect.gen(function*() {
      const server = yield* loopback((req, res) =>
        req.headers["authorization"] === "pod-identity-token"
          ? sendJson(res, 200, {
            AccessKeyId: "AKIDPOD",
            SecretAccessKey: "pod-secret",
            Token: "pod-token",
            Expiration: inAnHour()
          })
          : sendJson(res, 401, { message: "no token" })
      )
      const dir = yield* tempDir
      const tokenFile = yield* dir.write("token", "pod-identity-token")
      yield* isolated({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/v1/credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile
      })
      expect((yield* chain()).accessKeyId).toBe("AKIDPOD")
    }))

  it.scoped("a failed fetch is not cached: the next call asks again", () =>
    Effect.gen(function*() {
      let failing = true
      const server = yield* loopback((_, res) =>
        failing
          ? sendJson(res, 500, { message: "not yet" })
          : sendJson(res, 200, { AccessKeyId: "AKIDLATER", SecretAccessKey: "s", Token: "t", Expiration: inAnHour() })
      )
      yield* isolated({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/creds` })
      const credentials = yield* NodeCredentials.make()
      const error = yield* Effect.flip(credentials.get)
      expect(error._tag).toBe("CredentialsUnavailable")
      const failedRequests = server.seen.length
      expect(failedRequests).toBeGreaterThan(0)
      failing = false
      expect((yield* credentials.get).accessKeyId).toBe("AKIDLATER")
      expect(server.seen.length).toBe(failedRequests + 1)
    }))

  it.scoped("EC2: IMDSv2, a session token first, then the role's credentials", () =>
    Effect.gen(function*() {
      const server = yield* loopback((req, res) => {
        if (req.method === "PUT" && req.url === "/latest/api/token") {
          res.writeHead(200, { "content-type": "text/plain" })
          res.end("imds-session-token")
        } else if (req.headers["x-aws-ec2-metadata-token"] !== "imds-session-token") {
          res.writeHead(401)
          res.end()
        } else if (req.url === "/latest/meta-data/iam/security-credentials/") {
          res.writeHead(200, { "content-type": "text/plain" })
          res.end("instance-role")
        } else if (req.url === "/latest/meta-data/iam/security-credentials/instance-role") {
          sendJson(res, 200, {
            Code: "Success",
            Type: "AWS-HMAC",
            AccessKeyId: "AKIDIMDS",
            SecretAccessKey: "imds-secret",
            Token: "imds-token",
            Expiration: inAnHour(),
            LastUpdated: new Date().toISOString()
          })
        } else {
          res.writeHead(404)
          res.end()
        }
      })
      yield* isolated({ AWS_EC2_METADATA_SERVICE_ENDPOINT: server.url })
      delete process.env["AWS_EC2_METADATA_DISABLED"]
      const identity = yield* chain()
      expect(identity.accessKeyId).toBe("AKIDIMDS")
      expect(tokenOf(identity)).toBe("imds-token")
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        "PUT /latest/api/token",
        "GET /latest/meta-data/iam/security-credentials/",
        "GET /latest/meta-data/iam/security-credentials/instance-role"
      ])
      expect(server.seen[0]!.headers["x-aws-ec2-metadata-token-ttl-seconds"]).toBe("21600")
    }))
})

describe("caching and refresh", () => {
  /** A provider whose n-th answer expires `lifetime` after the TestClock time it was asked at. */
  const countingProvider = (lifetime: Duration.Duration, gate?: Deferred.Deferred<void>) => {
    let calls = 0
    let nowMs = 0
    const provider: NodeCredentials.SdkCredentialProvider = async () => {
      calls++
      const n = calls
      const askedAt = nowMs
      if (gate !== undefined) await Effect.runPromise(Deferred.await(gate))
      return {
        accessKeyId: `AKID${n}`,
        secretAccessKey: `secret-${n}`,
        expiration: new Date(askedAt + Duration.toMillis(lifetime))
      }
    }
    return {
      provider,
      calls: () => calls,
      /** Tells the provider the TestClock's time, for its expirations. */
      at: (ms: number) => {
        nowMs = ms
      }
    }
  }

  it.scoped("concurrent first callers share one fetch", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const p = countingProvider(Duration.hours(1), gate)
      const credentials = yield* NodeCredentials.fromProvider(p.provider)
      const fibers = yield* Effect.forkAll(Array.from({ length: 10 }, () => credentials.get))
      yield* Effect.yieldNow()
      yield* Deferred.succeed(gate, undefined)
      const identities = yield* Fiber.join(fibers)
      expect(p.calls()).toBe(1)
      expect(new Set(identities.map((i) => i.accessKeyId))).toEqual(new Set(["AKID1"]))
    }))

  it.scoped("reused until five minutes before expiry, then refreshed once in the background", () =>
    Effect.gen(function*() {
      const p = countingProvider(Duration.minutes(60))
      const credentials = yield* NodeCredentials.fromProvider(p.provider)
      expect((yield* credentials.get).accessKeyId).toBe("AKID1")
      yield* TestClock.adjust("54 minutes")
      expect((yield* credentials.get).accessKeyId).toBe("AKID1")
      expect(p.calls()).toBe(1)
      // Inside the window: the valid credentials are served at once, one refresh starts.
      yield* TestClock.adjust("2 minutes")
      p.at(56 * 60_000)
      const during = yield* Effect.all(Array.from({ length: 5 }, () => credentials.get), { concurrency: "unbounded" })
      expect(during.map((i) => i.accessKeyId)).toEqual(["AKID1", "AKID1", "AKID1", "AKID1", "AKID1"])
      yield* Effect.promise(() => new Promise((r) => setTimeout(r, 20)))
      expect(p.calls()).toBe(2)
      expect((yield* credentials.get).accessKeyId).toBe("AKID2")
      expect(p.calls()).toBe(2)
    }))

  it.scoped("expired credentials make every caller wait for the same fetch", () =>
    Effect.gen(function*() {
      const p = countingProvider(Duration.minutes(15))
      const credentials = yield* NodeCredentials.fromProvider(p.provider)
      yield* credentials.get
      yield* TestClock.adjust("2 hours")
      p.at(2 * 3600_000)
      const after = yield* Effect.all(Array.from({ length: 8 }, () => credentials.get), { concurrency: "unbounded" })
      expect(after.map((i) => i.accessKeyId)).toEqual(Array.from({ length: 8 }, () => "AKID2"))
      expect(p.calls()).toBe(2)
    }))

  it.scoped("a failed background refresh keeps the valid credentials; a failure with none left is an error", () =>
    Effect.gen(function*() {
      let calls = 0
      let fail = false
      const provider: NodeCredentials.SdkCredentialProvider = async () => {
        calls++
        if (fail) throw new Error("metadata service unreachable")
        return { accessKeyId: `AKID${calls}`, secretAccessKey: "s", expiration: new Date(60 * 60_000) }
      }
      const credentials = yield* NodeCredentials.fromProvider(provider)
      expect((yield* credentials.get).accessKeyId).toBe("AKID1")
      fail = true
      yield* TestClock.adjust("57 minutes")
      expect((yield* credentials.get).accessKeyId).toBe("AKID1")
      yield* Effect.promise(() => new Promise((r) => setTimeout(r, 20)))
      expect(calls).toBe(2)
      expect((yield* credentials.get).accessKeyId).toBe("AKID1")
      yield* TestClock.adjust("10 minutes")
      const error = yield* Effect.flip(credentials.get)
      // A fixed reason: the provider's own text is not quoted unless the user opts in.
      expect(error.message).toBe("credential provider: the provider failed (Error)")
      fail = false
      expect((yield* credentials.get).accessKeyId).toMatch(/^AKID\d$/)
    }))

  it.live("the real chain refreshes short-lived container credentials, once for concurrent callers", () =>
    Effect.scoped(Effect.gen(function*() {
      let issued = 0
      const server = yield* loopback((_, res) => {
        issued++
        sendJson(res, 200, {
          AccessKeyId: `AKIDSHORT${issued}`,
          SecretAccessKey: "short-secret",
          Token: "short-token",
          // Two seconds to live: refreshed at half-life, one second from now.
          Expiration: new Date(Date.now() + 2000).toISOString()
        })
      })
      yield* isolated({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/creds` })
      const credentials = yield* NodeCredentials.make()
      expect((yield* credentials.get).accessKeyId).toBe("AKIDSHORT1")
      expect((yield* credentials.get).accessKeyId).toBe("AKIDSHORT1")
      yield* Effect.sleep("1100 millis")
      const during = yield* Effect.all(Array.from({ length: 6 }, () => credentials.get), { concurrency: "unbounded" })
      expect(during.every((i) => i.accessKeyId === "AKIDSHORT1")).toBe(true)
      yield* Effect.sleep("200 millis")
      expect((yield* credentials.get).accessKeyId).toBe("AKIDSHORT2")
      expect(server.seen).toHaveLength(2)
    })))
})
