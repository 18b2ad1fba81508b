/**
 * The retry policy: the classification table, the backoff formula, the retry
 * quota, Retry-After, clock-skew correction, time limits, interruption and
 * per-call overrides, through the whole request path over a scripted
 * in-memory HTTP client, on the TestClock.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as TestClock from "effect/TestClock"
import * as fc from "fast-check"
import { AwsRequestError, AwsServiceError, InvalidSignatureException, ThrottlingException } from "../src/AwsError.js"
import {
  CodeStarConnections,
  InternalServerException,
  LimitExceededException,
  ResourceNotFoundException
} from "../src/CodeStarConnections.js"
import { makeTokenBucket } from "../src/internal/retryBudget.js"
import { ClockSkew } from "../src/internal/retryClock.js"
import { backoffMs, compilePolicy, delayMs, retryAfterMs } from "../src/internal/retryPolicy.js"
import { makeRateLimiter } from "../src/internal/retryRateLimiter.js"
import * as Retry from "../src/Retry.js"
import { connectionArn, repositoryLinkId } from "./samples.js"
import { type Answer, dependencies, json, type RecordedRequest, region } from "./support.js"

// ---------------------------------------------------------------------------
// A scripted HTTP client: answers step by step (the last step repeats), can
// answer late (on the Effect clock), and keeps every request's time and abort
// signal.

interface Late {
  readonly after: Duration.DurationInput
  readonly answer: Answer
}
/** `refused`: the connection could not be made (ECONNREFUSED), so nothing was sent. */
type Step = Answer | Late | "refused"

interface Seen extends RecordedRequest {
  readonly atMs: number
  readonly signal: AbortSignal
}

const isLate = (step: Answer | Late): step is Late => typeof step === "object" && "after" in step

const scripted = (steps: ReadonlyArray<Step>) => {
  const seen: Array<Seen> = []
  const client = HttpClient.make((request, url, signal) =>
    Effect.gen(function*() {
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
      seen.push({
        method: request.method,
        url: url.toString(),
        headers: request.headers,
        body,
        atMs: yield* Clock.currentTimeMillis,
        signal
      })
      const step = steps[Math.min(seen.length, steps.length) - 1]!
      if (step === "refused") {
        const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" })
        return yield* new HttpClientError.RequestError({ request, reason: "Transport", cause })
      }
      const answer = isLate(step) ? step.answer : step
      if (isLate(step)) yield* Effect.sleep(step.after)
      if (answer === "reset" || answer === "refused") {
        return yield* new HttpClientError.RequestError({ request, reason: "Transport", description: "socket hang up" })
      }
      return HttpClientResponse.fromWeb(
        request,
        new Response(answer.body ?? "", { status: answer.status ?? 200, headers: answer.headers ?? {} })
      )
    })
  )
  return { seen, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

const ok = json({ Connection: { ConnectionName: "c", ConnectionStatus: "AVAILABLE" } })
const awsError = (
  code: string,
  status: number,
  message = `about ${code}`,
  headers: Record<string, string> = {}
): Answer => ({
  status,
  headers: { "content-type": "application/x-amz-json-1.0", ...headers },
  body: JSON.stringify({ __type: code, message })
})

/** A client over a scripted transport, with the given retry options. */
const setup = (steps: ReadonlyArray<Step>, retry: Retry.RetryOptions = {}) => {
  const http = scripted(steps)
  return {
    seen: http.seen,
    client: CodeStarConnections.make({ region, retry }).pipe(Effect.provide(dependencies(http.layer)))
  }
}

/**
 * Runs an effect on the TestClock, letting up to `budget` of virtual time
 * pass. Clients are made before it: the first client made with a platform
 * `HttpClient` imports the platform path for real, which the clock would not
 * wait for.
 */
const onTestClock = <A, E>(effect: Effect.Effect<A, E>, budget: Duration.DurationInput = Duration.minutes(10)) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(Effect.either(effect))
    yield* TestClock.adjust(budget)
    return yield* Fiber.join(fiber)
  })

const getConnection = (client: CodeStarConnections.Service) => client.getConnection({ ConnectionArn: connectionArn })

const leftOf = <A, E>(either: Either.Either<A, E>): E => {
  if (Either.isRight(either)) throw new Error(`expected a failure, got ${JSON.stringify(either.right)}`)
  return either.left
}

// ---------------------------------------------------------------------------

