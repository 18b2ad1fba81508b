/**
 * Which HTTP transport the Node runtime should use, decided by measurement:
 * client CPU and wall time per call, side by side in one run, for
 *
 * - `FetchHttpClient` (Node's global fetch, i.e. undici behind the WHATWG API),
 * - `NodeHttpClient.layerUndici` (undici's own `request` API, no WHATWG layer),
 * - `NodeHttpClient.layer` (platform-node's node:http client), as a reference,
 * - the runtime's own transport (`packages/runtime-node/src/internal/transport.ts`:
 *   node:http with a keep-alive agent, body read whole), which replaced
 *   `layerUndici` so that the runtime no longer depends on platform-node,
 *
 * once as a bare `HttpClient` POST (transport alone) and once through the
 * whole GetConnection path (validate, sign with aws4fetch, send, decode). The
 * service is a fixed-answer server in another process, so only client work is
 * counted.
 *
 *   pnpm --filter @effect-codestar/bench transport [calls-per-round] [rounds]
 *
 * Rounds alternate between the candidates so that drift (JIT, GC, the other
 * core's load) hits them alike; the figure is the median over rounds.
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeStarConnections, makeWithTransport } from "@effect-codestar/core/CodeStarConnections"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
// Internal to the runtime (its exports map hides it): imported by path, for this comparison only.
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Scope from "effect/Scope"
import * as NodeTransport from "../packages/runtime-node/src/internal/transport.js"
import { measure, median, startStub } from "./internal/measure.js"

const calls = Number(process.argv[2] ?? 500)
const rounds = Number(process.argv[3] ?? 7)
const arn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
const body = JSON.stringify({ ConnectionArn: arn })

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch (FetchHttpClient)", FetchHttpClient.layer],
  ["undici (NodeHttpClient.layerUndici)", NodeHttpClient.layerUndici],
  ["node:http (NodeHttpClient.layer)", NodeHttpClient.layer]
]
/** The runtime's own transport is no `HttpClient`: the core's `DirectSend`, handed to `makeWithTransport`. */
const ownTransport = "node:http, runtime-node's own transport"

const stub = await startStub()
const runtimes: Array<{ readonly dispose: () => Promise<void> }> = []
const ownScope = Effect.runSync(Scope.make())
try {
  const candidates: Record<string, (n: number) => Promise<void>> = {}
  const send = await Effect.runPromise(Scope.extend(NodeTransport.make(), ownScope))
  const directRequest = {
    url: stub.url,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "CodeStar_connections_20191201.GetConnection",
      "x-amz-date": "20260101T000000Z",
      authorization: "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/codestar-connections/aws4_request"
    },
    body
  }
  candidates[`transport only: ${ownTransport}`] = (n) =>
    Effect.runPromise(Effect.gen(function*() {
      for (let i = 0; i < n; i++) yield* send(directRequest)
    }))
  const ownClient = await Effect.runPromise(
    makeWithTransport({ region: "us-east-1", endpoint: stub.url }, send).pipe(
      Effect.provide(Layer.merge(
        Aws4fetchSigner.layer,
        AwsCredentials.layerStatic({ accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" })
      ))
    )
  )
  candidates[`GetConnection: ${ownTransport}`] = (n) =>
    Effect.runPromise(Effect.gen(function*() {
      for (let i = 0; i < n; i++) yield* ownClient.getConnection({ ConnectionArn: arn })
    }))
  for (const [name, transport] of transports) {
    // The bare transport: one signed-looking POST and its body, nothing else.
    const bare = ManagedRuntime.make(transport)
    runtimes.push(bare)
    const http = await bare.runPromise(HttpClient.HttpClient)
    const request = HttpClientRequest.post(stub.url).pipe(
      HttpClientRequest.setHeaders({
        "x-amz-target": "CodeStar_connections_20191201.GetConnection",
        "x-amz-date": "20260101T000000Z",
        authorization: "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/codestar-connections/aws4_request"
      }),
      HttpClientRequest.bodyText(body, "application/x-amz-json-1.0")
    )
    candidates[`transport only: ${name}`] = (n) =>
      bare.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) yield* Effect.flatMap(http.execute(request), (r) => r.text)
      }))

    // The whole call path over the same transport.
    const full = ManagedRuntime.make(
      CodeStarConnections.layer({ region: "us-east-1", endpoint: stub.url }).pipe(
        Layer.provide(Layer.mergeAll(
          transport,
          Aws4fetchSigner.layer,
          AwsCredentials.layerStatic({ accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" })
        ))
      )
    )
    runtimes.push(full)
    const client = await full.runPromise(CodeStarConnections)
    candidates[`GetConnection: ${name}`] = (n) =>
      full.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) yield* client.getConnection({ ConnectionArn: arn })
      }))
  }

  // Warm up every candidate (JIT, connection pools, signing-key caches).
  for (const run of Object.values(candidates)) await run(200)

  const samples: Record<string, Array<{ cpuMicros: number; wallMicros: number }>> = {}
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(candidates)) {
      ;(samples[name] ??= []).push(await measure(calls, run))
    }
  }

  console.log(`node ${process.version}, ${calls} calls x ${rounds} rounds, median per call`)
  console.log(
    "candidate".padEnd(60),
    "CPU µs".padStart(8),
    "wall µs".padStart(9),
    "CPU vs fetch".padStart(13),
    "CPU vs undici".padStart(14)
  )
  for (const [name, list] of Object.entries(samples)) {
    const cpu = median(list.map((s) => s.cpuMicros))
    const wall = median(list.map((s) => s.wallMicros))
    const group = name.startsWith("transport") ? "transport only" : "GetConnection"
    const cpuOf = (transport: number) =>
      median(samples[`${group}: ${transports[transport]![0]}`]!.map((s) => s.cpuMicros))
    console.log(
      name.padEnd(60),
      cpu.toFixed(0).padStart(8),
      wall.toFixed(0).padStart(9),
      `${(cpu / cpuOf(0)).toFixed(2)}x`.padStart(13),
      `${(cpu / cpuOf(1)).toFixed(2)}x`.padStart(14)
    )
  }
} finally {
  for (const runtime of runtimes) await runtime.dispose()
  await Effect.runPromise(Scope.close(ownScope, Exit.void))
  stub.stop()
}
