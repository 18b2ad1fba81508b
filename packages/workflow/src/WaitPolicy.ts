/**
 * How a durable wait polls: the first interval, how it grows, its cap, and
 * when to give up. It travels in the workflow's payload, so it is stored with
 * the execution and a resumed run keeps the policy it started with.
 *
 * A handshake is finished by a person, in minutes or in hours, so the
 * defaults poll soon at first (5 s) and then less and less often, by 1.5
 * each time up to every 5 minutes, and give up after 24 hours: about 300
 * calls for a whole day of waiting. The intervals are not jittered: workflow
 * code must compute the same sleeps when it is replayed.
 *
 * ```ts
 * CreateConnectionAndAwait.execute({
 *   ConnectionName: "my-github",
 *   ProviderType: "GitHub",
 *   wait: { maxInterval: Duration.minutes(1), timeout: Duration.hours(4) }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"

/**
 * The policy as it is stored. Every field is optional; `Duration.infinity`
 * as `timeout` waits for ever.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WaitPolicy = Schema.Struct({
  /** Sleep after the first poll. Default 5 seconds. */
  firstInterval: Schema.optional(Schema.Duration),
  /** Longest sleep between two polls. Default 5 minutes. */
  maxInterval: Schema.optional(Schema.Duration),
  /** Each sleep is the previous one times this (at least 1). Default 1.5. */
  backoffFactor: Schema.optional(Schema.Number),
  /** Give up when the connection is not available this long after the wait began. Default 24 hours. */
  timeout: Schema.optional(Schema.Duration)
})
/**
 * A wait policy, as a type.
 *
 * @since 0.1.0
 * @category models
 */
export type WaitPolicy = typeof WaitPolicy.Type

/**
 * The defaults, as documented on `WaitPolicy`.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaults = {
  firstInterval: Duration.seconds(5),
  maxInterval: Duration.minutes(5),
  backoffFactor: 1.5,
  timeout: Duration.hours(24)
} as const

/**
 * A policy with every field filled in from the defaults.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedWaitPolicy {
  readonly firstInterval: Duration.Duration
  readonly maxInterval: Duration.Duration
  readonly backoffFactor: number
  readonly timeout: Duration.Duration
}

/**
 * Fills in the defaults; a factor below 1 (or not a number) counts as 1, so intervals never shrink.
 *
 * @since 0.1.0
 * @category configuration
 */
export const resolve = (policy: WaitPolicy | undefined): ResolvedWaitPolicy => {
  const factor = policy?.backoffFactor ?? defaults.backoffFactor
  return {
    firstInterval: policy?.firstInterval ?? defaults.firstInterval,
    maxInterval: policy?.maxInterval ?? defaults.maxInterval,
    backoffFactor: Number.isFinite(factor) && factor >= 1 ? factor : 1,
    timeout: policy?.timeout ?? defaults.timeout
  }
}

/**
 * The sleep after poll number `poll` (counted from 1): `firstInterval` times
 * `backoffFactor` to the power `poll - 1`, capped at `maxInterval`.
 *
 * @since 0.1.0
 * @category utils
 */
export const intervalAfter = (policy: ResolvedWaitPolicy, poll: number): Duration.Duration => {
  const millis = Duration.toMillis(policy.firstInterval) * policy.backoffFactor ** Math.max(0, poll - 1)
  return Duration.min(policy.maxInterval, Duration.millis(Number.isFinite(millis) ? millis : Number.MAX_SAFE_INTEGER))
}