describe("classification", () => {
  const rows: ReadonlyArray<readonly [string, Retry.FailureFacts, Retry.RetryClass]> = [
    ["ThrottlingException (400)", { code: "ThrottlingException", status: 400 }, "throttling"],
    ["ThrottlingException (429)", { code: "ThrottlingException", status: 429 }, "throttling"],
    ["Throttling", { code: "Throttling", status: 400 }, "throttling"],
    ["TooManyRequestsException", { code: "TooManyRequestsException", status: 400 }, "throttling"],
    ["RequestLimitExceeded", { code: "RequestLimitExceeded", status: 400 }, "throttling"],
    ["SlowDown (503)", { code: "SlowDown", status: 503 }, "throttling"],
    ["429 without a code", { status: 429 }, "throttling"],
    ["429 with an unknown code", { code: "Whatever", status: 429 }, "throttling"],
    ["LimitExceededException (400): a quota", { code: "LimitExceededException", status: 400 }, "terminal"],
    ["LimitExceededException (429): still a quota", { code: "LimitExceededException", status: 429 }, "terminal"],
    ["InternalServerException (500)", { code: "InternalServerException", status: 500 }, "transient"],
    ["InternalFailure (500)", { code: "InternalFailure", status: 500 }, "transient"],
    ["ServiceUnavailable (503)", { code: "ServiceUnavailable", status: 503 }, "transient"],
    ["RetryLatestCommitFailedException (503)", { code: "RetryLatestCommitFailedException", status: 503 }, "transient"],
    ["RequestTimeoutException", { code: "RequestTimeoutException", status: 400 }, "transient"],
    ["500 without a code", { status: 500 }, "transient"],
    ["502 without a code", { status: 502 }, "transient"],
    ["503 without a code", { status: 503 }, "transient"],
    ["504 without a code", { status: 504 }, "transient"],
    ["501 without a code", { status: 501 }, "terminal"],
    ["an unknown code at 503", { code: "Mystery", status: 503 }, "transient"],
    ["RequestExpired", { code: "RequestExpired", status: 400 }, "clockSkew"],
    ["RequestTimeTooSkewed", { code: "RequestTimeTooSkewed", status: 403 }, "clockSkew"],
    ["RequestInTheFuture", { code: "RequestInTheFuture", status: 400 }, "clockSkew"],
    [
      "InvalidSignatureException, Signature expired",
      {
        code: "InvalidSignatureException",
        status: 400,
        message: "Signature expired: 20260101T000000Z is now earlier than ..."
      },
      "clockSkew"
    ],
    [
      "InvalidSignatureException, Signature not yet current",
      { code: "InvalidSignatureException", status: 400, message: "Signature not yet current: ..." },
      "clockSkew"
    ],
    [
      "InvalidSignatureException, a wrong signature",
      { code: "InvalidSignatureException", status: 403, message: "The request signature we calculated does not match" },
      "terminal"
    ],
    ["AccessDeniedException", { code: "AccessDeniedException", status: 403 }, "terminal"],
    ["ResourceNotFoundException", { code: "ResourceNotFoundException", status: 400 }, "terminal"],
    ["ValidationException", { code: "ValidationException", status: 400 }, "terminal"],
    ["ConcurrentModificationException", { code: "ConcurrentModificationException", status: 400 }, "terminal"],
    ["transport failure", { reason: "Transport" }, "transient"],
    ["transport failure while reading a 200", { reason: "Transport", status: 200 }, "transient"],
    ["attempt timeout", { reason: "Timeout" }, "timeout"],
    ["undecodable 200", { reason: "Decode", status: 200 }, "terminal"],
    ["no credentials", { reason: "Credentials" }, "terminal"],
    ["signing failure", { reason: "Signing" }, "terminal"],
    ["invalid input", { reason: "InvalidInput" }, "terminal"]
  ]
  it.each(rows)("%s", (_, facts, expected) => {
    expect(Retry.classify(facts)).toBe(expected)
  })

  // The errors a caller sees are classified by the same table, from the error alone.
  const $metadata = (httpStatusCode: number) => ({ httpStatusCode, attempts: 3, totalRetryDelay: 0 })
  const errors: ReadonlyArray<readonly [string, { readonly _tag: string }, Retry.RetryClass]> = [
    ["ThrottlingException", new ThrottlingException({ $metadata: $metadata(400) }), "throttling"],
    ["InternalServerException", new InternalServerException({ $metadata: $metadata(500) }), "transient"],
    ["LimitExceededException", new LimitExceededException({ $metadata: $metadata(400) }), "terminal"],
    ["ResourceNotFoundException", new ResourceNotFoundException({ $metadata: $metadata(400) }), "terminal"],
    [
      "InvalidSignatureException, Signature expired",
      new InvalidSignatureException({ Message: "Signature expired: 20260101T000000Z", $metadata: $metadata(400) }),
      "clockSkew"
    ],
    ["AwsServiceError at 503", new AwsServiceError({ code: "Mystery", message: "", status: 503 }), "transient"],
    [
      "AwsServiceError without a code at 502",
      new AwsServiceError({ code: "Unknown", message: "", status: 502 }),
      "transient"
    ],
    [
      "AwsServiceError RequestTimeTooSkewed",
      new AwsServiceError({ code: "RequestTimeTooSkewed", message: "", status: 403 }),
      "clockSkew"
    ],
    ["AwsServiceError at 400", new AwsServiceError({ code: "Mystery", message: "", status: 400 }), "terminal"],
    [
      "AwsRequestError Transport",
      new AwsRequestError({ reason: "Transport", operation: "GetConnection", message: "" }),
      "transient"
    ],
    [
      "AwsRequestError Timeout",
      new AwsRequestError({ reason: "Timeout", operation: "GetConnection", message: "" }),
      "timeout"
    ],
    [
      "AwsRequestError Decode",
      new AwsRequestError({ reason: "Decode", operation: "GetConnection", message: "", status: 200 }),
      "terminal"
    ]
  ]
  it.each(errors)("the error %s", (_, error, expected) => {
    expect(Retry.classifyError(error)).toBe(expected)
    expect(Retry.isRetryable(error)).toBe(expected !== "terminal")
  })
})

