/**
 * The command line as a function of the arguments: `run(api, argv)` parses,
 * runs the command, prints results on stdout and a failure's one-line reason
 * on stderr, and returns the exit code (see `ExitCode`). `main` is what the
 * bins call.
 *
 * @since 0.1.0
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { readFileSync } from "node:fs"
import * as ExitCode from "./ExitCode.js"
import type { Api } from "./internal/api.js"
import * as Environment from "./internal/environment.js"
import { operationCommands } from "./internal/operations.js"
import { waitCommands } from "./internal/wait.js"

export type {
  /**
   * One API version as the command line sees it: its client layer, its
   * command table and its waiters (`CodeStarConnections.api`, `CodeConnections.api`).
   *
   * @since 0.1.0
   * @category models
   */
  Api
} from "./internal/api.js"

/** The package version, read once from package.json (one folder up from both src/ and dist/). */
const version = (() => {
  try {
    const parsed: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    return typeof parsed === "object" && parsed !== null && "version" in parsed && typeof parsed.version === "string"
      ? parsed.version
      : "0.0.0"
  } catch {
    return "0.0.0"
  }
})()

const footer = HelpDoc.blocks([
  HelpDoc.h1("EXIT CODES"),
  HelpDoc.p(
    "0 success (state reached, call succeeded); 1 failure state (ERROR, FAILED); 2 timed out; 3 not found; " +
      "252 usage (bad command, flag or value; nothing sent); 253 credentials or configuration; " +
      "254 other service error; 255 service unreachable or unexpected failure; 130 interrupted"
  )
])

/**
 * The root command of an API version: `wait ...` and one command per operation.
 *
 * @since 0.1.0
 * @category utils
 */
export const command = <Svc>(api: Api<Svc>) =>
  Command.make(api.bin).pipe(
    Command.withDescription(`${api.title}: wait for resources, and call every operation`),
    Command.withSubcommands([waitCommands(api), ...operationCommands(api)])
  )

/**
 * Runs the command line on `argv` (as `process.argv`: runtime and script
 * first) and returns its exit code. Only expected outcomes are handled here;
 * a defect is reported with its cause and exit code 255.
 *
 * @since 0.1.0
 * @category utils
 */
export const run = <Svc>(
  api: Api<Svc>,
  argv: ReadonlyArray<string>
): Effect.Effect<number, never, CliApp.CliApp.Environment> =>
  Command.run(command(api), { name: api.bin, version, footer })(argv).pipe(
    Effect.as(ExitCode.Success),
    // @effect/cli has already printed what was wrong with the command line.
    Effect.catchIf(ValidationError.isValidationError, () => Effect.succeed(ExitCode.Usage)),
    Effect.catchAll((failure) => Effect.as(Console.error(`${api.bin}: ${failure.reason}`), failure.exitCode)),
    Effect.catchAllDefect((defect) =>
      Effect.as(Console.error(`${api.bin}: unexpected failure: ${Cause.pretty(Cause.die(defect))}`), ExitCode.Other)
    )
  )

/**
 * Runs the command line on `process.argv` and exits with its code. Ctrl-C or
 * SIGTERM interrupts the command (a wait clears its live line) and exits
 * with 130. A non-zero code ends the process at once, so that nothing left
 * open (a keep-alive socket) can hold a failed pipeline step.
 *
 * @since 0.1.0
 * @category utils
 */
export const main = <Svc>(api: Api<Svc>): void => {
  // The fiber may wait on nothing Node counts as pending work; this keeps the process alive until it ends.
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1)
  const fiber = Effect.runFork(run(api, process.argv).pipe(Effect.provide(Environment.layer)))
  let signalled = false
  const onSignal = () => {
    signalled = true
    fiber.unsafeInterruptAsFork(fiber.id())
  }
  process.once("SIGINT", onSignal)
  process.once("SIGTERM", onSignal)
  fiber.addObserver((exit) => {
    clearInterval(keepAlive)
    process.removeListener("SIGINT", onSignal)
    process.removeListener("SIGTERM", onSignal)
    const code = Exit.isSuccess(exit)
      ? exit.value
      : signalled || Exit.isInterrupted(exit)
      ? ExitCode.Interrupted
      : ExitCode.Other
    if (code !== 0) process.exit(code)
  })
}
