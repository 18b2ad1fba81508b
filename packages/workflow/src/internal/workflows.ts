/**
 * The workflow definitions and their bodies. A body is replayed from the top
 * whenever its run resumes (after a durable sleep, or in a new process), so
 * it decides only from what activities returned: the time of each poll comes
 * from the poll itself, never from the clock of the replaying process.
 */
import * as DurableClock from "@effect/workflow/DurableClock"
import * as Workflow from "@effect/workflow/Workflow"
import { WorkflowInstance } from "@effect/workflow/WorkflowEngine"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { intervalAfter, resolve, type WaitPolicy } from "../WaitPolicy.js"
import {
  ConnectionFailed,
  ConnectionNameConflict,
  ConnectionWaitTimeout,
  HostFailed,
  HostWaitTimeout,
  SyncFailed,
  SyncStatusUnavailable,
  SyncWaitTimeout
} from "../WorkflowErrors.js"
import { createConnection, createIntent, findConnection, pollConnection, pollHost, pollSync } from "./activities.js"
import {
  AvailableConnection,
  AvailableHost,
  AwaitConnectionPayload,
  AwaitHostPayload,
  AwaitRepositorySyncPayload,
  AwaitResourceSyncPayload,
  type ConnectionSnapshot,
  CreateConnectionPayload,
  SyncSucceeded
} from "./schemas.js"
import { type ClientError, clientErrorSchema, type ConnectionsClient, type ServiceDefinition } from "./service.js"

/** Create attempts, each with its intent recorded before it sends, and a durable pause between two. */
const createAttempts = 5
const pauseAfter = (attempt: number) => Duration.seconds(5 * 2 ** (attempt - 1))

/**
 * Finds the connection of that name, or creates it exactly once: each
 * attempt records its intent before it sends, tags the connection with the
 * execution id, and after a crash or an ambiguous failure looks for its own
 * connection (within the grace period) before another attempt creates.
 */
const ensureConnection = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(service: ServiceDefinition<Id, Client, LE, NF, RU>, payload: CreateConnectionPayload) =>
  Effect.gen(function*() {
    const existing = yield* findConnection(service, payload)
    if (Option.isSome(existing)) return existing.value
    const { executionId } = yield* WorkflowInstance
    for (let attempt = 1;; attempt++) {
      const intent = yield* createIntent(attempt)
      const outcome = yield* createConnection(service, payload, {
        executionId,
        attempt,
        intentAt: intent.at,
        last: attempt >= createAttempts
      })
      if (outcome._tag !== "NotCreated") {
        return { ConnectionArn: outcome.ConnectionArn, created: outcome._tag === "Created", at: outcome.at }
      }
      yield* DurableClock.sleep({
        name: `create/${attempt}`,
        duration: pauseAfter(attempt),
        inMemoryThreshold: Duration.zero
      })
    }
  })

const available = (connectionArn: string, seen: ConnectionSnapshot): AvailableConnection => ({
  ...seen,
  ConnectionArn: seen.ConnectionArn ?? connectionArn,
  ConnectionStatus: "AVAILABLE"
})

/**
 * Polls until the connection is `AVAILABLE`, sleeping durably between polls.
 * `startedAt` is when the wait began (the creation), or `undefined` to count
 * from the first poll.
 */
const awaitAvailable = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(
  service: ServiceDefinition<Id, Client, LE, NF, RU>,
  connectionArn: string,
  wait: WaitPolicy | undefined,
  startedAt: number | undefined
) =>
  Effect.gen(function*() {
    const policy = resolve(wait)
    let began = startedAt
    let lastStatus: string | undefined
    for (let poll = 1;; poll++) {
      const observation = yield* pollConnection(service, connectionArn, poll)
      began ??= observation.at
      if (observation._tag === "Seen" && observation.connection !== undefined) {
        lastStatus = observation.connection.ConnectionStatus
        if (lastStatus === "AVAILABLE") return available(connectionArn, observation.connection)
        if (lastStatus === "ERROR") return yield* new ConnectionFailed({ connectionArn, status: lastStatus })
      }
      const waited = Duration.millis(Math.max(0, observation.at - began))
      // Clamped at zero; infinite when the timeout is.
      const left = Duration.subtract(policy.timeout, waited)
      if (Duration.isZero(left)) {
        return yield* new ConnectionWaitTimeout({
          connectionArn,
          waited,
          polls: poll,
          ...(lastStatus === undefined ? {} : { lastStatus })
        })
      }
      yield* DurableClock.sleep({
        name: `poll/${poll}`,
        duration: Duration.min(intervalAfter(policy, poll), left),
        // Every sleep is durable, however short: a stopped process must not lose its place.
        inMemoryThreshold: Duration.zero
      })
    }
  })

