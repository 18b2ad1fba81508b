/**
 * Measures Worker bundles: minified with esbuild for workerd, then gzipped
 * (level 9), the way Cloudflare counts a Worker's size.
 *
 * - the example Worker (src/index.ts, the full client: it calls many
 *   operations);
 * - the per-operation Worker (fixtures/one-operation-worker.ts):
 *   GetConnection and the connection waiter through
 *   `EdgeCodeStarConnections.makeRunnerFromBindings`, the entry we recommend
 *   for Workers; and the same Worker with a second operation
 *   (fixtures/two-operation-worker.ts, + CreateConnection);
 * - the one-call Worker on the full client (fixtures/one-call-worker.ts,
 *   `makeFromBindings` + `client.getConnection`), for comparison: it carries
 *   all 27 operations;
 * - for each, "Effect itself", the baseline: a bundle, built the same way,
 *   of an entry that imports exactly the `effect` and `@effect/platform`
 *   exports used (as values) by the Worker's own source files and ours, all
 *   files outside `node_modules` that esbuild put in the bundle
 *   (effectParts.ts). That is the Worker written on Effect alone, without our
 *   code; the difference (gzip bytes) is what our packages (and aws4fetch,
 *   which they bring) add;
 * - the official SDK's browser build for the same one call
 *   (`@aws-sdk/client-codestar-connections`, GetConnectionCommand);
 * - the minified bytes of the example Worker by origin.
 *
 * Run: pnpm --filter @effect-codestar/example-cloudflare-worker bundle-size
 * (add --json for machine-readable output). Targets (issue 13): a Worker
 * calling GetConnection and the connection waiter gets at most 12 KB gzip
 * from our packages beyond Effect itself, and at most 90 KB gzip in all.
 */
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { type Bundle, bundle } from "./bundle.js"
import { entryKeeping, usedEffectExports } from "./effectParts.js"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")

/** Which package a bundled file belongs to. */
const origin = (path: string): string => {
  if (/node_modules\/\.pnpm\/effect@/.test(path)) return "effect"
  if (path.includes("@effect+platform@")) return "@effect/platform"
  if (path.includes("aws4fetch")) return "aws4fetch"
  if (path.includes("packages/core/src/generated/")) return "core (generated)"
  if (path.includes("packages/core/")) return "core"
  if (path.includes("packages/runtime-edge/")) return "runtime-edge"
  if (path.includes("node_modules")) return "other packages"
  return "the app"
}

/** A Worker and the Effect parts it uses. */
export interface WorkerSizes {
  readonly worker: Bundle
  readonly effect: Bundle
  /** gzip bytes the Worker has beyond Effect itself. */
  readonly addedGzipBytes: number
}

/** Bundles a Worker, and the Effect parts its own (non-`node_modules`) source files use. */
export const measureWorker = async (entry: string): Promise<WorkerSizes> => {
  const worker = await bundle({ entry, target: "workerd" })
  const ownFiles = Object.keys(worker.inputs).filter((p) => !p.includes("node_modules") && !p.startsWith("<"))
  const effect = await bundle({
    entry: { contents: entryKeeping(usedEffectExports(ownFiles)), resolveDir: root },
    target: "workerd"
  })
  return { worker, effect, addedGzipBytes: worker.gzipBytes - effect.gzipBytes }
}

