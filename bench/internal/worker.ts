/**
 * One measurement of one client, in a process of its own: the orchestrator
 * (`bench/all.ts`) starts a fresh `node` for every (round, measure, client),
 * so that no client pays for another's garbage, JIT state or sockets.
 *
 *   node --expose-gc worker.js <measure> <client> <stub-url> <warmup> <calls>
 *
 * It prints one JSON line with its figures on stdout. Everything a client
 * needs is imported dynamically, after the clock starts, so that the same
 * file serves the cold-start measures: this module itself imports only Node
 * built-ins.
 *
 * Runs compiled, with plain `node`, against the packages' `dist` (see
 * `internal/stage.ts`): no transpiler in the measured process.
 */
import { performance, PerformanceObserver } from "node:perf_hooks"
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8"
import { arn, credentials } from "./fixtures.js"

/** Who is measured. */
export type ClientId = "sdk" | "default" | "index" | "aws4fetch" | "node-crypto"
/** What is measured. */
export type MeasureId =
  | "get"
  | "list"
  | "c16"
  | "stream"
  | "stream-effect-loaded"
  | "stream-allocated"
  | "cold-marginal"
  | "cold-effect-running"
  | "cold"
  | "cold-effect-floor"
  | "cold-bundled"

const clientIds: ReadonlyArray<ClientId> = ["sdk", "default", "index", "aws4fetch", "node-crypto"]
const isClientId = (id: string): id is ClientId => clientIds.some((known) => known === id)

/** The operations every client offers the measures, whatever its style. */
interface Client {
  /** `n` sequential GetConnection calls. */
  readonly get: (n: number) => Promise<void>
  /** `n` sequential first-page ListConnections calls (50 connections each). */
  readonly list: (n: number) => Promise<void>
  /** `n` GetConnection calls, at most `concurrency` at a time. */
  readonly concurrent: (n: number, concurrency: number) => Promise<void>
  /** Streams up to `limit` connections through the client's paginator, calling `onItem` for each. */
  readonly stream: (limit: number, onItem: (index: number) => void) => Promise<number>
  readonly close: () => Promise<void>
}

const sdkClient = async (url: string): Promise<Client> => {
  const sdk = await import("@aws-sdk/client-codestar-connections")
  const client = new sdk.CodeStarConnectionsClient({ region: "us-east-1", endpoint: url, credentials })
  return {
    get: async (n) => {
      for (let i = 0; i < n; i++) await client.send(new sdk.GetConnectionCommand({ ConnectionArn: arn }))
    },
    list: async (n) => {
      for (let i = 0; i < n; i++) await client.send(new sdk.ListConnectionsCommand({}))
    },
    concurrent: async (n, concurrency) => {
      let next = 0
      const lane = async () => {
        while (next < n) {
          next++
          await client.send(new sdk.GetConnectionCommand({ ConnectionArn: arn }))
        }
      }
      await Promise.all(Array.from({ length: concurrency }, lane))
    },
    stream: async (limit, onItem) => {
      let count = 0
      for await (const page of sdk.paginateListConnections({ client }, {})) {
        for (const _ of page.Connections ?? []) {
          if (count >= limit) return count
          onItem(count++)
        }
      }
      return count
    },
    close: async () => client.destroy()
  }
}

/**
 * Our client, imported as the README's first program does: the service's own
 * modules (`index: true` imports the runtime's index instead, which loads
 * both API versions).
 */
