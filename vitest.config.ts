import { defineConfig } from "vitest/config"

// Each package runs as its own project with its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "tools/*/vitest.config.ts"]
  }
})
