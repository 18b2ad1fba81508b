/**
 * SigV4 verification of a received request. The signature is recomputed with
 * `@smithy/signature-v4` over exactly the headers the client says it signed,
 * the received body bytes and the date it claims, and compared with the one
 * it sent. The answers for each failure are those AWS JSON services give:
 *
 * - no `Authorization` header: `MissingAuthenticationTokenException`
 * - a header that cannot be parsed: `IncompleteSignatureException`
 * - an access key (or session token) the emulator does not know: `UnrecognizedClientException`
 *   (unless it accepts any credentials: then an unknown key is taken on trust,
 *   and only the form of the request, its date and scope are checked, since
 *   there is no secret to recompute the signature with)
 * - a date more than the tolerance away from the server clock: `InvalidSignatureException` ("Signature expired ...")
 * - a scope for another service or date, or a signature that does not match: `InvalidSignatureException`
 *
 * all with HTTP 400.
 */
import { Sha256 } from "@aws-crypto/sha256-js"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Effect from "effect/Effect"
import { ApiError } from "./errors.js"
import type { EmulatorCredentials } from "./options.js"
import type { WireRequest } from "./wire.js"

const fail = (code: string, message: string) => Effect.fail(new ApiError({ code, message, status: 400 }))

const invalidSignature = (message: string) => fail("InvalidSignatureException", message)

const signatureMismatch = () =>
  invalidSignature(
    "The request signature we calculated does not match the signature you provided. " +
      "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
  )

/** `20240102T030405Z`, the SigV4 form of a date. */
export const amzDate = (millis: number): string =>
  new Date(millis).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")

const parseAmzDate = (value: string): number | undefined => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (m === null) return undefined
  const millis = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  return Number.isNaN(millis) ? undefined : millis
}

interface ParsedAuthorization {
  readonly accessKeyId: string
  readonly scopeDate: string
  readonly region: string
  readonly service: string
  readonly signedHeaders: ReadonlyArray<string>
  readonly signature: string
}

const parseAuthorization = (header: string): ParsedAuthorization | string => {
  const algorithm = "AWS4-HMAC-SHA256 "
  if (!header.startsWith(algorithm)) return "Only the AWS4-HMAC-SHA256 algorithm is supported."
  const fields = new Map<string, string>()
  for (const part of header.slice(algorithm.length).split(",")) {
    const eq = part.indexOf("=")
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const credential = fields.get("Credential")
  const signedHeaders = fields.get("SignedHeaders")
  const signature = fields.get("Signature")
  const missing = [
    ["Credential", credential],
    ["SignedHeaders", signedHeaders],
    ["Signature", signature]
  ].filter(([, v]) => v === undefined).map(([k]) => k)
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return `Authorization header requires ${missing.map((m) => `'${m}'`).join(", ")} parameter(s).`
  }
  const scope = credential.split("/")
  const [accessKeyId, scopeDate, region, service, terminator] = scope
  if (
    scope.length !== 5 || accessKeyId === undefined || accessKeyId === "" || scopeDate === undefined ||
    region === undefined ||
    service === undefined || terminator !== "aws4_request"
  ) {
    return "Credential must have the form <access key>/<date>/<region>/<service>/aws4_request."
  }
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    signedHeaders: signedHeaders.split(";").map((h) => h.trim().toLowerCase()).filter((h) => h !== ""),
    signature: signature.toLowerCase()
  }
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")

const sha256Hex = (body: Uint8Array): Effect.Effect<string> =>
  Effect.promise(() => {
    const hash = new Sha256()
    hash.update(body)
    return hash.digest()
  }).pipe(Effect.map(hex))

const parseQuery = (search: string): Record<string, string | Array<string>> => {
  const query: Record<string, string | Array<string>> = {}
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = query[k]
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return query
}

const formatMinutes = (millis: number): string => `${Math.round(millis / 60000)} min.`

/** Who signed the request, once the signature checks out. */
export interface Verified {
  readonly accessKeyId: string
  /** The region of the credential scope. */
  readonly region: string
}

