/**
 * Sync configurations: keep a resource (a CloudFormation stack) in step with
 * a file on a branch of a linked repository. One configuration per
 * (SyncType, ResourceName). Creating one, or changing what it follows, starts
 * a sync attempt (see syncStatus.ts).
 */
import type * as CC from "@effect-codestar/core/CodeConnections"
import * as Effect from "effect/Effect"
import { randomHex } from "../arn.js"
import type { Handler, RequestContext } from "../context.js"
import { alreadyExists, type ApiError, invalidInput, limitExceeded, notFound } from "../errors.js"
import { page } from "../pagination.js"
import { type SyncAttemptRecord, syncConfigurationKey, type SyncConfigurationRecord } from "../state.js"
import { findLink } from "./repositoryLinks.js"

export const syncConfigurationView = (s: SyncConfigurationRecord, ctx: RequestContext): CC.SyncConfiguration => {
  const link = ctx.store.repositoryLinks.get(s.repositoryLinkId)
  return {
    Branch: s.branch,
    ConfigFile: s.configFile,
    OwnerId: link?.ownerId ?? "",
    ProviderType: link?.providerType ?? "",
    RepositoryLinkId: s.repositoryLinkId,
    RepositoryName: link?.repositoryName ?? "",
    ResourceName: s.resourceName,
    RoleArn: s.roleArn,
    SyncType: s.syncType,
    PublishDeploymentStatus: s.publishDeploymentStatus,
    TriggerResourceUpdateOn: s.triggerResourceUpdateOn,
    // Dropped by the 2019-12-01 output schema, which does not have it.
    PullRequestComment: s.pullRequestComment
  }
}

/** The configuration of a resource, or `ResourceNotFoundException`. */
export const findSyncConfiguration = (
  syncType: string,
  resourceName: string,
  ctx: RequestContext
): Effect.Effect<SyncConfigurationRecord, ApiError> => {
  const config = ctx.store.syncConfigurations.get(syncConfigurationKey(syncType, resourceName))
  return config === undefined
    ? Effect.fail(notFound(`There is no ${syncType} sync configuration for resource ${resourceName}.`))
    : Effect.succeed(config)
}

/** A new attempt, starting from the commit the resource was last at. */
export const newAttempt = (previousSha: string, ctx: RequestContext): SyncAttemptRecord => ({
  startedAt: ctx.now,
  status: "IN_PROGRESS",
  sha: randomHex(40),
  initialSha: previousSha,
  events: [{ event: "Sync started", type: "SYNC_STATUS", time: ctx.now }],
  autoCompleteAt: ctx.options.syncCompletesAfterMillis === undefined
    ? undefined
    : ctx.now + ctx.options.syncCompletesAfterMillis
})

export const CreateSyncConfiguration: Handler<CC.CreateSyncConfigurationInput, CC.CreateSyncConfigurationOutput> = (
  input,
  ctx
) =>
  Effect.gen(function*() {
    const { options, store } = ctx
    const link = store.repositoryLinks.get(input.RepositoryLinkId.toLowerCase())
    if (link === undefined) return yield* invalidInput(`Repository link ${input.RepositoryLinkId} does not exist.`)
    const key = syncConfigurationKey(input.SyncType, input.ResourceName)
    if (store.syncConfigurations.has(key)) {
      return yield* alreadyExists(
        `A ${input.SyncType} sync configuration for resource ${input.ResourceName} already exists.`
      )
    }
    if (store.syncConfigurations.size >= options.quotas.syncConfigurations) {
      return yield* limitExceeded(
        `The account already has the maximum of ${options.quotas.syncConfigurations} sync configurations.`
      )
    }
    const config: SyncConfigurationRecord = {
      seq: store.nextSeq(),
      syncType: input.SyncType,
      resourceName: input.ResourceName,
      branch: input.Branch,
      configFile: input.ConfigFile,
      repositoryLinkId: link.id,
      roleArn: input.RoleArn,
      publishDeploymentStatus: input.PublishDeploymentStatus ?? "ENABLED",
      triggerResourceUpdateOn: input.TriggerResourceUpdateOn ?? "ANY_CHANGE",
      pullRequestComment: input.PullRequestComment ?? "ENABLED",
      latestSync: newAttempt(randomHex(40), ctx),
      latestSuccessfulSync: undefined,
      blockers: []
    }
    store.syncConfigurations.set(key, config)
    return { SyncConfiguration: syncConfigurationView(config, ctx) }
  })

