/**
 * Durable workflows on `@effect/workflow` for AWS CodeStar Connections and
 * AWS CodeConnections: create a connection and wait, for hours if need be,
 * until its handshake is completed. Each module is also importable on its own
 * (`@effect-codestar/workflow/CodeStarConnectionsWorkflows`, ...).
 *
 * @since 0.1.0
 */

/**
 * The `CodeConnectionsWorkflows` module, also importable on its own as `@effect-codestar/workflow/CodeConnectionsWorkflows`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as CodeConnectionsWorkflows from "./CodeConnectionsWorkflows.js"
/**
 * The `CodeStarConnectionsWorkflows` module, also importable on its own as `@effect-codestar/workflow/CodeStarConnectionsWorkflows`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as CodeStarConnectionsWorkflows from "./CodeStarConnectionsWorkflows.js"
/**
 * The `ConnectionWorkflows` module, also importable on its own as `@effect-codestar/workflow/ConnectionWorkflows`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as ConnectionWorkflows from "./ConnectionWorkflows.js"
/**
 * The `WaitPolicy` module, also importable on its own as `@effect-codestar/workflow/WaitPolicy`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as WaitPolicy from "./WaitPolicy.js"
/**
 * The `WorkflowErrors` module, also importable on its own as `@effect-codestar/workflow/WorkflowErrors`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as WorkflowErrors from "./WorkflowErrors.js"
