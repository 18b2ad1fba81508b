/**
 * Steps for Cloudflare Workflows that create a connection and wait until it
 * is `AVAILABLE`, or wait for an existing connection, a host, or the latest
 * sync of a repository branch or of a resource, for either client (AWS
 * CodeStar Connections or AWS CodeConnections). Call them from your own
 * `WorkflowEntrypoint.run`:
 *
 * ```ts
 * export class WaitForConnection extends WorkflowEntrypoint<Env, Params> {
 *   async run(event: WorkflowEvent<Params>, step: WorkflowStep) {
 *     const steps = CloudflareWorkflows.make(CodeStarConnections, clientRuntime(this.env), NonRetryableError)
 *     return steps.createAndAwait(step, {
 *       executionId: event.instanceId,
 *       connectionName: event.payload.connectionName,
 *       providerType: "GitHub"
 *     })
 *   }
 * }
 * ```
 *
 * Each call to the service is a `step.do` (its result is stored; a restarted
 * instance replays it), and the waits between polls are `step.sleep`s that
 * grow by a fixed schedule (code outside steps runs again on every replay, so
 * it must not draw at random).
 *
 * The sync waits (`awaitRepositorySync`, `awaitResourceSync`) judge each poll
 * with the core's waiters (`Waiters.waitUntilRepositorySyncSucceeded`,
 * `Waiters.waitUntilResourceSyncSucceeded`), run for one poll only: the
 * success and failure states are the core's, and only the sleeps between
 * polls are the Workflow's own. A poll the service throttled counts as a poll
 * that saw nothing (`UNKNOWN`): the next sleep is its backoff.
 *
 * Exactly one connection: the Workflows runtime re-runs a step that did not
 * finish, and CreateConnection has no idempotency token. So each create attempt
 * first stores its intent (a step that records when it began), tags the
 * connection with the instance id, and, when it runs again after its intent
 * (a restart) or its call failed ambiguously (a timeout, a broken connection:
 * the client does not repeat a create after those), looks for the connection
 * carrying its tag for up to `createGracePeriodSeconds` (60) after the intent
 * before it concludes that nothing was created. Only then does the next
 * attempt create.
 *
 * Failures: a step throws the error the caller gave as `nonRetryable` (pass
 * `NonRetryableError` from `cloudflare:workflows`) for what a retry cannot fix
 * (`ConnectionFailed`, `ConnectionWaitTimedOut`, `HostFailed`,
 * `HostWaitTimedOut`, `SyncFailed`, `SyncWaitTimedOut`, a deleted connection,
 * a missing sync, a quota, bad input or bindings), its message starting with
 * the tag; throttling and transient faults are plain errors, left to the
 * step's retries.
 *
 * @since 0.1.0
 */
import { AwsRequestError, AwsServiceError } from "@effect-codestar/core/AwsError"
import type {
  CreateConnectionInput,
  ProviderType,
  SyncConfigurationType
} from "@effect-codestar/core/CodeStarConnections"
import * as Retry from "@effect-codestar/core/Retry"
import * as Waiters from "@effect-codestar/core/Waiters"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"

/**
 * Any failure of a client call: every one has a tag.
 *
 * @since 0.1.0
 * @category models
 */
export interface Tagged {
  readonly _tag: string
}

