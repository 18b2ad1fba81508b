/**
 * The Worker the workerd tests run (vitest.workerd.config.ts: `main`): two
 * Workflows made of the sync wait steps of `CloudflareWorkflows`, one per API
 * version, each waiting for a repository branch's sync or a resource's sync.
 * A user's Worker would look the same, with its own parameters.
 */
import { CodeConnections } from "@effect-codestar/core/CodeConnections"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers"
import { NonRetryableError } from "cloudflare:workflows"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as CloudflareWorkflows from "../../src/CloudflareWorkflows.js"
import * as EdgeCodeConnections from "../../src/EdgeCodeConnections.js"
import * as EdgeCodeStarConnections from "../../src/EdgeCodeStarConnections.js"
import type { AwsBindings } from "../../src/EdgeConfig.js"

/** What an instance waits for: a branch's latest sync, or a resource's. */
export type SyncWaitParams =
  | {
    readonly kind: "repository"
    readonly repositoryLinkId: string
    readonly branch: string
    readonly firstIntervalSeconds?: number
    readonly maxWaitSeconds?: number
  }
  | {
    readonly kind: "resource"
    readonly resourceName: string
    readonly firstIntervalSeconds?: number
    readonly maxWaitSeconds?: number
  }

/** The bindings of this Worker. */
export interface SyncWaitEnv extends AwsBindings {
  readonly CODESTAR_SYNC_WAIT: Workflow<SyncWaitParams>
  readonly CODECONNECTIONS_SYNC_WAIT: Workflow<SyncWaitParams>
}

const waitFor = (
  steps: Pick<ReturnType<typeof CloudflareWorkflows.make>, "awaitRepositorySync" | "awaitResourceSync">,
  step: WorkflowStep,
  params: SyncWaitParams
): Promise<CloudflareWorkflows.RepositorySyncSucceeded | CloudflareWorkflows.ResourceSyncSucceeded> => {
  const wait = { firstIntervalSeconds: params.firstIntervalSeconds, maxWaitSeconds: params.maxWaitSeconds }
  return params.kind === "repository"
    ? steps.awaitRepositorySync(step, {
      repositoryLinkId: params.repositoryLinkId,
      branch: params.branch,
      syncType: "CFN_STACK_SYNC",
      wait
    })
    : steps.awaitResourceSync(step, { resourceName: params.resourceName, syncType: "CFN_STACK_SYNC", wait })
}

/**
 * The step that keeps why an instance failed: the local engine's record of
 * the instance says only that a step threw a `NonRetryableError`.
 */
export const failureStep = "record failure"

/** Runs `body`; if it throws, stores the error's message in a step, then throws it on. */
const recordingFailure = async <A>(step: WorkflowStep, body: () => Promise<A>): Promise<A> => {
  try {
    return await body()
  } catch (error) {
    await step.do(failureStep, () => Promise.resolve(error instanceof Error ? error.message : String(error)))
    throw error
  }
}

/** Waits for a sync through the AWS CodeStar Connections API (2019-12-01). */
export class CodeStarSyncWait extends WorkflowEntrypoint<SyncWaitEnv, SyncWaitParams> {
  override async run(event: Readonly<WorkflowEvent<SyncWaitParams>>, step: WorkflowStep) {
    const runtime = ManagedRuntime.make(EdgeCodeStarConnections.layerFromBindings(this.env))
    const steps = CloudflareWorkflows.make(CodeStarConnections, runtime, NonRetryableError)
    return recordingFailure(step, () => waitFor(steps, step, event.payload)).finally(() => runtime.dispose())
  }
}

/** Waits for a sync through the AWS CodeConnections API (2023-12-01). */
export class CodeConnectionsSyncWait extends WorkflowEntrypoint<SyncWaitEnv, SyncWaitParams> {
  override async run(event: Readonly<WorkflowEvent<SyncWaitParams>>, step: WorkflowStep) {
    const runtime = ManagedRuntime.make(EdgeCodeConnections.layerFromBindings(this.env))
    const steps = CloudflareWorkflows.make(CodeConnections, runtime, NonRetryableError)
    return recordingFailure(step, () => waitFor(steps, step, event.payload)).finally(() => runtime.dispose())
  }
}

export default {
  fetch: () => new Response("not found", { status: 404 })
} satisfies ExportedHandler<SyncWaitEnv>