describe("backoff", () => {
  const policy = Either.getOrThrow(compilePolicy({}))

  it("full jitter: a draw in [0, min(cap, base * 2^retry)), throttling from the larger base", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, draw) => {
          const transient = backoffMs(policy, "transient", retry, draw)
          const throttled = backoffMs(policy, "throttling", retry, draw)
          expect(transient).toBeGreaterThanOrEqual(0)
          expect(transient).toBeLessThanOrEqual(Math.min(20_000, 100 * 2 ** retry))
          expect(throttled).toBeLessThanOrEqual(Math.min(20_000, 500 * 2 ** retry))
          expect(throttled).toBeGreaterThanOrEqual(transient)
        }
      )
    )
    expect(backoffMs(policy, "transient", 0, 0)).toBe(0)
    expect(backoffMs(policy, "transient", 3, 0.5)).toBe(400)
    expect(backoffMs(policy, "throttling", 20, 0.999999)).toBe(19_999)
  })

  it.effect("observed waits stay within the bounds, and a seed makes them repeatable", () =>
    Effect.gen(function*() {
      const run = (seed: string) =>
        Effect.gen(function*() {
          const { client, seen } = setup([awsError("InternalServerException", 500)], { maxAttempts: 6, budget: false })
          const error = leftOf(yield* onTestClock(getConnection(yield* client)))
          expect(error).toMatchObject({ _tag: "AwsServiceError", code: "InternalServerException", status: 500 })
          expect(seen).toHaveLength(6)
          return seen.slice(1).map((s, i) => s.atMs - seen[i]!.atMs)
        }).pipe(Effect.withRandom(Random.make(seed)))
      const waits = yield* run("seed-1")
      waits.forEach((wait, retry) => {
        expect(wait).toBeGreaterThanOrEqual(0)
        expect(wait).toBeLessThan(100 * 2 ** retry)
      })
      expect(yield* run("seed-1")).toEqual(waits)
      expect(yield* run("seed-2")).not.toEqual(waits)
    }))
})

