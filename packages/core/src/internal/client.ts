/**
 * The request path of every operation, in one place:
 * validate and encode -> (credentials -> sign -> send -> decode), the part in
 * parentheses being one attempt, repeated by the retry policy.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { AwsCredentials } from "../AwsCredentials.js"
import { EndpointError, regionProblem, resolveEndpoint } from "../AwsEndpoint.js"
import {
  AwsRequestError,
  type AwsRequestErrorReason,
  AwsServiceError,
  type CommonAwsError,
  commonErrorAliases,
  commonErrors,
  type InputIssue
} from "../AwsError.js"
import { AwsSigner } from "../AwsSigner.js"
import type { RetryOptions } from "../Retry.js"
import type { InputArgs, OperationDescriptor, OperationError, OperationMethod, OperationRunner } from "./operation.js"
import type { ResponseMetadata, WithMetadata } from "./metadata.js"
import { snapshotInput } from "./input.js"
import { clip, describeIssue, messageLimit, summarize } from "./issues.js"
import { contentType, errorCodeOf, errorMessageOf, excerpt, parseBody } from "./protocol.js"
import { type AttemptFailure, type CallProgress, currentCallOptions, makeRetryState, retrying } from "./retry.js"
import { classify, provenUnsent, type RetryClass } from "./retryClassify.js"
import { applyCallOptions, compilePolicy, retryAfterMs } from "./retryPolicy.js"
import { userAgent, type UserAgentPair } from "./userAgent.js"

/** How a client reaches the service. */
export interface ClientOptions {
  /** The AWS region, e.g. `us-east-1`. Required: the client never guesses one. */
  readonly region?: string | undefined
  /** A custom endpoint URL (the emulator, a proxy, a VPC endpoint). */
  readonly endpoint?: string | undefined
  /** Use the FIPS endpoint of the region. */
  readonly useFipsEndpoint?: boolean | undefined
  /** Use the dual-stack (IPv4 and IPv6) endpoint of the region. */
  readonly useDualstackEndpoint?: boolean | undefined
  /** The retry policy of this client; unset parts take `Retry.defaults`. */
  readonly retry?: RetryOptions | undefined
  /**
   * Your application's id, sent as `app/<id>` in the User-Agent so that AWS
   * support and CloudTrail can tell your application's calls apart (the AWS
   * SDKs' `userAgentAppId`; the runtime packages also read
   * `AWS_SDK_UA_APP_ID` and the profile's `sdk_ua_app_id`).
   */
  readonly userAgentAppId?: string | undefined
  /**
   * The runtime's part of the User-Agent (`["md/nodejs", "20.20.2"]`, ...).
   * The runtime packages set it; there is no need to set it yourself.
   */
  readonly userAgentRuntime?: ReadonlyArray<UserAgentPair> | undefined
}

/** What the generated service identity supplies. */
export interface ServiceIdentity {
  /** Span name prefix and `rpc.service`, e.g. `CodeStarConnections`. */
  readonly name: string
  /** The model's sdkId (`CodeStar connections`), for the User-Agent's `api/` token. */
  readonly sdkId: string
  readonly signingName: string
  readonly endpointPrefix: string
}

const utf8 = new TextDecoder()

/**
 * What went wrong on the wire, for the error message: the platform's
 * description, else its cause's message (`connect ECONNREFUSED ...`, `other
 * side closed`). Never the request itself, which holds the signature.
 */
const transportMessage = (e: { readonly description?: string | undefined; readonly message: string; readonly cause?: unknown }) => {
  const cause = e.cause instanceof Error
    ? `${e.cause.message}${e.cause.cause instanceof Error ? `: ${e.cause.cause.message}` : ""}`
    : undefined
  return `Transport error: ${e.description ?? cause ?? e.message}`
}
const disableHttpSpan = () => true

/** Headers whose values must never reach a span or a log. */
const secretHeaders = ["authorization", "x-amz-security-token"]

