/**
 * The retry loop around one call's attempts, and the per-client state it
 * shares between calls (retry quota, clock offset, adaptive rate limiter).
 * The attempt itself (sign, send, decode) is the client's; it reports each
 * failure as the typed error the call would fail with, and the loop asks
 * `retryClassify.ts` what that error means for retrying.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import { makeTokenBucket, type TokenBucket } from "./retryBudget.js"
import { classifyAttempt, labelOf, type RetryClass } from "./retryClassify.js"
import { ClockSkew } from "./retryClock.js"
import type { CallRetryOptions } from "./retryPolicy.js"
import { backoffMs, type CompiledPolicy, delayMs } from "./retryPolicy.js"
import { makeRateLimiter, type RateLimiter } from "./retryRateLimiter.js"

/** The per-call overrides set by `Retry.withPolicy`, read by the runner at the start of each call. */
export const currentCallOptions: FiberRef.FiberRef<CallRetryOptions | undefined> = globalValue(
  Symbol.for("@effect-codestar/core/Retry/currentCallOptions"),
  () => FiberRef.unsafeMake<CallRetryOptions | undefined>(undefined)
)

/** What one client keeps between calls. */
export interface RetryState {
  readonly bucket: TokenBucket | undefined
  readonly skew: ClockSkew
  /** Created on first use in adaptive mode (it needs the clock). */
  limiter: RateLimiter | undefined
}

export const makeRetryState = (policy: CompiledPolicy): RetryState => ({
  bucket: policy.budget === undefined ? undefined : makeTokenBucket(policy.budget),
  skew: new ClockSkew(),
  limiter: undefined
})

/** A failed attempt: the error, and what the response told the loop besides it. */
export interface AttemptFailure<E> {
  readonly error: E
  /** The response's `Date` header corrected the client's clock (so a date-rejected signature is worth a retry). */
  readonly clockCorrected: boolean
  /** The server's `Retry-After` hint, in milliseconds. */
  readonly retryAfterMs: number | undefined
  /**
   * The service may have processed the request although the attempt failed
   * (it timed out, or the connection broke after the request went out).
   */
  readonly ambiguous?: boolean | undefined
}

/** An attempt's failure with what the loop made of it. */
interface Classified<E> extends AttemptFailure<E> {
  readonly retryClass: RetryClass
}

const classified = <E extends { readonly _tag: string }>(failure: AttemptFailure<E>): Classified<E> => ({
  ...failure,
  retryClass: classifyAttempt(failure.error, failure.clockCorrected)
})

/**
 * How far a call has got, kept up to date by the loop: the attempt reads it
 * when it builds the metadata of a result or an error, so that the error a
 * call finally fails with (always the last attempt's) carries the whole count.
 */
export interface CallProgress {
  /** Attempts started so far, the current one included. */
  readonly attempts: number
  /** Milliseconds waited between attempts so far. */
  readonly totalRetryDelayMs: number
}

/** What the loop needs besides the attempt. */
export interface RetryContext<E> {
  readonly operation: string
  readonly policy: CompiledPolicy
  readonly state: RetryState
  /** The error of a timed-out attempt (`"attempt"`) or call (`"call"`). */
  readonly timeoutError: (scope: "attempt" | "call", attempts: number, limitMs: number) => E
  /** Whether the operation is safe to send again after an ambiguous failure. */
  readonly idempotent: boolean
  /** The error of an ambiguous failure that is not retried because the operation is not idempotent. */
  readonly notRepeated: (error: E) => E
}

const recordRetry = <E extends { readonly _tag: string }>(
  operation: string,
  attempt: number,
  failure: Classified<E>,
  waitMs: number
) =>
  Effect.flatMap(Effect.option(Effect.currentSpan), (span) =>
    Effect.flatMap(Clock.currentTimeNanos, (now) => {
      const cause = labelOf(failure.error)
      if (Option.isSome(span)) {
        span.value.event("aws.retry", now, {
          "aws.attempt": attempt,
          "aws.retry.class": failure.retryClass,
          "aws.retry.cause": cause,
          "aws.retry.delay_ms": waitMs
        })
      }
      return Effect.logDebug(
        `${operation}: attempt ${attempt} failed (${cause}, ${failure.retryClass}); retrying in ${waitMs} ms`
      )
    }))