/** The failure states of a host: it will not become available by itself. */
const hostFailureStates: ReadonlySet<string> = new Set(["VPC_CONFIG_FAILED_INITIALIZATION", "VPC_CONFIG_DELETING"])

/** Polls a host until it is `AVAILABLE`, as `awaitAvailable` does for a connection. */
const awaitHostAvailable = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(service: ServiceDefinition<Id, Client, LE, NF, RU>, hostArn: string, wait: WaitPolicy | undefined) =>
  Effect.gen(function*() {
    const policy = resolve(wait)
    let began: number | undefined
    let lastStatus: string | undefined
    for (let poll = 1;; poll++) {
      const observation = yield* pollHost(service, hostArn, poll)
      began ??= observation.at
      if (observation._tag === "Seen") {
        lastStatus = observation.host.Status
        if (lastStatus === "AVAILABLE") return { ...observation.host, HostArn: hostArn, Status: "AVAILABLE" } as const
        if (lastStatus !== undefined && hostFailureStates.has(lastStatus)) {
          return yield* new HostFailed({ hostArn, status: lastStatus })
        }
      }
      const waited = Duration.millis(Math.max(0, observation.at - began))
      const left = Duration.subtract(policy.timeout, waited)
      if (Duration.isZero(left)) {
        return yield* new HostWaitTimeout({
          hostArn,
          waited,
          polls: poll,
          ...(lastStatus === undefined ? {} : { lastStatus })
        })
      }
      yield* DurableClock.sleep({
        name: `host-poll/${poll}`,
        duration: Duration.min(intervalAfter(policy, poll), left),
        inMemoryThreshold: Duration.zero
      })
    }
  })

/**
 * Polls a sync status until the latest sync has `SUCCEEDED`; `FAILED` ends
 * the wait with `SyncFailed`. `sleepPrefix` names the durable sleeps.
 */
const awaitSync = <SE>(
  operation: string,
  resource: string,
  call: Effect.Effect<{ readonly LatestSync: { readonly Status: string } }, SE>,
  wait: WaitPolicy | undefined
) =>
  Effect.gen(function*() {
    const policy = resolve(wait)
    let began: number | undefined
    let lastStatus: string | undefined
    for (let poll = 1;; poll++) {
      const observation = yield* pollSync(operation, resource, poll, call)
      began ??= observation.at
      if (observation._tag === "Seen") {
        lastStatus = observation.status
        if (lastStatus === "SUCCEEDED") return { resource, Status: "SUCCEEDED" } as const
        if (lastStatus === "FAILED") return yield* new SyncFailed({ resource, status: lastStatus })
      }
      const waited = Duration.millis(Math.max(0, observation.at - began))
      const left = Duration.subtract(policy.timeout, waited)
      if (Duration.isZero(left)) {
        return yield* new SyncWaitTimeout({
          resource,
          waited,
          polls: poll,
          ...(lastStatus === undefined ? {} : { lastStatus })
        })
      }
      yield* DurableClock.sleep({
        name: `${operation}-poll/${poll}`,
        duration: Duration.min(intervalAfter(policy, poll), left),
        inMemoryThreshold: Duration.zero
      })
    }
  })

/**
 * How often a caller of `execute` looks again at a run that is sleeping. The
 * engine's default grows to 30 seconds, so a caller could learn of an
 * available connection half a minute late; looking every few seconds costs a
 * read of the engine's own storage, not a call to AWS.
 */
const suspendedRetrySchedule = Schedule.exponential(Duration.millis(200), 1.5).pipe(
  Schedule.either(Schedule.spaced(Duration.seconds(3)))
)

