import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as fc from "fast-check"
import { ThrottlingException } from "../src/AwsError.js"
import { ResourceNotFoundException } from "../src/CodeStarConnections.js"
import * as Waiters from "../src/Waiters.js"
import { connectionArn } from "./samples.js"
import { clients, json } from "./support.js"

type Step = string | ResourceNotFoundException | ThrottlingException

/** A fake client whose GetConnection answers the scripted steps, then repeats the last one. */
const scripted = (steps: ReadonlyArray<Step>) => {
  const pollTimes: Array<number> = []
  const client = {
    getConnection: (input: { readonly ConnectionArn: string }) =>
      Effect.gen(function*() {
        pollTimes.push(yield* Clock.currentTimeMillis)
        const step = steps[Math.min(pollTimes.length, steps.length) - 1]!
        if (typeof step !== "string") return yield* Effect.fail(step)
        return { Connection: { ConnectionArn: input.ConnectionArn, ConnectionName: "c", ConnectionStatus: step } }
      })
  }
  return { client, pollTimes }
}

/** Runs a waiter on the TestClock, advancing it far enough for anything to finish. */
const runOnTestClock = <A, E>(waiter: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(Effect.either(waiter))
    yield* TestClock.adjust(Duration.hours(2))
    return yield* Fiber.join(fiber)
  })

describe("waitUntilConnectionAvailable", () => {
  it.effect("PENDING then AVAILABLE: the connection, narrowed, and every status seen", () =>
    Effect.gen(function*() {
      const { client, pollTimes } = scripted(["PENDING", "PENDING", "PENDING", "AVAILABLE"])
      const seen: Array<string | undefined> = []
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }, {
          onPoll: (c) => Effect.sync(() => seen.push(c.ConnectionStatus))
        })
      )
      expect(result).toMatchObject({ _tag: "Right", right: { ConnectionStatus: "AVAILABLE", ConnectionName: "c" } })
      expect(seen).toEqual(["PENDING", "PENDING", "PENDING", "AVAILABLE"])
      expect(pollTimes).toHaveLength(4)
      // The first poll is immediate, then one every 2 s while a tenth of the time waited is shorter.
      expect(pollTimes).toEqual([0, 2000, 4000, 6000])
    }))

  it.effect("ERROR fails at once with a typed failure state", () =>
    Effect.gen(function*() {
      const { client, pollTimes } = scripted(["PENDING", "ERROR", "AVAILABLE"])
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn })
      )
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WaiterFailureState", status: "ERROR" } })
      expect(pollTimes).toHaveLength(2)
    }))

  it.effect("ERROR can be waited through, if asked", () =>
    Effect.gen(function*() {
      const { client } = scripted(["ERROR", "ERROR", "AVAILABLE"])
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }, {
          onFailureState: "keepPolling"
        })
      )
      expect(result).toMatchObject({ _tag: "Right", right: { ConnectionStatus: "AVAILABLE" } })
    }))

  it.effect("a connection deleted during the wait fails with the poll's typed error", () =>
    Effect.gen(function*() {
      const { client, pollTimes } = scripted(["PENDING", new ResourceNotFoundException({ Message: "gone" })])
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn })
      )
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "ResourceNotFoundException", Message: "gone" } })
      expect(pollTimes).toHaveLength(2)
    }))

  it.effect("the maximum wait ends the wait with WaiterTimeout, after few polls", () =>
    Effect.gen(function*() {
      const { client, pollTimes } = scripted(["PENDING"])
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }, { maxWait: "5 minutes" })
      )
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WaiterTimeout", lastStatus: "PENDING" } })
      // 2 s for the first 20 s, then 10% of the time waited: 39 polls in 5 minutes, not the 60 of a fixed 5 s loop.
      expect(pollTimes).toHaveLength(39)
      expect(Math.max(...pollTimes)).toBeLessThan(5 * 60_000)
      const gaps = pollTimes.slice(1).map((t, i) => t - pollTimes[i]!)
      expect(Math.max(...gaps)).toBe(Math.floor(pollTimes[pollTimes.length - 2]! / 10))
    }))

  it.effect("throttled polls back off and carry on", () =>
    Effect.gen(function*() {
      const throttled = new ThrottlingException({ Message: "Rate exceeded" })
      const { client, pollTimes } = scripted(["PENDING", throttled, throttled, "AVAILABLE"])
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn })
      )
      expect(result).toMatchObject({ _tag: "Right", right: { ConnectionStatus: "AVAILABLE" } })
      expect(pollTimes).toHaveLength(4)
      // After each throttle the waiter waits longer than the schedule alone would.
      expect(pollTimes[3]! - pollTimes[2]!).toBeGreaterThan(4000)
    }))

  it.effect("works with the real client, through the whole request path", () =>
    Effect.gen(function*() {
      let calls = 0
      const setup = clients(() =>
        json({ Connection: { ConnectionArn: connectionArn, ConnectionStatus: ++calls < 3 ? "PENDING" : "AVAILABLE" } })
      )
      const client = yield* setup.codestar
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn })
      )
      expect(result).toMatchObject({ _tag: "Right", right: { ConnectionStatus: "AVAILABLE" } })
      expect(setup.requests).toHaveLength(3)
    }))
})

