/**
 * Connections: created `PENDING`, made `AVAILABLE` or `ERROR` by the handshake
 * (a control call, or the configured delay). A connection to a self-managed
 * provider goes through a host, which must be `AVAILABLE`.
 */
import type * as CC from "@effect-codestar/core/CodeConnections"
import * as Effect from "effect/Effect"
import { arnKey, makeArn, uuid } from "../arn.js"
import type { Handler } from "../context.js"
import { limitExceeded, notFound, unavailable, validation } from "../errors.js"
import { page } from "../pagination.js"
import type { ConnectionRecord } from "../state.js"
import { initialTags, tagList } from "./tagging.js"

/** Provider types that are reached through a host rather than directly. */
export const hostedProviderTypes: ReadonlySet<string> = new Set(["GitHubEnterpriseServer", "GitLabSelfManaged"])

const view = (c: ConnectionRecord, accountId: string): CC.Connection => ({
  ConnectionName: c.name,
  ConnectionArn: c.arn,
  ProviderType: c.providerType,
  OwnerAccountId: accountId,
  ConnectionStatus: c.status,
  ...(c.hostArn === undefined ? {} : { HostArn: c.hostArn })
})

export const CreateConnection: Handler<CC.CreateConnectionInput, CC.CreateConnectionOutput> = (input, ctx) =>
  Effect.gen(function*() {
    const { options, store } = ctx
    let providerType: string | undefined = input.ProviderType
    let hostArn: string | undefined
    if (input.HostArn !== undefined) {
      const host = store.hosts.get(arnKey(input.HostArn))
      if (host === undefined) return yield* notFound(`Host ${input.HostArn} does not exist.`)
      if (host.status !== "AVAILABLE") {
        return yield* unavailable(`Host ${input.HostArn} is not available (its status is ${host.status}).`)
      }
      if (providerType !== undefined && providerType !== host.providerType) {
        return yield* validation(
          `ProviderType ${providerType} does not match the provider type of the host (${host.providerType}).`
        )
      }
      providerType = host.providerType
      hostArn = host.arn
    }
    if (providerType === undefined) return yield* validation("Either ProviderType or HostArn must be specified.")
    if (hostArn === undefined && hostedProviderTypes.has(providerType)) {
      return yield* validation(`A connection to ${providerType} needs the HostArn of a host.`)
    }
    if (store.connections.size >= options.quotas.connections) {
      return yield* limitExceeded(`The account already has the maximum of ${options.quotas.connections} connections.`)
    }
    const tags = yield* initialTags(input.Tags, ctx)
    const arn = makeArn(ctx.api, ctx.region, options.accountId, `connection/${uuid()}`)
    store.connections.set(arnKey(arn), {
      seq: store.nextSeq(),
      arn,
      name: input.ConnectionName,
      providerType,
      hostArn,
      status: "PENDING",
      autoCompleteAt: options.handshakeCompletesAfterMillis === undefined
        ? undefined
        : ctx.now + options.handshakeCompletesAfterMillis,
      tags
    })
    return { ConnectionArn: arn, ...(input.Tags === undefined ? {} : { Tags: tagList(tags) }) }
  })

export const GetConnection: Handler<CC.GetConnectionInput, CC.GetConnectionOutput> = (input, ctx) => {
  const connection = ctx.store.connections.get(arnKey(input.ConnectionArn))
  return connection === undefined
    ? Effect.fail(notFound(`Connection ${input.ConnectionArn} does not exist.`))
    : Effect.succeed({ Connection: view(connection, ctx.options.accountId) })
}

export const DeleteConnection: Handler<CC.DeleteConnectionInput, CC.DeleteConnectionOutput> = (input, ctx) =>
  ctx.store.connections.delete(arnKey(input.ConnectionArn))
    ? Effect.succeed({})
    : Effect.fail(notFound(`Connection ${input.ConnectionArn} does not exist.`))

export const ListConnections: Handler<CC.ListConnectionsInput, CC.ListConnectionsOutput> = (input, ctx) =>
  Effect.gen(function*() {
    const hostKey = input.HostArnFilter === undefined || input.HostArnFilter === ""
      ? undefined
      : arnKey(input.HostArnFilter)
    if (hostKey !== undefined && !ctx.store.hosts.has(hostKey)) {
      return yield* notFound(`Host ${input.HostArnFilter} does not exist.`)
    }
    const matching = Array.from(ctx.store.connections.values()).filter((c) =>
      (input.ProviderTypeFilter === undefined || c.providerType === input.ProviderTypeFilter) &&
      (hostKey === undefined || (c.hostArn !== undefined && arnKey(c.hostArn) === hostKey))
    )
    const result = yield* page(matching, {
      list: `connections|${input.ProviderTypeFilter ?? ""}|${hostKey ?? ""}`,
      nextToken: input.NextToken,
      maxResults: input.MaxResults,
      defaultPageSize: ctx.options.defaultPageSize,
      invalidToken: validation
    })
    return {
      Connections: result.items.map((c) => view(c, ctx.options.accountId)),
      ...(result.nextToken === undefined ? {} : { NextToken: result.nextToken })
    }
  })
