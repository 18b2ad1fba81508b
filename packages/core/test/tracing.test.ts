/**
 * One span per call with the documented attributes and the attempt count,
 * and no secret anywhere observable: span attributes and events (ours and
 * the platform HttpClient's), span exits, log lines, error messages.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import type * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import * as AwsCredentials from "../src/AwsCredentials.js"
import { CodeStarConnections } from "../src/CodeStarConnections.js"
import { connectionArn } from "./samples.js"
import {
  accessKeyId,
  type Answer,
  dependencies,
  json,
  recordingHttp,
  region,
  secretAccessKey,
  sessionToken
} from "./support.js"

class RecordedSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly spanId: string
  readonly traceId = "trace"
  readonly sampled = true
  readonly attributes = new Map<string, unknown>()
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }> = []
  readonly links: Array<Tracer.SpanLink> = []
  status: Tracer.SpanStatus
  exit: Exit.Exit<unknown, unknown> | undefined

  constructor(
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly kind: Tracer.SpanKind,
    startTime: bigint,
    id: number
  ) {
    this.spanId = `span-${id}`
    this.status = { _tag: "Started", startTime }
  }
  readonly context = Context.empty()
  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>) {
    this.status = { _tag: "Ended", startTime: this.status.startTime, endTime, exit }
    this.exit = exit
  }
  attribute(key: string, value: unknown) {
    this.attributes.set(key, value)
  }
  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>) {
    this.events.push({ name, attributes })
  }
  addLinks(links: ReadonlyArray<Tracer.SpanLink>) {
    for (const link of links) this.links.push(link)
  }
}

/** An in-memory tracer and a logger that keeps every line at every level. */
const observe = () => {
  const spans: Array<RecordedSpan> = []
  const lines: Array<string> = []
  const tracer = Tracer.make({
    span: (name, parent, _context, _links, startTime, kind, options) => {
      const span = new RecordedSpan(name, parent, kind, startTime, spans.length)
      for (const [k, v] of Object.entries(options?.attributes ?? {})) span.attribute(k, v)
      spans.push(span)
      return span
    },
    context: (f) => f()
  })
  const logger = Logger.make(({ annotations, cause, logLevel, message }) => {
    lines.push(JSON.stringify({ level: logLevel.label, message, annotations: [...annotations], cause: String(cause) }))
  })
  const provide = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      Effect.withTracer(tracer),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.All)
    )
  return { spans, lines, provide }
}

/**
 * Everything a span exporter sends, as text: attributes, events, and the
 * exit as exporters record it (the status, and for a failure the pretty
 * cause). The success value of the platform's HTTP span, the raw response,
 * is not sent by exporters and is not included.
 */
const dump = (span: RecordedSpan) =>
  JSON.stringify(
    {
      name: span.name,
      attributes: [...span.attributes],
      events: span.events,
      exit: span.exit === undefined
        ? undefined
        : Exit.isSuccess(span.exit)
        ? "Success"
        : Cause.pretty(span.exit.cause, { renderErrorCause: true })
    },
    (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)
  )

const withToken = AwsCredentials.fromStatic({ accessKeyId, secretAccessKey, sessionToken })
const client = (steps: ReadonlyArray<Answer>, credentials: AwsCredentials.AwsCredentials["Type"] = withToken) => {
  let n = 0
  const http = recordingHttp(() => steps[Math.min(n++, steps.length - 1)]!)
  return {
    requests: http.requests,
    make: CodeStarConnections.make({ region, retry: { attemptTimeout: "5 seconds" } }).pipe(
      Effect.provide(dependencies(http.layer, credentials))
    )
  }
}

const secrets = [secretAccessKey, sessionToken]
const ok = json({ Connection: { ConnectionName: "c", ConnectionStatus: "AVAILABLE" } })

describe("one span per call", () => {
  it.effect("named after the operation, with rpc.*, aws.region, aws.request_id and aws.attempts", () =>
    Effect.gen(function*() {
      const { lines, provide, spans } = observe()
      const { make, requests } = client([json({ __type: "InternalServerException" }, 503), ok])
      const c = yield* make
      const fiber = yield* Effect.fork(provide(c.getConnection({ ConnectionArn: connectionArn })))
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)

      expect(requests).toHaveLength(2)
      const calls = spans.filter((s) => s.name === "CodeStarConnections.GetConnection")
      expect(calls).toHaveLength(1)
      const call = calls[0]!
      expect(call.kind).toBe("client")
      expect(Object.fromEntries(call.attributes)).toMatchObject({
        "rpc.system": "aws-api",
        "rpc.service": "CodeStarConnections",
        "rpc.method": "GetConnection",
        "aws.region": region,
        "aws.request_id": "req-123",
        "aws.attempts": 2
      })
      const retries = call.events.filter((e) => e.name === "aws.retry")
      expect(retries).toHaveLength(1)
      expect(retries[0]!.attributes).toMatchObject({
        "aws.attempt": 1,
        "aws.retry.class": "transient",
        "aws.retry.cause": "InternalServerException"
      })
      expect(lines.some((l) => l.includes("GetConnection: attempt 1 failed (InternalServerException, transient)")))
        .toBe(true)

      expect(call.attributes.get("http.response.status_code")).toBe(200)
      // One span per call: the platform's HTTP span is turned off, so the signed request never reaches a tracer.
      expect(spans.filter((s) => s !== call)).toHaveLength(0)
    }))

  it.effect("a call that fails once records one attempt", () =>
    Effect.gen(function*() {
      const { provide, spans } = observe()
      const c = yield* client([json({ __type: "ResourceNotFoundException", message: "gone" }, 400)]).make
      yield* Effect.either(provide(c.getConnection({ ConnectionArn: connectionArn })))
      const call = spans.find((s) => s.name === "CodeStarConnections.GetConnection")!
      expect(call.attributes.get("aws.attempts")).toBe(1)
      expect(call.exit?._tag).toBe("Failure")
    }))
})

