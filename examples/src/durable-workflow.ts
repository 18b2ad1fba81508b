/**
 * Create a connection and wait until its handshake is completed, durably:
 * the workflow's progress is kept in a SQLite file, so the program can be
 * stopped at any time (Ctrl-C, a crash, a deploy) and run again to pick up
 * where it stopped, without creating a second connection.
 *
 * All in one process, with an in-process emulator on loopback that completes
 * the handshake by itself after 20 seconds, and a database in a temporary
 * folder (this emulator forgets its connections when the process ends, so
 * stopping and resuming needs the one below):
 *
 *   pnpm tsx examples/src/durable-workflow.ts --demo my-connection
 *
 * With the emulator in another terminal, to stop and resume for real:
 *
 *   pnpm emulator --handshake-delay "2 minutes"
 *   AWS_REGION=us-east-1 AWS_ENDPOINT_URL=http://127.0.0.1:4599 \
 *   AWS_ACCESS_KEY_ID=AKIDEMULATOR AWS_SECRET_ACCESS_KEY=emulator-secret \
 *     pnpm tsx examples/src/durable-workflow.ts my-connection
 *   (Ctrl-C while it waits, then the same command again)
 *
 * Against AWS: set AWS_REGION and credentials as usual, and complete the
 * handshake in the console (Developer Tools > Settings > Connections).
 *
 * `--db <file>` chooses the database (default `durable-workflow.db`).
 */
import { Emulator } from "@effect-codestar/emulator"
import { NodeCodeStarConnections } from "@effect-codestar/runtime-node"
import { CodeStarConnectionsWorkflows } from "@effect-codestar/workflow"
import { DurableEngine } from "@effect-codestar/workflow-sqlite"
import { Console, Duration, Effect, Layer } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(name)
const option = (name: string) => {
  const at = args.indexOf(name)
  return at === -1 ? undefined : args[at + 1]
}
const demo = flag("--demo")
const demoDir = demo && option("--db") === undefined ? mkdtempSync(join(tmpdir(), "durable-workflow-")) : undefined
const filename = option("--db") ?? (demoDir === undefined ? "durable-workflow.db" : join(demoDir, "workflows.db"))
const connectionName = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--db")[0] ?? "durable-example"

/** Registers the workflows with the durable engine, over the given client. */
const workflows = (client: ReturnType<typeof NodeCodeStarConnections.layer>) =>
  CodeStarConnectionsWorkflows.layer.pipe(
    Layer.provide(client),
    Layer.provideMerge(DurableEngine.layer({ filename }))
  )

const createAndAwait = Effect.gen(function*() {
  yield* Console.log(`Waiting for connection "${connectionName}" to become AVAILABLE (state in ${filename})...`)
  const connection = yield* CodeStarConnectionsWorkflows.CreateConnectionAndAwait.execute({
    ConnectionName: connectionName,
    ProviderType: "GitHub",
    // Poll after 5 s, then less and less often, at most every minute; give up after 6 hours.
    wait: { maxInterval: Duration.minutes(1), timeout: Duration.hours(6) }
  })
  yield* Console.log(`${connection.ConnectionName} is ${connection.ConnectionStatus}: ${connection.ConnectionArn}`)
})

// Every failure is typed: the workflow's own, and the service's modeled errors.
const handled = createAndAwait.pipe(
  Effect.catchTags({
    ConnectionFailed: (e) => Console.error(`The handshake failed: ${e.message}. Delete the connection and try again.`),
    ConnectionWaitTimeout: (e) => Console.error(`Gave up: ${e.message}`),
    ConnectionNameConflict: (e) => Console.error(e.message),
    LimitExceededException: () => Console.error("The account has as many connections as it may."),
    ResourceNotFoundException: () => Console.error("The connection was deleted while we waited.")
  })
)

const withEmulator = Effect.gen(function*() {
  const server = yield* Emulator.server({ port: 0, handshakeCompletesAfter: Duration.seconds(20) })
  yield* Console.log(`Emulator on ${server.url}; its handshakes complete after 20 seconds.`)
  const client = NodeCodeStarConnections.layer({
    region: Emulator.defaultRegion,
    endpoint: server.url,
    credentials: Emulator.testCredentials
  })
  yield* handled.pipe(Effect.provide(workflows(client)))
  const count = (operation: string) => Effect.map(server.emulator.callCount(operation), (n) => `${operation} ${n}`)
  yield* Console.log(
    `Calls: ${(yield* Effect.all(["ListConnections", "CreateConnection", "GetConnection"].map(count))).join(", ")}`
  )
}).pipe(Effect.scoped)

const program = demo ? withEmulator : handled.pipe(Effect.provide(workflows(NodeCodeStarConnections.layer())))

const cleanUp = () => {
  if (demoDir !== undefined) rmSync(demoDir, { recursive: true, force: true })
}

Effect.runPromise(program).then(
  () => {
    cleanUp()
    process.exit(0)
  },
  (error) => {
    cleanUp()
    console.error(String(error))
    process.exit(1)
  }
)
