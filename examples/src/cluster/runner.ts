/**
 * One runner of the cluster demo: the connection workflows on
 * `ClusterEngine` over the PostgreSQL at the URL given, against the emulator
 * at the endpoint given. It prints a JSON line when it is ready and one per
 * poll, which the demo reads to show who holds which workflow.
 *
 *   node --import tsx examples/src/cluster/runner.ts <postgres-url> <endpoint> <port> <runner-name>
 */
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { NodeCodeStarConnections } from "@effect-codestar/runtime-node"
import { CodeStarConnectionsWorkflows } from "@effect-codestar/workflow"
import { ClusterEngine } from "@effect-codestar/workflow-pg"
import { Effect, Layer } from "effect"
import { demoEngineOptions } from "./settings.js"

const [url = "", endpoint = "", port = "0", name = "runner"] = process.argv.slice(2)

const print = (line: Record<string, unknown>) =>
  Effect.sync(() => process.stdout.write(`${JSON.stringify({ runner: name, at: Date.now(), ...line })}\n`))

/** The client, with each poll reported: the workflows themselves are the library's, unchanged. */
const Client = Layer.effect(
  CodeStarConnections,
  Effect.map(CodeStarConnections, (client) => ({
    ...client,
    getConnection: Object.assign(
      (input: Parameters<typeof client.getConnection>[0]) =>
        client.getConnection(input).pipe(
          Effect.tap((output) =>
            print({ event: "poll", arn: input.ConnectionArn, status: output.Connection?.ConnectionStatus })
          )
        ),
      { withMetadata: client.getConnection.withMetadata }
    )
  }))
).pipe(Layer.provide(NodeCodeStarConnections.layer({
  region: "us-east-1",
  endpoint,
  credentials: { accessKeyId: "AKIDEMULATOR", secretAccessKey: "emulator-secret" }
})))

const Runner = CodeStarConnectionsWorkflows.layer.pipe(
  Layer.provide(Client),
  Layer.provideMerge(
    ClusterEngine.layer({ url, runner: { host: "127.0.0.1", port: Number(port) }, ...demoEngineOptions })
  )
)

Effect.runPromise(
  Layer.launch(Layer.merge(Runner, Layer.effectDiscard(print({ event: "ready" })))).pipe(
    Effect.catchAll((error) => print({ event: "failed", message: error.message }))
  )
).then(() => process.exit(1), () => process.exit(2))
