/**
 * The request path of every operation, on one screen at the end of this file:
 *
 *   encode -> retrying(sign -> send -> classify -> decode) -> span
 *
 * Each step is a plain function above it, failing with the typed error the
 * call would fail with. Whether a failed attempt is retried is decided in one
 * place, `retryClassify.ts`, from that error alone.
 */
import { decodeOutput, encodeInput } from "#codecs"
import { loadPlatformSend } from "#platformTransport"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import { AwsCredentials } from "../AwsCredentials.js"
import { EndpointError, regionProblem, resolveEndpoint } from "../AwsEndpoint.js"
import {
  AwsRequestError,
  type AwsRequestErrorReason,
  AwsServiceError,
  type CommonAwsError,
  commonErrorAliases,
  commonErrors,
  type InputIssue,
  type OperationError
} from "../AwsError.js"
import { AwsSigner } from "../AwsSigner.js"
import { type DirectResponse, type DirectSend, DirectSendId, hasDirectSend } from "../DirectTransport.js"
import { snapshotInput } from "./input.js"
import { clip, describeIssue, messageLimit, summarize } from "./issues.js"
import type { ResponseMetadata, WithMetadata } from "./metadata.js"
import type { InputArgs, OperationDescriptor, OperationMethod, OperationRunner } from "./operation.js"
import { contentType, errorCodeOf, errorMessageOf, parseBody } from "./protocol.js"
import {
  type AttemptFailure,
  type CallProgress,
  currentCallOptions,
  makeRetryState,
  retrying,
  type RetryState
} from "./retry.js"
import { provenUnsent } from "./retryClassify.js"
import { applyCallOptions, type CompiledPolicy, compilePolicy, retryAfterMs, type RetryOptions } from "./retryPolicy.js"
import { userAgent, type UserAgentPair } from "./userAgent.js"

/** How a client reaches the service. */
export interface ClientOptions {
  /**
   * The AWS region, e.g. `us-east-1`. Required: it is part of every
   * signature, and the client never guesses one. (The runtime packages find
   * it in the environment or the profile when their options leave it out.)
   */
  readonly region: string
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

const commonErrorByCode: ReadonlyMap<string, (typeof commonErrors)[number]> = new Map(
  commonErrors.map((cls) => [cls._tag, cls])
)

/** A service's own error message is kept up to this many characters. */
const relayedMessageLimit = 1_000

/** The class name a code means: the other spellings of the common errors become their class's name. */
const canonicalCode = (code: string): string =>
  Object.hasOwn(commonErrorAliases, code) ? commonErrorAliases[code] ?? code : code

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
    return Either.left(
      ConfigError.InvalidData(["region"], `Invalid region ${JSON.stringify(options.region)}: ${problem}`)
    )
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
        return Either.left(
          new EndpointError({ message: "Invalid Configuration: Missing Region (needed to sign requests)" })
        )
      }
      let scheme: string | undefined
      try {
        scheme = new URL(url).protocol
      } catch {
        scheme = undefined
      }
      if (scheme !== "https:" && scheme !== "http:") {
        return Either.left(
          new EndpointError({ message: `Invalid Configuration: endpoint ${url} is not an http(s) URL` })
        )
      }
      return Either.right({ url, region: options.region })
    }
  )
}

/** What a client captured when it was built; every call of every operation shares it. */
interface Client {
  readonly identity: ServiceIdentity
  readonly endpoint: { readonly url: string; readonly region: string }
  readonly policy: CompiledPolicy
  readonly retryState: RetryState
  readonly agent: string
  readonly credentials: AwsCredentials["Type"]
  readonly signer: AwsSigner["Type"]
  readonly transport: DirectSend
}

