/**
 * A durable `WorkflowEngine` spread over several processes, on several
 * machines if need be: `@effect/cluster` runners that share one PostgreSQL
 * database. Each workflow execution belongs to one shard; each shard is held
 * by one runner at a time, under a PostgreSQL advisory lock. When a runner
 * dies (a crash, a `SIGKILL`, a lost machine) its database session ends, its
 * locks go with it, and once its heartbeat is overdue the other runners share
 * its shards and resume its workflows where the database says they stopped:
 * completed activities are replayed from storage, not run again.
 *
 * ```ts
 * const Engine = ClusterEngine.layer({
 *   url: Redacted.make(process.env.DATABASE_URL!),
 *   runner: { host: "10.0.0.12", port: 34431 }   // how the other runners reach this one
 * })
 * const Workflows = CodeStarConnectionsWorkflows.layer.pipe(
 *   Layer.provide(NodeCodeStarConnections.layer({ region: "eu-west-1" })),
 *   Layer.provideMerge(Engine)
 * )
 * ```
 *
 * Every runner must register the same workflows (the same layers), since any
 * of them may be handed any execution. A process that only starts workflows
 * and reads their results uses `layerClient`: it holds no shards and runs
 * nothing.
 *
 * For one machine, `@effect-codestar/workflow-sqlite` is lighter.
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
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as internal from "./internal/clusterEngine.js"

/**
 * The engine could not be started.
 *
 * @since 0.1.0
 * @category errors
 */
export class ClusterEngineError extends Schema.TaggedError<ClusterEngineError>()("ClusterEngineError", {
  /**
   * `Storage`: the database could not be reached or prepared. `Network`: the
   * runner could not listen on its address (a port in use, an address that is
   * not this machine's).
   */
  reason: Schema.Literal("Storage", "Network"),
  message: Schema.String
}) {}

/**
 * A host and port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Address {
  readonly host: string
  readonly port: number
}

/**
 * How fast a dead runner's workflows move to the others. A runner renews its
 * locks and heartbeat every `lockRefreshInterval`; one whose heartbeat is
 * older than `lockExpiration` no longer counts, and its shards are handed out
 * at the next assignment (every `refreshAssignmentsInterval`). Runners also
 * ping each other every `healthCheckInterval`, which finds a runner that is
 * unreachable but still writes its heartbeat. So a crashed runner's workflows
 * resume after about `lockExpiration` plus `refreshAssignmentsInterval`.
 * Shorter values fail over sooner and cost more queries.
 *
 * @since 0.1.0
 * @category models
 */
export interface FailoverOptions {
  /** Default 5 seconds. */
  readonly lockRefreshInterval?: Duration.DurationInput | undefined
  /** Default 20 seconds. */
  readonly lockExpiration?: Duration.DurationInput | undefined
  /** Default 10 seconds. */
  readonly healthCheckInterval?: Duration.DurationInput | undefined
  /** Default 3 seconds. */
  readonly refreshAssignmentsInterval?: Duration.DurationInput | undefined
}

/**
 * Options shared by every layer.
 *
 * @since 0.1.0
 * @category models
 */
export interface EngineOptions {
  /**
   * How often a runner looks in the database for timers that are due and for
   * messages it has not seen yet. A durable sleep ends up to this much late.
   * Default 1 second.
   */
  readonly pollInterval?: Duration.DurationInput | undefined
  readonly failover?: FailoverOptions | undefined
  /** Any other `@effect/cluster` sharding setting, for the rare case that needs one. */
  readonly sharding?: Partial<ShardingConfig.ShardingConfig["Type"]> | undefined
}

/**
 * Options of a runner.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunnerOptions extends EngineOptions {
  /** The address at which the other runners reach this one. Unique per runner. */
  readonly runner: Address
  /** Where to listen, when it differs from `runner` (e.g. `0.0.0.0` behind NAT). */
  readonly listen?: Address | undefined
}

/**
 * A PostgreSQL connection URL, `postgres://user:password@host:port/database`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Connection {
  readonly url: string | Redacted.Redacted<string>
}

/**
 * The defaults, as documented on the options.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaults = {
  pollInterval: Duration.seconds(1),
  failover: {
    lockRefreshInterval: Duration.seconds(5),
    lockExpiration: Duration.seconds(20),
    healthCheckInterval: Duration.seconds(10),
    refreshAssignmentsInterval: Duration.seconds(3)
  }
} as const

const settings = (options: EngineOptions & Partial<RunnerOptions>): internal.Settings => ({
  runner: options.runner,
  listen: options.listen,
  pollInterval: options.pollInterval ?? defaults.pollInterval,
  failover: {
    lockRefreshInterval: options.failover?.lockRefreshInterval ?? defaults.failover.lockRefreshInterval,
    lockExpiration: options.failover?.lockExpiration ?? defaults.failover.lockExpiration,
    healthCheckInterval: options.failover?.healthCheckInterval ?? defaults.failover.healthCheckInterval,
    refreshAssignmentsInterval: options.failover?.refreshAssignmentsInterval ??
      defaults.failover.refreshAssignmentsInterval
  },
  sharding: options.sharding
})

const messageOf = (error: unknown): string =>
  error instanceof Error
    ? error.message
    : Predicate.hasProperty(error, "message")
    ? String(error.message)
    : String(error)

const reasonOf = (error: unknown): ClusterEngineError["reason"] =>
  Predicate.isTagged(error, "SocketServerError") ? "Network" : "Storage"

// The cluster's layers report their failures as SQL or socket errors, some as
// defects (a table that cannot be created); all of them mean the engine did not start.
const typed = <A, R>(self: Layer.Layer<A, unknown, R>): Layer.Layer<A, ClusterEngineError, R> =>
  Layer.catchAllCause(self, (cause) => {
    if (Cause.isInterruptedOnly(cause)) return Layer.failCause(Cause.stripFailures(cause))
    const failure = Cause.failureOption(cause)
    const error = Option.isSome(failure) ? failure.value : Cause.squash(cause)
    const cluster = Predicate.isTagged(error, "SocketServerError") && Predicate.hasProperty(error, "cause")
      ? messageOf(error.cause)
      : messageOf(error)
    return Layer.fail(new ClusterEngineError({ reason: reasonOf(error), message: cluster }))
  })

const url = (connection: Connection) =>
  Redacted.isRedacted(connection.url) ? connection.url : Redacted.make(connection.url)

/**
 * A runner of the cluster on the PostgreSQL database at `url`. Its tables are created on first use (`cluster_` prefix).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: RunnerOptions & Connection): Layer.Layer<WorkflowEngine, ClusterEngineError> =>
  typed(internal.layerRunner(settings(options)).pipe(Layer.provide(internal.layerPg(url(options)))))

/**
 * A runner on a PostgreSQL `SqlClient` you provide (`@effect/sql-pg`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSqlClient = (
  options: RunnerOptions
): Layer.Layer<WorkflowEngine, ClusterEngineError, SqlClient.SqlClient> =>
  typed(internal.layerRunner(settings(options)))

/**
 * A client of the cluster: `execute`, `poll`, `resume` and `interrupt` work,
 * and the runners do the work. It holds no shard and listens on no port.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClient = (options: EngineOptions & Connection): Layer.Layer<WorkflowEngine, ClusterEngineError> =>
  typed(internal.layerClient(settings(options)).pipe(Layer.provide(internal.layerPg(url(options)))))