const redactSecretHeaders = (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> =>
  secretHeaders.every((h) => names.includes(h)) ? names : [...names, ...secretHeaders]

const commonErrorByCode: ReadonlyMap<string, (typeof commonErrors)[number]> = new Map(
  commonErrors.map((cls) => [cls._tag, cls])
)

/** A service's own error message is kept up to this many characters. */
const relayedMessageLimit = 1_000

/** The class name a code means: the other spellings of the common errors become their class's name. */
const canonicalCode = (code: string): string => Object.hasOwn(commonErrorAliases, code) ? commonErrorAliases[code] ?? code : code

/** The broken constraints of an input, in plain words and bounded in size. */
const inputIssues = (error: ParseResult.ParseError): ReadonlyArray<InputIssue> =>
  describeIssue(error.issue).issues.map((issue) => ({ path: issue.path || "(input)", message: issue.message }))

/** Resolves the endpoint once, when the client is built. */
export const resolveClientEndpoint = (
  identity: ServiceIdentity,
  options: ClientOptions
): Either.Either<{ readonly url: string; readonly region: string }, EndpointError | ConfigError.ConfigError> => {
  const problem = options.region === undefined ? undefined : regionProblem(options.region)
  if (problem !== undefined) {
    return Either.left(ConfigError.InvalidData(["region"], `Invalid region ${JSON.stringify(options.region)}: ${problem}`))
  }
  return Either.flatMap(
    resolveEndpoint(identity.endpointPrefix, {
      Region: options.region,
      Endpoint: options.endpoint,
      UseFIPS: options.useFipsEndpoint,
      UseDualStack: options.useDualstackEndpoint
    }),
    (url) => {
      if (options.region === undefined) {
        return Either.left(new EndpointError({ message: "Invalid Configuration: Missing Region (needed to sign requests)" }))
      }
      let scheme: string | undefined
      try {
        scheme = new URL(url).protocol
      } catch {
        scheme = undefined
      }
      if (scheme !== "https:" && scheme !== "http:") {
        return Either.left(new EndpointError({ message: `Invalid Configuration: endpoint ${url} is not an http(s) URL` }))
      }
      return Either.right({ url, region: options.region })
    }
  )
}

/**
 * Builds the runner that turns each generated descriptor into a method. The
 * dependencies are captured here, so the methods require nothing.
 */
export const makeRunner = (identity: ServiceIdentity, options: ClientOptions): Effect.Effect<
  OperationRunner,
  EndpointError | ConfigError.ConfigError,
  AwsCredentials | AwsSigner | HttpClient.HttpClient
> =>
  Effect.gen(function*() {
    const endpoint = yield* resolveClientEndpoint(identity, options)
    const policy = yield* Either.mapLeft(
      compilePolicy(options.retry),
      (issue) => ConfigError.InvalidData(issue.path.split("."), `Invalid client option ${issue.path}: ${issue.message}`)
    )
    const agent = userAgent({ sdkId: identity.sdkId, runtime: options.userAgentRuntime, appId: options.userAgentAppId })
    const retryState = makeRetryState(policy)
    const credentials = yield* AwsCredentials
    const signer = yield* AwsSigner
    const http = yield* HttpClient.HttpClient

    const runner: OperationRunner = <I, IE, O, OE, E extends { readonly _tag: string }, EE>(
      op: OperationDescriptor<I, IE, O, OE, E, EE>
    ): OperationMethod<I, O, OperationError<E>> => {
      const spanName = `${identity.name}.${op.name}`
      const spanAttributes = {
        "rpc.system": "aws-api",
        "rpc.service": identity.name,
        "rpc.method": op.name,
        "aws.region": endpoint.region
      }
      const requestError = (reason: AwsRequestErrorReason, message: string, status?: number) =>
        new AwsRequestError({ reason, operation: op.name, message, ...(status === undefined ? {} : { status }) })
      const failed = (
        error: OperationError<E>,
        retryClass: RetryClass,
        label: string,
        retryAfter?: number
      ): AttemptFailure<OperationError<E>> => ({ error, retryClass, label, retryAfterMs: retryAfter })
      const timeoutError = (scope: "attempt" | "call", attempts: number, limitMs: number) =>
        requestError(
          "Timeout",
          scope === "attempt"
            ? `${op.name}: attempt ${attempts} got no complete response within ${limitMs} ms`
            : `${op.name}: no result within the ${limitMs} ms deadline (${attempts} attempt${attempts === 1 ? "" : "s"})`
        )

      const notRepeated = (error: OperationError<E>): OperationError<E> =>
        error instanceof AwsRequestError
          ? new AwsRequestError({
            reason: error.reason,
            operation: op.name,
            message: `${error.message}; not retried: ${op.name} is not idempotent and the service may have processed the request (look for its result, or opt in with retry.retryAmbiguous)`,
            ...(error.status === undefined ? {} : { status: error.status })
          })
          : error

      // Codecs are compiled on first use, not when the client is built: most programs call few operations.
      let codecs: {
        readonly encodeInput: (u: unknown) => Effect.Effect<IE, ParseResult.ParseError>
        readonly decodeOutput: (u: unknown) => Effect.Effect<O, ParseResult.ParseError>
        readonly decodeError: (u: unknown) => Effect.Effect<E, ParseResult.ParseError>
        readonly modeled: ReadonlySet<string>
      } | undefined
      const compile = () =>
        codecs ??= {
          encodeInput: Schema.encodeUnknown(op.input, { errors: "all", onExcessProperty: "ignore" }),
          decodeOutput: Schema.decodeUnknown(op.output, { onExcessProperty: "ignore" }),
          decodeError: Schema.decodeUnknown(op.error),
          modeled: new Set(op.errorTags)
        }
      const notModeled = (e: CommonAwsError): e is Exclude<CommonAwsError, { readonly _tag: E["_tag"] }> =>
        !compile().modeled.has(e._tag)

      /** The typed error of an error response; `$metadata` is the same shape for every kind. */
      const serviceError = (
        $metadata: ResponseMetadata,
        code: string | undefined,
        message: string | undefined,
        bodyIsJson: boolean,
        text: string
      ): Effect.Effect<never, OperationError<E>> => {
        const status = $metadata.httpStatusCode
        // What the response says is relayed, but bounded: a hostile body must not become a huge error.
        const unknown = (c: string, m: string) =>
          new AwsServiceError({
            code: clip(c, 200),
            message: clip(m, relayedMessageLimit),
            status,
            ...($metadata.requestId === undefined ? {} : { requestId: $metadata.requestId }),
            $metadata,
            $fault: status >= 500 ? "server" : "client"
          })
        if (code === undefined) {
          return Effect.fail(unknown(
            "Unknown",
            bodyIsJson
              ? `HTTP ${status} without an error code`
              : `HTTP ${status} with a body that is not JSON: ${excerpt(text)}`
          ))
        }
        const wire = message === undefined ? { $metadata } : { Message: clip(message, relayedMessageLimit), $metadata }
        const { decodeError, modeled } = compile()
        const canonical = canonicalCode(code)
        const tag = modeled.has(code) ? code : modeled.has(canonical) ? canonical : undefined
        if (tag !== undefined) {
          return decodeError({ _tag: tag, ...wire }).pipe(
            Effect.matchEffect({
              onFailure: () => Effect.fail(unknown(code, message ?? "")),
              onSuccess: Effect.fail
            })
          )
        }
        const common = commonErrorByCode.get(canonical)
        if (common !== undefined) {
          const error = new common(wire)
          if (notModeled(error)) return Effect.fail(error)
        }
        return Effect.fail(unknown(code, message ?? ""))
      }

      /** One attempt: fresh credentials and signature (the date moves on), send, read, decode. */
      const attempt = (body: string) => (progress: CallProgress): Effect.Effect<WithMetadata<O>, AttemptFailure<OperationError<E>>> =>
        Effect.gen(function*() {
          const creds = yield* Effect.mapError(
            credentials.get,
            (e) => failed(requestError("Credentials", `No credentials: ${e.message}`), "terminal", "Credentials")
          )
          const localMs = yield* Clock.currentTimeMillis
          const headers = yield* Effect.mapError(
            signer.sign(
              {
                method: "POST",
                url: endpoint.url,
                headers: { "content-type": contentType, "x-amz-target": op.target, "x-amz-user-agent": agent },
                body
              },
              {
                service: identity.signingName,
                region: endpoint.region,
                credentials: creds,
                date: new Date(localMs + retryState.skew.offsetMs)
              }
            ),
            (e) => failed(requestError("Signing", `Signing failed: ${e.message}`), "terminal", "Signing")
          )
          const response = yield* http.execute(
            // `user-agent` is added after signing: signers leave it out (browsers may replace it).
            HttpClientRequest.post(endpoint.url, { headers: { ...headers, "user-agent": agent }, body: HttpBody.text(body, contentType) })
          ).pipe(
            // The call's own span is the one span per call; the platform's inner HTTP span would
            // double the tracing cost and hold the signed request.
            Effect.locally(HttpClient.currentTracerDisabledWhen, disableHttpSpan),
            Effect.locallyWith(Headers.currentRedactedNames, redactSecretHeaders),
            Effect.mapError((e) => ({
              ...failed(requestError("Transport", transportMessage(e)), "transient", "Transport"),
              ambiguous: !provenUnsent(e.cause)
            }))
          )
          const skewCorrected = policy.correctClockSkew && retryState.skew.observe(response.headers["date"], localMs)
          // Bounded like everything else the response says; a real request id is 36 to 52 characters.
          const wireRequestId = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"]
          const requestId = wireRequestId === undefined ? undefined : clip(wireRequestId, 200)
          if (requestId !== undefined) yield* Effect.annotateCurrentSpan("aws.request_id", requestId)
          // Read as bytes: workerd warns when `.text()` meets a content type it does not know as text.
          const text = yield* Effect.mapError(
            Effect.map(response.arrayBuffer, (bytes) => utf8.decode(bytes)),
            (e) => ({
              ...failed(
                requestError("Transport", `Reading the response failed: ${e.description ?? e.message}`, response.status),
                "transient",
                "Transport"
              ),
              // The service answered: it has processed the request.
              ambiguous: true
            })
          )
          const status = response.status
          yield* Effect.annotateCurrentSpan("http.response.status_code", status)
          const $metadata: ResponseMetadata = {
            httpStatusCode: status,
            ...(requestId === undefined ? {} : { requestId }),
            attempts: progress.attempts,
            totalRetryDelay: progress.totalRetryDelayMs
          }
          if (status < 200 || status >= 300) {
            const parsed = parseBody(text)
            const errorBody = parsed.ok ? parsed.value : undefined
            const code = errorCodeOf(response.headers["x-amzn-errortype"], errorBody)
            const message = errorMessageOf(errorBody)
            const classified = classify({ code, status, message })
            // A date-rejected signature is worth another attempt only with a corrected clock.
            const retryClass = classified === "clockSkew" && !skewCorrected ? "terminal" : classified
            const hint = retryClass === "terminal"
              ? undefined
              : retryAfterMs(response.headers, localMs + retryState.skew.offsetMs)
            return yield* Effect.mapError(
              serviceError($metadata, code, message, parsed.ok, text),
              (error) => failed(error, retryClass, code ?? `HTTP ${status}`, hint)
            )
          }
          const parsed = parseBody(text)
          if (!parsed.ok) {
            return yield* Effect.fail(failed(
              requestError("Decode", `HTTP ${status} with a body that is not JSON: ${excerpt(text)}`, status),
              "terminal",
              "Decode"
            ))
          }
          const output = yield* Effect.mapError(
            compile().decodeOutput(parsed.value),
            (e) =>
              failed(
                requestError("Decode", `Unexpected ${op.name} output: ${summarize(describeIssue(e.issue), true)}`, status),
                "terminal",
                "Decode"
              )
          )
          return { output, $metadata }
        })

      const call = (input: unknown): Effect.Effect<WithMetadata<O>, OperationError<E>> =>
        Effect.gen(function*() {
          const invalid = (issues: ReadonlyArray<InputIssue>) =>
            new AwsRequestError({
              reason: "InvalidInput",
              operation: op.name,
              message: clip(
                `Invalid input for ${op.name}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
                messageLimit
              ),
              issues
            })
          const snapshot = snapshotInput(input ?? {})
          if (!snapshot.ok) return yield* Effect.fail(invalid([snapshot.issue]))
          const encoded = yield* Effect.mapError(compile().encodeInput(snapshot.value), (error) => invalid(inputIssues(error)))
          const override = yield* FiberRef.get(currentCallOptions)
          const callPolicy = override === undefined ? policy : yield* Either.mapLeft(
            applyCallOptions(policy, override),
            (issue) =>
              new AwsRequestError({
                reason: "InvalidInput",
                operation: op.name,
                message: `Invalid retry options for ${op.name}: ${issue.path} ${issue.message}`,
                issues: [issue]
              })
          )
          return yield* retrying(attempt(JSON.stringify(encoded)), {
            operation: op.name,
            policy: callPolicy,
            state: retryState,
            timeoutError,
            idempotent: op.idempotent,
            notRepeated
          })
        }).pipe(
          // No stack trace: capturing one costs more than the rest of the span, on every call.
          Effect.withSpan(spanName, { kind: "client", attributes: spanAttributes, captureStackTrace: false })
        )

      const toOutput = (result: WithMetadata<O>): O => result.output
      const method = (...args: InputArgs<I>) => Effect.map(call(args[0]), toOutput)
      return Object.assign(method, { withMetadata: (...args: InputArgs<I>) => call(args[0]) })
    }
    return runner
  })
