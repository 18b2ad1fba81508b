/**
 * The payloads and results of the connection workflows and of their
 * activities. A durable engine stores all of them, so each has a schema.
 */
import { ProviderType, SyncConfigurationType } from "@effect-codestar/core/CodeStarConnections"
import * as Schema from "effect/Schema"
import { WaitPolicy } from "../WaitPolicy.js"

/**
 * Input of `CreateConnectionAndAwait`: the members of CreateConnection, the
 * wait policy, and an optional idempotency key (the connection name when
 * absent). Members are checked by the client when the activity calls it, so a
 * bad one fails the run with a typed `AwsRequestError` ("InvalidInput").
 */
export const CreateConnectionPayload = Schema.Struct({
  ConnectionName: Schema.String,
  ProviderType: Schema.optional(ProviderType),
  HostArn: Schema.optional(Schema.String),
  Tags: Schema.optional(Schema.Array(Schema.Struct({ Key: Schema.String, Value: Schema.String }))),
  wait: Schema.optional(WaitPolicy),
  /**
   * How long the service may take to finish a CreateConnection it has
   * received. After an ambiguous failure or a crash, the create step waits
   * until this long after the attempt began, looking for the connection, before
   * it concludes that nothing was created and tries again. Default 60 seconds.
   */
  createGracePeriod: Schema.optional(Schema.Duration),
  idempotencyKey: Schema.optional(Schema.String)
})
export type CreateConnectionPayload = typeof CreateConnectionPayload.Type

/** Input of `AwaitConnection`: the connection, the wait policy, and an optional idempotency key (the ARN when absent). */
export const AwaitConnectionPayload = Schema.Struct({
  ConnectionArn: Schema.String,
  wait: Schema.optional(WaitPolicy),
  idempotencyKey: Schema.optional(Schema.String)
})
export type AwaitConnectionPayload = typeof AwaitConnectionPayload.Type

/** What both workflows return: the connection, known to be `AVAILABLE`. */
export const AvailableConnection = Schema.Struct({
  ConnectionArn: Schema.String,
  ConnectionStatus: Schema.Literal("AVAILABLE"),
  ConnectionName: Schema.optional(Schema.String),
  ProviderType: Schema.optional(Schema.String),
  OwnerAccountId: Schema.optional(Schema.String),
  HostArn: Schema.optional(Schema.String)
})
export type AvailableConnection = typeof AvailableConnection.Type

/** Input of `AwaitHost`: the host, the wait policy, and an optional idempotency key (the ARN when absent). */
export const AwaitHostPayload = Schema.Struct({
  HostArn: Schema.String,
  wait: Schema.optional(WaitPolicy),
  idempotencyKey: Schema.optional(Schema.String)
})
export type AwaitHostPayload = typeof AwaitHostPayload.Type

/** Input of `AwaitRepositorySync`: the repository link, branch and sync type (keyed by them). */
export const AwaitRepositorySyncPayload = Schema.Struct({
  RepositoryLinkId: Schema.String,
  Branch: Schema.String,
  SyncType: SyncConfigurationType,
  wait: Schema.optional(WaitPolicy),
  idempotencyKey: Schema.optional(Schema.String)
})
export type AwaitRepositorySyncPayload = typeof AwaitRepositorySyncPayload.Type

/** Input of `AwaitResourceSync`: the resource (a stack name) and sync type (keyed by them). */
export const AwaitResourceSyncPayload = Schema.Struct({
  ResourceName: Schema.String,
  SyncType: SyncConfigurationType,
  wait: Schema.optional(WaitPolicy),
  idempotencyKey: Schema.optional(Schema.String)
})
export type AwaitResourceSyncPayload = typeof AwaitResourceSyncPayload.Type

/** What the sync waits return: the latest sync, known to have succeeded. */
export const SyncSucceeded = Schema.Struct({ resource: Schema.String, Status: Schema.Literal("SUCCEEDED") })
export type SyncSucceeded = typeof SyncSucceeded.Type

/** The outcome of one poll of a sync status. */
export const SyncObservation = Schema.Union(
  Schema.TaggedStruct("Seen", { status: Schema.String, at: Schema.Number }),
  Schema.TaggedStruct("Unreachable", { reason: Schema.String, at: Schema.Number })
)
export type SyncObservation = typeof SyncObservation.Type

/** A host as one poll saw it. */
export const HostSnapshot = Schema.Struct({
  Name: Schema.optional(Schema.String),
  Status: Schema.optional(Schema.String),
  ProviderType: Schema.optional(Schema.String),
  ProviderEndpoint: Schema.optional(Schema.String)
})
export type HostSnapshot = typeof HostSnapshot.Type

/** What `AwaitHost` returns: the host, known to be `AVAILABLE`. */
export const AvailableHost = Schema.Struct({
  HostArn: Schema.String,
  Status: Schema.Literal("AVAILABLE"),
  Name: Schema.optional(Schema.String),
  ProviderType: Schema.optional(Schema.String),
  ProviderEndpoint: Schema.optional(Schema.String)
})
export type AvailableHost = typeof AvailableHost.Type

/** The outcome of one poll of a host (see `Observation`). */
export const HostObservation = Schema.Union(
  Schema.TaggedStruct("Seen", { host: HostSnapshot, at: Schema.Number }),
  Schema.TaggedStruct("Unreachable", { reason: Schema.String, at: Schema.Number })
)
export type HostObservation = typeof HostObservation.Type

/** A connection as one poll saw it. */
export const ConnectionSnapshot = Schema.Struct({
  ConnectionArn: Schema.optional(Schema.String),
  ConnectionStatus: Schema.optional(Schema.String),
  ConnectionName: Schema.optional(Schema.String),
  ProviderType: Schema.optional(Schema.String),
  OwnerAccountId: Schema.optional(Schema.String),
  HostArn: Schema.optional(Schema.String)
})
export type ConnectionSnapshot = typeof ConnectionSnapshot.Type

/**
 * The outcome of one poll: what it saw, or why it saw nothing (a transient
 * failure that outlasted the activity's own retries). `at` is the time of the
 * poll, recorded so that a replayed run measures its timeout the same way.
 */
export const Observation = Schema.Union(
  Schema.TaggedStruct("Seen", { connection: Schema.optional(ConnectionSnapshot), at: Schema.Number }),
  Schema.TaggedStruct("Unreachable", { reason: Schema.String, at: Schema.Number })
)
export type Observation = typeof Observation.Type

/** When a create attempt began: stored before the request is sent, so that a resumed run knows one may be in flight. */
export const CreateIntent = Schema.Struct({ at: Schema.Number })
export type CreateIntent = typeof CreateIntent.Type

/**
 * The outcome of one create attempt: the connection it made (`Created`), the
 * connection an earlier attempt made and this one found by its tag (`Found`),
 * or, after a failure that proved or showed (once the grace period was over)
 * that nothing was created, `NotCreated`: the workflow tries again.
 */
export const CreateOutcome = Schema.Union(
  Schema.TaggedStruct("Created", { ConnectionArn: Schema.String, at: Schema.Number }),
  Schema.TaggedStruct("Found", { ConnectionArn: Schema.String, at: Schema.Number }),
  Schema.TaggedStruct("NotCreated", { reason: Schema.String, at: Schema.Number })
)
export type CreateOutcome = typeof CreateOutcome.Type

/** What the create step did: the connection, whether it had to create it, and when. */
export const EnsuredConnection = Schema.Struct({
  ConnectionArn: Schema.String,
  created: Schema.Boolean,
  at: Schema.Number
})
export type EnsuredConnection = typeof EnsuredConnection.Type
