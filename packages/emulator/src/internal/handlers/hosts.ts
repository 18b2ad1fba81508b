/**
 * Hosts: the endpoint of a self-managed provider (GitHub Enterprise Server,
 * GitLab self-managed). A new host is `PENDING`, or `VPC_CONFIG_INITIALIZING`
 * when it has a VPC configuration, until its setup completes
 * (`AVAILABLE`) or fails (`VPC_CONFIG_FAILED_INITIALIZATION`).
 */
import type * as CC from "@effect-codestar/core/CodeConnections"
import * as Effect from "effect/Effect"
import { arnKey, makeArn, randomHex } from "../arn.js"
import type { Handler, RequestContext } from "../context.js"
import { limitExceeded, modeled, notFound, unavailable, validation } from "../errors.js"
import { page } from "../pagination.js"
import type { HostRecord, VpcConfigurationRecord } from "../state.js"
import { hostedProviderTypes } from "./connections.js"
import { initialTags, tagList } from "./tagging.js"

const vpcView = (v: VpcConfigurationRecord): CC.VpcConfigurationOutput => ({
  VpcId: v.VpcId,
  SubnetIds: v.SubnetIds,
  SecurityGroupIds: v.SecurityGroupIds,
  ...(v.TlsCertificate === undefined ? {} : { TlsCertificate: v.TlsCertificate })
})

const view = (h: HostRecord): CC.Host => ({
  Name: h.name,
  HostArn: h.arn,
  ProviderType: h.providerType,
  ProviderEndpoint: h.providerEndpoint,
  Status: h.status,
  ...(h.vpcConfiguration === undefined ? {} : { VpcConfiguration: vpcView(h.vpcConfiguration) }),
  ...(h.statusMessage === undefined ? {} : { StatusMessage: h.statusMessage })
})

/** Where a host's setup starts, and when it completes by itself. */
const startSetup = (host: HostRecord, ctx: RequestContext): void => {
  host.status = host.vpcConfiguration === undefined ? "PENDING" : "VPC_CONFIG_INITIALIZING"
  host.statusMessage = undefined
  host.autoCompleteAt = ctx.options.hostSetupCompletesAfterMillis === undefined
    ? undefined
    : ctx.now + ctx.options.hostSetupCompletesAfterMillis
}

const find = (arn: string, ctx: RequestContext) => {
  const host = ctx.store.hosts.get(arnKey(arn))
  return host === undefined ? Effect.fail(notFound(`Host ${arn} does not exist.`)) : Effect.succeed(host)
}

export const CreateHost: Handler<CC.CreateHostInput, CC.CreateHostOutput> = (input, ctx) =>
  Effect.gen(function*() {
    const { options, store } = ctx
    if (!hostedProviderTypes.has(input.ProviderType)) {
      return yield* validation(`Hosts are only for self-managed providers, not ${input.ProviderType}.`)
    }
    if (store.hosts.size >= options.quotas.hosts) {
      return yield* limitExceeded(`The account already has the maximum of ${options.quotas.hosts} hosts.`)
    }
    const tags = yield* initialTags(input.Tags, ctx)
    const arn = makeArn(ctx.api, ctx.region, options.accountId, `host/${input.Name}-${randomHex(8)}`)
    const host: HostRecord = {
      seq: store.nextSeq(),
      arn,
      name: input.Name,
      providerType: input.ProviderType,
      providerEndpoint: input.ProviderEndpoint,
      vpcConfiguration: input.VpcConfiguration,
      status: "PENDING",
      statusMessage: undefined,
      autoCompleteAt: undefined,
      tags
    }
    startSetup(host, ctx)
    store.hosts.set(arnKey(arn), host)
    return { HostArn: arn, ...(input.Tags === undefined ? {} : { Tags: tagList(tags) }) }
  })

export const GetHost: Handler<CC.GetHostInput, CC.GetHostOutput> = (input, ctx) =>
  Effect.map(find(input.HostArn, ctx), (host) => {
    const { HostArn: _arn, StatusMessage: _message, ...rest } = view(host)
    return rest
  })

export const DeleteHost: Handler<CC.DeleteHostInput, CC.DeleteHostOutput> = (input, ctx) =>
  Effect.gen(function*() {
    const host = yield* find(input.HostArn, ctx)
    const key = arnKey(host.arn)
    const inUse = Array.from(ctx.store.connections.values()).some((c) =>
      c.hostArn !== undefined && arnKey(c.hostArn) === key
    )
    if (inUse) return yield* unavailable(`Host ${input.HostArn} still has connections; delete them first.`)
    if (host.status === "VPC_CONFIG_INITIALIZING") {
      return yield* unavailable(`Host ${input.HostArn} is still being set up.`)
    }
    ctx.store.hosts.delete(key)
    return {}
  })

export const UpdateHost: Handler<CC.UpdateHostInput, CC.UpdateHostOutput> = (input, ctx) =>
  Effect.gen(function*() {
    const host = yield* find(input.HostArn, ctx)
    if (host.status === "VPC_CONFIG_INITIALIZING" || host.status === "VPC_CONFIG_DELETING") {
      return yield* modeled(
        "ConflictException",
        `Host ${input.HostArn} is being changed (its status is ${host.status}).`
      )
    }
    if (input.ProviderEndpoint === undefined && input.VpcConfiguration === undefined) {
      return yield* modeled(
        "UnsupportedOperationException",
        "UpdateHost needs a ProviderEndpoint or a VpcConfiguration to change."
      )
    }
    if (input.ProviderEndpoint !== undefined) host.providerEndpoint = input.ProviderEndpoint
    if (input.VpcConfiguration !== undefined) {
      host.vpcConfiguration = input.VpcConfiguration
      // A new VPC configuration is set up again, unless the host already works.
      if (host.status !== "AVAILABLE") startSetup(host, ctx)
    }
    return {}
  })

export const ListHosts: Handler<CC.ListHostsInput, CC.ListHostsOutput> = (input, ctx) =>
  Effect.map(
    page(Array.from(ctx.store.hosts.values()), {
      list: "hosts",
      nextToken: input.NextToken,
      maxResults: input.MaxResults,
      defaultPageSize: ctx.options.defaultPageSize,
      invalidToken: validation
    }),
    (result) => ({
      Hosts: result.items.map(view),
      ...(result.nextToken === undefined ? {} : { NextToken: result.nextToken })
    })
  )
