import { fileURLToPath } from "node:url"
import { defineProject } from "vitest/config"

/**
 * The core's tests of hostile answers, run again with the codecs of every
 * runtime but Node: `#codecs` resolved to what package.json gives without
 * the `node` condition (Schema's own encoder and decoder instead of the fast
 * ones), so that a Worker's decode path is fuzzed as much as Node's. Vitest
 * always adds the `node` condition, hence the explicit resolution;
 * test/portable/codecs.test.ts proves it took effect.
 */
const portableCodecs = fileURLToPath(new URL("./src/internal/codecs.ts", import.meta.url))

export default defineProject({
  plugins: [{
    name: "portable-codecs",
    enforce: "pre",
    resolveId: (id) => (id === "#codecs" ? portableCodecs : undefined)
  }],
  test: {
    name: "@effect-codestar/core:portable",
    include: ["test/fuzz.test.ts", "test/hostile.test.ts", "test/portable/**/*.test.ts"]
  }
})
