/**
 * Every performance measure of issue 13 in one run, as ratios to the official
 * SDK measured in the same run:
 *
 *   pnpm --filter @effect-codestar/bench all [--rounds 5] [--quick] [--only list,stream]
 *
 * - `get`: client CPU per sequential GetConnection call;
 * - `list`: client CPU per 50-connection ListConnections page;
 * - `c16`: calls per second with 16 calls in flight, and the process's peak
 *   RSS at the end of that run;
 * - `stream`: streaming 10,000 connections (200 pages) through each client's
 *   paginator: peak heap growth over the pre-stream baseline, and the live
 *   heap (after full collections at five checkpoints and at the end), and the
 *   young generation's size when the stream starts (the peak is bounded by
 *   it: V8 sizes it by what survived the process's start-up);
 * - `stream-effect-loaded`: the same stream in a process that first imported
 *   the `effect` index (as `import { Effect } from "effect"` does): both
 *   clients then start with the young generation that import gives, so the
 *   peaks compare the streams rather than the start-ups (supplementary: the
 *   target is on `stream`);
 * - `stream-allocated`: the same stream with a young generation too large to
 *   fill (a 128 MiB semi-space), so that nothing is collected during it: the
 *   heap's growth is then every byte the stream allocated, whatever size V8
 *   gave the young generation (supplementary);
 * - `cold-marginal`: importing the client, building it and making the first
 *   call in a process that has already imported `effect`;
 * - `cold-effect-running`: the same in a process that has also run Effect
 *   once (a runtime of one scoped layer, built, used and disposed), as an
 *   Effect program has by the time it builds its client: Effect's own first
 *   run is then not counted (supplementary: the target is on
 *   `cold-marginal`);
 * - `cold`: the same from nothing (no module loaded);
 * - `cold-effect-floor`: from nothing, importing only `effect`'s Effect,
 *   Layer, ManagedRuntime, Stream and Schema modules, no client (for the SDK:
 *   its whole first call, as in `cold`): the floor that `effect` itself puts
 *   under our `cold` figure (supplementary);
 * - `cold-bundled`: the same as `cold`, with each client's program bundled
 *   by esbuild into one file (ESM, not minified), as a Lambda function is
 *   usually deployed (supplementary).
 *
 * How it stays honest on a shared machine: every (round, measure, client) is
 * a fresh `node` process (`internal/worker.ts`, compiled, against the
 * packages' built `dist`), so no client is charged for another's garbage
 * collection, JIT state or sockets; CPU is the whole process's (GC and
 * background threads included) over a long block after a warm-up; the
 * client order is rotated each round; the stub service runs in its own
 * process; figures are best and median over the rounds, and the ratios are
 * to the SDK's figure of the same statistic in the same run. The machine
 * (CPU, cores, Node, load average before and after) is printed with the
 * results, because on a shared machine the load moves every figure.
 */
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { cpus, loadavg, release, totalmem, type } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { stage } from "./internal/stage.js"
import type { ClientId, MeasureId } from "./internal/worker.js"

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name)
  return at === -1 ? undefined : args[at + 1]
}
const quick = args.includes("--quick")
const rounds = Number(flag("--rounds") ?? (quick ? 2 : 5))

/** The Node layer's default signer, and the other one, measured as an option. */
const defaultSigner = "node-crypto"
const otherSigner: ClientId = "aws4fetch"

/** Warm-up and measured block per measure: long blocks, so GC and timer noise average out. */
const sizes: Record<MeasureId, { readonly warmup: number; readonly calls: number }> = quick
  ? {
    get: { warmup: 200, calls: 400 },
    list: { warmup: 30, calls: 100 },
    c16: { warmup: 320, calls: 800 },
    stream: { warmup: 1000, calls: 10_000 },
    "stream-effect-loaded": { warmup: 1000, calls: 10_000 },
    "stream-allocated": { warmup: 1000, calls: 10_000 },
    "cold-marginal": { warmup: 0, calls: 1 },
    "cold-effect-running": { warmup: 0, calls: 1 },
    cold: { warmup: 0, calls: 1 },
    "cold-effect-floor": { warmup: 0, calls: 1 },
    "cold-bundled": { warmup: 0, calls: 1 }
  }
  : {
    get: { warmup: 400, calls: 2000 },
    list: { warmup: 60, calls: 400 },
    c16: { warmup: 640, calls: 4000 },
    stream: { warmup: 1000, calls: 10_000 },
    "stream-effect-loaded": { warmup: 1000, calls: 10_000 },
    "stream-allocated": { warmup: 1000, calls: 10_000 },
    "cold-marginal": { warmup: 0, calls: 1 },
    "cold-effect-running": { warmup: 0, calls: 1 },
    cold: { warmup: 0, calls: 1 },
    "cold-effect-floor": { warmup: 0, calls: 1 },
    "cold-bundled": { warmup: 0, calls: 1 }
  }