/** An operation's codecs, compiled on its first call: most programs call few operations. */
interface Codecs<IE, O, E extends { readonly _tag: string }> {
  readonly name: string
  readonly target: string
  readonly encodeInput: (u: unknown) => Effect.Effect<IE, ParseResult.ParseError>
  readonly decodeOutput: (u: unknown) => Effect.Effect<O, ParseResult.ParseError>
  readonly decodeError: (u: unknown) => Effect.Effect<E, ParseResult.ParseError>
  /** The codes of the modeled errors, read from the descriptor's one list of them. */
  readonly modeled: ReadonlySet<string>
}

/**
 * The `_tag` literal of a modeled error class, read on the schema's encoded
 * side: down through the class's transformations (and any refinement) to
 * the struct whose `_tag` member is a literal. Walked by hand rather than
 * with `AST.encodedAST`, which would bring its whole rewriting of schemas
 * into a Worker for the one member read here.
 */
const tagOf = (ast: AST.AST): ReadonlyArray<string> => {
  let encoded = ast
  while (encoded._tag === "Transformation" || encoded._tag === "Refinement") encoded = encoded.from
  const tag = encoded._tag === "TypeLiteral" ? encoded.propertySignatures.find((ps) => ps.name === "_tag") : undefined
  return tag !== undefined && tag.type._tag === "Literal" && typeof tag.type.literal === "string"
    ? [tag.type.literal]
    : []
}

/** The tags of `errors`: a union of error classes, one class, or `Schema.Never`. */
export const errorTagsOf = (errors: Schema.Schema.AnyNoContext): ReadonlyArray<string> =>
  errors.ast._tag === "Union" ? errors.ast.types.flatMap(tagOf) : tagOf(errors.ast)

const compileCodecs = <I, IE, O, OE, E extends { readonly _tag: string }, EE>(
  op: OperationDescriptor<I, IE, O, OE, E, EE>
): Codecs<IE, O, E> => ({
  name: op.name,
  target: op.target,
  encodeInput: encodeInput(op.input, { errors: "all", onExcessProperty: "ignore" }),
  decodeOutput: decodeOutput(op.output, { onExcessProperty: "ignore" }),
  decodeError: Schema.decodeUnknown(op.errors),
  modeled: new Set(errorTagsOf(op.errors))
})

const requestError = (operation: string, reason: AwsRequestErrorReason, message: string, status?: number) =>
  new AwsRequestError({ reason, operation, message, ...(status === undefined ? {} : { status }) })

// ---------------------------------------------------------------------------
// The steps of a call, in the order they run.
// ---------------------------------------------------------------------------

