/**
 * The heavy half of DurableEngine, imported only when a layer is built: the
 * cluster wired as one runner that owns every shard, over SQL storage.
 */
import * as ClusterWorkflowEngine from "@effect/cluster/ClusterWorkflowEngine"
import * as RunnerHealth from "@effect/cluster/RunnerHealth"
import * as Runners from "@effect/cluster/Runners"
import * as RunnerStorage from "@effect/cluster/RunnerStorage"
import * as Sharding from "@effect/cluster/Sharding"
import * as ShardingConfig from "@effect/cluster/ShardingConfig"
import * as SqlMessageStorage from "@effect/cluster/SqlMessageStorage"
import type * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import type { WorkflowEngine } from "@effect/workflow/WorkflowEngine"
import * as Layer from "effect/Layer"
import { defaults, type DurableEngineOptions, type EngineOptions } from "../DurableEngine.js"

/**
 * Like `@effect/cluster`'s SingleRunner, but configured only from the
 * options: SingleRunner also reads variables such as `HOST` and `PORT` from
 * the environment, which a program may set for something else.
 */
export const layerSqlClient = (options: EngineOptions): Layer.Layer<WorkflowEngine, never, SqlClient.SqlClient> => {
  const config = ShardingConfig.layer({
    entityMessagePollInterval: options.pollInterval ?? defaults.pollInterval,
    ...options.sharding
  })
  const sharding = Sharding.layer.pipe(
    Layer.provideMerge(Runners.layerNoop),
    Layer.provideMerge(SqlMessageStorage.layer),
    // One runner per database file: shard ownership needs no locks in storage.
    Layer.provide([RunnerStorage.layerMemory, RunnerHealth.layerNoop]),
    Layer.provide(config)
  )
  return ClusterWorkflowEngine.layer.pipe(Layer.provide(sharding))
}

/** The engine on a SQLite file, in WAL mode. */
export const layerSqlite = (options: DurableEngineOptions): Layer.Layer<WorkflowEngine> =>
  layerSqlClient(options).pipe(
    Layer.provide(SqliteClient.layer({ filename: options.filename })),
    Layer.orDie
  )
