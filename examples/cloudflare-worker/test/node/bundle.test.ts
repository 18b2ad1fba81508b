import { service } from "@effect-codestar/core/CodeStarConnections"
import * as Operations from "@effect-codestar/core/CodeStarConnections/operations"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { measureWorker, type WorkerSizes } from "../../scripts/bundle-size.js"
import { bundle } from "../../scripts/bundle.js"

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The names of the 27 operations, from their descriptors. */
const operationNames = Object.values(Operations).map((descriptor) => descriptor.name)

/** The Worker on the per-operation entry: GetConnection and the connection waiter, nothing else. */
const oneOperationEntry = here("../../scripts/fixtures/one-operation-worker.ts")
/** The same Worker plus CreateConnection. */
const twoOperationsEntry = here("../../scripts/fixtures/two-operation-worker.ts")

/** Every string by which an operation could be present: its target, its schemas' identifiers, its name at all. */
const tracesOf = (name: string): ReadonlyArray<string> => [
  `${service.targetPrefix}.${name}`,
  `"${name}Input"`,
  `"${name}Output"`,
  name
]

const absentOperations = (text: string, kept: ReadonlyArray<string>) =>
  operationNames.filter((name) => !kept.includes(name)).filter((name) =>
    tracesOf(name).every((trace) => !text.includes(trace))
  )

describe("the Worker bundles", () => {
  it("need no Node built-in: the Worker runs without nodejs_compat", async () => {
    for (const entry of ["../../src/index.ts", "../../scripts/fixtures/one-call-worker.ts", oneOperationEntry]) {
      const worker = await bundle({ entry: here(entry), target: "workerd" })
      expect(worker.builtinImports).toEqual([])
      expect(Object.keys(worker.inputs).some((p) => p.includes("aws4fetch"))).toBe(true)
    }
  })

  it("notice a Node built-in when one is pulled in", async () => {
    const worker = await bundle({
      entry: {
        contents: "import { Buffer } from \"node:buffer\"\nexport default Buffer.from(\"x\")",
        resolveDir: here(".")
      },
      target: "workerd"
    })
    expect(worker.builtinImports.map((i) => i.path)).toEqual(["node:buffer"])
  })
})

describe("a Worker on the per-operation entry carries only the operations it calls", () => {
  // Bundled once for the whole block: esbuild, minified, for workerd, and gzip level 9 (bundle.ts).
  let one: WorkerSizes
  let two: WorkerSizes
  let fullClient: WorkerSizes
  const setup = async () => {
    one ??= await measureWorker(oneOperationEntry)
    two ??= await measureWorker(twoOperationsEntry)
    fullClient ??= await measureWorker(here("../../scripts/fixtures/one-call-worker.ts"))
  }

  it("GetConnection + the waiter: the other 26 operations are absent, by target, schema name and name", async () => {
    await setup()
    const text = one.worker.text
    expect(text).toContain(`${service.targetPrefix}.GetConnection`)
    expect(operationNames).toHaveLength(27)
    expect(absentOperations(text, ["GetConnection"])).toHaveLength(26)
    // Nor any other operation's modeled error class: GetConnection models these two only. (The name
    // LimitExceededException is in the retry rules, which never retry it, so it is not a sign of its class.)
    const others = ["ConflictException", "ResourceAlreadyExistsException", "UpdateOutOfSyncException"]
    for (const error of others) {
      expect(text).not.toContain(error)
    }
    expect(text).toContain("ResourceUnavailableException")
  })

  it("a second operation grows the bundle, and the other 25 stay absent", async () => {
    await setup()
    expect(two.worker.text).toContain(`${service.targetPrefix}.CreateConnection`)
    expect(absentOperations(two.worker.text, ["GetConnection", "CreateConnection"])).toHaveLength(25)
    expect(two.worker.bytes).toBeGreaterThan(one.worker.bytes)
    expect(two.worker.gzipBytes).toBeGreaterThan(one.worker.gzipBytes)
    // The growth is CreateConnection's schemas and errors, not a second client.
    expect(two.worker.gzipBytes - one.worker.gzipBytes).toBeLessThan(1024)
  })

  it("carries neither Effect's layer building nor its schedule driver, which only our code would bring", async () => {
    await setup()
    // Keys that only Effect's layer module and `Schedule.driver` hold: the runtime provides the signer and
    // credentials as services, and the waiter steps a custom schedule itself.
    expect(one.worker.text).not.toContain("effect/Layer/MemoMap")
    expect(one.worker.text).not.toContain("effect/ScheduleDriver")
  })

  it("the full client, for contrast, carries every operation", async () => {
    await setup()
    expect(absentOperations(fullClient.worker.text, [])).toEqual([])
    expect(fullClient.worker.gzipBytes - one.worker.gzipBytes).toBeGreaterThan(2 * 1024)
  })

  // Baseline ("Effect itself"): the same esbuild build of an entry that imports exactly the `effect` and
  // `@effect/platform` exports that the Worker's and our packages' source files use as values (effectParts.ts):
  // the Worker as it would be on Effect alone. The difference is what our packages and aws4fetch add. Since
  // the edge runtime hands the core its own `fetch` transport, no source file of this Worker uses
  // `@effect/platform`, so the baseline is `effect` alone, as issue 13 counts it.
  it("our packages add a bounded amount beyond Effect itself", async () => {
    await setup()
    // The baseline really is Effect: most of the Worker, and smaller than it.
    expect(one.effect.gzipBytes).toBeGreaterThan(one.worker.gzipBytes / 2)
    expect(one.addedGzipBytes).toBeGreaterThan(0)
    expect(Object.keys(one.worker.inputs).filter((p) => p.includes("@effect/platform"))).toEqual([])
    // Measured 11,634 bytes beyond `effect` alone (2026-12-01 03:00 UTC; 13,773 before, 15,856 before that):
    // the target of issue 13, at most 12 KB, is met. The last 2.1 KB was Effect code only ours brought: its
    // layer building (the signer and credentials are now provided as services, and `Aws4fetchSigner.layer` is
    // pure) and `Effect.all` (which `Effect.zipRight` brought with its concurrency options). What remains is
    // the shared request path (client, retries, input checks, issue messages, endpoint rules, common errors)
    // and aws4fetch, not any operation's schemas. The fast output decoders (lists included) and input encoder are Node's only (#codecs): in a Worker they
    // saved about 2 µs per input, 5 µs per GetConnection output and 0.27 ms per 100-item list page, and cost
    // about 1.5 KB gzip (0.8 KB more with the first operation whose output has a list).
    expect(one.addedGzipBytes).toBeLessThanOrEqual(11_700)
  })

  it("the whole Worker is at most 90 KB gzip (issue 13's target)", async () => {
    await setup()
    // Measured 77,009 bytes gzip (2026-12-01 03:00 UTC; 80,480 before), of which 65,375 are `effect` itself.
    expect(one.worker.gzipBytes).toBeLessThanOrEqual(90_000)
  })
})
