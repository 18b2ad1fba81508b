/**
 * Waiting for a connection to become AVAILABLE, with progress, a maximum
 * wait, and typed outcomes. Runs against the local emulator, which completes
 * the handshake by itself 4 seconds after the connection is created.
 *
 *   pnpm exec tsx examples/src/waiter.ts
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as Waiters from "@effect-codestar/core/Waiters"
import { Emulator } from "@effect-codestar/emulator"
import { NodeCodeStarConnections } from "@effect-codestar/runtime-node"
import { Console, Effect } from "effect"

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
  Effect.catchTags({
    WaiterFailureState: (e) => Console.error(`the handshake failed: ${e.message}`),
    WaiterTimeout: (e) => Console.error(`gave up: ${e.message}`)
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

Effect.runPromise(main).then(() => process.exit(0), (e) => {
  console.error(String(e))
  process.exit(1)
})