/** encode: the caller's input, read once into plain data, checked against the model, as the JSON body. */
const encode = <IE, O, E extends { readonly _tag: string }>(
  codecs: Codecs<IE, O, E>,
  input: unknown
): Effect.Effect<string, AwsRequestError> => {
  const invalid = (issues: ReadonlyArray<InputIssue>) =>
    new AwsRequestError({
      reason: "InvalidInput",
      operation: codecs.name,
      message: clip(
        `Invalid input for ${codecs.name}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
        messageLimit
      ),
      issues
    })
  const snapshot = snapshotInput(input ?? {})
  if (!snapshot.ok) return Effect.fail(invalid([snapshot.issue]))
  return Effect.mapBoth(codecs.encodeInput(snapshot.value), {
    onFailure: (error) => invalid(inputIssues(error)),
    onSuccess: (encoded) => JSON.stringify(encoded)
  })
}

/** sign: fresh credentials (they may have been refreshed) and a signature dated by the corrected clock. */
const sign = (
  client: Client,
  operation: string,
  target: string,
  body: string,
  localMs: number
): Effect.Effect<Record<string, string>, AwsRequestError> =>
  Effect.flatMap(
    Effect.mapError(client.credentials.get, (e) =>
      requestError(operation, "Credentials", `No credentials: ${e.message}`)),
    (credentials) =>
      Effect.mapError(
        client.signer.sign(
          {
            method: "POST",
            url: client.endpoint.url,
            headers: { "content-type": contentType, "x-amz-target": target, "x-amz-user-agent": client.agent },
            body
          },
          {
            service: client.identity.signingName,
            region: client.endpoint.region,
            credentials,
            date: new Date(localMs + client.retryState.skew.offsetMs)
          }
        ),
        (e) =>
          requestError(operation, "Signing", `Signing failed: ${e.message}`)
      )
  )

/**
 * A request that got no complete response. `ambiguous`: it may have reached
 * the service all the same (only a refused or unresolved connection proves it
 * did not).
 */
interface SendFailure {
  readonly error: AwsRequestError
  readonly ambiguous: boolean
}

/** send: one HTTP exchange through the client's transport, the answer read whole. */
const send = (
  client: Client,
  operation: string,
  headers: Record<string, string>,
  body: string
): Effect.Effect<DirectResponse, SendFailure> =>
  Effect.mapError(
    // `user-agent` is added after signing: signers leave it out (browsers may replace it).
    client.transport({ url: client.endpoint.url, headers: { ...headers, "user-agent": client.agent }, body }),
    (e): SendFailure => ({
      error: requestError(operation, "Transport", `Transport error: ${e.message}`, e.status),
      // An answer whose body failed proves the service saw the request; only a refused connection proves it did not.
      ambiguous: e.status !== undefined || !provenUnsent(e.cause)
    })
  )

/** classify: a success gives its parsed JSON; an error response becomes the operation's typed error. */
const classify = <IE, O, E extends { readonly _tag: string }>(
  codecs: Codecs<IE, O, E>,
  response: DirectResponse,
  $metadata: ResponseMetadata
): Effect.Effect<unknown, OperationError<E>> => {
  const { body: text, status } = response
  const parsed = parseBody(text)
  // A short, single-line excerpt of the body: only a prefix is looked at, so a 50 MB body costs no pass over it.
  const notJson = () => `HTTP ${status} with a body that is not JSON: ${clip(text, 120)}`
  if (status >= 200 && status < 300) {
    return parsed.ok
      ? Effect.succeed(parsed.value)
      : Effect.fail(requestError(codecs.name, "Decode", notJson(), status))
  }
  const errorBody = parsed.ok ? parsed.value : undefined
  const code = errorCodeOf(response.headers["x-amzn-errortype"], errorBody)
  const message = errorMessageOf(errorBody)
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
      parsed.ok
        ? `HTTP ${status} without an error code`
        : notJson()
    ))
  }
  const wire = message === undefined ? { $metadata } : { Message: clip(message, relayedMessageLimit), $metadata }
  const canonical = canonicalCode(code)
  const tag = codecs.modeled.has(code) ? code : codecs.modeled.has(canonical) ? canonical : undefined
  if (tag !== undefined) {
    return Effect.matchEffect(codecs.decodeError({ _tag: tag, ...wire }), {
      onFailure: () => Effect.fail(unknown(code, message ?? "")),
      onSuccess: Effect.fail
    })
  }
  const common = commonErrorByCode.get(canonical)
  if (common !== undefined) {
    const error = new common(wire)
    const notModeled = (e: CommonAwsError): e is Exclude<CommonAwsError, { readonly _tag: E["_tag"] }> =>
      !codecs.modeled.has(e._tag)
    if (notModeled(error)) return Effect.fail(error)
  }
  return Effect.fail(unknown(code, message ?? ""))
}

/** decode: the JSON of a success as the operation's output. */
const decode = <IE, O, E extends { readonly _tag: string }>(
  codecs: Codecs<IE, O, E>,
  json: unknown,
  status: number
): Effect.Effect<O, AwsRequestError> =>
  Effect.mapError(
    codecs.decodeOutput(json),
    (e) =>
      requestError(
        codecs.name,
        "Decode",
        `Unexpected ${codecs.name} output: ${summarize(describeIssue(e.issue), true)}`,
        status
      )
  )

/** The metadata of a response, as results and service errors carry it. */
const metadataOf = (response: DirectResponse, progress: CallProgress): ResponseMetadata => {
  // Bounded like everything else the response says; a real request id is 36 to 52 characters.
  const wireRequestId = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"]
  return {
    httpStatusCode: response.status,
    ...(wireRequestId === undefined ? {} : { requestId: clip(wireRequestId, 200) }),
    attempts: progress.attempts,
    totalRetryDelay: progress.totalRetryDelayMs
  }
}

/**
 * One attempt: sign -> send -> classify -> decode. A failure carries, besides
 * its error, what the retry loop needs to know beyond the error: whether the
 * response's `Date` header corrected the clock, its `Retry-After` hint, and
 * whether the service may have processed the request all the same.
 */
const attempt =
  <IE, O, E extends { readonly _tag: string }>(client: Client, codecs: Codecs<IE, O, E>, body: string) =>
  (progress: CallProgress): Effect.Effect<WithMetadata<O>, AttemptFailure<OperationError<E>>> =>
    Effect.flatMap(Clock.currentTimeMillis, (localMs) =>
      sign(client, codecs.name, codecs.target, body, localMs).pipe(
        Effect.mapError((error): SendFailure => ({ error, ambiguous: false })),
        Effect.flatMap((headers) => send(client, codecs.name, headers, body)),
        Effect.mapError(({ ambiguous, error }): AttemptFailure<OperationError<E>> => ({
          error,
          clockCorrected: false,
          retryAfterMs: undefined,
          ambiguous
        })),
        Effect.flatMap((response) => {
          const clockCorrected = client.policy.correctClockSkew &&
            client.retryState.skew.observe(response.headers["date"], localMs)
          const succeeded = response.status >= 200 && response.status < 300
          const retryAfter = succeeded
            ? undefined
            : retryAfterMs(response.headers, localMs + client.retryState.skew.offsetMs)
          const $metadata = metadataOf(response, progress)
          const outcome = classify(codecs, response, $metadata).pipe(
            Effect.flatMap((json) => decode(codecs, json, response.status)),
            Effect.map((output): WithMetadata<O> => ({ output, $metadata })),
            Effect.mapError((error): AttemptFailure<OperationError<E>> => ({
              error,
              clockCorrected,
              retryAfterMs: retryAfter
            }))
          )
          // `flatMap`, not `zipRight`: the latter takes concurrency options, and brings `Effect.all` with them.
          return Effect.flatMap(annotateResponse($metadata), () => outcome)
        })
      ))

const annotateResponse = ($metadata: ResponseMetadata) =>
  $metadata.requestId === undefined
    ? Effect.annotateCurrentSpan("http.response.status_code", $metadata.httpStatusCode)
    : Effect.annotateCurrentSpan({
      "aws.request_id": $metadata.requestId,
      "http.response.status_code": $metadata.httpStatusCode
    })

/** The retry policy of one call: the client's, or the client's with `Retry.withPolicy`'s overrides. */
const callPolicy = (client: Client, operation: string): Effect.Effect<CompiledPolicy, AwsRequestError> =>
  Effect.flatMap(
    FiberRef.get(currentCallOptions),
    (override) =>
      override === undefined ? Effect.succeed(client.policy) : Either.mapLeft(
        applyCallOptions(client.policy, override),
        (issue) =>
          new AwsRequestError({
            reason: "InvalidInput",
            operation,
            message: `Invalid retry options for ${operation}: ${issue.path} ${issue.message}`,
            issues: [issue]
          })
      )
  )

const timeoutError = (operation: string) => (scope: "attempt" | "call", attempts: number, limitMs: number) =>
  requestError(
    operation,
    "Timeout",
    scope === "attempt"
      ? `${operation}: attempt ${attempts} got no complete response within ${limitMs} ms`
      : `${operation}: no result within the ${limitMs} ms deadline (${attempts} attempt${attempts === 1 ? "" : "s"})`
  )

/** The error of an ambiguous failure of an operation that is not idempotent, which is therefore not repeated. */
const notRepeated = (operation: string) => <E>(error: E): E | AwsRequestError =>
  error instanceof AwsRequestError
    ? requestError(
      operation,
      error.reason,
      `${error.message}; not retried: ${operation} is not idempotent and the service may have processed the request (look for its result, or opt in with retry.retryAmbiguous)`,
      error.status
    )
    : error

/**
 * Builds the runner that turns each generated descriptor into a method. The
 * dependencies are captured here, so the methods require nothing.
 */
export const makeRunner = (
  identity: ServiceIdentity,
  options: ClientOptions,
  transport: DirectSend
): Effect.Effect<OperationRunner, EndpointError | ConfigError.ConfigError, AwsCredentials | AwsSigner> =>
  Effect.gen(function*() {
    const endpoint = yield* resolveClientEndpoint(identity, options)
    const policy = yield* Either.mapLeft(
      compilePolicy(options.retry),
      (issue) => ConfigError.InvalidData(issue.path.split("."), `Invalid client option ${issue.path}: ${issue.message}`)
    )
    const client: Client = {
      identity,
      endpoint,
      policy,
      retryState: makeRetryState(policy),
      agent: userAgent({ sdkId: identity.sdkId, runtime: options.userAgentRuntime, appId: options.userAgentAppId }),
      credentials: yield* AwsCredentials,
      signer: yield* AwsSigner,
      transport
    }

    return <I, IE, O, OE, E extends { readonly _tag: string }, EE>(
      op: OperationDescriptor<I, IE, O, OE, E, EE>
    ): OperationMethod<I, O, OperationError<E>> => {
      const span = {
        kind: "client",
        attributes: {
          "rpc.system": "aws-api",
          "rpc.service": identity.name,
          "rpc.method": op.name,
          "aws.region": endpoint.region
        },
        // No stack trace: capturing one costs more than the rest of the span, on every call.
        captureStackTrace: false
      } as const
      let codecs: Codecs<IE, O, E> | undefined

      // The request path: encode -> retrying(attempt) -> one span.
      const call = (input: unknown): Effect.Effect<WithMetadata<O>, OperationError<E>> =>
        Effect.suspend(() => {
          codecs ??= compileCodecs(op)
          const compiled = codecs
          return Effect.flatMap(encode(compiled, input), (body) =>
            Effect.flatMap(callPolicy(client, op.name), (policy) =>
              retrying(attempt(client, compiled, body), {
                operation: op.name,
                policy,
                state: client.retryState,
                timeoutError: timeoutError(op.name),
                idempotent: op.idempotent,
                notRepeated: notRepeated(op.name)
              })))
        }).pipe(Effect.withSpan(`${identity.name}.${op.name}`, span))

      const toOutput = (result: WithMetadata<O>): O => result.output
      const method = (...args: InputArgs<I>) => Effect.map(call(args[0]), toOutput)
      return Object.assign(method, { withMetadata: (...args: InputArgs<I>) => call(args[0]) })
    }
  })

/**
 * The platform's `HttpClient` tag, read without loading the platform's
 * modules: a tag is looked up by its key, and this is the key of
 * `HttpClient.HttpClient` (every core test provides its HTTP client under
 * that tag and reads it through this one).
 */
const PlatformHttpClient = /* @__PURE__ */ Context.GenericTag<HttpClient.HttpClient>("@effect/platform/HttpClient")

/**
 * The context's platform `HttpClient` as the transport: its own direct path
 * when it offers one (the emulator's in-process client and the Node
 * runtime's do), at once; otherwise the platform path (`httpTransport.ts`),
 * reached through `#platformTransport`: imported on first use on Node, so
 * that a program whose runtime hands over a `DirectSend` never loads
 * `@effect/platform`'s HTTP modules, and a plain import elsewhere, which a
 * Worker's bundler can drop.
 */
export const httpClientTransport: Effect.Effect<DirectSend, never, HttpClient.HttpClient> = /* @__PURE__ */ Effect
  .flatMap(
    PlatformHttpClient,
    (http) =>
      hasDirectSend(http)
        ? Effect.succeed(http[DirectSendId])
        : Effect.map(loadPlatformSend, (platformSend) => platformSend(http))
  )
