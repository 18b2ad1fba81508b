/**
 * Durable workflows on `@effect/workflow` for AWS CodeStar Connections and
 * AWS CodeConnections: create a connection and wait, for hours if need be,
 * until its handshake is completed. Each module is also importable on its own
 * (`@effect-codestar/workflow/CodeStarConnectionsWorkflows`, ...).
 *
 * @since 0.1.0
 */
export * as CodeConnectionsWorkflows from "./CodeConnectionsWorkflows.js"
export * as CodeStarConnectionsWorkflows from "./CodeStarConnectionsWorkflows.js"
export * as ConnectionWorkflows from "./ConnectionWorkflows.js"
export * as WaitPolicy from "./WaitPolicy.js"
export * as WorkflowErrors from "./WorkflowErrors.js"
