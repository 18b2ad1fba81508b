/**
 * What the retry policy costs on the path of a call that succeeds at once:
 * client CPU per GetConnection call with the default policy, with retries
 * off, and with an attempt timeout or a deadline (each a timer raced against
 * the request in a second fiber). Same transport (undici), signer and stub
 * service for all; rounds alternate between them.
 *
 *   pnpm --filter @effect-codestar/bench retry-overhead [calls-per-round] [rounds]
 */
import * as Aws4fetchSigner from "@effect-codestar/core/Aws4fetchSigner"
import * as AwsCredentials from "@effect-codestar/core/AwsCredentials"
import { CodeStarConnections } from "@effect-codestar/core/CodeStarConnections"
import type { RetryOptions } from "@effect-codestar/core/Retry"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { measure, median, startStub } from "./internal/measure.js"

const calls = Number(process.argv[2] ?? 400)
const rounds = Number(process.argv[3] ?? 9)
const arn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"

const variants: Record<string, RetryOptions> = {
  "default policy (no timers)": {},
  "retries off (maxAttempts: 1)": { maxAttempts: 1 },
  "attemptTimeout: 30 s": { attemptTimeout: "30 seconds" },
  "deadline: 60 s": { deadline: "60 seconds" },
  "attemptTimeout + deadline": { attemptTimeout: "30 seconds", deadline: "60 seconds" }
}

const stub = await startStub()
const runtimes: Array<{ readonly dispose: () => Promise<void> }> = []
try {
  const runs: Record<string, (n: number) => Promise<void>> = {}
  for (const [name, retry] of Object.entries(variants)) {
    const runtime = ManagedRuntime.make(
      CodeStarConnections.layer({ region: "us-east-1", endpoint: stub.url, retry }).pipe(
        Layer.provide(Layer.mergeAll(
          NodeHttpClient.layerUndici,
          Aws4fetchSigner.layer,
          AwsCredentials.layerStatic({ accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" })
        ))
      )
    )
    runtimes.push(runtime)
    const client = await runtime.runPromise(CodeStarConnections)
    runs[name] = (n) =>
      runtime.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) yield* client.getConnection({ ConnectionArn: arn })
      }))
  }
  for (const run of Object.values(runs)) await run(200)
  const samples: Record<string, Array<number>> = {}
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(runs)) (samples[name] ??= []).push((await measure(calls, run)).cpuMicros)
  }
  const base = median(samples["default policy (no timers)"]!)
  console.log(`node ${process.version}, ${calls} calls x ${rounds} rounds, median client CPU per call`)
  for (const [name, list] of Object.entries(samples)) {
    const cpu = median(list)
    console.log(
      name.padEnd(32),
      `${cpu.toFixed(0)} µs`.padStart(9),
      `${cpu - base >= 0 ? "+" : ""}${(cpu - base).toFixed(0)} µs`.padStart(10)
    )
  }
} finally {
  for (const runtime of runtimes) await runtime.dispose()
  stub.stop()
}
