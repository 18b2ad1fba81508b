/**
 * Test helpers: a raw awsJson client that signs with `@smithy/signature-v4`
 * and sends through any HttpClient (the emulator's in-process one, or a real
 * one to the loopback server), so tests see the wire exactly: status,
 * headers and body.
 */
import { Sha256 } from "@aws-crypto/sha256-js"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"

export type ApiName = "codestar-connections" | "codeconnections"

const prefixes: Record<ApiName, string> = {
  "codestar-connections": "CodeStar_connections_20191201",
  codeconnections: "CodeConnections_20231201"
}

export interface CallOptions {
  readonly api?: ApiName
  readonly credentials?: {
    readonly accessKeyId: string
    readonly secretAccessKey: string
    readonly sessionToken?: string
  }
  readonly region?: string
  /** The service the signature is scoped to (default: the API's signing name). */
  readonly signingService?: string
  /** Sign as of this time (default: the Clock). */
  readonly signingDate?: Date
  /** Send no Authorization header at all. */
  readonly unsigned?: boolean
  /** Change the body after signing. */
  readonly tamperBody?: (body: string) => string
  /** The raw body to send instead of JSON of `input`. */
  readonly rawBody?: string
  /** The X-Amz-Target to send instead of the operation's. */
  readonly target?: string
  /** Headers to set (or replace) after signing. */
  readonly headers?: Readonly<Record<string, string>>
  /** Where to send (default: a fake AWS endpoint, fine for the in-process client). */
  readonly url?: string
}

export interface WireAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly json: unknown
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Calls `operation` with `input` as JSON; answers whatever came back. */
export const call = (
  operation: string,
  input: unknown,
  options: CallOptions = {}
): Effect.Effect<WireAnswer, unknown, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const api = options.api ?? "codestar-connections"
    const region = options.region ?? "us-east-1"
    const url = new URL(options.url ?? `https://${api}.${region}.amazonaws.com/`)
    const body = options.rawBody ?? JSON.stringify(input)
    const now = yield* Clock.currentTimeMillis
    const unsignedHeaders: Record<string, string> = {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": options.target ?? `${prefixes[api]}.${operation}`,
      host: url.host
    }
    const signer = new SignatureV4({
      credentials: options.credentials ??
        {
          accessKeyId: Emulator.testCredentials.accessKeyId,
          secretAccessKey: Emulator.testCredentials.secretAccessKey
        },
      region,
      service: options.signingService ?? api,
      sha256: Sha256,
      applyChecksum: false
    })
    const signed = options.unsigned === true ? { headers: unsignedHeaders } : yield* Effect.promise(() =>
      signer.sign(
        {
          method: "POST",
          protocol: url.protocol,
          hostname: url.hostname,
          path: "/",
          query: {},
          headers: unsignedHeaders,
          body
        },
        { signingDate: options.signingDate ?? new Date(now) }
      )
    )
    const { host: _host, ...headers } = signed.headers
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(
      HttpClientRequest.post(url).pipe(
        HttpClientRequest.setHeaders({ ...headers, ...options.headers }),
        HttpClientRequest.bodyText(
          options.tamperBody === undefined ? body : options.tamperBody(body),
          "application/x-amz-json-1.0"
        )
      )
    )
    const text = yield* response.text
    return { status: response.status, headers: response.headers, text, json: parse(text) }
  })

/** A field of a JSON answer, by path, for captures. */
export const field = (value: unknown, ...path: ReadonlyArray<string | number>): unknown =>
  path.reduce<unknown>(
    (acc, key) => (typeof acc === "object" && acc !== null ? Reflect.get(acc, key) : undefined),
    value
  )

/** A string field, failing the test when it is not one. */
export const stringField = (value: unknown, ...path: ReadonlyArray<string | number>): string => {
  const v = field(value, ...path)
  if (typeof v !== "string") throw new Error(`Expected a string at ${path.join(".")}, got ${JSON.stringify(v)}`)
  return v
}

/** Calls and expects HTTP 200, returning the JSON body. */
export const ok = (operation: string, input: unknown, options?: CallOptions) =>
  Effect.flatMap(call(operation, input, options), (answer) =>
    answer.status === 200
      ? Effect.succeed(answer.json)
      : Effect.dieMessage(`${operation} answered ${answer.status}: ${answer.text}`))

/** The error code of an answer: header and body must agree. */
export const errorCode = (answer: WireAnswer): string | undefined => {
  const header = answer.headers["x-amzn-errortype"]
  const body = field(answer.json, "__type")
  if (header !== body) throw new Error(`x-amzn-errortype ${header} and __type ${String(body)} differ`)
  return header
}
