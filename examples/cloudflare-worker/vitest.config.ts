import { defineProject } from "vitest/config"

// The example's tests that run in Node: the bundle checks (esbuild) and
// `wrangler deploy --dry-run`. The Worker's own tests run in workerd
// (vitest.workerd.config.ts).
export default defineProject({
  test: {
    include: ["test/node/**/*.test.ts"],
    testTimeout: 120_000
  }
})
