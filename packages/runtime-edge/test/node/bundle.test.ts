import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { bundleForWorkerd } from "./edgeBundle.js"

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

describe("the runtime-edge bundle for workerd", () => {
  it("imports no Node built-in, through any module it pulls in", async () => {
    const bundle = await bundleForWorkerd(here("../../src/index.ts"))
    expect(bundle.builtinImports).toEqual([])
    // The bundle really contains the client: the core, aws4fetch and the fetch transport.
    expect(bundle.inputs.some((f) => f.includes("core/src/internal/client.ts"))).toBe(true)
    expect(bundle.inputs.some((f) => f.includes("aws4fetch"))).toBe(true)
    expect(bundle.inputs.some((f) => f.includes("runtime-edge/src/internal/fetchTransport.ts"))).toBe(true)
  })

  it("reports a Node built-in, however it is imported", async () => {
    const bundle = await bundleForWorkerd(here("./fixtures/uses-node.ts"))
    expect(bundle.builtinImports.map((i) => i.path).sort()).toEqual(["crypto", "node:buffer"])
  })
})
