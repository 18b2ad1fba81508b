/**
 * A durable engine for the workflows of `@effect-codestar/workflow` on one
 * machine: `@effect/cluster` as a single runner over a SQLite file. It is a
 * package of its own so that the client runtimes never bring the cluster, SQL
 * or a native SQLite module to programs that do not run durable workflows.
 *
 * @since 0.1.0
 */
export * as DurableEngine from "./DurableEngine.js"
