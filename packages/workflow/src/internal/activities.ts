/**
 * The two activities of the connection workflows. An activity's result is
 * stored by the engine: a replayed or resumed run gets it back instead of
 * calling the service again.
 */
import * as Activity from "@effect/workflow/Activity"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { ConnectionNameConflict, SyncStatusUnavailable } from "../WorkflowErrors.js"
import {
  type ConnectionSnapshot,
  type CreateConnectionPayload,
  CreateIntent,
  CreateOutcome,
  EnsuredConnection,
  HostObservation,
  Observation,
  SyncObservation
} from "./schemas.js"
import {
  type ClientError,
  clientErrorSchema,
  type ConnectionLike,
  type ConnectionsClient,
  describe,
  isAmbiguous,
  isTransient,
  retryTransient,
  type ServiceDefinition
} from "./service.js"

/** Copies the members that are present, so that the snapshot encodes without `undefined`s. */
export const snapshot = (connection: ConnectionLike): ConnectionSnapshot => ({
  ...(connection.ConnectionArn == null ? {} : { ConnectionArn: connection.ConnectionArn }),
  ...(connection.ConnectionStatus == null ? {} : { ConnectionStatus: connection.ConnectionStatus }),
  ...(connection.ConnectionName == null ? {} : { ConnectionName: connection.ConnectionName }),
  ...(connection.ProviderType == null ? {} : { ProviderType: connection.ProviderType }),
  ...(connection.OwnerAccountId == null ? {} : { OwnerAccountId: connection.OwnerAccountId }),
  ...(connection.HostArn == null ? {} : { HostArn: connection.HostArn })
})

const conflictWith = (payload: CreateConnectionPayload, existing: ConnectionLike, arn: string) => {
  const otherHost = payload.HostArn !== undefined && existing.HostArn !== payload.HostArn
  const otherProvider = payload.ProviderType !== undefined && existing.ProviderType != null &&
    existing.ProviderType !== payload.ProviderType
  if (!otherHost && !otherProvider) return Option.none()
  return Option.some(
    new ConnectionNameConflict({
      connectionName: payload.ConnectionName,
      existingConnectionArn: arn,
      ...(existing.ProviderType == null ? {} : { existingProviderType: existing.ProviderType }),
      ...(existing.HostArn == null ? {} : { existingHostArn: existing.HostArn })
    })
  )
}

/**
 * The tag the create step puts on the connection it creates: the workflow's
 * execution id. It tells the connection this run made from any other of the
 * same name, so that after a crash or an ambiguous failure the step finds its
 * own connection instead of creating a second.
 */
export const executionTagKey = "effect-codestar:workflow-execution"

/** The default of `createGracePeriod`. */
export const defaultCreateGracePeriod = Duration.seconds(60)

/**
 * A create activity that starts later than this after its intent was stored
 * is taken for a re-execution (after a crash): it looks for its connection,
 * within the grace period, before it creates. A first execution comes within
 * milliseconds; a late one only waits longer than it had to.
 */
export const freshIntentMillis = 500

/**
 * Looks up the connection of that name, before any create: an earlier run (or
 * a person) may have made it. A name taken for another provider or host is a
 * `ConnectionNameConflict`.
 */
export const findConnection = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(service: ServiceDefinition<Id, Client, LE, NF, RU>, payload: CreateConnectionPayload) =>
  Activity.make({
    name: "FindConnection",
    success: Schema.Option(EnsuredConnection),
    error: Schema.Union(clientErrorSchema(service.errors), ConnectionNameConflict),
    execute: Effect.gen(function*() {
      const client = yield* service.tag
      const existing = yield* client.listConnectionsItems().pipe(
        Stream.filterMap((connection) =>
          connection.ConnectionName === payload.ConnectionName && connection.ConnectionArn != null
            ? Option.some({ connection, arn: connection.ConnectionArn })
            : Option.none()
        ),
        Stream.runHead
      )
      if (Option.isNone(existing)) return Option.none()
      const { arn, connection } = existing.value
      const conflict = conflictWith(payload, connection, arn)
      if (Option.isSome(conflict)) return yield* conflict.value
      yield* Effect.logInfo(`connection ${payload.ConnectionName} exists already: ${arn}`)
      return Option.some({ ConnectionArn: arn, created: false, at: yield* Clock.currentTimeMillis })
    }).pipe(
      // Reads are safe to repeat: outlast an outage of a minute or two.
      retryTransient(4, "5 seconds"),
      Effect.withSpan("ConnectionWorkflows.FindConnection", { attributes: { connectionName: payload.ConnectionName } })
    )
  })

