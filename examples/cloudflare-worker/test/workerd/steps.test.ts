/**
 * Which failures end a Workflow step for good, and which are left to its
 * retries; and the schedule of the waits between polls.
 */
import { AwsRequestError, AwsServiceError, ThrottlingException } from "@effect-codestar/core/AwsError"
import { LimitExceededException, ResourceNotFoundException } from "@effect-codestar/core/CodeStarConnections"
import { NonRetryableError } from "cloudflare:workflows"
import * as ConfigError from "effect/ConfigError"
import { describe, expect, it } from "vitest"
import { stepError } from "../../src/steps.js"
import { pollDelays } from "../../src/WaitForConnection.js"

describe("stepError", () => {
  it("is a NonRetryableError, its message starting with the tag, for errors a retry cannot fix", () => {
    for (
      const error of [
        new ResourceNotFoundException({ Message: "gone" }),
        new LimitExceededException({}),
        new AwsRequestError({
          reason: "InvalidInput",
          operation: "CreateConnection",
          message: "ConnectionName: too long"
        }),
        new AwsServiceError({ code: "SomethingNew", message: "no", status: 400 }),
        ConfigError.MissingData(["AWS_REGION"], "Expected AWS_REGION to exist")
      ]
    ) {
      const thrown = stepError(error)
      expect(thrown).toBeInstanceOf(NonRetryableError)
      // The Workflows runtime recognises it by this name.
      expect(thrown.name).toBe("NonRetryableError")
      expect(thrown.message.startsWith(`${ConfigError.isConfigError(error) ? "ConfigError" : error._tag}: `)).toBe(true)
    }
    expect(stepError(new ResourceNotFoundException({ Message: "gone" })).message).toBe(
      "ResourceNotFoundException: gone"
    )
  })

  it("is a plain error, left to the step's retries, for throttling and transient faults", () => {
    for (
      const error of [
        new ThrottlingException({ Message: "Rate exceeded" }),
        new AwsRequestError({ reason: "Transport", operation: "GetConnection", message: "connection reset" }),
        new AwsRequestError({ reason: "Timeout", operation: "GetConnection", message: "no answer" }),
        new AwsServiceError({ code: "Unknown", message: "bad gateway", status: 502 })
      ]
    ) {
      const thrown = stepError(error)
      expect(thrown).not.toBeInstanceOf(NonRetryableError)
      expect(thrown.name).toBe("Error")
      expect(thrown.message.startsWith(`${error._tag}: `)).toBe(true)
    }
  })
})

describe("pollDelays", () => {
  it("grows from 10 s by 1.5 up to 10 minutes, within the maximum wait", () => {
    const day = pollDelays(86_400_000)
    expect(day.slice(0, 4)).toEqual([10_000, 15_000, 22_500, 33_750])
    expect(Math.max(...day)).toBe(600_000)
    expect(day.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(86_400_000)
    // A day of waiting costs about 150 polls, far below the steps an instance may take.
    expect(day.length).toBeLessThan(160)
    expect(pollDelays(5_000)).toEqual([])
  })
})