export const GetSyncConfiguration: Handler<CC.GetSyncConfigurationInput, CC.GetSyncConfigurationOutput> = (
  input,
  ctx
) =>
  Effect.map(
    findSyncConfiguration(input.SyncType, input.ResourceName, ctx),
    (config) => ({ SyncConfiguration: syncConfigurationView(config, ctx) })
  )

export const UpdateSyncConfiguration: Handler<CC.UpdateSyncConfigurationInput, CC.UpdateSyncConfigurationOutput> = (
  input,
  ctx
) =>
  Effect.gen(function*() {
    const config = yield* findSyncConfiguration(input.SyncType, input.ResourceName, ctx)
    let linkId = config.repositoryLinkId
    if (input.RepositoryLinkId !== undefined) {
      const link = ctx.store.repositoryLinks.get(input.RepositoryLinkId.toLowerCase())
      if (link === undefined) return yield* invalidInput(`Repository link ${input.RepositoryLinkId} does not exist.`)
      linkId = link.id
    }
    const retargeted = linkId !== config.repositoryLinkId ||
      (input.Branch !== undefined && input.Branch !== config.branch) ||
      (input.ConfigFile !== undefined && input.ConfigFile !== config.configFile)
    config.repositoryLinkId = linkId
    if (input.Branch !== undefined) config.branch = input.Branch
    if (input.ConfigFile !== undefined) config.configFile = input.ConfigFile
    if (input.RoleArn !== undefined) config.roleArn = input.RoleArn
    if (input.PublishDeploymentStatus !== undefined) config.publishDeploymentStatus = input.PublishDeploymentStatus
    if (input.TriggerResourceUpdateOn !== undefined) config.triggerResourceUpdateOn = input.TriggerResourceUpdateOn
    if (input.PullRequestComment !== undefined) config.pullRequestComment = input.PullRequestComment
    if (retargeted) config.latestSync = newAttempt(config.latestSync.sha, ctx)
    return { SyncConfiguration: syncConfigurationView(config, ctx) }
  })

export const DeleteSyncConfiguration: Handler<CC.DeleteSyncConfigurationInput, CC.DeleteSyncConfigurationOutput> = (
  input,
  ctx
) => {
  const key = syncConfigurationKey(input.SyncType, input.ResourceName)
  // The operation declares no ResourceNotFoundException; an unknown resource is an input error.
  return ctx.store.syncConfigurations.delete(key)
    ? Effect.succeed({})
    : Effect.fail(invalidInput(`There is no ${input.SyncType} sync configuration for resource ${input.ResourceName}.`))
}

export const ListSyncConfigurations: Handler<CC.ListSyncConfigurationsInput, CC.ListSyncConfigurationsOutput> = (
  input,
  ctx
) =>
  Effect.gen(function*() {
    const link = yield* findLink(input.RepositoryLinkId, ctx)
    const matching = Array.from(ctx.store.syncConfigurations.values()).filter((s) =>
      s.repositoryLinkId === link.id && s.syncType === input.SyncType
    )
    const result = yield* page(matching, {
      list: `sync-configurations|${link.id}|${input.SyncType}`,
      nextToken: input.NextToken,
      maxResults: input.MaxResults,
      defaultPageSize: ctx.options.defaultPageSize,
      invalidToken: invalidInput
    })
    return {
      SyncConfigurations: result.items.map((s) => syncConfigurationView(s, ctx)),
      ...(result.nextToken === undefined ? {} : { NextToken: result.nextToken })
    }
  })
