/**
 * The core of the Effect client for AWS CodeStar Connections and AWS
 * CodeConnections. Each module is also importable on its own
 * (`@effect-codestar/core/CodeStarConnections`, ...), which is what keeps
 * bundles small.
 *
 * @since 0.1.0
 */

/**
 * The `AwsCredentials` module, also importable on its own as `@effect-codestar/core/AwsCredentials`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as AwsCredentials from "./AwsCredentials.js"
/**
 * The `AwsEndpoint` module, also importable on its own as `@effect-codestar/core/AwsEndpoint`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as AwsEndpoint from "./AwsEndpoint.js"
/**
 * The `AwsError` module, also importable on its own as `@effect-codestar/core/AwsError`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as AwsError from "./AwsError.js"
/**
 * The `AwsSigner` module, also importable on its own as `@effect-codestar/core/AwsSigner`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as AwsSigner from "./AwsSigner.js"
/**
 * The `CodeConnections` module, also importable on its own as `@effect-codestar/core/CodeConnections`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as CodeConnections from "./CodeConnections.js"
/**
 * The `CodeStarConnections` module, also importable on its own as `@effect-codestar/core/CodeStarConnections`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as CodeStarConnections from "./CodeStarConnections.js"
/**
 * The `DirectTransport` module, also importable on its own as `@effect-codestar/core/DirectTransport`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as DirectTransport from "./DirectTransport.js"
/**
 * The `Retry` module, also importable on its own as `@effect-codestar/core/Retry`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Retry from "./Retry.js"
/**
 * The `Waiters` module, also importable on its own as `@effect-codestar/core/Waiters`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as Waiters from "./Waiters.js"