/**
 * The calls the steps make; both service clients have them.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConnectionsClient {
  readonly createConnection: (input: CreateConnectionInput) => Effect.Effect<{ readonly ConnectionArn: string }, Tagged>
  readonly getConnection: (input: { readonly ConnectionArn: string }) => Effect.Effect<
    { readonly Connection?: { readonly ConnectionStatus?: string | undefined } | undefined },
    Tagged
  >
  readonly listConnectionsItems: () => Stream.Stream<
    { readonly ConnectionName?: string | undefined; readonly ConnectionArn?: string | undefined },
    Tagged
  >
  readonly getHost: (input: { readonly HostArn: string }) => Effect.Effect<
    { readonly Status?: string | undefined },
    Tagged
  >
  readonly listTagsForResource: (input: { readonly ResourceArn: string }) => Effect.Effect<
    { readonly Tags?: ReadonlyArray<{ readonly Key: string; readonly Value: string }> | undefined },
    Tagged
  >
  readonly getRepositorySyncStatus: (input: {
    readonly RepositoryLinkId: string
    readonly Branch: string
    readonly SyncType: SyncConfigurationType
  }) => Effect.Effect<{ readonly LatestSync: { readonly Status: string } }, Tagged>
  readonly getResourceSyncStatus: (input: {
    readonly ResourceName: string
    readonly SyncType: SyncConfigurationType
  }) => Effect.Effect<{ readonly LatestSync: { readonly Status: string } }, Tagged>
}

/**
 * A step's settings, as `step.do` takes them.
 *
 * @since 0.1.0
 * @category models
 */
export interface StepConfig {
  readonly retries?: {
    readonly limit: number
    readonly delay: string | number
    readonly backoff?: "constant" | "linear" | "exponential"
  }
  readonly timeout?: string | number
}

/**
 * What a step stores: plain data.
 *
 * @since 0.1.0
 * @category models
 */
export type StepValue = string | number | null

/**
 * The part of Cloudflare's `WorkflowStep` the steps use.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkflowStepLike {
  do(name: string, config: StepConfig, callback: () => Promise<StepValue>): Promise<StepValue>
  sleep(name: string, duration: number): Promise<void>
}

/**
 * How the waits go: all in seconds, computed, never drawn at random.
 *
 * @since 0.1.0
 * @category models
 */
export interface WaitOptions {
  /** The wait after the first poll. Default 10. */
  readonly firstIntervalSeconds?: number | undefined
  /** Each wait is the previous one times this. Default 1.5. */
  readonly backoffFactor?: number | undefined
  /** The longest wait. Default 600. */
  readonly maxIntervalSeconds?: number | undefined
  /** Give up after waiting this long. Default 86,400 (a day). */
  readonly maxWaitSeconds?: number | undefined
}

/**
 * What `awaitConnection` and `createAndAwait` return.
 *
 * @since 0.1.0
 * @category models
 */
export interface AvailableConnection {
  readonly connectionArn: string
  readonly status: "AVAILABLE"
  /** How many polls it took. */
  readonly polls: number
}

/**
 * What `awaitHost` returns.
 *
 * @since 0.1.0
 * @category models
 */
export interface AvailableHost {
  readonly hostArn: string
  readonly status: "AVAILABLE"
  readonly polls: number
}

/**
 * What `awaitRepositorySync` returns: the latest sync of the branch succeeded.
 *
 * @since 0.1.0
 * @category models
 */
export interface RepositorySyncSucceeded {
  readonly repositoryLinkId: string
  readonly branch: string
  readonly syncType: SyncConfigurationType
  readonly status: "SUCCEEDED"
  readonly polls: number
}

/**
 * What `awaitResourceSync` returns: the latest sync of the resource succeeded.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResourceSyncSucceeded {
  readonly resourceName: string
  readonly syncType: SyncConfigurationType
  readonly status: "SUCCEEDED"
  readonly polls: number
}

/**
 * The failure states of a host: it will not become available by itself.
 *
 * @since 0.1.0
 * @category utils
 */
export const hostFailureStates: ReadonlySet<string> = new Set([
  "VPC_CONFIG_FAILED_INITIALIZATION",
  "VPC_CONFIG_DELETING"
])

/**
 * The step names, for reading an instance's history and for tests.
 *
 * @since 0.1.0
 * @category utils
 */
export const stepNames = {
  find: "find connection",
  intent: (attempt: number) => `create intent ${attempt}`,
  create: (attempt: number) => `create connection ${attempt}`,
  pause: (attempt: number) => `pause before create ${attempt + 1}`,
  poll: "get connection status",
  hostPoll: "get host status",
  repositorySyncPoll: "get repository sync status",
  resourceSyncPoll: "get resource sync status",
  sleep: "wait before next poll"
} as const

