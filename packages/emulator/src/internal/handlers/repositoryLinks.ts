/**
 * Repository links: a repository of a provider, reached through an
 * `AVAILABLE` connection. One link per (connection, owner, repository); a link
 * cannot be deleted while sync configurations use it.
 */
import type * as CC from "@effect-codestar/core/CodeConnections"
import * as Effect from "effect/Effect"
import { arnKey, makeArn, uuid } from "../arn.js"
import type { Handler, RequestContext } from "../context.js"
import { alreadyExists, type ApiError, invalidInput, limitExceeded, modeled, notFound } from "../errors.js"
import { page } from "../pagination.js"
import type { ConnectionRecord, RepositoryLinkRecord } from "../state.js"
import { initialTags } from "./tagging.js"

export const linkView = (l: RepositoryLinkRecord): CC.RepositoryLinkInfo => ({
  ConnectionArn: l.connectionArn,
  OwnerId: l.ownerId,
  ProviderType: l.providerType,
  RepositoryLinkArn: l.arn,
  RepositoryLinkId: l.id,
  RepositoryName: l.repositoryName,
  ...(l.encryptionKeyArn === undefined ? {} : { EncryptionKeyArn: l.encryptionKeyArn })
})

/** The link of an id, or `ResourceNotFoundException`. */
export const findLink = (id: string, ctx: RequestContext): Effect.Effect<RepositoryLinkRecord, ApiError> => {
  const link = ctx.store.repositoryLinks.get(id.toLowerCase())
  return link === undefined ? Effect.fail(notFound(`Repository link ${id} does not exist.`)) : Effect.succeed(link)
}

/** A connection a link can use: it must exist and have completed its handshake. */
const usableConnection = (arn: string, ctx: RequestContext): Effect.Effect<ConnectionRecord, ApiError> => {
  const connection = ctx.store.connections.get(arnKey(arn))
  if (connection === undefined) return Effect.fail(invalidInput(`Connection ${arn} does not exist.`))
  if (connection.status !== "AVAILABLE") {
    return Effect.fail(invalidInput(`Connection ${arn} is not available (its status is ${connection.status}).`))
  }
  return Effect.succeed(connection)
}

export const CreateRepositoryLink: Handler<CC.CreateRepositoryLinkInput, CC.CreateRepositoryLinkOutput> = (
  input,
  ctx
) =>
  Effect.gen(function*() {
    const { options, store } = ctx
    const connection = yield* usableConnection(input.ConnectionArn, ctx)
    const connectionKey = arnKey(connection.arn)
    const duplicate = Array.from(store.repositoryLinks.values()).some((l) =>
      arnKey(l.connectionArn) === connectionKey && l.ownerId === input.OwnerId &&
      l.repositoryName === input.RepositoryName
    )
    if (duplicate) {
      return yield* alreadyExists(
        `A repository link to ${input.OwnerId}/${input.RepositoryName} already exists for this connection.`
      )
    }
    if (store.repositoryLinks.size >= options.quotas.repositoryLinks) {
      return yield* limitExceeded(
        `The account already has the maximum of ${options.quotas.repositoryLinks} repository links.`
      )
    }
    const tags = yield* initialTags(input.Tags, ctx)
    const id = uuid()
    const link: RepositoryLinkRecord = {
      seq: store.nextSeq(),
      id,
      arn: makeArn(ctx.api, ctx.region, options.accountId, `repository-link/${id}`),
      connectionArn: input.ConnectionArn,
      providerType: connection.providerType,
      ownerId: input.OwnerId,
      repositoryName: input.RepositoryName,
      encryptionKeyArn: input.EncryptionKeyArn,
      tags
    }
    store.repositoryLinks.set(id, link)
    return { RepositoryLinkInfo: linkView(link) }
  })

export const GetRepositoryLink: Handler<CC.GetRepositoryLinkInput, CC.GetRepositoryLinkOutput> = (input, ctx) =>
  Effect.map(findLink(input.RepositoryLinkId, ctx), (link) => ({ RepositoryLinkInfo: linkView(link) }))

export const DeleteRepositoryLink: Handler<CC.DeleteRepositoryLinkInput, CC.DeleteRepositoryLinkOutput> = (
  input,
  ctx
) =>
  Effect.gen(function*() {
    const link = yield* findLink(input.RepositoryLinkId, ctx)
    const users = Array.from(ctx.store.syncConfigurations.values()).filter((s) => s.repositoryLinkId === link.id)
    if (users.length > 0) {
      return yield* modeled(
        "SyncConfigurationStillExistsException",
        `Repository link ${link.id} is still used by ${users.length} sync configuration(s): ${
          users.map((s) => s.resourceName).join(", ")
        }.`
      )
    }
    ctx.store.repositoryLinks.delete(link.id)
    return {}
  })

export const UpdateRepositoryLink: Handler<CC.UpdateRepositoryLinkInput, CC.UpdateRepositoryLinkOutput> = (
  input,
  ctx
) =>
  Effect.gen(function*() {
    const link = yield* findLink(input.RepositoryLinkId, ctx)
    if (input.ConnectionArn === undefined && input.EncryptionKeyArn === undefined) {
      return yield* invalidInput("UpdateRepositoryLink needs a ConnectionArn or an EncryptionKeyArn to change.")
    }
    if (input.ConnectionArn !== undefined) {
      const connection = yield* usableConnection(input.ConnectionArn, ctx)
      if (connection.providerType !== link.providerType) {
        return yield* invalidInput(
          `Connection ${input.ConnectionArn} is for ${connection.providerType}, but the repository is on ${link.providerType}.`
        )
      }
      link.connectionArn = input.ConnectionArn
    }
    if (input.EncryptionKeyArn !== undefined) link.encryptionKeyArn = input.EncryptionKeyArn
    return { RepositoryLinkInfo: linkView(link) }
  })

export const ListRepositoryLinks: Handler<CC.ListRepositoryLinksInput, CC.ListRepositoryLinksOutput> = (input, ctx) =>
  Effect.map(
    page(Array.from(ctx.store.repositoryLinks.values()), {
      list: "repository-links",
      nextToken: input.NextToken,
      maxResults: input.MaxResults,
      defaultPageSize: ctx.options.defaultPageSize,
      invalidToken: invalidInput
    }),
    (result) => ({
      RepositoryLinks: result.items.map(linkView),
      ...(result.nextToken === undefined ? {} : { NextToken: result.nextToken })
    })
  )
