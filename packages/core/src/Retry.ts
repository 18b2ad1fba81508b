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
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import { currentCallOptions } from "./internal/retry.js"
import { classifyError } from "./internal/retryClassify.js"
import * as internal from "./internal/retryPolicy.js"

export {
  /**
   * Classifies a failed attempt from its facts (code, status, message, our reason); the first matching rule wins.
   *
   * @since 0.1.0
   * @category classification
   */
  classify,
  /**
   * The retry class of an error a call failed with, read from the error alone; the client's retry loop uses it for every attempt.
   *
   * @since 0.1.0
   * @category classification
   */
  classifyError,
  /**
   * Codes that can mean "your clock is wrong"; retried only once the clock has been corrected.
   *
   * @since 0.1.0
   * @category classification
   */
  clockSkewCodes,
  /**
   * What the classification reads from an error: its code, status, message, or our reason.
   *
   * @since 0.1.0
   * @category classification
   */
  factsOf,
  /**
   * What is known about a failed attempt.
   *
   * @since 0.1.0
   * @category models
   */
  type FailureFacts,
  /**
   * Codes never retried whatever the status: `LimitExceededException` is a quota in this service, not a rate.
   *
   * @since 0.1.0
   * @category classification
   */
  neverRetriedCodes,
  /**
   * What a failure means for retrying: `throttling`, `transient`, `timeout`, `clockSkew` or `terminal`.
   *
   * @since 0.1.0
   * @category models
   */
  type RetryClass,
  /**
   * Codes that mean "slow down": retried with the larger base delay.
   *
   * @since 0.1.0
   * @category classification
   */
  throttlingCodes,
  /**
   * Codes of server-side faults that a later attempt may not meet.
   *
   * @since 0.1.0
   * @category classification
   */
  transientCodes,
  /**
   * HTTP statuses of transient server faults (500, 502, 503, 504).
   *
   * @since 0.1.0
   * @category classification
   */
  transientStatuses
} from "./internal/retryClassify.js"

/**
 * `standard` is the AWS standard retry mode. `adaptive` adds the AWS
 * client-side rate limiter: once throttled, the client paces its own sends
 * (CUBIC), delaying even first attempts; use it only when one client talks to
 * one throttled resource.
 *
 * @since 0.1.0
 * @category models
 */
export type RetryMode = internal.RetryMode

/**
 * The retry quota: a token bucket per client that retries draw from and
 * successes refill (`capacity`, `retryCost`, `timeoutCost`, `successIncrement`).
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryBudget extends internal.RetryBudget {}

/**
 * A complete policy. Durations of `Duration.infinity` mean "no limit".
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy extends internal.RetryPolicy {}

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
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaults: RetryPolicy = internal.defaults

/**
 * The `retry` client option: any part of the policy; the rest comes from {@link defaults}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryOptions extends internal.RetryOptions {}

/**
 * What one call may change. The mode, the quota and clock correction belong
 * to the client (they are shared state), so they are not here.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallRetryOptions extends internal.CallRetryOptions {}

/**
 * Runs an effect with the given retry options for every call it makes,
 * over the client's own policy. Nested uses merge, the inner one winning.
 * An invalid value (say `maxAttempts: 0`) fails the call with an
 * `AwsRequestError` of reason `"InvalidInput"` before anything is sent.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withPolicy: {
  (options: CallRetryOptions): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, options: CallRetryOptions): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, options: CallRetryOptions): Effect.Effect<A, E, R> =>
    Effect.locallyWith(self, currentCallOptions, (outer) => (outer === undefined ? options : { ...outer, ...options }))
)

/**
 * Runs an effect with retries off for every call it makes: one attempt each.
 *
 * @since 0.1.0
 * @category combinators
 */
export const disabled = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  withPolicy(self, { maxAttempts: 1 })

/**
 * True when a later attempt of the same call may succeed: the error a call
 * failed with is classified by the same table the client's own retry loop
 * uses (see {@link classify}), so code that retries on a longer scale (a
 * workflow step, a queue consumer) agrees with the client. A signature
 * rejected for a skewed clock counts as retryable: the client corrects its
 * clock from the server's `Date` header, so a later call is signed right.
 *
 * @example
 * ```ts
 * import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
 * import * as Retry from "@effect-codestar/core/Retry"
 * import { Effect } from "effect"
 *
 * // A status page: a connection we cannot read right now is "unknown", any other failure fails.
 * const status = (ConnectionArn: string) =>
 *   Effect.flatMap(CodeStarConnections, (client) => client.getConnection({ ConnectionArn })).pipe(
 *     Effect.map(({ Connection }) => Connection?.ConnectionStatus ?? "unknown"),
 *     Effect.catchIf(Retry.isRetryable, () => Effect.succeed("unknown"))
 *   )
 * ```
 *
 * @since 0.1.0
 * @category classification
 */
export const isRetryable = (error: { readonly _tag: string }): boolean => classifyError(error) !== "terminal"
