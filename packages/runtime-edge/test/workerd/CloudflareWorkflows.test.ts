/**
 * The sync wait steps of `CloudflareWorkflows` in real Cloudflare Workflows
 * inside workerd (syncWorker.ts), for both API versions, against the
 * emulator, with real short sleeps: the syncs stay `IN_PROGRESS` until a test
 * ends them through the emulator's control API.
 */
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { env, introspectWorkflowInstance } from "cloudflare:test"
import * as Effect from "effect/Effect"
import { beforeEach, describe, expect, it } from "vitest"
import { stepNames } from "../../src/CloudflareWorkflows.js"
import * as EdgeCodeConnections from "../../src/EdgeCodeConnections.js"
import * as EdgeCodeStarConnections from "../../src/EdgeCodeStarConnections.js"
import { callCount, control } from "./emulatorControl.js"
import { failureStep } from "./syncWorker.js"

const SyncType = "CFN_STACK_SYNC"

/**
 * A repository link whose `branch` a stack named `resourceName` follows; its
 * first sync is `IN_PROGRESS`. The connection behind it is made available first.
 */
const syncing = (api: "codestar" | "codeconnections", resourceName: string, branch: string) => {
  const setUp = <E1, E2, E3>(client: {
    readonly createConnection: (
      input: { readonly ConnectionName: string; readonly ProviderType: "GitHub" }
    ) => Effect.Effect<{ readonly ConnectionArn: string }, E1>
    readonly createRepositoryLink: (
      input: { readonly ConnectionArn: string; readonly OwnerId: string; readonly RepositoryName: string }
    ) => Effect.Effect<{ readonly RepositoryLinkInfo: { readonly RepositoryLinkId: string } }, E2>
    readonly createSyncConfiguration: (input: {
      readonly Branch: string
      readonly ConfigFile: string
      readonly RepositoryLinkId: string
      readonly ResourceName: string
      readonly RoleArn: string
      readonly SyncType: typeof SyncType
    }) => Effect.Effect<unknown, E3>
  }) =>
    Effect.gen(function*() {
      const { ConnectionArn } = yield* client.createConnection({ ConnectionName: resourceName, ProviderType: "GitHub" })
      yield* Effect.promise(() => control("completeHandshake", { arn: ConnectionArn }))
      const { RepositoryLinkInfo } = yield* client.createRepositoryLink({
        ConnectionArn,
        OwnerId: "octo",
        RepositoryName: resourceName
      })
      yield* client.createSyncConfiguration({
        Branch: branch,
        ConfigFile: "deploy.yaml",
        RepositoryLinkId: RepositoryLinkInfo.RepositoryLinkId,
        ResourceName: resourceName,
        RoleArn: "arn:aws:iam::123456789012:role/sync",
        SyncType
      })
      return RepositoryLinkInfo.RepositoryLinkId
    })
  return Effect.runPromise(
    api === "codestar"
      ? Effect.flatMap(CodeStarConnections, setUp).pipe(Effect.provide(EdgeCodeStarConnections.layerFromBindings(env)))
      : Effect.flatMap(CodeConnections, setUp).pipe(Effect.provide(EdgeCodeConnections.layerFromBindings(env)))
  )
}

const pollsOf = (output: unknown): unknown =>
  typeof output === "object" && output !== null && "polls" in output ? output.polls : undefined

