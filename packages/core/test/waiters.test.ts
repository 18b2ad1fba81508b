import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
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
      const result = yield* runOnTestClock(Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }, {
        onPoll: (c) => Effect.sync(() => seen.push(c.ConnectionStatus))
      }))
      expect(result).toMatchObject({ _tag: "Right", right: { ConnectionStatus: "AVAILABLE", ConnectionName: "c" } })
      expect(seen).toEqual(["PENDING", "PENDING", "PENDING", "AVAILABLE"])
      expect(pollTimes).toHaveLength(4)
      // The first poll is immediate, then the intervals grow from about 2 s by 1.5 (±20% jitter).
      const gaps = pollTimes.slice(1).map((t, i) => t - pollTimes[i]!)
      expect(pollTimes[0]).toBe(0)
      expect(gaps[0]).toBeGreaterThanOrEqual(1600)
      expect(gaps[0]).toBeLessThanOrEqual(2400)
      expect(gaps[2]!).toBeGreaterThan(gaps[0]!)
    }))

  it.effect("ERROR fails at once with a typed failure state", () =>
    Effect.gen(function*() {
      const { client, pollTimes } = scripted(["PENDING", "ERROR", "AVAILABLE"])
      const result = yield* runOnTestClock(Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }))
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WaiterFailureState", status: "ERROR" } })
      expect(pollTimes).toHaveLength(2)
    }))

  it.effect("ERROR can be waited through, if asked", () =>
    Effect.gen(function*() {
      const { client } = scripted(["ERROR", "ERROR", "AVAILABLE"])
      const result = yield* runOnTestClock(
        Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }, { onFailureState: "keepPolling" })
      )
      expect(result).toMatchObject({ _tag: "Right", right: { ConnectionStatus: "AVAILABLE" } })
    }))

  it.effect("a connection deleted during the wait fails with the poll's typed error", () =>
    Effect.gen(function*() {
      const { client, pollTimes } = scripted(["PENDING", new ResourceNotFoundException({ Message: "gone" })])
      const result = yield* runOnTestClock(Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }))
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
      // 2 s growing by 1.5 up to 30 s: about 15 polls in 5 minutes, not the 60 of a fixed 5 s loop.
      expect(pollTimes.length).toBeGreaterThan(8)
      expect(pollTimes.length).toBeLessThan(20)
      expect(Math.max(...pollTimes)).toBeLessThan(5 * 60_000)
      const gaps = pollTimes.slice(1).map((t, i) => t - pollTimes[i]!)
      expect(Math.max(...gaps)).toBeLessThanOrEqual(36_000)
    }))

  it.effect("throttled polls back off and carry on", () =>
    Effect.gen(function*() {
      const throttled = new ThrottlingException({ Message: "Rate exceeded" })
      const { client, pollTimes } = scripted(["PENDING", throttled, throttled, "AVAILABLE"])
      const result = yield* runOnTestClock(Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }))
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
      const result = yield* runOnTestClock(Waiters.waitUntilConnectionAvailable(client, { ConnectionArn: connectionArn }))
      expect(result).toMatchObject({ _tag: "Right", right: { ConnectionStatus: "AVAILABLE" } })
      expect(setup.requests).toHaveLength(3)
    }))
})

describe("the other waiters", () => {
  it.effect("waitUntilHostAvailable fails on a failed VPC configuration", () =>
    Effect.gen(function*() {
      const statuses = ["VPC_CONFIG_INITIALIZING", "VPC_CONFIG_FAILED_INITIALIZATION"]
      let i = 0
      const client = { getHost: () => Effect.sync(() => ({ Name: "h", Status: statuses[Math.min(i++, 1)] })) }
      const result = yield* runOnTestClock(Waiters.waitUntilHostAvailable(client, { HostArn: "arn:host" }))
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WaiterFailureState", status: "VPC_CONFIG_FAILED_INITIALIZATION" } })
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
        Waiters.waitUntilRepositorySyncSucceeded(client, { Branch: "main", RepositoryLinkId: "id", SyncType: "CFN_STACK_SYNC" })
      )
      expect(result).toMatchObject({ _tag: "Right", right: { Status: "SUCCEEDED" } })
    }))

  it.effect("waitUntilResourceSyncSucceeded fails on FAILED", () =>
    Effect.gen(function*() {
      const client = { getResourceSyncStatus: (_: { ResourceName: string }) => Effect.succeed({ LatestSync: { Status: "FAILED" } }) }
      const result = yield* runOnTestClock(Waiters.waitUntilResourceSyncSucceeded(client, { ResourceName: "stack" }))
      expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WaiterFailureState", status: "FAILED" } })
    }))
})
