// The bindings vitest.workerd.config.ts gives the tests.
import type { SyncWaitParams } from "./syncWorker.js"

declare module "cloudflare:test" {
  interface ProvidedEnv {
    readonly CODESTAR_SYNC_WAIT: Workflow<SyncWaitParams>
    readonly CODECONNECTIONS_SYNC_WAIT: Workflow<SyncWaitParams>
    readonly AWS_REGION: string
    readonly AWS_ENDPOINT_URL: string
    readonly AWS_ACCESS_KEY_ID: string
    readonly AWS_SECRET_ACCESS_KEY: string
  }
}
