/**
 * The retry and resilience policy of every call, shared by all runtimes.
 *
 * A call is retried when a later attempt can succeed: throttling, transient
 * server faults, broken connections, timed-out attempts, and signatures
 * rejected for a skewed clock once the clock has been corrected from the
 * server's `Date` header (see {@link classify} for the whole table). Waits grow
 * exponentially with full jitter up to a cap; a per-client token bucket (the
 * AWS standard retry quota) stops an outage from turning into a retry storm;
 * `Retry-After` is honoured up to a cap; each attempt and the whole call can
 * have a time limit, reported as an `AwsRequestError` with reason `"Timeout"`.
 * Every wait goes through Effect's `Clock`, so `TestClock` drives them in tests.
 *
 * Set the policy per client with the `retry` client option, and per call with
 * {@link withPolicy}:
 *
 * ```ts
 * const layer = CodeStarConnections.layer({ region, retry: { maxAttempts: 5 } })
 * const once = client.getConnection({ ConnectionArn }).pipe(Retry.withPolicy({ maxAttempts: 1 }))
 * ```
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import { currentCallOptions } from "./internal/retry.js"
import { defaults as internalDefaults } from "./internal/retryPolicy.js"

export {
  classify,
  clockSkewCodes,
  type FailureFacts,
  neverRetriedCodes,
  type RetryClass,
  throttlingCodes,
  transientCodes,
  transientStatuses
} from "./internal/retryClassify.js"

/**
 * `standard` is the AWS standard retry mode. `adaptive` adds the AWS
 * client-side rate limiter: once throttled, the client paces its own sends
 * (CUBIC), delaying even first attempts; use it only when one client talks to
 * one throttled resource.
 */
export type RetryMode = "standard" | "adaptive"

/** The retry quota: a token bucket per client that retries draw from and successes refill. */
export interface RetryBudget {
  /** Tokens when the client is built, and the most it can hold. */
  readonly capacity: number
  /** Tokens a retry costs. */
  readonly retryCost: number
  /** Tokens a retry after a timed-out attempt costs (a timeout ties up more of the service). */
  readonly timeoutCost: number
  /** Tokens a first-attempt success gives back; a success after retries refunds its last retry's cost. */
  readonly successIncrement: number
}

/** A complete policy. Durations of `Duration.infinity` mean "no limit". */
export interface RetryPolicy {
  readonly mode: RetryMode
  /** Attempts per call, the first included; 1 disables retries. */
  readonly maxAttempts: number
  /** Base of the exponential backoff for transient faults and timeouts. */
  readonly baseDelay: Duration.Duration
  /** Base of the exponential backoff after throttling. */
  readonly throttlingBaseDelay: Duration.Duration
  /** Cap on one backoff wait. */
  readonly maxBackoff: Duration.Duration
  /** The longest `Retry-After` honoured; a longer one is cut to this. */
  readonly maxRetryAfter: Duration.Duration
  /** Time limit of one attempt, from sending to the last byte of the response. */
  readonly attemptTimeout: Duration.Duration
  /** Time limit of the whole call, waits included. */
  readonly deadline: Duration.Duration
  /** The per-client retry quota, or `false` for none. */
  readonly budget: RetryBudget | false
  /** Correct the signing clock from the server's `Date` header. */
  readonly correctClockSkew: boolean
  /**
   * Retry operations that are not idempotent (the creates, updates, deletes
   * and tagging) after an ambiguous failure too. Off by default; see
   * {@link RetryOptions.retryAmbiguous}.
   */
  readonly retryAmbiguous: boolean
}

/**
 * The defaults: the AWS standard retry mode (3 attempts, the 500-token quota,
 * backoff bases of 100 ms and 500 ms after throttling, capped at 20 s), and
 * `Retry-After` honoured up to 20 s.
 *
 * No attempt timeout and no deadline by default, as in the AWS SDK for
 * JavaScript: a timer per attempt races the request in a second fiber, which
 * costs about a fifth of a millisecond of client CPU per call (measured with
 * bench/retry-overhead.ts), a quarter of a whole call. Transports bound a
 * silent server themselves (the Node runtime's undici gives up after 300 s
 * without headers or body progress, a Transport error that is retried). Set
 * `attemptTimeout` and `deadline` where a bound matters more than that cost.
 */
export const defaults: RetryPolicy = internalDefaults

/** The `retry` client option: any part of the policy; the rest comes from {@link defaults}. */
export interface RetryOptions {
  readonly mode?: RetryMode | undefined
  readonly maxAttempts?: number | undefined
  readonly baseDelay?: Duration.DurationInput | undefined
  readonly throttlingBaseDelay?: Duration.DurationInput | undefined
  readonly maxBackoff?: Duration.DurationInput | undefined
  readonly maxRetryAfter?: Duration.DurationInput | undefined
  readonly attemptTimeout?: Duration.DurationInput | undefined
  readonly deadline?: Duration.DurationInput | undefined
  readonly budget?: Partial<RetryBudget> | false | undefined
  readonly correctClockSkew?: boolean | undefined
  /**
   * An attempt that timed out, or whose connection broke after the request
   * went out, may have been processed by the service all the same: AWS may
   * have created the connection and the answer was lost. Repeating a read is
   * harmless; repeating CreateConnection makes a second connection. So an
   * operation that is not idempotent is not retried after such a failure: the
   * call fails with the `Timeout` or `Transport` error, whose message says it
   * was not repeated. Failures that prove nothing was processed (throttling,
   * server faults answered with an error code, a refused connection, a name
   * that did not resolve) are retried as for any operation. `true` retries
   * ambiguous failures of every operation: do it only where a duplicate is
   * harmless or you look for one yourself. Default `false`.
   */
  readonly retryAmbiguous?: boolean | undefined
}

/**
 * What one call may change. The mode, the quota and clock correction belong
 * to the client (they are shared state), so they are not here.
 */
export interface CallRetryOptions {
  readonly maxAttempts?: number | undefined
  readonly baseDelay?: Duration.DurationInput | undefined
  readonly throttlingBaseDelay?: Duration.DurationInput | undefined
  readonly maxBackoff?: Duration.DurationInput | undefined
  readonly maxRetryAfter?: Duration.DurationInput | undefined
  readonly attemptTimeout?: Duration.DurationInput | undefined
  readonly deadline?: Duration.DurationInput | undefined
  /** See {@link RetryOptions.retryAmbiguous}. */
  readonly retryAmbiguous?: boolean | undefined
}

/**
 * Runs an effect with the given retry options for every call it makes,
 * over the client's own policy. Nested uses merge, the inner one winning.
 * An invalid value (say `maxAttempts: 0`) fails the call with an
 * `AwsRequestError` of reason `"InvalidInput"` before anything is sent.
 */
export const withPolicy: {
  (options: CallRetryOptions): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, options: CallRetryOptions): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, options: CallRetryOptions): Effect.Effect<A, E, R> =>
    Effect.locallyWith(self, currentCallOptions, (outer) => (outer === undefined ? options : { ...outer, ...options }))
)

/** Runs an effect with retries off for every call it makes: one attempt each. */
export const disabled = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  withPolicy(self, { maxAttempts: 1 })
