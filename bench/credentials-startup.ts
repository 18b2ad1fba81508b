/**
 * What the lazily loaded credential chain adds to start-up, and what the
 * transports cost to import, each measured in fresh Node processes (plain
 * ESM, no transpiler), median of several runs:
 *
 * - importing `@aws-sdk/credential-provider-node` (what the Node runtime's
 *   chain loads on first use when no keys are in the environment),
 * - importing it and resolving credentials once, from container credentials
 *   served on loopback (the cheapest remote source; IMDS adds a token call),
 * - for scale: importing the official SDK client, and the two transports.
 *
 * With keys in the environment the chain never loads the SDK module: that
 * case costs nothing here.
 *
 *   pnpm --filter @effect-codestar/bench credentials-startup [runs]
 */
import { spawn } from "node:child_process"
import { createServer } from "node:http"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { median } from "./internal/measure.js"

const runs = Number(process.argv[2] ?? 9)
const here = dirname(fileURLToPath(import.meta.url))
const runtimeNode = join(here, "../packages/runtime-node")

/** Runs `code` as an ES module in a fresh node process in `cwd`; it prints one number (ms). */
const timeIn = (cwd: string, code: string, env: Record<string, string> = {}) =>
  new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
      cwd,
      env: { PATH: process.env["PATH"] ?? "", HOME: cwd, AWS_EC2_METADATA_DISABLED: "true", ...env },
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()))
    child.once("error", reject)
    child.once(
      "exit",
      (status) => (status === 0 ? resolve(Number(out.trim())) : reject(new Error(`exit ${status}: ${out}`)))
    )
  })

const importOnly = (specifier: string) =>
  `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t)`

const server = createServer((_, res) => {
  res.writeHead(200, { "content-type": "application/json" })
  res.end(JSON.stringify({
    AccessKeyId: "AKIDBENCH",
    SecretAccessKey: "bench-secret",
    Token: "bench-token",
    Expiration: new Date(Date.now() + 3600_000).toISOString()
  }))
})
await new Promise<void>((done) => server.listen(0, "127.0.0.1", done))
const address = server.address()
const port = typeof address === "object" && address !== null ? address.port : 0

const cases: ReadonlyArray<readonly [string, string, string, Record<string, string>?]> = [
  ["import @aws-sdk/credential-provider-node", runtimeNode, importOnly("@aws-sdk/credential-provider-node")],
  [
    "import + first credentials (container, loopback)",
    runtimeNode,
    `const t = performance.now()
const { defaultProvider } = await import("@aws-sdk/credential-provider-node")
const c = await defaultProvider()()
if (c.accessKeyId !== "AKIDBENCH") throw new Error("wrong credentials")
console.log(performance.now() - t)`,
    { AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/creds` }
  ],
  ["import @aws-sdk/client-codestar-connections", here, importOnly("@aws-sdk/client-codestar-connections")],
  ["import effect (for scale)", runtimeNode, importOnly("effect")],
  ["import @effect/platform/FetchHttpClient", runtimeNode, importOnly("@effect/platform/FetchHttpClient")],
  ["import @effect/platform-node/NodeHttpClient", runtimeNode, importOnly("@effect/platform-node/NodeHttpClient")]
]

try {
  console.log(`node ${process.version}, median of ${runs} fresh processes`)
  for (const [name, cwd, code, env] of cases) {
    const samples: Array<number> = []
    for (let i = 0; i < runs; i++) samples.push(await timeIn(cwd, code, env))
    console.log(name.padEnd(52), `${median(samples).toFixed(1)} ms`.padStart(10))
  }
} finally {
  server.close()
}
