// The Worker's bindings, as the tests see them (vitest.workerd.config.ts adds the emulator's).
import type { Env } from "../../src/env.js"

declare module "cloudflare:test" {
  interface ProvidedEnv extends Env {
    readonly AWS_ENDPOINT_URL: string
  }
}
