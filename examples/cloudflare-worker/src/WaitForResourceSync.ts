/**
 * A Cloudflare Workflow that waits until the latest sync of a resource (a
 * CloudFormation stack that a sync configuration keeps in step with a
 * repository branch) has `SUCCEEDED`: the library's `awaitResourceSync` step,
 * on the CodeStar Connections API. Each poll is judged by the core's sync
 * waiter; a `FAILED` sync ends the instance with a `NonRetryableError`
 * ("SyncFailed: ..."), and so does running out of time ("SyncWaitTimedOut: ...").
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as CloudflareWorkflows from "@effect-codestar/runtime-edge/CloudflareWorkflows"
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers"
import { NonRetryableError } from "cloudflare:workflows"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { clientRuntime } from "./client.js"
import type { Env } from "./env.js"

/** The parameters of an instance. */
export const WaitForResourceSyncParams = Schema.Struct({
  resourceName: Schema.String,
  firstIntervalSeconds: Schema.optional(Schema.Number.pipe(Schema.positive())),
  maxWaitSeconds: Schema.optional(Schema.Number.pipe(Schema.positive()))
})
export type WaitForResourceSyncParams = typeof WaitForResourceSyncParams.Encoded

/** Waits until a resource's latest sync has `SUCCEEDED`. Bind it as `WAIT_FOR_RESOURCE_SYNC` (wrangler.jsonc). */
export class WaitForResourceSync extends WorkflowEntrypoint<Env, WaitForResourceSyncParams> {
  override async run(event: Readonly<WorkflowEvent<WaitForResourceSyncParams>>, step: WorkflowStep) {
    const decoded = Schema.decodeUnknownEither(WaitForResourceSyncParams)(event.payload)
    if (Either.isLeft(decoded)) {
      throw new NonRetryableError(`InvalidParams: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`)
    }
    const params = decoded.right
    const steps = CloudflareWorkflows.make(CodeStarConnections, clientRuntime(this.env), NonRetryableError)
    return steps.awaitResourceSync(step, {
      resourceName: params.resourceName,
      syncType: "CFN_STACK_SYNC",
      wait: { firstIntervalSeconds: params.firstIntervalSeconds, maxWaitSeconds: params.maxWaitSeconds }
    })
  }
}
