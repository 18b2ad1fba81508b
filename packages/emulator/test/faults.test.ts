/**
 * Fault injection through the control API, as seen by a client of the
 * in-process HttpClient; counters; reset; the string-named control actions.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { Emulator } from "../src/index.js"
import { call, errorCode, field, ok } from "./support.js"

const run = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provide(effect, Emulator.layer())

const listHosts = Effect.map(
  call("ListHosts", {}),
  (a) => ({ status: a.status, code: errorCode(a), message: field(a.json, "message") })
)

describe("faults", () => {
  it.effect("throttleNext: ThrottlingException with HTTP 400, for exactly N calls, without running them", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.throttleNext(2)
      const throttled = yield* call("CreateConnection", { ConnectionName: "x", ProviderType: "GitHub" })
      expect(throttled.status).toBe(400)
      expect(throttled.headers["x-amzn-errortype"]).toBe("ThrottlingException")
      expect(throttled.json).toEqual({ __type: "ThrottlingException", message: "Rate exceeded" })
      expect((yield* listHosts).code).toBe("ThrottlingException")
      expect((yield* listHosts).status).toBe(200)
      expect(yield* ok("ListConnections", {})).toEqual({ Connections: [] })
    })))

  it.effect("throttleNext can answer 429 instead", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.throttleNext(1, { status: 429 })
      expect(yield* listHosts).toMatchObject({ status: 429, code: "ThrottlingException" })
    })))

  it.effect("failNext: 500 InternalFailure, 503 ServiceUnavailable, or any code", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.failNext({ status: 500 })
      yield* emulator.failNext({ status: 503, count: 2 })
      yield* emulator.failNext({ status: 409, code: "UpdateOutOfSyncException", message: "out of sync" })
      expect(yield* listHosts).toMatchObject({ status: 500, code: "InternalFailure" })
      expect(yield* listHosts).toMatchObject({ status: 503, code: "ServiceUnavailable" })
      expect(yield* listHosts).toMatchObject({ status: 503, code: "ServiceUnavailable" })
      expect(yield* listHosts).toEqual({ status: 409, code: "UpdateOutOfSyncException", message: "out of sync" })
      expect((yield* listHosts).status).toBe(200)
    })))

  it.effect("faults can target one operation, and queue in order", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.throttleNext(1, { operation: "ListConnections" })
      yield* emulator.failNext({ status: 503 })
      expect((yield* listHosts).code).toBe("ServiceUnavailable")
      expect((yield* listHosts).status).toBe(200)
      expect(errorCode(yield* call("ListConnections", {}))).toBe("ThrottlingException")
      expect((yield* call("ListConnections", {})).status).toBe(200)
    })))

  it.effect("delayNext delays the answer on the Effect Clock", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.delayNext("2 seconds")
      const fiber = yield* Effect.fork(listHosts)
      yield* TestClock.adjust("1999 millis")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 milli")
      expect((yield* Fiber.join(fiber)).status).toBe(200)
      // Only the next call was delayed.
      expect((yield* listHosts).status).toBe(200)
    })))

  it.effect("a delay combines with the fault queued after it", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.delayNext(1000)
      yield* emulator.failNext({ status: 503 })
      const fiber = yield* Effect.fork(listHosts)
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(fiber)).code).toBe("ServiceUnavailable")
    })))

  it.effect("malformedNext json: HTTP 200 with a body that is not JSON", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.malformedNext("json")
      const answer = yield* call("ListHosts", {})
      expect(answer.status).toBe(200)
      expect(answer.headers["content-type"]).toBe("application/x-amz-json-1.0")
      expect(() => JSON.parse(answer.text)).toThrow()
    })))

  it.effect("malformedNext html: a 502 HTML page without an AWS error code", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.malformedNext("html")
      const answer = yield* call("ListHosts", {})
      expect(answer.status).toBe(502)
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8")
      expect(answer.headers["x-amzn-errortype"]).toBeUndefined()
      expect(answer.text).toContain("<html>")
    })))

  it.effect("malformedNext truncated: reading the body fails after half of it", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.malformedNext("truncated")
      const exit = yield* Effect.exit(call("ListHosts", {}))
      expect(Exit.isFailure(exit)).toBe(true)
      expect(String(Exit.isFailure(exit) ? exit.cause : "")).toContain("ResponseError")
    })))

  it.effect("dropNext: the in-process client fails with a transport error", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.dropNext(1)
      const exit = yield* Effect.exit(call("ListHosts", {}))
      expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined).toMatchObject({
        _tag: "RequestError",
        reason: "Transport"
      })
      expect((yield* listHosts).status).toBe(200)
    })))

  it.effect("skewClock moves the Date header and serverTime", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* TestClock.setTime(Date.parse("2024-05-01T12:00:00Z"))
      yield* emulator.skewClock(-90_000)
      expect((yield* emulator.serverTime).toISOString()).toBe("2024-05-01T11:58:30.000Z")
      const answer = yield* call("ListHosts", {}, { signingDate: new Date("2024-05-01T11:58:30Z") })
      expect(answer.headers["date"]).toBe("Wed, 01 May 2024 11:58:30 GMT")
    })))

  it.effect("clearFaults forgets queued faults and delays", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.throttleNext(3)
      yield* emulator.delayNext("1 hour")
      yield* emulator.clearFaults()
      expect((yield* listHosts).status).toBe(200)
    })))
})

describe("counters and reset", () => {
  it.effect("callCount and calls record every service call, faulted ones included", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* emulator.throttleNext(1)
      yield* listHosts
      yield* listHosts
      yield* emulator.dropNext(1)
      yield* Effect.exit(call("ListHosts", {}))
      yield* call("GetHost", { HostArn: "bad" })
      yield* call("ListHosts", {}, { api: "codeconnections" })
      expect(yield* emulator.callCount("ListHosts")).toBe(4)
      expect(yield* emulator.callCount("GetHost")).toBe(1)
      expect(yield* emulator.callCount("CreateHost")).toBe(0)
      expect(yield* emulator.callCount()).toBe(5)
      const calls = yield* emulator.calls
      expect(calls.map((c) => [c.api, c.operation, c.status, c.errorCode])).toEqual([
        ["codestar-connections", "ListHosts", 400, "ThrottlingException"],
        ["codestar-connections", "ListHosts", 200, undefined],
        ["codestar-connections", "ListHosts", "dropped", undefined],
        ["codestar-connections", "GetHost", 400, "ValidationException"],
        ["codeconnections", "ListHosts", 200, undefined]
      ])
      expect(new Set(calls.map((c) => c.requestId)).size).toBe(5)
    })))

  it.effect("reset forgets resources, faults, counters and skew", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      yield* ok("CreateConnection", { ConnectionName: "x", ProviderType: "GitHub" })
      yield* emulator.throttleNext(5)
      yield* emulator.skewClock(3_600_000)
      yield* emulator.reset()
      expect(yield* emulator.callCount()).toBe(0)
      expect(yield* ok("ListConnections", {})).toEqual({ Connections: [] })
      expect((yield* emulator.serverTime).getTime()).toBe(0)
    })))
})

describe("control actions by name", () => {
  it.effect("the same control API with JSON arguments", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      expect(yield* emulator.control("throttleNext", { count: 1, operation: "ListHosts" })).toEqual({ ok: true })
      expect((yield* listHosts).code).toBe("ThrottlingException")
      expect(yield* emulator.control("callCount", { operation: "ListHosts" })).toEqual({ count: 1 })
      const created = yield* ok("CreateConnection", { ConnectionName: "x", ProviderType: "GitHub" })
      yield* emulator.control("completeHandshake", { arn: field(created, "ConnectionArn") })
      expect(
        field(
          yield* ok("GetConnection", { ConnectionArn: field(created, "ConnectionArn") }),
          "Connection",
          "ConnectionStatus"
        )
      ).toBe("AVAILABLE")
      expect(yield* emulator.control("info", {})).toMatchObject({
        accountId: "123456789012",
        credentials: { accessKeyId: "AKIDEMULATOR", secretAccessKey: "emulator-secret" }
      })
    })))

  it.effect("unknown actions, bad arguments and unknown resources fail with EmulatorControlError", () =>
    run(Effect.gen(function*() {
      const emulator = yield* Emulator.EmulatorControl
      for (
        const [action, body] of [
          ["explode", {}],
          ["throttleNext", { count: "three" }],
          ["failNext", { status: 42 }],
          ["completeHandshake", {}],
          ["completeHandshake", { arn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/nope" }]
        ] as const
      ) {
        const exit = yield* Effect.exit(emulator.control(action, body))
        expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error._tag : "succeeded", action).toBe(
          "EmulatorControlError"
        )
      }
    })))
})
