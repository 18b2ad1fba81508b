import { defineWorkersProject, type WorkerPoolOptionsContext } from "@cloudflare/vitest-pool-workers/config"

// The tests that run inside workerd, the runtime of Cloudflare Workers. The
// emulator runs in Node (test/setup/emulator.ts); its loopback URL and
// credentials reach the tests as the Worker's AWS_* bindings, the way a
// deployed Worker gets its configuration.
// Offline by default: no download of the `cf` object, no metrics.
process.env["CLOUDFLARE_CF_FETCH_ENABLED"] ??= "false"
process.env["WRANGLER_SEND_METRICS"] ??= "false"

export default defineWorkersProject({
  test: {
    name: "@effect-codestar/runtime-edge:workerd",
    include: ["test/workerd/**/*.test.ts"],
    globalSetup: ["test/setup/emulator.ts"],
    poolOptions: {
      workers: ({ inject }: WorkerPoolOptionsContext) => ({
        // A Worker with a Workflow per API version made of the library's sync wait steps.
        main: "./test/workerd/syncWorker.ts",
        // One runtime for every file, so the files run one after another against the one emulator.
        singleWorker: true,
        // Workflow instances run on after the test that started them; per-test storage frames would have
        // to be popped under a running instance. Each test uses its own instance ids instead.
        isolatedStorage: false,
        remoteBindings: false,
        miniflare: {
          compatibilityDate: "2026-03-10",
          // The pool's own test runner needs Node compatibility; the library does not (test/node/bundle.test.ts).
          compatibilityFlags: ["nodejs_compat"],
          workflows: {
            CODESTAR_SYNC_WAIT: { name: "codestar-sync-wait", className: "CodeStarSyncWait" },
            CODECONNECTIONS_SYNC_WAIT: { name: "codeconnections-sync-wait", className: "CodeConnectionsSyncWait" }
          },
          bindings: {
            AWS_REGION: "us-east-1",
            AWS_ENDPOINT_URL: inject("emulatorUrl"),
            AWS_ACCESS_KEY_ID: inject("emulatorAccessKeyId"),
            AWS_SECRET_ACCESS_KEY: inject("emulatorSecretAccessKey")
          }
        }
      })
    }
  }
})
