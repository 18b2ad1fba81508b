/**
 * The core's `AwsSigner` implemented with aws4fetch's `AwsV4Signer`: SigV4
 * over WebCrypto, so it runs unchanged on Node, Workers and browsers. The
 * Node runtime uses it too.
 *
 * @since 0.1.0
 */
import { AwsV4Signer } from "aws4fetch"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { amzDate, AwsSigner, SigningFailed } from "./AwsSigner.js"

/**
 * Builds a signer. aws4fetch derives the signing key with four HMACs per
 * signature unless it finds it in its cache; the cache is kept per signer, so
 * one client derives it once a day per region and credential.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (): AwsSigner["Type"] => {
  const cache = new Map<string, ArrayBuffer>()
  return {
    sign: (request, scope) =>
      Effect.tryPromise({
        try: async () => {
          const signed = await new AwsV4Signer({
            method: request.method,
            url: request.url,
            headers: request.headers,
            body: request.body,
            accessKeyId: scope.credentials.accessKeyId,
            secretAccessKey: Redacted.value(scope.credentials.secretAccessKey),
            ...(scope.credentials.sessionToken === undefined
              ? {}
              : { sessionToken: Redacted.value(scope.credentials.sessionToken) }),
            service: scope.service,
            region: scope.region,
            datetime: amzDate(scope.date),
            cache
          }).sign()
          const headers: Record<string, string> = Object.fromEntries(signed.headers)
          return headers
        },
        // The thrown value may hold the request; only its kind is kept, never its text.
        catch: (e) =>
          new SigningFailed({
            message: `aws4fetch could not sign the request (${e instanceof Error ? e.name : "unknown error"})`
          })
      })
  }
}

/**
 * A layer of the aws4fetch signer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<AwsSigner> = /* @__PURE__ */ Layer.sync(AwsSigner, make)