/**
 * What each measure compares. `repeat` runs a measure more than once per
 * round: a cold start is one short sample, the noisiest figure here.
 */
const measures: ReadonlyArray<
  {
    readonly id: MeasureId
    readonly clients: ReadonlyArray<ClientId>
    readonly repeat?: number
    /** Flags for the worker's `node`, besides `--expose-gc`. */
    readonly nodeFlags?: ReadonlyArray<string>
  }
> = [
  { id: "get", clients: ["sdk", "default", otherSigner] },
  { id: "list", clients: ["sdk", "default", otherSigner] },
  { id: "c16", clients: ["sdk", "default", otherSigner] },
  { id: "stream", clients: ["sdk", "default"] },
  { id: "stream-effect-loaded", clients: ["sdk", "default"] },
  {
    id: "stream-allocated",
    clients: ["sdk", "default"],
    nodeFlags: ["--min-semi-space-size=128", "--max-semi-space-size=128"]
  },
  { id: "cold-marginal", clients: ["sdk", "default", "index"], repeat: 3 },
  { id: "cold-effect-running", clients: ["sdk", "default"], repeat: 3 },
  { id: "cold", clients: ["sdk", "default", "index"], repeat: 3 },
  { id: "cold-effect-floor", clients: ["sdk", "default"], repeat: 3 },
  { id: "cold-bundled", clients: ["sdk", "default"], repeat: 3 }
]

/** `--only list,stream`: run and report only these measures (comma-separated ids). */
const only = flag("--only")?.split(",")
const unknownMeasures = only?.filter((id) => !measures.some((m) => m.id === id)) ?? []
if (unknownMeasures.length > 0) {
  throw new Error(
    `--only: unknown measure ${unknownMeasures.join(", ")}; known: ${measures.map((m) => m.id).join(", ")}`
  )
}
const selected = only === undefined ? measures : measures.filter((m) => only.includes(m.id))

/** One line of the report: a figure read from a measure's results, and its target as a ratio to the SDK. */
interface Row {
  readonly title: string
  readonly measure: MeasureId
  readonly key: string
  readonly unit: string
  readonly better: "lower" | "higher"
  readonly target?: number
  /** Whether a ratio means anything (not for figures near zero). */
  readonly ratio?: boolean
}