describe("the default polling rule", () => {
  const hour = 3_600_000
  const hours = 3

  /**
   * Every poll time, relative to the first, of waiters on connections that
   * stay PENDING for `hours` hours: one waiter per random source, run side by
   * side on the TestClock (each wake-up of the TestClock costs a few real
   * milliseconds, so the runs share one `adjust`).
   */
  const pollTimesWith = (randoms: ReadonlyArray<Random.Random>) =>
    Effect.gen(function*() {
      const runs = randoms.map((random) => {
        const { client, pollTimes } = scripted(["PENDING"])
        const waiter = Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }, {
          maxWait: Duration.hours(hours)
        }).pipe(Effect.either, Effect.withRandom(random))
        return { waiter, pollTimes }
      })
      const fibers = yield* Effect.forEach(runs, (run) => Effect.fork(run.waiter))
      yield* TestClock.adjust(Duration.hours(hours + 1))
      const results = yield* Fiber.joinAll(fibers)
      for (const result of results) expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WaiterTimeout" } })
      // The TestClock carries on from one test to the next: times relative to the first poll.
      return runs.map(({ pollTimes }) => pollTimes.map((t) => t - pollTimes[0]!))
    })

  /** The promise: a change right after a poll at `t` is seen within max(2 s, t / 10), and never later than 90 s. */
  const bound = (t: number) => Math.min(90_000, Math.max(2_000, t / 10))

  it.effect(
    "meets the poll budget and the detection bound for every seed, and for the jitter's extremes",
    () =>
      Effect.gen(function*() {
        const phases = new Set<number>()
        const seeds = fc.sample(fc.integer(), { numRuns: 16 })
        // The jitter is one integer draw; Random.fixed clamps these to the lowest and the highest the waiter can draw.
        const randoms = [...seeds.map((seed) => Random.make(seed)), Random.fixed([0]), Random.fixed([2 ** 40])]
        const runs = yield* pollTimesWith(randoms)
        for (const [run, pollTimes] of runs.entries()) {
          const seed = seeds[run] ?? `fixed ${run - seeds.length}`
          expect(pollTimes[0]).toBe(0)
          for (let i = 1; i < pollTimes.length; i++) {
            const gap = pollTimes[i]! - pollTimes[i - 1]!
            expect(gap).toBeGreaterThan(0)
            expect(gap, `gap after the poll at ${pollTimes[i - 1]} ms (seed ${seed})`).toBeLessThanOrEqual(
              bound(pollTimes[i - 1]!)
            )
          }
          const perHour = Array.from(
            { length: hours },
            (_, h) => pollTimes.filter((t) => t >= h * hour && t < (h + 1) * hour).length
          )
          expect(perHour[0], `first hour (seed ${seed})`).toBeLessThanOrEqual(80)
          for (const count of perHour.slice(1)) expect(count, `a later hour (seed ${seed})`).toBeLessThanOrEqual(40)
          // The waiter ran the whole time: the last hour has its polls too.
          expect(perHour[hours - 1]).toBe(40)
          phases.add(pollTimes[pollTimes.length - 1]! % 90_000)
        }
        // The jitter is real: waiters started together do not share one 90 s phase.
        expect(phases.size).toBeGreaterThan(12)
      }),
    120_000
  )

  it.effect(
    "does not depend on the seed before the 90 s phase, and shortens the first 90 s gap by at most 4.5 s",
    () =>
      Effect.gen(function*() {
        const [a, b] = yield* pollTimesWith([Random.make(1), Random.make(2)])
        if (a === undefined || b === undefined) return expect.unreachable()
        const firstCapped = a.findIndex((t, i) => i > 0 && t - a[i - 1]! >= 85_500)
        expect(firstCapped).toBeGreaterThan(40)
        expect(a.slice(0, firstCapped)).toEqual(b.slice(0, firstCapped))
        for (const times of [a, b]) {
          const gaps = times.slice(firstCapped).map((t, i) => t - times[firstCapped - 1 + i]!)
          expect(gaps[0]).toBeGreaterThanOrEqual(85_500)
          for (const gap of gaps.slice(1)) expect(gap).toBe(90_000)
        }
      }),
    30_000
  )

  it.effect("a custom schedule sets the gaps, sees each observation, and its end is a WaiterTimeout", () =>
    Effect.gen(function*() {
      const { client, pollTimes } = scripted(["PENDING"])
      const inputs: Array<string | undefined> = []
      const schedule = Schedule.exponential(Duration.seconds(1)).pipe(
        Schedule.intersect(Schedule.recurs(3)),
        Schedule.tapInput((c: { readonly ConnectionStatus?: string | undefined } | undefined) =>
          Effect.sync(() => inputs.push(c?.ConnectionStatus))
        )
      )
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }, { schedule })
      )
      expect(pollTimes).toEqual([0, 1000, 3000, 7000])
      expect(inputs).toEqual(["PENDING", "PENDING", "PENDING", "PENDING"])
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WaiterTimeout", polls: 4, lastStatus: "PENDING" } })
      if (result._tag === "Left" && result.left._tag === "WaiterTimeout") {
        expect(Duration.toMillis(result.left.waited)).toBe(7000)
      }
    }))

  it.effect("a custom schedule's delay that has already passed polls again at once", () =>
    Effect.gen(function*() {
      const { client, pollTimes } = scripted(["PENDING", "PENDING", "AVAILABLE"])
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }, { schedule: Schedule.forever })
      )
      expect(result).toMatchObject({ _tag: "Right", right: { ConnectionStatus: "AVAILABLE" } })
      expect(pollTimes).toEqual([0, 0, 0])
    }))

  it.effect("waits less after a slow poll, so the calls' latency does not stretch the gaps", () =>
    Effect.gen(function*() {
      const pollTimes: Array<number> = []
      const client = {
        getConnection: (input: { readonly ConnectionArn: string }) =>
          Effect.gen(function*() {
            pollTimes.push(yield* Clock.currentTimeMillis)
            yield* Effect.sleep("1500 millis")
            return {
              Connection: {
                ConnectionArn: input.ConnectionArn,
                ConnectionStatus: pollTimes.length < 4 ? "PENDING" : "AVAILABLE"
              }
            }
          })
      }
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn })
      )
      expect(result).toMatchObject({ _tag: "Right" })
      expect(pollTimes).toEqual([0, 2000, 4000, 6000])
    }))
})