describe("retry quota (token bucket)", () => {
  it("retries take tokens, successes give some back, never above capacity", () => {
    const bucket = makeTokenBucket({ capacity: 20, retryCost: 5, timeoutCost: 10, successIncrement: 1 })
    expect(bucket.tryAcquire(10)).toBe(true)
    expect(bucket.tryAcquire(5)).toBe(true)
    expect(bucket.available).toBe(5)
    expect(bucket.tryAcquire(10)).toBe(false)
    expect(bucket.available).toBe(5)
    bucket.recordSuccess(5)
    expect(bucket.available).toBe(10)
    bucket.recordSuccess(0)
    expect(bucket.available).toBe(11)
    for (let i = 0; i < 50; i++) bucket.recordSuccess(0)
    expect(bucket.available).toBe(20)
  })

  it.effect("an outage drains the quota and calls then fail after one attempt", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("InternalServerException", 503)], {
        budget: { capacity: 15, retryCost: 5 }
      })
      const c = yield* client
      // 15 tokens: the first call retries twice (10), the second once (5), then the quota is empty.
      const attempts: Array<number> = []
      for (let i = 0; i < 4; i++) {
        const before = seen.length
        const error = leftOf(yield* onTestClock(getConnection(c)))
        expect(error).toMatchObject({ _tag: "AwsServiceError", code: "InternalServerException", status: 503 })
        attempts.push(seen.length - before)
      }
      expect(attempts).toEqual([3, 2, 1, 1])
    }))

  it.effect("successes refill the quota: a retry after recovery costs, and is refunded", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([
        awsError("InternalServerException", 503),
        awsError("InternalServerException", 503),
        ok,
        ok,
        ok,
        ok,
        ok,
        awsError("InternalServerException", 503),
        ok
      ], { budget: { capacity: 10, retryCost: 5, successIncrement: 1 } })
      const c = yield* client
      // Two retries (10 tokens), refunded 5 by the success that followed.
      expect(Either.isRight(yield* onTestClock(getConnection(c)))).toBe(true)
      // Four first-attempt successes: +1 each -> 9.
      for (let i = 0; i < 4; i++) yield* getConnection(c)
      // 9 >= 5: the next failure is retried.
      expect(Either.isRight(yield* onTestClock(getConnection(c)))).toBe(true)
      expect(seen).toHaveLength(9)
    }))

  it.effect("a timed-out attempt costs the timeout price", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([{ after: "10 seconds", answer: ok }], {
        attemptTimeout: "1 second",
        budget: { capacity: 15, retryCost: 5, timeoutCost: 10 }
      })
      const error = leftOf(yield* onTestClock(getConnection(yield* client)))
      // 15 tokens pay for one timeout retry (10), not two.
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Timeout" })
      expect(seen).toHaveLength(2)
    }))
})

describe("what is retried, through the whole path", () => {
  it.effect("503 then success: two attempts, the output", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("InternalServerException", 503), ok])
      const result = yield* onTestClock(getConnection(yield* client))
      expect(result).toEqual(Either.right({ Connection: { ConnectionName: "c", ConnectionStatus: "AVAILABLE" } }))
      expect(seen).toHaveLength(2)
    }))

  it.effect("each attempt is signed afresh, with the time it is sent", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("ThrottlingException", 400), ok])
      yield* onTestClock(getConnection(yield* client))
      expect(seen).toHaveLength(2)
      expect(seen.map((s) => s.headers["x-amz-date"])).toEqual(seen.map((s) => new Date(s.atMs).toISOString()))
      expect(seen[1]!.atMs).toBeGreaterThanOrEqual(seen[0]!.atMs)
      expect(seen[1]!.body).toBe(seen[0]!.body)
    }))

  it.effect("throttling until attempts run out: the typed throttling error after 3 attempts", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("ThrottlingException", 400, "Rate exceeded")])
      const error = leftOf(yield* onTestClock(getConnection(yield* client)))
      expect(error).toBeInstanceOf(ThrottlingException)
      expect(error).toMatchObject({ Message: "Rate exceeded" })
      expect(seen).toHaveLength(3)
    }))

  it.effect("a modeled InternalServerException is retried and stays typed", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("InternalServerException", 500)])
      const error = leftOf(
        yield* onTestClock((yield* client).getRepositoryLink({ RepositoryLinkId: repositoryLinkId }))
      )
      expect(error).toBeInstanceOf(InternalServerException)
      expect(seen).toHaveLength(3)
    }))

  it.effect("connection resets are retried", () =>
    Effect.gen(function*() {
      const { client, seen } = setup(["reset", "reset", ok])
      expect(Either.isRight(yield* onTestClock(getConnection(yield* client)))).toBe(true)
      expect(seen).toHaveLength(3)
    }))

  it.effect("LimitExceededException is never retried", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("LimitExceededException", 400, "Too many connections"), ok])
      const error = leftOf(
        yield* onTestClock(
          (yield* client).createConnection({ ConnectionName: "c", ProviderType: "GitHub" })
        )
      )
      expect(error).toBeInstanceOf(LimitExceededException)
      expect(seen).toHaveLength(1)
    }))

  it.effect("client errors and undecodable outputs are not retried", () =>
    Effect.gen(function*() {
      const notFound = setup([awsError("ResourceNotFoundException", 400), ok])
      expect(leftOf(yield* onTestClock(getConnection(yield* notFound.client)))).toBeInstanceOf(
        ResourceNotFoundException
      )
      expect(notFound.seen).toHaveLength(1)
      const garbled = setup([{ status: 200, body: "{\"Connection\": {" }, ok])
      expect(leftOf(yield* onTestClock(getConnection(yield* garbled.client)))).toMatchObject({
        _tag: "AwsRequestError",
        reason: "Decode"
      })
      expect(garbled.seen).toHaveLength(1)
    }))

  it.effect("429 without a code is throttling; an HTML 502 is transient", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([{ status: 429, body: "" }, { status: 502, body: "<html>Bad Gateway</html>" }, ok])
      expect(Either.isRight(yield* onTestClock(getConnection(yield* client)))).toBe(true)
      expect(seen).toHaveLength(3)
    }))
})