/** Records that create attempt `attempt` is about to send its request, and when. */
export const createIntent = (attempt: number) =>
  Activity.make({
    name: `CreateIntent/${attempt}`,
    success: CreateIntent,
    execute: Effect.map(Clock.currentTimeMillis, (at) => ({ at }))
  })

/** The connection of that name that carries this execution's tag, if the service has it. */
const lookForOwn = <E>(
  client: ConnectionsClient<E>,
  connectionName: string,
  executionId: string
): Effect.Effect<Option.Option<string>, E> =>
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

/**
 * Looks for this execution's connection now and, if it is not there, again
 * once the grace period after `since` is over: a create the service received
 * by then has finished, so finding nothing then means nothing was created.
 */
const lookWithin = <E>(
  client: ConnectionsClient<E>,
  connectionName: string,
  executionId: string,
  since: number,
  grace: Duration.Duration
) =>
  Effect.gen(function*() {
    const first = yield* lookForOwn(client, connectionName, executionId)
    if (Option.isSome(first)) return first
    const left = since + Duration.toMillis(grace) - (yield* Clock.currentTimeMillis)
    if (left <= 0) return first
    yield* Effect.logInfo(`no connection ${connectionName} from this run yet; looking again in ${left} ms`)
    yield* Effect.sleep(Duration.millis(left))
    return yield* lookForOwn(client, connectionName, executionId)
  })

/**
 * Create attempt number `attempt`, whose intent was stored at `intentAt`. It
 * tags the connection with the execution id. When the activity runs late
 * after its intent (a crash interrupted it: its request may be with the
 * service still), or when the create fails ambiguously (a timeout, a broken
 * connection), it looks for its connection, giving the service the grace
 * period from `intentAt` to finish, before it reports that nothing was
 * created. A failure that proves nothing was done (throttling, a fault
 * answered by the service) is `NotCreated` at once; on the `last` attempt any
 * failure fails the step with its error.
 */
export const createConnection = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(
  service: ServiceDefinition<Id, Client, LE, NF, RU>,
  payload: CreateConnectionPayload,
  options: { readonly executionId: string; readonly attempt: number; readonly intentAt: number; readonly last: boolean }
) =>
  Activity.make({
    name: `CreateConnection/${options.attempt}`,
    success: CreateOutcome,
    error: clientErrorSchema(service.errors),
    execute: Effect.gen(function*() {
      const client = yield* service.tag
      const { attempt, executionId, intentAt, last } = options
      const grace = payload.createGracePeriod ?? defaultCreateGracePeriod
      const found = (arn: string) =>
        Effect.map(Clock.currentTimeMillis, (at): CreateOutcome => ({ _tag: "Found", ConnectionArn: arn, at }))
      if ((yield* Clock.currentTimeMillis) - intentAt > freshIntentMillis) {
        // A re-execution: the first may have sent its request before the process stopped.
        const own = yield* lookWithin(client, payload.ConnectionName, executionId, intentAt, grace)
        if (Option.isSome(own)) {
          yield* Effect.logInfo(
            `found connection ${payload.ConnectionName} created by an earlier attempt: ${own.value}`
          )
          return yield* found(own.value)
        }
      }
      const result = yield* Effect.either(client.createConnection({
        ConnectionName: payload.ConnectionName,
        ...(payload.ProviderType === undefined ? {} : { ProviderType: payload.ProviderType }),
        ...(payload.HostArn === undefined ? {} : { HostArn: payload.HostArn }),
        Tags: [...(payload.Tags ?? []), { Key: executionTagKey, Value: executionId }]
      }))
      if (result._tag === "Right") {
        yield* Effect.logInfo(
          `created connection ${payload.ConnectionName}: ${result.right.ConnectionArn}; it stays PENDING until its handshake is completed in the console`
        )
        return {
          _tag: "Created",
          ConnectionArn: result.right.ConnectionArn,
          at: yield* Clock.currentTimeMillis
        } as const
      }
      const error = result.left
      if (isAmbiguous(error)) {
        const own = yield* lookWithin(client, payload.ConnectionName, executionId, intentAt, grace)
        if (Option.isSome(own)) return yield* found(own.value)
      } else if (!isTransient(error)) {
        return yield* Effect.fail(error)
      }
      if (last) return yield* Effect.fail(error)
      yield* Effect.logWarning(
        `create attempt ${attempt} of ${payload.ConnectionName} made nothing: ${describe(error)}`
      )
      return { _tag: "NotCreated", reason: describe(error), at: yield* Clock.currentTimeMillis } as const
    }).pipe(
      Effect.withSpan("ConnectionWorkflows.CreateConnection", {
        attributes: { connectionName: payload.ConnectionName, attempt: options.attempt }
      })
    )
  })

