/**
 * The mapping from failures to exit codes and reasons, in-process: the cases
 * the bins cannot easily be made to meet (access denied, an expired token,
 * a decode failure, a signing failure).
 */
import { AwsRequestError, AwsServiceError, ThrottlingException } from "@effect-codestar/core/AwsError"
import { AccessDeniedException, ResourceNotFoundException } from "@effect-codestar/core/CodeConnections"
import { WaiterFailureState, WaiterTimeout } from "@effect-codestar/core/Waiters"
import * as Duration from "effect/Duration"
import { describe, expect, it } from "vitest"
import * as ExitCode from "../src/ExitCode.js"
import { formatDuration, parseDuration } from "../src/internal/duration.js"

const code = (error: { readonly _tag: string }) => ExitCode.classify(error).exitCode

describe("ExitCode.classify", () => {
  it("gives each kind of failure its documented code", () => {
    expect(code(new WaiterFailureState({ resource: "connection a", status: "ERROR" }))).toBe(1)
    expect(code(new WaiterTimeout({ resource: "connection a", waited: Duration.minutes(20), polls: 40 }))).toBe(2)
    expect(code(new ResourceNotFoundException({ Message: "gone" }))).toBe(3)
    expect(code(new AwsRequestError({ reason: "InvalidInput", operation: "GetConnection", message: "bad" }))).toBe(252)
    expect(code(new AccessDeniedException({ Message: "no" }))).toBe(253)
    expect(code({ _tag: "ExpiredTokenException" })).toBe(253)
    expect(code(new AwsRequestError({ reason: "Credentials", operation: "GetConnection", message: "none" }))).toBe(253)
    expect(code(new AwsRequestError({ reason: "Signing", operation: "GetConnection", message: "x" }))).toBe(253)
    expect(code(new ThrottlingException({ Message: "Rate exceeded" }))).toBe(254)
    expect(code(new AwsServiceError({ code: "Unknown", message: "HTTP 502", status: 502 }))).toBe(254)
    expect(code(new AwsRequestError({ reason: "Decode", operation: "GetConnection", message: "x" }))).toBe(255)
    expect(code(new AwsRequestError({ reason: "Transport", operation: "GetConnection", message: "x" }))).toBe(255)
  })

  it("reads the service's Message, and keeps the reason on one line", () => {
    expect(ExitCode.classify(new ResourceNotFoundException({ Message: "Connection x does not exist." })).reason)
      .toBe("ResourceNotFoundException: Connection x does not exist.")
    expect(ExitCode.classify(new AwsServiceError({ code: "Odd", message: "line one\n  line two", status: 400 })).reason)
      .toBe("AwsServiceError: line one line two")
  })
})

describe("durations", () => {
  it("reads the forms a pipeline author types", () => {
    const ms = (text: string) => {
      const d = parseDuration(text)
      return d === undefined ? undefined : Duration.toMillis(d)
    }
    expect(ms("90")).toBe(90_000)
    expect(ms("500ms")).toBe(500)
    expect(ms("5s")).toBe(5_000)
    expect(ms("1h30m")).toBe(5_400_000)
    expect(ms("10 seconds")).toBe(10_000)
    expect(ms("soon")).toBeUndefined()
    expect(formatDuration(Duration.seconds(75))).toBe("1m15s")
    expect(formatDuration(Duration.minutes(62))).toBe("1h02m")
  })
})