describe("operations that are not idempotent are not repeated after an ambiguous failure", () => {
  const created = json({ ConnectionArn: connectionArn })
  const create = (client: CodeStarConnections.Service) =>
    client.createConnection({ ConnectionName: "c", ProviderType: "GitHub" })

  it.effect("a timed-out CreateConnection is not sent again, and the error says so", () =>
    Effect.gen(function*() {
      // The service answers after 2.5 s (it did create the connection); the attempt gave up at 1 s.
      const { client, seen } = setup([{ after: "2500 millis", answer: created }, created], {
        attemptTimeout: "1 second"
      })
      const error = leftOf(yield* onTestClock(create(yield* client)))
      expect(error).toBeInstanceOf(AwsRequestError)
      expect(error).toMatchObject({ reason: "Timeout", operation: "CreateConnection" })
      expect(error.message).toMatch(/not retried: CreateConnection is not idempotent/)
      expect(seen).toHaveLength(1)
    }))

  it.effect("a connection broken after sending is not repeated either", () =>
    Effect.gen(function*() {
      const { client, seen } = setup(["reset", created])
      const error = leftOf(yield* onTestClock(create(yield* client)))
      expect(error).toMatchObject({ reason: "Transport", operation: "CreateConnection" })
      expect(error.message).toContain("not retried")
      expect(seen).toHaveLength(1)
    }))

  it.effect("failures that prove nothing was processed are retried: throttling, a 5xx answer, a refused connection", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([
        awsError("ThrottlingException", 400),
        "refused",
        awsError("InternalServerException", 500),
        created
      ], {
        maxAttempts: 4
      })
      expect(yield* onTestClock(create(yield* client))).toEqual(Either.right({ ConnectionArn: connectionArn }))
      expect(seen).toHaveLength(4)
    }))

  it.effect("reads are still retried after a timeout or a reset", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([{ after: "1 minute", answer: ok }, "reset", ok], { attemptTimeout: "1 second" })
      expect(Either.isRight(yield* onTestClock(getConnection(yield* client)))).toBe(true)
      expect(seen).toHaveLength(3)
    }))

  it.effect("callers opt in per client or per call", () =>
    Effect.gen(function*() {
      const perClient = setup(["reset", created], { retryAmbiguous: true })
      expect(Either.isRight(yield* onTestClock(create(yield* perClient.client)))).toBe(true)
      expect(perClient.seen).toHaveLength(2)

      const perCall = setup(["reset", created])
      const result = yield* onTestClock(
        create(yield* perCall.client).pipe(Retry.withPolicy({ retryAmbiguous: true }))
      )
      expect(Either.isRight(result)).toBe(true)
      expect(perCall.seen).toHaveLength(2)
    }))

  it("the generated descriptors carry the fact: creates are not idempotent, reads are", async () => {
    const ops = await import("../src/generated/codestar-connections/operations.js")
    expect(ops.CreateConnection.idempotent).toBe(false)
    expect(ops.CreateHost.idempotent).toBe(false)
    expect(ops.GetConnection.idempotent).toBe(true)
    expect(ops.ListConnections.idempotent).toBe(true)
  })
})

