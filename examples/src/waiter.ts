/**
 * Waiting for a connection to become AVAILABLE, with progress, a maximum
 * wait, and typed outcomes. Runs against the local emulator, which completes
 * the handshake by itself 4 seconds after the connection is created. Exits 0
 * only when the connection is AVAILABLE; 1 on ERROR, 2 on timeout, 3 when it
 * is deleted during the wait, 255 otherwise (the codes of the command line in
 * packages/cli, which is what a pipeline should use).
 *
 *   pnpm exec tsx examples/src/waiter.ts
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as Waiters from "@effect-codestar/core/Waiters"
import { Emulator } from "@effect-codestar/emulator"
import { NodeCodeStarConnections } from "@effect-codestar/runtime-node"
import { Cause, Console, Data, Effect, Exit, Option } from "effect"

/** Why the wait did not succeed, and the exit code a pipeline reads it by (those of the `codestar-connections` bin). */
class WaitFailed extends Data.TaggedError("WaitFailed")<{ readonly exitCode: number; readonly reason: string }> {}

const program = Effect.gen(function*() {
  const client = yield* CodeStarConnections
  const { ConnectionArn } = yield* client.createConnection({ ConnectionName: "waiter-example", ProviderType: "GitLab" })
  const connection = yield* Waiters.waitUntilConnectionAvailable(client, { ConnectionArn }, {
    minDelay: "1 second",
    maxDelay: "10 seconds",
    maxWait: "2 minutes",
    onPoll: (c, poll) => Console.log(`poll ${poll}: ${c.ConnectionStatus}`)
  })
  // The type says so too: connection.ConnectionStatus is "AVAILABLE".
  yield* Console.log(`${connection.ConnectionName} is ${connection.ConnectionStatus}`)
}).pipe(
  // Every outcome but success is a failure, so that the process exits non-zero: a pipeline step that
  // printed "gave up" and exited 0 would be read as a success.
  Effect.catchTags({
    WaiterFailureState: (e) => new WaitFailed({ exitCode: 1, reason: `the handshake failed: ${e.message}` }),
    WaiterTimeout: (e) => new WaitFailed({ exitCode: 2, reason: `gave up: ${e.message}` }),
    ResourceNotFoundException: (e) =>
      new WaitFailed({ exitCode: 3, reason: `deleted while waiting: ${e.Message ?? ""}` })
  })
)

const main = Effect.gen(function*() {
  const server = yield* Emulator.server({ handshakeCompletesAfter: "4 seconds" })
  yield* program.pipe(
    Effect.provide(NodeCodeStarConnections.layer({
      region: Emulator.defaultRegion,
      endpoint: server.url,
      credentials: Emulator.testCredentials
    }))
  )
}).pipe(Effect.scoped)

Effect.runPromiseExit(main).then((exit) => {
  if (Exit.isSuccess(exit)) return process.exit(0)
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure) && failure.value instanceof WaitFailed) {
    console.error(failure.value.reason)
    return process.exit(failure.value.exitCode)
  }
  console.error(Cause.pretty(exit.cause))
  process.exit(255)
})
