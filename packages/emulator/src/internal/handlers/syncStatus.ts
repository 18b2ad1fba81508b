/**
 * What a sync configuration is doing: the latest sync attempt of a resource
 * and of a repository branch, the definitions a repository holds, and the
 * blockers that stop a sync until someone resolves them. Attempts and
 * blockers are driven by the control API (`setSyncStatus`,
 * `createSyncBlocker`) or by the configured delay.
 */
import type * as CC from "@effect-codestar/core/CodeConnections"
import * as Effect from "effect/Effect"
import type { Handler, RequestContext } from "../context.js"
import { invalidInput, modeled, notFound } from "../errors.js"
import type { SyncAttemptRecord, SyncBlockerRecord, SyncConfigurationRecord } from "../state.js"
import { findLink } from "./repositoryLinks.js"
import { findSyncConfiguration } from "./syncConfigurations.js"

const events = (attempt: SyncAttemptRecord) =>
  attempt.events.map((e) => ({ Event: e.event, Type: e.type, Time: new Date(e.time) }))

const revision = (config: SyncConfigurationRecord, sha: string, ctx: RequestContext): CC.Revision => {
  const link = ctx.store.repositoryLinks.get(config.repositoryLinkId)
  return {
    Branch: config.branch,
    Directory: config.configFile,
    OwnerId: link?.ownerId ?? "",
    RepositoryName: link?.repositoryName ?? "",
    ProviderType: link?.providerType ?? "",
    Sha: sha
  }
}

const resourceAttempt = (
  config: SyncConfigurationRecord,
  attempt: SyncAttemptRecord,
  ctx: RequestContext
): CC.ResourceSyncAttempt => ({
  Events: events(attempt),
  InitialRevision: revision(config, attempt.initialSha, ctx),
  StartedAt: new Date(attempt.startedAt),
  Status: attempt.status,
  TargetRevision: revision(config, attempt.sha, ctx),
  Target: config.resourceName
})

const blockerView = (b: SyncBlockerRecord): CC.SyncBlocker => ({
  Id: b.id,
  Type: "AUTOMATED",
  Status: b.status,
  CreatedReason: b.createdReason,
  CreatedAt: new Date(b.createdAt),
  Contexts: b.contexts,
  ...(b.resolvedReason === undefined ? {} : { ResolvedReason: b.resolvedReason }),
  ...(b.resolvedAt === undefined ? {} : { ResolvedAt: new Date(b.resolvedAt) })
})

export const GetResourceSyncStatus: Handler<CC.GetResourceSyncStatusInput, CC.GetResourceSyncStatusOutput> = (
  input,
  ctx
) =>
  Effect.map(findSyncConfiguration(input.SyncType, input.ResourceName, ctx), (config) => ({
    DesiredState: revision(config, config.latestSync.sha, ctx),
    LatestSync: resourceAttempt(config, config.latestSync, ctx),
    ...(config.latestSuccessfulSync === undefined
      ? {}
      : { LatestSuccessfulSync: resourceAttempt(config, config.latestSuccessfulSync, ctx) })
  }))

export const GetRepositorySyncStatus: Handler<CC.GetRepositorySyncStatusInput, CC.GetRepositorySyncStatusOutput> = (
  input,
  ctx
) =>
  Effect.gen(function*() {
    const link = yield* findLink(input.RepositoryLinkId, ctx)
    // The repository side of a branch is the most recent attempt of any resource that follows it.
    const latest = Array.from(ctx.store.syncConfigurations.values())
      .filter((s) => s.repositoryLinkId === link.id && s.branch === input.Branch && s.syncType === input.SyncType)
      .map((s) => s.latestSync)
      .sort((a, b) => b.startedAt - a.startedAt)[0]
    if (latest === undefined) {
      return yield* notFound(`Branch ${input.Branch} of repository link ${link.id} has no ${input.SyncType} sync.`)
    }
    return { LatestSync: { StartedAt: new Date(latest.startedAt), Status: latest.status, Events: events(latest) } }
  })

export const ListRepositorySyncDefinitions: Handler<
  CC.ListRepositorySyncDefinitionsInput,
  CC.ListRepositorySyncDefinitionsOutput
> = (input, ctx) =>
  Effect.map(findLink(input.RepositoryLinkId, ctx), (link) => ({
    RepositorySyncDefinitions: Array.from(ctx.store.syncConfigurations.values())
      .filter((s) => s.repositoryLinkId === link.id && s.syncType === input.SyncType)
      .map((s) => ({ Branch: s.branch, Directory: s.configFile, Parent: link.id, Target: s.resourceName }))
  }))

export const GetSyncBlockerSummary: Handler<CC.GetSyncBlockerSummaryInput, CC.GetSyncBlockerSummaryOutput> = (
  input,
  ctx
) =>
  Effect.map(findSyncConfiguration(input.SyncType, input.ResourceName, ctx), (config) => ({
    SyncBlockerSummary: {
      ResourceName: config.resourceName,
      // Newest first.
      LatestBlockers: config.blockers.slice().reverse().map(blockerView)
    }
  }))

export const UpdateSyncBlocker: Handler<CC.UpdateSyncBlockerInput, CC.UpdateSyncBlockerOutput> = (input, ctx) =>
  Effect.gen(function*() {
    const config = yield* findSyncConfiguration(input.SyncType, input.ResourceName, ctx)
    const blocker = config.blockers.find((b) => b.id === input.Id)
    if (blocker === undefined) {
      return yield* modeled(
        "SyncBlockerDoesNotExistException",
        `Sync blocker ${input.Id} does not exist for ${input.ResourceName}.`
      )
    }
    if (blocker.status === "RESOLVED") return yield* invalidInput(`Sync blocker ${input.Id} is already resolved.`)
    blocker.status = "RESOLVED"
    blocker.resolvedReason = input.ResolvedReason
    blocker.resolvedAt = ctx.now
    return { ResourceName: config.resourceName, SyncBlocker: blockerView(blocker) }
  })