describe("Retry-After", () => {
  it("is read as seconds, an HTTP date, or x-amz-retry-after milliseconds", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    expect(retryAfterMs({ "retry-after": "3" }, now)).toBe(3000)
    expect(retryAfterMs({ "retry-after": "1.5" }, now)).toBe(1500)
    expect(retryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" }, now)).toBe(7000)
    expect(retryAfterMs({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }, now)).toBe(0)
    expect(retryAfterMs({ "x-amz-retry-after": "250", "retry-after": "9" }, now)).toBe(250)
    expect(retryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined()
    expect(retryAfterMs({}, now)).toBeUndefined()
  })

  it("lengthens the backoff up to its cap, never shortens it", () => {
    const policy = Either.getOrThrow(compilePolicy({ maxRetryAfter: "5 seconds" }))
    expect(delayMs(policy, 300, undefined)).toBe(300)
    expect(delayMs(policy, 300, 2000)).toBe(2000)
    expect(delayMs(policy, 300, 100)).toBe(300)
    expect(delayMs(policy, 300, 60_000)).toBe(5000)
  })

  it.effect("the next attempt waits for it", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("ThrottlingException", 400, "slow down", { "retry-after": "3" }), ok])
      const fiber = yield* Effect.fork(Effect.flatMap(client, getConnection))
      yield* TestClock.adjust("2999 millis")
      expect(seen).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      expect(seen).toHaveLength(2)
      yield* Fiber.join(fiber)
      expect(seen[1]!.atMs - seen[0]!.atMs).toBe(3000)
    }))

  it.effect("a hint beyond the cap is cut to the cap", () =>
    Effect.gen(function*() {
      const { client, seen } = setup(
        [awsError("ThrottlingException", 400, "slow down", { "retry-after": "3600" }), ok],
        { maxRetryAfter: "4 seconds" }
      )
      yield* onTestClock(getConnection(yield* client))
      expect(seen).toHaveLength(2)
      expect(seen[1]!.atMs - seen[0]!.atMs).toBe(4000)
    }))
})

describe("clock skew", () => {
  it("the offset follows the Date header beyond a minute of difference", () => {
    const skew = new ClockSkew()
    const local = Date.parse("2026-01-01T00:00:00Z")
    expect(skew.observe("Thu, 01 Jan 2026 00:00:30 GMT", local)).toBe(false)
    expect(skew.offsetMs).toBe(0)
    expect(skew.observe("Thu, 01 Jan 2026 00:10:00 GMT", local)).toBe(true)
    expect(skew.offsetMs).toBe(600_000)
    expect(skew.observe("Thu, 01 Jan 2026 00:10:01 GMT", local)).toBe(false)
    expect(skew.observe("not a date", local)).toBe(false)
    expect(skew.observe(undefined, local)).toBe(false)
    expect(skew.observe("Wed, 31 Dec 2025 23:55:00 GMT", local)).toBe(true)
    expect(skew.offsetMs).toBe(-300_000)
  })

  it.effect("a signature rejected as expired is signed again with the server's time, and so are later calls", () =>
    Effect.gen(function*() {
      // The TestClock starts at 1970-01-01T00:00:00Z; the server is ten minutes ahead.
      const serverDate = new Date(10 * 60_000).toUTCString()
      const { client, seen } = setup([
        awsError("InvalidSignatureException", 400, "Signature expired: 19700101T000000Z is now earlier than ...", {
          date: serverDate
        }),
        { ...ok, headers: { ...ok.headers, date: serverDate } }
      ])
      const c = yield* client
      expect(Either.isRight(yield* onTestClock(getConnection(c)))).toBe(true)
      expect(seen).toHaveLength(2)
      const skewOf = (s: Seen) => Date.parse(s.headers["x-amz-date"]!) - s.atMs
      expect(skewOf(seen[0]!)).toBe(0)
      expect(skewOf(seen[1]!)).toBe(600_000)
      yield* getConnection(c)
      expect(skewOf(seen[2]!)).toBe(600_000)
    }))

  it.effect("without a Date header that moves the clock, a rejected signature is final", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([
        awsError("InvalidSignatureException", 400, "Signature expired: 19700101T000000Z is now earlier than ...", {
          date: new Date(0).toUTCString()
        }),
        ok
      ])
      expect(leftOf(yield* onTestClock(getConnection(yield* client)))).toBeInstanceOf(
        InvalidSignatureException
      )
      expect(seen).toHaveLength(1)
    }))

  it.effect("correction can be turned off", () =>
    Effect.gen(function*() {
      const serverDate = new Date(10 * 60_000).toUTCString()
      const { client, seen } = setup(
        [awsError("RequestExpired", 400, "Request has expired", { date: serverDate }), ok],
        { correctClockSkew: false }
      )
      expect(leftOf(yield* onTestClock(getConnection(yield* client)))).toMatchObject({
        _tag: "RequestExpired"
      })
      expect(seen).toHaveLength(1)
    }))
})

