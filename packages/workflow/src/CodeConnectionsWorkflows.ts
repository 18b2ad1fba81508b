/**
 * The connection workflows for AWS CodeConnections (API 2023-12-01), the renamed twin of CodeStar Connections.
 * Register them with `layer` (which needs a `WorkflowEngine` and the
 * `CodeConnections` client), then run them from anywhere that has the
 * engine:
 *
 * ```ts
 * const connection = yield* CreateConnectionAndAwait.execute({
 *   ConnectionName: "my-github",
 *   ProviderType: "GitHub"
 * })
 * connection.ConnectionStatus // "AVAILABLE"
 * ```
 *
 * See `ConnectionWorkflows` for what they do and how they fail.
 *
 * @since 0.1.0
 */
import {
  CodeConnections,
  LimitExceededException,
  ResourceNotFoundException,
  ResourceUnavailableException
} from "@effect-codestar/core/CodeConnections"
import * as ConnectionWorkflows from "./ConnectionWorkflows.js"

const workflows = ConnectionWorkflows.make({
  name: "CodeConnections",
  tag: CodeConnections,
  errors: { LimitExceededException, ResourceNotFoundException, ResourceUnavailableException }
})

/**
 * Finds or creates a connection by name, then waits until it is `AVAILABLE`. Keyed by the name.
 *
 * @since 0.1.0
 * @category utils
 */
export const CreateConnectionAndAwait = workflows.CreateConnectionAndAwait

/**
 * Waits until an existing connection is `AVAILABLE`. Keyed by the ARN.
 *
 * @since 0.1.0
 * @category utils
 */
export const AwaitConnection = workflows.AwaitConnection

/**
 * Waits until a host (GitHub Enterprise Server, GitLab self-managed) is
 * `AVAILABLE`. Fails with `HostFailed` on a failure state. Keyed by the ARN.
 *
 * @since 0.1.0
 * @category utils
 */
export const AwaitHost = workflows.AwaitHost

/**
 * Waits until the latest sync of a repository branch has `SUCCEEDED` (`SyncFailed` on `FAILED`).
 *
 * @since 0.1.0
 * @category utils
 */
export const AwaitRepositorySync = workflows.AwaitRepositorySync

/**
 * Waits until the latest sync of a resource (a stack) has `SUCCEEDED` (`SyncFailed` on `FAILED`).
 *
 * @since 0.1.0
 * @category utils
 */
export const AwaitResourceSync = workflows.AwaitResourceSync

/**
 * Registers the workflows with the engine; their activities use the `CodeConnections` client.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = workflows.layer
