import { defineProject } from "vitest/config"

// The tests that run in Node: the bundle check (esbuild runs only there) and
// the signer, which also runs in workerd (vitest.workerd.config.ts).
export default defineProject({
  test: {
    include: ["test/node/**/*.test.ts", "test/Aws4fetchSigner.test.ts"]
  }
})