export const verify = (
  request: WireRequest,
  options: {
    readonly credentials: ReadonlyMap<string, EmulatorCredentials>
    readonly signingName: string
    /** The server's clock, skew included. */
    readonly serverNow: number
    readonly toleranceMillis: number
    /** Take an unknown access key on trust (its signature cannot be checked without its secret). */
    readonly acceptAnyCredentials?: boolean | undefined
  }
): Effect.Effect<Verified, ApiError> =>
  Effect.gen(function*() {
    const header = request.headers["authorization"]
    if (header === undefined || header.trim() === "") {
      return yield* fail("MissingAuthenticationTokenException", "Missing Authentication Token")
    }
    const auth = parseAuthorization(header)
    if (typeof auth === "string") return yield* fail("IncompleteSignatureException", auth)

    const known = options.credentials.get(auth.accessKeyId)
    const token = request.headers["x-amz-security-token"]
    if (
      known === undefined ? options.acceptAnyCredentials !== true : (known.sessionToken ?? undefined) !== token
    ) {
      return yield* fail("UnrecognizedClientException", "The security token included in the request is invalid.")
    }

    const dateHeader = request.headers["x-amz-date"]
    const signedAt = dateHeader === undefined
      ? (request.headers["date"] === undefined ? undefined : Date.parse(request.headers["date"]))
      : parseAmzDate(dateHeader)
    if (signedAt === undefined || Number.isNaN(signedAt)) {
      return yield* fail(
        "IncompleteSignatureException",
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
      )
    }
    const tolerance = options.toleranceMillis
    if (signedAt < options.serverNow - tolerance) {
      return yield* invalidSignature(
        `Signature expired: ${amzDate(signedAt)} is now earlier than ${amzDate(options.serverNow - tolerance)} ` +
          `(${amzDate(options.serverNow)} - ${formatMinutes(tolerance)})`
      )
    }
    if (signedAt > options.serverNow + tolerance) {
      return yield* invalidSignature(
        `Signature not yet current: ${amzDate(signedAt)} is still later than ${
          amzDate(options.serverNow + tolerance)
        } ` +
          `(${amzDate(options.serverNow)} + ${formatMinutes(tolerance)})`
      )
    }
    if (auth.service !== options.signingName) {
      return yield* invalidSignature(`Credential should be scoped to correct service: '${options.signingName}'.`)
    }
    const dateOfRequest = amzDate(signedAt).slice(0, 8)
    if (auth.scopeDate !== dateOfRequest) {
      return yield* invalidSignature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
          `'${auth.scopeDate}' != '${dateOfRequest}'.`
      )
    }
    if (!auth.signedHeaders.includes("host")) {
      return yield* invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.")
    }

    const headers: Record<string, string> = {}
    for (const name of auth.signedHeaders) {
      const value = name === "host" ? request.headers["host"] ?? request.authority : request.headers[name]
      if (value === undefined) return yield* signatureMismatch()
      headers[name] = value
    }
    const declaredHash = request.headers["x-amz-content-sha256"]
    if (declaredHash !== undefined && declaredHash !== "UNSIGNED-PAYLOAD") {
      if (declaredHash.toLowerCase() !== (yield* sha256Hex(request.body))) {
        return yield* invalidSignature("The provided 'x-amz-content-sha256' header does not match the request body.")
      }
    }

    // An access key taken on trust has no secret to check the signature with.
    if (known === undefined) return { accessKeyId: auth.accessKeyId, region: auth.region }

    const queryAt = request.path.indexOf("?")
    const signer = new SignatureV4({
      credentials: {
        accessKeyId: known.accessKeyId,
        secretAccessKey: known.secretAccessKey,
        ...(token !== undefined && auth.signedHeaders.includes("x-amz-security-token") ? { sessionToken: token } : {})
      },
      region: auth.region,
      service: auth.service,
      sha256: Sha256,
      applyChecksum: false
    })
    const host = headers["host"] ?? ""
    const signed = yield* Effect.promise(() =>
      signer.sign(
        {
          method: request.method,
          protocol: "http:",
          hostname: host,
          path: queryAt < 0 ? request.path : request.path.slice(0, queryAt),
          query: queryAt < 0 ? {} : parseQuery(request.path.slice(queryAt + 1)),
          headers,
          body: request.body
        },
        { signingDate: new Date(signedAt), signableHeaders: new Set(auth.signedHeaders) }
      )
    )
    const expected = parseAuthorization(signed.headers["authorization"] ?? "")
    if (
      typeof expected === "string" || expected.signature !== auth.signature ||
      expected.signedHeaders.join(";") !== auth.signedHeaders.join(";")
    ) {
      return yield* signatureMismatch()
    }
    return { accessKeyId: auth.accessKeyId, region: auth.region }
  })
