/**
 * The project's demo: `pnpm demo`.
 *
 * By default it needs no AWS account. It starts the local emulator on
 * loopback, creates a connection, waits until it is AVAILABLE (the emulator
 * completes the handshake a few seconds later, as a person would in the
 * console), lists connections across several pages, tags one and reads the
 * tags back, then deletes everything it created.
 *
 *   pnpm demo                       # against the local emulator
 *   pnpm demo --aws                 # read-only calls against real AWS (default credential chain, AWS_REGION)
 *   pnpm demo --aws --allow-writes  # the full scenario against real AWS: creates and deletes connections
 *
 * Against real AWS, a new connection stays PENDING until you finish the
 * handshake in the console; the demo waits for it (up to 10 minutes).
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as Waiters from "@effect-codestar/core/Waiters"
import { Emulator } from "@effect-codestar/emulator"
import { NodeCodeStarConnections } from "@effect-codestar/runtime-node"
import { Chunk, Console, Duration, Effect, Stream } from "effect"

const args = new Set(process.argv.slice(2))
const useAws = args.has("--aws")
const allowWrites = !useAws || args.has("--allow-writes")

const step = (text: string) => Console.log(`\n▸ ${text}`)

/** The whole scenario, written once against the client; where it runs is decided by the layer. */
const scenario = (options: { readonly completeHandshake: (arn: string) => Effect.Effect<void> }) =>
  Effect.gen(function*() {
    const client = yield* CodeStarConnections
    const created: Array<string> = []

    yield* step("Create a connection")
    const { ConnectionArn } = yield* client.createConnection({
      ConnectionName: `demo-${Date.now().toString(36)}`,
      ProviderType: "GitHub",
      Tags: [{ Key: "created-by", Value: "effect-codestar-demo" }]
    })
    created.push(ConnectionArn)
    yield* Console.log(`  ${ConnectionArn}`)

    yield* step("Wait until it is AVAILABLE (the handshake is completed a few seconds from now)")
    yield* Effect.fork(options.completeHandshake(ConnectionArn))
    const started = Date.now()
    const connection = yield* Waiters.waitUntilConnectionAvailable(client, { ConnectionArn }, {
      maxWait: "10 minutes",
      onPoll: (c, poll) =>
        Console.log(`  poll ${poll} at ${((Date.now() - started) / 1000).toFixed(1)} s: ${c.ConnectionStatus}`)
    })
    yield* Console.log(`  ${connection.ConnectionName} is ${connection.ConnectionStatus}`)

    yield* step("Create 11 more connections, then list them 5 per page")
    for (let i = 1; i <= 11; i++) {
      const more = yield* client.createConnection({ ConnectionName: `demo-page-${i}`, ProviderType: "Bitbucket" })
      created.push(more.ConnectionArn)
    }
    yield* client.listConnectionsPages({ MaxResults: 5 }).pipe(
      Stream.runForEach((page) =>
        Console.log(
          `  page of ${page.Connections?.length ?? 0}: ${page.Connections?.map((c) => c.ConnectionName).join(", ")}`
        )
      )
    )

    yield* step("Tag the first connection and read its tags back")
    yield* client.tagResource({ ResourceArn: ConnectionArn, Tags: [{ Key: "team", Value: "platform" }] })
    const { Tags } = yield* client.listTagsForResource({ ResourceArn: ConnectionArn })
    yield* Console.log(`  ${Tags?.map((t) => `${t.Key}=${t.Value}`).join(", ")}`)

    yield* step(`Delete the ${created.length} connections the demo created`)
    yield* Effect.forEach(created, (arn) => client.deleteConnection({ ConnectionArn: arn }), { concurrency: 4 })
    const left = yield* Stream.runCollect(client.listConnectionsItems())
    yield* Console.log(`  done; ${Chunk.size(left)} connections left`)
  })

/** Read-only calls, for `--aws` without `--allow-writes`. */
const readOnly = Effect.gen(function*() {
  const client = yield* CodeStarConnections
  yield* step("List connections (read-only)")
  yield* client.listConnectionsItems().pipe(
    Stream.runForEach((c) => Console.log(`  ${c.ConnectionName} (${c.ProviderType}): ${c.ConnectionStatus}`))
  )
  yield* step("List hosts (read-only)")
  const hosts = yield* Stream.runCollect(client.listHostsItems())
  yield* Console.log(`  ${Chunk.size(hosts)} hosts`)
})

const onEmulator = Effect.gen(function*() {
  const server = yield* Emulator.server()
  yield* Console.log(`Local emulator at ${server.url} (no AWS account needed)`)
  const client = NodeCodeStarConnections.layer({
    region: Emulator.defaultRegion,
    endpoint: server.url,
    credentials: Emulator.testCredentials
  })
  yield* scenario({
    // What a person does in the console, done here by the emulator's control API.
    completeHandshake: (arn) =>
      server.emulator.completeHandshake(arn).pipe(Effect.delay(Duration.seconds(3)), Effect.orDie)
  }).pipe(Effect.provide(client))
}).pipe(Effect.scoped)

const onAws = Effect.gen(function*() {
  yield* Console.log(`Real AWS${allowWrites ? ", writes allowed" : ", read-only"}`)
  // Region, credentials and endpoint come from the standard AWS configuration: environment, profile, container, instance.
  const client = NodeCodeStarConnections.layer()
  const program = allowWrites
    ? scenario({ completeHandshake: () => Console.log("  finish the handshake in the AWS console; the demo waits") })
    : readOnly
  yield* program.pipe(Effect.provide(client))
})

const main = (useAws ? onAws : onEmulator).pipe(
  Effect.tapErrorCause((cause) => Console.error(`\nThe demo failed:\n${cause}`))
)

Effect.runPromise(main).then(
  () => process.exit(0),
  () => process.exit(1)
)
