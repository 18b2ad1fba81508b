/**
 * A Cloudflare Workflow that creates a connection and waits, durably, until
 * someone completes its handshake and it is `AVAILABLE`: minutes or days,
 * across deploys and restarts, without holding a request open.
 *
 * The steps are the library's (`@effect-codestar/runtime-edge/CloudflareWorkflows`):
 * a lookup by name, then create attempts that each store their intent and tag
 * the connection with the instance id (so that a re-run finds the connection
 * instead of making a second), then one `step.do` per poll with `step.sleep`s
 * of 10 s, 15 s, 22.5 s, ... up to 10 minutes between them, for at most
 * `maxWaitSeconds` (a day by default).
 *
 * A poll that finds `ERROR` ends the instance with a `NonRetryableError`
 * ("ConnectionFailed: ..."); so does running out of time
 * ("ConnectionWaitTimedOut: ...") and any terminal typed error of a call;
 * throttling and transient faults are left to the steps' retries.
 */
import { CodeStarConnections, ProviderType } from "@effect-codestar/core/CodeStarConnections"
import * as CloudflareWorkflows from "@effect-codestar/runtime-edge/CloudflareWorkflows"
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers"
import { NonRetryableError } from "cloudflare:workflows"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { clientRuntime } from "./client.js"
import type { Env } from "./env.js"

/** The parameters of an instance. */
export const WaitForConnectionParams = Schema.Struct({
  connectionName: Schema.String,
  providerType: ProviderType,
  /** How long to wait for the handshake before giving up. */
  maxWaitSeconds: Schema.optional(Schema.Number.pipe(Schema.positive())),
  /** The first wait between polls (10 s by default); later ones grow by 1.5. */
  firstIntervalSeconds: Schema.optional(Schema.Number.pipe(Schema.positive())),
  /** How long the service may take to finish a create it received (60 s by default). */
  createGracePeriodSeconds: Schema.optional(Schema.Number.pipe(Schema.nonNegative()))
})
export type WaitForConnectionParams = typeof WaitForConnectionParams.Encoded

/** What a completed instance returns. */
export type WaitForConnectionOutput = CloudflareWorkflows.AvailableConnection

/** The step names, for tests and for reading an instance's history. */
export const stepNames = CloudflareWorkflows.stepNames

/** The waits between polls, in milliseconds: from 10 s, by 1.5, up to 10 min, until `maxWait` is used up. */
export const pollDelays = (maxWaitMillis: number): ReadonlyArray<number> =>
  CloudflareWorkflows.pollDelays({ maxWaitSeconds: maxWaitMillis / 1000 })

/** Waits until a new connection is `AVAILABLE`. Bind it as `WAIT_FOR_CONNECTION` (wrangler.jsonc). */
export class WaitForConnection extends WorkflowEntrypoint<Env, WaitForConnectionParams> {
  override async run(
    event: Readonly<WorkflowEvent<WaitForConnectionParams>>,
    step: WorkflowStep
  ): Promise<WaitForConnectionOutput> {
    const params = Schema.decodeUnknownEither(WaitForConnectionParams)(event.payload)
    if (Either.isLeft(params)) {
      throw new NonRetryableError(`InvalidParams: ${ParseResult.TreeFormatter.formatErrorSync(params.left)}`)
    }
    const { connectionName, createGracePeriodSeconds, firstIntervalSeconds, maxWaitSeconds, providerType } =
      params.right
    const steps = CloudflareWorkflows.make(CodeStarConnections, clientRuntime(this.env), NonRetryableError)
    return steps.createAndAwait(step, {
      executionId: event.instanceId,
      connectionName,
      providerType,
      createGracePeriodSeconds,
      wait: { maxWaitSeconds, firstIntervalSeconds }
    })
  }
}
