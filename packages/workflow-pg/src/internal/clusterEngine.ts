/**
 * The cluster wired as one of several runners over PostgreSQL: messages and
 * runner registrations in SQL, shards taken with PostgreSQL advisory locks,
 * runners talking to each other over TCP sockets.
 */
import * as ClusterWorkflowEngine from "@effect/cluster/ClusterWorkflowEngine"
import * as RunnerAddress from "@effect/cluster/RunnerAddress"
import * as RunnerHealth from "@effect/cluster/RunnerHealth"
import * as Runners from "@effect/cluster/Runners"
import * as ShardingConfig from "@effect/cluster/ShardingConfig"
import * as SocketRunner from "@effect/cluster/SocketRunner"
import * as SqlMessageStorage from "@effect/cluster/SqlMessageStorage"
import * as SqlRunnerStorage from "@effect/cluster/SqlRunnerStorage"
import { layerClientProtocol, layerSocketServer } from "@effect/platform-node-shared/NodeClusterSocket"
import * as RpcSerialization from "@effect/rpc/RpcSerialization"
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import type { WorkflowEngine } from "@effect/workflow/WorkflowEngine"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"

/** Where a runner is reached by the others, and where it listens. */
export interface Address {
  readonly host: string
  readonly port: number
}

/** What the public options resolve to. */
export interface Settings {
  readonly runner: Address | undefined
  readonly listen: Address | undefined
  readonly pollInterval: Duration.DurationInput
  readonly failover: {
    readonly lockRefreshInterval: Duration.DurationInput
    readonly lockExpiration: Duration.DurationInput
    readonly healthCheckInterval: Duration.DurationInput
    readonly refreshAssignmentsInterval: Duration.DurationInput
  }
  readonly sharding?: Partial<ShardingConfig.ShardingConfig["Type"]> | undefined
}

const address = (a: Address | undefined) =>
  a === undefined ? Option.none() : Option.some(RunnerAddress.make(a.host, a.port))

const shardingConfig = (settings: Settings) =>
  ShardingConfig.layer({
    runnerAddress: address(settings.runner),
    runnerListenAddress: address(settings.listen),
    entityMessagePollInterval: settings.pollInterval,
    shardLockRefreshInterval: settings.failover.lockRefreshInterval,
    shardLockExpiration: settings.failover.lockExpiration,
    runnerHealthCheckInterval: settings.failover.healthCheckInterval,
    refreshAssignmentsInterval: settings.failover.refreshAssignmentsInterval,
    ...settings.sharding
  })

/** The cluster's storage: messages, replies and runners, in `cluster_` tables. */
const storageLayers = Layer.mergeAll(SqlMessageStorage.layer, SqlRunnerStorage.layer)

/** The advisory lock under which one process at a time creates the cluster's tables (any fixed key will do). */
const tablesLockKey = 0x636f6e6e

/**
 * The cluster's tables, created by one process at a time. The storage layers
 * create them when built (`CREATE TABLE IF NOT EXISTS`, and a migrations
 * table), and PostgreSQL lets two such statements for the same new table
 * race, one failing on a catalog index: runners started together on a new
 * database failed to start that way ("Failed to execute statement"). So each
 * process builds the storage once while it holds a session advisory lock on
 * a connection of its own, then releases it; the real layers built after
 * find the tables made.
 */
const tablesCreated = Effect.scoped(Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const connection = yield* sql.reserve
  yield* Effect.acquireRelease(
    connection.executeRaw("SELECT pg_advisory_lock($1)", [tablesLockKey]),
    () => Effect.ignore(connection.executeRaw("SELECT pg_advisory_unlock($1)", [tablesLockKey]))
  )
  yield* Layer.build(storageLayers)
}))

const storage = Layer.unwrapEffect(Effect.as(tablesCreated, storageLayers))

/**
 * A runner that owns shards: it listens for the other runners, pings them to
 * find the dead, and takes the shards a dead runner held once its locks are
 * gone.
 */
export const layerRunner = (settings: Settings): Layer.Layer<WorkflowEngine, unknown, SqlClient.SqlClient> => {
  const health = RunnerHealth.layerPing.pipe(Layer.provide(Runners.layerRpc), Layer.provide(layerClientProtocol))
  const runner = SocketRunner.layer.pipe(
    Layer.provide([layerSocketServer, layerClientProtocol, health]),
    Layer.provideMerge(storage)
  )
  return ClusterWorkflowEngine.layer.pipe(
    Layer.provide(runner),
    Layer.provide(RpcSerialization.layerMsgPack),
    Layer.provide(shardingConfig(settings))
  )
}

/**
 * A client of the cluster that owns no shards: it starts workflows and reads
 * their results, and the runners execute them.
 */
export const layerClient = (settings: Settings): Layer.Layer<WorkflowEngine, unknown, SqlClient.SqlClient> => {
  const client = SocketRunner.layerClientOnly.pipe(
    Layer.provide(layerClientProtocol),
    Layer.provideMerge(storage)
  )
  return ClusterWorkflowEngine.layer.pipe(
    Layer.provide(client),
    Layer.provide(RpcSerialization.layerMsgPack),
    Layer.provide(shardingConfig({ ...settings, runner: undefined, listen: undefined }))
  )
}

/** A PostgreSQL client from a connection URL. */
export const layerPg = (url: Redacted.Redacted<string>) => PgClient.layer({ url })