describe("no secret leaves the process's memory", () => {
  it.effect("the signed headers really carry the secrets (so the checks below can fail)", () =>
    Effect.gen(function*() {
      const { make, requests } = client([ok])
      yield* Effect.flatMap(make, (c) => c.getConnection({ ConnectionArn: connectionArn }))
      expect(requests[0]!.headers["authorization"]).toContain(secretAccessKey)
      expect(requests[0]!.headers["x-amz-security-token"]).toBe(sessionToken)
    }))

  it.effect("a user's HTTP middleware that logs the signed request sees the secret headers redacted", () =>
    Effect.gen(function*() {
      // A logging middleware, as users add with `HttpClient.tapRequest`: it logs the request's
      // headers, which Effect's loggers print redacted by the names in `Headers.currentRedactedNames`
      // at the time of logging. The program here has cleared those names, so only the client's own
      // redaction stands between the signed headers and the log: without it both secrets are printed.
      const printed: Array<string> = []
      const logger = Logger.make(({ message }) => {
        printed.push(Inspectable.toStringUnknown(message))
      })
      const http = recordingHttp(() => ok)
      const logging = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(HttpClient.HttpClient, HttpClient.tapRequest((request) => Effect.log("sending", request.headers)))
      ).pipe(Layer.provide(http.layer))
      const c = yield* CodeStarConnections.make({ region }).pipe(Effect.provide(dependencies(logging, withToken)))
      yield* c.getConnection({ ConnectionArn: connectionArn }).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Effect.locally(Headers.currentRedactedNames, [])
      )

      // The request on the wire is signed with the secrets, so the checks below can fail.
      expect(http.requests[0]!.headers["x-amz-security-token"]).toBe(sessionToken)
      expect(http.requests[0]!.headers["authorization"]).toContain(secretAccessKey)
      expect(printed).toHaveLength(1)
      const everything = printed.join("\n")
      expect(everything).toContain("sending")
      expect(everything).toContain("x-amz-target")
      for (const secret of secrets) expect(everything).not.toContain(secret)
      expect(everything).not.toContain("AWS4-HMAC-SHA256")
    }))

  it.effect("spans, span events, exits, logs and error messages of successes, retries and failures", () =>
    Effect.gen(function*() {
      const { lines, provide, spans } = observe()
      const errors: Array<unknown> = []
      const run = (make: Effect.Effect<CodeStarConnections.Service, unknown>) =>
        Effect.gen(function*() {
          const c = yield* make
          const fiber = yield* Effect.fork(provide(Effect.either(c.getConnection({ ConnectionArn: connectionArn }))))
          yield* TestClock.adjust("10 minutes")
          const result = yield* Fiber.join(fiber)
          if (Either.isLeft(result)) errors.push(result.left)
        })
      yield* run(client([ok]).make)
      yield* run(client([json({ __type: "ThrottlingException" }, 400), ok]).make)
      yield* run(client(["reset", "reset", "reset"]).make)
      yield* run(
        client([
          json(
            { __type: "AccessDeniedException", message: "User: arn:aws:iam::123456789012:user/x is not authorized" },
            403
          )
        ]).make
      )
      yield* run(
        client([
          json(
            { __type: "InvalidSignatureException", message: "The request signature we calculated does not match" },
            403
          )
        ]).make
      )
      yield* run(client([{ status: 500, body: "<html>oops</html>" }]).make)
      yield* run(
        client([ok], {
          get: Effect.fail(new AwsCredentials.CredentialsUnavailable({ message: "no credentials in the environment" }))
        }).make
      )
      // A service that never answers: both attempts time out.
      const silent = Layer.succeed(HttpClient.HttpClient, HttpClient.make(() => Effect.never))
      yield* run(
        CodeStarConnections.make({ region, retry: { attemptTimeout: "1 second", maxAttempts: 2 } }).pipe(
          Effect.provide(dependencies(silent, withToken))
        )
      )

      expect(errors.map((e) => (e !== null && typeof e === "object" && "_tag" in e ? e._tag : "?"))).toEqual([
        "AwsRequestError",
        "AccessDeniedException",
        "InvalidSignatureException",
        "AwsServiceError",
        "AwsRequestError",
        "AwsRequestError"
      ])
      expect(errors.map((e) => (e instanceof Error && "reason" in e ? e.reason : undefined))).toEqual([
        "Transport",
        undefined,
        undefined,
        undefined,
        "Credentials",
        "Timeout"
      ])
      const everything = [
        ...spans.map(dump),
        ...lines,
        ...errors.map((e) => `${String(e)} ${JSON.stringify(e)}`)
      ].join("\n")
      expect(spans.length).toBeGreaterThanOrEqual(errors.length)
      expect(spans.every((s) => s.name.startsWith("CodeStarConnections."))).toBe(true)
      expect(lines.length).toBeGreaterThan(0)
      for (const secret of secrets) expect(everything).not.toContain(secret)
      expect(everything).not.toContain("AWS4-HMAC-SHA256")
      expect(everything).not.toMatch(/secret=/)
    }))
})