/**
 * The tag the create step puts on the connection it makes; its value is the instance id.
 *
 * @since 0.1.0
 * @category utils
 */
export const executionTagKey = "effect-codestar:workflow-execution"

/**
 * A create step that starts later than this after its intent was stored is taken for a re-run.
 *
 * @since 0.1.0
 * @category utils
 */
export const freshIntentMillis = 500

/**
 * The waits between polls, in milliseconds, until `maxWaitSeconds` is used up.
 *
 * @since 0.1.0
 * @category utils
 */
export const pollDelays = (options: WaitOptions = {}): ReadonlyArray<number> => {
  const first = (options.firstIntervalSeconds ?? 10) * 1000
  const factor = Math.max(1, options.backoffFactor ?? 1.5)
  const max = (options.maxIntervalSeconds ?? 600) * 1000
  const total = (options.maxWaitSeconds ?? 86_400) * 1000
  const delays: Array<number> = []
  let used = 0
  for (let delay = Math.min(first, max); used + delay <= total; delay = Math.min(delay * factor, max)) {
    delays.push(delay)
    used += delay
  }
  return delays
}

const messageOf = (error: object): string => {
  if ("Message" in error && typeof error.Message === "string") return error.Message
  if ("message" in error && typeof error.message === "string" && error.message !== "") return error.message
  return "no message"
}

const factsOf = (error: Tagged): Retry.FailureFacts => {
  if (error instanceof AwsRequestError) return { reason: error.reason, status: error.status, message: error.message }
  if (error instanceof AwsServiceError) return { code: error.code, status: error.status, message: error.message }
  return { code: error._tag, message: messageOf(error) }
}

/**
 * The core waiter's options for a single poll: the schedule stops after the
 * first answer, so a poll that did not end the wait gives `WaiterTimeout`
 * with what it saw, and a throttled poll does not sleep inside the step.
 */
const onePoll = { schedule: Schedule.stop, minDelay: 0 } as const

/** What one poll of a sync saw, judged by the core waiter. */
type SyncJudgement =
  | { readonly _tag: "Succeeded"; readonly status: "SUCCEEDED" }
  | { readonly _tag: "Failed"; readonly status: string }
  | { readonly _tag: "Pending"; readonly status: string }

const judgeOnePoll = <E>(
  waited: Effect.Effect<{ readonly Status: "SUCCEEDED" }, E | Waiters.WaiterTimeout | Waiters.WaiterFailureState>
): Effect.Effect<SyncJudgement, E> =>
  Effect.catchAll(
    Effect.map(waited, (sync): SyncJudgement => ({ _tag: "Succeeded", status: sync.Status })),
    (error) =>
      error instanceof Waiters.WaiterTimeout
        ? Effect.succeed<SyncJudgement>({ _tag: "Pending", status: error.lastStatus ?? "UNKNOWN" })
        : error instanceof Waiters.WaiterFailureState
        ? Effect.succeed<SyncJudgement>({ _tag: "Failed", status: error.status })
        : Effect.fail(error)
  )

const isTaggedValue = (u: unknown): u is Tagged =>
  typeof u === "object" && u !== null && "_tag" in u && typeof u._tag === "string"

/**
 * True when a later attempt of the same call may succeed.
 *
 * @since 0.1.0
 * @category classification
 */
export const isRetryable = (error: Tagged): boolean => Retry.classify(factsOf(error)) !== "terminal"

/**
 * True when the service may have processed the call although it failed.
 *
 * @since 0.1.0
 * @category classification
 */
export const isAmbiguous = (error: Tagged): boolean =>
  error instanceof AwsRequestError && (error.reason === "Timeout" || error.reason === "Transport")

