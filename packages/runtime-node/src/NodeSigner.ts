/**
 * SigV4 with Node's own crypto: the Node layers' default signer
 * (`signer: "node-crypto"`; `signer: "aws4fetch"` selects the edge runtime's
 * signer instead). It signs exactly what aws4fetch signs (host and the
 * `x-amz-*` headers; the tests compare the two byte for byte) but hashes with
 * `node:crypto`, synchronously, where aws4fetch goes through WebCrypto's
 * promises and worker threads (bench/README.md has the measured difference).
 * Requests to an endpoint with a path or query go to the aws4fetch signer,
 * which encodes them; it is imported the first time that happens.
 *
 * @since 0.1.0
 */
import { amzDate, AwsSigner, SigningFailed } from "@effect-codestar/core/AwsSigner"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { createHash, createHmac } from "node:crypto"

const sha256 = (data: string): string => createHash("sha256").update(data, "utf8").digest("hex")

/** Whitespace SigV4 rewrites inside a trimmed value: a run of two, or any whitespace but a space. */
const collapsible = /\s\s|[^\S ]/

/** A header value as SigV4 canonicalises it: trimmed, each inner run of whitespace as one space. */
const canonicalValue = (value: string): string => {
  const trimmed = value.trim()
  return collapsible.test(trimmed) ? trimmed.replace(/\s+/g, " ") : trimmed
}

/**
 * Builds a signer; the derived signing key is cached per secret, day, region and service.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (): AwsSigner["Type"] => {
  let fallback: AwsSigner["Type"] | undefined
  const signWithAws4fetch: AwsSigner["Type"]["sign"] = (request, scope) =>
    fallback !== undefined
      ? fallback.sign(request, scope)
      : Effect.flatMap(
        Effect.promise(() => import("@effect-codestar/core/Aws4fetchSigner")),
        (module) => (fallback ??= module.make()).sign(request, scope)
      )
  const keys = new Map<string, Buffer>()
  // The secret's hash names its cached key; the secret rarely changes, so its hash is kept too.
  let lastSecret = ""
  let lastSecretHash = sha256("")
  let lastUrl = ""
  let lastHost: string | undefined
  // Calls in the same second sign with the same `X-Amz-Date`; formatting it is kept.
  let lastSecond = Number.NaN
  let lastDatetime = ""
  const amzDateOf = (date: Date): string => {
    const second = Math.floor(date.getTime() / 1000)
    if (second !== lastSecond) {
      lastSecond = second
      lastDatetime = amzDate(date)
    }
    return lastDatetime
  }

  /** The host of a URL whose path is `/` with no query, else `undefined`; the client's endpoint rarely changes. */
  const simpleHost = (url: string): string | undefined => {
    if (url !== lastUrl) {
      const parsed = new URL(url)
      lastUrl = url
      lastHost = parsed.pathname === "/" && parsed.search === "" ? parsed.host : undefined
    }
    return lastHost
  }

  const signingKey = (secret: string, day: string, region: string, service: string): Buffer => {
    if (secret !== lastSecret) {
      lastSecret = secret
      lastSecretHash = sha256(secret)
    }
    const id = `${day}/${region}/${service}/${lastSecretHash}`
    let key = keys.get(id)
    if (key === undefined) {
      key = createHmac("sha256", `AWS4${secret}`).update(day).digest()
      for (const part of [region, service, "aws4_request"]) key = createHmac("sha256", key).update(part).digest()
      if (keys.size > 64) keys.clear()
      keys.set(id, key)
    }
    return key
  }

  return {
    sign: (request, scope) => {
      const host = simpleHost(request.url)
      if (host === undefined) return signWithAws4fetch(request, scope)
      return Effect.try({
        try: () => {
          const datetime = amzDateOf(scope.date)
          const day = datetime.slice(0, 8)
          const token = scope.credentials.sessionToken === undefined
            ? undefined
            : Redacted.value(scope.credentials.sessionToken)
          const headers: Record<string, string> = { ...request.headers, "x-amz-date": datetime }
          if (token !== undefined) headers["x-amz-security-token"] = token
          const signed = ["host"]
          for (const name in headers) if (name.startsWith("x-amz-")) signed.push(name)
          signed.sort()
          let canonicalHeaders = ""
          for (const name of signed) {
            canonicalHeaders += `${name}:${name === "host" ? host : canonicalValue(headers[name] ?? "")}\n`
          }
          const signedHeaders = signed.join(";")
          const canonicalRequest = `${request.method}\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${
            sha256(request.body)
          }`
          const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`
          const stringToSign = `AWS4-HMAC-SHA256\n${datetime}\n${credentialScope}\n${sha256(canonicalRequest)}`
          const key = signingKey(Redacted.value(scope.credentials.secretAccessKey), day, scope.region, scope.service)
          const signature = createHmac("sha256", key).update(stringToSign).digest("hex")
          headers["authorization"] =
            `AWS4-HMAC-SHA256 Credential=${scope.credentials.accessKeyId}/${credentialScope}, ` +
            `SignedHeaders=${signedHeaders}, Signature=${signature}`
          return headers
        },
        // Only the kind of failure is kept, never its text: it could quote a secret.
        catch: (e) =>
          new SigningFailed({
            message: `node:crypto could not sign the request (${e instanceof Error ? e.name : "unknown error"})`
          })
      })
    }
  }
}

/**
 * A layer of the node:crypto signer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<AwsSigner> = Layer.sync(AwsSigner, make)
