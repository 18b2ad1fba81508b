/**
 * The two activities of the connection workflows. An activity's result is
 * stored by the engine: a replayed or resumed run gets it back instead of
 * calling the service again.
 */
import * as Activity from "@effect/workflow/Activity"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { ConnectionNameConflict } from "../WorkflowErrors.js"
import {
  type ConnectionSnapshot,
  type CreateConnectionPayload,
  EnsuredConnection,
  Observation
} from "./schemas.js"
import {
  type ClientError,
  clientErrorSchema,
  type ConnectionLike,
  type ConnectionsClient,
  describe,
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
 * Finds the connection of that name, or creates it. Looking first is what
 * makes the step safe to run again: if the process stopped after AWS created
 * the connection but before the engine stored the result, the next run finds
 * it instead of creating a second one. Transient failures that outlast the
 * client's retries are tried again 4 times over about 75 seconds, then fail
 * the step (and the workflow) with the error.
 */
export const ensureConnection = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(service: ServiceDefinition<Id, Client, LE, NF, RU>, payload: CreateConnectionPayload) =>
  Activity.make({
    name: "EnsureConnection",
    success: EnsuredConnection,
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
      if (Option.isSome(existing)) {
        const { arn, connection } = existing.value
        const conflict = conflictWith(payload, connection, arn)
        if (Option.isSome(conflict)) return yield* conflict.value
        yield* Effect.logInfo(`connection ${payload.ConnectionName} exists already: ${arn}`)
        return { ConnectionArn: arn, created: false, at: yield* Clock.currentTimeMillis }
      }
      const created = yield* client.createConnection({
        ConnectionName: payload.ConnectionName,
        ...(payload.ProviderType === undefined ? {} : { ProviderType: payload.ProviderType }),
        ...(payload.HostArn === undefined ? {} : { HostArn: payload.HostArn }),
        ...(payload.Tags === undefined ? {} : { Tags: payload.Tags })
      })
      yield* Effect.logInfo(
        `created connection ${payload.ConnectionName}: ${created.ConnectionArn}; it stays PENDING until its handshake is completed in the console`
      )
      return { ConnectionArn: created.ConnectionArn, created: true, at: yield* Clock.currentTimeMillis }
    }).pipe(
      // Beyond the client's own quick retries, outlast an outage of a minute or two; each try
      // starts again from the listing, so that a create whose answer was lost is found, not repeated.
      retryTransient(4, "5 seconds"),
      Effect.withSpan("ConnectionWorkflows.EnsureConnection", { attributes: { connectionName: payload.ConnectionName } })
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