const ourClient = async (
  url: string,
  signer: "aws4fetch" | "node-crypto" | undefined,
  index = false
): Promise<Client> => {
  const [{ CodeStarConnections }, NodeCodeStarConnections, Effect, ManagedRuntime, Stream] = await Promise.all([
    import("@effect-codestar/core/CodeStarConnections"),
    index
      ? import("@effect-codestar/runtime-node").then((m) => m.NodeCodeStarConnections)
      : import("@effect-codestar/runtime-node/NodeCodeStarConnections"),
    import("effect/Effect"),
    import("effect/ManagedRuntime"),
    import("effect/Stream")
  ])
  const runtime = ManagedRuntime.make(
    NodeCodeStarConnections.layer(
      signer === undefined
        ? { region: "us-east-1", endpoint: url, credentials }
        : { region: "us-east-1", endpoint: url, credentials, signer }
    )
  )
  const client = await runtime.runPromise(CodeStarConnections)
  return {
    get: (n) =>
      runtime.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) yield* client.getConnection({ ConnectionArn: arn })
      })),
    list: (n) =>
      runtime.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) yield* client.listConnections({})
      })),
    concurrent: (n, concurrency) =>
      runtime.runPromise(
        Effect.forEach(Array.from({ length: n }), () => client.getConnection({ ConnectionArn: arn }), {
          concurrency,
          discard: true
        })
      ),
    stream: (limit, onItem) => {
      let count = 0
      return runtime.runPromise(
        client.listConnectionsItems({}).pipe(
          Stream.take(limit),
          Stream.runForEach(() => Effect.sync(() => onItem(count++))),
          Effect.map(() => count)
        )
      )
    },
    close: () => runtime.dispose()
  }
}

const makeClient = (id: ClientId, url: string): Promise<Client> =>
  id === "sdk"
    ? sdkClient(url)
    : ourClient(url, id === "default" || id === "index" ? undefined : id, id === "index")

const cpuMicros = () => {
  const { system, user } = process.cpuUsage()
  return user + system
}

/** CPU (all threads of the process: GC, crypto, I/O) and wall time per call of one block. */
const block = async (calls: number, run: () => Promise<void>) => {
  const cpu = cpuMicros()
  const wall = performance.now()
  await run()
  return {
    cpuMicros: (cpuMicros() - cpu) / calls,
    wallMicros: ((performance.now() - wall) * 1000) / calls
  }
}

const usedHeap = () => getHeapStatistics().used_heap_size

/**
 * The young generation's capacity (both semi-spaces). V8 grows it while a
 * process's start-up allocations survive, and a stream's peak heap growth is
 * bounded by it: garbage piles up in it until a scavenge.
 */
const youngGenerationMiB = () =>
  (getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? Number.NaN) / 2 ** 20

const collect = (): void => {
  const gc: unknown = Reflect.get(globalThis, "gc")
  if (typeof gc !== "function") throw new Error("run with --expose-gc")
  gc()
  gc()
}

