/**
 * What @effect/cli asks of the platform (`FileSystem`, `Path`, `Terminal`),
 * provided without @effect/platform-node: that package's peers (@effect/cluster,
 * @effect/sql, @effect/rpc) and a native file watcher would come with every
 * `npx` install of a command line that needs none of them.
 *
 * @effect/cli uses the file system only for file-typed options, and the
 * terminal only for prompts and its `--wizard` mode; these commands have no
 * such options, so the file system does nothing and the terminal, which
 * prints, has no input to read (a pipeline has none either).
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Terminal from "@effect/platform/Terminal"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Mailbox from "effect/Mailbox"

const terminal: Terminal.Terminal = {
  columns: Effect.sync(() => process.stdout.columns ?? 80),
  rows: Effect.sync(() => process.stdout.rows ?? 24),
  isTTY: Effect.sync(() => process.stdout.isTTY === true),
  readInput: Effect.flatMap(Mailbox.make<Terminal.UserInput>(), (mailbox) => Effect.as(mailbox.end, mailbox)),
  readLine: Effect.fail(new Terminal.QuitException()),
  display: (text) =>
    Effect.sync(() => {
      process.stdout.write(text)
    })
}

/** The platform services of the command line. */
export const layer: Layer.Layer<FileSystem.FileSystem | Path.Path | Terminal.Terminal> = Layer.mergeAll(
  FileSystem.layerNoop({}),
  Path.layer,
  Layer.succeed(Terminal.Terminal, terminal)
)
