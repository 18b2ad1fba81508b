import { defineWorkersProject, type WorkerPoolOptionsContext } from "@cloudflare/vitest-pool-workers/config"

// The Worker and its Workflow, run inside workerd from wrangler.jsonc, against
// the emulator that test/setup/emulator.ts starts in Node: its URL and
// credentials are added to the Worker's bindings here, as secrets would be.
// Offline by default: no download of the `cf` object, no metrics.
process.env["CLOUDFLARE_CF_FETCH_ENABLED"] ??= "false"
process.env["WRANGLER_SEND_METRICS"] ??= "false"

export default defineWorkersProject({
  test: {
    name: "@effect-codestar/example-cloudflare-worker:workerd",
    include: ["test/workerd/**/*.test.ts"],
    globalSetup: ["test/setup/emulator.ts"],
    poolOptions: {
      workers: ({ inject }: WorkerPoolOptionsContext) => ({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.jsonc" },
        singleWorker: true,
        // Workflow instances run on after the request that started them; per-test storage frames would
        // have to be popped under a running instance. Each test uses its own instance ids instead.
        isolatedStorage: false,
        remoteBindings: false,
        miniflare: {
          // The pool's own test runner needs Node compatibility; the Worker does not (wrangler.jsonc).
          compatibilityFlags: ["nodejs_compat"],
          bindings: {
            AWS_ENDPOINT_URL: inject("emulatorUrl"),
            AWS_ACCESS_KEY_ID: inject("emulatorAccessKeyId"),
            AWS_SECRET_ACCESS_KEY: inject("emulatorSecretAccessKey")
          }
        }
      })
    }
  }
})
