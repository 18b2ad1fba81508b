/**
 * The WaitForConnection Workflow inside workerd, driven with
 * `introspectWorkflowInstance` (sleeps disabled, so the growing waits between
 * polls take no time) against the emulator, whose handshakes the tests
 * complete or fail through its control API.
 */
import { env, introspectWorkflow, introspectWorkflowInstance, SELF } from "cloudflare:test"
import { beforeEach, describe, expect, it } from "vitest"
import { stepNames } from "../../src/WaitForConnection.js"
import { callCount, control } from "./emulatorControl.js"

const arnOf = (value: unknown): string => {
  if (typeof value !== "string") throw new Error(`not an ARN: ${JSON.stringify(value)}`)
  return value
}

describe("the WaitForConnection Workflow", () => {
  beforeEach(async () => {
    await control("reset")
  })

  it("creates the connection, polls while it is PENDING, and completes once it is AVAILABLE", async () => {
    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_CONNECTION, "available")
    await instance.modify(async (m) => {
      await m.disableSleeps()
    })
    await env.WAIT_FOR_CONNECTION.create({
      id: "available",
      params: { connectionName: "wf-available", providerType: "GitHub" }
    })

    const arn = arnOf(await instance.waitForStepResult({ name: stepNames.create(1) }))
    expect(await instance.waitForStepResult({ name: stepNames.poll })).toBe("PENDING")
    await control("completeHandshake", { arn })

    await instance.waitForStatus("complete")
    const output = await instance.getOutput()
    expect(output).toMatchObject({ connectionArn: arn, status: "AVAILABLE" })
    const polls = typeof output === "object" && output !== null && "polls" in output ? output.polls : undefined
    expect(polls).toBeGreaterThanOrEqual(2)
    expect(await callCount("GetConnection")).toBe(polls)
    expect(await callCount("CreateConnection")).toBe(1)
  })

  it("fails without retrying when the handshake fails: the connection is in ERROR", async () => {
    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_CONNECTION, "error")
    await instance.modify(async (m) => {
      await m.disableSleeps()
    })
    await env.WAIT_FOR_CONNECTION.create({
      id: "error",
      params: { connectionName: "wf-error", providerType: "Bitbucket" }
    })

    const arn = arnOf(await instance.waitForStepResult({ name: stepNames.create(1) }))
    expect(await instance.waitForStepResult({ name: stepNames.poll })).toBe("PENDING")
    await control("failHandshake", { arn })

    await instance.waitForStatus("errored")
    expect((await instance.getError()).message).toContain("NonRetryableError")
    // One call per poll: the last poll found ERROR and failed its step, which ended the instance.
    // (The local Workflows engine keeps a NonRetryableError's message out of the step's record.)
    const polls = await callCount("GetConnection")
    await expect(instance.waitForStepResult({ name: stepNames.poll, index: polls })).rejects.toThrow()
    if (polls > 1) expect(await instance.waitForStepResult({ name: stepNames.poll, index: polls - 1 })).toBe("PENDING")
  })

  it("gives up after maxWaitSeconds, having polled on the schedule", async () => {
    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_CONNECTION, "timeout")
    await instance.modify(async (m) => {
      await m.disableSleeps()
    })
    // 30 s: the waits are 10 s and 15 s (25 s in all; the next, 22.5 s, would pass 30 s), so three polls.
    await env.WAIT_FOR_CONNECTION.create({
      id: "timeout",
      params: { connectionName: "wf-timeout", providerType: "GitHub", maxWaitSeconds: 30 }
    })

    await instance.waitForStatus("errored")
    expect((await instance.getError()).message).toContain("NonRetryableError")
    expect(await callCount("GetConnection")).toBe(3)
    for (const index of [1, 2, 3]) {
      expect(await instance.waitForStepResult({ name: stepNames.poll, index })).toBe("PENDING")
    }
  })

  it("turns a terminal typed error into a NonRetryableError: the step is not retried", async () => {
    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_CONNECTION, "invalid")
    await instance.modify(async (m) => {
      await m.disableSleeps()
    })
    // 33 characters: the model allows 32, so the client refuses before sending anything.
    await env.WAIT_FOR_CONNECTION.create({
      id: "invalid",
      params: { connectionName: "x".repeat(33), providerType: "GitHub" }
    })

    await instance.waitForStatus("errored")
    expect((await instance.getError()).message).toContain("NonRetryableError")
    await expect(instance.waitForStepResult({ name: stepNames.create(1) })).rejects.toThrow()
    // The step looked for an existing connection once, and was not tried again.
    expect(await callCount("ListConnections")).toBe(1)
    expect(await callCount("CreateConnection")).toBe(0)
  })

  it("leaves throttling that outlasts the client's retries to the step's retries", async () => {
    // An AVAILABLE connection of that name already exists: the Workflow reuses it instead of creating another.
    const created = await SELF.fetch("https://worker.example/connections", {
      method: "POST",
      body: JSON.stringify({ connectionName: "wf-throttled", providerType: "GitLab" })
    })
    const body: unknown = await created.json()
    const arn = arnOf(
      typeof body === "object" && body !== null && "connectionArn" in body ? body.connectionArn : undefined
    )
    await control("completeHandshake", { arn })
    // The client makes 3 attempts per call; the first poll's step attempt fails, its retry succeeds.
    await control("throttleNext", { count: 3, operation: "GetConnection" })

    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_CONNECTION, "throttled")
    await instance.modify(async (m) => {
      await m.disableSleeps()
    })
    await env.WAIT_FOR_CONNECTION.create({
      id: "throttled",
      params: { connectionName: "wf-throttled", providerType: "GitLab" }
    })

    await instance.waitForStatus("complete")
    expect(await instance.getOutput()).toEqual({ connectionArn: arn, status: "AVAILABLE", polls: 1 })
    expect(await callCount("GetConnection")).toBe(4)
    expect(await callCount("CreateConnection")).toBe(1)
  }, 30_000)

  it("starts from the HTTP API, and reports its status there", async () => {
    await using introspector = await introspectWorkflow(env.WAIT_FOR_CONNECTION)
    await introspector.modifyAll(async (m) => {
      await m.disableSleeps()
    })
    const started = await SELF.fetch("https://worker.example/connections/wait", {
      method: "POST",
      body: JSON.stringify({ connectionName: "wf-http", providerType: "GitHub" })
    })
    expect(started.status).toBe(202)
    const body: unknown = await started.json()
    const instanceId = typeof body === "object" && body !== null && "instanceId" in body ? body.instanceId : undefined
    if (typeof instanceId !== "string") throw new Error("no instance id")

    const [instance] = introspector.get()
    if (instance === undefined) throw new Error("the instance was not introspected")
    const arn = arnOf(await instance.waitForStepResult({ name: stepNames.create(1) }))
    await control("completeHandshake", { arn })
    await instance.waitForStatus("complete")

    const status = await SELF.fetch(`https://worker.example/connections/wait/${instanceId}`)
    expect(status.status).toBe(200)
    expect(await status.json()).toMatchObject({
      status: "complete",
      output: { connectionArn: arn, status: "AVAILABLE" }
    })
  })

  it("sleeps for real between polls (short waits) and completes", async () => {
    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_CONNECTION, "real-sleeps")
    const startedAt = Date.now()
    await env.WAIT_FOR_CONNECTION.create({
      id: "real-sleeps",
      params: { connectionName: "wf-real-sleeps", providerType: "GitHub", firstIntervalSeconds: 1 }
    })
    const arn = arnOf(await instance.waitForStepResult({ name: stepNames.create(1) }))
    expect(await instance.waitForStepResult({ name: stepNames.poll, index: 2 })).toBe("PENDING")
    await control("completeHandshake", { arn })
    await instance.waitForStatus("complete")
    const output = await instance.getOutput()
    const polls = typeof output === "object" && output !== null && "polls" in output ? output.polls : undefined
    expect(polls).toBeGreaterThanOrEqual(3)
    // At least the first two waits, 1 s and 1.5 s, really passed.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2_500)
    expect(await callCount("GetConnection")).toBe(polls)
    expect(await callCount("CreateConnection")).toBe(1)
  }, 30_000)

  it(
    "a create lost before the service saw it: the step looks within the grace period, then one more attempt, one connection",
    async () => {
      await control("dropNext", { count: 1, operation: "CreateConnection" })
      await using instance = await introspectWorkflowInstance(env.WAIT_FOR_CONNECTION, "lost-create")
      await instance.modify(async (m) => {
        await m.disableSleeps()
      })
      await env.WAIT_FOR_CONNECTION.create({
        id: "lost-create",
        params: { connectionName: "wf-lost-create", providerType: "GitHub", createGracePeriodSeconds: 2 }
      })
      // The first attempt's request broke without an answer: it found nothing of its own within 2 s.
      expect(await instance.waitForStepResult({ name: stepNames.create(1) })).toBeNull()
      const arn = arnOf(await instance.waitForStepResult({ name: stepNames.create(2) }))
      await control("completeHandshake", { arn })
      await instance.waitForStatus("complete")
      expect(await callCount("CreateConnection")).toBe(2)
      const listed = await SELF.fetch("https://worker.example/connections")
      const all: unknown = await listed.json()
      const named = Array.isArray(all)
        ? all.filter((c: unknown) =>
          typeof c === "object" && c !== null && "connectionName" in c && c.connectionName === "wf-lost-create"
        )
        : []
      expect(named).toHaveLength(1)
    },
    30_000
  )
})