describe("time limits and interruption", () => {
  it.effect("a slow attempt times out and the next one succeeds", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([{ after: "1 minute", answer: ok }, ok], { attemptTimeout: "2 seconds" })
      expect(Either.isRight(yield* onTestClock(getConnection(yield* client)))).toBe(true)
      expect(seen).toHaveLength(2)
      // The timed-out attempt's request was aborted.
      expect(seen[0]!.signal.aborted).toBe(true)
      expect(seen[1]!.atMs - seen[0]!.atMs).toBeGreaterThanOrEqual(2000)
    }))

  it.effect("attempts that all time out end in a Timeout error", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([{ after: "1 minute", answer: ok }], { attemptTimeout: "2 seconds" })
      const error = leftOf(yield* onTestClock(getConnection(yield* client)))
      expect(error).toBeInstanceOf(AwsRequestError)
      expect(error).toMatchObject({ reason: "Timeout", operation: "GetConnection" })
      expect(error.message).toContain("attempt 3")
      expect(seen).toHaveLength(3)
    }))

  it.effect("the deadline cuts an attempt in flight", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("InternalServerException", 503), { after: "1 minute", answer: ok }], {
        deadline: "5 seconds",
        baseDelay: "10 millis"
      })
      const started = yield* Clock.currentTimeMillis
      const fiber = yield* Effect.fork(Effect.either(Effect.flatMap(client, getConnection)))
      yield* TestClock.adjust("10 minutes")
      const error = leftOf(yield* Fiber.join(fiber))
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "Timeout" })
      expect(error.message).toContain("5000 ms deadline (2 attempts)")
      expect(seen).toHaveLength(2)
      expect(seen[1]!.signal.aborted).toBe(true)
      expect(seen[1]!.atMs - started).toBeLessThan(5000)
    }))

  it.effect("a retry that would end past the deadline is not made: the last error comes back", () =>
    Effect.gen(function*() {
      const { client, seen } = setup(
        [awsError("ThrottlingException", 400, "slow down", { "retry-after": "10" }), ok],
        { deadline: "5 seconds" }
      )
      const error = leftOf(yield* onTestClock(getConnection(yield* client)))
      expect(error).toBeInstanceOf(ThrottlingException)
      expect(seen).toHaveLength(1)
    }))

  it.effect("interrupting a call aborts the request in flight", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([{ after: "1 minute", answer: ok }])
      const c = yield* client
      const fiber = yield* Effect.fork(getConnection(c))
      yield* TestClock.adjust("1 second")
      expect(seen).toHaveLength(1)
      expect(seen[0]!.signal.aborted).toBe(false)
      yield* Fiber.interrupt(fiber)
      expect(seen[0]!.signal.aborted).toBe(true)
      yield* TestClock.adjust("10 minutes")
      expect(seen).toHaveLength(1)
    }))

  it.effect("interrupting a call during a backoff wait makes no further attempt", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("ThrottlingException", 400, "slow", { "retry-after": "5" }), ok])
      const c = yield* client
      const fiber = yield* Effect.fork(getConnection(c))
      yield* TestClock.adjust("1 second")
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust("10 minutes")
      expect(seen).toHaveLength(1)
    }))
})

