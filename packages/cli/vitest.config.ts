import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "@effect-codestar/cli",
    include: ["test/**/*.test.ts"],
    // Packs and installs the built packages outside the workspace; the tests run those bins with plain node.
    globalSetup: ["test/support/globalSetup.ts"],
    // The tests spawn the built bins and wait for real (short) handshakes.
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
