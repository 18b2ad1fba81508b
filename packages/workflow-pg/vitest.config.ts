import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts PostgreSQL and several Node processes: one file at a time keeps a
    // two-core CI machine from starving the processes whose timing the tests observe.
    pool: "forks",
    poolOptions: { forks: { singleFork: true } }
  }
})
