import { describe, expect, it } from "@effect/vitest"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as EdgeCodeConnections from "../../src/EdgeCodeConnections.js"
import * as EdgeCodeStarConnections from "../../src/EdgeCodeStarConnections.js"
import * as EdgeConfig from "../../src/EdgeConfig.js"

const bindings = {
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "secret",
  AWS_REGION: "eu-west-1"
}

const read = (env: EdgeConfig.AwsBindings, endpointVariable = EdgeCodeStarConnections.endpointVariable) =>
  Effect.withConfigProvider(EdgeConfig.config(endpointVariable), EdgeConfig.fromBindings(env))

describe("EdgeConfig", () => {
  it.effect("reads credentials and region from the bindings, keeping secrets redacted", () =>
    Effect.gen(function*() {
      const options = yield* read({ ...bindings, AWS_SESSION_TOKEN: "token" })
      expect(options.region).toBe("eu-west-1")
      expect(options.endpoint).toBeUndefined()
      expect(options.credentials.accessKeyId).toBe("AKIDEXAMPLE")
      const { secretAccessKey, sessionToken } = options.credentials
      expect(Redacted.isRedacted(secretAccessKey) && Redacted.value(secretAccessKey)).toBe("secret")
      expect(sessionToken !== undefined && Redacted.isRedacted(sessionToken) && Redacted.value(sessionToken)).toBe(
        "token"
      )
      expect(String(secretAccessKey)).not.toContain("secret")
    }))

  it.effect("treats an empty session token as absent", () =>
    Effect.gen(function*() {
      const options = yield* read({ ...bindings, AWS_SESSION_TOKEN: "" })
      expect(options.credentials.sessionToken).toBeUndefined()
    }))

  it.effect("prefers the service's own endpoint variable to AWS_ENDPOINT_URL", () =>
    Effect.gen(function*() {
      const env = {
        ...bindings,
        AWS_ENDPOINT_URL: "http://127.0.0.1:1/all",
        AWS_ENDPOINT_URL_CODESTAR_CONNECTIONS: "http://127.0.0.1:1/codestar",
        AWS_ENDPOINT_URL_CODECONNECTIONS: "http://127.0.0.1:1/codeconnections"
      }
      expect((yield* read(env)).endpoint).toBe("http://127.0.0.1:1/codestar")
      expect((yield* read(env, EdgeCodeConnections.endpointVariable)).endpoint).toBe(
        "http://127.0.0.1:1/codeconnections"
      )
      expect((yield* read({ ...bindings, AWS_ENDPOINT_URL: "http://127.0.0.1:1/all" })).endpoint).toBe(
        "http://127.0.0.1:1/all"
      )
    }))

  it.effect("reads the FIPS and dual-stack switches", () =>
    Effect.gen(function*() {
      const options = yield* read({ ...bindings, AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "false" })
      expect(options.useFipsEndpoint).toBe(true)
      expect(options.useDualstackEndpoint).toBeUndefined()
    }))

  it.effect("a missing or empty secret is a ConfigError naming the binding and how to add it", () =>
    Effect.gen(function*() {
      const missing = yield* Effect.either(read({ ...bindings, AWS_SECRET_ACCESS_KEY: "" }))
      const text = Either.isLeft(missing) ? String(missing.left) : ""
      expect(text).toContain("The Worker binding AWS_SECRET_ACCESS_KEY is missing or empty")
      expect(text).toContain("wrangler secret put AWS_SECRET_ACCESS_KEY")
      expect(text).toContain(".dev.vars")
      expect(text).not.toContain("<redacted>")
    }))

  it.effect("a missing region names the binding and says to add it to wrangler.jsonc or .dev.vars", () =>
    Effect.gen(function*() {
      // Not there at all, as when the var was never declared.
      const provider = ConfigProvider.fromMap(
        new Map([["AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"], ["AWS_SECRET_ACCESS_KEY", "secret"]])
      )
      const missing = yield* Effect.flip(Effect.withConfigProvider(EdgeConfig.config("X"), provider))
      expect(missing._op).toBe("MissingData")
      const text = String(missing)
      expect(text).toContain("The Worker binding AWS_REGION is missing or empty")
      expect(text).toContain("\"vars\" in wrangler.jsonc")
      expect(text).toContain(".dev.vars")
      expect(text).not.toContain("Expected AWS_REGION to exist")
    }))

  it.effect("an invalid region is a ConfigError naming it and why", () =>
    Effect.gen(function*() {
      const invalid = yield* Effect.flip(read({ ...bindings, AWS_REGION: "us east 1" }))
      expect(invalid._op).toBe("InvalidData")
      expect(String(invalid)).toContain("Invalid region \"us east 1\" from AWS_REGION: it contains a space")
    }))

  it.effect("reads Secrets Store bindings (objects with get()) for the credential names", () =>
    Effect.gen(function*() {
      const provider = yield* EdgeConfig.readBindings({
        ...bindings,
        AWS_ACCESS_KEY_ID: { get: () => Promise.resolve("AKIDSTORE") },
        AWS_SECRET_ACCESS_KEY: { get: () => Promise.resolve("store-secret") },
        AWS_SESSION_TOKEN: { get: () => Promise.resolve("store-token") }
      })
      const options = yield* Effect.withConfigProvider(EdgeConfig.config("X"), provider)
      expect(options.credentials.accessKeyId).toBe("AKIDSTORE")
      const { secretAccessKey, sessionToken } = options.credentials
      expect(Redacted.isRedacted(secretAccessKey) && Redacted.value(secretAccessKey)).toBe("store-secret")
      expect(sessionToken !== undefined && Redacted.isRedacted(sessionToken) && Redacted.value(sessionToken)).toBe(
        "store-token"
      )
      const failing = yield* Effect.flip(EdgeConfig.readBindings({
        ...bindings,
        AWS_SECRET_ACCESS_KEY: { get: () => Promise.reject(new Error("store unavailable")) }
      }))
      expect(String(failing)).toContain(
        "Reading the Secrets Store binding AWS_SECRET_ACCESS_KEY failed: store unavailable"
      )
    }))

  it("names the runtime for the User-Agent from navigator.userAgent", () => {
    expect(EdgeConfig.runtimeUserAgent()).toEqual([["md/cloudflare-workers"]])
  })

  it.effect("ignores bindings that are not strings", () =>
    Effect.gen(function*() {
      // A Worker's env also holds KV namespaces, Workflows, services: only the AWS names are read, only as strings.
      const env = { ...bindings, AWS_ENDPOINT_URL: undefined, OTHER: { binding: true } }
      expect((yield* read(env)).endpoint).toBeUndefined()
    }))
})

