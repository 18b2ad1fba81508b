import { defineProject } from "vitest/config"

// The tests that run in Node: the bundle check (esbuild runs only there).
export default defineProject({
  test: {
    include: ["test/node/**/*.test.ts"]
  }
})
