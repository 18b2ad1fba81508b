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
  /**
   * A connection the wait ended with: its status narrowed to `AVAILABLE`.
   *
   * @since 0.1.0
   * @category schemas
   */
  AvailableConnection,
  /**
   * A host the wait ended with: its status narrowed to `AVAILABLE`.
   *
   * @since 0.1.0
   * @category schemas
   */
  AvailableHost,
  /**
   * The payload of `AwaitConnection`: which connection to wait for, and how.
   *
   * @since 0.1.0
   * @category schemas
   */
  AwaitConnectionPayload,
  /**
   * The payload of `AwaitHost`: which host to wait for, and how.
   *
   * @since 0.1.0
   * @category schemas
   */
  AwaitHostPayload,
  /**
   * The payload of `AwaitRepositorySync`: which repository branch sync to wait for, and how.
   *
   * @since 0.1.0
   * @category schemas
   */
  AwaitRepositorySyncPayload,
  /**
   * The payload of `AwaitResourceSync`: which resource sync to wait for, and how.
   *
   * @since 0.1.0
   * @category schemas
   */
  AwaitResourceSyncPayload,
  /**
   * The payload of `CreateConnectionAndAwait`: what to create, and how to wait.
   *
   * @since 0.1.0
   * @category schemas
   */
  CreateConnectionPayload,
  /**
   * What a sync wait ends with: the sync attempt that succeeded.
   *
   * @since 0.1.0
   * @category schemas
   */
  SyncSucceeded
} from "./internal/schemas.js"
export type {
  /**
   * Any error a call of either client can fail with.
   *
   * @since 0.1.0
   * @category models
   */
  ClientError,
  /**
   * The members of a connection the workflows read, the same in both API versions.
   *
   * @since 0.1.0
   * @category models
   */
  ConnectionLike,
  /**
   * The methods the workflows call, the same in both API versions.
   *
   * @since 0.1.0
   * @category models
   */
  ConnectionsClient,
  /**
   * The members of a host the workflows read, the same in both API versions.
   *
   * @since 0.1.0
   * @category models
   */
  HostLike,
  /**
   * The modeled errors the workflows tell apart.
   *
   * @since 0.1.0
   * @category models
   */
  ModeledErrors,
  /**
   * What makes a set of workflows for one API version: its client tag and names.
   *
   * @since 0.1.0
   * @category models
   */
  ServiceDefinition,
  /**
   * The members of a sync status the workflows read, the same in both API versions.
   *
   * @since 0.1.0
   * @category models
   */
  SyncStatusLike
} from "./internal/service.js"

/**
 * The workflows of one service and the layer that registers them.
 *
 * @since 0.1.0
 * @category models
 */
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
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <
  Id,
  Client extends ConnectionsClient<ClientError<LE, NF, RU>>,
  LE extends Schema.Schema.AnyNoContext,
  NF extends Schema.Schema.AnyNoContext,
  RU extends Schema.Schema.AnyNoContext
>(service: ServiceDefinition<Id, Client, LE, NF, RU>): ConnectionWorkflows<Id, Client, LE, NF, RU> =>
  internal.make(service)
