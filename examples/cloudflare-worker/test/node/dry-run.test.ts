/**
 * `wrangler deploy --dry-run`: Wrangler reads wrangler.jsonc, bundles the
 * Worker and checks its bindings, without a Cloudflare account and without
 * the network (metrics, the update check and the cf fetch are switched off).
 */
import { execFile } from "node:child_process"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const wrangler = join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js")

const run = (args: ReadonlyArray<string>, env: NodeJS.ProcessEnv) =>
  new Promise<{ readonly code: number; readonly output: string }>((resolve) => {
    execFile(process.execPath, [wrangler, ...args], { cwd: root, env, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({
        code: error === null ? 0 : typeof error.code === "number" ? error.code : 1,
        output: `${stdout}\n${stderr}`
      })
    })
  })

describe("wrangler deploy --dry-run", () => {
  it("bundles the Worker with its Workflow binding, offline and without an account", async () => {
    const outdir = await mkdtemp(join(tmpdir(), "effect-codestar-dry-run-"))
    try {
      const { CLOUDFLARE_ACCOUNT_ID: _account, CLOUDFLARE_API_TOKEN: _token, ...env } = process.env
      const { code, output } = await run(["deploy", "--dry-run", "--outdir", outdir], {
        ...env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
        WRANGLER_LOG_PATH: outdir,
        NO_COLOR: "1"
      })
      expect(output).toContain("--dry-run: exiting now.")
      expect(code).toBe(0)
      expect(output).toMatch(/env\.WAIT_FOR_CONNECTION \(WaitForConnection\)\s+Workflow/)
      expect(output).toMatch(/env\.AWS_REGION \("us-east-1"\)\s+Environment Variable/)
      const bundled = await readFile(join(outdir, "index.js"), "utf8")
      expect(bundled).toMatch(/WaitForConnection = class extends WorkflowEntrypoint/)
      expect(bundled).toContain("\"cloudflare:workflows\"")
      expect(bundled).not.toMatch(/from\s*"node:/)
    } finally {
      await rm(outdir, { recursive: true, force: true })
    }
  })
})
