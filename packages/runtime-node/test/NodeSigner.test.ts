import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { Emulator } from "@effect-codestar/emulator"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as NodeSigner from "../src/NodeSigner.js"

const request = (
  body: string,
  target = "CodeStar_connections_20191201.GetConnection",
  url = "https://codestar-connections.us-east-1.amazonaws.com/"
) => ({
  method: "POST" as const,
  url,
  headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": target },
  body
})

const cases = [
  {
    name: "plain keys",
    body: "{\"ConnectionArn\":\"arn:aws:codestar-connections:us-east-1:123456789012:connection/x\"}",
    token: undefined,
    region: "us-east-1",
    service: "codestar-connections",
    date: "2026-11-28T03:15:00.000Z"
  },
  {
    name: "session token",
    body: "{}",
    token: "the-session-token",
    region: "eu-west-1",
    service: "codeconnections",
    date: "2026-01-01T00:00:00.000Z"
  },
  {
    name: "header values with whitespace to canonicalise",
    body: "{}",
    token: undefined,
    region: "us-east-1",
    service: "codestar-connections",
    date: "2026-11-28T03:15:00.000Z",
    extraHeaders: { "x-amz-user-agent": "  aws-sdk-js/3  ua/2.1\tos/linux   md/nodejs#20 ", "x-amz-meta": "a\u00a0b" }
  },
  {
    name: "unicode body, other day",
    body: "{\"ConnectionName\":\"connexión 🚀\"}",
    token: undefined,
    region: "ap-southeast-2",
    service: "codestar-connections",
    date: "2027-02-28T23:59:59.999Z"
  }
]

const trimmed = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.trim()]))

describe("NodeSigner", () => {
  it.effect.each(cases)("signs exactly as aws4fetch does: $name", (c) =>
    Effect.gen(function*() {
      const scope = {
        service: c.service,
        region: c.region,
        date: new Date(c.date),
        credentials: {
          accessKeyId: "AKIDEXAMPLE",
          secretAccessKey: Redacted.make("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
          ...(c.token === undefined ? {} : { sessionToken: Redacted.make(c.token) })
        }
      }
      const base = request(c.body)
      const signed = { ...base, headers: { ...base.headers, ...("extraHeaders" in c ? c.extraHeaders : {}) } }
      const ours = yield* NodeSigner.make().sign(signed, scope)
      const reference = yield* Aws4fetchSigner.make().sign(signed, scope)
      expect(ours["authorization"]).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//)
      // The same headers and signature; aws4fetch hands values back through fetch's Headers, which trims them
      // (an HTTP parser drops that whitespace anyway).
      expect(trimmed(ours)).toEqual(trimmed(reference))
      expect(ours["authorization"]).toBe(reference["authorization"])
    }))

  it.effect("one signer over several times: the same second, the next second, a later day", () =>
    Effect.gen(function*() {
      const signer = NodeSigner.make()
      const reference = Aws4fetchSigner.make()
      const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: Redacted.make("secret") }
      for (
        const date of [
          "2026-11-28T03:15:00.000Z",
          "2026-11-28T03:15:00.900Z",
          "2026-11-28T03:15:01.000Z",
          "2026-11-28T03:14:59.999Z",
          "2026-11-29T00:00:00.000Z"
        ]
      ) {
        const scope = { service: "codestar-connections", region: "us-east-1", date: new Date(date), credentials }
        const ours = yield* signer.sign(request("{}"), scope)
        expect(ours["x-amz-date"]).toBe(date.replace(/[:-]|\.\d{3}/g, ""))
        expect(ours).toEqual(yield* reference.sign(request("{}"), scope))
      }
    }))

  it.effect("the cached signing key gives the same signature on the next call", () =>
    Effect.gen(function*() {
      const signer = NodeSigner.make()
      const scope = {
        service: "codestar-connections",
        region: "us-east-1",
        date: new Date(),
        credentials: { accessKeyId: "A", secretAccessKey: Redacted.make("s") }
      }
      const first = yield* signer.sign(request("{}"), scope)
      const second = yield* signer.sign(request("{}"), scope)
      expect(second).toEqual(first)
      const otherBody = yield* signer.sign(request("{\"a\":1}"), scope)
      expect(otherBody["authorization"]).not.toEqual(first["authorization"])
    }))

  it.effect("an endpoint with a path is signed by aws4fetch, which encodes it", () =>
    Effect.gen(function*() {
      const scope = {
        service: "codestar-connections",
        region: "us-east-1",
        date: new Date("2026-11-28T00:00:00Z"),
        credentials: { accessKeyId: "A", secretAccessKey: Redacted.make("s") }
      }
      const url = "https://proxy.example.com/aws/codestar/"
      const ours = yield* NodeSigner.make().sign(request("{}", undefined, url), scope)
      const reference = yield* Aws4fetchSigner.make().sign(request("{}", undefined, url), scope)
      expect(ours).toEqual(reference)
    }))

  it.live("its signatures pass the emulator's independent SigV4 check", () =>
    Effect.gen(function*() {
      const context = yield* Layer.build(Layer.mergeAll(
        Emulator.layer(),
        NodeSigner.layer,
        AwsCredentials.layerStatic({
          ...Emulator.testCredentials,
          secretAccessKey: Emulator.testCredentials.secretAccessKey
        })
      ))
      const client = yield* CodeStarConnections.make({ region: "us-east-1", endpoint: "http://emulator.invalid" }).pipe(
        Effect.provide(context)
      )
      const { ConnectionArn } = yield* client.createConnection({
        ConnectionName: "signed-by-node",
        ProviderType: "GitHub"
      })
      const { Connection } = yield* client.getConnection({ ConnectionArn })
      expect(Connection?.ConnectionName).toBe("signed-by-node")
    }).pipe(Effect.scoped))
})