/**
 * Builds the steps for one service client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <Id, Client extends ConnectionsClient, RE>(
  tag: Context.Tag<Id, Client>,
  runtime: ManagedRuntime.ManagedRuntime<Id, RE>,
  nonRetryable: new(message: string) => Error
) => {
  const stepError = (error: Tagged): Error => {
    const message = `${error._tag}: ${messageOf(error)}`
    return isRetryable(error) ? new Error(message) : new nonRetryable(message)
  }
  const run = async <A>(effect: Effect.Effect<A, Tagged, Id>): Promise<A> => {
    const exit = await runtime.runPromiseExit(effect)
    if (Exit.isSuccess(exit)) return exit.value
    throw Option.match(Cause.failureOption(exit.cause), {
      onSome: (e: Tagged | RE) =>
        ConfigError.isConfigError(e)
          ? new nonRetryable(`ConfigError: the Worker's AWS bindings are invalid: ${String(e)}`)
          : isTaggedValue(e)
          ? stepError(e)
          : new Error(String(e)),
      onNone: () => new Error(`the step stopped unexpectedly: ${Cause.pretty(exit.cause)}`)
    })
  }

  const lookForOwn = (client: Client, connectionName: string, executionId: string) =>
    client.listConnectionsItems().pipe(
      Stream.filterMap((c) =>
        c.ConnectionName === connectionName && c.ConnectionArn != null ? Option.some(c.ConnectionArn) : Option.none()
      ),
      Stream.filterEffect((arn) =>
        Effect.map(
          client.listTagsForResource({ ResourceArn: arn }),
          (out) => (out.Tags ?? []).some((t) => t.Key === executionTagKey && t.Value === executionId)
        )
      ),
      Stream.runHead
    )

  const lookWithin = (client: Client, connectionName: string, executionId: string, deadline: number) =>
    Effect.gen(function*() {
      const first = yield* lookForOwn(client, connectionName, executionId)
      const left = deadline - Date.now()
      if (Option.isSome(first) || left <= 0) return first
      yield* Effect.sleep(left)
      return yield* lookForOwn(client, connectionName, executionId)
    })

  const stringOf = (value: StepValue, what: string): string => {
    if (typeof value !== "string") throw new nonRetryable(`InternalError: ${what} stored ${JSON.stringify(value)}`)
    return value
  }
  const numberOf = (value: StepValue, what: string): number => {
    if (typeof value !== "number") throw new nonRetryable(`InternalError: ${what} stored ${JSON.stringify(value)}`)
    return value
  }

  const pollConfig: StepConfig = {
    retries: { limit: 6, delay: "2 seconds", backoff: "exponential" },
    timeout: "1 minute"
  }

  /** Polls until the connection is `AVAILABLE`, with `step.sleep`s between polls. */
  const awaitConnection = async (
    step: WorkflowStepLike,
    params: { readonly connectionArn: string; readonly wait?: WaitOptions | undefined }
  ): Promise<AvailableConnection> => {
    const { connectionArn } = params
    const delays = pollDelays(params.wait)
    for (let poll = 0; poll <= delays.length; poll++) {
      const status = stringOf(
        await step.do(stepNames.poll, pollConfig, async () => {
          const output = await run(
            Effect.flatMap(tag, (client) => client.getConnection({ ConnectionArn: connectionArn }))
          )
          const seen = output.Connection?.ConnectionStatus ?? "UNKNOWN"
          // Thrown from the step, so that the step's record says why the instance ended.
          if (seen === "ERROR") throw new nonRetryable(`ConnectionFailed: connection ${connectionArn} is in ERROR`)
          return seen
        }),
        stepNames.poll
      )
      if (status === "AVAILABLE") return { connectionArn, status, polls: poll + 1 }
      const delay = delays[poll]
      if (delay !== undefined) await step.sleep(stepNames.sleep, delay)
    }
    throw new nonRetryable(`ConnectionWaitTimedOut: connection ${connectionArn} was not AVAILABLE in time`)
  }

  /** Polls until the host is `AVAILABLE`; a failure state ends the instance (`HostFailed`). */
  const awaitHost = async (
    step: WorkflowStepLike,
    params: { readonly hostArn: string; readonly wait?: WaitOptions | undefined }
  ): Promise<AvailableHost> => {
    const { hostArn } = params
    const delays = pollDelays(params.wait)
    for (let poll = 0; poll <= delays.length; poll++) {
      const status = stringOf(
        await step.do(stepNames.hostPoll, pollConfig, async () => {
          const output = await run(Effect.flatMap(tag, (client) => client.getHost({ HostArn: hostArn })))
          const seen = output.Status ?? "UNKNOWN"
          if (hostFailureStates.has(seen)) throw new nonRetryable(`HostFailed: host ${hostArn} is in ${seen}`)
          return seen
        }),
        stepNames.hostPoll
      )
      if (status === "AVAILABLE") return { hostArn, status, polls: poll + 1 }
      const delay = delays[poll]
      if (delay !== undefined) await step.sleep(stepNames.sleep, delay)
    }
    throw new nonRetryable(`HostWaitTimedOut: host ${hostArn} was not AVAILABLE in time`)
  }

  /**
   * Polls a sync, one `step.do` per poll judged by the core waiter, with
   * `step.sleep`s between; a failed sync ends the instance (`SyncFailed`).
   */
  const awaitSync = async (
    step: WorkflowStepLike,
    params: {
      readonly stepName: string
      readonly resource: string
      readonly poll: Effect.Effect<SyncJudgement, Tagged, Id>
      readonly wait: WaitOptions | undefined
    }
  ): Promise<number> => {
    const delays = pollDelays(params.wait)
    for (let poll = 0; poll <= delays.length; poll++) {
      const status = stringOf(
        await step.do(params.stepName, pollConfig, async () => {
          const seen = await run(params.poll)
          if (seen._tag === "Failed") throw new nonRetryable(`SyncFailed: ${params.resource} is in ${seen.status}`)
          return seen.status
        }),
        params.stepName
      )
      if (status === "SUCCEEDED") return poll + 1
      const delay = delays[poll]
      if (delay !== undefined) await step.sleep(stepNames.sleep, delay)
    }
    throw new nonRetryable(`SyncWaitTimedOut: ${params.resource} had not SUCCEEDED in time`)
  }

  /**
   * Polls until the latest sync of a repository branch has `SUCCEEDED`; a
   * `FAILED` sync ends the instance (`SyncFailed`).
   */
  const awaitRepositorySync = async (
    step: WorkflowStepLike,
    params: {
      readonly repositoryLinkId: string
      readonly branch: string
      readonly syncType: SyncConfigurationType
      readonly wait?: WaitOptions | undefined
    }
  ): Promise<RepositorySyncSucceeded> => {
    const { branch, repositoryLinkId, syncType } = params
    const polls = await awaitSync(step, {
      stepName: stepNames.repositorySyncPoll,
      resource: `repository sync of ${repositoryLinkId} branch ${branch}`,
      poll: Effect.flatMap(tag, (client) =>
        judgeOnePoll(
          Waiters.waitUntilRepositorySyncSucceeded(
            client,
            { RepositoryLinkId: repositoryLinkId, Branch: branch, SyncType: syncType },
            onePoll
          )
        )),
      wait: params.wait
    })
    return { repositoryLinkId, branch, syncType, status: "SUCCEEDED", polls }
  }

  /**
   * Polls until the latest sync of a resource (a stack) has `SUCCEEDED`; a
   * `FAILED` sync ends the instance (`SyncFailed`).
   */
  const awaitResourceSync = async (
    step: WorkflowStepLike,
    params: {
      readonly resourceName: string
      readonly syncType: SyncConfigurationType
      readonly wait?: WaitOptions | undefined
    }
  ): Promise<ResourceSyncSucceeded> => {
    const { resourceName, syncType } = params
    const polls = await awaitSync(step, {
      stepName: stepNames.resourceSyncPoll,
      resource: `resource sync of ${resourceName}`,
      poll: Effect.flatMap(tag, (client) =>
        judgeOnePoll(
          Waiters.waitUntilResourceSyncSucceeded(client, { ResourceName: resourceName, SyncType: syncType }, onePoll)
        )),
      wait: params.wait
    })
    return { resourceName, syncType, status: "SUCCEEDED", polls }
  }

  /**
   * Finds the connection of that name or creates it, exactly once (see the
   * module's notes), then waits until it is `AVAILABLE`. `executionId` is the
   * instance id (`event.instanceId`): it tags the connection.
   */
  const createAndAwait = async (
    step: WorkflowStepLike,
    params: {
      readonly executionId: string
      readonly connectionName: string
      readonly providerType?: ProviderType | undefined
      readonly hostArn?: string | undefined
      readonly tags?: ReadonlyArray<{ readonly Key: string; readonly Value: string }> | undefined
      readonly wait?: WaitOptions | undefined
      /** How long the service may take to finish a create it received. Default 60. */
      readonly createGracePeriodSeconds?: number | undefined
      /** Create attempts in all. Default 5. */
      readonly createAttempts?: number | undefined
    }
  ): Promise<AvailableConnection> => {
    const { connectionName, executionId } = params
    const graceMs = (params.createGracePeriodSeconds ?? 60) * 1000
    const attempts = params.createAttempts ?? 5
    const found = await step.do(
      stepNames.find,
      pollConfig,
      () =>
        run(Effect.flatMap(tag, (client) =>
          client.listConnectionsItems().pipe(
            Stream.filterMap((c) =>
              c.ConnectionName === connectionName && c.ConnectionArn != null
                ? Option.some(c.ConnectionArn)
                : Option.none()
            ),
            Stream.runHead,
            Effect.map(Option.getOrNull)
          )))
    )
    let connectionArn = found === null ? undefined : stringOf(found, stepNames.find)
    for (let attempt = 1; connectionArn === undefined; attempt++) {
      const intentAt = numberOf(
        await step.do(stepNames.intent(attempt), {}, () => Promise.resolve(Date.now())),
        "intent"
      )
      const last = attempt >= attempts
      // No retries of its own: a re-run after a failure is decided here, with the grace period.
      const outcome = await step.do(
        stepNames.create(attempt),
        { retries: { limit: 0, delay: 0 }, timeout: `${Math.ceil(graceMs / 1000) + 60} seconds` },
        () =>
          run(Effect.gen(function*() {
            const client = yield* tag
            if (Date.now() - intentAt > freshIntentMillis) {
              const own = yield* lookWithin(client, connectionName, executionId, intentAt + graceMs)
              if (Option.isSome(own)) return own.value
            }
            const result = yield* Effect.either(client.createConnection({
              ConnectionName: connectionName,
              ...(params.providerType === undefined ? {} : { ProviderType: params.providerType }),
              ...(params.hostArn === undefined ? {} : { HostArn: params.hostArn }),
              Tags: [...(params.tags ?? []), { Key: executionTagKey, Value: executionId }]
            }))
            if (result._tag === "Right") return result.right.ConnectionArn
            const error = result.left
            if (isAmbiguous(error)) {
              const own = yield* lookWithin(client, connectionName, executionId, intentAt + graceMs)
              if (Option.isSome(own)) return own.value
            } else if (!isRetryable(error)) {
              return yield* Effect.fail(error)
            }
            if (last) return yield* Effect.fail(error)
            return null
          }))
      )
      if (outcome !== null) connectionArn = stringOf(outcome, "create")
      else await step.sleep(stepNames.pause(attempt), 5_000 * 2 ** (attempt - 1))
    }
    return awaitConnection(step, { connectionArn, wait: params.wait })
  }

  return { createAndAwait, awaitConnection, awaitHost, awaitRepositorySync, awaitResourceSync } as const
}
