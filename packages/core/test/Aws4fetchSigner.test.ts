import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Aws4fetchSigner from "../src/Aws4fetchSigner.js"

const encoder = new TextEncoder()
const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("")
const sha256 = async (text: string) => hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)))
const hmac = async (key: ArrayBuffer, text: string) => {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  return crypto.subtle.sign("HMAC", k, encoder.encode(text))
}

/** SigV4 computed step by step from the specification, independently of aws4fetch. */
const expectedAuthorization = async (options: {
  readonly host: string
  readonly headers: Record<string, string>
  readonly body: string
  readonly amzDate: string
  readonly region: string
  readonly service: string
  readonly accessKeyId: string
  readonly secretAccessKey: string
}) => {
  const all: Record<string, string> = { ...options.headers, host: options.host, "x-amz-date": options.amzDate }
  // aws4fetch signs host and the x-amz-* headers (content-type is left unsigned, which SigV4 allows).
  const names = Object.keys(all).filter((n) => n === "host" || n.startsWith("x-amz-")).sort()
  const canonicalRequest = [
    "POST",
    "/",
    "",
    ...names.map((n) => `${n}:${all[n]}`),
    "",
    names.join(";"),
    await sha256(options.body)
  ].join("\n")
  const day = options.amzDate.slice(0, 8)
  const scope = `${day}/${options.region}/${options.service}/aws4_request`
  const stringToSign = ["AWS4-HMAC-SHA256", options.amzDate, scope, await sha256(canonicalRequest)].join("\n")
  let key: ArrayBuffer = await hmac(encoder.encode(`AWS4${options.secretAccessKey}`).slice().buffer, day)
  for (const part of [options.region, options.service, "aws4_request"]) key = await hmac(key, part)
  const signature = hex(await hmac(key, stringToSign))
  return `AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/${scope}, SignedHeaders=${
    names.join(";")
  }, Signature=${signature}`
}

describe("Aws4fetchSigner", () => {
  const request = {
    method: "POST" as const,
    url: "https://codestar-connections.us-east-1.amazonaws.com/",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "CodeStar_connections_20191201.ListConnections"
    },
    body: "{\"MaxResults\":5}"
  }
  const date = new Date("2026-11-28T03:15:00.000Z")

  it.effect("produces the signature the specification gives", () =>
    Effect.gen(function*() {
      const signer = Aws4fetchSigner.make()
      const headers = yield* signer.sign(request, {
        service: "codestar-connections",
        region: "us-east-1",
        date,
        credentials: {
          accessKeyId: "AKIDEXAMPLE",
          secretAccessKey: Redacted.make("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        }
      })
      expect(headers["x-amz-date"]).toBe("20261128T031500Z")
      expect(headers["x-amz-target"]).toBe(request.headers["x-amz-target"])
      expect(headers["authorization"]).toBe(
        yield* Effect.promise(() =>
          expectedAuthorization({
            host: "codestar-connections.us-east-1.amazonaws.com",
            headers: request.headers,
            body: request.body,
            amzDate: "20261128T031500Z",
            region: "us-east-1",
            service: "codestar-connections",
            accessKeyId: "AKIDEXAMPLE",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
          })
        )
      )
    }))

  it.effect("signs the session token of temporary credentials", () =>
    Effect.gen(function*() {
      const headers = yield* Aws4fetchSigner.make().sign(request, {
        service: "codeconnections",
        region: "eu-west-1",
        date,
        credentials: {
          accessKeyId: "ASIAEXAMPLE",
          secretAccessKey: Redacted.make("secret"),
          sessionToken: Redacted.make("the-session-token")
        }
      })
      expect(headers["x-amz-security-token"]).toBe("the-session-token")
      expect(headers["authorization"]).toContain("SignedHeaders=host;x-amz-date;x-amz-security-token;x-amz-target")
      expect(headers["authorization"]).toContain("/20261128/eu-west-1/codeconnections/aws4_request")
    }))

  it.effect("a different body gives a different signature", () =>
    Effect.gen(function*() {
      const signer = Aws4fetchSigner.make()
      const scope = {
        service: "codestar-connections",
        region: "us-east-1",
        date,
        credentials: { accessKeyId: "AKID", secretAccessKey: Redacted.make("s") }
      }
      const a = yield* signer.sign(request, scope)
      const b = yield* signer.sign({ ...request, body: "{\"MaxResults\":6}" }, scope)
      expect(a["authorization"]).not.toBe(b["authorization"])
    }))
})
