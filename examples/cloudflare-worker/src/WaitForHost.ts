/**
 * A Cloudflare Workflow that waits until a host (GitHub Enterprise Server,
 * GitLab self-managed) is `AVAILABLE`, on the AWS CodeConnections API
 * (2023-12-01): the library's steps work with either client. A host in a
 * failure state ends the instance with a `NonRetryableError` ("HostFailed: ...").
 */
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { EdgeCodeConnections } from "@effect-codestar/runtime-edge"
import * as CloudflareWorkflows from "@effect-codestar/runtime-edge/CloudflareWorkflows"
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers"
import { NonRetryableError } from "cloudflare:workflows"
import * as Either from "effect/Either"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Env } from "./env.js"

/** The parameters of an instance. */
export const WaitForHostParams = Schema.Struct({
  hostArn: Schema.String,
  firstIntervalSeconds: Schema.optional(Schema.Number.pipe(Schema.positive())),
  maxWaitSeconds: Schema.optional(Schema.Number.pipe(Schema.positive()))
})
export type WaitForHostParams = typeof WaitForHostParams.Encoded

const runtimes = new WeakMap<Env, ManagedRuntime.ManagedRuntime<CodeConnections, unknown>>()
const runtimeOf = (env: Env) => {
  let runtime = runtimes.get(env)
  if (runtime === undefined) {
    runtime = ManagedRuntime.make(EdgeCodeConnections.layerFromBindings(env))
    runtimes.set(env, runtime)
  }
  return runtime
}

/** Waits until a host is `AVAILABLE`. Bind it as `WAIT_FOR_HOST` (wrangler.jsonc). */
export class WaitForHost extends WorkflowEntrypoint<Env, WaitForHostParams> {
  override async run(event: Readonly<WorkflowEvent<WaitForHostParams>>, step: WorkflowStep) {
    const decoded = Schema.decodeUnknownEither(WaitForHostParams)(event.payload)
    if (Either.isLeft(decoded)) {
      throw new NonRetryableError(`InvalidParams: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`)
    }
    const params = decoded.right
    const steps = CloudflareWorkflows.make(CodeConnections, runtimeOf(this.env), NonRetryableError)
    return steps.awaitHost(step, {
      hostArn: params.hostArn,
      wait: { firstIntervalSeconds: params.firstIntervalSeconds, maxWaitSeconds: params.maxWaitSeconds }
    })
  }
}