const rows: ReadonlyArray<Row> = [
  { title: "CPU per GetConnection", measure: "get", key: "cpuMicros", unit: "µs", better: "lower", target: 0.7 },
  { title: "wall per GetConnection", measure: "get", key: "wallMicros", unit: "µs", better: "lower" },
  {
    title: "CPU per 50-item ListConnections page",
    measure: "list",
    key: "cpuMicros",
    unit: "µs",
    better: "lower",
    target: 0.8
  },
  {
    title: "calls/s at concurrency 16",
    measure: "c16",
    key: "callsPerSecond",
    unit: "/s",
    better: "higher",
    target: 1.5
  },
  { title: "CPU per call at concurrency 16", measure: "c16", key: "cpuMicros", unit: "µs", better: "lower" },
  {
    title: "peak RSS (after the c16 run)",
    measure: "c16",
    key: "peakRssMiB",
    unit: "MiB",
    better: "lower",
    target: 1.2
  },
  {
    title: "import + first call, effect loaded",
    measure: "cold-marginal",
    key: "ms",
    unit: "ms",
    better: "lower",
    target: 0.7
  },
  {
    title: "import + first call, effect loaded and run once",
    measure: "cold-effect-running",
    key: "ms",
    unit: "ms",
    better: "lower"
  },
  { title: "import + first call from nothing", measure: "cold", key: "ms", unit: "ms", better: "lower", target: 2.0 },
  {
    title: "from nothing: only `effect`'s Effect, Layer, ManagedRuntime, Stream, Schema imported (SDK: its first call)",
    measure: "cold-effect-floor",
    key: "ms",
    unit: "ms",
    better: "lower"
  },
  {
    title: "import + first call from nothing, each client bundled by esbuild into one file",
    measure: "cold-bundled",
    key: "ms",
    unit: "ms",
    better: "lower"
  },
  {
    title: "stream 10,000 items: peak heap growth",
    measure: "stream",
    key: "peakGrowthMiB",
    unit: "MiB",
    better: "lower",
    target: 2.0
  },
  {
    title: "stream 10,000 items: young generation at its start",
    measure: "stream",
    key: "youngGenerationMiB",
    unit: "MiB",
    better: "lower"
  },
  {
    title: "stream 10,000 items: live heap (after full GCs)",
    measure: "stream",
    key: "liveMiB",
    unit: "MiB",
    better: "lower",
    ratio: false
  },
  {
    title: "stream, `effect` imported first: peak heap growth",
    measure: "stream-effect-loaded",
    key: "peakGrowthMiB",
    unit: "MiB",
    better: "lower"
  },
  {
    title: "stream, `effect` imported first: young generation at its start",
    measure: "stream-effect-loaded",
    key: "youngGenerationMiB",
    unit: "MiB",
    better: "lower"
  },
  {
    title: "stream, nothing collected: bytes allocated",
    measure: "stream-allocated",
    key: "allocatedMiB",
    unit: "MiB",
    better: "lower"
  }
]

const here = dirname(fileURLToPath(import.meta.url))
const version = (pkg: string): string => {
  const manifest: unknown = JSON.parse(readFileSync(join(here, "node_modules", pkg, "package.json"), "utf8"))
  const v: unknown = typeof manifest === "object" && manifest !== null ? Reflect.get(manifest, "version") : undefined
  return typeof v === "string" ? v : "?"
}

const startStub = (stub: string) =>
  new Promise<{ readonly url: string; readonly stop: () => void }>((resolve, reject) => {
    const child = spawn(process.execPath, [stub], { stdio: ["ignore", "pipe", "inherit"] })
    child.once("error", reject)
    child.stdout.once("data", (chunk: Buffer) => {
      resolve({ url: `http://127.0.0.1:${chunk.toString().trim()}`, stop: () => child.kill("SIGTERM") })
    })
  })

/** Runs one worker process; resolves with the figures it printed. */
const runWorker = (
  worker: string,
  measure: MeasureId,
  client: ClientId,
  url: string,
  nodeFlags: ReadonlyArray<string> = []
) =>
  new Promise<Record<string, number>>((resolve, reject) => {
    const { calls, warmup } = sizes[measure]
    const child = spawn(
      process.execPath,
      ["--expose-gc", ...nodeFlags, worker, measure, client, url, String(warmup), String(calls)],
      {
        cwd: here,
        // No AWS settings from the environment or the home directory, for either client.
        env: { PATH: process.env["PATH"] ?? "", HOME: join(here, ".stage") },
        // stderr is kept and shown on failure only: the SDK warns about Node 20 in every process.
        stdio: ["ignore", "pipe", "pipe"]
      }
    )
    let out = ""
    let err = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()))
    child.once("error", reject)
    child.once("exit", (status) => {
      if (status !== 0) return reject(new Error(`${measure} ${client}: exit ${status}\n${err}`))
      const parsed: unknown = JSON.parse(out.trim().split("\n").pop() ?? "{}")
      if (typeof parsed !== "object" || parsed === null) return reject(new Error(`${measure} ${client}: ${out}`))
      const figures: Record<string, number> = {}
      for (const [key, value] of Object.entries(parsed)) if (typeof value === "number") figures[key] = value
      resolve(figures)
    })
  })

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const rotate = <A>(list: ReadonlyArray<A>, by: number): ReadonlyArray<A> =>
  list.map((_, i) => list[(i + by) % list.length]!)

const label = (client: ClientId): string =>
  client === "sdk"
    ? "SDK"
    : client === "default"
    ? `ours, default (${defaultSigner})`
    : client === "index"
    ? "ours, imported from the package index"
    : `ours, signer: "${client}"`