/** Builds both workflows for one service, and the layer that registers them with an engine. */
export const make = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(service: ServiceDefinition<Id, Client, LE, NF, RU>) => {
  const serviceErrors = clientErrorSchema(service.errors)

  const CreateConnectionAndAwait = Workflow.make({
    name: `${service.name}/CreateConnectionAndAwait`,
    payload: CreateConnectionPayload,
    success: AvailableConnection,
    error: Schema.Union(serviceErrors, ConnectionFailed, ConnectionWaitTimeout, ConnectionNameConflict),
    suspendedRetrySchedule,
    idempotencyKey: (payload) =>
      payload.idempotencyKey === undefined ? `name:${payload.ConnectionName}` : `key:${payload.idempotencyKey}`
  })

  const AwaitConnection = Workflow.make({
    name: `${service.name}/AwaitConnection`,
    payload: AwaitConnectionPayload,
    success: AvailableConnection,
    error: Schema.Union(serviceErrors, ConnectionFailed, ConnectionWaitTimeout),
    suspendedRetrySchedule,
    idempotencyKey: (payload) =>
      payload.idempotencyKey === undefined ? `arn:${payload.ConnectionArn}` : `key:${payload.idempotencyKey}`
  })

  const AwaitHost = Workflow.make({
    name: `${service.name}/AwaitHost`,
    payload: AwaitHostPayload,
    success: AvailableHost,
    error: Schema.Union(serviceErrors, HostFailed, HostWaitTimeout),
    suspendedRetrySchedule,
    idempotencyKey: (payload) =>
      payload.idempotencyKey === undefined ? `arn:${payload.HostArn}` : `key:${payload.idempotencyKey}`
  })

  const syncErrors = Schema.Union(SyncFailed, SyncWaitTimeout, SyncStatusUnavailable)

  const AwaitRepositorySync = Workflow.make({
    name: `${service.name}/AwaitRepositorySync`,
    payload: AwaitRepositorySyncPayload,
    success: SyncSucceeded,
    error: syncErrors,
    suspendedRetrySchedule,
    idempotencyKey: (p) =>
      p.idempotencyKey === undefined
        ? `repo:${p.RepositoryLinkId}:${p.Branch}:${p.SyncType}`
        : `key:${p.idempotencyKey}`
  })

  const AwaitResourceSync = Workflow.make({
    name: `${service.name}/AwaitResourceSync`,
    payload: AwaitResourceSyncPayload,
    success: SyncSucceeded,
    error: syncErrors,
    suspendedRetrySchedule,
    idempotencyKey: (p) =>
      p.idempotencyKey === undefined ? `resource:${p.ResourceName}:${p.SyncType}` : `key:${p.idempotencyKey}`
  })

  const layer = Layer.mergeAll(
    AwaitRepositorySync.toLayer((p) =>
      Effect.flatMap(service.tag, (client) =>
        awaitSync(
          "GetRepositorySyncStatus",
          `repository sync of ${p.RepositoryLinkId} branch ${p.Branch}`,
          client.getRepositorySyncStatus({
            RepositoryLinkId: p.RepositoryLinkId,
            Branch: p.Branch,
            SyncType: p.SyncType
          }),
          p.wait
        ))
    ),
    AwaitResourceSync.toLayer((p) =>
      Effect.flatMap(service.tag, (client) =>
        awaitSync(
          "GetResourceSyncStatus",
          `resource sync of ${p.ResourceName}`,
          client.getResourceSyncStatus({ ResourceName: p.ResourceName, SyncType: p.SyncType }),
          p.wait
        ))
    ),
    AwaitHost.toLayer((payload) => awaitHostAvailable(service, payload.HostArn, payload.wait)),
    CreateConnectionAndAwait.toLayer((payload) =>
      Effect.gen(function*() {
        const ensured = yield* ensureConnection(service, payload)
        return yield* awaitAvailable(service, ensured.ConnectionArn, payload.wait, ensured.at)
      })
    ),
    AwaitConnection.toLayer((payload) => awaitAvailable(service, payload.ConnectionArn, payload.wait, undefined))
  )

  return { CreateConnectionAndAwait, AwaitConnection, AwaitHost, AwaitRepositorySync, AwaitResourceSync, layer }
}
