/**
 * The polling loop behind every waiter: poll, look at the status, sleep by
 * the polling rule (or the caller's schedule), until a success or failure
 * status, the maximum wait, or a poll error. Everything waits on Effect's Clock, so tests run on TestClock.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import type * as Schedule from "effect/Schedule"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
import * as Schema from "effect/Schema"

/** The resource did not reach the wanted state within the maximum wait. */
export class WaiterTimeout extends Schema.TaggedError<WaiterTimeout>()("WaiterTimeout", {
  resource: Schema.String,
  waited: Schema.DurationFromMillis,
  polls: Schema.Number,
  lastStatus: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return `${this.resource} was still ${this.lastStatus ?? "unknown"} after ${
      Duration.format(this.waited)
    } (${this.polls} polls)`
  }
}

/** The resource reached a state from which it will not succeed by itself (a connection in `ERROR`, a failed sync). */
export class WaiterFailureState extends Schema.TaggedError<WaiterFailureState>()("WaiterFailureState", {
  resource: Schema.String,
  status: Schema.String
}) {
  override get message(): string {
    return `${this.resource} is in status ${this.status}`
  }
}

/** How a waiter polls. Every field is optional; the defaults are below. */
export interface WaiterOptions<A> {
  /**
   * The shortest interval between polls, kept while a tenth of the time
   * waited is shorter. Default 2 seconds.
   */
  readonly minDelay?: Duration.DurationInput | undefined
  /** The longest interval between polls. Default 90 seconds. */
  readonly maxDelay?: Duration.DurationInput | undefined
  /** Give up with `WaiterTimeout` after this long. Default 20 minutes. */
  readonly maxWait?: Duration.DurationInput | undefined
  /**
   * Replaces the default polling rule (see {@link nextGap}). It sees each
   * observation as its input, and its delays count from the end of a poll.
   */
  readonly schedule?: Schedule.Schedule<unknown, A | undefined> | undefined
  /** Called after every poll with what it saw, e.g. to show progress. */
  readonly onPoll?: ((observation: A, poll: number) => Effect.Effect<void>) | undefined
  /**
   * Called before each wait of the default rule with how long it will be, so
   * that a progress display can show when the next poll comes without
   * copying the rule.
   */
  readonly onNextPoll?: ((delay: Duration.Duration) => Effect.Effect<void>) | undefined
  /**
   * What a failure status means: `"fail"` (default) fails at once with
   * `WaiterFailureState`; `"keepPolling"` waits on, for a person may yet fix it.
   */
  readonly onFailureState?: "fail" | "keepPolling" | undefined
}

/** The defaults, as documented on `WaiterOptions`. */
export const defaults = {
  minDelay: Duration.seconds(2),
  maxDelay: Duration.seconds(90),
  maxWait: Duration.minutes(20)
} as const

/**
 * The default polling rule: how long after a poll that started `elapsed`
 * milliseconds into the wait the next one starts. It is the promise itself:
 * a change right after a poll is seen at the next one, so the gap is the
 * longest a change can go unseen, and it is at most a tenth of the time
 * already waited, never less than `minDelay`, never more than `maxDelay`.
 *
 * Taking the longest gap the promise allows is also what makes the fewest
 * calls: with the defaults that is 80 polls in the first hour (11 in the
 * first 20 s, then 10% longer each time until 90 s, reached after about 15
 * minutes) and exactly 40 in every hour after, since every gap is then 90 s.
 *
 * Jitter has to fit in that. Shortening a gap while the intervals still grow
 * shortens every later one too, so even a fifth of a percent there adds a
 * poll to the first hour; and one gap under 90 s in the steady phase can put
 * 41 polls in an hour. What the first hour has to spare, about 5 s, is spent
 * once: the first 90 s gap is shortened by a random 0 to 5% of `maxDelay`.
 * That sets a random phase for all the 90 s polls after it, so waiters
 * started together do not stay in step for hours. Before it they do poll
 * together, for the first quarter of an hour: the budget leaves no room to
 * spread them.
 */
export const nextGap = (
  elapsed: number,
  minDelay: number,
  maxDelay: number
): number => Math.min(maxDelay, Math.max(minDelay, Math.floor(elapsed / 10)))

