/**
 * A durable `WorkflowEngine` for Node.js: `@effect/cluster` running as a
 * single runner, with its messages, activity results and timers in a SQLite
 * file. A workflow that sleeps for hours survives a restart, or a crash: the
 * next process on the same file picks each execution up where it stopped,
 * without running completed activities again.
 *
 * ```ts
 * const Engine = DurableEngine.layer({ filename: "./workflows.db" })
 * const Workflows = CodeStarConnectionsWorkflows.layer.pipe(
 *   Layer.provide(NodeCodeStarConnections.layer({ region: "eu-west-1" })),
 *   Layer.provideMerge(Engine)
 * )
 * ```
 *
 * One process at a time per database file: the runner takes every shard for
 * itself, without locks. Run the same file from two processes and both would
 * execute the same workflows.
 *
 * @since 0.1.0
 */
import type * as ShardingConfig from "@effect/cluster/ShardingConfig"
import type * as SqlClient from "@effect/sql/SqlClient"
import type { WorkflowEngine } from "@effect/workflow/WorkflowEngine"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as internal from "./internal/durableEngine.js"

/** The durable engine could not be started. */
export class DurableEngineError extends Schema.TaggedError<DurableEngineError>()("DurableEngineError", {
  /** `Storage`: the database could not be opened or prepared. */
  reason: Schema.Literal("Storage"),
  message: Schema.String
}) {}

/** Options shared by both layers. */
export interface EngineOptions {
  /**
   * How often the engine looks in storage for timers that are due and for
   * work left by a stopped process. A durable sleep ends up to this much
   * late. Default 1 second.
   */
  readonly pollInterval?: Duration.DurationInput | undefined
  /** Any other `@effect/cluster` sharding setting, for the rare case that needs one. */
  readonly sharding?: Partial<ShardingConfig.ShardingConfig["Type"]> | undefined
}

/** Options of `layer`. */
export interface DurableEngineOptions extends EngineOptions {
  /** The SQLite database file; created with its tables if missing. Its folder must exist. */
  readonly filename: string
}

/** The defaults, as documented on `EngineOptions`. */
export const defaults = {
  pollInterval: Duration.seconds(1)
} as const

const settings = (options: EngineOptions): internal.Settings => ({
  pollInterval: options.pollInterval ?? defaults.pollInterval,
  sharding: options.sharding
})

// Building the cluster layers reports failures (a file that cannot be opened,
// a corrupt database) as defects; they are what this error is for.
const typed = <A, R>(self: Layer.Layer<A, DurableEngineError, R>): Layer.Layer<A, DurableEngineError, R> =>
  Layer.catchAllCause(self, (cause) => {
    if (Cause.isInterruptedOnly(cause)) return Layer.failCause(cause)
    const failure = Cause.failureOption(cause)
    if (Option.isSome(failure)) return Layer.fail(failure.value)
    const defect = Cause.squash(cause)
    return Layer.fail(
      new DurableEngineError({ reason: "Storage", message: defect instanceof Error ? defect.message : String(defect) })
    )
  })

/** The durable engine on a SQLite file. */
export const layer = (options: DurableEngineOptions): Layer.Layer<WorkflowEngine, DurableEngineError> =>
  typed(internal.layerSqlite(options.filename, settings(options)))

/**
 * The durable engine on a `SqlClient` you provide (PostgreSQL, MySQL, or
 * SQLite opened your way). Its tables are created on first use, named with
 * the `cluster_` prefix.
 */
export const layerSqlClient = (
  options: EngineOptions = {}
): Layer.Layer<WorkflowEngine, DurableEngineError, SqlClient.SqlClient> =>
  typed(internal.layerSqlClient(settings(options)))