describe("the edge layers", () => {
  it.effect("fail with a ConfigError, not a defect, when a binding is missing", () =>
    Effect.gen(function*() {
      const result = yield* Effect.either(
        Effect.provide(Effect.void, EdgeCodeStarConnections.layerFromBindings({ ...bindings, AWS_REGION: "" }))
      )
      expect(Either.isLeft(result) && ConfigError.isConfigError(result.left) && String(result.left)).toContain(
        "The Worker binding AWS_REGION is missing or empty"
      )
    }))

  it.effect("fail with an EndpointError for an endpoint that is not http(s)", () =>
    Effect.gen(function*() {
      const result = yield* Effect.either(
        EdgeCodeConnections.makeFromBindings({ ...bindings, AWS_ENDPOINT_URL: "ftp://example.com" })
      )
      expect(Either.isLeft(result) && result.left._tag).toBe("EndpointError")
    }))

  it.effect("layerConfig reads the current ConfigProvider", () =>
    Effect.gen(function*() {
      const provider = ConfigProvider.fromMap(
        new Map(Object.entries({ ...bindings, AWS_ENDPOINT_URL: "ftp://example.com" }))
      )
      const result = yield* Effect.either(
        Effect.withConfigProvider(
          Effect.provide(Effect.void, EdgeCodeStarConnections.layerConfig(EdgeCodeStarConnections.config)),
          provider
        )
      )
      expect(Either.isLeft(result) && result.left._tag).toBe("EndpointError")
    }))
})
