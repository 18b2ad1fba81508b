/**
 * The smallest useful program: read one connection and print its status.
 *
 *   AWS_REGION=us-east-1 pnpm tsx examples/src/get-connection.ts <connection-arn>
 *
 * Credentials come from the default AWS chain; set AWS_ENDPOINT_URL to talk to
 * the local emulator (`pnpm emulator` prints its URL and test credentials).
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import * as NodeCodeStarConnections from "@effect-codestar/runtime-node/NodeCodeStarConnections"
import { Console, Effect } from "effect"

const [connectionArn] = process.argv.slice(2)

const program = Effect.gen(function*() {
  const client = yield* CodeStarConnections
  const { Connection } = yield* client.getConnection({ ConnectionArn: connectionArn ?? "" })
  yield* Console.log(`${Connection?.ConnectionName}: ${Connection?.ConnectionStatus}`)
}).pipe(
  // Every failure is typed: handle the ones you expect by tag.
  Effect.catchTags({
    ResourceNotFoundException: () => Console.error(`No connection ${connectionArn}`),
    AwsRequestError: (e) => Console.error(`${e.reason}: ${e.message}`)
  })
)

// Region, credentials and endpoint come from the standard AWS configuration
// (AWS_REGION, AWS_PROFILE, ~/.aws/config, container or instance credentials, AWS_ENDPOINT_URL, ...).
const client = NodeCodeStarConnections.layer()

Effect.runPromise(program.pipe(Effect.provide(client))).then(
  () => process.exit(0),
  (error) => {
    console.error(String(error))
    process.exit(1)
  }
)