/** Every figure the script reports. */
export const measure = async () => {
  const example = await measureWorker(resolve(root, "src/index.ts"))
  const oneCall = await measureWorker(resolve(root, "scripts/fixtures/one-call-worker.ts"))
  const oneOperation = await measureWorker(resolve(root, "scripts/fixtures/one-operation-worker.ts"))
  const twoOperations = await measureWorker(resolve(root, "scripts/fixtures/two-operation-worker.ts"))
  const sdk = await bundle({ entry: resolve(root, "scripts/fixtures/sdk-one-call.ts"), target: "browser" })
  const byOrigin: Record<string, number> = {}
  for (const [path, bytes] of Object.entries(example.worker.inputs)) {
    byOrigin[origin(path)] = (byOrigin[origin(path)] ?? 0) + bytes
  }
  return { example, oneCall, oneOperation, twoOperations, sdk, byOrigin }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

const main = async () => {
  const { byOrigin, example, oneCall, oneOperation, sdk, twoOperations } = await measure()
  if (process.argv.includes("--json")) {
    const sizes = (b: Bundle) => ({ minified: b.bytes, gzip: b.gzipBytes })
    const worker = (w: WorkerSizes) => ({
      worker: sizes(w.worker),
      effect: sizes(w.effect),
      addedGzip: w.addedGzipBytes
    })
    console.log(JSON.stringify(
      {
        example: worker(example),
        oneOperation: worker(oneOperation),
        twoOperations: worker(twoOperations),
        oneCallFullClient: worker(oneCall),
        sdkOneCall: sizes(sdk),
        exampleMinifiedByOrigin: byOrigin
      },
      null,
      2
    ))
    return
  }
  const row = (label: string, minified: string, gzip: string) =>
    console.log(`${label.padEnd(58)}${minified.padStart(12)}${gzip.padStart(12)}`)
  const line = (label: string, b: Bundle) => row(label, kib(b.bytes), kib(b.gzipBytes))
  row("", "minified", "gzip")
  line("example Worker (HTTP API + Workflow)", example.worker)
  line("  Effect parts it uses", example.effect)
  row("  added beyond Effect (our packages + the app's code)", "", kib(example.addedGzipBytes))
  line("per-operation Worker (GetConnection + connection waiter)", oneOperation.worker)
  line("  Effect parts it uses", oneOperation.effect)
  row("  added beyond Effect (our packages)", "", kib(oneOperation.addedGzipBytes))
  line("  the same + CreateConnection", twoOperations.worker)
  row("  added beyond Effect (our packages)", "", kib(twoOperations.addedGzipBytes))
  line("full-client Worker, one call (GetConnection)", oneCall.worker)
  line("  Effect parts it uses", oneCall.effect)
  row("  added beyond Effect (our packages)", "", kib(oneCall.addedGzipBytes))
  line("official SDK, browser build, one GetConnection call", sdk)
  console.log("\nexample Worker, minified bytes by origin:")
  for (const [name, bytes] of Object.entries(byOrigin).sort(([, a], [, b]) => b - a)) {
    console.log(`  ${name.padEnd(20)}${kib(bytes).padStart(12)}`)
  }
  // Where the per-operation Worker's own share goes: every input outside Effect, by file.
  console.log("\nper-operation Worker, minified bytes beyond Effect, by file:")
  const ours = Object.entries(oneOperation.worker.inputs)
    .filter(([path]) => !["effect", "@effect/platform"].includes(origin(path)))
    .sort(([, a], [, b]) => b - a)
  for (const [path, bytes] of ours) {
    const name = path.replace(/^.*\/node_modules\//, "").replace(/^.*\/(packages|examples)\//, "")
    console.log(`  ${name.padEnd(56)}${String(bytes).padStart(8)}`)
  }
  const workers = [
    ["example Worker", example.worker],
    ["per-operation Worker", oneOperation.worker],
    ["one-call Worker", oneCall.worker]
  ] as const
  for (const [name, sizes] of workers) {
    if (sizes.builtinImports.length > 0) {
      console.log(`\n${name} imports Node built-ins: ${sizes.builtinImports.map((i) => i.path).join(", ")}`)
    }
  }
  console.log(
    `\nesbuild, minified, ES2022, gzip level 9 (1 KiB = 1,024 bytes). Per-operation Worker: ${oneOperation.addedGzipBytes} ` +
      `bytes added beyond Effect (target at most 12 KB), ${oneOperation.worker.gzipBytes} bytes in all (target at most 90 KB).`
  )
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
