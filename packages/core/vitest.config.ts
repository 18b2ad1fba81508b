import { configDefaults, defineProject } from "vitest/config"

export default defineProject({
  test: {
    include: ["test/**/*.test.ts"],
    // Run by vitest.portable.config.ts, which resolves `#codecs` as a Worker does.
    exclude: [...configDefaults.exclude, "test/portable/**"]
  }
})