/**
 * Runs `attempt` until it succeeds, fails in a way retrying cannot fix, runs
 * out of attempts, of retry quota or of time. The error is always the last
 * attempt's (or a Timeout error), never a wrapper. A first attempt that
 * succeeds goes through no generator and no timer: that is almost every call.
 */
export const retrying = <A, E extends { readonly _tag: string }>(
  makeAttempt: (progress: CallProgress) => Effect.Effect<A, AttemptFailure<E>>,
  context: RetryContext<E>
): Effect.Effect<A, E> =>
  Effect.suspend(() => {
    const { operation, policy, state } = context
    const progress = { attempts: 0, totalRetryDelayMs: 0 }
    const attempt = makeAttempt(progress)
    let attempts = 0
    let lastRetryCost = 0
    let startedMs = 0
    const annotate = Effect.suspend(() => Effect.annotateCurrentSpan("aws.attempts", attempts))
    const timed = policy.attemptTimeoutMs === Infinity ? attempt : Effect.timeoutFail(attempt, {
      duration: policy.attemptTimeoutMs,
      onTimeout: (): AttemptFailure<E> => ({
        error: context.timeoutError("attempt", attempts, policy.attemptTimeoutMs),
        clockCorrected: false,
        retryAfterMs: undefined,
        // The request may be with the service still, and be processed after we stopped waiting.
        ambiguous: true
      })
    })

    const classifiedAttempt = Effect.mapError(timed, classified)

    /** Adaptive mode: wait for the rate limiter's token, then attempt, then tell it how it went. */
    const paced: Effect.Effect<A, Classified<E>> = policy.mode !== "adaptive" ?
      classifiedAttempt :
      Effect.gen(function*() {
        const nowSec = (yield* Clock.currentTimeMillis) / 1000
        const limiter = state.limiter ??= makeRateLimiter(nowSec)
        const wait = limiter.acquire(nowSec)
        if (wait > 0) yield* Effect.sleep(wait)
        const result = yield* Effect.either(classifiedAttempt)
        const throttled = result._tag === "Left" && result.left.retryClass === "throttling"
        limiter.update(throttled, (yield* Clock.currentTimeMillis) / 1000)
        return yield* result
      })

    const onSuccess = (a: A): Effect.Effect<A> => {
      state.bucket?.recordSuccess(lastRetryCost)
      return Effect.as(annotate, a)
    }

    const onFailure = (failure: Classified<E>): Effect.Effect<A, E> =>
      Effect.gen(function*() {
        const wouldRetry = failure.retryClass !== "terminal" && attempts < policy.maxAttempts
        // A second attempt of a create whose first may have been processed could create twice.
        const unsafe = failure.ambiguous === true && !context.idempotent && !policy.retryAmbiguous
        if (wouldRetry && unsafe) {
          yield* annotate
          return yield* Effect.fail(context.notRepeated(failure.error))
        }
        const retryable = wouldRetry
        const cost = state.bucket === undefined
          ? 0
          : failure.retryClass === "timeout"
          ? state.bucket.budget.timeoutCost
          : state.bucket.budget.retryCost
        let wait = 0
        if (retryable) {
          const draw = yield* Random.next
          wait = delayMs(policy, backoffMs(policy, failure.retryClass, attempts - 1, draw), failure.retryAfterMs)
        }
        const inTime = !retryable || policy.deadlineMs === Infinity ||
          (yield* Clock.currentTimeMillis) + wait - startedMs < policy.deadlineMs
        // The quota is charged last, so that a retry refused for another reason costs nothing.
        if (!retryable || !inTime || (state.bucket !== undefined && !state.bucket.tryAcquire(cost))) {
          yield* annotate
          return yield* Effect.fail(failure.error)
        }
        lastRetryCost = cost
        progress.totalRetryDelayMs += wait
        yield* recordRetry(operation, attempts, failure, wait)
        if (wait > 0) yield* Effect.sleep(wait)
        return yield* step
      })

    const step: Effect.Effect<A, E> = Effect.suspend(() => {
      attempts++
      progress.attempts = attempts
      return Effect.matchEffect(paced, { onSuccess, onFailure })
    })

    if (policy.deadlineMs === Infinity) return step
    return Effect.flatMap(Clock.currentTimeMillis, (now) => {
      startedMs = now
      return step
    }).pipe(
      Effect.timeoutFail({
        duration: policy.deadlineMs,
        onTimeout: () => context.timeoutError("call", attempts, policy.deadlineMs)
      }),
      Effect.tapError(() => annotate)
    )
  })
