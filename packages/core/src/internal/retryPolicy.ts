/**
 * The policy as plain numbers, checked once when a client is built (and once
 * per call only when a call overrides it), so that the per-call path does no
 * duration arithmetic; and the two formulas that use it: the jittered
 * backoff and the `Retry-After` hint.
 */
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type { RetryClass } from "./retryClassify.js"

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

/** The AWS standard retry quota. */
export const defaultBudget: RetryBudget = { capacity: 500, retryCost: 5, timeoutCost: 10, successIncrement: 1 }

/** The defaults (documented on `Retry.defaults`). */
export const defaults: RetryPolicy = {
  mode: "standard",
  maxAttempts: 3,
  baseDelay: Duration.millis(100),
  throttlingBaseDelay: Duration.millis(500),
  maxBackoff: Duration.seconds(20),
  maxRetryAfter: Duration.seconds(20),
  attemptTimeout: Duration.infinity,
  deadline: Duration.infinity,
  budget: defaultBudget,
  correctClockSkew: true,
  retryAmbiguous: false
}

/** A checked policy; durations in milliseconds, `Infinity` for "no limit". */
export interface CompiledPolicy {
  readonly mode: RetryMode
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly throttlingBaseDelayMs: number
  readonly maxBackoffMs: number
  readonly maxRetryAfterMs: number
  readonly attemptTimeoutMs: number
  readonly deadlineMs: number
  readonly budget: RetryBudget | undefined
  readonly correctClockSkew: boolean
  readonly retryAmbiguous: boolean
}

/** A value that breaks the policy's rules: where, and why. */
export interface PolicyIssue {
  readonly path: string
  readonly message: string
}

const millisOf = (path: string, input: Duration.DurationInput | undefined, fallback: Duration.Duration) =>
  // Duration reads NaN and negative numbers as zero; here they are mistakes.
  typeof input === "number" && !(input >= 0)
    ? Either.left<PolicyIssue>({ path, message: `must be a duration of zero or more, got ${input}` })
    : Option.match(Duration.decodeUnknown(input ?? fallback), {
      onNone: () => Either.left<PolicyIssue>({ path, message: `${String(input)} is not a duration` }),
      onSome: (d) => Either.right(Duration.isFinite(d) ? Duration.toMillis(d) : Infinity)
    })

const count = (path: string, value: number, min: number) =>
  Number.isInteger(value) && value >= min
    ? Either.right(value)
    : Either.left<PolicyIssue>({ path, message: `must be a whole number of at least ${min}, got ${value}` })

/** The durations of a policy, each checked (when given) or taken from `base`, else from the defaults. */
const timings = (base: CompiledPolicy | undefined, options: CallRetryOptions) => {
  const d = (
    key: "baseDelay" | "throttlingBaseDelay" | "maxBackoff" | "maxRetryAfter" | "attemptTimeout" | "deadline",
    current: number | undefined
  ) =>
    options[key] === undefined && current !== undefined
      ? Either.right(current)
      : millisOf(`retry.${key}`, options[key], defaults[key])
  return Either.all({
    // Only a given value needs checking; the base's and the default are valid.
    maxAttempts: count("retry.maxAttempts", options.maxAttempts ?? base?.maxAttempts ?? defaults.maxAttempts, 1),
    baseDelayMs: d("baseDelay", base?.baseDelayMs),
    throttlingBaseDelayMs: d("throttlingBaseDelay", base?.throttlingBaseDelayMs),
    maxBackoffMs: d("maxBackoff", base?.maxBackoffMs),
    maxRetryAfterMs: d("maxRetryAfter", base?.maxRetryAfterMs),
    attemptTimeoutMs: d("attemptTimeout", base?.attemptTimeoutMs),
    deadlineMs: d("deadline", base?.deadlineMs)
  })
}

const budgetOf = (options: RetryOptions["budget"]): Either.Either<RetryBudget | undefined, PolicyIssue> => {
  if (options === false) return Either.right(undefined)
  const b = (key: keyof RetryBudget) => count(`retry.budget.${key}`, options?.[key] ?? defaultBudget[key], 0)
  return Either.all({
    capacity: b("capacity"),
    retryCost: b("retryCost"),
    timeoutCost: b("timeoutCost"),
    successIncrement: b("successIncrement")
  })
}

/** Checks and compiles the `retry` client option over the defaults. */
export const compilePolicy = (options: RetryOptions | undefined): Either.Either<CompiledPolicy, PolicyIssue> => {
  const mode = options?.mode ?? defaults.mode
  if (mode !== "standard" && mode !== "adaptive") {
    return Either.left({ path: "retry.mode", message: `must be "standard" or "adaptive", got ${String(mode)}` })
  }
  return Either.map(
    Either.all([timings(undefined, options ?? {}), budgetOf(options?.budget)]),
    ([t, budget]) => ({
      ...t,
      mode,
      budget,
      correctClockSkew: options?.correctClockSkew ?? defaults.correctClockSkew,
      retryAmbiguous: options?.retryAmbiguous ?? defaults.retryAmbiguous
    })
  )
}

/** Applies one call's overrides to the client's compiled policy. */
export const applyCallOptions = (
  policy: CompiledPolicy,
  options: CallRetryOptions
): Either.Either<CompiledPolicy, PolicyIssue> =>
  Either.map(timings(policy, options), (t) => ({
    ...policy,
    ...t,
    retryAmbiguous: options.retryAmbiguous ?? policy.retryAmbiguous
  }))

/**
 * Full-jitter exponential backoff: a uniform draw in
 * `[0, min(cap, base * 2^retry))`, where `retry` counts the retries already
 * made (0 before the first). `random` is a draw in `[0, 1)`.
 */
export const backoffMs = (policy: CompiledPolicy, retryClass: RetryClass, retry: number, random: number): number => {
  const base = retryClass === "throttling" ? policy.throttlingBaseDelayMs : policy.baseDelayMs
  return Math.floor(random * Math.min(policy.maxBackoffMs, base * 2 ** retry))
}

const deltaSeconds = /^\d+(?:\.\d+)?$/

/**
 * The server's hint of how long to wait, in milliseconds: `x-amz-retry-after`
 * (milliseconds) or `Retry-After` (seconds, or an HTTP date read against the
 * corrected clock `nowMs`). `undefined` when absent or unreadable.
 */
export const retryAfterMs = (headers: Readonly<Record<string, string>>, nowMs: number): number | undefined => {
  const amz = headers["x-amz-retry-after"]
  if (amz !== undefined && deltaSeconds.test(amz.trim())) return Number(amz.trim())
  const standard = headers["retry-after"]?.trim()
  if (standard === undefined || standard === "") return undefined
  if (deltaSeconds.test(standard)) return Number(standard) * 1000
  const at = Date.parse(standard)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/** The wait before the next attempt: the backoff, lengthened to honour a hint up to its cap. */
export const delayMs = (policy: CompiledPolicy, backoff: number, hint: number | undefined): number =>
  hint === undefined ? backoff : Math.max(backoff, Math.min(hint, policy.maxRetryAfterMs))
