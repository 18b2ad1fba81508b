/**
 * Client CPU per GetConnection call, side by side in one run: the official
 * AWS SDK v3, raw aws4fetch, and this project's Node client. The service is
 * a fixed-answer server in another process, so only client work is counted.
 *
 *   pnpm --filter @effect-codestar/bench per-call [calls-per-round] [rounds]
 *
 * Rounds alternate between the clients so that drift (JIT, GC, the other
 * core's load) hits them alike; the figure is the median over rounds.
 */
import { CodeStarConnectionsClient, GetConnectionCommand } from "@aws-sdk/client-codestar-connections"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import { NodeCodeStarConnections } from "@effect-codestar/runtime-node"
import { AwsClient } from "aws4fetch"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { measure, median, startStub } from "./internal/measure.js"

const calls = Number(process.argv[2] ?? 500)
const rounds = Number(process.argv[3] ?? 7)
const arn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
const credentials = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" }

const stub = await startStub()
try {
  const sdk = new CodeStarConnectionsClient({ region: "us-east-1", endpoint: stub.url, credentials })
  const raw = new AwsClient({ ...credentials, service: "codestar-connections", region: "us-east-1" })
  const runtime = ManagedRuntime.make(NodeCodeStarConnections.layer({ region: "us-east-1", endpoint: stub.url, credentials }))
  const ours = await runtime.runPromise(CodeStarConnections)
  const runtimeNodeCrypto = ManagedRuntime.make(
    NodeCodeStarConnections.layer({ region: "us-east-1", endpoint: stub.url, credentials, signer: "node-crypto" })
  )
  const oursNodeCrypto = await runtimeNodeCrypto.runPromise(CodeStarConnections)

  const clients: Record<string, (n: number) => Promise<void>> = {
    "@aws-sdk/client-codestar-connections": async (n) => {
      for (let i = 0; i < n; i++) await sdk.send(new GetConnectionCommand({ ConnectionArn: arn }))
    },
    "aws4fetch (raw, no decoding)": async (n) => {
      for (let i = 0; i < n; i++) {
        const res = await raw.fetch(stub.url, {
          method: "POST",
          headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "CodeStar_connections_20191201.GetConnection" },
          body: JSON.stringify({ ConnectionArn: arn })
        })
        await res.json()
      }
    },
    "@effect-codestar (NodeCodeStarConnections)": (n) =>
      runtime.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) yield* ours.getConnection({ ConnectionArn: arn })
      })),
    "@effect-codestar (node:crypto signer)": (n) =>
      runtimeNodeCrypto.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) yield* oursNodeCrypto.getConnection({ ConnectionArn: arn })
      }))
  }

  // Warm up every client (JIT, connection pools, signing-key caches).
  for (const run of Object.values(clients)) await run(200)

  const samples: Record<string, Array<{ cpuMicros: number; wallMicros: number }>> = {}
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(clients)) {
      ;(samples[name] ??= []).push(await measure(calls, run))
    }
  }

  const sdkCpu = median(samples["@aws-sdk/client-codestar-connections"]!.map((s) => s.cpuMicros))
  console.log(`node ${process.version}, ${calls} calls x ${rounds} rounds, median per call`)
  console.log("client".padEnd(40), "CPU µs".padStart(8), "wall µs".padStart(9), "CPU vs SDK".padStart(11))
  for (const [name, list] of Object.entries(samples)) {
    const cpu = median(list.map((s) => s.cpuMicros))
    const wall = median(list.map((s) => s.wallMicros))
    console.log(name.padEnd(40), cpu.toFixed(0).padStart(8), wall.toFixed(0).padStart(9), `${(cpu / sdkCpu).toFixed(2)}x`.padStart(11))
  }
  await runtime.dispose()
  await runtimeNodeCrypto.dispose()
  sdk.destroy()
} finally {
  stub.stop()
}
