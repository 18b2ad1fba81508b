/**
 * A Cloudflare Workflow that creates a connection and waits, durably, until
 * someone completes its handshake and it is `AVAILABLE`: minutes or days,
 * across deploys and restarts, without holding a request open.
 *
 * Each poll is its own `step.do`, so its result is stored and a restarted
 * instance replays instead of calling again; between polls, `step.sleep`
 * waits 10 s, then 15 s, 22.5 s, ... up to 10 minutes, for at most the
 * instance's `maxWaitSeconds` (24 hours by default). The schedule is computed,
 * not drawn at random: code outside steps runs again on every replay and must
 * take the same path each time.
 *
 * A poll that finds `ERROR` throws a `NonRetryableError` ("ConnectionFailed:
 * ...") from its step, which ends the instance; so does running out of time
 * ("ConnectionWaitTimedOut: ..."). Terminal typed errors of a call (the
 * connection was deleted, a quota, bad input or bindings) end it the same way,
 * their message starting with their tag; throttling and transient faults are
 * left to the step's retries (see steps.ts).
 */
import { ProviderType } from "@effect-codestar/core/CodeStarConnections"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from "cloudflare:workers"
import { NonRetryableError } from "cloudflare:workflows"
import { clientRuntime } from "./client.js"
import { ensureConnection, getConnection } from "./connections.js"
import type { Env } from "./env.js"
import { runStep } from "./steps.js"

/** The parameters of an instance. */
export const WaitForConnectionParams = Schema.Struct({
  connectionName: Schema.String,
  providerType: ProviderType,
  /** How long to wait for the handshake before giving up. */
  maxWaitSeconds: Schema.optional(Schema.Number.pipe(Schema.positive()))
})
export type WaitForConnectionParams = typeof WaitForConnectionParams.Encoded

/** What a completed instance returns. */
export interface WaitForConnectionOutput {
  readonly connectionArn: string
  readonly status: "AVAILABLE"
  /** How many polls it took. */
  readonly polls: number
}

/** The step names, for tests and for reading an instance's history. */
export const stepNames = {
  create: "create connection",
  poll: "get connection status",
  sleep: "wait before next poll"
} as const

/** The waits between polls, in milliseconds: from 10 s, by 1.5, up to 10 min, until `maxWait` is used up. */
export const pollDelays = (maxWaitMillis: number): ReadonlyArray<number> => {
  const delays: Array<number> = []
  let total = 0
  for (let delay = 10_000; total + delay <= maxWaitMillis; delay = Math.min(delay * 1.5, 600_000)) {
    delays.push(delay)
    total += delay
  }
  return delays
}

/** Creation is not idempotent on AWS's side (ensureConnection makes it so): few retries, a short timeout. */
const createConfig: WorkflowStepConfig = { retries: { limit: 3, delay: "2 seconds", backoff: "exponential" }, timeout: "1 minute" }
/** A poll is read-only: retried for a while through throttling and outages. */
const pollConfig: WorkflowStepConfig = { retries: { limit: 6, delay: "2 seconds", backoff: "exponential" }, timeout: "1 minute" }

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
    const { connectionName, maxWaitSeconds = 86_400, providerType } = params.right
    const runtime = clientRuntime(this.env)

    const connectionArn = await step.do(
      stepNames.create,
      createConfig,
      () => runStep(runtime, ensureConnection({ connectionName, providerType }))
    )
    const delays = pollDelays(maxWaitSeconds * 1000)
    for (let poll = 0; poll <= delays.length; poll++) {
      const status = await step.do(stepNames.poll, pollConfig, async () => {
        const { status } = await runStep(runtime, getConnection(connectionArn))
        // Thrown from the step, so that the step's record in the instance's history says why it ended.
        if (status === "ERROR") throw new NonRetryableError(`ConnectionFailed: connection ${connectionArn} is in ERROR`)
        return status
      })
      if (status === "AVAILABLE") return { connectionArn, status, polls: poll + 1 }
      const delay = delays[poll]
      if (delay !== undefined) await step.sleep(stepNames.sleep, delay)
    }
    throw new NonRetryableError(`ConnectionWaitTimedOut: connection ${connectionArn} was not AVAILABLE after ${maxWaitSeconds} s`)
  }
}
