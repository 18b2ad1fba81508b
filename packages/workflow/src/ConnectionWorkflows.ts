/**
 * Durable workflows that get a connection to `AVAILABLE`: a connection made
 * through the API stays `PENDING` until a person completes its handshake in
 * the console, which may take hours, so the wait must survive restarts.
 *
 * - `CreateConnectionAndAwait` finds or creates a connection by name, then
 *   waits until it is available.
 * - `AwaitConnection` waits for an existing connection, by ARN.
 * - `AwaitHost` waits for a host to be `AVAILABLE`, by ARN.
 * - `AwaitRepositorySync` and `AwaitResourceSync` wait for the latest sync to succeed.
 *
 * Both are made of activities (find-or-create, and one per poll) with durable
 * sleeps between polls that grow by the `WaitPolicy`. Each execution is keyed
 * by the connection name (or ARN), so running the same workflow again, in this
 * process or after a restart, joins the first run instead of creating a second
 * connection. They fail with typed errors: `ConnectionFailed`,
 * `ConnectionWaitTimeout`, `ConnectionNameConflict`, or the error of the call
 * that could not go on (e.g. `LimitExceededException`,
 * `ResourceNotFoundException`, `AccessDeniedException`).
 *
 * This module builds them for any service that fits; the ready-made ones are
 * in `CodeStarConnectionsWorkflows` and `CodeConnectionsWorkflows`.
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"
import type { ClientError, ConnectionsClient, ServiceDefinition } from "./internal/service.js"
import * as internal from "./internal/workflows.js"

export {
  AvailableConnection,
  AvailableHost,
  AwaitConnectionPayload,
  AwaitHostPayload,
  AwaitRepositorySyncPayload,
  AwaitResourceSyncPayload,
  CreateConnectionPayload,
  SyncSucceeded
} from "./internal/schemas.js"
export type {
  ClientError,
  ConnectionLike,
  ConnectionsClient,
  HostLike,
  ModeledErrors,
  ServiceDefinition,
  SyncStatusLike
} from "./internal/service.js"

/** The workflows of one service and the layer that registers them. */
export type ConnectionWorkflows<
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
> = ReturnType<typeof internal.make<Id, Client, LE, NF, RU>>

/**
 * Builds `CreateConnectionAndAwait`, `AwaitConnection`, `AwaitHost`, the sync waits and their `layer` for
 * a service client. The layer needs a `WorkflowEngine` and the client's Tag:
 * activities call the client from the context, so no credentials are kept in
 * the definitions. Workflow names start with `service.name`, so that both
 * services' workflows can share one engine.
 */
export const make = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(service: ServiceDefinition<Id, Client, LE, NF, RU>): ConnectionWorkflows<Id, Client, LE, NF, RU> =>
  internal.make(service)
