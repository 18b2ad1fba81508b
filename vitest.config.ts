import { defineConfig } from "vitest/config"

// Each package runs as its own project with its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "tools/*/vitest.config.ts",
      // Projects whose tests run inside workerd (@cloudflare/vitest-pool-workers).
      "packages/*/vitest.workerd.config.ts",
      // The core again with the codecs of every runtime but Node.
      "packages/*/vitest.portable.config.ts",
      "examples/*/vitest.config.ts",
      "examples/*/vitest.workerd.config.ts"
    ]
  }
})