describe("the other waiters", () => {
  it.effect("waitUntilHostAvailable fails on a failed VPC configuration", () =>
    Effect.gen(function*() {
      const statuses = ["VPC_CONFIG_INITIALIZING", "VPC_CONFIG_FAILED_INITIALIZATION"]
      let i = 0
      const client = { getHost: () => Effect.sync(() => ({ Name: "h", Status: statuses[Math.min(i++, 1)] })) }
      const result = yield* runOnTestClock(Waiters.waitUntilHostAvailable(client, { HostArn: "arn:host" }))
      expect(result).toMatchObject({
        _tag: "Left",
        left: { _tag: "WaiterFailureState", status: "VPC_CONFIG_FAILED_INITIALIZATION" }
      })
    }))

  it.effect("waitUntilRepositorySyncSucceeded returns the succeeded attempt", () =>
    Effect.gen(function*() {
      const statuses = ["QUEUED", "IN_PROGRESS", "SUCCEEDED"]
      let i = 0
      const client = {
        getRepositorySyncStatus: (_: { Branch: string; RepositoryLinkId: string; SyncType: "CFN_STACK_SYNC" }) =>
          Effect.sync(() => ({ LatestSync: { Status: statuses[Math.min(i++, 2)]!, Events: [] } }))
      }
      const result = yield* runOnTestClock(
        Waiters.waitUntilRepositorySyncSucceeded(client, {
          Branch: "main",
          RepositoryLinkId: "id",
          SyncType: "CFN_STACK_SYNC"
        })
      )
      expect(result).toMatchObject({ _tag: "Right", right: { Status: "SUCCEEDED" } })
    }))

  it.effect("waitUntilResourceSyncSucceeded fails on FAILED", () =>
    Effect.gen(function*() {
      const client = {
        getResourceSyncStatus: (_: { ResourceName: string }) => Effect.succeed({ LatestSync: { Status: "FAILED" } })
      }
      const result = yield* runOnTestClock(Waiters.waitUntilResourceSyncSucceeded(client, { ResourceName: "stack" }))
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WaiterFailureState", status: "FAILED" } })
    }))
})