/**
 * Poll number `poll` of a connection. A transient failure that outlasts the
 * client's retries is recorded as `Unreachable` and the wait goes on; any other
 * failure (the connection was deleted, access was revoked) ends the workflow.
 */
export const pollConnection = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(service: ServiceDefinition<Id, Client, LE, NF, RU>, connectionArn: string, poll: number) =>
  Activity.make({
    name: `GetConnection/${poll}`,
    success: Observation,
    error: clientErrorSchema(service.errors),
    execute: Effect.gen(function*() {
      const client = yield* service.tag
      // The client has retried quick faults already; one that is left is recorded, not retried here.
      const result = yield* Effect.either(client.getConnection({ ConnectionArn: connectionArn }))
      const at = yield* Clock.currentTimeMillis
      if (result._tag === "Left") {
        if (!isTransient(result.left)) return yield* Effect.fail(result.left)
        yield* Effect.logWarning(`poll ${poll} of ${connectionArn} failed, will poll again: ${describe(result.left)}`)
        return Observation.members[1].make({ reason: describe(result.left), at })
      }
      const connection = result.right.Connection
      yield* Effect.logDebug(`poll ${poll} of ${connectionArn}: ${connection?.ConnectionStatus ?? "no status"}`)
      return Observation.members[0].make({ ...(connection == null ? {} : { connection: snapshot(connection) }), at })
    }).pipe(Effect.withSpan("ConnectionWorkflows.GetConnection", { attributes: { connectionArn, poll } }))
  })

/** Poll number `poll` of a host; failures are handled as in `pollConnection`. */
export const pollHost = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(service: ServiceDefinition<Id, Client, LE, NF, RU>, hostArn: string, poll: number) =>
  Activity.make({
    name: `GetHost/${poll}`,
    success: HostObservation,
    error: clientErrorSchema(service.errors),
    execute: Effect.gen(function*() {
      const client = yield* service.tag
      const result = yield* Effect.either(client.getHost({ HostArn: hostArn }))
      const at = yield* Clock.currentTimeMillis
      if (result._tag === "Left") {
        if (!isTransient(result.left)) return yield* Effect.fail(result.left)
        yield* Effect.logWarning(`poll ${poll} of ${hostArn} failed, will poll again: ${describe(result.left)}`)
        return HostObservation.members[1].make({ reason: describe(result.left), at })
      }
      const h = result.right
      return HostObservation.members[0].make({
        host: {
          ...(h.Name == null ? {} : { Name: h.Name }),
          ...(h.Status == null ? {} : { Status: h.Status }),
          ...(h.ProviderType == null ? {} : { ProviderType: h.ProviderType }),
          ...(h.ProviderEndpoint == null ? {} : { ProviderEndpoint: h.ProviderEndpoint })
        },
        at
      })
    }).pipe(Effect.withSpan("ConnectionWorkflows.GetHost", { attributes: { hostArn, poll } }))
  })

/**
 * Poll number `poll` of a sync status, by `call`. A transient failure is
 * recorded as `Unreachable` and the wait goes on; any other failure ends the
 * workflow with `SyncStatusUnavailable`.
 */
export const pollSync = <SE>(
  operation: string,
  resource: string,
  poll: number,
  call: Effect.Effect<{ readonly LatestSync: { readonly Status: string } }, SE>
) =>
  Activity.make({
    name: `${operation}/${poll}`,
    success: SyncObservation,
    error: SyncStatusUnavailable,
    execute: Effect.gen(function*() {
      const result = yield* Effect.either(call)
      const at = yield* Clock.currentTimeMillis
      if (result._tag === "Left") {
        const error = result.left
        if (!isTransient(error)) {
          const tag = Predicate.hasProperty(error, "_tag") && typeof error._tag === "string" ? error._tag : "Error"
          return yield* new SyncStatusUnavailable({ resource, code: tag, detail: describe(error) })
        }
        yield* Effect.logWarning(`poll ${poll} of ${resource} failed, will poll again: ${describe(error)}`)
        return SyncObservation.members[1].make({ reason: describe(error), at })
      }
      return SyncObservation.members[0].make({ status: result.right.LatestSync.Status, at })
    }).pipe(Effect.withSpan(`ConnectionWorkflows.${operation}`, { attributes: { resource, poll } }))
  })
