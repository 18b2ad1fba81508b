/**
 * The polling loop behind every waiter: poll, look at the status, sleep by
 * the schedule, until a success or failure status, the maximum wait, or a
 * poll error. Everything waits on Effect's Clock, so tests run on TestClock.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"

/** The resource did not reach the wanted state within the maximum wait. */
export class WaiterTimeout extends Schema.TaggedError<WaiterTimeout>()("WaiterTimeout", {
  resource: Schema.String,
  waited: Schema.DurationFromMillis,
  polls: Schema.Number,
  lastStatus: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return `${this.resource} was still ${this.lastStatus ?? "unknown"} after ${Duration.format(this.waited)} (${this.polls} polls)`
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
  /** First interval between polls. Default 2 seconds. */
  readonly minDelay?: Duration.DurationInput | undefined
  /** Longest interval between polls. Default 30 seconds. */
  readonly maxDelay?: Duration.DurationInput | undefined
  /** Give up with `WaiterTimeout` after this long. Default 20 minutes. */
  readonly maxWait?: Duration.DurationInput | undefined
  /**
   * Replaces the default schedule (exponential from `minDelay` by 1.5, capped
   * at `maxDelay`, jittered by ±20%). It sees each observation as its input.
   */
  readonly schedule?: Schedule.Schedule<unknown, A | undefined> | undefined
  /** Called after every poll with what it saw, e.g. to show progress. */
  readonly onPoll?: ((observation: A, poll: number) => Effect.Effect<void>) | undefined
  /**
   * What a failure status means: `"fail"` (default) fails at once with
   * `WaiterFailureState`; `"keepPolling"` waits on, for a person may yet fix it.
   */
  readonly onFailureState?: "fail" | "keepPolling" | undefined
}

/** The defaults, as documented on `WaiterOptions`. */
export const defaults = {
  minDelay: Duration.seconds(2),
  maxDelay: Duration.seconds(30),
  maxWait: Duration.minutes(20)
} as const

/**
 * The default polling schedule: exponential from `minDelay` by 1.5, capped at
 * `maxDelay`, jittered by ±20%. Exported so that a caller who wants to see the
 * delays (a progress display showing the next poll) can wrap this schedule
 * instead of copying its formula.
 */
export const defaultSchedule = (
  options: { readonly minDelay?: Duration.DurationInput | undefined; readonly maxDelay?: Duration.DurationInput | undefined } = {}
): Schedule.Schedule<unknown> =>
  Schedule.exponential(Duration.decode(options.minDelay ?? defaults.minDelay), 1.5).pipe(
    Schedule.either(Schedule.spaced(Duration.decode(options.maxDelay ?? defaults.maxDelay))),
    Schedule.jittered
  )

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
    const schedule: Schedule.Schedule<unknown, A | undefined> = options.schedule ?? defaultSchedule({ minDelay, maxDelay })
    let polls = 0
    let lastStatus: string | undefined

    const loop = Effect.gen(function*() {
      const started = yield* Clock.currentTimeMillis
      const driver = yield* Schedule.driver(schedule)
      let throttled = 0
      while (true) {
        polls++
        const result = yield* Effect.either(spec.poll)
        let observation: A | undefined
        if (result._tag === "Left") {
          // A throttled poll is not an answer: wait longer, then ask again.
          if (!isThrottling(result.left)) return yield* Effect.fail(result.left)
          throttled++
          yield* Effect.sleep(Duration.min(maxDelay, Duration.times(minDelay, 2 ** throttled)))
        } else {
          throttled = 0
          observation = spec.observe(result.right)
          if (observation !== undefined) {
            lastStatus = spec.status(observation)
            if (options.onPoll) yield* options.onPoll(observation, polls)
            if (spec.isSuccess(observation)) return observation
            if (
              lastStatus !== undefined && spec.failureStatuses.has(lastStatus) && options.onFailureState !== "keepPolling"
            ) {
              return yield* new WaiterFailureState({ resource: spec.resource, status: lastStatus })
            }
          }
        }
        // A custom schedule may end before the maximum wait: that is a timeout too.
        yield* driver.next(observation).pipe(
          Effect.catchAll(() =>
            Effect.flatMap(Clock.currentTimeMillis, (now) =>
              new WaiterTimeout({
                resource: spec.resource,
                waited: Duration.millis(now - started),
                polls,
                ...(lastStatus === undefined ? {} : { lastStatus })
              }))
          )
        )
      }
    })

    return loop.pipe(
      Effect.timeoutFail({
        duration: maxWait,
        onTimeout: () =>
          new WaiterTimeout({ resource: spec.resource, waited: maxWait, polls, ...(lastStatus === undefined ? {} : { lastStatus }) })
      })
    )
  })