const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(n >= 10 ? 1 : 2))

const main = async () => {
  const { stub, worker } = stage()
  const loadBefore = loadavg()
  const startedAt = new Date()
  const { stop, url } = await startStub(stub)
  const samples = new Map<string, Array<Record<string, number>>>()
  try {
    for (let r = 0; r < rounds; r++) {
      for (const { clients, id, nodeFlags, repeat = 1 } of selected) {
        for (let k = 0; k < repeat; k++) {
          for (const client of rotate(clients, r + k)) {
            const figures = await runWorker(worker, id, client, url, nodeFlags)
            const key = `${id}/${client}`
            samples.set(key, [...(samples.get(key) ?? []), figures])
          }
        }
      }
      console.error(`round ${r + 1}/${rounds} done, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
    }
  } finally {
    stop()
  }
  const loadAfter = loadavg()
  const minutes = (Date.now() - startedAt.getTime()) / 60_000

  const cpu = cpus()
  console.log(`## bench/all.ts, ${startedAt.toISOString()}${quick ? " (--quick: short blocks, not for quoting)" : ""}`)
  console.log()
  console.log(
    `- machine: ${cpu[0]?.model ?? "?"}, ${cpu.length} cores, ${
      (totalmem() / 2 ** 30).toFixed(0)
    } GiB, ${type()} ${release()}; Node ${process.version}`
  )
  console.log(
    `- load average (1/5/15 min): ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${
      loadAfter.map((l) => l.toFixed(2)).join(" ")
    } after; ${minutes.toFixed(1)} min`
  )
  console.log(
    `- effect ${version("effect")}, @effect/platform ${
      version("@effect/platform")
    }, @aws-sdk/client-codestar-connections ${version("@aws-sdk/client-codestar-connections")}, aws4fetch ${
      version("aws4fetch")
    }`
  )
  console.log(
    `- ${rounds} rounds (cold starts 3 per round)${
      only === undefined ? "" : `; only ${selected.map((m) => m.id).join(", ")}`
    }; each figure from its own process; blocks: ${
      Object.entries(sizes).filter(([, s]) => s.calls > 1).map(([m, s]) => `${m} ${s.warmup}+${s.calls}`).join(", ")
    }`
  )
  console.log(
    `- "best" is the lowest figure over the rounds (the highest for calls/s); ratios are ours / SDK for the same statistic; a target is "met" when both ratios meet it, "not met" when neither does, "mixed" otherwise`
  )
  console.log()
  console.log("| measure | client | best | median | ratio best | ratio median | target |")
  console.log("|---|---|---:|---:|---:|---:|---|")
  for (const row of rows) {
    const measure = selected.find((m) => m.id === row.measure)
    if (measure === undefined) continue
    const clients = measure.clients
    const stats = (client: ClientId) => {
      const values = (samples.get(`${row.measure}/${client}`) ?? []).map((f) => f[row.key] ?? Number.NaN)
      const best = row.better === "lower" ? Math.min(...values) : Math.max(...values)
      return { best, median: median(values) }
    }
    const sdk = stats("sdk")
    for (const client of clients) {
      const s = stats(client)
      const ratioBest = s.best / sdk.best
      const ratioMedian = s.median / sdk.median
      const meets = (ratio: number) =>
        row.target !== undefined && (row.better === "lower" ? ratio <= row.target : ratio >= row.target)
      const verdict = meets(ratioBest) && meets(ratioMedian)
        ? "met"
        : meets(ratioBest) || meets(ratioMedian)
        ? "mixed"
        : "**not met**"
      const target = client === "sdk" || row.target === undefined
        ? ""
        : `${row.better === "lower" ? "≤" : "≥"} ${row.target}×: ${verdict}`
      const showRatio = client !== "sdk" && row.ratio !== false
      console.log(
        `| ${row.title} | ${label(client)} | ${fmt(s.best)} ${row.unit} | ${fmt(s.median)} ${row.unit} | ${
          showRatio ? `${ratioBest.toFixed(2)}×` : ""
        } | ${showRatio ? `${ratioMedian.toFixed(2)}×` : ""} | ${target} |`
      )
    }
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