describe("per-client and per-call policy", () => {
  it.effect("maxAttempts per client", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("InternalServerException", 500)], { maxAttempts: 5 })
      leftOf(yield* onTestClock(getConnection(yield* client)))
      expect(seen).toHaveLength(5)
    }))

  it.effect("Retry.withPolicy overrides one call; nested uses merge, the inner winning", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("InternalServerException", 500)])
      const c = yield* client
      leftOf(yield* onTestClock(getConnection(c).pipe(Retry.withPolicy({ maxAttempts: 5 }))))
      expect(seen).toHaveLength(5)
      leftOf(yield* onTestClock(Retry.disabled(getConnection(c))))
      expect(seen).toHaveLength(6)
      const nested = getConnection(c).pipe(
        Retry.withPolicy({ maxAttempts: 2 }),
        Retry.withPolicy({ maxAttempts: 4, baseDelay: "1 millis" })
      )
      leftOf(yield* onTestClock(nested))
      expect(seen).toHaveLength(8)
      // Outside the combinator the client's policy is back.
      leftOf(yield* onTestClock(getConnection(c)))
      expect(seen).toHaveLength(11)
    }))

  it.effect("an invalid per-call option fails the call before anything is sent", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([ok])
      const error = leftOf(
        yield* Effect.either(Effect.flatMap(client, getConnection).pipe(Retry.withPolicy({ maxAttempts: 0 })))
      )
      expect(error).toMatchObject({ _tag: "AwsRequestError", reason: "InvalidInput" })
      expect(error.message).toContain("retry.maxAttempts")
      expect(seen).toHaveLength(0)
    }))

  it.effect("an invalid client policy fails when the client is built, as a configuration error", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<Retry.RetryOptions> = [
        { maxAttempts: 0 },
        { maxAttempts: 1.5 },
        { budget: { capacity: -1 } },
        { baseDelay: Number.NaN },
        { attemptTimeout: -1 }
      ]
      for (const retry of cases) {
        const error = leftOf(yield* Effect.either(setup([ok], retry).client))
        expect(ConfigError.isConfigError(error) && error._op === "InvalidData" && error.path[0]).toBe("retry")
        expect(String(error)).toContain("Invalid client option retry.")
      }
    }))

  it("the defaults are the documented ones", () => {
    expect(Retry.defaults.mode).toBe("standard")
    expect(Retry.defaults.maxAttempts).toBe(3)
    expect(Duration.toMillis(Retry.defaults.baseDelay)).toBe(100)
    expect(Duration.toMillis(Retry.defaults.throttlingBaseDelay)).toBe(500)
    expect(Duration.toMillis(Retry.defaults.maxBackoff)).toBe(20_000)
    expect(Duration.toMillis(Retry.defaults.maxRetryAfter)).toBe(20_000)
    expect(Duration.isFinite(Retry.defaults.attemptTimeout)).toBe(false)
    expect(Duration.isFinite(Retry.defaults.deadline)).toBe(false)
    expect(Retry.defaults.budget).toEqual({ capacity: 500, retryCost: 5, timeoutCost: 10, successIncrement: 1 })
  })
})

describe("adaptive mode", () => {
  it("the rate limiter is idle until throttled, then paces sends and recovers", () => {
    const limiter = makeRateLimiter(0)
    expect(limiter.acquire(0)).toBe(0)
    expect(limiter.active).toBe(false)
    limiter.update(true, 0)
    expect(limiter.active).toBe(true)
    // The allowed rate falls to the floor of 0.5/s: the next send waits 2 s, the one after 4 s.
    expect(limiter.acquire(0)).toBe(2000)
    expect(limiter.acquire(0)).toBe(4000)
    // Successes over time raise the rate again.
    for (let t = 1; t <= 60; t++) limiter.update(false, t)
    expect(limiter.acquire(61)).toBe(0)
  })

  it.effect("after throttling, the client delays its next attempt by the limiter's pace", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([awsError("ThrottlingException", 400), ok], { mode: "adaptive" })
      const c = yield* client
      const fiber = yield* Effect.fork(getConnection(c))
      // Without the limiter the retry would come within the 500 ms backoff; with it, after 2 s.
      yield* TestClock.adjust("1990 millis")
      expect(seen).toHaveLength(1)
      yield* TestClock.adjust("20 millis")
      expect(seen).toHaveLength(2)
      yield* Fiber.join(fiber)
      expect(seen[1]!.atMs - seen[0]!.atMs).toBeGreaterThanOrEqual(1999)
    }))
})

describe("service errors keep their typed shape through retries", () => {
  it.effect("an unknown code keeps code, status and request id on the last attempt", () =>
    Effect.gen(function*() {
      const { client, seen } = setup([
        { status: 503, headers: { "x-amzn-requestid": "rid-1" }, body: JSON.stringify({ __type: "Mystery" }) },
        { status: 503, headers: { "x-amzn-requestid": "rid-2" }, body: JSON.stringify({ __type: "Mystery" }) },
        { status: 503, headers: { "x-amzn-requestid": "rid-3" }, body: JSON.stringify({ __type: "Mystery" }) }
      ])
      const error = leftOf(yield* onTestClock(getConnection(yield* client)))
      expect(error).toBeInstanceOf(AwsServiceError)
      expect(error).toMatchObject({ code: "Mystery", status: 503, requestId: "rid-3" })
      expect(seen).toHaveLength(3)
    }))
})