const main = async (): Promise<Record<string, number>> => {
  const started = performance.now()
  const [measure, clientId, url, warmup, calls] = process.argv.slice(2)
  if (measure === undefined || clientId === undefined || url === undefined) {
    throw new Error("usage: worker <measure> <client> <stub-url> <warmup> <calls>")
  }
  if (!isClientId(clientId)) throw new Error(`unknown client ${clientId}`)
  /** Calls (or items, for the stream) made before measuring, and measured. */
  const params = { warmup: Number(warmup ?? 0), calls: Number(calls ?? 0) }

  switch (measure) {
    case "cold-bundled": {
      // The client's first call bundled into one file (`stage.ts`), as a Lambda function is deployed:
      // importing it reads, compiles and runs it all. It takes the stub's URL from this process's arguments.
      await import(new URL(`../bundled/${clientId === "sdk" ? "sdk" : "ours"}.mjs`, import.meta.url).href)
      return { ms: performance.now() - started }
    }
    case "cold":
    case "cold-effect-floor": {
      if (measure === "cold-effect-floor" && clientId !== "sdk") {
        // No client at all: only the `effect` modules that any client built on Effect, Stream and Schema
        // loads. What this takes is a floor under our `cold` figure that no code of ours can lower. (The
        // SDK's figure is its whole first call, as in `cold`, for the ratio.)
        await Promise.all([
          import("effect/Effect"),
          import("effect/Layer"),
          import("effect/ManagedRuntime"),
          import("effect/Stream"),
          import("effect/Schema")
        ])
        return { ms: performance.now() - started }
      }
      const client = await makeClient(clientId, url)
      await client.get(1)
      const ms = performance.now() - started
      await client.close()
      return { ms }
    }
    case "cold-marginal":
    case "cold-effect-running": {
      const { Context, Effect, Layer, ManagedRuntime } = await import("effect")
      if (measure === "cold-effect-running") {
        // A program that has already run Effect: a runtime built from one scoped layer, used once and
        // disposed, so that Effect's own first run (fiber runtime, layer memo map, scope) is not counted.
        const Probe = Context.GenericTag<number>("bench/Probe")
        const warm = ManagedRuntime.make(Layer.scoped(Probe, Effect.succeed(1)))
        await warm.runPromise(Probe)
        await warm.dispose()
      }
      const t0 = performance.now()
      const client = await makeClient(clientId, url)
      await client.get(1)
      const ms = performance.now() - t0
      await client.close()
      return { ms }
    }
    case "get":
    case "list": {
      const client = await makeClient(clientId, url)
      const op = measure === "get" ? client.get : client.list
      await op(params.warmup)
      const result = await block(params.calls, () => op(params.calls))
      await client.close()
      return result
    }
    case "c16": {
      const client = await makeClient(clientId, url)
      await client.concurrent(params.warmup, 16)
      const result = await block(params.calls, () => client.concurrent(params.calls, 16))
      const peakRssMiB = process.resourceUsage().maxRSS / 1024
      await client.close()
      return { callsPerSecond: 1e6 / result.wallMicros, cpuMicros: result.cpuMicros, peakRssMiB }
    }
    case "stream":
    case "stream-effect-loaded": {
      // The second variant imports the `effect` index first, as `import { Effect } from "effect"` does:
      // the SDK's young generation then usually starts as large as ours, so the peaks compare the streams.
      if (measure === "stream-effect-loaded") await import("effect")
      const client = await makeClient(clientId, url)
      await client.stream(params.warmup, () => {})
      collect()
      const baseline = usedHeap()
      const youngMiB = youngGenerationMiB()
      // Pass 1: the peak, sampled at every item, collections left to V8.
      let peak = baseline
      const streamed = await client.stream(params.calls, () => {
        const used = usedHeap()
        if (used > peak) peak = used
      })
      if (streamed !== params.calls) throw new Error(`streamed ${streamed} of ${params.calls}`)
      // Pass 2: what stays alive, collected at five checkpoints and at the end.
      collect()
      const baseline2 = usedHeap()
      let live = 0
      const every = Math.floor(params.calls / 5)
      await client.stream(params.calls, (i) => {
        if (i > 0 && i % every === 0) {
          collect()
          live = Math.max(live, usedHeap() - baseline2)
        }
      })
      collect()
      const retained = usedHeap() - baseline2
      await client.close()
      return {
        peakGrowthMiB: (peak - baseline) / 2 ** 20,
        youngGenerationMiB: youngMiB,
        liveMiB: Math.max(live, retained) / 2 ** 20,
        retainedMiB: retained / 2 ** 20
      }
    }
    case "stream-allocated": {
      // Run with a young generation larger than the whole stream's garbage (all.ts passes
      // --min/--max-semi-space-size), so nothing is collected during the stream and the heap's
      // growth is every byte the stream allocated on the JS heap. A collection would make the
      // figure an undercount, so any collection during the stream fails the measure.
      const client = await makeClient(clientId, url)
      await client.stream(params.warmup, () => {})
      collect()
      let collections = 0
      const observer = new PerformanceObserver((list) => {
        collections += list.getEntries().length
      })
      observer.observe({ entryTypes: ["gc"] })
      const baseline = usedHeap()
      const streamed = await client.stream(params.calls, () => {})
      const allocated = usedHeap() - baseline
      // GC entries are delivered asynchronously: let any pending ones arrive before reading the count.
      await new Promise((resolve) => setTimeout(resolve, 50))
      observer.disconnect()
      if (streamed !== params.calls) throw new Error(`streamed ${streamed} of ${params.calls}`)
      if (collections > 0) throw new Error(`${collections} collections during the stream: raise the semi-space size`)
      await client.close()
      return { allocatedMiB: allocated / 2 ** 20 }
    }
    default:
      throw new Error(`unknown measure ${measure}`)
  }
}

main().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`)
    process.exit(0)
  },
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  }
)
