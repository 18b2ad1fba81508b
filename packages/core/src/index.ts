/**
 * The core of the Effect client for AWS CodeStar Connections and AWS
 * CodeConnections. Each module is also importable on its own
 * (`@effect-codestar/core/CodeStarConnections`, ...), which is what keeps
 * bundles small.
 *
 * @since 0.1.0
 */
export * as AwsCredentials from "./AwsCredentials.js"
export * as AwsEndpoint from "./AwsEndpoint.js"
export * as AwsError from "./AwsError.js"
export * as AwsSigner from "./AwsSigner.js"
export * as CodeConnections from "./CodeConnections.js"
export * as CodeStarConnections from "./CodeStarConnections.js"
export * as Retry from "./Retry.js"
export * as Waiters from "./Waiters.js"
