/**
 * The WaitForResourceSync Workflow (the library's `awaitResourceSync` step)
 * inside workerd, with real short sleeps, against the emulator: the stack's
 * sync stays `IN_PROGRESS` until the test ends it through the control API.
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { EdgeCodeStarConnections } from "@effect-codestar/runtime-edge"
import { stepNames } from "@effect-codestar/runtime-edge/CloudflareWorkflows"
import { env, introspectWorkflowInstance } from "cloudflare:test"
import * as Effect from "effect/Effect"
import { beforeEach, describe, expect, it } from "vitest"
import { callCount, control } from "./emulatorControl.js"

/** An available connection, a repository link, and a stack that follows its `main` branch. */
const syncingStack = (name: string) =>
  Effect.runPromise(
    Effect.gen(function*() {
      const client = yield* CodeStarConnections
      const { ConnectionArn } = yield* client.createConnection({ ConnectionName: name, ProviderType: "GitHub" })
      yield* Effect.promise(() => control("completeHandshake", { arn: ConnectionArn }))
      const { RepositoryLinkInfo } = yield* client.createRepositoryLink({
        ConnectionArn,
        OwnerId: "octo",
        RepositoryName: name
      })
      yield* client.createSyncConfiguration({
        Branch: "main",
        ConfigFile: "deploy.yaml",
        RepositoryLinkId: RepositoryLinkInfo.RepositoryLinkId,
        ResourceName: name,
        RoleArn: "arn:aws:iam::123456789012:role/sync",
        SyncType: "CFN_STACK_SYNC"
      })
    }).pipe(Effect.provide(EdgeCodeStarConnections.layerFromBindings(env)))
  )

describe("the WaitForResourceSync Workflow", () => {
  beforeEach(async () => {
    await control("reset")
  })

  it("polls a stack's sync with real sleeps, and completes once it SUCCEEDED", async () => {
    await syncingStack("wf-stack")
    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_RESOURCE_SYNC, "stack-synced")
    await env.WAIT_FOR_RESOURCE_SYNC.create({
      id: "stack-synced",
      params: { resourceName: "wf-stack", firstIntervalSeconds: 1 }
    })
    expect(await instance.waitForStepResult({ name: stepNames.resourceSyncPoll, index: 2 })).toBe("IN_PROGRESS")
    await control("setSyncStatus", { resourceName: "wf-stack", status: "SUCCEEDED" })
    await instance.waitForStatus("complete")
    const output = await instance.getOutput()
    expect(output).toMatchObject({ resourceName: "wf-stack", syncType: "CFN_STACK_SYNC", status: "SUCCEEDED" })
    const polls = typeof output === "object" && output !== null && "polls" in output ? output.polls : undefined
    // The third poll saw the change, or a later one if the machine delayed it past the 1.5 s sleep.
    expect(polls).toBeGreaterThanOrEqual(3)
    expect(await callCount("GetResourceSyncStatus")).toBe(polls)
  }, 30_000)

  it("ends without retrying when the stack's sync FAILED", async () => {
    await syncingStack("wf-stack-failed")
    await using instance = await introspectWorkflowInstance(env.WAIT_FOR_RESOURCE_SYNC, "stack-failed")
    await env.WAIT_FOR_RESOURCE_SYNC.create({
      id: "stack-failed",
      params: { resourceName: "wf-stack-failed", firstIntervalSeconds: 1 }
    })
    expect(await instance.waitForStepResult({ name: stepNames.resourceSyncPoll, index: 1 })).toBe("IN_PROGRESS")
    await control("setSyncStatus", { resourceName: "wf-stack-failed", status: "FAILED" })
    await instance.waitForStatus("errored")
    expect((await instance.getError()).message).toContain("NonRetryableError")
    // The poll that saw FAILED (the second, unless the machine delayed the change) threw a
    // NonRetryableError: its step was not retried.
    const polls = await callCount("GetResourceSyncStatus")
    expect(polls).toBeGreaterThanOrEqual(2)
    await expect(instance.waitForStepResult({ name: stepNames.resourceSyncPoll, index: polls })).rejects.toThrow()
  }, 30_000)
})
