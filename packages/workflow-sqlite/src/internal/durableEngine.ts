/**
 * The cluster wired as one runner that owns every shard, over SQL storage.
 */
import * as ClusterWorkflowEngine from "@effect/cluster/ClusterWorkflowEngine"
import * as RunnerHealth from "@effect/cluster/RunnerHealth"
import * as Runners from "@effect/cluster/Runners"
import * as RunnerStorage from "@effect/cluster/RunnerStorage"
import * as Sharding from "@effect/cluster/Sharding"
import * as ShardingConfig from "@effect/cluster/ShardingConfig"
import * as SqlMessageStorage from "@effect/cluster/SqlMessageStorage"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import type * as SqlClient from "@effect/sql/SqlClient"
import type { WorkflowEngine } from "@effect/workflow/WorkflowEngine"
import type * as Duration from "effect/Duration"
import * as Layer from "effect/Layer"

/** What the public options resolve to. */
export interface Settings {
  readonly pollInterval: Duration.DurationInput
  readonly sharding?: Partial<ShardingConfig.ShardingConfig["Type"]> | undefined
}

/**
 * Like `@effect/cluster`'s SingleRunner, but configured only from the
 * options: SingleRunner also reads variables such as `HOST` and `PORT` from
 * the environment, which a program may set for something else.
 */
export const layerSqlClient = (settings: Settings): Layer.Layer<WorkflowEngine, never, SqlClient.SqlClient> => {
  const config = ShardingConfig.layer({
    entityMessagePollInterval: settings.pollInterval,
    ...settings.sharding
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
export const layerSqlite = (filename: string, settings: Settings): Layer.Layer<WorkflowEngine> =>
  layerSqlClient(settings).pipe(
    Layer.provide(SqliteClient.layer({ filename })),
    Layer.orDie
  )
