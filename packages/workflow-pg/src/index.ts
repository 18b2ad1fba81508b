/**
 * A durable engine for the workflows of `@effect-codestar/workflow` spread
 * over several processes and machines: `@effect/cluster` runners sharing one
 * PostgreSQL database. A package of its own, so that neither the client
 * runtimes nor the single-machine SQLite engine bring a PostgreSQL driver or
 * runner sockets to programs that do not need them.
 *
 * @since 0.1.0
 */

/**
 * The `ClusterEngine` module, also importable on its own as `@effect-codestar/workflow-pg/ClusterEngine`.
 *
 * @since 0.1.0
 * @category modules
 */
export * as ClusterEngine from "./ClusterEngine.js"
