import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as WaitPolicy from "../src/WaitPolicy.js"

const millis = (policy: WaitPolicy.ResolvedWaitPolicy, polls: number) =>
  Array.from({ length: polls }, (_, i) => Duration.toMillis(WaitPolicy.intervalAfter(policy, i + 1)))

describe("WaitPolicy", () => {
  it("defaults: 5 s growing by 1.5 up to 5 minutes, for 24 hours", () => {
    const policy = WaitPolicy.resolve(undefined)
    expect(millis(policy, 4)).toEqual([5_000, 7_500, 11_250, 16_875])
    expect(Duration.toMillis(WaitPolicy.intervalAfter(policy, 50))).toBe(300_000)
    expect(Duration.toHours(policy.timeout)).toBe(24)
  })

  it("keeps what is given and fills in the rest", () => {
    const policy = WaitPolicy.resolve({ firstInterval: Duration.seconds(1), backoffFactor: 3 })
    expect(millis(policy, 7)).toEqual([1_000, 3_000, 9_000, 27_000, 81_000, 243_000, 300_000])
  })

  it("never lets intervals shrink: a factor below 1 or not a number counts as 1", () => {
    for (const backoffFactor of [0.5, -2, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(millis(WaitPolicy.resolve({ backoffFactor }), 3)).toEqual([5_000, 5_000, 5_000])
    }
  })

  it("stays finite far out", () => {
    const policy = WaitPolicy.resolve({ maxInterval: Duration.infinity, backoffFactor: 10 })
    expect(Duration.isFinite(WaitPolicy.intervalAfter(policy, 10_000))).toBe(true)
  })
})
