/**
 * Runners started together on a new database: each creates the cluster's
 * tables when it starts, and PostgreSQL lets two `CREATE TABLE IF NOT EXISTS`
 * of the same new table race. The engine serialises that step with an
 * advisory lock; here eight runners start at once on each of three fresh
 * databases, and every one must start.
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as ClusterEngine from "../src/ClusterEngine.js"
import { freePort, startPostgres } from "./fixtures/postgres.js"

const runnersAtOnce = 8

describe("ClusterEngine start-up", () => {
  it.live(
    "runners started together on a new database all start (the tables are created once, under a lock)",
    () =>
      Effect.gen(function*() {
        const pg = yield* startPostgres
        for (let round = 0; round < 3; round++) {
          const database = `startup_${round}`
          yield* Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(`CREATE DATABASE ${database}`)).pipe(
            Effect.provide(PgClient.layer({ url: Redacted.make(pg.url) }))
          )
          const url = pg.url.replace(/\/postgres$/, `/${database}`)
          // The runners of a round stop at its end (its scope), before the next database.
          const exits = yield* Effect.scoped(Effect.forEach(
            Array.from({ length: runnersAtOnce }),
            () =>
              Effect.flatMap(freePort, (port) =>
                Effect.exit(Layer.build(ClusterEngine.layer({ url, runner: { host: "127.0.0.1", port } })))),
            { concurrency: "unbounded" }
          ))
          const failures = exits.filter(Exit.isFailure).map((exit) =>
            String(exit.cause)
          )
          expect(failures).toEqual([])
          // Each runner's tables are there once: a second creation would have failed above.
          const tables = yield* Effect.flatMap(
            SqlClient.SqlClient,
            (sql) =>
              sql<
                { readonly table_name: string }
              >`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'cluster_%' ORDER BY table_name`
          ).pipe(Effect.provide(PgClient.layer({ url: Redacted.make(url) })))
          expect(tables.map((t) => t.table_name)).toEqual(
            expect.arrayContaining(["cluster_messages", "cluster_replies", "cluster_runners"])
          )
        }
      }).pipe(Effect.scoped),
    { timeout: 120_000 }
  )
})
