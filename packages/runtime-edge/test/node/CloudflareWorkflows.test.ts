/**
 * How the sync wait steps judge each poll, with a fake client and a fake
 * `WorkflowStep` that records its steps and sleeps (the workerd tests run
 * them in real Workflows against the emulator): a throttled poll is a poll
 * that saw nothing, a transient fault is left to the step's retries, and a
 * terminal error ends the instance.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import * as CloudflareWorkflows from "../../src/CloudflareWorkflows.js"

class FakeClient extends Context.Tag("test/FakeClient")<FakeClient, CloudflareWorkflows.ConnectionsClient>() {}

class NonRetryable extends Error {}

type Answer = { readonly status: string } | { readonly error: string }

/** A client whose sync status polls give `answers` in turn; it has nothing else to offer. */
const fakeRuntime = (answers: ReadonlyArray<Answer>) => {
  let calls = 0
  const poll = () =>
    Effect.suspend(() => {
      const answer = answers[Math.min(calls, answers.length - 1)]
      calls++
      if (answer === undefined) return Effect.dieMessage("no answers")
      return "error" in answer
        ? Effect.fail({ _tag: answer.error, Message: "from the fake" })
        : Effect.succeed({ LatestSync: { Status: answer.status } })
    })
  const unused = () => Effect.dieMessage("not used by the sync waits")
  const runtime = ManagedRuntime.make(Layer.succeed(FakeClient, {
    createConnection: unused,
    getConnection: unused,
    listConnectionsItems: () => Stream.dieMessage("not used by the sync waits"),
    getHost: unused,
    listTagsForResource: unused,
    getRepositorySyncStatus: poll,
    getResourceSyncStatus: poll
  }))
  return { runtime, calls: () => calls }
}

/** Runs each step once, as a first run of an instance does, and records what it stored and slept. */
const fakeStep = () => {
  const stored: Array<{ readonly name: string; readonly value: CloudflareWorkflows.StepValue }> = []
  const sleeps: Array<number> = []
  const step: CloudflareWorkflows.WorkflowStepLike = {
    do: async (name, _config, callback) => {
      const value = await callback()
      stored.push({ name, value })
      return value
    },
    sleep: (_name, duration) => {
      sleeps.push(duration)
      return Promise.resolve()
    }
  }
  return { step, stored, sleeps }
}

const wait = { firstIntervalSeconds: 1, backoffFactor: 2, maxIntervalSeconds: 4, maxWaitSeconds: 60 }

describe("the sync wait steps", () => {
  it("take a throttled poll for one that saw nothing, and sleep on the schedule until SUCCEEDED", async () => {
    const fake = fakeRuntime([{ error: "ThrottlingException" }, { status: "IN_PROGRESS" }, { status: "SUCCEEDED" }])
    const { sleeps, step, stored } = fakeStep()
    const steps = CloudflareWorkflows.make(FakeClient, fake.runtime, NonRetryable)
    const result = await steps.awaitResourceSync(step, { resourceName: "stack", syncType: "CFN_STACK_SYNC", wait })
    expect(result).toEqual({ resourceName: "stack", syncType: "CFN_STACK_SYNC", status: "SUCCEEDED", polls: 3 })
    expect(stored).toEqual([
      { name: "get resource sync status", value: "UNKNOWN" },
      { name: "get resource sync status", value: "IN_PROGRESS" },
      { name: "get resource sync status", value: "SUCCEEDED" }
    ])
    expect(sleeps).toEqual(CloudflareWorkflows.pollDelays(wait).slice(0, 2))
    expect(sleeps).toEqual([1_000, 2_000])
    expect(fake.calls()).toBe(3)
  })

  it("throw a plain error on a transient fault, for the step's retries", async () => {
    const fake = fakeRuntime([{ error: "InternalServerException" }])
    const { step } = fakeStep()
    const steps = CloudflareWorkflows.make(FakeClient, fake.runtime, NonRetryable)
    const failure = steps.awaitRepositorySync(step, {
      repositoryLinkId: "link",
      branch: "main",
      syncType: "CFN_STACK_SYNC",
      wait
    })
    await expect(failure).rejects.toThrow("InternalServerException: from the fake")
    await expect(failure).rejects.not.toBeInstanceOf(NonRetryable)
  })

  it("end the instance on FAILED and on a terminal error, naming what happened", async () => {
    const failed = fakeRuntime([{ status: "IN_PROGRESS" }, { status: "FAILED" }])
    const first = fakeStep()
    const syncFailed = CloudflareWorkflows.make(FakeClient, failed.runtime, NonRetryable).awaitRepositorySync(
      first.step,
      { repositoryLinkId: "link", branch: "main", syncType: "CFN_STACK_SYNC", wait }
    )
    await expect(syncFailed).rejects.toBeInstanceOf(NonRetryable)
    await expect(syncFailed).rejects.toThrow("SyncFailed: repository sync of link branch main is in FAILED")
    expect(failed.calls()).toBe(2)

    const missing = fakeRuntime([{ error: "ResourceNotFoundException" }])
    const notFound = CloudflareWorkflows.make(FakeClient, missing.runtime, NonRetryable).awaitResourceSync(
      fakeStep().step,
      { resourceName: "stack", syncType: "CFN_STACK_SYNC", wait }
    )
    await expect(notFound).rejects.toBeInstanceOf(NonRetryable)
    await expect(notFound).rejects.toThrow("ResourceNotFoundException: from the fake")
  })

  it("give up with SyncWaitTimedOut once maxWaitSeconds is used up", async () => {
    const fake = fakeRuntime([{ status: "IN_PROGRESS" }])
    const { sleeps, step } = fakeStep()
    const timedOut = CloudflareWorkflows.make(FakeClient, fake.runtime, NonRetryable).awaitResourceSync(step, {
      resourceName: "stack",
      syncType: "CFN_STACK_SYNC",
      wait: { ...wait, maxWaitSeconds: 10 }
    })
    await expect(timedOut).rejects.toBeInstanceOf(NonRetryable)
    await expect(timedOut).rejects.toThrow("SyncWaitTimedOut: resource sync of stack had not SUCCEEDED in time")
    // 1 + 2 + 4 = 7 s of sleeps; the next, 4 s, would pass 10 s: four polls.
    expect(sleeps).toEqual([1_000, 2_000, 4_000])
    expect(fake.calls()).toBe(4)
  })
})