describe("the sync wait steps in Cloudflare Workflows", () => {
  beforeEach(async () => {
    await control("reset")
  })

  it(
    "awaitRepositorySync (CodeStar Connections) polls with real sleeps until the branch's sync SUCCEEDED",
    async () => {
      const repositoryLinkId = await syncing("codestar", "repo-ok", "main")
      await using instance = await introspectWorkflowInstance(env.CODESTAR_SYNC_WAIT, "repo-ok")
      await env.CODESTAR_SYNC_WAIT.create({
        id: "repo-ok",
        params: { kind: "repository", repositoryLinkId, branch: "main", firstIntervalSeconds: 1 }
      })
      expect(await instance.waitForStepResult({ name: stepNames.repositorySyncPoll, index: 1 })).toBe("IN_PROGRESS")
      expect(await instance.waitForStepResult({ name: stepNames.repositorySyncPoll, index: 2 })).toBe("IN_PROGRESS")
      await control("setSyncStatus", { resourceName: "repo-ok", status: "SUCCEEDED" })
      await instance.waitForStatus("complete")
      const output = await instance.getOutput()
      expect(output).toMatchObject({ repositoryLinkId, branch: "main", syncType: SyncType, status: "SUCCEEDED" })
      // The change came during the 1.5 s sleep after the second poll: the third poll saw it (a later one
      // only if the machine delayed the change past that sleep); every poll was one call.
      expect(pollsOf(output)).toBeGreaterThanOrEqual(3)
      expect(await callCount("GetRepositorySyncStatus")).toBe(pollsOf(output))
    },
    30_000
  )

  it("awaitResourceSync (CodeConnections) polls with real sleeps until the resource's sync SUCCEEDED", async () => {
    await syncing("codeconnections", "stack-ok", "main")
    await using instance = await introspectWorkflowInstance(env.CODECONNECTIONS_SYNC_WAIT, "resource-ok")
    await env.CODECONNECTIONS_SYNC_WAIT.create({
      id: "resource-ok",
      params: { kind: "resource", resourceName: "stack-ok", firstIntervalSeconds: 1 }
    })
    expect(await instance.waitForStepResult({ name: stepNames.resourceSyncPoll, index: 2 })).toBe("IN_PROGRESS")
    await control("setSyncStatus", { resourceName: "stack-ok", status: "SUCCEEDED" })
    await instance.waitForStatus("complete")
    const output = await instance.getOutput()
    expect(output).toMatchObject({ resourceName: "stack-ok", syncType: SyncType, status: "SUCCEEDED" })
    expect(pollsOf(output)).toBeGreaterThanOrEqual(3)
    expect(await callCount("GetResourceSyncStatus")).toBe(pollsOf(output))
  }, 30_000)

  it("awaitResourceSync (CodeStar Connections) ends without retrying when the sync FAILED", async () => {
    await syncing("codestar", "stack-bad", "main")
    await using instance = await introspectWorkflowInstance(env.CODESTAR_SYNC_WAIT, "resource-failed")
    await env.CODESTAR_SYNC_WAIT.create({
      id: "resource-failed",
      params: { kind: "resource", resourceName: "stack-bad", firstIntervalSeconds: 1 }
    })
    expect(await instance.waitForStepResult({ name: stepNames.resourceSyncPoll, index: 2 })).toBe("IN_PROGRESS")
    await control("setSyncStatus", { resourceName: "stack-bad", status: "FAILED" })
    await instance.waitForStatus("errored")
    expect((await instance.getError()).message).toContain("NonRetryableError")
    expect(await instance.waitForStepResult({ name: failureStep })).toBe(
      "NonRetryableError: SyncFailed: resource sync of stack-bad is in FAILED"
    )
    // The poll that saw FAILED (the third, unless the machine delayed the change) threw a
    // NonRetryableError: no step retry polled again.
    const resourcePolls = await callCount("GetResourceSyncStatus")
    expect(resourcePolls).toBeGreaterThanOrEqual(3)
    await expect(instance.waitForStepResult({ name: stepNames.resourceSyncPoll, index: resourcePolls })).rejects
      .toThrow()
  }, 30_000)

  it("awaitRepositorySync (CodeConnections) ends without retrying when the sync FAILED", async () => {
    const repositoryLinkId = await syncing("codeconnections", "repo-bad", "release")
    await using instance = await introspectWorkflowInstance(env.CODECONNECTIONS_SYNC_WAIT, "repo-failed")
    await env.CODECONNECTIONS_SYNC_WAIT.create({
      id: "repo-failed",
      params: { kind: "repository", repositoryLinkId, branch: "release", firstIntervalSeconds: 1 }
    })
    expect(await instance.waitForStepResult({ name: stepNames.repositorySyncPoll, index: 2 })).toBe("IN_PROGRESS")
    await control("setSyncStatus", { resourceName: "repo-bad", status: "FAILED" })
    await instance.waitForStatus("errored")
    expect((await instance.getError()).message).toContain("NonRetryableError")
    expect(await instance.waitForStepResult({ name: failureStep })).toBe(
      `NonRetryableError: SyncFailed: repository sync of ${repositoryLinkId} branch release is in FAILED`
    )
    const repositoryPolls = await callCount("GetRepositorySyncStatus")
    expect(repositoryPolls).toBeGreaterThanOrEqual(3)
    await expect(instance.waitForStepResult({ name: stepNames.repositorySyncPoll, index: repositoryPolls }))
      .rejects.toThrow()
  }, 30_000)

  it("gives up after maxWaitSeconds, having polled on the schedule", async () => {
    await syncing("codeconnections", "stack-slow", "main")
    await using instance = await introspectWorkflowInstance(env.CODECONNECTIONS_SYNC_WAIT, "resource-timeout")
    // 2 s: one sleep of 1 s (the next, 1.5 s, would pass 2 s), so two polls, both IN_PROGRESS.
    await env.CODECONNECTIONS_SYNC_WAIT.create({
      id: "resource-timeout",
      params: { kind: "resource", resourceName: "stack-slow", firstIntervalSeconds: 1, maxWaitSeconds: 2 }
    })
    await instance.waitForStatus("errored")
    expect((await instance.getError()).message).toContain("NonRetryableError")
    expect(await instance.waitForStepResult({ name: failureStep })).toBe(
      "SyncWaitTimedOut: resource sync of stack-slow had not SUCCEEDED in time"
    )
    expect(await instance.waitForStepResult({ name: stepNames.resourceSyncPoll, index: 2 })).toBe("IN_PROGRESS")
    expect(await callCount("GetResourceSyncStatus")).toBe(2)
  }, 30_000)

  it("a sync that does not exist ends the instance at the first poll", async () => {
    await using instance = await introspectWorkflowInstance(env.CODESTAR_SYNC_WAIT, "resource-missing")
    await env.CODESTAR_SYNC_WAIT.create({
      id: "resource-missing",
      params: { kind: "resource", resourceName: "no-such-stack", firstIntervalSeconds: 1 }
    })
    await instance.waitForStatus("errored")
    expect((await instance.getError()).message).toContain("NonRetryableError")
    expect(await instance.waitForStepResult({ name: failureStep })).toMatch(
      /^NonRetryableError: ResourceNotFoundException: /
    )
    expect(await callCount("GetResourceSyncStatus")).toBe(1)
  }, 30_000)
})