/** What a waiter watches. */
export interface WaiterSpec<O, A, S extends A, E> {
  /** Names the resource in errors, e.g. `connection arn:aws:...`. */
  readonly resource: string
  readonly poll: Effect.Effect<O, E>
  /** The watched object in a poll's output; `undefined` when absent. */
  readonly observe: (output: O) => A | undefined
  readonly status: (observation: A) => string | undefined
  readonly isSuccess: (observation: A) => observation is S
  readonly failureStatuses: ReadonlySet<string>
}

const isThrottling = (error: unknown): boolean =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "ThrottlingException"

/** Polls until success; see `WaiterOptions` for the rules. */
export const waitFor = <O, A, S extends A, E>(
  spec: WaiterSpec<O, A, S, E>,
  options: WaiterOptions<A> = {}
): Effect.Effect<S, E | WaiterTimeout | WaiterFailureState> =>
  Effect.suspend(() => {
    const minDelay = Duration.decode(options.minDelay ?? defaults.minDelay)
    const maxDelay = Duration.decode(options.maxDelay ?? defaults.maxDelay)
    const maxWait = Duration.decode(options.maxWait ?? defaults.maxWait)
    const minMillis = Math.floor(Duration.toMillis(minDelay))
    const maxMillis = Math.floor(Duration.toMillis(maxDelay))
    let polls = 0
    let lastStatus: string | undefined
    const timedOut = (waited: Duration.Duration) =>
      new WaiterTimeout({ resource: spec.resource, waited, polls, ...(lastStatus === undefined ? {} : { lastStatus }) })

    const loop = Effect.gen(function*() {
      const started = yield* Clock.currentTimeMillis
      const schedule = options.schedule
      // The custom schedule is stepped here as `Schedule.driver` would step it; the driver itself (a Ref
      // and the metadata of `repeat`) would only bring more of Effect into a Worker.
      let state: unknown = schedule?.initial
      let phased = false
      let throttled = 0
      while (true) {
        const pollStarted = yield* Clock.currentTimeMillis
        polls++
        const result = yield* Effect.either(spec.poll)
        let observation: A | undefined
        let backoff = 0
        if (result._tag === "Left") {
          // A throttled poll is not an answer: wait longer, then ask again.
          if (!isThrottling(result.left)) return yield* Effect.fail(result.left)
          throttled++
          backoff = Math.min(maxMillis, minMillis * 2 ** throttled)
        } else {
          throttled = 0
          observation = spec.observe(result.right)
          if (observation !== undefined) {
            lastStatus = spec.status(observation)
            if (options.onPoll) yield* options.onPoll(observation, polls)
            if (spec.isSuccess(observation)) return observation
            if (
              lastStatus !== undefined && spec.failureStatuses.has(lastStatus) &&
              options.onFailureState !== "keepPolling"
            ) {
              return yield* new WaiterFailureState({ resource: spec.resource, status: lastStatus })
            }
          }
        }
        if (schedule === undefined) {
          // Poll times count from the start of each poll, so the calls' latency does not stretch the gaps.
          let gap = nextGap(pollStarted - started, minMillis, maxMillis)
          if (gap === maxMillis && !phased) {
            phased = true
            gap -= yield* Random.nextIntBetween(0, Math.floor(maxMillis / 20) + 1)
          }
          const now = yield* Clock.currentTimeMillis
          const wait = Math.max(pollStarted + gap, now + backoff) - now
          if (options.onNextPoll) yield* options.onNextPoll(Duration.millis(Math.max(0, wait)))
          if (wait > 0) yield* Effect.sleep(Duration.millis(wait))
          continue
        }
        if (backoff > 0) yield* Effect.sleep(Duration.millis(backoff))
        // A custom schedule may end before the maximum wait: that is a timeout too.
        const now = yield* Clock.currentTimeMillis
        const [next, , decision] = yield* Effect.suspend(() => schedule.step(now, observation, state))
        state = next
        if (decision._tag === "Done") {
          return yield* Effect.flatMap(Clock.currentTimeMillis, (end) => timedOut(Duration.millis(end - started)))
        }
        const delay = ScheduleIntervals.start(decision.intervals) - now
        if (delay > 0) yield* Effect.sleep(Duration.millis(delay))
      }
    })

    return loop.pipe(
      Effect.timeoutFail({
        duration: maxWait,
        onTimeout: () => timedOut(maxWait)
      })
    )
  })
