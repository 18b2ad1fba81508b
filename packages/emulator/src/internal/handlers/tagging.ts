/**
 * Tags, shared by the three taggable resources (connections, hosts and
 * repository links): lookup by ARN, the per-resource quota, and the three
 * tagging operations.
 */
import type * as CC from "@effect-codestar/core/CodeConnections"
import * as Effect from "effect/Effect"
import { arnKey } from "../arn.js"
import type { Handler, RequestContext } from "../context.js"
import { type ApiError, limitExceeded, notFound } from "../errors.js"

/** The tag map of the resource an ARN names. */
const tagsOf = (arn: string, ctx: RequestContext): Effect.Effect<Map<string, string>, ApiError> => {
  const key = arnKey(arn)
  const resource = ctx.store.connections.get(key) ?? ctx.store.hosts.get(key) ??
    Array.from(ctx.store.repositoryLinks.values()).find((link) => arnKey(link.arn) === key)
  return resource === undefined
    ? Effect.fail(notFound(`Resource ${arn} does not exist.`))
    : Effect.succeed(resource.tags)
}

/** The initial tags of a new resource, checked against the quota. */
export const initialTags = (
  tags: ReadonlyArray<{ readonly Key: string; readonly Value: string }> | undefined,
  ctx: RequestContext
): Effect.Effect<Map<string, string>, ApiError> => {
  const map = new Map((tags ?? []).map((t) => [t.Key, t.Value]))
  return map.size > ctx.options.quotas.tagsPerResource
    ? Effect.fail(limitExceeded(`A resource can have at most ${ctx.options.quotas.tagsPerResource} tags.`))
    : Effect.succeed(map)
}

export const tagList = (tags: ReadonlyMap<string, string>): Array<{ Key: string; Value: string }> =>
  Array.from(tags, ([Key, Value]) => ({ Key, Value }))

export const ListTagsForResource: Handler<CC.ListTagsForResourceInput, CC.ListTagsForResourceOutput> = (input, ctx) =>
  Effect.map(tagsOf(input.ResourceArn, ctx), (tags) => ({ Tags: tagList(tags) }))

export const TagResource: Handler<CC.TagResourceInput, CC.TagResourceOutput> = (input, ctx) =>
  Effect.flatMap(tagsOf(input.ResourceArn, ctx), (tags) => {
    const merged = new Map(tags)
    for (const tag of input.Tags) merged.set(tag.Key, tag.Value)
    if (merged.size > ctx.options.quotas.tagsPerResource) {
      return Effect.fail(limitExceeded(
        `Adding these tags would exceed the limit of ${ctx.options.quotas.tagsPerResource} tags for ${input.ResourceArn}.`
      ))
    }
    for (const tag of input.Tags) tags.set(tag.Key, tag.Value)
    return Effect.succeed({})
  })

export const UntagResource: Handler<CC.UntagResourceInput, CC.UntagResourceOutput> = (input, ctx) =>
  Effect.map(tagsOf(input.ResourceArn, ctx), (tags) => {
    for (const key of input.TagKeys) tags.delete(key)
    return {}
  })
